// Internship sites (stages.html, issue 12): the sites and their accreditation
// (everyone with intern.read), IPA offers by département, the evaluation
// results under the >= 5 rule and the yearly reviews and programmes
// (intern.results: staff, institutes, partners), the alerts and their rules
// (intern.alerts: staff), and the staff's tools: moderation, OPPI import,
// closing a semester's collection, a campaign's posts from the sites and the
// "sites under alert" measurement. The server decides what each role gets.
import { T } from '../texts.js';
import { h, fmt, replace } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { PERM, can } from '../sections.js';
import { ipaRegionMap } from '../ipa_map.js';
import { date } from '../plan-ui.js';
import { alert, errorAlert, noticeArea, inputField, selectField, button, dataTable, badge, applyFieldErrors } from '../ui.js';

const S = T.internships;
const num = (v, d = 1) => (v === null || v === undefined ? '' : Number(v).toLocaleString('fr-FR', { maximumFractionDigits: d }));
const section = (id, title, ...children) => h('section', { id, class: 'fr-mt-6w' }, h('h2', {}, title), ...children);

function statusBadge(s) { return badge(s.status_label, S.statusTypes[s.status]); }

function aggregateCells(a) {
  if (!a) return [S.notShown, '', '', '', '', '', '', '', ''];
  return [String(a.respondents), num(a.supervision_avg), `${num(a.no_supervisor_pct, 0)} %`, num(a.conditions_avg),
    num(a.hours_avg), `${num(a.rest_not_taken_pct, 0)} %`, num(a.training_half_days_avg), num(a.non_medical_avg), num(a.respect_avg)];
}
const AGG_COLUMNS = () => [{ label: S.colPeriod }, { label: S.colRespondents, wrap: true }, { label: S.colSupervision, wrap: true },
  { label: S.colNoSup, wrap: true }, { label: S.colConditions, wrap: true }, { label: S.colHours, wrap: true }, { label: S.colRest, wrap: true },
  { label: S.colTraining, wrap: true }, { label: S.colNonMedical, wrap: true }, { label: S.colRespect, wrap: true }];

function resultsTable(r) {
  const rows = [];
  for (const y of r.years) {
    rows.push([h('strong', {}, y.year), ...aggregateCells(y.aggregate)]);
    for (const s of y.semesters) rows.push([s.semester, ...aggregateCells(s.aggregate)]);
  }
  if (!rows.length) return h('p', {}, S.noResults);
  return h('div', {}, dataTable({ caption: fmt(S.resultsCaption, { site: r.label }), columns: AGG_COLUMNS(), rows }),
    r.comments.length ? h('div', {}, h('h3', { class: 'fr-h6' }, S.comments), h('ul', {}, r.comments.map((c) => h('li', {}, `${c.year} — ${c.comment}`)))) : '');
}

