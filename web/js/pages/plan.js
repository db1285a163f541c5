// Public page of a plan (plan.html?id=): its overall progress, its axes and
// actions with progress bars, météo and status, each figure with its
// "Explication" (GET /api/plans/{id}/dashboard), and money per funder.
// Signed-in pilots and staff get links to the pages where they act.
import { T } from '../texts.js';
import { h, fmt, appendAll } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { can, PERM } from '../sections.js';
import { alert, badge, dataTable } from '../ui.js';
import {
  planTitle, periodText, progressBar, explainAggregate, explainIndicator, partNamer, statusBadge,
  weatherBadge, territories, date, euros, cap, mayUpdateAction, actionName, actionRef, qualified, currentValueLine,
} from '../plan-ui.js';

// The qualifier of a sum of lines: "environ" when one line is approximate,
// "au moins" when one is a lower bound (and none approximate), and so on.
function sumQualifier(lines, k) {
  const q = new Set(lines.filter((b) => typeof b[`${k}_cents`] === 'number' && b.qualifier).map((b) => b.qualifier));
  if (q.has('about') || (q.has('at_least') && q.has('at_most'))) return 'about';
  return q.has('at_least') ? 'at_least' : (q.has('at_most') ? 'at_most' : null);
}

function moneySection(money, funderNames, budget) {
  const section = h('section', { class: 'fr-mt-6w', 'aria-labelledby': 'titre-financements', id: 'financements' },
    h('h2', { id: 'titre-financements' }, T.plan.moneyTitle));
  const funders = (money && money.by_funder) || [];
  if (!funders.length) {
    section.append(h('p', {}, T.plan.noMoney));
    return section;
  }
  const name = (f) => (f.funder_org_id ? f.funder_name || funderNames.get(f.funder_org_id) || fmt(T.plan.funderN, { id: f.funder_org_id }) : T.plan.noFunder);
  const lines = (f, k) => fmt(T.plan.knownLines, { known: f[`${k}_known_lines`] ?? 0, lines: f.lines ?? 0 });
  const current = budget.filter((b) => b.current !== false && !b.withdrawn);
  const linesOf = (f) => (f === money.plan ? current : current.filter((b) => (b.funder_org_id || null) === (f.funder_org_id || null)));
  // no line gives the amount: unknown, not 0 €
  const total = (f, k) => (f[`${k}_known_lines`] ? qualified(euros(f[`${k}_cents`] ?? null), sumQualifier(linesOf(f), k)) : euros(null));
  const amount = (f, k) => [total(f, k), h('br'), h('span', { class: 'fr-text--xs' }, lines(f, k))];
  const rows = funders.map((f) => [name(f), amount(f, 'planned'), amount(f, 'committed'), amount(f, 'paid'), String(f.lines ?? 0)]);
  if (money.plan) {
    rows.push([h('strong', {}, T.plan.total), amount(money.plan, 'planned'), amount(money.plan, 'committed'), amount(money.plan, 'paid'), String(money.plan.lines ?? 0)]);
  }
  // Bars: planned amount per funder, scaled on the largest one. The table
  // above carries the figures, so the drawing is hidden from screen readers.
  const max = Math.max(1, ...funders.map((f) => f.planned_cents || 0));
  const bars = h('ul', { class: 'plam-bars', 'aria-hidden': 'true' }, funders.map((f) => {
    const share = Math.round(((f.planned_cents || 0) / max) * 1000) / 10;
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'plam-bars__svg');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('preserveAspectRatio', 'none');
    const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    for (const [k, v] of Object.entries({ x: 0, y: 0, width: '100%', height: '100%', class: 'plam-bars__bg' })) bg.setAttribute(k, String(v));
    const fg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    for (const [k, v] of Object.entries({ x: 0, y: 0, width: `${share}%`, height: '100%', class: 'plam-bars__fg' })) fg.setAttribute(k, String(v));
    svg.append(bg, fg);
    return h('li', { class: 'plam-bars__item' },
      h('span', { class: 'plam-bars__label' }, name(f)),
      svg,
      h('span', { class: 'plam-bars__value' }, total(f, 'planned')));
  }));
  section.append(
    h('p', {}, T.plan.moneyIntro),
    dataTable({ id: 'tableau-financeurs', caption: T.plan.moneyCaption, columns: [
      { label: T.plan.colFunder, wrap: true }, { label: T.plan.colPlanned }, { label: T.plan.colCommitted },
      { label: T.plan.colPaid }, { label: T.plan.colLines }], rows }),
    h('h3', { class: 'fr-h6' }, T.plan.moneyChartTitle),
    bars);
  return section;
}

