// Home page: a public welcome for anonymous visitors, otherwise a welcome
// for the user with tiles for the sections of their role (sections.js).
import { T } from '../texts.js';
import { h, fmt } from '../dom.js';
import { boot } from '../layout.js';
import { sectionsFor } from '../sections.js';
import { badge } from '../ui.js';

function tile(section, headingLevel) {
  const heading = `h${headingLevel}`;
  const live = !!section.href;
  return h('div', { class: 'fr-col-12 fr-col-md-6 fr-col-lg-4' },
    h('div', { class: `fr-tile${live ? ' fr-enlarge-link' : ' plam-tile--soon'}`, 'data-plam-section': section.key },
      h('div', { class: 'fr-tile__body' },
        h('div', { class: 'fr-tile__content' },
          h(heading, { class: 'fr-tile__title' }, live ? h('a', { href: section.href }, section.title) : section.title),
          h('p', { class: 'fr-tile__desc' }, section.desc),
          live ? null : h('div', { class: 'fr-tile__start' }, badge(T.home.soon, 'info'))))));
}

function tiles(sections) {
  return h('div', { class: 'fr-grid-row fr-grid-row--gutters' }, sections.map((s) => tile(s, 3)));
}

boot({
  current: 'home',
  title: T.home.title,
  render(container, { config, session }) {
    const name = config.instance_name || T.product.name;
    const sections = sectionsFor(session);
    if (!session) {
      container.append(
        h('h1', {}, fmt(T.home.publicTitle, { name })),
        h('p', { class: 'fr-text--lead' }, T.home.publicIntro),
        h('p', {}, T.home.publicLogin),
        h('p', {}, h('a', { class: 'fr-btn fr-icon-lock-line fr-btn--icon-left', href: '/connexion.html' }, T.header.login)),
        h('h2', { class: 'fr-mt-6w' }, T.home.publicSections),
        tiles(sections));
      return;
    }
    const u = session.user;
    const role = u.role_label || T.roles[u.role] || u.role;
    container.append(
      h('h1', {}, fmt(T.home.welcome, { name: u.display_name || u.login })),
      h('p', { class: 'fr-text--lead' }, u.org_name
        ? fmt(T.home.roleLineOrg, { role, org: u.org_name })
        : fmt(T.home.roleLine, { role }) + '.'),
      h('h2', { class: 'fr-mt-6w' }, T.home.yourSpace),
      sections.length ? tiles(sections) : h('p', {}, T.home.noSections));
  },
});