boot({
  current: 'internshipSites',
  title: S.title,
  requireAuth: true,
  perm: PERM.internRead,
  async render(container, { session }) {
    const notices = noticeArea();
    const staff = can(session, PERM.internManage);
    container.append(h('h1', {}, S.title), h('p', {}, S.intro), notices.el);
    const ok = (msg) => notices.show(alert('success', msg));
    const fail = (e, fields = {}) => { applyFieldErrors(e, fields); notices.show(errorAlert(e), { focus: true }); };

    // sites
    const sitesArea = h('div');
    container.append(section('terrains', S.sitesTitle, sitesArea));
    let sites = [];
    async function loadSites() {
      sites = (await api.get('/api/intern/sites')).data;
      const alerts = can(session, PERM.internAlerts);
      replace(sitesArea, dataTable({
        caption: S.sitesCaption,
        columns: [{ label: S.colSite, wrap: true }, { label: S.colEstablishment, wrap: true }, { label: S.colDep }, { label: S.colProgramme },
          { label: S.colCapacity }, { label: S.colStatus }, { label: S.colUntil }, ...(alerts ? [{ label: S.colAlerts }] : [])],
        rows: sites.map((s) => [s.label, s.establishment_name, s.departement_name || s.departement, S.programmes[s.programme] || s.programme,
          String(s.capacity), statusBadge(s), date(s.accredited_to, true), ...(alerts ? [String(s.open_alerts)] : [])]),
      }));
    }
    await loadSites();

    // IPA offers by département (sheet 3.4)
    // on a map of the région's départements (an SVG from the shipped commune centroids), the list under it
    const [{ data: ipa }, { data: ipaMap }] = await Promise.all([api.get('/api/intern/ipa-offers'), api.get('/api/intern/ipa-map')]);
    const maps = ipaMap.regions.map((r, i) => ipaRegionMap(r, i)).filter(Boolean);
    container.append(section('offres-ipa', S.ipaTitle, ipa.length
      ? h('div', {}, ...maps, h('h3', { class: 'fr-h6' }, S.ipaListTitle),
        h('ul', { id: 'liste-offres-ipa' }, ipa.map((g) => h('li', {}, h('strong', {}, g.name || g.departement), ` — ${fmt(S.ipaPlaces, { count: g.capacity })}`,
          h('ul', {}, g.sites.map((s) => h('li', {}, `${s.label}, ${s.establishment_name}`)))))))
      : h('p', {}, S.ipaNone)));

    // results under the >= 5 rule
    if (can(session, PERM.internResults)) {
      const pick = selectField({ name: 'site', label: S.siteLabel, options: sites.map((s) => ({ value: String(s.id), label: `${s.label} — ${s.establishment_name}` })) });
      const area = h('div', { id: 'resultats-terrain' });
      const show = button(S.showResults, { kind: 'secondary' });
      show.addEventListener('click', async () => {
        if (!pick.select.value) return;
        try { replace(area, resultsTable((await api.get(`/api/intern/sites/${pick.select.value}/results`)).data)); } catch (e) { fail(e); }
      });
      container.append(section('resultats', S.resultsTitle, h('p', {}, S.resultsIntro), pick.group, show, area));
    }

    // alerts (staff)
    if (can(session, PERM.internAlerts)) {
      const area = h('div');
      let list = [];
      const which = selectField({ name: 'alert', label: S.alertLabel, required: true, options: [] });
      async function loadAlerts() {
        list = (await api.get('/api/intern/alerts')).data;
        replace(area, list.length ? dataTable({
          caption: S.alertsCaption,
          columns: [{ label: S.colSite, wrap: true }, { label: S.colRule, wrap: true }, { label: S.colPeriod }, { label: S.colValue },
            { label: S.colStatus }, { label: S.colOwner }, { label: S.colAuthority, wrap: true }],
          rows: list.map((a) => [`${a.site_label}, ${a.establishment_name}`, a.rule_label, a.period, num(a.value),
            badge(S.alertStatuses[a.status], S.alertTypes[a.status]), a.owner_login || '', a.authority || '']),
        }) : h('p', {}, S.noAlerts));
        which.setOptions(list.map((a) => ({ value: String(a.id), label: `${a.site_label} — ${a.rule_label} (${a.period})` })));
      }
      await loadAlerts();
      const status = selectField({ name: 'status', label: S.statusLabel, options: Object.entries(S.alertStatuses).map(([value, label]) => ({ value, label })) });
      const note = inputField({ name: 'note', label: S.noteLabel, required: true, attrs: { maxlength: '2000' } });
      const owner = inputField({ name: 'owner_login', label: S.ownerLabel, attrs: { maxlength: '64' } });
      const form = h('form', { novalidate: true, id: 'action-alerte' }, which.group, status.group, note.group, owner.group, button(S.actSave, { type: 'submit' }));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const body = { note: note.input.value };
        if (status.select.value) body.status = status.select.value;
        if (owner.input.value) body.owner_login = owner.input.value;
        try { await api.post(`/api/intern/alerts/${which.select.value}/actions`, body); ok(S.actSaved); form.reset(); await loadAlerts(); await loadSites(); } catch (e) { fail(e, { note, status, owner_login: owner }); }
      });
      // rules
      const rules = (await api.get('/api/intern/rules')).data;
      const rule = selectField({ name: 'code', label: S.ruleLabel, required: true, options: rules.map((r) => ({ value: r.code, label: r.label })) });
      const threshold = inputField({ name: 'threshold', label: S.thresholdLabel, type: 'number', required: true, attrs: { min: '0', max: '1000', step: 'any' } });
      const rform = h('form', { novalidate: true, id: 'seuil-regle' }, rule.group, threshold.group, button(S.ruleSave, { type: 'submit', kind: 'secondary' }));
      rform.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        try { await api.patch('/api/intern/rules', { code: rule.select.value, threshold: Number(threshold.input.value) }); ok(S.ruleSaved); } catch (e) { fail(e, { threshold, code: rule }); }
      });
      container.append(section('alertes', S.alertsTitle, area, h('h3', { class: 'fr-h5 fr-mt-4w' }, S.actTitle), form,
        h('h3', { class: 'fr-h5 fr-mt-4w' }, S.rulesTitle), dataTable({ caption: S.rulesCaption,
          columns: [{ label: S.colRule, wrap: true }, { label: S.colThreshold }, { label: S.colEnabled }, { label: S.colAuthority, wrap: true }],
          rows: rules.map((r) => [r.label, num(r.threshold), r.enabled ? S.yes : S.no, r.authority || '']) }), rform));
    }

    // yearly reviews and programmes
    if (can(session, PERM.internResults)) {
      const { data: reviews } = await api.get('/api/intern/reviews');
      const siteName = (id) => sites.find((s) => s.id === id)?.label ?? String(id);
      const detail = h('div', { id: 'revue' });
      async function openReview(id) {
        const r = (await api.get(`/api/intern/reviews/${id}`)).data;
        const parts = [h('h3', {}, fmt(S.reviewTitle, { year: r.year, site: `${r.site.label}, ${r.site.establishment_name}` })), statusBadge(r.site),
          h('p', {}, fmt(S.dropouts, { count: r.dropouts })),
          r.evaluations ? dataTable({ caption: r.year, columns: AGG_COLUMNS(), rows: [[r.year, ...aggregateCells(r.evaluations.aggregate)],
            ...r.evaluations.semesters.map((s) => [s.semester, ...aggregateCells(s.aggregate)])] }) : h('p', {}, S.noResults)];
        if (r.alerts) parts.push(h('h4', { class: 'fr-h6' }, S.alertsTitle), h('ul', {}, r.alerts.map((a) => h('li', {}, `${a.period} — ${a.rule} — ${S.alertStatuses[a.status]}`))));
        parts.push(h('h4', { class: 'fr-h6' }, S.actionsTitle), h('ul', {}, r.actions.map((a) => h('li', {}, `${a.title} — ${S.actionStatuses[a.status]}${a.follow_up ? ` — ${a.follow_up}` : ''}`))));
        parts.push(h('h4', { class: 'fr-h6' }, S.decisionsTitle), h('ul', {}, r.decisions.map((d) => h('li', {}, `${date(d.decided_on, true)} — ${d.decision} — ${d.reason}`))));
        if (staff && r.status === 'open') {
          const conclusion = inputField({ name: 'conclusion', label: S.conclusionLabel, value: r.conclusion || '', attrs: { maxlength: '2000' } });
          const decision = selectField({ name: 'decision', label: S.decisionLabel, placeholder: null, value: r.decision,
            options: Object.entries(S.reviewDecisions).map(([value, label]) => ({ value, label })) });
          const reason = inputField({ name: 'reason', label: S.reasonLabel, attrs: { maxlength: '2000' } });
          const f = h('form', { novalidate: true, id: 'conclure-revue' }, conclusion.group, decision.group, reason.group, button(S.reviewSave, { type: 'submit' }));
          f.addEventListener('submit', async (ev) => {
            ev.preventDefault();
            const body = { conclusion: conclusion.input.value };
            if (decision.select.value !== r.decision) {
              if (decision.select.value !== 'none' && !window.confirm(S.confirmDecision)) return;
              body.decision = decision.select.value;
              if (reason.input.value) body.reason = reason.input.value;
            }
            try { await api.patch(`/api/intern/reviews/${r.id}`, body); ok(S.reviewSaved); await openReview(r.id); await loadSites(); } catch (e) { fail(e, { conclusion, decision, reason }); }
          });
          parts.push(f);
        }
        replace(detail, ...parts);
      }
      const rows = reviews.map((r) => {
        const b = button(S.reviewOpen, { kind: 'tertiary', small: true, attrs: { 'data-review': String(r.id) } });
        b.addEventListener('click', () => openReview(r.id).catch(fail));
        return [siteName(r.site_id), r.year, S.reviewStatuses[r.status], S.reviewDecisions[r.decision], b];
      });
      const { data: progs } = await api.get('/api/intern/programmes');
      container.append(section('revues', S.reviewsTitle, dataTable({ caption: S.reviewsCaption,
        columns: [{ label: S.colSite, wrap: true }, { label: S.colYear }, { label: S.colStatus }, { label: S.colDecision }, { label: '' }], rows }), detail),
      section('programmes', S.programmesTitle, h('ul', {}, progs.map((p) => h('li', {}, h('strong', {}, p.title), ` — ${S.actionStatuses[p.status]}`,
        h('br'), p.results ? p.results : S.resultsPending)))));
    }

    if (!staff) return;
    // moderation
    const modArea = h('div');
    async function loadModeration() {
      const { data } = await api.get('/api/intern/moderation');
      replace(modArea, data.length ? h('ul', {}, data.map((m) => {
        const yes = button(S.approve, { kind: 'secondary', small: true });
        const no = button(S.reject, { kind: 'tertiary', small: true });
        const act = (decision) => async () => { try { await api.post(`/api/intern/evaluations/${m.id}/moderation`, { decision }); ok(S.moderated); await loadModeration(); } catch (e) { fail(e); } };
        yes.addEventListener('click', act('approved'));
        no.addEventListener('click', act('rejected'));
        return h('li', { class: 'fr-mb-2w' }, h('p', {}, `${siteName2(m.site_id)} (${m.semester}) : ${m.comment}`), yes, ' ', no);
      })) : h('p', {}, S.moderationNone));
    }
    const siteName2 = (id) => sites.find((s) => s.id === id)?.label ?? String(id);
    await loadModeration();
    container.append(section('moderation', S.moderationTitle, modArea));

    // OPPI import
    const fileId = 'champ-oppi';
    const file = h('input', { class: 'fr-upload', type: 'file', id: fileId, accept: '.csv,text/csv' });
    const upload = h('form', { novalidate: true, id: 'import-oppi' },
      h('div', { class: 'fr-upload-group' }, h('label', { class: 'fr-label', for: fileId }, S.oppiFile, h('span', { class: 'fr-hint-text' }, S.oppiHint)), file),
      button(S.oppiSend, { type: 'submit', kind: 'secondary' }));
    upload.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!file.files[0]) return;
      const res = await fetch('/api/intern/oppi-import', { method: 'POST', body: file.files[0], credentials: 'same-origin',
        headers: { 'Content-Type': 'text/csv', Accept: 'application/json', 'X-CSRF-Token': session.csrf_token || '' } });
      const out = await res.json().catch(() => null);
      if (res.ok) { ok(fmt(S.oppiDone, { count: out.data.evaluations })); return; }
      const errs = out?.error?.errors || [];
      notices.show(alert('error', out?.error?.message || T.errors.generic, { extra: [h('ul', {}, errs.map((x) => h('li', {}, x.message)))] }), { focus: true });
    });
    container.append(section('oppi', S.oppiTitle, upload));

    // close a semester
    const sem = inputField({ name: 'semester', label: S.semesterLabel, required: true, attrs: { maxlength: '7', pattern: '[0-9]{4}-(05|11)' } });
    const close = h('form', { novalidate: true, id: 'clore-semestre' }, sem.group, button(S.semesterClose, { type: 'submit', kind: 'secondary' }));
    close.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!window.confirm(S.semesterConfirm)) return;
      try { await api.post('/api/intern/semesters', { semester: sem.input.value }); ok(S.semesterClosed); } catch (e) { fail(e, { semester: sem }); }
    });
    container.append(section('semestres', S.semesterTitle, close));

    // a campaign's posts from the sites
    const { data: campaigns } = await api.get('/api/campaigns');
    const camp = selectField({ name: 'campaign', label: S.campaignLabel, required: true, options: campaigns.map((c) => ({ value: String(c.id), label: c.title })) });
    const psem = inputField({ name: 'semester', label: S.semesterLabel, required: true, attrs: { maxlength: '7' } });
    const posts = h('form', { novalidate: true, id: 'postes-terrains' }, camp.group, psem.group, button(S.postsCreate, { type: 'submit', kind: 'secondary' }));
    posts.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const { data } = await api.post(`/api/intern/campaigns/${camp.select.value}/posts`, { semester: psem.input.value });
        ok(fmt(S.postsDone, { created: data.created.length, skipped: data.skipped.length }));
      } catch (e) { fail(e, { semester: psem }); }
    });
    container.append(section('postes', S.postsTitle, posts));

    // sites under alert as a measurement: a link of the training module's linked indicators (the one
    // mechanism: proposed at once, then whenever the figure changes, by plam serve's scheduler)
    const ind = inputField({ name: 'indicator_id', label: S.indicatorLabel, type: 'number', required: true, attrs: { min: '1', inputmode: 'numeric' } });
    const meas = h('form', { novalidate: true, id: 'mesure-alertes' }, h('p', {}, S.indicatorIntro), ind.group, button(S.indicatorSend, { type: 'submit', kind: 'secondary' }));
    meas.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        await api.post('/api/training/links', { indicator_id: Number(ind.input.value), metric: 'sites_under_alert' });
        ok(S.indicatorDone);
      } catch (e) { fail(e, { indicator_id: ind }); }
    });
    container.append(section('indicateur', S.indicatorTitle, meas));
  },
});
