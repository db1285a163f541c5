// Formation (formation.html): capacities against targets, short qualifying
// sessions, apprenticeship contracts, dropouts and their prevention actions
// (issue 12). An institute account sees and enters the rows of its own
// institutes; plan staff see everything, filter by territory, year and
// programme (the capacity table shows each département and their région),
// and choose which plan indicators these figures feed. The server enforces
// every permission; this page only shows what the session may do.
import { T } from '../texts.js';
import { h, fmt, replace, formatDateTime } from '../dom.js';
import { date } from '../plan-ui.js';
import { boot } from '../layout.js';
import { api, ApiError } from '../api.js';
import { PERM, can } from '../sections.js';
import { alert, errorAlert, noticeArea, inputField, selectField, button, dataTable, applyFieldErrors } from '../ui.js';

const TT = T.training;
const none = TT.none;
const pct = (v) => (v === null || v === undefined ? none : `${String(v).replace('.', ',')} %`);
const num = (v) => (v === null || v === undefined ? none : Number(v).toLocaleString('fr-FR'));

function section(id, title, intro, ...children) {
  return h('section', { id, 'aria-labelledby': `titre-${id}`, class: 'fr-mb-6w' },
    h('h2', { id: `titre-${id}` }, title), intro ? h('p', {}, intro) : null, ...children);
}

/** A small form: fields {name: {group, input|select, setError}}, submit → body. */
function smallForm(id, legend, fields, submitLabel, onSubmit) {
  const notices = noticeArea();
  const form = h('form', { id, novalidate: true, class: 'fr-mb-3w' },
    h('fieldset', { class: 'fr-fieldset' }, h('legend', { class: 'fr-fieldset__legend' }, legend),
      ...Object.values(fields).map((f) => h('div', { class: 'fr-fieldset__element' }, f.group))),
    button(submitLabel, { type: 'submit' }), notices.el);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    Object.values(fields).forEach((f) => f.setError(null));
    notices.clear();
    try {
      const msg = await onSubmit();
      notices.show(alert('success', msg));
    } catch (err) {
      const first = applyFieldErrors(err, fields);
      if (first) first.focus(); else notices.show(errorAlert(err), { focus: true });
    }
  });
  return form;
}

const value = (f) => (f.input || f.select).value.trim();
const intOrNull = (f) => (value(f) === '' ? undefined : Number(value(f)));

