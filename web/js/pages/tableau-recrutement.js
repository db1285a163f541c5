// Recruitment dashboards (tableau-recrutement.html, issue 11): the measures
// of GET /api/recruit-dashboard (plan staff: every establishment; an
// employer: its organisation's) as summary cards, the table by département,
// area, profession or week with its CSV export, the weekly series and the
// definitions; filters live in the URL (période, département, zone,
// profession, lignes) so a view can be shared. Plan staff (dash.manage)
// also see the plan indicators fed by these measures, link one, unlink one
// and recompute now.
import { T } from '../texts.js';
import { h, fmt, replace } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { PERM, can } from '../sections.js';
import { alert, errorAlert, noticeArea, inputField, selectField, button, dataTable, hrefWith, applyFieldErrors } from '../ui.js';

const D = T.dash;
const FILTERS = ['from', 'to', 'departement', 'area_id', 'profession', 'by'];
const num = (v, d = 1) => String(Number(v).toFixed(d)).replace('.', ',');
const pct = (v) => (v === null || v === undefined ? D.none : fmt(D.percent, { p: num(v) }));
const hours = (v) => (v === null || v === undefined ? D.none : fmt(D.hours, { h: num(v) }));
const weekLabel = (k) => { const m = /^(\d{4})-W(\d{2})$/.exec(k); return m ? fmt(D.week, { w: String(Number(m[2])), y: m[1] }) : k; };

/** A bar of the weekly series: its width set through the CSSOM (the CSP refuses style attributes). */
function bar(ratio) {
  const el = h('span', { class: 'plam-bar' });
  el.style.width = `${Math.round(ratio * 100)}%`;
  return el;
}

function card(id, title, value, detail) {
  return h('div', { class: 'fr-col-12 fr-col-sm-6 fr-col-lg-4' },
    h('div', { class: 'plam-kpi', id },
      h('h3', { class: 'fr-h6 fr-mb-1w' }, title),
      h('p', { class: 'fr-h3 fr-mb-1w' }, h('strong', {}, value)),
      h('p', { class: 'fr-text--sm fr-mb-0' }, detail)));
}

