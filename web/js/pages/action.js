// An action sheet (action.html?id=&plan=): objective, pilots and actors,
// roadmap, progress of the action and its indicators with their
// explanations, météo history. Pilots of the action (and plan staff) update
// its status, give its météo and propose indicator values; the server
// decides (a 403 hides the forms). Anyone with contribution.write sends a
// contribution on the action.
import { T } from '../texts.js';
import { h, fmt, replace, uid, appendAll } from '../dom.js';
import { boot } from '../layout.js';
import { api, ApiError } from '../api.js';
import { can, PERM } from '../sections.js';
import {
  alert, errorAlert, noticeArea, inputField, selectField, button, dataTable, applyFieldErrors,
} from '../ui.js';
import {
  planTitle, progressBar, explainAggregate, explainIndicator, partNamer, statusBadge, weatherBadge,
  territories, territoryName, date, today, cap, findAction, mayUpdateAction, actionName, actionRef, currentValueLine,
} from '../plan-ui.js';
import { contributionForm, contributionList } from '../contrib-ui.js';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a French or plain decimal number; NaN when invalid. */
export function parseNumber(text) {
  const t = String(text || '').trim().replace(/\s+/g, '').replace(',', '.');
  if (!/^[-+]?\d+(\.\d+)?$/.test(t)) return Number.NaN;
  return Number(t);
}

function textArea({ id = uid('texte'), label, hint = null, required = false, rows = 3 }) {
  const area = h('textarea', { class: 'fr-input', id, name: id, rows: String(rows), required: required || null });
  const messages = h('div', { class: 'fr-messages-group', id: `${id}-messages`, 'aria-live': 'polite' });
  area.setAttribute('aria-describedby', `${id}-messages`);
  const group = h('div', { class: 'fr-input-group' },
    h('label', { class: 'fr-label', for: id }, label, required ? T.common.requiredMark : null, hint ? h('span', { class: 'fr-hint-text' }, hint) : null),
    area, messages);
  return {
    group,
    input: area,
    setError(message) {
      group.classList.toggle('fr-input-group--error', !!message);
      area.classList.toggle('fr-input--error', !!message);
      if (message) { area.setAttribute('aria-invalid', 'true'); replace(messages, h('p', { class: 'fr-message fr-message--error' }, message)); } else { area.removeAttribute('aria-invalid'); messages.replaceChildren(); }
    },
  };
}
export { textArea };

/** DSFR radio buttons group. Returns {fieldset, value(), setError}. */
function radios({ id, legend, name, options, required = false }) {
  const messages = h('div', { class: 'fr-messages-group', id: `${id}-messages`, 'aria-live': 'polite' });
  const fieldset = h('fieldset', { class: 'fr-fieldset', id, 'aria-labelledby': `${id}-legend ${id}-messages` },
    h('legend', { class: 'fr-fieldset__legend--regular fr-fieldset__legend', id: `${id}-legend` }, legend, required ? T.common.requiredMark : null),
    options.map((o, i) => h('div', { class: 'fr-fieldset__element' },
      h('div', { class: 'fr-radio-group' },
        h('input', { type: 'radio', id: `${id}-${i}`, name, value: o.value }),
        h('label', { class: 'fr-label', for: `${id}-${i}` }, o.label)))),
    messages);
  return {
    fieldset,
    value: () => { const c = fieldset.querySelector('input:checked'); return c ? c.value : ''; },
    setError(message) {
      fieldset.classList.toggle('fr-fieldset--error', !!message);
      if (message) replace(messages, h('p', { class: 'fr-message fr-message--error' }, message)); else messages.replaceChildren();
    },
    focus() { const f = fieldset.querySelector('input'); if (f) f.focus(); },
  };
}

function forbiddenOr(e, area) {
  if (e instanceof ApiError && e.status === 403) {
    replace(area, alert('info', T.action.forbidden));
    return true;
  }
  return false;
}

