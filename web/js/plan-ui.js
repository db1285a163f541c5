// Building blocks of the plan pages: number, date and money formats,
// territory names, progress bars with their "Explication" disclosure (read
// from the dashboard JSON: formula, values and dates used, coverage,
// weights, stale flags), météo and status badges. DOM APIs only.
import { T } from './texts.js';
import { h, fmt, uid } from './dom.js';
import { api } from './api.js';
import { badge, dataTable } from './ui.js';

const NUM = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const PCT = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const EUR = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });
const DATE_SHORT = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'UTC' });

export const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
export const num = (v) => (isNum(v) ? NUM.format(v) : T.common.none);
export const pct = (v) => (isNum(v) ? fmt(T.progress.value, { value: PCT.format(v) }) : T.progress.empty);
export const euros = (cents) => (isNum(cents) ? EUR.format(cents / 100) : T.budget.unknown);

/** A YYYY-MM-DD date in French ("15 mars 2022"); other text is returned as is. */
export function date(iso, short = false) {
  if (!iso) return T.common.none;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso));
  if (!m) return String(iso);
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return (short ? DATE_SHORT : DATE).format(d);
}

/** Today as YYYY-MM-DD (Paris time). */
export function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

let territoriesPromise = null;
/** Map territory id ("DEP-44") → {name, code, level}; empty on failure. */
export function territories() {
  if (!territoriesPromise) {
    territoriesPromise = api.get('/api/territories', null, { redirectOn401: false })
      .then(({ data }) => new Map(data.map((t) => [t.id, t])), () => new Map());
  }
  return territoriesPromise;
}
export function territoryName(map, id) {
  if (!id) return T.common.none;
  const t = map.get(id);
  if (!t) return id;
  return t.level === 'departement' ? `${t.name} (${t.code})` : t.name;
}

export function planTitle(plan) {
  return plan.short_title || plan.title || T.plan.titleFallback;
}

export function periodText(plan) {
  if (plan.start_year && plan.end_year) return fmt(T.plans.period, { from: plan.start_year, to: plan.end_year });
  if (plan.start_year) return fmt(T.plans.periodFrom, { from: plan.start_year });
  return T.common.none;
}

const STATUS_BADGE = { a_venir: 'info', en_cours: 'new', realise: 'success', en_retard: 'warning', bloque: 'error', abandonne: null };
/** Status badge; known === false (no source gives it, nobody set it) says so instead of a default. */
export function statusBadge(status, known = true) {
  if (known === false) return badge(T.known.statusUnknown);
  return badge(T.actionStatus[status] || status || T.common.none, STATUS_BADGE[status] || null);
}

/** "1.1", or "réf. interne 1.1" when the number is plam's, not the source's. */
export function actionRef(a) {
  return a && a.number_in_source === false ? fmt(T.known.internalRef, { number: a.number }) : String((a && a.number) || '');
}
/** "1.1 — Title", or "Title (réf. interne 1.1)" when the source does not number the action. */
export function actionName(a) {
  return a && a.number_in_source === false ? `${a.title} (${actionRef(a)})` : `${a.number} — ${a.title}`;
}

/** A figure with the qualifier its source gives: "au moins 6", "environ 11 000 000 €". */
export function qualified(text, qualifier) {
  const t = qualifier && T.known.qualifiers[qualifier];
  return t ? fmt(t, { value: text }) : text;
}

