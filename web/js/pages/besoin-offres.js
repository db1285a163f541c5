// The establishment's view of a need's offers (besoin-offres.html?id=N):
// wave settings, "send the next wave now", slots and how many are filled,
// the offers by wave and rank with the engine's reasons; contact details of
// the candidates who accepted; in choose mode, the establishment chooses
// among them; a confirmed mission can be cancelled or the candidate's
// absence recorded, with a standard reason. Below, the qualifications of
// each candidate who accepted (GET /api/candidates/{id}/qualifications),
// with who verified them and when, and a "Vérifier" button per
// qualification not verified yet (POST …/qualifications/verify): the server
// lets an employer see them only for their own needs' accepted candidates.
import { T } from '../texts.js';
import { h, fmt, replace, formatDateTime } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { alert, errorAlert, noticeArea, inputField, selectField, button, dataTable, badge, applyFieldErrors } from '../ui.js';
import { when } from '../offer-ui.js';

const STATUS_BADGE = { sent: 'info', accepted: 'new', confirmed: 'success', declined: null, expired: null, undone: null,
  withdrawn: null, cancelled: 'warning', no_show: 'error' };

boot({
  current: null,
  title: T.offers.settings,
  requireAuth: true,
  perm: 'offer.manage',
  async render(container) {
    const id = new URLSearchParams(location.search).get('id');
    if (!id) { container.append(h('h1', {}, T.offers.settings), alert('info', T.offers.needMissing)); return; }
    const notices = noticeArea();
    const head = h('div', { id: 'besoin' });
    const body = h('div', { id: 'offres-besoin' });
    const quals = h('section', { id: 'qualifications-candidats', 'aria-labelledby': 'titre-qualifications' });
    container.append(h('h1', {}, fmt(T.offers.needTitle, { id })), notices.el, head, body, quals);

    const E = T.employer;
    const day = (d) => d.split('-').reverse().join('/');

    function verifyButton(q, c, name) {
      const b = button(E.verify, { kind: 'secondary', small: true,
        attrs: { 'data-verifier': `${c.candidate_id}:${q.code}`, 'aria-label': fmt(E.verifyLabel, { qual: q.label, name }) } });
      b.addEventListener('click', () => {
        if (!window.confirm(fmt(E.verifyConfirm, { qual: q.label, name }))) return;
        act(() => api.post(`/api/candidates/${encodeURIComponent(c.candidate_id)}/qualifications/verify`, { code: q.code })
          .then(() => fmt(E.verified, { qual: q.label, name })));
      });
      return b;
    }

    // One table per candidate who accepted (the offers that carry contact details).
    async function loadQuals(offers) {
      const seen = new Set();
      const people = offers.filter((o) => o.candidate && !seen.has(o.candidate.id) && seen.add(o.candidate.id)).map((o) => o.candidate);
      const parts = [h('h2', { id: 'titre-qualifications', class: 'fr-mt-6w' }, E.qualsTitle), h('p', {}, E.qualsIntro)];
      if (!people.length) { replace(quals, ...parts, h('p', {}, E.qualsNone)); return; }
      const answers = await Promise.all(people.map((p) => api.get(`/api/candidates/${encodeURIComponent(p.id)}/qualifications`)
        .then((r) => r.data, (e) => (e.status === 404 ? null : Promise.reject(e)))));
      people.forEach((p, i) => {
        const name = `${p.first_name} ${p.last_name}`;
        const c = answers[i];
        if (!c) { parts.push(h('p', {}, fmt(E.qualsUnavailable, { name }))); return; }
        if (!c.qualifications.length) { parts.push(h('p', { 'data-candidat': String(p.id) }, fmt(E.qualsEmpty, { name }))); return; }
        parts.push(dataTable({ id: `qualifications-${p.id}`, caption: fmt(E.qualsCaption, { name }),
          columns: [{ label: E.colQual, wrap: true }, { label: E.colVerified, wrap: true }],
          rows: c.qualifications.map((q) => [
            h('div', {}, q.label, h('p', { class: 'fr-text--sm fr-mb-0' }, q.valid_until ? fmt(E.validUntil, { date: day(q.valid_until) }) : E.noExpiry)),
            q.verified ? h('div', {}, badge(E.verifiedBadge, 'success'),
              h('p', { class: 'fr-text--sm fr-mb-0' }, fmt(E.verifiedBy, { who: q.verified_by_name || E.someone, when: formatDateTime(q.verified_at) })))
              : h('div', {}, badge(E.notVerified, 'warning'), verifyButton(q, c, name))]) }));
      });
      replace(quals, ...parts);
    }

    async function act(fn, success) {
      try {
        const msg = await fn(); // a text for the notice, or the API's answer
        notices.show(alert('success', typeof msg === 'string' ? msg : success));
      } catch (e) {
        notices.show(errorAlert(e), { focus: true });
      }
      await load();
    }

    function eventForm(o, kind) {
      const codes = kind === 'cancel' ? T.offers.employerReasons : T.offers.employerNoShowReasons;
      const reason = selectField({ name: `motif-${kind}-${o.id}`, label: T.offers.reason, required: true,
        options: codes.map((c) => ({ value: c, label: T.offers.reasons[c] })) });
      const form = h('form', { novalidate: true, class: 'plam-offer-event', 'data-offre': o.id }, reason.group,
        button(kind === 'cancel' ? T.offers.empCancel : T.offers.empNoShow, { type: 'submit', kind: 'secondary', small: true }));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        if (!reason.select.value) { reason.setError(T.offers.reason); reason.select.focus(); return; }
        if (kind === 'cancel' && !window.confirm(T.offers.confirmCancel)) return;
        act(() => api.post(`/api/offers/${o.id}/events`, { answer: kind, reason: reason.select.value }), T.offers.recorded);
      });
      return form;
    }

    async function load() {
      const { data: n } = await api.get(`/api/needs/${encodeURIComponent(id)}/offers`);
      const s = n.settings;
      const size = inputField({ name: 'wave_size', label: T.offers.waveSize, type: 'number', required: true, value: s.wave_size, attrs: { min: '1', max: '200', inputmode: 'numeric' } });
      const interval = inputField({ name: 'interval_min', label: T.offers.interval, type: 'number', required: true, value: s.interval_min, attrs: { min: '1', max: '1440', inputmode: 'numeric' } });
      const ttl = inputField({ name: 'offer_ttl_min', label: T.offers.ttl, type: 'number', required: true, value: s.offer_ttl_min, attrs: { min: '5', max: '10080', inputmode: 'numeric' } });
      const undo = inputField({ name: 'undo_min', label: T.offers.undoMin, type: 'number', required: true, value: s.undo_min, attrs: { min: '0', max: '60', inputmode: 'numeric' } });
      const form = h('form', { id: 'reglages-vagues', novalidate: true },
        h('fieldset', { class: 'fr-fieldset' }, h('legend', { class: 'fr-fieldset__legend' }, T.offers.settings),
          [size, interval, ttl, undo].map((f) => h('div', { class: 'fr-fieldset__element' }, f.group))),
        button(T.offers.save, { type: 'submit', kind: 'secondary' }));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        try {
          await api.put(`/api/needs/${encodeURIComponent(id)}/offer-settings`, { wave_size: Number(size.input.value), interval_min: Number(interval.input.value),
            offer_ttl_min: Number(ttl.input.value), undo_min: Number(undo.input.value) });
          notices.show(alert('success', T.offers.saved));
          await load();
        } catch (e) {
          applyFieldErrors(e, { wave_size: size, interval_min: interval, offer_ttl_min: ttl, undo_min: undo });
          notices.show(errorAlert(e), { focus: true });
        }
      });
      const send = button(T.offers.sendWave, { attrs: { id: 'envoyer-vague', class: 'fr-btn fr-mb-4w', disabled: n.status === 'open' ? null : 'disabled' } });
      send.addEventListener('click', () => act(async () => {
        const { data } = await api.post(`/api/needs/${encodeURIComponent(id)}/waves`);
        return data.wave ? fmt(T.offers.waveSent, { wave: data.wave, n: data.offers.length }) : T.offers.waveEmpty;
      }));
      replace(head,
        h('p', { id: 'resume-besoin' }, fmt(T.offers.needSummary, { profession: n.profession_label || n.profession, contract: n.contract_label, headcount: n.headcount, establishment: n.establishment })),
        h('p', {}, fmt(T.offers.needStatus, { status: T.offers.needStatuses[n.status] || n.status }), ' — ', T.offers.fillModes[n.fill_mode] || n.fill_mode),
        h('p', {}, fmt(T.offers.waves, { n: n.waves_sent, next: n.next_wave_at && n.status === 'open' ? formatDateTime(n.next_wave_at) : T.offers.noNext })),
        send, form,
        dataTable({ caption: T.offers.slotsCaption, columns: [{ label: T.offers.colSlot, wrap: true }, { label: T.offers.colFilled }],
          rows: n.slot_list.map((sl) => [fmt(T.offers.when, { start: when(sl.start_at), end: when(sl.end_at) }), `${sl.filled} / ${n.headcount}`]) }));
      await loadQuals(n.offers);
      if (!n.offers.length) { replace(body, h('p', {}, T.offers.noOffers)); return; }
      replace(body, dataTable({
        id: 'table-offres',
        caption: T.offers.offersCaption,
        columns: [{ label: T.offers.colRank }, { label: T.offers.colCandidate, wrap: true }, { label: T.offers.colReasons, wrap: true },
          { label: T.offers.colStatus }, { label: T.offers.colActions, wrap: true }],
        rows: n.offers.map((o) => {
          const c = o.candidate;
          const who = c ? h('span', {}, `${c.first_name} ${c.last_name}`, h('br'), h('a', { href: `mailto:${c.email}` }, c.email), c.phone ? [h('br'), c.phone] : null)
            : h('span', { class: 'fr-text--sm' }, T.offers.hidden);
          const actions = [];
          if (o.status === 'accepted' && n.fill_mode === 'choose' && n.status === 'open') {
            const b = button(T.offers.choose, { small: true, attrs: { 'data-choisir': o.id } });
            b.addEventListener('click', () => act(() => api.post(`/api/offers/${o.id}/choose`), T.offers.chosen));
            actions.push(b);
          }
          if (o.status === 'confirmed') actions.push(eventForm(o, 'cancel'), eventForm(o, 'no_show'));
          return [`${o.wave} / ${o.rank}`, who, h('ul', {}, o.reasons.map((r) => h('li', {}, r))),
            badge(T.offers.empStatuses[o.status] || o.status, STATUS_BADGE[o.status] || null), actions];
        }),
      }));
    }
    await load();
  },
});