function statusForm(action, onSaved, area) {
  const notices = noticeArea();
  // An unknown status is offered as such, not preselected as "à venir".
  const unknown = action.status_known === false;
  const sel = selectField({ id: 'statut-action', name: 'status', label: T.action.status, required: true, placeholder: unknown ? T.known.statusUnknown : null,
    options: Object.entries(T.actionStatus).map(([value, label]) => ({ value, label })), value: unknown ? '' : action.status });
  const submit = button(T.action.statusSave, { type: 'submit', kind: 'secondary' });
  const form = h('form', { id: 'formulaire-statut', novalidate: true }, notices.el, sel.group, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    sel.setError(null);
    if (!sel.select.value) { sel.setError(T.known.errStatus); sel.select.focus(); return; }
    submit.disabled = true;
    try {
      const { data } = await api.patch(`/api/actions/${encodeURIComponent(action.id)}`, { status: sel.select.value });
      notices.show(alert('success', fmt(T.action.statusSaved, { status: T.actionStatus[data.status] || data.status })));
      onSaved(data);
    } catch (e) {
      if (!forbiddenOr(e, area)) { applyFieldErrors(e, { status: sel }); notices.show(errorAlert(e), { focus: true }); }
    } finally { submit.disabled = false; }
  });
  return h('section', { 'aria-labelledby': 'titre-statut', class: 'fr-mb-4w' }, h('h3', { id: 'titre-statut', class: 'fr-h5' }, T.action.statusTitle), form);
}

function weatherForm(action, onSaved, area) {
  const notices = noticeArea();
  const level = radios({ id: 'meteo-niveau', name: 'level', legend: T.action.weatherLegend, required: true,
    options: Object.entries(T.weather.levels).map(([value, label]) => ({ value, label })) });
  const on = inputField({ id: 'meteo-date', name: 'judged_on', label: T.action.weatherDate, type: 'date', required: true, value: today() });
  const comment = textArea({ id: 'meteo-commentaire', label: T.action.weatherComment, hint: T.action.weatherCommentHint });
  const submit = button(T.action.weatherSave, { type: 'submit', kind: 'secondary' });
  const form = h('form', { id: 'formulaire-meteo', novalidate: true }, notices.el, level.fieldset, on.group, comment.group, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    notices.clear(); level.setError(null); on.setError(null);
    const v = { level: level.value(), judged_on: on.input.value, comment: comment.input.value.trim() || null };
    if (!v.level) { level.setError(T.action.errWeatherLevel); level.focus(); return; }
    if (!DATE_RE.test(v.judged_on)) { on.setError(T.action.errDate); on.input.focus(); return; }
    submit.disabled = true;
    try {
      const { data } = await api.post(`/api/actions/${encodeURIComponent(action.id)}/weather`, v);
      notices.show(alert('success', fmt(T.action.weatherSaved, { level: T.weather.levels[data.level] || data.level })));
      form.reset(); on.input.value = today();
      onSaved(data);
    } catch (e) {
      if (!forbiddenOr(e, area)) { applyFieldErrors(e, { judged_on: on, comment }); notices.show(errorAlert(e), { focus: true }); }
    } finally { submit.disabled = false; }
  });
  return h('section', { 'aria-labelledby': 'titre-meteo-form', class: 'fr-mb-4w' }, h('h3', { id: 'titre-meteo-form', class: 'fr-h5' }, T.action.weatherTitle), form);
}

