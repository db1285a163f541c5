// An indicator (indicateur.html?id=): definition, baseline and targets,
// validated values over time against the targets (an SVG chart with a data
// table), for territorial indicators a map of the départements coloured by
// their latest value (with a legend and a table), its current progress
// explained (with the value of each territory), and for signed-in users the
// history of proposals and reviews.
import { T } from '../texts.js';
import { h, fmt, formatDateTime } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { alert, badge, dataTable } from '../ui.js';
import { lineChart, departementMap } from '../charts.js';
import {
  territories, territoryName, date, num, isNum, progressBar, explainIndicator, findAction, actionRef, numUnit,
} from '../plan-ui.js';
import { targetRevision } from '../gov-target.js';

/**
 * Running total of a cumulative indicator's validated values, as the
 * progress engine computes it: for one (territory, date) the highest id
 * wins; values dated after the baseline's date are added to the baseline
 * (0 without one), all territories together. Returns {points: [{date,
 * value}] (the baseline first when it has a date), after: Map measurement ->
 * cumul once it is added, superseded: Set of revised rows}.
 */
function cumulate(points, baseline) {
  const latest = new Map();
  for (const m of points) {
    const k = `${m.territory_id}|${m.value_on.slice(0, 10)}`;
    if (!latest.has(k) || latest.get(k).id < m.id) latest.set(k, m);
  }
  const superseded = new Set(points.filter((m) => latest.get(`${m.territory_id}|${m.value_on.slice(0, 10)}`) !== m));
  const from = baseline && baseline.due_on ? String(baseline.due_on).slice(0, 10) : '';
  let total = baseline && isNum(baseline.value) ? baseline.value : 0;
  const used = [...latest.values()].filter((m) => m.value_on.slice(0, 10) > from)
    .sort((a, b) => a.value_on.localeCompare(b.value_on) || String(a.territory_id).localeCompare(String(b.territory_id)));
  const out = from && baseline ? [{ date: from, value: total }] : [];
  const after = new Map();
  for (const m of used) {
    total += m.value;
    after.set(m, total);
    const d = m.value_on.slice(0, 10);
    if (out.length && out[out.length - 1].date === d) out[out.length - 1].value = total;
    else out.push({ date: d, value: total });
  }
  return { points: out, after, superseded };
}

const ratio = (m) => (isNum(m.numerator) && isNum(m.denominator) ? `${num(m.numerator)} / ${num(m.denominator)}` : T.common.none);

