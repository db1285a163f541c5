// Seasonal campaigns for students (saisons.html, public): every campaign
// (GET /api/seasonal-campaigns) with its period, the posts open to students
// and the programmes and years admitted, the open ones first and the closed
// ones (by staff, or by the end of their period) in a section of their own; saisons.html?id=N shows one
// campaign's open offers (GET /api/seasonal-campaigns/{id}), each linking to
// its public offer page, and lets a logged-in student apply
// (POST /api/seasonal-campaigns/{id}/applications; any account holding
// candidate.self: a candidate, or a student who signed up as such, role intern): they are then ranked
// and reached by the usual waves of offers. Plan staff (recruit.manage) see,
// instead of the public list, the campaigns with their counts, close or
// reopen them and open new ones (season-staff.js).
import { T } from '../texts.js';
import { h, fmt, replace, appendAll } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { alert, errorAlert, noticeArea, button, dataTable, badge } from '../ui.js';
import { when } from '../offer-ui.js';
import { can } from '../sections.js';
import { staffSection } from '../season-staff.js';

const S = T.season;
const day = (iso) => (/^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '') || []).slice(1).reverse().join('/');
const codes = (list) => list.map((c) => c.label).join(' ; ');

boot({
  current: null,
  title: S.campaignsTitle,
  async render(container, { session }) {
    const id = new URLSearchParams(location.search).get('id');
    if (!id && can(session, 'recruit.manage')) {
      const notices = noticeArea();
      container.append(h('h1', {}, S.campaignsTitle), h('p', {}, S.campaignsIntro), notices.el);
      await staffSection(container, notices);
      return;
    }
    if (!id) {
      const { data } = await api.get('/api/seasonal-campaigns');
      const list = h('div', { id: 'liste-campagnes' });
      container.append(h('h1', {}, S.campaignsTitle), h('p', {}, S.campaignsIntro), list);
      if (!data.length) { replace(list, h('p', {}, S.campaignsNone)); return; }
      // open campaigns first, the soonest first; the closed ones after, in their own section, the latest first
      const open = data.filter((c) => c.status === 'open').sort((a, b) => a.starts_on.localeCompare(b.starts_on) || a.id - b.id);
      const closed = data.filter((c) => c.status !== 'open').sort((a, b) => b.ends_on.localeCompare(a.ends_on) || b.id - a.id);
      const card = (c) => h('li', { class: 'fr-mb-3w' },
        h('h3', { class: 'fr-h4 fr-mb-1w' }, h('a', { href: `/saisons.html?id=${encodeURIComponent(c.id)}` }, c.name)),
        c.status === 'open' ? null : badge(c.ended ? S.endedBadge : S.statuses.closed),
        h('p', { class: 'fr-mb-1w' }, fmt(S.period, { from: day(c.starts_on), to: day(c.ends_on) }), ' — ',
          c.area_name || c.departement_name || S.wholeRegion, ' — ', fmt(S.openOffers, { n: c.open_needs })),
        h('p', { class: 'fr-text--sm fr-mb-0' }, fmt(S.postsText, { posts: codes(c.posts) })),
        h('p', { class: 'fr-text--sm fr-mb-0' }, fmt(S.admittedText, { admitted: codes(c.admitted) })));
      replace(list,
        h('section', { id: 'campagnes-ouvertes', 'aria-labelledby': 'titre-ouvertes' },
          h('h2', { id: 'titre-ouvertes' }, fmt(S.openCampaignsTitle, { n: open.length })),
          open.length ? h('ul', { class: 'fr-raw-list' }, open.map(card)) : h('p', {}, S.openCampaignsNone)),
        closed.length ? h('section', { id: 'campagnes-closes', class: 'fr-mt-4w', 'aria-labelledby': 'titre-closes' },
          h('h2', { id: 'titre-closes' }, fmt(S.closedCampaignsTitle, { n: closed.length })),
          h('p', { class: 'fr-text--sm' }, S.closedCampaignsIntro),
          h('ul', { class: 'fr-raw-list' }, closed.map(card))) : null);
      return;
    }
    const { data: c } = await api.get(`/api/seasonal-campaigns/${encodeURIComponent(id)}`);
    const notices = noticeArea();
    const offers = h('div', { id: 'offres-campagne' });
    appendAll(container, h('h1', {}, c.name), // appendAll: the absent parts (null) are skipped
      h('p', {}, fmt(S.period, { from: day(c.starts_on), to: day(c.ends_on) }), ' — ', c.area_name || c.departement_name || S.wholeRegion),
      c.description ? h('p', {}, c.description) : null,
      h('p', { class: 'fr-text--sm' }, fmt(S.postsText, { posts: codes(c.posts) })),
      h('p', { class: 'fr-text--sm' }, fmt(S.admittedText, { admitted: codes(c.admitted) })),
      c.status === 'open' ? null : alert('info', c.ended ? S.endedNotice : S.closedNotice), notices.el);
    if (can(session, 'candidate.self') && c.status === 'open') { // a candidate, or a student (role intern)
      // a student who already applied (is in the campaign's pool) reads so instead of the button;
      // one without a profile yet is sent to make it first
      const me = await api.get('/api/me/candidate').then((r) => r.data, () => null);
      const place = h('div', { id: 'candidature', class: 'fr-mb-3w' });
      const done = () => replace(place, badge(S.appliedBadge, 'success'));
      if (me && (me.pools || []).some((p) => p.id === c.pool_id)) done();
      else if (!me) {
        place.append(h('p', {}, T.student.profileFirst),
          h('a', { class: 'fr-btn fr-btn--secondary', id: 'creer-profil', href: '/candidat.html' }, T.student.profileLink));
      } else {
        place.append(button(S.apply, { attrs: { id: 'postuler', onclick: async () => {
          try {
            await api.post(`/api/seasonal-campaigns/${encodeURIComponent(c.id)}/applications`);
            notices.show(alert('success', S.applied), { focus: true });
            done();
          } catch (e) {
            notices.show(errorAlert(e), { focus: true });
          }
        } } }));
      }
      container.append(place);
    } else if ((!session || !session.user) && c.status === 'open') { // a closed campaign takes no application
      container.append(h('p', {}, S.loginToApply));
    } else if (c.status === 'open' && !can(session, 'recruit.manage')) { // employers, partners…: say why no button
      container.append(h('p', { id: 'candidature-reservee' }, T.student.notForRole));
    }
    container.append(h('h2', { class: 'fr-mt-4w' }, S.offersTitle), offers,
      h('p', { class: 'fr-mt-4w' }, h('a', { href: '/saisons.html', class: 'fr-link' }, S.allCampaigns)));
    if (!c.offers.length) { replace(offers, h('p', {}, S.offersNone)); return; }
    replace(offers, dataTable({
      caption: fmt(S.offersCaption, { n: c.offers.length }),
      columns: [{ label: S.colPost, wrap: true }, { label: S.colPlace, wrap: true }, { label: S.colWhen, wrap: true }],
      rows: c.offers.map((o) => [
        h('a', { href: `/offre.html?id=${encodeURIComponent(o.id)}` }, fmt(S.offerTitle, { post: o.profession_label, n: o.headcount })),
        o.commune_name ? `${o.establishment_name}, ${o.commune_name}` : o.establishment_name,
        `${when(o.start)} → ${when(o.end)}`]),
    }));
  },
});
