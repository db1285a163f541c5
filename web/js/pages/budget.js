// Budget lines of a plan (budget.html?plan=), public: the lines in force
// with their amounts and unit-cost check, and each line's versions (a
// revision cites the decision that made it; both versions are kept).
import { T } from '../texts.js';
import { h, fmt, formatDateTime } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { badge, dataTable } from '../ui.js';
import { planTitle, planChooser, euros, num, isNum } from '../plan-ui.js';

boot({
  current: 'plans',
  title: T.budget.title,
  async render(container) {
    const planId = new URLSearchParams(location.search).get('plan');
    container.append(h('h1', {}, T.budget.title));
    if (!planId) { await planChooser(container, '/budget.html', T.budget.missingPlan); return; }
    const pid = encodeURIComponent(planId);
    const [{ data: plan }, { data: all }, { data: dash }] = await Promise.all([
      api.get(`/api/plans/${pid}`, null, { redirectOn401: false }),
      api.get(`/api/plans/${pid}/budget-lines`, { history: 1 }, { redirectOn401: false }),
      api.get(`/api/plans/${pid}/dashboard`, null, { redirectOn401: false }),
    ]);
    const actions = new Map();
    for (const ax of plan.axes || []) for (const a of ax.actions || []) actions.set(a.id, a);
    const checks = new Map(((dash.money && dash.money.unit_checks) || []).map((c) => [c.line_id, c]));
    const byId = new Map(all.map((b) => [b.id, b]));
    // Versions of a line: follow replaces_id back to the first one.
    const chain = (b) => { const out = [b]; let cur = b; while (cur.replaces_id && byId.has(cur.replaces_id)) { cur = byId.get(cur.replaces_id); out.push(cur); } return out; };
    const current = all.filter((b) => b.current !== false && !b.withdrawn);
    const withdrawn = all.filter((b) => b.current !== false && b.withdrawn);
    container.append(
      h('p', { class: 'fr-text--lead' }, h('a', { href: `/plan.html?id=${pid}` }, planTitle(plan))),
      h('p', {}, T.budget.intro));
    if (!current.length && !withdrawn.length) { container.append(h('p', {}, T.budget.none)); return; }
    const years = (b) => (b.year_from && b.year_to && b.year_from !== b.year_to ? `${b.year_from}–${b.year_to}` : String(b.year_from || b.year_to || T.common.none));
    const unitText = (b) => (isNum(b.unit_cents) ? fmt(T.budget.unitAmount, { amount: euros(b.unit_cents), unit: b.unit || '', quantity: num(b.quantity) }) : T.common.none);
    const versions = (b) => {
      const list = chain(b);
      if (list.length < 2) return T.budget.oneVersion;
      return h('details', { class: 'plam-explain' }, h('summary', {}, fmt(T.budget.versions, { count: list.length })),
        h('div', { class: 'plam-explain__body' }, dataTable({ caption: fmt(T.budget.versionsCaption, { label: b.label }), columns: [
          { label: T.budget.colVersion }, { label: T.budget.colState }, { label: T.budget.colPlanned }, { label: T.budget.colCommitted },
          { label: T.budget.colPaid }, { label: T.budget.colDecision }, { label: T.budget.colCreated }],
        rows: list.map((v, i) => [String(list.length - i), v.withdrawn ? badge(T.budget.withdrawn, 'error') : (v.current !== false ? badge(T.budget.current, 'success') : badge(T.budget.replaced)),
          euros(v.planned_cents), euros(v.committed_cents), euros(v.paid_cents),
          v.decision_id ? fmt(T.budget.decisionN, { id: v.decision_id }) : T.common.none, formatDateTime(v.created_at)]) })));
    };
    const row = (b) => {
      const a = actions.get(b.action_id);
      const c = checks.get(b.id);
      return [
        [b.label, b.withdrawn ? [' ', badge(T.budget.withdrawn, 'error')] : null],
        a ? h('a', { href: `/action.html?id=${a.id}&plan=${pid}` }, a.number) : T.common.none,
        [b.funder_name || T.plan.noFunder, b.fund ? ` (${b.fund})` : ''],
        years(b), euros(b.planned_cents), euros(b.committed_cents), euros(b.paid_cents),
        [unitText(b), c ? [h('br'), badge(T.budget.checks[c.status] || c.status, c.status === 'mismatch' ? 'error' : (c.status === 'match' ? 'success' : null))] : null],
        versions(b),
      ];
    };
    container.append(dataTable({ id: 'tableau-lignes', caption: T.budget.caption, columns: [
      { label: T.budget.colLabel, wrap: true }, { label: T.budget.colAction }, { label: T.budget.colFunder, wrap: true }, { label: T.budget.colYears },
      { label: T.budget.colPlanned }, { label: T.budget.colCommitted }, { label: T.budget.colPaid }, { label: T.budget.colUnit, wrap: true }, { label: T.budget.colHistory }],
    rows: [...current, ...withdrawn].map(row) }));
  },
});
