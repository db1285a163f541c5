// Public page of a plan (plan.html?id=): first a summary of what a COPIL
// reads first (headline progress with its coverage, actions by météo and by
// status, late actions and roadmap steps, values awaiting validation for
// those who validate, money planned, committed and paid with unknown amounts
// said as such), then its axes and actions with progress bars, météo and
// status — filterable by axis, pilot, météo and status (client side) — each
// figure with its "Explication" (GET /api/plans/{id}/dashboard), and money
// per funder. The axes open folded (DSFR accordions: title and figure shown,
// actions behind the button); a filter, "Déplier tous les axes" or an anchor
// (#axe-N, #action-N) opens them. Signed-in pilots and staff get links to the
// pages where they act.
import { T } from '../texts.js';
import { h, fmt, appendAll } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { can, PERM } from '../sections.js';
import { alert, badge, dataTable } from '../ui.js';
import {
  planTitle, periodText, progressBar, explainAggregate, explainIndicator, partNamer, statusBadge,
  weatherBadge, territories, date, euros, cap, mayUpdateAction, actionName, actionRef, qualified, currentValueLine, today,
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

const statusKey = (a) => (a.status_known === false ? 'inconnu' : a.status || 'inconnu');
const statusLabel = (k) => (k === 'inconnu' ? T.known.statusUnknown : T.actionStatus[k] || k);
/** [[org_id, org_name]] of the action's pilots (organisations only). */
const pilotsOf = (a) => (a.partners || []).filter((p) => p.role === 'pilot' && p.org_id).map((p) => [p.org_id, p.org_name || fmt(T.plan.funderN, { id: p.org_id })]);
const allActions = (plan) => (plan.axes || []).flatMap((ax) => (ax.actions || []).map((a) => ({ ...a, axis: ax })));

/** A money total of the plan: "Inconnu", the sum, or what the sum covers. */
function moneyTotal(total, k) {
  const known = (total && total[`${k}_known_lines`]) || 0;
  if (!known) return euros(null);
  const amount = euros(total[`${k}_cents`]);
  return known >= total.lines ? amount : fmt(T.plan.moneyPartial, { amount, known, lines: total.lines });
}

function summarySection({ plan, dActions, money, headline, pending, pid }) {
  const actions = allActions(plan);
  const block = (id, heading, ...body) => h('div', { class: 'fr-col-12 fr-col-md-6' },
    h('div', { class: 'plam-panel', 'data-plam-summary': id }, h('h3', { class: 'fr-h6' }, heading), ...body));
  // météo: every level, then the actions without one
  const levels = Object.keys(T.weather.levels);
  const byWeather = new Map([...levels, 'none'].map((l) => [l, 0]));
  for (const a of actions) { const w = dActions.get(a.id) && dActions.get(a.id).weather; byWeather.set((w && w.level) || 'none', (byWeather.get((w && w.level) || 'none') || 0) + 1); }
  const weatherList = h('ul', { class: 'plam-list' }, [...byWeather.entries()].map(([l, n]) =>
    h('li', { 'data-plam-count': l }, l === 'none' ? badge(T.weather.none) : weatherBadge({ level: l }), ` ${n}`)));
  const byStatus = new Map();
  for (const a of actions) byStatus.set(statusKey(a), (byStatus.get(statusKey(a)) || 0) + 1);
  const statusList = h('ul', { class: 'plam-list' }, [...byStatus.entries()].map(([k, n]) =>
    h('li', { 'data-plam-count': k }, fmt(T.plan.countLine, { label: statusLabel(k), n }))));
  // late: actions said late, roadmap steps past their date and not done
  const now = today();
  const late = [];
  for (const a of actions) {
    const href = `/action.html?id=${encodeURIComponent(a.id)}&plan=${pid}`;
    if (statusKey(a) === 'en_retard') late.push(h('li', {}, h('a', { href }, fmt(T.plan.lateAction, { ref: actionRef(a), title: a.title }))));
    for (const st of a.roadmap || []) {
      if (st.done_on || !st.due_on || st.due_on >= now) continue;
      late.push(h('li', {}, h('a', { href }, fmt(T.plan.lateStep, { title: st.title, ref: actionRef(a), date: date(st.due_on) }))));
    }
  }
  const total = money && money.plan;
  return h('section', { id: 'synthese', class: 'fr-mb-6w', 'aria-labelledby': 'titre-synthese' },
    h('h2', { id: 'titre-synthese' }, T.plan.summaryTitle),
    h('div', { class: 'fr-mb-3w' }, headline),
    h('div', { class: 'fr-grid-row fr-grid-row--gutters' },
      block('meteo', T.plan.summaryWeather, weatherList),
      block('statut', T.plan.summaryStatus, statusList),
      block('retards', T.plan.summaryLate, late.length ? h('ul', { class: 'plam-list' }, late) : h('p', { class: 'fr-mb-0' }, T.plan.summaryLateNone)),
      block('financements', T.plan.summaryMoney, total
        ? h('dl', { class: 'plam-dl' }, [['planned', T.plan.moneyPlanned], ['committed', T.plan.moneyCommitted], ['paid', T.plan.moneyPaid]]
          .map(([k, label]) => [h('dt', {}, label), h('dd', { 'data-plam-money': k }, moneyTotal(total, k))]))
        : h('p', { class: 'fr-mb-0' }, T.plan.moneyNone)),
      pending === null ? null : block('validation', T.plan.summaryPending,
        h('p', {}, fmt(T.plan.pendingCount, { n: pending })),
        pending ? h('p', { class: 'fr-mb-0' }, h('a', { class: 'fr-link', href: `/validation.html?plan=${pid}` }, T.plan.pendingLink)) : null)));
}

/** The filter form of the actions (axis, pilot, météo, status), DSFR selects with labels. */
function filterForm(plan, dActions) {
  const actions = allActions(plan);
  const select = (id, label, all, options) => h('div', { class: 'fr-col-12 fr-col-sm-6 fr-col-md-3' },
    h('div', { class: 'fr-select-group fr-mb-0' },
      h('label', { class: 'fr-label', for: id }, label),
      h('select', { class: 'fr-select', id, name: id }, h('option', { value: '' }, all), options.map(([v, t]) => h('option', { value: String(v) }, t)))));
  const pilots = new Map();
  for (const a of actions) for (const [id, name] of pilotsOf(a)) pilots.set(id, name);
  const statuses = [...new Set(actions.map(statusKey))];
  const weathers = [...Object.keys(T.weather.levels).filter((l) => actions.some((a) => ((dActions.get(a.id) || {}).weather || {}).level === l))];
  const axisLabel = cap(plan.axis_label || 'axe');
  return h('form', { id: 'filtres-actions', class: 'plam-panel fr-mb-4w', 'aria-labelledby': 'titre-filtres', role: 'search' },
    h('h3', { id: 'titre-filtres', class: 'fr-h6' }, T.plan.filtersTitle),
    h('div', { class: 'fr-grid-row fr-grid-row--gutters' },
      select('filtre-axe', T.plan.filterAxis, T.plan.filterAll, (plan.axes || []).map((ax) => [ax.id, `${fmt(T.plan.axis, { label: axisLabel, number: ax.number })} : ${ax.title}`])),
      select('filtre-pilote', T.plan.filterPilot, T.plan.filterAll, [...pilots.entries()].sort((x, y) => x[1].localeCompare(y[1], 'fr'))),
      select('filtre-meteo', T.plan.filterWeather, T.plan.filterAllF, [...weathers.map((l) => [l, T.weather.levels[l]]), ['none', T.plan.filterNoWeather]]),
      select('filtre-statut', T.plan.filterStatus, T.plan.filterAll, statuses.map((k) => [k, statusLabel(k)]))),
    h('div', { class: 'fr-mt-2w' },
      h('button', { type: 'reset', class: 'fr-btn fr-btn--secondary fr-btn--sm' }, T.plan.filterReset)),
    h('p', { class: 'fr-mt-2w fr-mb-0', role: 'status', 'aria-live': 'polite', 'data-plam': 'filtres-resultat' }));
}

/**
 * Opens or folds an axis (a DSFR accordion): through DSFR's instance once it
 * has one, else by the attributes DSFR reads when it starts.
 */
function setAxisOpen(sec, open) {
  const btn = sec.querySelector('.fr-accordion__btn');
  const col = sec.querySelector('.fr-collapse');
  if (!btn || !col) return;
  const api = typeof window.dsfr === 'function' ? window.dsfr(col) : null;
  const inst = api && (api.collapse || api.accordion);
  if (inst && typeof inst.disclose === 'function') { // its state, not the attribute, which may lag an animation
    if (open) inst.disclose(); else inst.conceal();
    return;
  }
  btn.setAttribute('aria-expanded', String(open));
  col.classList.toggle('fr-collapse--expanded', open);
}

/** The axis section holding the element the address's anchor names (#axe-N, #action-N…), or null. */
function anchoredAxis(container) {
  const id = decodeURIComponent(location.hash.slice(1));
  const el = id && document.getElementById(id);
  return el && container.contains(el) ? [el, el.closest('[data-plam-axis]')] : [null, null];
}

/** A deep link opens its axis and shows its target, at load and when the anchor changes. */
function followAnchor(container) {
  const go = () => {
    const [el, sec] = anchoredAxis(container);
    if (!el) return;
    if (sec) setAxisOpen(sec, true);
    requestAnimationFrame(() => el.scrollIntoView({ block: 'start' }));
  };
  window.addEventListener('hashchange', go);
  go();
}

/** Shows the actions that match every chosen filter; hides axes left empty; says how many are shown. */
function applyFilters(form, container) {
  const cards = [...container.querySelectorAll('.plam-action-card')];
  let wasActive = false;
  const run = () => {
    const v = (id) => form.querySelector(`#${id}`).value;
    const [axis, pilot, weather, status] = ['filtre-axe', 'filtre-pilote', 'filtre-meteo', 'filtre-statut'].map(v);
    let shown = 0;
    for (const c of cards) {
      const ok = (!axis || c.dataset.axis === axis) && (!pilot || c.dataset.pilots.split(' ').includes(pilot))
        && (!weather || c.dataset.weather === weather) && (!status || c.dataset.status === status);
      c.hidden = !ok;
      if (ok) shown += 1;
    }
    const active = !!(axis || pilot || weather || status);
    for (const sec of container.querySelectorAll('[data-plam-axis]')) {
      const any = sec.querySelector('.plam-action-card:not([hidden])');
      sec.hidden = active && !any;
      if (active) setAxisOpen(sec, !!any); // a filter shows what it found
      else if (wasActive) setAxisOpen(sec, false);
    }
    wasActive = active;
    const out = form.querySelector('[data-plam="filtres-resultat"]');
    out.textContent = shown ? fmt(T.plan.filterCount, { shown, total: cards.length }) : T.plan.filterNone;
  };
  form.addEventListener('change', run);
  form.addEventListener('submit', (e) => { e.preventDefault(); run(); });
  form.addEventListener('reset', () => setTimeout(run, 0));
  run();
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

    // --- summary: what a COPIL reads first --------------------------------------
    const pending = can(session, PERM.measurementReview)
      ? await api.get(`/api/plans/${pid}/measurements/pending`, null, { redirectOn401: false }).then((r) => r.data.length, () => null) : null;
    const headline = h('div', { class: 'plam-panel', 'aria-labelledby': 'titre-avancement', id: 'avancement-plan', 'data-plam-figure': 'plan' },
      h('h3', { id: 'titre-avancement', class: 'fr-h5' }, T.plan.overall),
      h('p', { class: 'fr-text--sm' }, fmt(T.plan.dateLabel, { date: date(dash.date) })),
      progressBar(dash.progress, title),
      explainAggregate(dash.progress, T.plan.overall, names.axis));
    container.append(summarySection({ plan, dActions, money: dash.money, headline, pending, pid }));

    // --- axes and actions ----------------------------------------------------
    container.append(h('h2', { id: 'titre-axes' }, T.plan.axesTitle));
    const filters = filterForm(plan, dActions);
    container.append(filters);
    // Each axis is a DSFR accordion, folded: its title and figure show, its
    // actions open with its button (keyboard: Tab, then Enter or Space), a
    // filter, "Déplier tous les axes" or a link to #axe-N or #action-N.
    const anchor = decodeURIComponent(location.hash.slice(1));
    const anchoredAxisId = (plan.axes || []).find((ax) => anchor === `axe-${ax.id}` || anchor === `titre-axe-${ax.id}`
      || (ax.actions || []).some((a) => anchor === `action-${a.id}` || anchor === `titre-action-${a.id}`));
    const axesBox = h('div', { 'data-plam': 'axes' });
    container.append(h('p', { class: 'fr-text--sm fr-mb-1w' }, T.plan.axesFolded),
      h('ul', { class: 'fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-mb-2w' },
        h('li', {}, h('button', { type: 'button', class: 'fr-btn fr-btn--tertiary', 'data-plam': 'axes-deplier', onclick: () => axesBox.querySelectorAll('[data-plam-axis]').forEach((sec) => setAxisOpen(sec, true)) }, T.plan.axesOpenAll)),
        h('li', {}, h('button', { type: 'button', class: 'fr-btn fr-btn--tertiary', 'data-plam': 'axes-replier', onclick: () => axesBox.querySelectorAll('[data-plam-axis]').forEach((sec) => setAxisOpen(sec, false)) }, T.plan.axesCloseAll))),
      axesBox);
    for (const ax of plan.axes || []) {
      const dAx = dAxes.get(ax.id);
      const axName = `${fmt(T.plan.axis, { label: cap(axisLabel), number: ax.number })} : ${ax.title}`;
      const open = anchoredAxisId === ax;
      const body = h('div', { class: `fr-collapse${open ? ' fr-collapse--expanded' : ''}`, id: `axe-${ax.id}` },
        ax.description ? h('p', {}, ax.description) : null);
      const axSection = h('section', { class: 'plam-axis fr-accordion fr-mb-3w', 'aria-labelledby': `titre-axe-${ax.id}`, 'data-plam-axis': String(ax.id) },
        h('h3', { id: `titre-axe-${ax.id}`, class: 'fr-accordion__title' },
          h('button', { type: 'button', class: 'fr-accordion__btn', 'aria-expanded': String(open), 'aria-controls': `axe-${ax.id}` }, axName)),
        h('div', { class: 'plam-axis__progress', 'data-plam-figure': `axe-${ax.id}` },
          progressBar(dAx && dAx.progress, axName),
          explainAggregate(dAx && dAx.progress, axName, names.action)),
        body);
      const actions = ax.actions || [];
      if (!actions.length) body.append(h('p', {}, T.plan.noActions));
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
        list.append(h('li', {
          class: 'plam-action-card', id: `action-${a.id}`, 'data-plam-action-id': String(a.id), 'data-axis': String(ax.id),
          'data-pilots': pilotsOf(a).map(([orgId]) => orgId).join(' '), 'data-weather': (dA.weather && dA.weather.level) || 'none', 'data-status': statusKey(a),
        },
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
      if (actions.length) body.append(list);
      axesBox.append(axSection);
    }

    applyFilters(filters, container);
    followAnchor(container);
    container.append(moneySection(dash.money, funderNames, budget),
      h('p', {}, h('a', { class: 'fr-link', href: `/budget.html?plan=${pid}` }, T.plan.budgetLink)));
    container.append(h('p', {}, h('a', { class: 'fr-link', href: `/gouvernance.html?plan=${pid}` }, T.governance.planLink)));
  },
});