boot({
  current: 'plans',
  title: T.plan.titleFallback,
  async render(container, { session }) {
    const id = new URLSearchParams(location.search).get('id');
    if (!id) {
      container.append(h('h1', {}, T.plan.titleFallback), alert('error', T.plan.missingId),
        h('p', {}, h('a', { href: '/plans.html' }, T.plan.back)));
      return;
    }
    const pid = encodeURIComponent(id);
    const [{ data: plan }, { data: dash }, budget, terr] = await Promise.all([
      api.get(`/api/plans/${pid}`, null, { redirectOn401: false }),
      api.get(`/api/plans/${pid}/dashboard`, null, { redirectOn401: false }),
      api.get(`/api/plans/${pid}/budget-lines`, null, { redirectOn401: false }).then((r) => r.data, () => []),
      territories(),
    ]);
    const title = planTitle(plan);
    document.title = document.title.replace(T.plan.titleFallback, title);
    const axisLabel = plan.axis_label || 'axe';
    const names = partNamer(dash, axisLabel, plan);
    const dActions = new Map((dash.actions || []).map((a) => [a.id, a]));
    const dAxes = new Map((dash.axes || []).map((a) => [a.id, a]));
    const dInds = new Map((dash.indicators || []).map((i) => [i.id, i]));
    const funderNames = new Map();
    for (const b of budget) if (b.funder_org_id && b.funder_name) funderNames.set(b.funder_org_id, b.funder_name);
    for (const p of plan.partners || []) if (p.org_id && p.org_name && !funderNames.has(p.org_id)) funderNames.set(p.org_id, p.org_name);

    // --- heading and overall progress --------------------------------------
    appendAll(container,
      h('nav', { role: 'navigation', class: 'fr-breadcrumb', 'aria-label': T.plan.back },
        h('p', { class: 'fr-mb-2w' }, h('a', { class: 'fr-link fr-icon-arrow-left-line fr-link--icon-left', href: '/plans.html' }, T.plan.back))),
      h('h1', {}, title),
      plan.long_title && plan.long_title !== title ? h('p', { class: 'fr-text--lead' }, plan.long_title) : null,
      h('ul', { class: 'plam-meta' },
        plan.region_name ? h('li', {}, fmt(T.plan.region, { name: plan.region_name })) : null,
        h('li', {}, fmt(T.plan.period, { period: periodText(plan) })),
        plan.launched_on ? h('li', {}, fmt(T.plan.launched, { date: date(plan.launched_on) })) : null,
        h('li', {}, badge(T.plans.statuses[plan.status] || plan.status, plan.status === 'published' ? 'success' : null))),
      plan.summary ? h('p', {}, plan.summary) : null);

    // --- documents: COPIL workbook, printable report, open data (published plans) ---
    const docs = [
      [`/api/plans/${pid}/copil.xlsx`, T.copil.xlsx, T.copil.xlsxHint],
      [`/api/plans/${pid}/rapport.html`, T.copil.report, T.copil.reportHint],
      plan.status === 'published' ? [`/api/open-data/plans/${pid}`, T.copil.openData, T.copil.openDataHint] : null,
    ].filter(Boolean);
    container.append(h('nav', { role: 'navigation', 'aria-label': T.copil.title, class: 'fr-mb-3w', id: 'documents-plan' },
      h('ul', { class: 'plam-inline-list' }, docs.map(([href, label, hint]) => h('li', {},
        h('a', { class: 'fr-link', href }, label), h('span', { class: 'fr-text--xs' }, ` — ${hint}`))))));

    const staff = [];
    if (can(session, PERM.measurementReview)) staff.push(h('li', {}, h('a', { class: 'fr-link', href: `/validation.html?plan=${pid}` }, T.plan.validationLink)));
    if (can(session, PERM.contributionRead)) staff.push(h('li', {}, h('a', { class: 'fr-link', href: `/contributions.html?plan=${pid}` }, T.plan.contributionsLink)));
    staff.push(h('li', {}, h('a', { class: 'fr-link', href: `/budget.html?plan=${pid}` }, T.plan.budgetPageLink)));
    if (session) container.append(h('nav', { role: 'navigation', 'aria-label': T.plan.staffTitle, class: 'fr-mb-3w' }, h('ul', { class: 'plam-inline-list' }, staff)));

    container.append(h('section', { class: 'plam-panel fr-mb-6w', 'aria-labelledby': 'titre-avancement', id: 'avancement-plan', 'data-plam-figure': 'plan' },
      h('h2', { id: 'titre-avancement' }, T.plan.overall),
      h('p', { class: 'fr-text--sm' }, fmt(T.plan.dateLabel, { date: date(dash.date) })),
      progressBar(dash.progress, title),
      explainAggregate(dash.progress, T.plan.overall, names.axis)));

    // --- axes and actions ----------------------------------------------------
    container.append(h('h2', {}, T.plan.axesTitle));
    for (const ax of plan.axes || []) {
      const dAx = dAxes.get(ax.id);
      const axName = `${fmt(T.plan.axis, { label: cap(axisLabel), number: ax.number })} : ${ax.title}`;
      const axSection = h('section', { class: 'plam-axis fr-mb-6w', 'aria-labelledby': `titre-axe-${ax.id}`, 'data-plam-axis': String(ax.id) },
        h('h3', { id: `titre-axe-${ax.id}`, class: 'fr-h4' }, axName),
        ax.description ? h('p', {}, ax.description) : null,
        h('div', { class: 'plam-axis__progress', 'data-plam-figure': `axe-${ax.id}` },
          progressBar(dAx && dAx.progress, axName),
          explainAggregate(dAx && dAx.progress, axName, names.action)));
      const actions = ax.actions || [];
      if (!actions.length) axSection.append(h('p', {}, T.plan.noActions));
      const list = h('ul', { class: 'plam-actions-list' });
      for (const a of actions) {
        const dA = dActions.get(a.id) || {};
        const aName = actionName(a);
        const inds = (a.indicators || []).map((ind) => {
          const di = dInds.get(ind.id);
          const r = di && di.result;
          return h('li', { class: 'plam-indicator', 'data-plam-indicator': String(ind.id) },
            h('p', { class: 'plam-indicator__name' }, h('a', { href: `/indicateur.html?id=${encodeURIComponent(ind.id)}` }, ind.name),
              ind.unit ? h('span', { class: 'fr-text--xs' }, ` (${ind.unit})`) : null),
            currentValueLine(r, ind),
            progressBar(r, ind.name),
            explainIndicator(r, ind.name, terr, ind.unit, `/indicateur.html?id=${encodeURIComponent(ind.id)}`, ind.targets, ind.accumulation));
        });
        const editable = mayUpdateAction(session, a);
        list.append(h('li', { class: 'plam-action-card', 'data-plam-action-id': String(a.id) },
          h('h4', { class: 'fr-h6 fr-mb-1w', id: `titre-action-${a.id}` },
            h('a', { href: `/action.html?id=${encodeURIComponent(a.id)}&plan=${pid}` }, aName)),
          h('div', { class: 'plam-badges' }, statusBadge(a.status, a.status_known), weatherBadge(dA.weather),
            editable ? badge(T.plan.canEdit, 'new') : null),
          a.objective ? h('p', { class: 'fr-text--sm fr-mb-1w' }, a.objective) : null,
          h('div', { 'data-plam-figure': `action-${a.id}` },
            progressBar(dA.progress, aName),
            explainAggregate(dA.progress, aName, names.indicator)),
          inds.length
            ? h('div', { class: 'plam-indicators' }, h('p', { class: 'fr-text--sm fr-text--bold fr-mb-1w' }, T.plan.indicatorsTitle), h('ul', { class: 'plam-indicator-list' }, inds))
            : h('p', { class: 'fr-text--sm fr-mb-0' }, T.plan.noIndicators),
          editable ? h('p', { class: 'fr-mt-2w fr-mb-0' }, h('a', { class: 'fr-btn fr-btn--sm fr-btn--secondary', href: `/action.html?id=${encodeURIComponent(a.id)}&plan=${pid}#mise-a-jour` }, fmt(T.plan.updateLink, { number: actionRef(a) }))) : null));
      }
      if (actions.length) axSection.append(list);
      container.append(axSection);
    }

    container.append(moneySection(dash.money, funderNames, budget),
      h('p', {}, h('a', { class: 'fr-link', href: `/budget.html?plan=${pid}` }, T.plan.budgetLink)));
    container.append(h('p', {}, h('a', { class: 'fr-link', href: `/gouvernance.html?plan=${pid}` }, T.governance.planLink)));
  },
});