boot({
  current: null,
  title: D.title,
  requireAuth: true,
  perm: PERM.dashRead,
  async render(container, { session }) {
    const params = new URLSearchParams(location.search);
    const query = Object.fromEntries(FILTERS.filter((k) => params.get(k)).map((k) => [k, params.get(k)]));
    const notices = noticeArea();
    const intro = h('p', { id: 'portee' });
    const summary = h('div', { id: 'resume' });
    const tableArea = h('div', { id: 'tableau' });
    const weeksArea = h('div', { id: 'semaines' });
    container.append(h('h1', {}, D.title), intro, notices.el);

    const [{ data: noms }, deps, areas] = await Promise.all([api.get('/api/recruit/nomenclatures'),
      api.get('/api/territories', { level: 'departement' }), api.get('/api/areas')]);
    const depOptions = deps.data.map((d) => ({ value: d.id, label: `${d.name} (${d.code})` }));

    // ---- filters (a GET form: the URL holds the view)
    const f = {
      from: inputField({ name: 'from', label: D.from, type: 'date', value: query.from || '' }),
      to: inputField({ name: 'to', label: D.to, type: 'date', value: query.to || '' }),
      departement: selectField({ name: 'departement', label: D.departement, placeholder: D.all, options: depOptions, value: query.departement || '' }),
      area_id: selectField({ name: 'area_id', label: D.area, placeholder: D.all,
        options: areas.data.map((a) => ({ value: String(a.id), label: a.name })), value: query.area_id || '' }),
      profession: selectField({ name: 'profession', label: D.profession, placeholder: D.all,
        options: noms.professions.map((p) => ({ value: p.code, label: p.label })), value: query.profession || '' }),
      by: selectField({ name: 'by', label: D.by, placeholder: null,
        options: Object.entries(D.byOptions).map(([value, label]) => ({ value, label })), value: query.by || 'departement' }),
    };
    const col = (field) => h('div', { class: 'fr-col-12 fr-col-sm-6 fr-col-lg-4' }, field.group);
    const form = h('form', { id: 'filtres', method: 'get', action: location.pathname },
      h('fieldset', { class: 'fr-fieldset' }, h('legend', { class: 'fr-fieldset__legend' }, D.filtersTitle),
        h('div', { class: 'fr-grid-row fr-grid-row--gutters fr-mb-2w plam-filters' }, Object.values(f).map(col))),
      h('ul', { class: 'fr-btns-group fr-btns-group--inline-md' },
        h('li', {}, button(D.apply, { type: 'submit' })),
        h('li', {}, h('a', { class: 'fr-btn fr-btn--tertiary', href: location.pathname }, D.reset))));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const changes = {};
      for (const k of FILTERS) changes[k] = (f[k].input || f[k].select).value;
      if (changes.by === 'departement') changes.by = '';
      location.assign(hrefWith(changes));
    });
    container.append(form, summary, tableArea, weeksArea);

    let data;
    try {
      ({ data } = await api.get('/api/recruit-dashboard', query));
    } catch (e) {
      notices.show(errorAlert(e), { focus: true });
      applyFieldErrors(e, f);
      return;
    }
    intro.textContent = data.scope === 'all' ? D.introAll : D.introOrg;
    const t = data.total;
    replace(summary, h('h2', { class: 'fr-mt-4w' }, D.totalTitle), h('div', { class: 'fr-grid-row fr-grid-row--gutters' },
      card('kpi-besoins', D.kpi.needs, String(t.needs_posted), fmt(D.kpi.needsDetail, { filled: t.needs_filled, cancelled: t.needs_cancelled })),
      card('kpi-pourvoi', D.kpi.fill, pct(t.fill_rate), fmt(D.kpi.fillDetail, { held: t.places_filled, asked: t.places_asked })),
      card('kpi-delai', D.kpi.ttf, hours(t.time_to_fill_hours), fmt(D.kpi.ttfDetail, { n: t.time_to_fill_needs })),
      card('kpi-reponse', D.kpi.response, pct(t.response_rate), fmt(D.kpi.responseDetail, { answered: t.offers_answered, closed: t.offers_closed })),
      card('kpi-vivier', D.kpi.pool, `${t.pool_size} / ${t.deployed}`, fmt(D.kpi.poolDetail, { pool: t.pool_size, deployed: t.deployed }))));

    const cols = [{ label: D.col.key, wrap: true }, { label: D.col.needs }, { label: D.col.cancelled }, { label: D.col.places },
      { label: D.col.fill }, { label: D.col.ttf }, { label: D.col.response }, { label: D.col.pool }, { label: D.col.deployed }];
    const cells = (r, label) => [label, String(r.needs_posted), String(r.needs_cancelled), `${r.places_filled} / ${r.places_asked}`,
      pct(r.fill_rate), hours(r.time_to_fill_hours), pct(r.response_rate), r.pool_size === null ? D.none : String(r.pool_size), String(r.deployed)];
    const rowLabel = (r) => (data.by === 'week' ? weekLabel(r.key) : r.label || r.key);
    const csvHref = '/api/recruit-dashboard.csv' + (new URLSearchParams(query).toString() ? '?' + new URLSearchParams(query) : '');
    replace(tableArea, h('h2', { class: 'fr-mt-4w' }, fmt(D.tableTitle, { by: D.byOptions[data.by] })),
      data.rows.length ? dataTable({ caption: fmt(D.tableCaption, { n: data.rows.length }), columns: cols,
        rows: data.rows.map((r) => cells(r, rowLabel(r))) }) : h('p', {}, D.tableNone),
      h('p', {}, h('a', { id: 'export-csv', class: 'fr-link fr-icon-download-line fr-link--icon-left', href: csvHref, download: '' }, D.csv)));

    // ---- weekly series: a table, with a bar per week for the needs posted
    const max = Math.max(1, ...data.weeks.map((w) => w.needs_posted));
    replace(weeksArea, h('h2', { class: 'fr-mt-4w' }, D.weeksTitle),
      data.weeks.length ? dataTable({
        caption: fmt(D.weeksCaption, { n: data.weeks.length }),
        columns: [{ label: D.col.key, wrap: true }, { label: D.col.needs }, { label: D.col.places }, { label: D.col.fill },
          { label: D.col.ttf }, { label: D.col.response }, { label: D.col.deployed }],
        rows: data.weeks.map((w) => [weekLabel(w.key),
          h('span', { class: 'plam-bar-cell' }, h('span', { class: 'plam-bar-track', 'aria-hidden': 'true' }, bar(w.needs_posted / max)), String(w.needs_posted)),
          `${w.places_filled} / ${w.places_asked}`, pct(w.fill_rate), hours(w.time_to_fill_hours), pct(w.response_rate), String(w.deployed)]),
      }) : h('p', {}, D.weeksNone),
      h('h2', { class: 'fr-mt-4w' }, D.definitionsTitle), h('ul', { id: 'definitions' }, D.definitions.map((x) => h('li', {}, x))));

    if (can(session, PERM.dashManage)) await staffLinks(container);
  },
});