// French units are singular below 2 ("1 poste", "1,6 poste", "2 postes").
// Only the leading plural words change ("porteurs de projets" → "porteur de
// projets"); words whose singular ends in s stay.
const INVARIABLE = new Set(['parcours', 'mois', 'fois', 'cours', 'temps', 'pays']);
export function unitFor(value, unit) {
  const u = String(unit || '');
  if (!isNum(value) || Math.abs(value) >= 2) return u;
  const words = u.split(' ');
  for (let i = 0; i < words.length; i += 1) {
    const w = words[i];
    if (!/^[a-zà-ÿ]+[sx]$/.test(w) || INVARIABLE.has(w) || w.length < 3) break;
    words[i] = w.slice(0, -1);
  }
  return words.join(' ');
}
/** A number with its unit ("1 poste", "2,5 postes", "20 %") and the qualifier if any. */
export function numUnit(value, unit, qualifier = null) {
  if (!isNum(value)) return T.common.none;
  const u = unitFor(value, unit);
  return qualified(u ? `${num(value)} ${u}` : num(value), qualifier);
}
/**
 * Qualifier of the record behind a figure of a result: which is 'baseline',
 * 'target' (targets: {kind, value, due_on, qualifier}) or 'current' (values:
 * {kind: 'current', value, due_on: the value's date, qualifier}).
 */
export function figureQualifier(records, which, value, day) {
  const kindOf = (x) => (x.kind === 'baseline' || x.kind === 'current' ? x.kind : 'target');
  const t = (records || []).find((x) => kindOf(x) === which && x.value === value && (!day || x.due_on === day));
  return (t && t.qualifier) || null;
}

const WEATHER_BADGE = { securises: 'success', atteignables: 'info', appuis_necessaires: 'warning', compromis: 'error' };
const WEATHER_ICON = { securises: 'fr-icon-sun-line', atteignables: 'fr-icon-cloudy-2-line', appuis_necessaires: 'fr-icon-heavy-showers-line', compromis: 'fr-icon-thunderstorms-line' };
/** Météo badge; w is a weather record or null. */
export function weatherBadge(w) {
  if (!w || !w.level) return badge(T.weather.none);
  const p = h('p', { class: `fr-badge fr-badge--sm fr-badge--${WEATHER_BADGE[w.level] || 'info'} plam-weather`, 'data-plam-weather': w.level },
    h('span', { class: `${WEATHER_ICON[w.level] || ''} fr-icon--sm`, 'aria-hidden': 'true' }),
    h('span', { class: 'fr-sr-only' }, T.weather.label + ' : '),
    T.weather.levels[w.level] || w.level);
  if (w.judged_on) p.title = fmt(T.weather.judgedOn, { date: date(w.judged_on) });
  return p;
}

/**
 * A labelled progress bar: native <progress> (announced by screen readers)
 * and the figure as text. p is a progress object from the dashboard
 * ({has_progress, progress, stale…}) or an indicator result.
 */
export function progressBar(p, name, { id = uid('avancement') } = {}) {
  const fig = headlineOf(p);
  const has = fig.value !== null;
  const label = fmt(T.progress.barLabel, { name });
  return h('div', { class: 'plam-progress', 'data-plam-progress': has ? String(Math.round(fig.value * 10) / 10) : 'vide' },
    h('div', { class: 'plam-progress__head' },
      h('span', { class: 'plam-progress__label', id: `${id}-label` }, T.progress.label),
      h('span', { class: 'plam-progress__value', 'data-plam': 'figure' }, has ? pct(fig.value) : T.progress.emptyLong),
      fig.coverage ? h('span', { class: 'plam-progress__coverage fr-text--xs', 'data-plam': 'couverture' }, fig.coverage) : null,
      p && p.stale ? badge(T.progress.stale, 'warning') : null),
    has
      ? h('progress', { class: 'plam-progress__bar', max: '100', value: String(Math.max(0, Math.min(100, fig.value))), 'aria-label': fig.coverage ? `${label} ${fig.coverage}` : label, id })
      : h('div', { class: 'plam-progress__bar plam-progress__bar--empty', 'aria-hidden': 'true' }));
}

/** "sur 3 indicateurs renseignés sur 19" from an aggregate's coverage. */
export function coverageText(p) {
  const c = (p && p.coverage) || {};
  const x = c.indicators_with_value ?? 0;
  return fmt(x > 1 ? T.progress.coverageMany : T.progress.coverageOne, { x, n: c.indicators_expected ?? 0 });
}

