// Budget lines of a plan (budget.html?plan=), public: the lines in force
// with their amounts and unit-cost check, and each line's versions (a
// revision cites the decision that made it; both versions are kept).
// plan.write holders (staff) also get, below that same view, the forms to
// create a line, revise one (citing a decision chosen from the plan's
// decisions) and withdraw one; after each write the view is redrawn.
import { T } from '../texts.js';
import { h, fmt, formatDateTime } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { alert, badge, dataTable, inputField, selectField, noticeArea } from '../ui.js';
import { can, PERM } from '../sections.js';
import { planTitle, planChooser, euros, num, isNum, actionRef, actionName, qualified, unitFor } from '../plan-ui.js';
import { textareaField, decisionOptions, allDecisions, parseAmount, governanceForm } from '../gov-ui.js';

const B = T.governance.budget;

boot({
  current: 'plans',
  title: T.budget.title,
  async render(page, { session }) {
    const planId = new URLSearchParams(location.search).get('plan');
    page.append(h('h1', {}, T.budget.title));
    if (!planId) { await planChooser(page, '/budget.html', T.budget.missingPlan); return; }
    const pid = encodeURIComponent(planId);
    const editable = can(session, PERM.planWrite);
    const notices = noticeArea();
    const container = h('div', { id: 'budget' });
    page.append(notices.el, container);
    const orgs = editable ? await api.get('/api/organisations', { limit: 500 }).then((r) => r.data, () => []) : [];
    const draw = async () => {
      container.replaceChildren();
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
      if (!current.length && !withdrawn.length) container.append(h('p', {}, T.budget.none));
      const years = (b) => (b.year_from && b.year_to && b.year_from !== b.year_to ? `${b.year_from}–${b.year_to}` : String(b.year_from || b.year_to || T.common.none));
      const unitText = (b) => (isNum(b.unit_cents) ? fmt(T.budget.unitAmount, { amount: qualified(euros(b.unit_cents), !isNum(b.planned_cents) && !isNum(b.committed_cents) && !isNum(b.paid_cents) && b.qualifier), unit: unitFor(1, b.unit || ''), quantity: num(b.quantity) }) : T.common.none);
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
        a ? h('a', { href: `/action.html?id=${a.id}&plan=${pid}` }, actionRef(a)) : T.common.none,
        [b.funder_name || T.plan.noFunder, b.fund ? ` (${b.fund})` : ''],
        years(b), qualified(euros(b.planned_cents), isNum(b.planned_cents) && b.qualifier), qualified(euros(b.committed_cents), isNum(b.committed_cents) && b.qualifier),
        qualified(euros(b.paid_cents), isNum(b.paid_cents) && b.qualifier),
        [unitText(b), c ? [h('br'), badge(T.budget.checks[c.status] || c.status, c.status === 'mismatch' ? 'error' : (c.status === 'match' ? 'success' : null))] : null],
        versions(b),
      ];
    };
    if (current.length || withdrawn.length) container.append(dataTable({ id: 'tableau-lignes', caption: T.budget.caption, columns: [
      { label: T.budget.colLabel, wrap: true }, { label: T.budget.colAction }, { label: T.budget.colFunder, wrap: true }, { label: T.budget.colYears },
      { label: T.budget.colPlanned }, { label: T.budget.colCommitted }, { label: T.budget.colPaid }, { label: T.budget.colUnit, wrap: true }, { label: T.budget.colHistory }],
    rows: [...current, ...withdrawn].map(row) }));
    if (editable) container.append(await manage(plan, current, actions));
    };

    // --- editing (plan.write) ----------------------------------------------------
    const fold = (summary, ...content) => h('details', { class: 'plam-explain fr-mb-2w' }, h('summary', {}, summary), h('div', { class: 'plam-explain__body' }, content));
    const col = (...nodes) => h('div', { class: 'fr-col-12 fr-col-md-6' }, nodes);
    const grid = (...cols) => h('div', { class: 'fr-grid-row fr-grid-row--gutters' }, cols);
    const eurosOf = (cents) => (isNum(cents) ? String(cents / 100).replace('.', ',') : '');
    const done = async (message) => { await draw(); notices.show(alert('success', message), { focus: true }); };

    async function manage(plan, current, actions) {
      const { data: gov } = await api.get(`/api/plans/${pid}/governance`);
      const decisions = decisionOptions(allDecisions(gov));
      const actionOptions = [...actions.values()].map((a) => ({ value: String(a.id), label: actionName(a) }));
      const orgOptions = orgs.map((o) => ({ value: String(o.id), label: o.name }));
      return h('section', { class: 'fr-mt-6w', id: 'gestion-budget', 'aria-labelledby': 'titre-gestion-budget' },
        h('h2', { id: 'titre-gestion-budget' }, B.manageTitle), h('p', {}, B.manageIntro),
        h('p', {}, h('a', { class: 'fr-link', href: `/gouvernance.html?plan=${pid}` }, B.governanceLink)),
        fold(B.newLine, lineForm(null)),
        current.map((b) => [fold(fmt(B.reviseLine, { label: b.label }), lineForm(b)), fold(fmt(B.withdrawLine, { label: b.label }), withdrawForm(b))]));

      function lineForm(b) {
        const key = b ? b.id : 'nouvelle';
        const text = (name, label, v, extra = {}) => inputField({ id: `ligne-${key}-${name}`, label, value: v ?? '', ...extra });
        const amount = (name, label, cents) => text(name, label, eurosOf(cents), { attrs: { inputmode: 'decimal' } });
        const f = {
          label: text('intitule', B.fLabel, b && b.label, { required: true }),
          action_id: selectField({ id: `ligne-${key}-action`, label: B.fAction, options: actionOptions, placeholder: T.common.chooseNone, value: b && b.action_id ? b.action_id : '' }),
          funder_org_id: selectField({ id: `ligne-${key}-financeur`, label: B.fFunder, options: orgOptions, placeholder: T.common.chooseNone, value: b && b.funder_org_id ? b.funder_org_id : '' }),
          fund: text('fonds', B.fFund, b && b.fund, { hint: B.fFundHint }),
          year_from: text('annee-debut', B.fYearFrom, b && b.year_from, { type: 'number', attrs: { min: '1990', max: '2100' } }),
          year_to: text('annee-fin', B.fYearTo, b && b.year_to, { type: 'number', attrs: { min: '1990', max: '2100' } }),
          planned_eur: amount('prevu', B.fPlanned, b && b.planned_cents),
          committed_eur: amount('engage', B.fCommitted, b && b.committed_cents),
          paid_eur: amount('paye', B.fPaid, b && b.paid_cents),
          unit_amount_eur: amount('cout-unitaire', B.fUnitAmount, b && b.unit_cents),
          unit: text('unite', B.fUnit, b && b.unit, { hint: B.fUnitHint }),
          quantity: text('quantite', B.fQuantity, b && isNum(b.quantity) ? String(b.quantity).replace('.', ',') : '', { attrs: { inputmode: 'decimal' } }),
          source: text('source', B.fSource, b && b.source),
          note: textareaField({ id: `ligne-${key}-remarque`, label: B.fNote, value: b ? b.note || '' : '', rows: 2 }),
        };
        if (b) f.decision_id = selectField({ id: `ligne-${key}-decision`, label: B.fDecision, required: true, options: decisions, value: '' });
        const formNotices = noticeArea();
        return governanceForm({
          id: `form-ligne-${key}`, fields: f, notices: formNotices, submitLabel: b ? T.governance.save : T.governance.create, success: b ? B.revised : B.created,
          body: [formNotices.el, b && !decisions.length ? alert('info', B.noDecision) : null, f.label.group,
            grid(col(f.action_id.group), col(f.funder_org_id.group), col(f.fund.group), col(f.source.group), col(f.year_from.group), col(f.year_to.group),
              col(f.planned_eur.group), col(f.committed_eur.group), col(f.paid_eur.group), col(f.unit_amount_eur.group), col(f.unit.group), col(f.quantity.group)),
            f.note.group, b ? f.decision_id.group : null],
          onSubmit(fail) {
            const body = { label: f.label.input.value.trim(), action_id: Number(f.action_id.select.value) || null, funder_org_id: Number(f.funder_org_id.select.value) || null,
              fund: f.fund.input.value.trim() || null, unit: f.unit.input.value.trim() || null, source: f.source.input.value.trim() || null, note: f.note.input.value.trim() || null };
            if (!body.label) fail('label', T.governance.errRequired);
            for (const k of ['year_from', 'year_to']) {
              const v = f[k].input.value.trim();
              body[k] = v === '' ? null : Number(v);
              if (v !== '' && !Number.isInteger(body[k])) fail(k, T.governance.errNumber);
            }
            for (const k of ['planned_eur', 'committed_eur', 'paid_eur', 'unit_amount_eur', 'quantity']) {
              body[k] = parseAmount(f[k].input.value);
              if (Number.isNaN(body[k])) fail(k, T.governance.errNumber);
            }
            if (b) {
              body.decision_id = Number(f.decision_id.select.value) || null;
              if (!body.decision_id) fail('decision_id', T.governance.errRequired);
            }
            return () => (b ? api.put(`/api/budget-lines/${b.id}`, body) : api.post(`/api/plans/${pid}/budget-lines`, body));
          },
          done: () => done(b ? B.revised : B.created),
        });
      }

      function withdrawForm(b) {
        const f = { decision_id: selectField({ id: `retrait-${b.id}-decision`, label: B.fDecisionWithdraw, options: decisions, placeholder: T.common.chooseNone, value: '' }) };
        const formNotices = noticeArea();
        return governanceForm({
          id: `form-retrait-${b.id}`, fields: f, notices: formNotices, submitLabel: B.withdrawConfirm, success: B.withdrawn,
          body: [formNotices.el, f.decision_id.group],
          onSubmit() {
            const d = f.decision_id.select.value;
            return () => api.del(`/api/budget-lines/${b.id}${d ? `?decision_id=${encodeURIComponent(d)}` : ''}`);
          },
          done: () => done(B.withdrawn),
        });
      }
    }
    await draw();
  },
});
