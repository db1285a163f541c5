// The candidate's profile (candidat.html): their own record (GET
// /api/me/candidate; 404 until they create it), shown as a summary
// (identity, profession, qualifications with expiry and verification,
// availability with its exceptions, distance, pools; the rules on combining
// activities for a public agent), and one form that creates it (POST
// /api/candidates) or replaces it (PUT /api/candidates/{id}).
import { T } from '../texts.js';
import { h, fmt, replace } from '../dom.js';
import { boot } from '../layout.js';
import { api, ApiError } from '../api.js';
import { PERM } from '../sections.js';
import { alert, errorAlert, noticeArea, inputField, selectField, button, badge, applyFieldErrors } from '../ui.js';
import { slotText, withOffset } from '../recruit-util.js';
import { date } from '../plan-ui.js';

const R = T.recruit;

function checkbox(name, label, checked) {
  const id = `case-${name}`;
  const input = h('input', { type: 'checkbox', id, name, checked: checked || null });
  return { input, el: h('div', { class: 'fr-checkbox-group' }, input, h('label', { class: 'fr-label', for: id }, label)) };
}

function summary(c, profLabel, qualLabel) {
  return h('section', { id: 'resume', class: 'fr-mb-6w' },
    h('h2', {}, R.summaryTitle),
    h('p', {}, h('strong', {}, `${c.first_name} ${c.last_name}`), ` — ${R.situations[c.situation] || c.situation}`),
    h('p', {}, `${R.profession} : ${profLabel.get(c.profession) || c.profession}`),
    h('p', {}, fmt(R.distance, { km: String(c.max_km).replace('.', ',') })),
    h('h3', {}, R.qualificationsTitle),
    c.qualifications.length ? h('ul', {}, c.qualifications.map((q) => h('li', {}, `${qualLabel.get(q.code) || q.code}, `,
      q.valid_until ? fmt(R.validUntil, { date: date(q.valid_until, true) }) : R.noExpiry, ' ',
      badge(q.verified ? R.verified : R.notVerified, q.verified ? 'success' : null)))) : h('p', {}, R.qualificationsNone),
    h('h3', {}, R.availabilityTitle),
    c.availability.length ? h('ul', {}, c.availability.map((a) => h('li', {},
      `${a.kind === 'unavailable' ? R.unavailable : R.available} : ${slotText(a.start)} → ${slotText(a.end)}`))) : h('p', {}, R.availabilityNone),
    h('h3', {}, R.poolsTitle),
    c.pools.length ? h('ul', {}, c.pools.map((p) => h('li', {}, p.name))) : h('p', {}, R.poolsNone),
    c.cumul ? h('div', { class: 'fr-callout fr-mt-4w', id: 'cumul' },
      h('h3', { class: 'fr-callout__title' }, c.cumul.title), h('p', { class: 'fr-callout__text' }, c.cumul.text),
      h('p', { class: 'fr-text--sm' }, c.cumul.reference)) : null);
}

