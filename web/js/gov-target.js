// Target revision and addition on the indicator page (indicateur.html), for
// plan.write holders: revise a target in force (a new version citing a
// decision chosen from the plan's decisions; the old one stays in the
// targets table) or add a baseline or target. After a write the page is
// reloaded so the chart, the table and the progress use the version in
// force; the success message is carried over the reload and announced.
import { T } from './texts.js';
import { h, fmt } from './dom.js';
import { api } from './api.js';
import { alert, inputField, selectField, noticeArea } from './ui.js';
import { can, PERM } from './sections.js';
import { territoryName, date, isNum, num } from './plan-ui.js';
import { textareaField, decisionOptions, allDecisions, parseAmount, governanceForm } from './gov-ui.js';

const X = T.governance.target;
const FLASH = 'plam-cible-message';
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The revision section for ind (GET /api/indicators/{id}?history=1), or null. */
export async function targetRevision(session, ind, terr) {
  if (!can(session, PERM.planWrite)) return null;
  const { data: gov } = await api.get(`/api/plans/${encodeURIComponent(ind.plan_id)}/governance`);
  const decisions = decisionOptions(allDecisions(gov));
  const inForce = (ind.targets || []).filter((t) => t.current !== false);
  const notices = noticeArea();
  const reload = (message) => { sessionStorage.setItem(FLASH, message); location.reload(); return new Promise(() => {}); };
  const kinds = Object.entries(T.indicator.targetKinds).map(([value, label]) => ({ value, label }));

  // revise
  const r = {
    target: selectField({ id: 'cible-a-reviser', label: X.fTarget, required: true, options: inForce.map((t) => ({ value: String(t.id),
      label: `${fmt(X.targetOption, { kind: T.indicator.targetKinds[t.kind] || t.kind, value: num(t.value), date: date(t.due_on, true) })} — ${territoryName(terr, t.territory_id)}` })) }),
    value: inputField({ id: 'cible-valeur', label: X.fValue, required: true, attrs: { inputmode: 'decimal' } }),
    due_on: inputField({ id: 'cible-echeance', label: X.fDue, type: 'date' }),
    decision_id: selectField({ id: 'cible-decision', label: X.fDecision, required: true, options: decisions }),
    source: inputField({ id: 'cible-source', label: X.fSource }),
    note: textareaField({ id: 'cible-remarque', label: X.fNote, rows: 2 }),
  };
  r.target.select.addEventListener('change', () => {
    const t = inForce.find((x) => String(x.id) === r.target.select.value);
    r.due_on.input.value = t && t.due_on ? t.due_on : '';
  });
  const rNotices = noticeArea();
  const revise = governanceForm({
    id: 'form-revision-cible', fields: r, notices: rNotices, submitLabel: X.revise, success: X.revised,
    body: [rNotices.el, decisions.length ? null : alert('info', X.noDecision), r.target.group, r.value.group, r.due_on.group, r.decision_id.group, r.source.group, r.note.group],
    onSubmit(fail) {
      const body = { value: parseAmount(r.value.input.value), decision_id: Number(r.decision_id.select.value) || null,
        due_on: r.due_on.input.value || undefined, source: r.source.input.value.trim() || null, note: r.note.input.value.trim() || null };
      if (!r.target.select.value) fail('target', T.governance.errRequired);
      if (body.value === null || Number.isNaN(body.value)) fail('value', T.governance.errNumber);
      if (body.due_on && !DATE_RE.test(body.due_on)) fail('due_on', T.governance.errDate);
      if (!body.decision_id) fail('decision_id', T.governance.errRequired);
      return () => api.put(`/api/indicator-targets/${encodeURIComponent(r.target.select.value)}`, body);
    },
    done: () => reload(X.revised),
  });

  // add
  const a = {
    kind: selectField({ id: 'nouvelle-cible-type', label: X.fKind, required: true, options: kinds, value: 'intermediate' }),
    value: inputField({ id: 'nouvelle-cible-valeur', label: X.fValue, required: true, attrs: { inputmode: 'decimal' } }),
    due_on: inputField({ id: 'nouvelle-cible-echeance', label: X.fDue, type: 'date' }),
    source: inputField({ id: 'nouvelle-cible-source', label: X.fSource }),
  };
  const aNotices = noticeArea();
  const add = governanceForm({
    id: 'form-ajout-cible', fields: a, notices: aNotices, submitLabel: X.add, success: X.added,
    body: [aNotices.el, a.kind.group, a.value.group, a.due_on.group, a.source.group],
    onSubmit(fail) {
      const body = { kind: a.kind.select.value, value: parseAmount(a.value.input.value), due_on: a.due_on.input.value || null, source: a.source.input.value.trim() || null };
      if (!body.kind) fail('kind', T.governance.errRequired);
      if (body.value === null || Number.isNaN(body.value)) fail('value', T.governance.errNumber);
      if (body.due_on && !DATE_RE.test(body.due_on)) fail('due_on', T.governance.errDate);
      return () => api.post(`/api/indicators/${encodeURIComponent(ind.id)}/targets`, body);
    },
    done: () => reload(X.added),
  });

  const section = h('section', { class: 'fr-mb-4w', id: 'revision-cibles', 'aria-labelledby': 'titre-revision-cibles' },
    h('h2', { id: 'titre-revision-cibles' }, X.title), h('p', {}, X.intro), notices.el,
    inForce.some((t) => isNum(t.value)) ? [h('h3', { class: 'fr-h5' }, X.reviseTitle), revise] : null,
    h('h3', { class: 'fr-h5 fr-mt-4w' }, X.addTitle), add);
  const flash = sessionStorage.getItem(FLASH);
  if (flash) {
    sessionStorage.removeItem(FLASH);
    setTimeout(() => notices.show(alert('success', flash), { focus: true }), 0); // once the section is in the page
  }
  return section;
}
