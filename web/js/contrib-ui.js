// Contributions of partners on a plan or an action, and the answers of plan
// staff (GET/POST /api/plans/{id}/contributions, POST
// /api/contributions/{id}/answer). Used by action.html and contributions.html.
import { T } from './texts.js';
import { h, fmt, replace, uid, formatDateTime } from './dom.js';
import { api } from './api.js';
import { can, PERM } from './sections.js';
import { alert, errorAlert, noticeArea, selectField, button, badge, applyFieldErrors } from './ui.js';

function area({ id = uid('texte'), label, hint = null, required = false, rows = 4 }) {
  const input = h('textarea', { class: 'fr-input', id, name: id, rows: String(rows), required: required || null, 'aria-describedby': `${id}-messages` });
  const messages = h('div', { class: 'fr-messages-group', id: `${id}-messages`, 'aria-live': 'polite' });
  const group = h('div', { class: 'fr-input-group' },
    h('label', { class: 'fr-label', for: id }, label, required ? T.common.requiredMark : null, hint ? h('span', { class: 'fr-hint-text' }, hint) : null),
    input, messages);
  return {
    group, input,
    setError(message) {
      group.classList.toggle('fr-input-group--error', !!message);
      input.classList.toggle('fr-input--error', !!message);
      if (message) { input.setAttribute('aria-invalid', 'true'); replace(messages, h('p', { class: 'fr-message fr-message--error' }, message)); } else { input.removeAttribute('aria-invalid'); messages.replaceChildren(); }
    },
  };
}

function actionsOf(plan) {
  const out = [];
  for (const ax of plan.axes || []) for (const a of ax.actions || []) out.push(a);
  return out;
}

/** Fills el with the contributions of the plan (of one action if actionId). */
export async function contributionList(el, { plan, session, actionId = null, headingLevel = 3 }) {
  replace(el, h('p', {}, T.common.loading));
  let list;
  try {
    ({ data: list } = await api.get(`/api/plans/${encodeURIComponent(plan.id)}/contributions`));
  } catch (e) {
    replace(el, errorAlert(e));
    return;
  }
  if (actionId) list = list.filter((c) => String(c.action_id) === String(actionId));
  const actions = new Map(actionsOf(plan).map((a) => [a.id, a]));
  if (!list.length) { replace(el, h('p', { 'data-plam': 'aucune-contribution' }, T.contributions.none)); return; }
  const hTag = `h${headingLevel}`;
  replace(el, h('ul', { class: 'plam-actions-list', 'data-plam': 'contributions' }, list.map((c) => {
    const act = c.action_id ? actions.get(c.action_id) : null;
    const when = formatDateTime(c.created_at);
    const answerBox = h('div', {});
    const renderAnswer = (cc) => {
      if (cc.answer) {
        replace(answerBox, h('div', { class: 'plam-card__answer', 'data-plam': 'reponse' },
          h('p', { class: 'fr-text--sm fr-text--bold fr-mb-1w' }, fmt(T.contributions.answeredBy, { author: cc.answered_by_login || T.common.none, date: formatDateTime(cc.answered_at) })),
          h('p', { class: 'fr-mb-0' }, cc.answer)));
      } else if (can(session, PERM.planWrite)) {
        replace(answerBox, answerForm(cc, renderAnswer));
      } else {
        replace(answerBox, h('p', { class: 'fr-text--sm fr-mb-0' }, T.contributions.noAnswer));
      }
    };
    renderAnswer(c);
    return h('li', { class: 'plam-card', 'data-plam-contribution': String(c.id) },
      h(hTag, { class: 'fr-h6 fr-mb-1w' }, act ? fmt(T.contributions.onAction, { number: act.number, title: act.title }) : T.contributions.onPlan),
      h('div', { class: 'plam-badges' }, badge(T.contributions.kinds[c.kind] || c.kind, 'info'), c.answer ? null : badge(T.contributions.awaiting, 'new')),
      h('p', { class: 'fr-text--sm fr-mb-1w' }, c.org_name
        ? fmt(T.contributions.from, { author: c.author_login || T.common.none, org: c.org_name, date: when })
        : fmt(T.contributions.fromNoOrg, { author: c.author_login || T.common.none, date: when })),
      h('p', { class: 'fr-mb-0' }, c.body),
      answerBox);
  })));
}

function answerForm(c, done) {
  const notices = noticeArea();
  const answer = area({ id: `reponse-${c.id}`, label: T.contributions.answerLabel, required: true, rows: 3 });
  const submit = button(T.contributions.answerSave, { type: 'submit', kind: 'secondary', small: true });
  const form = h('form', { class: 'fr-mt-2w', novalidate: true, 'data-plam': 'formulaire-reponse' }, notices.el, answer.group, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    answer.setError(null);
    const text = answer.input.value.trim();
    if (!text) { answer.setError(T.contributions.errAnswer); answer.input.focus(); return; }
    submit.disabled = true;
    try {
      const { data } = await api.post(`/api/contributions/${encodeURIComponent(c.id)}/answer`, { answer: text });
      done(data);
    } catch (e) {
      applyFieldErrors(e, { answer });
      notices.show(errorAlert(e), { focus: true });
      submit.disabled = false;
    }
  });
  return form;
}

/** The form to send a contribution; with actionId the action is fixed. */
export function contributionForm({ plan, actionId = null, onSent }) {
  const notices = noticeArea();
  const kind = selectField({ id: 'contribution-type', name: 'kind', label: T.contributions.kind, required: true, placeholder: null,
    options: Object.entries(T.contributions.kinds).map(([value, label]) => ({ value, label })), value: 'suggestion' });
  const action = actionId ? null : selectField({ id: 'contribution-action', name: 'action_id', label: T.contributions.action, placeholder: T.contributions.actionNone,
    options: actionsOf(plan).map((a) => ({ value: String(a.id), label: `${a.number} — ${a.title}` })) });
  const body = area({ id: 'contribution-texte', label: T.contributions.body, hint: T.contributions.bodyHint, required: true, rows: 5 });
  const submit = button(T.contributions.save, { type: 'submit' });
  const form = h('form', { id: 'formulaire-contribution', novalidate: true },
    h('p', { class: 'fr-text--sm' }, T.common.required), notices.el,
    h('div', { class: 'fr-grid-row fr-grid-row--gutters' },
      h('div', { class: 'fr-col-12 fr-col-md-4' }, kind.group),
      action ? h('div', { class: 'fr-col-12 fr-col-md-8' }, action.group) : null),
    body.group, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    notices.clear(); body.setError(null);
    const text = body.input.value.trim();
    if (!text) { body.setError(T.contributions.errBody); body.input.focus(); return; }
    const payload = { kind: kind.select.value, body: text };
    const aid = actionId || (action && action.select.value);
    if (aid) payload.action_id = Number(aid);
    submit.disabled = true;
    try {
      await api.post(`/api/plans/${encodeURIComponent(plan.id)}/contributions`, payload);
      notices.show(alert('success', T.contributions.saved), { focus: true });
      body.input.value = '';
      if (onSent) await onSent();
    } catch (e) {
      applyFieldErrors(e, { body, kind });
      notices.show(errorAlert(e), { focus: true });
    } finally { submit.disabled = false; }
  });
  return h('section', { 'aria-labelledby': 'titre-formulaire-contribution', class: 'fr-mt-4w' },
    h('h3', { id: 'titre-formulaire-contribution', class: 'fr-h5' }, T.contributions.formTitle), form);
}