function measurementForm(action, plan, terr, area) {
  const inds = action.indicators || [];
  if (!inds.length) return h('p', {}, T.action.noIndicatorToMeasure);
  const notices = noticeArea();
  const ind = selectField({ id: 'mesure-indicateur', name: 'indicator', label: T.action.measureIndicator, required: true,
    options: inds.map((i) => ({ value: String(i.id), label: i.unit ? `${i.name} (${i.unit})` : i.name })), value: inds.length === 1 ? String(inds[0].id) : '' });
  // Only the territories the chosen indicator is measured on (its scope, or
  // its départements): a region-only indicator offers no département.
  const whereOf = (i) => (i && Array.isArray(i.measured_territories) && i.measured_territories.length ? i.measured_territories : [i ? i.scope_id : plan.region_id]).filter(Boolean);
  const place = selectField({ id: 'mesure-territoire', name: 'territory_id', label: T.action.measureTerritory, required: true, options: [], value: '' });
  const syncPlaces = () => {
    const chosen = inds.find((i) => String(i.id) === ind.select.value);
    const ids = chosen ? whereOf(chosen) : [];
    const keep = place.select.value;
    place.setOptions(ids.map((id) => ({ value: id, label: territoryName(terr, id) })),
      ids.includes(keep) ? keep : ids.length === 1 ? ids[0] : '');
  };
  ind.select.addEventListener('change', syncPlaces);
  syncPlaces();
  const on = inputField({ id: 'mesure-date', name: 'value_on', label: T.action.measureDate, type: 'date', required: true, value: today() });
  const kind = radios({ id: 'mesure-type', name: 'measure-kind', legend: T.action.measureKind,
    options: [{ value: 'value', label: T.action.measureKindValue }, { value: 'ratio', label: T.action.measureKindRatio }] });
  kind.fieldset.querySelector('input').checked = true;
  const value = inputField({ id: 'mesure-valeur', name: 'value', label: T.action.measureValue, hint: T.action.measureValueHint, required: true, attrs: { inputmode: 'decimal', autocomplete: 'off' } });
  const numerator = inputField({ id: 'mesure-numerateur', name: 'numerator', label: T.action.measureNumerator, required: true, attrs: { inputmode: 'decimal', autocomplete: 'off' } });
  const denominator = inputField({ id: 'mesure-denominateur', name: 'denominator', label: T.action.measureDenominator, required: true, attrs: { inputmode: 'decimal', autocomplete: 'off' } });
  const ratioBox = h('div', { class: 'fr-grid-row fr-grid-row--gutters', hidden: true },
    h('div', { class: 'fr-col-12 fr-col-md-6' }, numerator.group), h('div', { class: 'fr-col-12 fr-col-md-6' }, denominator.group));
  const syncKind = () => { const r = kind.value() === 'ratio'; ratioBox.hidden = !r; value.group.hidden = r; };
  kind.fieldset.addEventListener('change', syncKind);
  // A count or an amount (aggregated by sum) takes a value only: no numerator/denominator choice.
  const syncAllowed = () => {
    const chosen = inds.find((i) => String(i.id) === ind.select.value);
    const valueOnly = !!chosen && chosen.aggregation === 'sum';
    kind.fieldset.hidden = valueOnly;
    if (valueOnly) { kind.fieldset.querySelector('input').checked = true; syncKind(); }
  };
  ind.select.addEventListener('change', syncAllowed);
  syncAllowed();
  const source = inputField({ id: 'mesure-source', name: 'source', label: T.action.measureSource, hint: T.action.measureSourceHint, required: true, attrs: { maxlength: '500' } });
  const comment = textArea({ id: 'mesure-commentaire', label: T.action.measureComment, rows: 2 });
  const submit = button(T.action.measureSave, { type: 'submit' });
  const fields = { indicator: ind, territory_id: place, value_on: on, value, numerator, denominator, source, comment };
  const form = h('form', { id: 'formulaire-mesure', novalidate: true },
    h('p', { class: 'fr-text--sm' }, T.common.required), notices.el,
    h('div', { class: 'fr-grid-row fr-grid-row--gutters' },
      h('div', { class: 'fr-col-12 fr-col-md-6' }, ind.group), h('div', { class: 'fr-col-12 fr-col-md-6' }, place.group),
      h('div', { class: 'fr-col-12 fr-col-md-6' }, on.group)),
    kind.fieldset, value.group, ratioBox, source.group, comment.group, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    notices.clear();
    Object.values(fields).forEach((f) => f.setError(null));
    const bad = [];
    const body = { territory_id: place.select.value, value_on: on.input.value, source: source.input.value.trim() };
    if (!ind.select.value) { ind.setError(T.action.errIndicator); bad.push(ind.select); }
    if (!body.territory_id) { place.setError(T.action.errTerritory); bad.push(place.select); }
    if (!DATE_RE.test(body.value_on)) { on.setError(T.action.errDate); bad.push(on.input); }
    if (kind.value() === 'ratio') {
      const n = parseNumber(numerator.input.value); const d = parseNumber(denominator.input.value);
      if (Number.isNaN(n)) { numerator.setError(T.action.errNumber); bad.push(numerator.input); }
      if (Number.isNaN(d)) { denominator.setError(T.action.errNumber); bad.push(denominator.input); }
      body.numerator = n; body.denominator = d;
    } else {
      const v = parseNumber(value.input.value);
      if (Number.isNaN(v)) { value.setError(T.action.errNumber); bad.push(value.input); }
      body.value = v;
    }
    if (!body.source) { source.setError(T.action.errSource); bad.push(source.input); }
    const c = comment.input.value.trim();
    if (c) body.comment = c;
    if (bad.length) { bad[0].focus(); return; }
    submit.disabled = true;
    try {
      await api.post(`/api/indicators/${encodeURIComponent(ind.select.value)}/measurements`, body);
      notices.show(alert('success', T.action.measureSaved), { focus: true });
      value.input.value = ''; numerator.input.value = ''; denominator.input.value = ''; comment.input.value = '';
    } catch (e) {
      if (!forbiddenOr(e, area)) {
        const first = applyFieldErrors(e, fields);
        notices.show(errorAlert(e), { focus: !first });
        if (first) first.focus();
      }
    } finally { submit.disabled = false; }
  });
  return h('section', { 'aria-labelledby': 'titre-mesure', class: 'fr-mb-4w' }, h('h3', { id: 'titre-mesure', class: 'fr-h5' }, T.action.measureTitle), form);
}

