// Form helpers of the governance writes, shared by gouvernance.js (bodies,
// meetings, decisions), budget.js (budget line editing) and indicateur.js
// (target revision): a DSFR textarea group, a multiple select, the decision
// chooser, and one submit handler (clear errors, local checks, send, show
// the server's French field errors next to the fields, announce success).
import { T } from './texts.js';
import { h, uid, fmt } from './dom.js';
import { alert, errorAlert, applyFieldErrors, button } from './ui.js';

/** A DSFR textarea group: {group, input, setError}. */
export function textareaField({ id = uid('texte'), name, label, hint = null, value = '', rows = 4, required = false }) {
  const input = h('textarea', { class: 'fr-input', id, name: name || id, rows: String(rows), required: required || null });
  input.value = value || '';
  const messages = h('div', { class: 'fr-messages-group', id: `${id}-messages`, 'aria-live': 'polite' });
  input.setAttribute('aria-describedby', `${id}-messages`);
  const group = h('div', { class: 'fr-input-group' },
    h('label', { class: 'fr-label', for: id }, label, required ? T.common.requiredMark : null, hint ? h('span', { class: 'fr-hint-text' }, hint) : null),
    input, messages);
  return {
    group, input,
    setError(message) {
      group.classList.toggle('fr-input-group--error', !!message);
      input.classList.toggle('fr-input--error', !!message);
      if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
      messages.replaceChildren(...(message ? [h('p', { class: 'fr-message fr-message--error' }, message)] : []));
    },
  };
}

/** A DSFR select allowing several choices: {group, select, values(), setError}. */
export function multiSelectField({ id = uid('liste'), name, label, hint = null, options = [], values = [] }) {
  const chosen = new Set(values.map(String));
  const select = h('select', { class: 'fr-select', id, name: name || id, multiple: true, size: String(Math.min(6, Math.max(3, options.length))) },
    options.map((o) => h('option', { value: String(o.value), selected: chosen.has(String(o.value)) || null }, o.label)));
  const messages = h('div', { class: 'fr-messages-group', id: `${id}-messages`, 'aria-live': 'polite' });
  select.setAttribute('aria-describedby', `${id}-messages`);
  const group = h('div', { class: 'fr-select-group' },
    h('label', { class: 'fr-label', for: id }, label, hint ? h('span', { class: 'fr-hint-text' }, hint) : null), select, messages);
  return {
    group, select,
    values: () => [...select.selectedOptions].map((o) => Number(o.value)),
    setError(message) {
      group.classList.toggle('fr-select-group--error', !!message);
      messages.replaceChildren(...(message ? [h('p', { class: 'fr-message fr-message--error' }, message)] : []));
    },
  };
}

/** Options of a decision chooser: "Décision n° 12 — text (état)". */
export function decisionOptions(decisions) {
  return decisions.map((d) => {
    const text = d.text.length > 80 ? `${d.text.slice(0, 79)}…` : d.text;
    return { value: String(d.id), label: `${fmt(T.governance.decisionN, { id: d.id })} — ${text} (${T.governance.decisionStatuses[d.status] || d.status})` };
  });
}

/** Every decision of a governance answer (meetings' and loose ones), by id. */
export function allDecisions(gov) {
  const list = [...(gov.decisions_without_meeting || [])];
  for (const b of gov.bodies || []) for (const m of b.meetings || []) list.push(...(m.decisions || []));
  return list.sort((a, b) => a.id - b.id);
}

/** A number typed in French ("1 234,5") or "" → NaN / null. */
export function parseAmount(text) {
  const t = String(text || '').replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!t) return null;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

/**
 * A form: fields {name: field}, a submit button, a notice area. onSubmit()
 * returns the request promise after local checks (it may call fail(field,
 * msg) and return null to stop). After success, done(result) runs and the
 * success message is announced.
 */
export function governanceForm({ id, fields, body, submitLabel, notices, onSubmit, success, done }) {
  const submit = button(submitLabel, { type: 'submit' });
  const form = h('form', { id, class: 'plam-gov-form', novalidate: true }, h('p', { class: 'fr-text--sm' }, T.common.required), body, h('div', { class: 'fr-mt-2w' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    notices.clear();
    Object.values(fields).forEach((f) => f.setError(null));
    const bad = [];
    const fail = (name, message) => { fields[name].setError(message); bad.push(fields[name].input || fields[name].select); };
    const pending = onSubmit(fail);
    if (bad.length || !pending) { if (bad[0]) bad[0].focus(); return; }
    submit.disabled = true;
    try {
      const r = await pending();
      await done(r);
      notices.show(alert('success', success), { focus: true });
    } catch (e) {
      const first = applyFieldErrors(e, fields);
      notices.show(errorAlert(e), { focus: !first });
      if (first) first.focus();
    } finally { submit.disabled = false; }
  });
  return form;
}
