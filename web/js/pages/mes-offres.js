// "Mes offres" (mes-offres.html, cand, issue 11): the logged-in candidate's
// own offers (GET /api/me/offers): the ones waiting for an answer (accept,
// decline), the confirmed shifts (undo within the window, cancel with a
// standard reason, report that the shift was not there), and the past ones
// (declined, expired, withdrawn, cancelled…). Every answer goes to POST
// /api/me/offers/{id}/answer, the same transaction as the e-mail's
// one-click link. How offers reach me: e-mail, SMS or both (PUT
// /api/me/contact). A short summary of the profile (GET /api/me/candidate)
// links to candidat.html, where it is edited.
import { T } from '../texts.js';
import { h, fmt, replace, formatDateTime } from '../dom.js';
import { boot } from '../layout.js';
import { api, ApiError } from '../api.js';
import { PERM } from '../sections.js';
import { alert, errorAlert, noticeArea, selectField, button, dataTable } from '../ui.js';
import { when, placeOf } from '../offer-ui.js';

const C = T.cand;
const O = T.offers;
const WAITING = new Set(['sent', 'accepted']);

function facts(n) {
  return h('ul', {},
    h('li', {}, fmt(O.place, { place: placeOf(n) })),
    ...n.slot_list.map((s) => h('li', {}, fmt(O.when, { start: when(s.start_at), end: when(s.end_at) }))),
    h('li', {}, `${O.contract} : ${n.contract_label}`),
    n.pay ? h('li', {}, fmt(O.pay, { pay: n.pay })) : null);
}

function profileBlock(c) {
  if (!c) {
    return h('section', { id: 'mon-profil', class: 'fr-mt-6w' }, h('h2', {}, C.profileTitle),
      h('p', {}, C.noProfile), h('p', {}, h('a', { class: 'fr-btn', href: '/candidat.html' }, C.createProfile)),
      h('p', {}, h('a', { class: 'fr-link', href: '/mes-donnees.html', id: 'lien-mes-donnees' }, C.dataLink)));
  }
  const verified = c.qualifications.filter((q) => q.verified).length;
  return h('section', { id: 'mon-profil', class: 'fr-mt-6w' }, h('h2', {}, C.profileTitle),
    h('ul', {},
      h('li', {}, `${c.profession_label}`),
      h('li', {}, fmt(C.profileDistance, { km: String(c.max_km).replace('.', ',') })),
      h('li', {}, fmt(C.profileQualifications, { n: c.qualifications.length, v: verified })),
      h('li', {}, fmt(C.profileAvailability, { n: c.availability.length })),
      h('li', {}, c.pools.length ? fmt(C.profilePools, { pools: c.pools.map((p) => p.name).join(', ') }) : C.profileNoPool)),
    h('p', {}, C.profileEditNote),
    h('p', {}, h('a', { class: 'fr-btn fr-btn--secondary', href: '/candidat.html', id: 'modifier-profil' }, C.editProfile)),
    h('p', {}, h('a', { class: 'fr-link', href: '/mes-donnees.html', id: 'lien-mes-donnees' }, C.dataLink)));
}