boot({
  current: 'plans',
  title: T.action.titleFallback,
  async render(container, { session }) {
    const params = new URLSearchParams(location.search);
    const id = params.get('id');
    if (!id) {
      container.append(h('h1', {}, T.action.titleFallback), alert('error', T.action.missingId));
      return;
    }
    const [found, terr] = await Promise.all([findAction(id, params.get('plan')), territories()]);
    if (!found) {
      container.append(h('h1', {}, T.action.titleFallback), alert('error', T.action.notFound),
        h('p', {}, h('a', { href: '/plans.html' }, T.plan.back)));
      return;
    }
    const { plan, axis, action } = found;
    const pid = encodeURIComponent(plan.id);
    const [{ data: dash }, weather] = await Promise.all([
      api.get(`/api/plans/${pid}/dashboard`, null, { redirectOn401: false }),
      api.get(`/api/actions/${encodeURIComponent(action.id)}/weather`, null, { redirectOn401: false }).then((r) => r.data, () => []),
    ]);
    const axisLabel = plan.axis_label || 'axe';
    const names = partNamer(dash, axisLabel, plan);
    const dA = (dash.actions || []).find((a) => a.id === action.id) || {};
    const dInds = new Map((dash.indicators || []).map((i) => [i.id, i]));
    const aName = actionName(action);
    const internal = action.number_in_source === false; // numbered by plam, not by the source
    document.title = document.title.replace(T.action.titleFallback, internal ? `${T.action.titleFallback} — ${action.title}` : `${T.action.titleFallback} ${action.number}`);

    const badges = h('div', { class: 'plam-badges', id: 'badges-action' }, statusBadge(action.status, action.status_known), weatherBadge(dA.weather || weather[0] || null));
    appendAll(container,
      h('p', { class: 'fr-mb-2w' }, h('a', { class: 'fr-link fr-icon-arrow-left-line fr-link--icon-left', href: `/plan.html?id=${pid}` }, `${T.action.backToPlan} ${planTitle(plan)}`)),
      internal
        ? h('h1', {}, T.known.actionNoNumber, h('br'), h('span', { class: 'fr-h3' }, action.title))
        : h('h1', {}, fmt('{t} {n}', { t: T.action.titleFallback, n: action.number }), h('br'), h('span', { class: 'fr-h3' }, action.title)),
      internal ? h('p', { class: 'fr-text--sm', 'data-plam': 'ref-interne' }, `${actionRef(action)} — ${T.known.internalRefHint}`) : null,
      h('p', { class: 'fr-text--sm' }, fmt(T.action.axis, { label: cap(axisLabel), number: axis.number, title: axis.title })),
      badges);

    const info = [];
    if (action.objective) info.push([T.action.objective, action.objective]);
    if (action.description) info.push([T.action.description, action.description]);
    if (action.project_support) info.push([T.action.projectSupport, action.project_support]);
    if (action.refs) info.push([T.action.refs, action.refs]);
    if (info.length) container.append(h('dl', { class: 'plam-dl' }, info.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));

    // --- progress ------------------------------------------------------------
    const inds = (action.indicators || []).map((ind) => {
      const r = dInds.get(ind.id) && dInds.get(ind.id).result;
      return h('li', { class: 'plam-indicator', 'data-plam-indicator': String(ind.id) },
        h('p', { class: 'plam-indicator__name' }, h('a', { href: `/indicateur.html?id=${encodeURIComponent(ind.id)}` }, ind.name)),
        currentValueLine(r, ind), progressBar(r, ind.name), explainIndicator(r, ind.name, terr, ind.unit, null, ind.targets, ind.accumulation));
    });
    container.append(h('section', { class: 'plam-panel fr-mb-4w', 'aria-labelledby': 'titre-avancement-action', 'data-plam-figure': `action-${action.id}` },
      h('h2', { id: 'titre-avancement-action' }, T.action.progressTitle),
      progressBar(dA.progress, aName), explainAggregate(dA.progress, aName, names.indicator),
      inds.length ? [h('h3', { class: 'fr-h6 fr-mt-3w' }, T.plan.indicatorsTitle), h('ul', { class: 'plam-indicator-list' }, inds)] : h('p', {}, T.plan.noIndicators)));

    // --- pilots, roadmap, météo ------------------------------------------------
    const partners = action.partners || [];
    if (partners.length) {
      container.append(h('h2', {}, T.action.partnersTitle), dataTable({ id: 'tableau-partenaires', caption: T.action.partnersCaption,
        columns: [{ label: T.action.colOrg, wrap: true }, { label: T.action.colRole }, { label: T.action.colPerson, wrap: true }],
        rows: partners.map((p) => [p.org_name || T.common.none, T.action.roles[p.role] || p.role, p.person || T.common.none]) }));
    }
    container.append(h('h2', {}, T.action.roadmapTitle), (action.roadmap || []).length
      ? dataTable({ id: 'tableau-feuille-de-route', caption: T.action.roadmapCaption, columns: [{ label: T.action.colStep, wrap: true }, { label: T.action.colDue }, { label: T.action.colDone }],
        rows: action.roadmap.map((r) => [r.title, date(r.due_on), date(r.done_on)]) })
      : h('p', {}, T.action.noRoadmap));

    const weatherArea = h('div', { id: 'historique-meteo' });
    const renderWeather = (list) => replace(weatherArea, list.length
      ? dataTable({ caption: T.weather.historyCaption, columns: [{ label: T.weather.colDate }, { label: T.weather.colLevel }, { label: T.weather.colComment, wrap: true }, { label: T.weather.colAuthor }],
        rows: list.map((w) => [date(w.judged_on), weatherBadge(w), w.comment || T.common.none, w.author_login || T.common.none]) })
      : h('p', {}, T.weather.noHistory));
    renderWeather(weather);
    container.append(h('h2', {}, T.weather.historyTitle), weatherArea);

    // --- pilot forms -------------------------------------------------------------
    if (mayUpdateAction(session, action) || (can(session, PERM.measurementPropose) && can(session, PERM.planWrite))) {
      const area = h('div', {});
      let current = { ...action };
      appendAll(area,
        h('p', {}, T.action.pilotIntro),
        statusForm(current, (a) => { current = a; replace(badges, statusBadge(a.status, a.status_known), badges.children[1]); }, area),
        weatherForm(action, async (w) => {
          const list = await api.get(`/api/actions/${encodeURIComponent(action.id)}/weather`, null, { redirectOn401: false }).then((r) => r.data, () => [w]);
          renderWeather(list);
          replace(badges, badges.children[0], weatherBadge(list[0] || w));
        }, area),
        can(session, PERM.measurementPropose) ? measurementForm(action, plan, terr, area) : null);
      container.append(h('section', { class: 'fr-mt-6w', id: 'mise-a-jour', 'aria-labelledby': 'titre-mise-a-jour' },
        h('h2', { id: 'titre-mise-a-jour' }, T.action.pilotTitle), area));
    }

    // --- contributions -------------------------------------------------------------
    if (can(session, PERM.contributionRead) || can(session, PERM.contributionWrite)) {
      const listArea = h('div', { id: 'contributions-action' });
      const reload = () => contributionList(listArea, { plan, session, actionId: action.id, headingLevel: 3 });
      container.append(h('section', { class: 'fr-mt-6w', 'aria-labelledby': 'titre-contributions' },
        h('h2', { id: 'titre-contributions' }, T.action.contributionsTitle), listArea,
        can(session, PERM.contributionWrite) ? contributionForm({ plan, actionId: action.id, onSent: reload }) : null));
      await reload();
    }
  },
});