boot({
  current: 'plans',
  title: T.indicator.titleFallback,
  async render(container, { session }) {
    const id = new URLSearchParams(location.search).get('id');
    if (!id) { container.append(h('h1', {}, T.indicator.titleFallback), alert('error', T.indicator.missingId)); return; }
    const [{ data: ind }, terr] = await Promise.all([api.get(`/api/indicators/${encodeURIComponent(id)}`, { history: 1 }, { redirectOn401: false }), territories()]);
    const found = await findAction(ind.action_id, ind.plan_id).catch(() => null);
    document.title = document.title.replace(T.indicator.titleFallback, ind.name);
    // "1 poste", "2 postes", "au moins 6 projets": unit agreed with the value, qualifier kept
    const withUnit = (v, qualifier = null) => numUnit(v, ind.unit, qualifier);

    if (found) {
      container.append(h('p', { class: 'fr-mb-2w' }, h('a', { class: 'fr-link fr-icon-arrow-left-line fr-link--icon-left', href: `/action.html?id=${encodeURIComponent(ind.action_id)}&plan=${encodeURIComponent(ind.plan_id)}` },
        `${T.indicator.backToAction} ${actionRef(found.action)}`)));
    }
    container.append(h('h1', {}, ind.name));
    const facts = [
      [T.indicator.definition, ind.definition],
      [T.indicator.unit, ind.unit],
      [T.indicator.kind, T.indicator.kinds[ind.kind] || ind.kind],
      [T.indicator.direction, T.indicator.directions[ind.direction] || ind.direction],
      [T.indicator.frequency, T.indicator.frequencies[ind.frequency] || ind.frequency],
      [T.indicator.scope, ind.scope_id ? territoryName(terr, ind.scope_id) : null],
      [T.indicator.breakdown, T.indicator.breakdowns[ind.breakdown] || ind.breakdown],
      [T.indicator.accumulation, T.indicator.accumulations[ind.accumulation] || null],
      [T.indicator.note, ind.note],
      [T.indicator.source, ind.source],
    ].filter(([, v]) => v);
    container.append(h('dl', { class: 'plam-dl' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));

    // --- progress ---------------------------------------------------------------
    // (GET /api/indicators/{id} carries the result with its per-territory detail)
    if (ind.progress) {
      container.append(h('section', { class: 'plam-panel fr-mb-4w', 'aria-labelledby': 'titre-avancement-indicateur', 'data-plam-indicator': String(ind.id) },
        h('h2', { id: 'titre-avancement-indicateur' }, T.progress.label),
        progressBar(ind.progress, ind.name), explainIndicator(ind.progress, ind.name, terr, ind.unit, null,
          [...(ind.targets || []), ...(ind.series || []).map((m) => ({ kind: 'current', value: m.value, due_on: m.value_on, qualifier: m.qualifier }))], ind.accumulation)));
    }

    // --- chart and its table -------------------------------------------------
    const series = ind.series || [];
    const currentTargets = (ind.targets || []).filter((t) => t.current !== false && isNum(t.value));
    const chartSection = h('section', { class: 'fr-mb-4w', 'aria-labelledby': 'titre-graphique' }, h('h2', { id: 'titre-graphique' }, T.indicator.chartTitle));
    const points = series.filter((m) => isNum(m.value) && /^\d{4}-\d{2}-\d{2}/.test(m.value_on || ''));
    // A cumulative indicator's values each count their own period and its
    // progress is computed on their running total from the baseline (the
    // engine's rule, progress.h): it is drawn as that running total, the
    // figure its targets are compared with.
    const cumulative = ind.accumulation === 'cumulative';
    const baseline = currentTargets.find((t) => t.kind === 'baseline' && t.territory_id === ind.scope_id);
    const cumul = cumulative ? cumulate(points, baseline) : null;
    if (cumul && cumul.points.length) {
      const targets = currentTargets.filter((t) => t.kind !== 'baseline').map((t) => ({ value: t.value, date: t.due_on, label: fmt(T.indicator.chartTarget, { value: withUnit(t.value, t.qualifier) }) }));
      const { svg, legend } = lineChart({
        title: T.indicator.chartTitleCumulative,
        desc: fmt(T.indicator.chartDescCumulative, { name: ind.name, from: date(cumul.points[0].date), to: date(cumul.points[cumul.points.length - 1].date) }),
        series: [{ key: 'cumul', label: T.indicator.cumulLabel, points: cumul.points }],
        targets,
        format: (v) => num(v),
      });
      svg.setAttribute('data-plam-chart', 'cumul');
      chartSection.querySelector('h2').textContent = T.indicator.chartTitleCumulative;
      chartSection.append(h('figure', { class: 'plam-figure' }, svg), legend);
    } else if (points.length) {
      const byTerr = new Map();
      for (const m of points) {
        if (!byTerr.has(m.territory_id)) byTerr.set(m.territory_id, []);
        byTerr.get(m.territory_id).push({ date: m.value_on.slice(0, 10), value: m.value });
      }
      const targets = currentTargets.filter((t) => t.kind !== 'baseline').map((t) => ({ value: t.value, date: t.due_on, label: fmt(T.indicator.chartTarget, { value: withUnit(t.value, t.qualifier) }) }));
      const sorted = points.map((m) => m.value_on).sort();
      const { svg, legend } = lineChart({
        title: T.indicator.chartTitle,
        desc: fmt(T.indicator.chartDesc, { name: ind.name, from: date(sorted[0]), to: date(sorted[sorted.length - 1]) }),
        series: [...byTerr.entries()].map(([key, pts]) => ({ key, label: territoryName(terr, key), points: pts })),
        targets,
        format: (v) => num(v),
      });
      chartSection.append(h('figure', { class: 'plam-figure' }, svg), legend);
    } else {
      chartSection.append(h('p', {}, T.indicator.chartNone));
    }
    if (series.length && cumul) {
      const rows = series.slice().sort((a, b) => String(a.value_on).localeCompare(String(b.value_on)) || a.id - b.id);
      chartSection.append(dataTable({ id: 'tableau-valeurs', caption: T.indicator.seriesCaptionCumulative, columns: [
        { label: T.indicator.colDate }, { label: T.indicator.colTerritory, wrap: true }, { label: T.indicator.colPeriodValue },
        { label: T.indicator.colCumul }, { label: T.indicator.colSource, wrap: true }],
      rows: rows.map((m) => [date(m.value_on, true), territoryName(terr, m.territory_id), withUnit(m.value, m.qualifier),
        cumul.after.has(m) ? withUnit(cumul.after.get(m)) : (cumul.superseded.has(m) ? T.indicator.revised : T.indicator.cumulBefore),
        m.source || T.common.none]) }));
    } else if (series.length) {
      chartSection.append(dataTable({ id: 'tableau-valeurs', caption: T.indicator.seriesCaption, columns: [
        { label: T.indicator.colDate }, { label: T.indicator.colTerritory, wrap: true }, { label: T.indicator.colValue },
        { label: T.indicator.colRatio }, { label: T.indicator.colSource, wrap: true }],
      rows: series.slice().sort((a, b) => String(a.value_on).localeCompare(String(b.value_on)))
        .map((m) => [date(m.value_on, true), territoryName(terr, m.territory_id), withUnit(m.value, m.qualifier), ratio(m), m.source || T.common.none]) }));
    }
    container.append(chartSection);

    // --- targets ------------------------------------------------------------------
    const targets = ind.targets || [];
    container.append(h('section', { class: 'fr-mb-4w', 'aria-labelledby': 'titre-cibles' }, h('h2', { id: 'titre-cibles' }, T.indicator.targetsTitle),
      targets.length ? dataTable({ id: 'tableau-cibles', caption: T.indicator.targetsCaption, columns: [
        { label: T.indicator.colKind }, { label: T.indicator.colTerritory, wrap: true }, { label: T.indicator.colDue }, { label: T.indicator.colValue },
        { label: T.indicator.colCurrent }, { label: T.indicator.colSource, wrap: true }],
      rows: targets.map((t) => [T.indicator.targetKinds[t.kind] || t.kind, territoryName(terr, t.territory_id), date(t.due_on, true), withUnit(t.value, t.qualifier),
        t.current === false ? badge(T.budget.replaced) : badge(T.budget.current, 'success'), t.source || T.common.none]) })
        : h('p', {}, T.indicator.noTargets)));
    const revision = await targetRevision(session, ind, terr); // plan.write holders: revise or add a target
    if (revision) container.append(revision);

    // --- map ------------------------------------------------------------------------
    const latest = (ind.latest_by_territory || []).filter((m) => /^DEP-/.test(m.territory_id || '') && isNum(m.value));
    if (ind.breakdown === 'departement' || latest.length) {
      const mapSection = h('section', { class: 'fr-mb-4w', 'aria-labelledby': 'titre-carte' }, h('h2', { id: 'titre-carte' }, T.indicator.mapTitle));
      container.append(mapSection);
      const values = new Map(latest.map((m) => [m.territory_id.slice(4), m.value]));
      const plan = found && found.plan;
      const focus = ((plan && plan.territories) || []).filter((t) => typeof t === 'string' && t.startsWith('DEP-')).map((t) => t.slice(4));
      try {
        if (!values.size) throw new Error('no value');
        const geo = (await import('/vendor/svg-maps/france-departments.js')).default;
        const { svg, legend, fit } = departementMap({ geo, title: T.indicator.mapTitle, desc: T.indicator.mapDesc, values, focus, format: withUnit });
        mapSection.append(h('figure', { class: 'plam-figure' }, svg,
          h('figcaption', { class: 'plam-attribution' }, T.indicator.mapAttribution, ' ',
            h('a', { href: 'https://creativecommons.org/licenses/by/4.0/deed.fr', rel: 'license noopener' }, T.indicator.mapLicence))), legend);
        fit();
      } catch {
        if (!values.size) mapSection.append(h('p', {}, T.indicator.chartNone)); else mapSection.append(alert('info', T.indicator.mapUnavailable));
      }
      if (latest.length) {
        mapSection.append(dataTable({ id: 'tableau-carte', caption: T.indicator.mapCaption, columns: [
          { label: T.indicator.colTerritory, wrap: true }, { label: T.indicator.colDate }, { label: T.indicator.colValue }, { label: T.indicator.colRatio }],
        rows: latest.slice().sort((a, b) => a.territory_id.localeCompare(b.territory_id))
          .map((m) => [territoryName(terr, m.territory_id), date(m.value_on, true), withUnit(m.value, m.qualifier), ratio(m)]) }));
      }
    }

    // --- history (signed-in users) -------------------------------------------------
    if (session && Array.isArray(ind.measurements) && ind.measurements.length) {
      const kind = { pending: 'info', validated: 'success', rejected: 'error' };
      container.append(h('section', { id: 'historique-propositions', 'aria-labelledby': 'titre-historique' }, h('h2', { id: 'titre-historique' }, T.indicator.historyTitle),
        dataTable({ id: 'tableau-historique', caption: T.indicator.historyCaption, columns: [
          { label: T.indicator.colDate }, { label: T.indicator.colTerritory, wrap: true }, { label: T.indicator.colValue }, { label: T.indicator.colStatus },
          { label: T.indicator.colAuthor }, { label: T.indicator.colReason, wrap: true }],
        rows: ind.measurements.map((m) => [date(m.value_on, true), territoryName(terr, m.territory_id), isNum(m.value) ? withUnit(m.value, m.qualifier) : ratio(m),
          badge(T.indicator.mStatus[m.status] || m.status, kind[m.status] || null),
          [m.author_login || T.common.none, h('br'), h('span', { class: 'fr-text--xs' }, formatDateTime(m.created_at))],
          m.reason || T.common.none]) })));
    }
  },
});
