// One offer (offre.html). Two uses: the public page of an open offer
// (/offres/N, rendered on the server with its schema.org JobPosting data for
// job search engines, then redrawn here from GET /api/public/offers/{id};
// the older offre.html?id=N adds the JSON-LD itself), and the candidate's own offer through the link of
// the e-mail (#jeton=SECRET: the secret stays in the fragment, never sent in
// an address; POST /api/offer-link and /api/offer-link/answer): accept,
// decline, undo within the window, cancel with a reason, report that the
// mission was not there.
import { T } from '../texts.js';
import { h, fmt, replace, formatDateTime, appendAll } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { alert, errorAlert, noticeArea, selectField, button } from '../ui.js';
import { when, placeOf, signUp } from '../offer-ui.js';

function needFacts(o) {
  return h('ul', { id: 'offre-details' },
    h('li', {}, fmt(T.offers.place, { place: placeOf(o) })),
    h('li', {}, fmt(T.offers.when, { start: when(o.start_at), end: when(o.end_at) })),
    o.slots > 1 ? h('li', {}, fmt(T.offers.slots, { n: o.slots })) : null,
    h('li', {}, `${T.offers.contract} : ${o.contract_label}`),
    h('li', {}, fmt(T.offers.headcount, { n: o.headcount })),
    o.pay ? h('li', {}, fmt(T.offers.pay, { pay: o.pay })) : null);
}

async function publicOffer(container, id, session) {
  const { data: o } = await api.get(`/api/public/offers/${encodeURIComponent(id)}`);
  if (o.job_posting && !document.querySelector('script[type="application/ld+json"]')) {
    const ld = document.createElement('script');
    ld.type = 'application/ld+json';
    ld.textContent = JSON.stringify(o.job_posting);
    document.head.append(ld);
  }
  appendAll(container, h('h1', {}, fmt(T.offers.offerTitle, { profession: o.profession_label || o.profession, establishment: o.establishment })),
    needFacts(o), o.description ? h('p', {}, o.description) : null, h('p', {}, T.offers.howTo), signUp(session),
    h('p', {}, h('a', { href: '/offres.html', class: 'fr-link' }, T.offers.back)));
}

function candidateOffer(container, token) {
  const notices = noticeArea();
  const area = h('div', { id: 'mon-offre' });
  container.append(h('h1', {}, T.offers.mine), notices.el, area);

  async function answer(a, reason) {
    try {
      await api.post('/api/offer-link/answer', reason ? { token, answer: a, reason } : { token, answer: a }, { noCsrf: true, redirectOn401: false });
      notices.show(alert('success', T.offers.done[a]));
      await show();
    } catch (e) {
      notices.show(errorAlert(e), { focus: true });
      await show();
    }
  }

  function reasonForm(id, label, codes, a, confirmText) {
    const reason = selectField({ name: `${id}-motif`, label: T.offers.reason, required: true,
      options: codes.map((c) => ({ value: c, label: T.offers.reasons[c] })) });
    const form = h('form', { id, novalidate: true, class: 'fr-mt-2w' }, reason.group, button(label, { type: 'submit', kind: 'secondary' }));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!reason.select.value) { reason.setError(T.offers.reason); reason.select.focus(); return; }
      if (confirmText && !window.confirm(confirmText)) return;
      await answer(a, reason.select.value);
    });
    return form;
  }

  async function show() {
    const { data: o } = await api.post('/api/offer-link', { token }, { noCsrf: true, redirectOn401: false });
    const n = o.need;
    const buttons = h('div', { class: 'fr-btns-group fr-btns-group--inline-md' });
    if (o.can.accept) {
      const b = button(T.offers.accept, { attrs: { id: 'accepter' } });
      b.addEventListener('click', () => answer('accept'));
      buttons.append(b);
    }
    if (o.can.decline) {
      const b = button(T.offers.decline, { kind: 'secondary', attrs: { id: 'refuser' } });
      b.addEventListener('click', () => answer('decline'));
      buttons.append(b);
    }
    if (o.can.undo) {
      const b = button(T.offers.undo, { kind: 'secondary', attrs: { id: 'revenir' } });
      b.addEventListener('click', () => answer('undo'));
      buttons.append(b);
    }
    replace(area,
      h('h2', {}, fmt(T.offers.offerTitle, { profession: n.profession_label || n.profession, establishment: n.establishment })),
      h('p', { id: 'etat-offre' }, fmt(T.offers.statusLabel, { status: T.offers.statuses[o.status] || o.status })),
      needFacts(n), n.description ? h('p', {}, n.description) : null,
      o.can.accept ? h('p', {}, fmt(T.offers.expires, { date: formatDateTime(o.expires_at) })) : null,
      o.can.undo && o.undo_until ? h('p', {}, fmt(T.offers.undoUntil, { date: formatDateTime(o.undo_until) })) : null,
      o.can.accept ? h('p', {}, n.fill_mode === 'choose' ? T.offers.chooseMode : T.offers.firstMode) : null,
      o.can.accept ? h('p', { class: 'fr-text--sm' }, T.offers.contactNote) : null,
      buttons.childNodes.length ? buttons : null,
      o.can.cancel ? reasonForm('annuler', T.offers.cancel, T.offers.candidateReasons, 'cancel', T.offers.confirmCancel) : null,
      o.can.no_show ? reasonForm('absence-mission', T.offers.noShow, T.offers.candidateNoShowReasons, 'no_show') : null);
  }
  return show();
}

boot({
  current: null,
  title: T.offers.detailTitle,
  async render(container, { session }) {
    const token = new URLSearchParams(location.hash.slice(1)).get('jeton');
    const path = /^\/offres\/(\d+)$/.exec(location.pathname);
    const id = path ? path[1] : new URLSearchParams(location.search).get('id');
    if (token) return candidateOffer(container, token);
    if (id) return publicOffer(container, id, session);
    container.append(h('h1', {}, T.offers.detailTitle), alert('info', T.offers.linkMissing));
    return undefined;
  },
});