boot({
  current: 'profile',
  title: R.profileTitle,
  requireAuth: true,
  perm: PERM.candidateSelf,
  async render(container, { session } = {}) {
    const notices = noticeArea();
    const summaryArea = h('div');
    container.append(h('h1', {}, R.profileTitle), h('p', {}, R.profileIntro), notices.el, summaryArea);
    // a student's account (role intern, student block in roles.c) starts its profile as a student
    const student = !!(session && session.user && session.user.role === 'intern');
    const [{ data: noms }, { data: pools }, { data: deps }] = await Promise.all([api.get('/api/recruit/nomenclatures'),
      api.get('/api/pools'), api.get('/api/territories', { level: 'departement' })]);
    const profLabel = new Map(noms.professions.map((p) => [p.code, p.label]));
    const qualLabel = new Map(noms.qualifications.map((q) => [q.code, q.label]));
    let me = null;
    try {
      ({ data: me } = await api.get('/api/me/candidate'));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
    replace(summaryArea, me ? summary(me, profLabel, qualLabel) : h('p', {}, R.profileNone));

    const v = (k, d = '') => (me && me[k] !== null && me[k] !== undefined ? String(me[k]) : d);
    const first = inputField({ name: 'first_name', label: R.firstName, required: true, value: v('first_name'), attrs: { maxlength: '100', autocomplete: 'given-name' } });
    const last = inputField({ name: 'last_name', label: R.lastName, required: true, value: v('last_name'), attrs: { maxlength: '100', autocomplete: 'family-name' } });
    const email = inputField({ name: 'email', label: R.email, type: 'email', required: true, value: v('email'), attrs: { maxlength: '254', autocomplete: 'email' } });
    const phone = inputField({ name: 'phone', label: R.phone, type: 'tel', value: v('phone'), attrs: { maxlength: '20', autocomplete: 'tel' } });
    const profession = selectField({ name: 'profession', label: R.profession, required: true, value: v('profession'),
      options: noms.professions.map((p) => ({ value: p.code, label: p.label })) });
    const rpps = inputField({ name: 'rpps', label: R.rpps, hint: R.rppsHint, value: v('rpps'), attrs: { maxlength: '11', inputmode: 'numeric' } });
    const situation = selectField({ name: 'situation', label: R.situation, placeholder: null, value: v('situation', student ? 'student' : 'employed'),
      options: Object.entries(R.situations).map(([value, label]) => ({ value, label })) });
    const commune = inputField({ name: 'commune', label: R.commune, hint: R.communeHint, value: v('commune'), attrs: { maxlength: '5', inputmode: 'numeric' } });
    const lat = inputField({ name: 'lat', label: R.lat, type: 'number', value: v('lat'), attrs: { step: 'any', min: '-90', max: '90' } });
    const lon = inputField({ name: 'lon', label: R.lon, type: 'number', value: v('lon'), attrs: { step: 'any', min: '-180', max: '180' } });
    const dep = selectField({ name: 'departement', label: R.departement, value: v('departement'),
      options: deps.map((d) => ({ value: d.id, label: `${d.code} — ${d.name}` })) });
    const maxKm = inputField({ name: 'max_km', label: R.maxKm, type: 'number', required: true, value: v('max_km', '30'), attrs: { min: '0', max: '20000' } });
    const contracts = Object.entries(R.contracts).map(([code, label]) => {
      const key = { shift: 'accepts_shift', fixed_term: 'accepts_fixed_term', permanent: 'accepts_permanent', secondment: 'accepts_secondment' }[code];
      return { key, ...checkbox(key, label, me ? me[key] : code === 'shift') };
    });

    // qualifications and availability: rows added and removed
    const qualRows = h('div', { id: 'qualifications' }), availRows = h('div', { id: 'disponibilites' });
    function addQual(q = {}) {
      const code = selectField({ name: 'qual_code', label: R.qualCode, value: q.code || '', options: noms.qualifications.map((x) => ({ value: x.code, label: x.label })) });
      const until = inputField({ name: 'qual_until', label: R.qualUntil, type: 'date', value: q.valid_until || '' });
      const row = h('div', { class: 'plam-row fr-mb-2w' }, code.group, until.group);
      row.append(button(R.remove, { kind: 'tertiary', small: true, attrs: { onclick: () => row.remove() } }));
      row.read = () => ({ code: code.select.value, valid_until: until.input.value, verified: !!q.verified && q.code === code.select.value && (q.valid_until || '') === until.input.value });
      qualRows.append(row);
    }
    function addAvail(a = {}) {
      const kind = selectField({ name: 'avail_kind', label: R.availKind, placeholder: null, value: a.kind || 'available',
        options: [{ value: 'available', label: R.available }, { value: 'unavailable', label: R.unavailable }] });
      const start = inputField({ name: 'avail_start', label: R.availStart, type: 'datetime-local', value: (a.start || '').slice(0, 16) });
      const end = inputField({ name: 'avail_end', label: R.availEnd, type: 'datetime-local', value: (a.end || '').slice(0, 16) });
      const row = h('div', { class: 'plam-row fr-mb-2w' }, kind.group, start.group, end.group);
      row.append(button(R.remove, { kind: 'tertiary', small: true, attrs: { onclick: () => row.remove() } }));
      row.read = () => ({ kind: kind.select.value, start: withOffset(start.input.value), end: withOffset(end.input.value) });
      availRows.append(row);
    }
    (me ? me.qualifications : []).forEach(addQual);
    (me ? me.availability : []).forEach(addAvail);
    const joined = new Set((me ? me.pools : []).map((p) => p.id));
    // a seasonal campaign's pool is joined by applying on its page (saisons.html), so it is offered here
    // only to keep (or leave) it
    const { data: seasons } = await api.get('/api/seasonal-campaigns');
    const seasonPools = new Set(seasons.map((c) => c.pool_id));
    const poolBoxes = pools.filter((p) => joined.has(p.id) || (p.status === 'open' && !seasonPools.has(p.id)))
      .map((p) => ({ id: p.id, ...checkbox(`vivier-${p.id}`, p.name, joined.has(p.id)) }));

    const form = h('form', { novalidate: true, id: 'profil' },
      h('p', { class: 'fr-hint-text' }, T.common.required), first.group, last.group, email.group, phone.group, profession.group,
      rpps.group, situation.group, commune.group, lat.group, lon.group, dep.group, maxKm.group,
      h('fieldset', { class: 'fr-fieldset' }, h('legend', { class: 'fr-fieldset__legend' }, R.contractsLegend), contracts.map((c) => c.el)),
      h('h3', {}, R.qualificationsTitle), qualRows,
      button(R.addQualification, { kind: 'secondary', small: true, attrs: { onclick: () => addQual() } }),
      h('h3', { class: 'fr-mt-4w' }, R.availabilityTitle), availRows,
      button(R.addAvailability, { kind: 'secondary', small: true, attrs: { onclick: () => addAvail() } }),
      h('fieldset', { class: 'fr-fieldset fr-mt-4w' }, h('legend', { class: 'fr-fieldset__legend' }, R.poolsLegend), poolBoxes.map((p) => p.el)),
      button(R.save, { type: 'submit' }));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = {
        first_name: first.input.value, last_name: last.input.value, email: email.input.value, phone: phone.input.value,
        profession: profession.select.value, rpps: rpps.input.value, situation: situation.select.value,
        max_km: Number(maxKm.input.value),
        qualifications: [...qualRows.children].map((r) => r.read()),
        availability: [...availRows.children].map((r) => r.read()),
        pools: poolBoxes.filter((p) => p.input.checked).map((p) => p.id),
      };
      for (const c of contracts) body[c.key] = c.input.checked;
      if (commune.input.value) body.commune = commune.input.value;
      else Object.assign(body, { lat: Number(lat.input.value), lon: Number(lon.input.value), departement: dep.select.value });
      try {
        const { data } = me ? await api.put(`/api/candidates/${encodeURIComponent(me.id)}`, body) : await api.post('/api/candidates', body);
        me = data;
        replace(summaryArea, summary(me, profLabel, qualLabel));
        notices.show(alert('success', R.saved), { focus: true });
      } catch (e) {
        applyFieldErrors(e, { first_name: first, last_name: last, email, phone, profession, rpps, situation, commune, lat, lon, departement: dep, max_km: maxKm });
        notices.show(errorAlert(e), { focus: true });
      }
    });
    container.append(h('h2', { class: 'fr-mt-6w' }, me ? R.formTitle : R.formCreate), form);
  },
});