/**
 * The figure to show for a progress object: its complete value, or for an
 * aggregate the headline from the indicators that have one, with its
 * coverage ({value: null} when nothing below has a figure).
 */
export function headlineOf(p) {
  if (p && p.has_progress && isNum(p.progress)) return { value: p.progress, coverage: p.headline ? coverageText(p) : null, complete: true };
  const hl = p && p.headline;
  if (hl && hl.has_progress && isNum(hl.progress)) return { value: hl.progress, coverage: coverageText(p), complete: false };
  return { value: null, coverage: null, complete: false };
}

/**
 * The indicator's current value as a line of its card: what it is (latest
 * value, last period, cumul), the value with its unit and its qualifier
 * ("au moins 20 %"), its date; null when there is none.
 */
export function currentValueLine(r, ind) {
  if (!r || !isNum(r.current)) return null;
  const label = T.progress.currentBy[ind.accumulation] || T.progress.current;
  const value = numUnit(r.current, ind.unit, r.current_qualifier || null);
  return h('p', { class: 'fr-text--sm fr-mb-1w', 'data-plam': 'valeur-actuelle' }, `${label} : `, h('strong', {}, value),
    r.current_date ? ` (${date(r.current_date)})` : '');
}

function dl(items) {
  return h('dl', { class: 'plam-dl' }, items.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function valueOn(v, d, qualifier = null) {
  if (!isNum(v)) return T.progress.missing;
  const value = qualified(num(v), qualifier);
  return d ? fmt(T.progress.valueOn, { value, date: date(d) }) : fmt(T.progress.valueNoDate, { value });
}

/**
 * Explanation of an aggregate figure (plan, axis, action): formula, result,
 * coverage, weights and each part. partName(id) names a part.
 */
export function explainAggregate(p, name, partName) {
  if (!p) return null;
  const c = p.coverage || {};
  const rows = (p.parts || []).map((part) => [
    partName(part.id),
    T.progress.partStatus[part.status] || part.status,
    num(part.weight_given),
    num(part.weight_applied),
    pct(part.progress),
    part.stale ? badge(T.progress.stale, 'warning') : T.progress.fresh,
  ]);
  return disclosure(name, [
    dl([
      [T.progress.formula, p.formula_text || p.formula],
      [T.progress.result, [p.has_progress ? pct(p.progress) : T.progress.emptyLong, ' — ', p.reason_text || p.reason || '']],
      [T.progress.coverage, h('ul', { class: 'plam-list' },
        h('li', {}, fmt(T.progress.coverageIndicators, { x: c.indicators_with_value ?? 0, n: c.indicators_expected ?? 0 })),
        h('li', {}, fmt(T.progress.coverageTerritories, { y: c.territories_with_value ?? 0, z: c.territories_expected ?? 0 })),
        isNum(c.parts_total) ? h('li', {}, fmt(T.progress.coverageParts, { counted: c.parts_counted ?? 0, total: c.parts_total, withValue: c.parts_with_value ?? 0 })) : null,
        c.stale_indicators ? h('li', {}, fmt(T.progress.staleIndicators, { count: c.stale_indicators })) : null)],
      isNum(p.weight_total) ? [T.progress.weights, fmt(T.progress.weightTotal, { value: num(p.weight_total) })] : null,
      p.headline ? [T.progress.headline, [p.headline.has_progress ? `${pct(p.headline.progress)} ${coverageText(p)} — ` : '',
        p.headline.complete ? T.progress.headlineComplete
          : (p.headline.has_progress ? fmt(T.progress.headlineText, { share: PCT.format((p.headline.covered || 0) * 100) }) : T.progress.headlineNone)]] : null,
    ]),
    rows.length ? dataTable({ caption: T.progress.partsCaption, columns: [
      { label: T.progress.colPart, wrap: true }, { label: T.progress.colStatus, wrap: true }, { label: T.progress.colWeightGiven },
      { label: T.progress.colWeightApplied }, { label: T.progress.colProgress }, { label: T.progress.colFresh }], rows }) : null,
  ]);
}

/**
 * Explanation of an indicator's figure: an indicator result of the dashboard
 * (no per-territory detail: detailHref links to the indicator page, which
 * has it) or of GET /api/indicators/{id} (with the detail, as a table).
 */
export function explainIndicator(r, name, terrMap, unit, detailHref = null, targets = null, accumulation = null) {
  if (!r) return null;
  const c = r.coverage || {};
  const rows = (r.territories || []).map((t) => [
    territoryName(terrMap, t.territory_id),
    date(t.date, true),
    t.has_value ? numUnit(t.value, unit) : T.progress.missing,
    isNum(t.numerator) && isNum(t.denominator) ? `${num(t.numerator)} / ${num(t.denominator)}` : T.common.none,
    t.stale ? badge(T.progress.stale, 'warning') : (t.has_value ? T.progress.fresh : T.common.none),
  ]);
  return disclosure(name, [
    dl([
      [T.progress.formula, r.formula_text || r.formula],
      [T.progress.result, [r.has_progress ? pct(r.progress) : T.progress.emptyLong, ' — ', r.reason_text || r.reason || '']],
      [T.progress.baseline, valueOn(r.baseline, r.baseline_date, figureQualifier(targets, 'baseline', r.baseline, r.baseline_date))],
      [T.progress.target, [valueOn(r.target, r.target_date, figureQualifier(targets, 'target', r.target, r.target_date)), isNum(r.target) ? ` (${r.target_is_final ? T.progress.targetFinal : T.progress.targetIntermediate})` : '']],
      [T.progress.currentBy[accumulation] || T.progress.current, valueOn(r.current, r.current_date, r.current_qualifier || figureQualifier(targets, 'current', r.current, r.current_date))],
      isNum(r.numerator) && isNum(r.denominator) ? [T.progress.ratio, `${num(r.numerator)} / ${num(r.denominator)}`] : null,
      isNum(r.raw) ? [T.progress.raw, [pct(r.raw), r.clamped ? ` (${T.progress.clamped})` : '']] : null,
      [T.progress.coverage, h('ul', { class: 'plam-list' },
        h('li', {}, fmt(T.progress.coverageTerritories, { y: c.territories_with_value ?? 0, z: c.territories_expected ?? 0 })),
        h('li', {}, fmt(T.progress.valuesUsed, { count: r.values_used ?? 0 })),
        h('li', {}, fmt(T.progress.referenceDate, { date: date(r.reference_date) })))],
      [T.progress.colFresh, r.stale ? [badge(T.progress.stale, 'warning'), ' ', T.progress.staleHint] : T.progress.fresh],
    ]),
    rows.length ? dataTable({ caption: T.progress.territoriesCaption, columns: [
      { label: T.progress.colTerritory, wrap: true }, { label: T.progress.colDate }, { label: T.progress.colValueBy[accumulation] || T.progress.colValue },
      { label: T.progress.ratio }, { label: T.progress.colFresh }], rows }) : null,
    !r.territories && detailHref && (c.territories_expected ?? 0) > 1
      ? h('p', { class: 'fr-mb-0' }, h('a', { class: 'fr-link', href: detailHref }, T.progressDetail.territoriesLink)) : null,
  ]);
}

function disclosure(name, body) {
  return h('details', { class: 'plam-explain', 'data-plam': 'explication' },
    h('summary', {}, T.progress.explain, h('span', { class: 'fr-sr-only' }, ' : ' + name)),
    h('div', { class: 'plam-explain__body' }, body));
}

/** Names of the parts of aggregates: axes, actions and indicators of a dashboard. */
export function partNamer(dash, axisLabel, plan = null) {
  const planActions = new Map(((plan && plan.axes) || []).flatMap((ax) => (ax.actions || []).map((a) => [a.id, a])));
  const axes = new Map((dash.axes || []).map((a) => [a.id, a]));
  const actions = new Map((dash.actions || []).map((a) => [a.id, a]));
  const inds = new Map((dash.indicators || []).map((i) => [i.id, i]));
  return {
    axis: (id) => (axes.has(id) ? `${fmt(T.progress.part.axis, { label: cap(axisLabel), number: axes.get(id).number })} : ${axes.get(id).title}` : fmt(T.progress.part.unknown, { id })),
    action: (id) => (actions.has(id) ? `${fmt(T.progress.part.action, { number: actionRef({ ...actions.get(id), ...(planActions.get(id) || {}) }) })} : ${actions.get(id).title}` : fmt(T.progress.part.unknown, { id })),
    indicator: (id) => (inds.has(id) ? fmt(T.progress.part.indicator, { name: inds.get(id).name }) : fmt(T.progress.part.unknown, { id })),
  };
}

export function cap(s) {
  const t = String(s || '');
  return t ? t[0].toUpperCase() + t.slice(1) : t;
}

/** The published plans containing action id (no GET /api/actions/{id}): plan JSON and the action. */
export async function findAction(actionId, planHint) {
  const tryPlan = async (pid) => {
    const { data } = await api.get(`/api/plans/${encodeURIComponent(pid)}`, null, { redirectOn401: false });
    for (const ax of data.axes || []) {
      for (const a of ax.actions || []) if (String(a.id) === String(actionId)) return { plan: data, axis: ax, action: a };
    }
    return null;
  };
  if (planHint) {
    try { const r = await tryPlan(planHint); if (r) return r; } catch { /* fall back to the list */ }
  }
  const { data } = await api.get('/api/plans', null, { redirectOn401: false });
  for (const p of data) {
    if (String(p.id) === String(planHint)) continue;
    const r = await tryPlan(p.id);
    if (r) return r;
  }
  return null;
}

/** True when the session's organisation pilots the action (pilot or copilot), or the user is plan staff. */
export function mayUpdateAction(session, action) {
  if (!session || !Array.isArray(session.permissions) || !session.permissions.includes('action.update')) return false;
  if (session.permissions.includes('plan.write')) return true;
  const org = session.user && session.user.org_id;
  return !!org && (action.partners || []).some((p) => p.org_id === org && (p.role === 'pilot' || p.role === 'copilot'));
}

/**
 * A plan chooser for pages opened without ?plan=: links to page?plan=ID,
 * with what waits on each plan for the values to validate and the
 * contributions (counts read with the user's rights; none when refused).
 * intro is kept for the callers' sake: the page is a choice, not an error,
 * so it says "Choisissez un plan".
 */
export async function planChooser(container, page, intro) {
  void intro;
  const { data } = await api.get('/api/plans', null, { redirectOn401: false });
  const count = {
    '/validation.html': (pid) => api.get(`/api/plans/${pid}/measurements/pending`, null, { redirectOn401: false })
      .then((r) => fmt(T.work.chooserPending, { n: r.data.length }), () => null),
    '/contributions.html': (pid) => api.get(`/api/plans/${pid}/contributions`, null, { redirectOn401: false })
      .then((r) => fmt(T.work.chooserUnanswered, { n: r.data.filter((c) => !c.answered_at).length }), () => null),
  }[page];
  const counts = await Promise.all(data.map((p) => (count ? count(encodeURIComponent(p.id)) : null)));
  container.append(
    h('p', {}, T.work.chooserIntro),
    h('ul', { class: 'plam-list', 'data-plam': 'choix-plan' }, data.map((p, i) =>
      h('li', {}, h('a', { href: `${page}?plan=${encodeURIComponent(p.id)}` }, planTitle(p)), p.region_name ? ` — ${p.region_name}` : '',
        counts[i] ? [' ', badge(counts[i], 'info')] : null))));
}