// ---- plan staff: the indicators fed by these measures
async function staffLinks(container) {
  const notices = noticeArea();
  const area = h('div', { id: 'indicateurs-relies' });
  container.append(h('h2', { class: 'fr-mt-6w' }, D.linksTitle), h('p', {}, D.linksIntro), notices.el, area);
  const [{ data: noms }, { data: plans }] = await Promise.all([api.get('/api/recruit/nomenclatures'), api.get('/api/plans')]);
  async function load() {
    const { data: links } = await api.get('/api/recruit-dashboard/links');
    replace(area, links.length ? dataTable({
      caption: fmt(D.linksCaption, { n: links.length }),
      columns: [{ label: D.colIndicator, wrap: true }, { label: D.colMetric, wrap: true }, { label: D.colProfession, wrap: true }, { label: D.colActions }],
      rows: links.map((l) => [`${l.action_number} — ${l.indicator_name} (${l.indicator_code})`, D.metrics[l.metric] || l.metric,
        l.profession ? (noms.professions.find((p) => p.code === l.profession)?.label || l.profession) : D.allProfessions,
        button(D.unlink, { kind: 'secondary', small: true, attrs: { 'data-link': String(l.id), onclick: async () => {
          if (!window.confirm(fmt(D.unlinkConfirm, { code: l.indicator_code }))) return;
          try { await api.del(`/api/recruit-dashboard/links/${l.id}`); notices.show(alert('success', D.unlinked)); await load(); } catch (e) { notices.show(errorAlert(e), { focus: true }); }
        } } })]),
    }) : h('p', {}, D.linksNone));
  }
  await load();
  const recompute = button(D.recompute, { kind: 'secondary', attrs: { id: 'recalculer', onclick: async () => {
    try {
      const { data } = await api.post('/api/recruit-dashboard/measurements');
      notices.show(alert('success', fmt(D.recomputed, { n: data.measurements_proposed })));
    } catch (e) { notices.show(errorAlert(e), { focus: true }); }
  } } });
  // link an indicator: plan, then one of its indicators
  const plan = selectField({ name: 'plan', label: D.plan, options: plans.map((p) => ({ value: String(p.id), label: p.short_title || p.title })) });
  const indicator = selectField({ name: 'indicator_id', label: D.indicator, required: true, options: [] });
  const metric = selectField({ name: 'metric', label: D.metric, required: true, options: Object.entries(D.metrics).map(([value, label]) => ({ value, label })) });
  const profession = selectField({ name: 'profession', label: D.colProfession, placeholder: D.allProfessions,
    options: noms.professions.map((p) => ({ value: p.code, label: p.label })) });
  async function indicatorsOf(id) {
    if (!id) { indicator.setOptions([]); return; }
    const { data: p } = await api.get(`/api/plans/${encodeURIComponent(id)}`);
    indicator.setOptions(p.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators.map((i) => ({ value: String(i.id), label: `${a.number} — ${i.name}` }))));
  }
  plan.select.addEventListener('change', () => indicatorsOf(plan.select.value).catch((e) => notices.show(errorAlert(e))));
  const fields = { indicator_id: indicator, metric, profession };
  const form = h('form', { id: 'relier', class: 'fr-mt-4w' }, h('h3', {}, D.linkTitle), plan.group, indicator.group, metric.group, profession.group,
    button(D.link, { type: 'submit' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const x of Object.values(fields)) x.setError(null);
    const body = { indicator_id: Number(indicator.select.value), metric: metric.select.value };
    if (profession.select.value) body.profession = profession.select.value;
    try {
      const { data } = await api.post('/api/recruit-dashboard/links', body);
      notices.show(alert('success', fmt(D.linked, { n: data.measurements_proposed })));
      await load();
    } catch (e) {
      notices.show(errorAlert(e), { focus: true });
      applyFieldErrors(e, fields);
    }
  });
  container.append(h('p', { class: 'fr-mt-2w' }, recompute), form);
}