boot({
  current: 'formation',
  title: TT.title,
  requireAuth: true,
  perm: PERM.trainRead,
  async render(container, { session }) {
    const staff = can(session, PERM.trainManage);
    const params = new URLSearchParams(location.search);
    container.append(h('h1', {}, TT.title), h('p', { class: 'fr-text--lead' }, staff ? TT.intro : TT.introInstitute));

    const [{ data: programmes }, { data: institutes }, { data: territories }] = await Promise.all([
      api.get('/api/training/programmes'), api.get('/api/training/institutes'), api.get('/api/territories'),
    ]);
    const progLabel = (code) => (programmes.find((p) => p.code === code) || { label: code }).label;
    const deps = territories.filter((t) => t.level === 'departement');
    const terrName = (id) => (territories.find((t) => t.id === id) || { name: id }).name;
    const progOptions = programmes.map((p) => ({ value: p.code, label: p.label }));
    const instOptions = institutes.map((i) => ({ value: String(i.id), label: i.name }));
    const years = []; for (let y = new Date().getFullYear() + 1; y >= 2019; y--) years.push({ value: String(y), label: String(y) });

    // ---- filters (staff) ----
    const query = {};
    for (const k of ['territory', 'year', 'programme']) if (params.get(k)) query[k] = params.get(k);
    if (staff) {
      const fTerr = selectField({ id: 'filtre-territoire', name: 'territory', label: TT.territory, placeholder: TT.allTerritories,
        options: [...territories.filter((t) => t.level === 'region').map((t) => ({ value: t.id, label: t.name })), ...deps.map((t) => ({ value: t.id, label: `${t.name} (${t.code})` }))], value: query.territory || '' });
      const fYear = selectField({ id: 'filtre-annee', name: 'year', label: TT.year, placeholder: TT.allYears, options: years, value: query.year || '' });
      const fProg = selectField({ id: 'filtre-formation', name: 'programme', label: TT.programme, placeholder: TT.allProgrammes, options: progOptions, value: query.programme || '' });
      container.append(h('form', { method: 'get', action: '/formation.html', class: 'fr-mb-4w', 'data-plam': 'filtres' },
        h('fieldset', { class: 'fr-fieldset' }, h('legend', { class: 'fr-fieldset__legend' }, TT.filters),
          ...[fTerr, fYear, fProg].map((f) => h('div', { class: 'fr-fieldset__element fr-fieldset__element--inline' }, f.group))),
        button(TT.apply, { type: 'submit', kind: 'secondary' })));
    }

    // ---- capacities ----
    const { data: caps } = await api.get('/api/training/capacity-summary', query);
    const capRows = caps.map((r) => [
      r.territory_name || terrName(r.territory_id), progLabel(r.programme), String(r.year), num(r.places),
      `${num(r.places_school)} / ${num(r.places_apprenticeship)} / ${num(r.places_further)}`,
      num(r.increase), num(r.target_increase), r.increase_gap === null ? none : (r.increase_gap > 0 ? '+' : '') + num(r.increase_gap),
      num(r.filled), pct(r.fill_rate), num(r.target_intake)]);
    const capCols = [TT.colTerritory, TT.colProgramme, TT.colYear, TT.colPlaces, TT.colByRoute, TT.colIncrease, TT.colTargetIncrease, TT.colGap, TT.colFilled, TT.colFill, TT.colIntake].map((label) => ({ label }));
    const capParts = [capRows.length ? dataTable({ id: 'tableau-capacites', caption: TT.capCaption, columns: capCols, rows: capRows }) : h('p', {}, TT.empty)];
    if (can(session, PERM.trainWrite) && institutes.length) {
      const f = {
        institute_id: selectField({ id: 'cap-institut', label: TT.institute, required: true, options: instOptions }),
        programme: selectField({ id: 'cap-formation', label: TT.programme, required: true, options: progOptions }),
        year: selectField({ id: 'cap-annee', label: TT.year, required: true, options: years, value: String(new Date().getFullYear()) }),
        route: selectField({ id: 'cap-voie', label: TT.route, required: true, placeholder: null, value: 'school', options: ['school', 'apprenticeship', 'further'].map((v) => ({ value: v, label: TT.routes[v] })) }),
        places: inputField({ id: 'cap-places', label: TT.places, required: true, type: 'number', attrs: { min: '0', max: '100000' } }),
        increase: inputField({ id: 'cap-augmentation', label: TT.increase, type: 'number', attrs: { min: '-100000', max: '100000' } }),
        filled: inputField({ id: 'cap-entrants', label: TT.filled, type: 'number', attrs: { min: '0', max: '100000' } }),
        source: inputField({ id: 'cap-source', label: TT.source, attrs: { maxlength: '300' } }),
      };
      capParts.push(smallForm('formulaire-capacite', TT.capForm, f, TT.save, async () => {
        await api.post('/api/training/capacities', {
          institute_id: intOrNull(f.institute_id), programme: value(f.programme) || undefined, year: intOrNull(f.year), route: value(f.route),
          places: intOrNull(f.places), increase: intOrNull(f.increase), filled: intOrNull(f.filled), source: value(f.source) || undefined,
        });
        return TT.capSaved;
      }));
    }
    container.append(section('capacites', TT.capTitle, TT.capIntro, ...capParts));

    // ---- short sessions ----
    const { data: ses } = await api.get('/api/training/sessions', query);
    const sesParts = [];
    if (ses.years.length) sesParts.push(dataTable({ id: 'tableau-sessions-annees', caption: TT.sesYears,
      columns: [TT.colYear, TT.colSessions, TT.colPlaces, TT.colEnrolled, TT.colFill].map((label) => ({ label })),
      rows: ses.years.map((y) => [String(y.year), num(y.sessions), num(y.places), num(y.enrolled), pct(y.fill_rate)]) }));
    sesParts.push(ses.sessions.length ? dataTable({ id: 'tableau-sessions', caption: TT.sesCaption,
      columns: [TT.colTitle, TT.colDep, TT.colHours, TT.colStart, TT.colPlaces, TT.colEnrolled, TT.colFill].map((label) => ({ label, wrap: label === TT.colTitle })),
      rows: ses.sessions.map((s) => [s.title, terrName(s.departement), fmt(TT.hours, { n: s.hours }), date(s.starts_on, true), num(s.places), num(s.enrolled), pct(s.fill_rate)]) }) : h('p', {}, TT.empty));
    if (can(session, PERM.trainWrite) && (staff || institutes.length)) {
      const f = {
        title: inputField({ id: 'ses-intitule', label: TT.sesTitleLabel, required: true, attrs: { maxlength: '200' } }),
        hours: inputField({ id: 'ses-duree', label: TT.sesHours, required: true, type: 'number', value: '70', attrs: { min: '1', max: '3000' } }),
        departement: selectField({ id: 'ses-departement', label: TT.sesDep, required: true, options: deps.map((t) => ({ value: t.id, label: `${t.name} (${t.code})` })) }),
        institute_id: selectField({ id: 'ses-institut', label: TT.institute, required: !staff, options: instOptions }),
        starts_on: inputField({ id: 'ses-debut', label: TT.sesStart, required: true, type: 'date' }),
        places: inputField({ id: 'ses-places', label: TT.places, required: true, type: 'number', attrs: { min: '0', max: '100000' } }),
        enrolled: inputField({ id: 'ses-inscrits', label: TT.sesEnrolled, type: 'number', attrs: { min: '0', max: '100000' } }),
      };
      sesParts.push(smallForm('formulaire-session', TT.sesForm, f, TT.save, async () => {
        await api.post('/api/training/sessions', {
          title: value(f.title) || undefined, hours: intOrNull(f.hours), departement: value(f.departement) || undefined,
          institute_id: intOrNull(f.institute_id), starts_on: value(f.starts_on) || undefined, places: intOrNull(f.places), enrolled: intOrNull(f.enrolled),
        });
        return TT.sesSaved;
      }));
    }
    container.append(section('sessions', TT.sesTitle, TT.sesIntro, ...sesParts));

    // ---- apprenticeship ----
    if (can(session, PERM.trainApprentice)) {
      const { data: apps } = await api.get('/api/training/apprentices', query);
      const parts = [apps.length ? dataTable({ id: 'tableau-apprentis', caption: TT.appCaption,
        columns: [TT.colApprentice, TT.colProgramme, TT.colInstitute, TT.colEmployer, TT.colMaster, TT.colDates, TT.colAid, TT.colStatus, TT.colEmployment].map((label) => ({ label })),
        rows: apps.map((a) => [a.apprentice_name, progLabel(a.programme), a.institute_name, a.employer_name, a.master_name, `${date(a.starts_on, true)} → ${date(a.ends_on, true)}`,
          a.master_aid_cents === null ? none : `${num(a.master_aid_cents / 100)} €`, TT.appStatus[a.status] || a.status, TT.employment[a.employment] || a.employment]) }) : h('p', {}, TT.empty)];
      if (institutes.length) {
        const f = {
          apprentice_name: inputField({ id: 'app-nom', label: TT.appName, required: true, attrs: { maxlength: '200', autocomplete: 'off' } }),
          programme: selectField({ id: 'app-formation', label: TT.programme, required: true, options: progOptions }),
          institute_id: selectField({ id: 'app-institut', label: TT.institute, required: true, options: instOptions }),
          employer_name: inputField({ id: 'app-employeur', label: TT.appEmployer, required: true, attrs: { maxlength: '200' } }),
          master_name: inputField({ id: 'app-maitre', label: TT.appMaster, required: true, attrs: { maxlength: '200' } }),
          starts_on: inputField({ id: 'app-debut', label: TT.appStart, required: true, type: 'date' }),
          ends_on: inputField({ id: 'app-fin', label: TT.appEnd, required: true, type: 'date' }),
          master_aid_cents: inputField({ id: 'app-aide', label: TT.appAid, type: 'number', attrs: { min: '0', max: '1000000', step: '0.01' } }),
        };
        parts.push(smallForm('formulaire-apprenti', TT.appForm, f, TT.save, async () => {
          const aid = value(f.master_aid_cents);
          await api.post('/api/training/apprentices', {
            apprentice_name: value(f.apprentice_name) || undefined, programme: value(f.programme) || undefined, institute_id: intOrNull(f.institute_id),
            employer_name: value(f.employer_name) || undefined, master_name: value(f.master_name) || undefined,
            starts_on: value(f.starts_on) || undefined, ends_on: value(f.ends_on) || undefined,
            master_aid_cents: aid === '' ? undefined : Math.round(Number(aid.replace(',', '.')) * 100),
          });
          return TT.appSaved;
        }));
      }
      if (apps.length) {
        const f = {
          contract: selectField({ id: 'suivi-contrat', label: TT.followContract, required: true, options: apps.map((a) => ({ value: String(a.id), label: `${a.apprentice_name} — ${a.employer_name}` })) }),
          status: selectField({ id: 'suivi-statut', label: TT.colStatus, placeholder: TT.unchanged, options: Object.entries(TT.appStatus).map(([v, label]) => ({ value: v, label })) }),
          diploma_on: inputField({ id: 'suivi-diplome', label: TT.followDiploma, type: 'date' }),
          employment: selectField({ id: 'suivi-emploi', label: TT.colEmployment, placeholder: TT.unchanged, options: Object.entries(TT.employment).map(([v, label]) => ({ value: v, label })) }),
          text: inputField({ id: 'suivi-note', label: TT.followNote, attrs: { maxlength: '2000' } }),
        };
        parts.push(smallForm('formulaire-suivi', TT.followForm, f, TT.save, async () => {
          const id = value(f.contract);
          const patch = {};
          for (const k of ['status', 'diploma_on', 'employment']) if (value(f[k])) patch[k] = value(f[k]);
          if (Object.keys(patch).length) await api.patch(`/api/training/apprentices/${encodeURIComponent(id)}`, patch);
          if (value(f.text)) await api.post(`/api/training/apprentices/${encodeURIComponent(id)}/notes`, { noted_on: new Date().toISOString().slice(0, 10), text: value(f.text) });
          return TT.followSaved;
        }));
      }
      container.append(section('apprentissage', TT.appTitle, TT.appIntro, ...parts));
    }

    // ---- dropouts ----
    const { data: drops } = await api.get('/api/training/dropouts', query);
    const causeText = (c) => Object.entries(c).filter(([, n]) => n > 0).map(([k, n]) => `${TT.causes[k] || k} : ${n}`).join(', ') || none;
    const dropParts = [drops.by_institute.length ? dataTable({ id: 'tableau-ruptures', caption: TT.dropCaption,
      columns: [TT.colInstitute, TT.colProgramme, TT.colYear, TT.colEnrolled, TT.colDropouts, TT.colRate, TT.colInternship, TT.colCauses].map((label) => ({ label, wrap: label === TT.colCauses })),
      rows: drops.by_institute.map((g) => [g.institute_name, progLabel(g.programme), String(g.year), num(g.enrolled), num(g.dropouts), pct(g.rate), num(g.with_internship), causeText(g.causes)]) }) : h('p', {}, TT.empty)];
    if (staff && drops.by_departement.length) dropParts.push(dataTable({ id: 'tableau-ruptures-departements', caption: TT.dropDepCaption,
      columns: [TT.colDep, TT.colProgramme, TT.colYear, TT.colEnrolled, TT.colDropouts, TT.colRate, TT.colInternship].map((label) => ({ label })),
      rows: drops.by_departement.map((g) => [terrName(g.departement), progLabel(g.programme), String(g.year), num(g.enrolled), num(g.dropouts), pct(g.rate), num(g.with_internship)]) }));
    // the lines themselves (id > 0: a cohort without any line has none), and their hand correction
    const lines = drops.lines.filter((l) => l.id);
    const sites = can(session, PERM.internRead) ? await api.get('/api/intern/sites').then((r) => r.data).catch(() => []) : [];
    const siteName = (l) => (l.site_id ? `${l.site_label || ''} (n° ${l.site_id})` : none);
    const lineLabel = (l) => [l.cohort_id ? l.institute_name : TT.noCohort, l.cohort_id ? progLabel(l.programme) : null, String(l.year),
      l.cohort_id ? fmt(TT.studyYear, { n: l.study_year }) : null, TT.causes[l.cause] || l.cause, l.site_id ? siteName(l) : null, num(l.dropouts)].filter(Boolean).join(' — ');
    if (lines.length) dropParts.push(dataTable({ id: 'tableau-lignes-ruptures', caption: TT.linesCaption,
      columns: [TT.colInstitute, TT.colProgramme, TT.colYear, TT.colStudyYear, TT.colCause, TT.colInternship, TT.colSite, TT.colDropouts, TT.colNote].map((label) => ({ label, wrap: label === TT.colNote || label === TT.colSite })),
      rows: lines.map((l) => [l.cohort_id ? l.institute_name : TT.noCohort, l.cohort_id ? progLabel(l.programme) : none, String(l.year), l.cohort_id ? String(l.study_year) : none,
        TT.causes[l.cause] || l.cause, TT.yesNo[String(Boolean(l.internship))], siteName(l), num(l.dropouts), l.note || none]) }));
    if (can(session, PERM.trainWrite) && lines.length) dropParts.push(h('h3', {}, TT.fixTitle), h('p', {}, TT.fixIntro), fixForm());

    function fixForm() {
      const cohorts = [];
      for (const l of drops.lines) if (l.cohort_id && !cohorts.some((c) => c.value === String(l.cohort_id)))
        cohorts.push({ value: String(l.cohort_id), label: `${l.institute_name} — ${progLabel(l.programme)} — ${l.year} — ${fmt(TT.studyYear, { n: l.study_year })}` });
      const f = {
        line: selectField({ id: 'correction-ligne', label: TT.fixLine, required: true, options: lines.map((l) => ({ value: String(l.id), label: lineLabel(l) })) }),
        cohort_id: selectField({ id: 'correction-promotion', label: TT.fixCohort, placeholder: TT.unchanged, options: cohorts }),
        cause: selectField({ id: 'correction-cause', label: TT.colCause, placeholder: TT.unchanged, options: Object.entries(TT.causes).map(([v, label]) => ({ value: v, label })) }),
        internship: selectField({ id: 'correction-stage', label: TT.fixInternship, placeholder: TT.unchanged, options: [{ value: 'true', label: TT.yesNo.true }, { value: 'false', label: TT.yesNo.false }] }),
        site_id: selectField({ id: 'correction-terrain', label: TT.fixSite, placeholder: TT.unchanged,
          options: [{ value: 'none', label: TT.fixNoSite }, ...sites.map((s) => ({ value: String(s.id), label: `${s.label} — ${s.establishment_name} (n° ${s.id})` }))] }),
        dropouts: inputField({ id: 'correction-nombre', label: TT.fixDropouts, type: 'number', attrs: { min: '0', max: '100000' } }),
        note: inputField({ id: 'correction-note', label: TT.fixNote, attrs: { maxlength: '1000' } }),
      };
      const history = h('div', { id: 'historique-ruptures', 'aria-live': 'polite' });
      async function showHistory() {
        const id = value(f.line);
        if (!id) { history.replaceChildren(); return; }
        const { data } = await api.get(`/api/training/dropouts/${encodeURIComponent(id)}`);
        // the fields a correction changes, in French, with their old and new values
        const labels = { cohort_id: TT.fixCohort, cause: TT.colCause, internship: TT.fixInternship, site_id: TT.fixSite, dropouts: TT.fixDropouts, note: TT.colNote };
        const shown = (k, v) => {
          if (v === null || v === undefined || v === '') return none;
          if (k === 'cause') return TT.causes[v] || v;
          if (k === 'internship') return TT.yesNo[String(Boolean(v))];
          return String(v);
        };
        const change = (x) => Object.keys(labels).filter((k) => x.after && JSON.stringify((x.before || {})[k]) !== JSON.stringify(x.after[k]))
          .map((k) => `${labels[k]} : ${shown(k, (x.before || {})[k])} → ${shown(k, x.after[k])}`).join(', ');
        replace(history, h('h4', { class: 'fr-h6' }, TT.fixHistory), data.history.length
          ? h('ul', {}, data.history.map((x) => h('li', {}, fmt(TT.fixHistoryItem, { at: formatDateTime(x.at), login: x.user_login || none, change: change(x) || x.action }))))
          : h('p', {}, TT.fixNoHistory));
      }
      f.line.select.addEventListener('change', () => { showHistory().catch(() => history.replaceChildren()); });
      const form = smallForm('formulaire-correction-ruptures', TT.fixForm, f, TT.save, async () => {
        const body = {};
        if (value(f.cohort_id)) body.cohort_id = Number(value(f.cohort_id));
        if (value(f.cause)) body.cause = value(f.cause);
        if (value(f.internship)) body.internship = value(f.internship) === 'true';
        if (value(f.site_id)) body.site_id = value(f.site_id) === 'none' ? null : Number(value(f.site_id));
        if (value(f.dropouts) !== '') body.dropouts = Number(value(f.dropouts));
        if (value(f.note)) body.note = value(f.note);
        if (!value(f.line)) throw new ApiError(400, 'invalid', T.errors.generic, [{ field: 'line', message: TT.fixChooseLine }]);
        if (!Object.keys(body).length) return TT.fixNothing;
        await api.patch(`/api/training/dropouts/${encodeURIComponent(value(f.line))}`, body);
        await showHistory();
        return TT.fixSaved;
      });
      form.append(history);
      return form;
    }

    if (can(session, PERM.trainWrite)) {
      const notices = noticeArea();
      const report = h('div', { id: 'rapport-ruptures' });
      const fileInput = h('input', { class: 'fr-upload', type: 'file', id: 'fichier-ruptures', name: 'fichier', accept: '.csv,text/csv', 'aria-describedby': 'fichier-ruptures-aide' });
      const form = h('form', { id: 'formulaire-ruptures', novalidate: true, class: 'fr-mb-3w' },
        h('div', { class: 'fr-upload-group fr-mb-2w' },
          h('label', { class: 'fr-label', for: 'fichier-ruptures' }, TT.importFile, h('span', { class: 'fr-hint-text', id: 'fichier-ruptures-aide' }, TT.importHint)), fileInput),
        button(TT.importButton, { type: 'submit', icon: 'fr-icon-upload-2-line' }), notices.el, report);
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        notices.clear();
        report.replaceChildren();
        const file = fileInput.files[0];
        if (!file) { notices.show(alert('error', TT.importNoFile), { focus: true }); return; }
        const res = await fetch(`/api/training/dropout-imports?filename=${encodeURIComponent(file.name)}`, {
          method: 'POST', body: await file.text(), credentials: 'same-origin',
          headers: { Accept: 'application/json', 'Content-Type': 'text/csv', 'X-CSRF-Token': session.csrf_token || '' },
        }).catch(() => null);
        const body = res ? await res.json().catch(() => null) : null;
        if (res && res.ok && body && body.data) {
          notices.show(alert('success', fmt(TT.imported, body.data)));
          return;
        }
        const err = (body && body.error) || {};
        notices.show(errorAlert(new ApiError(res ? res.status : 0, err.code || 'network', err.message || T.errors.generic, err.fields)), { focus: true });
        const errors = body && Array.isArray(body.errors) ? body.errors : [];
        if (errors.length) replace(report, dataTable({ id: 'erreurs-ruptures', caption: fmt(TT.errCaption, { count: body.errors_total ?? errors.length }),
          columns: [TT.colRow, TT.colColumn, TT.colMessage].map((label) => ({ label })),
          rows: errors.map((e) => [e.row ? String(e.row) : none, e.column || none, e.message]) }));
      });
      dropParts.push(h('h3', {}, TT.importTitle), form);
    }
    container.append(section('ruptures', TT.dropTitle, TT.dropIntro, ...dropParts));

    // ---- prevention actions ----
    const { data: acts } = await api.get('/api/training/actions', query);
    container.append(section('actions-prevention', TT.actTitle, TT.actIntro, acts.length ? dataTable({ id: 'tableau-actions', caption: TT.actCaption,
      columns: [TT.colAction, TT.colKind, TT.colInstitute, TT.colStatus, TT.colResults].map((label) => ({ label, wrap: label !== TT.colStatus })),
      rows: acts.map((a) => [a.title, TT.actKinds[a.kind] || a.kind, a.institute_name || (a.territory_id ? terrName(a.territory_id) : none), TT.actStatus[a.status] || a.status, a.results || none]) }) : h('p', {}, TT.empty),
    ...(can(session, PERM.trainWrite) ? [actionForm()] : [])));

    // one form creates an action or, when one is chosen, updates its status and results
    function actionForm() {
      const f = {
        action: selectField({ id: 'action-existante', label: TT.actExisting, placeholder: TT.actNew, options: acts.filter((a) => staff || a.institute_id).map((a) => ({ value: String(a.id), label: a.title })) }),
        kind: selectField({ id: 'action-type', label: TT.colKind, options: Object.entries(TT.actKinds).map(([v, label]) => ({ value: v, label })) }),
        title: inputField({ id: 'action-intitule', label: TT.actTitleLabel, attrs: { maxlength: '200' } }),
        institute_id: selectField({ id: 'action-institut', label: TT.institute, required: !staff, options: instOptions }),
        status: selectField({ id: 'action-statut', label: TT.colStatus, placeholder: TT.unchanged, options: Object.entries(TT.actStatus).map(([v, label]) => ({ value: v, label })) }),
        participants: inputField({ id: 'action-participants', label: TT.actParticipants, type: 'number', attrs: { min: '0', max: '1000000' } }),
        results: inputField({ id: 'action-resultats', label: TT.colResults, attrs: { maxlength: '2000' } }),
      };
      return smallForm('formulaire-action', TT.actForm, f, TT.save, async () => {
        const body = { status: value(f.status) || undefined, participants: intOrNull(f.participants), results: value(f.results) || undefined };
        if (value(f.action)) {
          await api.patch(`/api/training/actions/${encodeURIComponent(value(f.action))}`, body);
          return TT.actUpdated;
        }
        await api.post('/api/training/actions', { ...body, kind: value(f.kind) || undefined, title: value(f.title) || undefined, institute_id: intOrNull(f.institute_id) });
        return TT.actSaved;
      });
    }

    // ---- plan indicators fed (staff) ----
    if (staff) {
      const { data: links } = await api.get('/api/training/links');
      const notices = noticeArea();
      const rows = links.map((l) => {
        const remove = button(TT.linkRemove, { kind: 'tertiary', small: true, attrs: { 'data-plam-link': String(l.id) } });
        remove.addEventListener('click', async () => {
          if (!window.confirm(fmt(TT.linkRemoveConfirm, { code: l.indicator_code }))) return;
          try { await api.del(`/api/training/links/${l.id}`); location.reload(); } catch (err) { notices.show(errorAlert(err), { focus: true }); }
        });
        return [h('a', { href: `/indicateur.html?id=${l.indicator_id}` }, `${l.indicator_code} — ${l.indicator_name}`), TT.metrics[l.metric] || l.metric,
          [l.programme ? progLabel(l.programme) : null, l.route ? TT.routes[l.route] : null].filter(Boolean).join(', ') || none, remove];
      });
      const f = {
        indicator_id: inputField({ id: 'lien-indicateur', label: TT.linkIndicator, hint: TT.linkIndicatorHint, required: true, attrs: { maxlength: '64', autocomplete: 'off' } }),
        metric: selectField({ id: 'lien-chiffre', label: TT.linkMetric, required: true, options: Object.entries(TT.metrics).map(([v, label]) => ({ value: v, label })) }),
        programme: selectField({ id: 'lien-formation', label: TT.programme, placeholder: TT.allProgrammes, options: progOptions }),
        route: selectField({ id: 'lien-voie', label: TT.route, placeholder: TT.routes.all, options: ['school', 'apprenticeship', 'further'].map((v) => ({ value: v, label: TT.routes[v] })) }),
      };
      const linkForm = smallForm('formulaire-lien', TT.linkForm, f, TT.save, async () => {
        const code = value(f.indicator_id);
        const { data: plans } = await api.get('/api/plans');
        let id = null;
        for (const p of plans) {
          const { data: plan } = await api.get(`/api/plans/${p.id}`);
          const ind = plan.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators).find((i) => i.code === code);
          if (ind) { id = ind.id; break; }
        }
        if (!id) throw new ApiError(400, 'invalid_input', TT.linkUnknown, [{ field: 'indicator_id', message: TT.linkUnknown }]);
        await api.post('/api/training/links', { indicator_id: id, metric: value(f.metric) || undefined, programme: value(f.programme) || undefined, route: value(f.route) || undefined });
        return TT.linkSaved;
      });
      const recompute = button(TT.recompute, { kind: 'secondary', icon: 'fr-icon-refresh-line' });
      recompute.addEventListener('click', async () => {
        try { const { data } = await api.post('/api/training/measurements'); notices.show(alert('success', fmt(TT.recomputed, { n: data.measurements_proposed }))); } catch (err) { notices.show(errorAlert(err), { focus: true }); }
      });
      container.append(section('indicateurs', TT.linkTitle, TT.linkIntro,
        rows.length ? dataTable({ id: 'tableau-liens', caption: TT.linkCaption, columns: [TT.colIndicator, TT.colMetric, TT.colFilter, ''].map((label) => ({ label })), rows }) : h('p', {}, TT.empty),
        recompute, notices.el, linkForm));
    }
    if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  },
});
