// Home page: a public welcome for anonymous visitors, otherwise a welcome
// for the user with tiles for the sections of their role (sections.js).
// Tiles say what waits for the user (work.js): values to validate and
// contributions to answer for staff, actions with something due and values
// to enter for pilots; a tile leads to the plan concerned when there is only
// one.
import { T } from '../texts.js';
import { h, fmt } from '../dom.js';
import { boot } from '../layout.js';
import { sectionsFor, can, PERM } from '../sections.js';
import { badge } from '../ui.js';
import { readablePlans, myActions, staffCounts } from '../work.js';

function tile(section, headingLevel) {
  const heading = `h${headingLevel}`;
  const live = !!section.href;
  return h('div', { class: 'fr-col-12 fr-col-md-6 fr-col-lg-4' },
    h('div', { class: `fr-tile${live ? ' fr-enlarge-link' : ' plam-tile--soon'}`, 'data-plam-section': section.key },
      h('div', { class: 'fr-tile__body' },
        h('div', { class: 'fr-tile__content' },
          h(heading, { class: 'fr-tile__title' }, live ? h('a', { href: section.href }, section.title) : section.title),
          h('p', { class: 'fr-tile__desc' }, section.desc),
          section.detail ? h('p', { class: 'fr-tile__detail', 'data-plam': 'a-faire' }, section.detail) : null,
          live ? null : h('div', { class: 'fr-tile__start' }, badge(T.home.soon, 'info'))))));
}

function tiles(sections) {
  return h('div', { class: 'fr-grid-row fr-grid-row--gutters' }, sections.map((s) => tile(s, 3)));
}

const plural = (n, one, many, none) => (n === 0 ? none : fmt(n === 1 ? one : many, { n }));

/** Counts and better targets for the tiles of a signed-in user. */
async function addWork(session, sections) {
  const keys = new Set(sections.map((x) => x.key));
  const W = T.work;
  const set = (key, patch) => { const x = sections.find((y) => y.key === key); if (x) Object.assign(x, patch); };
  const staffKeys = keys.has('validation') || keys.has('contributions');
  const pilotKeys = keys.has('myActions') || keys.has('measurements') || keys.has('dashboard');
  if (!staffKeys && !pilotKeys) return;
  const plans = await readablePlans();
  if (staffKeys && (can(session, PERM.measurementReview) || can(session, PERM.planWrite))) {
    const counts = await staffCounts(session, plans.map((x) => x.plan));
    const one = (k) => { const c = counts.filter((x) => x[k] > 0); return c.length === 1 ? c[0].plan.id : null; };
    const sum = (k) => counts.reduce((n, x) => n + (x[k] || 0), 0);
    if (can(session, PERM.measurementReview)) {
      const pid = one('pending');
      set('validation', { detail: plural(sum('pending'), W.pendingOne, W.pendingMany, W.pendingNone), ...(pid ? { href: `/validation.html?plan=${encodeURIComponent(pid)}` } : {}) });
    }
    if (can(session, PERM.planWrite)) {
      const pid = one('unanswered');
      set('contributions', { detail: plural(sum('unanswered'), W.unansweredOne, W.unansweredMany, W.unansweredNone), ...(pid ? { href: `/contributions.html?plan=${encodeURIComponent(pid)}` } : {}) });
    }
  }
  if (pilotKeys) {
    const mine = await myActions(session, plans);
    const due = mine.actions.filter((x) => x.due.length).length;
    const values = mine.actions.reduce((n, x) => n + x.due.filter((d) => d.kind === 'value_missing' || d.kind === 'value_stale').length, 0);
    set('myActions', { detail: mine.actions.length ? fmt(W.actionsDue, { due, n: mine.actions.length }) : W.actionsNone });
    set('measurements', { detail: values ? fmt(W.valuesToEnter, { n: values }) : W.valuesNone });
    // the dashboard of the user's plan: the one plan their actions are in, else the only plan
    const ids = [...new Set(mine.actions.map((x) => x.plan.id))];
    const pid = ids.length === 1 ? ids[0] : (plans.length === 1 ? plans[0].plan.id : null);
    if (pid) set('dashboard', { href: `/plan.html?id=${encodeURIComponent(pid)}#synthese` });
  }
}

boot({
  current: 'home',
  title: T.home.title,
  async render(container, { config, session }) {
    const name = config.instance_name || T.product.name;
    const sections = sectionsFor(session);
    if (session) await addWork(session, sections).catch(() => null); /* the tiles work without their counts */
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
