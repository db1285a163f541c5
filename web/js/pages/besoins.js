// Recruitment needs (besoins.html): an employer's needs (GET /api/needs), a
// need's ranking with its reasons and the excluded candidates with their
// rule (GET /api/needs/{id}/ranking, no contact detail), and the form that
// posts a need (POST /api/needs); each need links to its
// offers page (besoin-offres.html?id=…) and carries the buttons that change
// its status (PATCH /api/needs/{id}: cancel an open, draft or filled need,
// close an open one as filled, reopen a filled one, open a draft; cancelling
// and closing ask for confirmation, and both stop the waves of offers). The
// form (need-form.js) takes several slots, several required qualifications,
// the pools as checkboxes (an establishment's own pool only when that
// establishment is chosen), the description, pay, urgency, contract,
// headcount and the fill mode; the API's errors go next to the field they
// name. The establishment and its unit are
// chosen from lists (estab-choice.js: an employer's own establishments;
// staff search by département, name or FINESS). Plan staff see every need. The
// import sections (recruit-import.js) take CSV or XLSX files of needs and,
// for plan staff, of candidates. A need may be attached to an open seasonal
// campaign for students (season: its campaign_id; the campaign's pool is
// then reached and the other pools are optional).
import { T } from '../texts.js';
import { h, fmt, replace } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { PERM, can } from '../sections.js';
import { alert, errorAlert, noticeArea, inputField, selectField, button, dataTable, badge, applyFieldErrors } from '../ui.js';
import { slotText, withOffset } from '../recruit-util.js';
import { slotsEditor, checkboxSet, fillModeRadios } from '../need-form.js';
import { textareaField } from '../gov-ui.js';
import { importSection } from '../recruit-import.js';
import { estabChoice } from '../estab-choice.js';

const R = T.recruit;
const F = T.needForm;

// The status changes offered for a need in each status (PATCH /api/needs/{id}; the app's transition table).
const ACTIONS = { draft: ['open', 'cancelled'], open: ['filled', 'cancelled'], filled: ['open', 'cancelled'] };
const ACTION_LABEL = { open: 'open', filled: 'close', cancelled: 'cancel' };

// A qualification's abbreviation when its label ends with one in brackets (« … niveau 2 (AFGSU 2) »), else its label.
const shortLabel = (label) => (/\(([^()]+)\)\s*$/.exec(label) || [null, label])[1];

const options = (map) => Object.entries(map).map(([value, label]) => ({ value, label }));