/** How offers reach me: e-mail, SMS or both (PUT /api/me/contact). */
function contactForm(contact, notices) {
  const name = 'mode-contact';
  const radios = ['email', 'sms', 'both'].map((v) => {
    const input = h('input', { type: 'radio', id: `${name}-${v}`, name, value: v, checked: contact.contact_by === v ? true : null });
    return { v, input, el: h('div', { class: 'fr-fieldset__element' }, h('div', { class: 'fr-radio-group' }, input,
      h('label', { class: 'fr-label', for: `${name}-${v}` }, C.contactModes[v]))) };
  });
  const message = h('div', { class: 'fr-messages-group', id: `${name}-messages`, 'aria-live': 'polite' });
  const fieldset = h('fieldset', { class: 'fr-fieldset', id: `${name}-fieldset`, 'aria-labelledby': `${name}-legende ${name}-messages` },
    h('legend', { class: 'fr-fieldset__legend', id: `${name}-legende` }, C.contactLegend,
      h('span', { class: 'fr-hint-text' }, contact.sms_possible ? C.contactHint : C.contactNoPhone)),
    radios.map((r) => r.el), message);
  const form = h('form', { id: 'formulaire-contact', novalidate: true }, fieldset,
    button(C.contactSave, { type: 'submit', kind: 'secondary' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    fieldset.classList.remove('fr-fieldset--error');
    replace(message);
    const chosen = radios.find((r) => r.input.checked);
    try {
      await api.put('/api/me/contact', { contact_by: chosen ? chosen.v : '' });
      notices.show(alert('success', C.contactSaved), { focus: true });
    } catch (e) {
      if (e instanceof ApiError && e.fields.some((f) => f.field === 'contact_by')) {
        fieldset.classList.add('fr-fieldset--error');
        replace(message, h('p', { class: 'fr-message fr-message--error' }, e.fields.find((f) => f.field === 'contact_by').message));
        (chosen || radios[0]).input.focus();
      } else notices.show(errorAlert(e), { focus: true });
    }
  });
  return h('section', { id: 'mode-contact', class: 'fr-mt-6w' }, h('h2', {}, C.contactTitle), form);
}

boot({
  current: 'myOffers',
  title: C.offersTitle,
  requireAuth: true,
  perm: PERM.candidateSelf,
  async render(container) {
    const notices = noticeArea();
    const area = h('div', { id: 'mes-offres' });
    container.append(h('h1', {}, C.offersTitle), h('p', {}, C.offersIntro), notices.el, area);

    async function answer(o, a, reason) {
      try {
        await api.post(`/api/me/offers/${o.id}/answer`, reason ? { answer: a, reason } : { answer: a });
        notices.show(alert('success', O.done[a]), { focus: true });
      } catch (e) {
        notices.show(errorAlert(e), { focus: true });
      }
      await show();
    }

    function reasonForm(o, id, label, reasons, a, confirmText) {
      const reason = selectField({ name: `${id}-motif`, label: O.reason, required: true,
        options: reasons.map((r) => ({ value: r.code, label: r.label })) });
      const form = h('form', { id: `${id}-${o.id}`, novalidate: true, class: 'fr-mt-2w' }, reason.group,
        button(label, { type: 'submit', kind: 'secondary' }));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        reason.setError(null);
        if (!reason.select.value) { reason.setError(C.reasonMissing); reason.select.focus(); return; }
        if (confirmText && !window.confirm(confirmText)) return;
        await answer(o, a, reason.select.value);
      });
      return form;
    }

    function card(o, reasons) {
      const n = o.need;
      const buttons = h('ul', { class: 'fr-btns-group fr-btns-group--inline-md' });
      const add = (label, a, kind, id) => {
        const b = button(label, { kind, attrs: { id: `${id}-${o.id}` } });
        b.addEventListener('click', () => answer(o, a));
        buttons.append(h('li', {}, b));
      };
      if (o.can.accept) add(O.accept, 'accept', 'primary', 'accepter');
      if (o.can.decline) add(O.decline, 'decline', 'secondary', 'refuser');
      if (o.can.undo) add(O.undo, 'undo', 'secondary', 'revenir');
      return h('article', { class: 'fr-mb-4w plam-offre', id: `offre-${o.id}` },
        h('h3', {}, fmt(O.offerTitle, { profession: n.profession_label || n.profession, establishment: n.establishment })),
        h('p', {}, fmt(O.statusLabel, { status: O.statuses[o.status] || o.status })),
        facts(n), n.description ? h('p', {}, n.description) : null,
        o.can.accept ? h('p', {}, fmt(O.expires, { date: formatDateTime(o.expires_at) })) : null,
        o.can.undo && o.undo_until ? h('p', {}, fmt(O.undoUntil, { date: formatDateTime(o.undo_until) })) : null,
        o.can.accept ? h('p', {}, n.fill_mode === 'choose' ? O.chooseMode : O.firstMode) : null,
        o.can.accept ? h('p', { class: 'fr-text--sm' }, O.contactNote) : null,
        buttons.childNodes.length ? buttons : null,
        o.can.cancel ? reasonForm(o, 'annuler', O.cancel, reasons.cancel, 'cancel', O.confirmCancel) : null,
        o.can.no_show ? reasonForm(o, 'absence-mission', O.noShow, reasons.no_show, 'no_show') : null);
    }

    async function show() {
      const [{ data }, profile] = await Promise.all([api.get('/api/me/offers'),
        api.get('/api/me/candidate').then((r) => r.data, (e) => {
          if (e instanceof ApiError && e.status === 404) return null;
          throw e;
        })]);
      const waiting = data.offers.filter((o) => WAITING.has(o.status));
      const confirmed = data.offers.filter((o) => o.status === 'confirmed');
      const past = data.offers.filter((o) => !WAITING.has(o.status) && o.status !== 'confirmed');
      replace(area,
        h('section', { id: 'offres-en-attente' }, h('h2', {}, C.waitingTitle),
          waiting.length ? waiting.map((o) => card(o, data.reasons)) : h('p', {}, C.waitingNone)),
        h('section', { id: 'missions-confirmees', class: 'fr-mt-4w' }, h('h2', {}, C.confirmedTitle),
          confirmed.length ? confirmed.map((o) => card(o, data.reasons)) : h('p', {}, C.confirmedNone)),
        h('section', { id: 'offres-passees', class: 'fr-mt-4w' }, h('h2', {}, C.pastTitle),
          // the h2 names the table: its caption is for screen readers only (plam-explain), as DSFR
          // misplaces a drawn caption in a table rendered again after an answer
          past.length ? h('div', { class: 'plam-explain' }, dataTable({ caption: C.pastCaption, id: 'tableau-offres-passees',
            columns: [{ label: C.colOffer, wrap: true }, { label: C.colWhen, wrap: true }, { label: C.colStatus, wrap: true }],
            rows: past.map((o) => [fmt(O.offerTitle, { profession: o.need.profession_label || o.need.profession, establishment: o.need.establishment }),
              fmt(O.when, { start: when(o.need.start_at), end: when(o.need.end_at) }), O.statuses[o.status] || o.status]) }))
            : h('p', {}, C.pastNone)),
        data.candidate_id ? contactForm(data.contact, notices) : null,
        profileBlock(profile));
    }
    await show();
  },
});