boot({
  current: 'needs',
  title: R.needsTitle,
  requireAuth: true,
  perm: PERM.needManage,
  async render(container, { session }) {
    const notices = noticeArea();
    const listArea = h('div', { id: 'liste-besoins' });
    const rankingArea = h('div', { id: 'classement', tabindex: '-1' });
    container.append(h('h1', {}, R.needsTitle), h('p', {}, R.needsIntro), notices.el, listArea, rankingArea);
    const [{ data: noms }, { data: pools }, { data: seasons }] = await Promise.all([api.get('/api/recruit/nomenclatures'),
      api.get('/api/pools'), api.get('/api/seasonal-campaigns')]);
    const seasonName = new Map(seasons.map((c) => [c.id, c.name])); // season
    const profLabel = new Map(noms.professions.map((p) => [p.code, p.label]));
    let needs = [];

    async function showRanking(n) {
      try {
        const { data } = await api.get(`/api/needs/${encodeURIComponent(n.id)}/ranking`);
        replace(rankingArea,
          h('h2', { class: 'fr-mt-6w' }, fmt(R.rankingTitle, { id: n.id, profession: profLabel.get(n.profession) || n.profession })),
          h('p', {}, fmt(R.rankingIntro, { considered: data.considered })),
          data.ranked.length ? dataTable({
            caption: R.rankedCaption,
            columns: [{ label: R.colRank }, { label: R.colCandidate }, { label: R.colDistance }, { label: R.colReasons, wrap: true }],
            rows: data.ranked.map((r) => [String(r.rank), r.label, fmt(R.km, { km: String(r.distance_km).replace('.', ',') }),
              h('ul', { class: 'fr-mb-0' }, r.reasons.map((x) => h('li', {}, x)))]),
          }) : h('p', {}, R.rankedNone),
          h('h3', { class: 'fr-mt-4w' }, fmt(R.excludedTitle, { n: data.excluded.length })),
          h('ul', { id: 'exclus' }, data.excluded.map((x) => h('li', {}, h('strong', {}, x.label), ' — ',
            badge(R.rules[x.rule] || x.rule), ' ', x.explanation))));
        rankingArea.focus();
      } catch (e) {
        notices.show(errorAlert(e), { focus: true });
      }
    }

    // A status change from the list: cancelling and closing ask first; both stop the waves.
    async function setStatus(n, to) {
      const profession = profLabel.get(n.profession) || n.profession;
      if (F.confirm[to] && !confirm(fmt(F.confirm[to], { id: n.id, profession }))) return;
      try {
        await api.patch(`/api/needs/${encodeURIComponent(n.id)}`, { status: to });
        notices.show(alert('success', fmt(F.done[to], { id: n.id })), { focus: true });
        await load();
      } catch (e) {
        notices.show(errorAlert(e), { focus: true });
      }
    }
    function statusButtons(n) {
      return (ACTIONS[n.status] || []).map((to) => {
        const key = to === 'open' && n.status === 'filled' ? 'reopen' : ACTION_LABEL[to];
        return h('p', { class: 'fr-mt-1w fr-mb-0' }, button([F[key], h('span', { class: 'fr-sr-only' }, fmt(F.actionsSr, { id: n.id }))],
          { kind: to === 'cancelled' ? 'tertiary' : 'secondary', small: true,
            attrs: { 'data-need-status': `${n.id}:${to}`, onclick: () => setStatus(n, to) } }));
      });
    }

    async function load() {
      ({ data: needs } = await api.get('/api/needs'));
      if (!needs.length) { replace(listArea, h('p', {}, R.needsNone)); return; }
      replace(listArea, dataTable({
        caption: R.needsCaption,
        columns: [{ label: R.colProfession, wrap: true }, { label: R.colEstablishment, wrap: true }, { label: R.colSlots, wrap: true },
          { label: R.colStatus }, { label: R.colActions }],
        rows: needs.map((n) => [h('div', { 'data-need-row': String(n.id) }, h('p', { class: 'fr-mb-0' }, n.profession_label),
          n.qualifications && n.qualifications.length
            ? h('ul', { class: 'fr-text--sm fr-mb-0' }, n.qualifications.map((q) => h('li', { title: q.label }, shortLabel(q.label)))) : null,
          h('p', { class: 'fr-text--sm fr-mb-0' }, F.fillModes[n.fill_mode] || n.fill_mode)),
        n.establishment_name,
          h('div', {}, h('ul', { class: 'fr-mb-0' }, n.slots.map((s) => h('li', {}, `${slotText(s.start)} → ${slotText(s.end)}`))),
            n.expires_at ? h('p', { class: 'fr-text--sm fr-mb-0', 'data-expires': n.expires_at }, fmt(T.season.expiresText, { date: slotText(n.expires_at) })) : null,
            n.campaign_id ? h('p', { class: 'fr-text--sm fr-mb-0', 'data-campaign': n.campaign_id },
              fmt(T.season.needCampaign, { name: seasonName.get(n.campaign_id) || `n° ${n.campaign_id}` })) : null),
          badge(R.statuses[n.status] || n.status, n.status === 'open' ? 'info' : null),
          h('div', {},
            button(R.seeRanking, { kind: 'secondary', small: true, attrs: { 'data-need': String(n.id), onclick: () => showRanking(n) } }),
            h('p', { class: 'fr-mt-1w fr-mb-0' },
              h('a', { class: 'fr-link fr-link--sm', href: `/besoin-offres.html?id=${encodeURIComponent(n.id)}` }, fmt(R.seeOffers, { id: n.id }))),
            statusButtons(n))]),
      }));
    }
    await load();

    // ---- post a need: several slots, qualifications and pools (the API takes up to 100 slots, 64 of each list)
    const place = await estabChoice({ staff: can(session, 'estab.manage'), preferred: needs[0] ? needs[0].establishment_id : null });
    const est = place.est;
    const profession = selectField({ name: 'profession', label: R.professionLabel, required: true,
      options: noms.professions.map((p) => ({ value: p.code, label: p.label })) });
    const quals = checkboxSet({ id: 'qualifications-exigees', name: 'qualifications', legend: F.qualsLegend, hint: F.qualsHint,
      options: noms.qualifications.map((q) => ({ value: q.code, label: q.label })) });
    const slots = slotsEditor({ id: 'creneaux' });
    const expires = inputField({ name: 'expires_at', label: T.season.expiresLabel, hint: T.season.expiresHint, type: 'datetime-local' });
    const headcount = inputField({ name: 'headcount', label: R.headcountLabel, type: 'number', value: '1', required: true, attrs: { min: '1', max: '1000' } });
    const reason = selectField({ name: 'reason', label: R.reasonLabel, required: true, placeholder: null, options: options(R.reasons), value: 'replacement' });
    const contract = selectField({ name: 'contract', label: R.contractLabel, required: true, placeholder: null, options: options(R.contracts), value: 'shift' });
    const urgency = selectField({ name: 'urgency', label: R.urgencyLabel, placeholder: null, options: options(R.urgencies), value: 'planned' });
    const pay = inputField({ name: 'pay', label: R.payLabel, hint: F.payHint, attrs: { maxlength: '200' } });
    const description = textareaField({ id: 'besoin-description', name: 'description', label: F.descriptionLabel, hint: F.descriptionHint, rows: 4 });
    description.input.setAttribute('maxlength', '2000');
    const fill = fillModeRadios({ id: 'mode-pourvoi' });
    const maxKm = inputField({ name: 'max_km', label: R.maxKmLabel, type: 'number', required: true, value: '30', attrs: { min: '0', max: '20000' } });
    const levelOrder = Object.keys(F.poolLevels);
    const openPools = pools.filter((p) => p.status === 'open')
      .sort((a, b) => levelOrder.indexOf(a.level) - levelOrder.indexOf(b.level) || a.name.localeCompare(b.name, 'fr'));
    const pool = checkboxSet({ id: 'viviers-vises', name: 'pools', legend: F.poolsLegend, hint: F.poolsHint, required: true, empty: F.poolsNone,
      options: openPools.map((p) => ({ value: p.id, label: fmt(F.poolOption, { name: p.name, level: F.poolLevels[p.level] || p.level, n: p.members }),
        estab: p.level === 'establishment' ? p.establishment_id : null })) });
    // an establishment's own pool is offered only for that establishment
    pool.onlyEstab(place.estabId());
    est.select.addEventListener('change', () => pool.onlyEstab(place.estabId()));
    // season: an open seasonal campaign for students; its pool is reached, the other pools become optional
    const campaign = selectField({ name: 'campaign_id', label: T.season.needCampaignLabel, hint: T.season.needCampaignHint,
      placeholder: T.season.needCampaignNone, options: seasons.filter((c) => c.status === 'open').map((c) => ({ value: String(c.id), label: c.name })) });
    const fields = { establishment_id: est, unit_id: place.unit, profession, reason, contract, urgency, pay, max_km: maxKm, pools: pool,
      headcount, expires_at: expires, campaign_id: campaign, description, fill_mode: fill, qualifications: quals, 'qualifications.code': quals,
      slots: { setError: (m) => slots.setError(m, 'slots'), get input() { return slots.input; } },
      'slots.start': { setError: (m) => slots.setError(m, 'slots.start'), get input() { return slots.input; } },
      'slots.end': { setError: (m) => slots.setError(m, 'slots.end'), get input() { return slots.input; } } };
    const form = h('form', { novalidate: true, id: 'nouveau-besoin' },
      h('p', { class: 'fr-hint-text' }, T.common.required), place.el, profession.group, quals.fieldset, slots.fieldset,
      expires.group, headcount.group, reason.group, contract.group, urgency.group, pay.group, description.group, fill.fieldset,
      maxKm.group, campaign.group, pool.fieldset, button(R.post, { type: 'submit' }));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      for (const f of [est, place.unit, profession, reason, contract, urgency, pay, maxKm, pool, headcount, expires, campaign, description, fill, quals])
        f.setError(null);
      slots.clear();
      if (!place.estabId()) { est.setError(T.employer.estabMissing); est.select.focus(); return; }
      try {
        const body = {
          establishment_id: place.estabId(), profession: profession.select.value, reason: reason.select.value,
          contract: contract.select.value, urgency: urgency.select.value, pay: pay.input.value, max_km: Number(maxKm.input.value),
          headcount: Number(headcount.input.value || 1), pools: pool.values().map(Number),
          qualifications: quals.values().map((code) => ({ code })), slots: slots.values(),
          description: description.input.value, fill_mode: fill.value(),
        };
        if (place.unitId()) body.unit_id = place.unitId();
        if (expires.input.value) body.expires_at = withOffset(expires.input.value);
        if (campaign.select.value) body.campaign_id = Number(campaign.select.value); // season
        const { data } = await api.post('/api/needs', body);
        notices.show(alert('success', fmt(R.posted, { id: data.id })));
        await load();
      } catch (e) {
        applyFieldErrors(e, fields);
        notices.show(errorAlert(e), { focus: true });
      }
    });
    container.append(h('h2', { class: 'fr-mt-6w' }, R.createTitle), form);
    // needsui: plan staff manage the pools on viviers.html
    if (can(session, 'recruit.manage'))
      container.append(h('p', { class: 'fr-mt-4w' }, h('a', { class: 'fr-link', href: '/viviers.html' }, F.staffPools)));
    // season: CSV/XLSX imports of needs and (staff) candidates
    container.append(importSection({ id: 'import-besoins', url: '/api/need-imports', title: T.season.needsImportTitle,
      intro: T.season.needsImportIntro, created: (n) => fmt(T.season.needsImported, { n }), session, onDone: load }));
    if (can(session, 'recruit.manage'))
      container.append(importSection({ id: 'import-candidats', url: '/api/candidate-imports', title: T.season.candidatesImportTitle,
        intro: T.season.candidatesImportIntro, created: (n) => fmt(T.season.candidatesImported, { n }), session }));
  },
});
