// Page shell shared by every page: skip links, header (with the State brand
// block only when GET /api/config returns a brand), main navigation, footer,
// page title, session loading, and access checks before a page renders.
import { T } from './texts.js';
import { h, fmt, lines, replace } from './dom.js';
import { api, currentSession, logout, loginUrl } from './api.js';
import { navFor, can } from './sections.js';
import { alert, errorAlert } from './ui.js';

const DEFAULT_CONFIG = { instance_name: T.product.name, brand: null };

async function loadConfig() {
  try {
    const { data } = await api.get('/api/config', null, { redirectOn401: false });
    return { ...DEFAULT_CONFIG, ...data };
  } catch {
    return DEFAULT_CONFIG;
  }
}

function brandLines(brand) {
  return Array.isArray(brand.lines) && brand.lines.length ? brand.lines : T.header.brandDefault;
}

function renderSkiplinks(el, hasNav) {
  replace(el, h('div', { class: 'fr-skiplinks' },
    h('nav', { class: 'fr-container', role: 'navigation', 'aria-label': T.skiplinks.label },
      h('ul', { class: 'fr-skiplinks__list' },
        h('li', {}, h('a', { class: 'fr-link', href: '#contenu' }, T.skiplinks.content)),
        hasNav ? h('li', {}, h('a', { class: 'fr-link', href: '#navigation-principale' }, T.skiplinks.menu)) : null,
        h('li', {}, h('a', { class: 'fr-link', href: '#pied-de-page' }, T.skiplinks.footer))))));
}

function renderHeader(el, { config, session, current }) {
  const name = config.instance_name || T.product.name;
  const homeTitle = fmt(T.header.homeTitle, { name });
  const brand = config.brand;
  const tagline = brand && brand.operator ? brand.operator : T.product.tagline;
  const user = session && session.user;

  const tools = user
    ? [
      h('p', { class: 'plam-user fr-icon-account-circle-line', 'data-plam': 'user' },
        h('span', { class: 'fr-sr-only' }, T.header.userLabel + ' : '),
        fmt(T.header.userSummary, { name: user.display_name || user.login, role: user.role_label || T.roles[user.role] || user.role })),
      h('div', { class: 'fr-btns-group' },
        h('button', { type: 'button', class: 'fr-btn fr-icon-logout-box-r-line', 'data-plam-action': 'logout' }, T.header.logout)),
    ]
    : [h('div', { class: 'fr-btns-group' },
      h('a', { class: 'fr-btn fr-icon-lock-line', href: '/connexion.html' }, T.header.login))];

  const entries = session ? [{ key: 'home', label: T.nav.home, href: '/' }, ...navFor(session)] : [];

  el.className = 'fr-header';
  el.setAttribute('role', 'banner');
  replace(el,
    h('div', { class: 'fr-header__body' },
      h('div', { class: 'fr-container' },
        h('div', { class: 'fr-header__body-row' },
          h('div', { class: `fr-header__brand fr-enlarge-link${brand ? '' : ' plam-brand-neutral'}` },
            h('div', { class: 'fr-header__brand-top' },
              brand ? h('div', { class: 'fr-header__logo' }, h('p', { class: 'fr-logo', 'data-plam': 'state-brand' }, lines(brandLines(brand)))) : null,
              h('div', { class: 'fr-header__navbar' },
                h('button', { type: 'button', class: 'fr-btn--menu fr-btn', 'data-fr-opened': 'false', 'aria-controls': 'menu-principal', title: T.header.menu, id: 'bouton-menu' }, T.header.menu))),
            h('div', { class: 'fr-header__service' },
              h('a', { href: '/', title: homeTitle }, h('p', { class: 'fr-header__service-title' }, name)),
              h('p', { class: 'fr-header__service-tagline' }, tagline))),
          h('div', { class: 'fr-header__tools' }, h('div', { class: 'fr-header__tools-links' }, tools))))),
    // aria-labelledby names the DSFR modal on small screens; without the DSFR
    // the div has no role, where the attribute is prohibited.
    h('div', { class: 'fr-header__menu fr-modal', id: 'menu-principal', 'aria-labelledby': dsfrActive() ? 'bouton-menu' : null },
      h('div', { class: 'fr-container' },
        h('button', { type: 'button', class: 'fr-btn--close fr-btn', 'aria-controls': 'menu-principal', title: T.header.close }, T.header.close),
        h('div', { class: 'fr-header__menu-links' }),
        entries.length
          ? h('nav', { class: 'fr-nav', id: 'navigation-principale', role: 'navigation', 'aria-label': T.header.mainNav },
            h('ul', { class: 'fr-nav__list' }, entries.map((e) => h('li', { class: 'fr-nav__item' },
              h('a', { class: 'fr-nav__link', href: e.href, 'aria-current': e.key === current ? 'page' : null, 'data-plam-nav': e.key }, e.label)))))
          : null)));
  return entries.length > 0;
}

function renderFooter(el, { config }) {
  const name = config.instance_name || T.product.name;
  const brand = config.brand;
  el.className = 'fr-footer';
  el.setAttribute('role', 'contentinfo');
  replace(el, h('div', { class: 'fr-container' },
    h('div', { class: 'fr-footer__body' },
      brand
        ? h('div', { class: 'fr-footer__brand fr-enlarge-link' },
          h('a', { href: '/', title: fmt(T.header.homeTitle, { name }) }, h('p', { class: 'fr-logo' }, lines(brandLines(brand)))))
        : h('div', { class: 'fr-footer__brand plam-brand-neutral' }, h('p', { class: 'plam-footer-name' }, name)),
      h('div', { class: 'fr-footer__content' },
        h('p', { class: 'fr-footer__content-desc' }, T.footer.description,
          brand && brand.operator ? [' ', fmt(T.footer.operatedBy, { operator: brand.operator })] : null))),
    h('div', { class: 'fr-footer__bottom' },
      h('ul', { class: 'fr-footer__bottom-list' },
        h('li', { class: 'fr-footer__bottom-item' }, h('p', { class: 'fr-footer__bottom-link' }, T.footer.accessibility))))));
}

// Logout buttons may be cloned by DSFR into the mobile menu, so one
// delegated listener handles them all.
document.addEventListener('click', async (ev) => {
  const btn = ev.target instanceof Element ? ev.target.closest('[data-plam-action="logout"]') : null;
  if (!btn) return;
  ev.preventDefault();
  btn.disabled = true;
  btn.textContent = T.header.loggingOut;
  try { await logout(); } catch { /* the session is gone either way */ }
  location.assign('/connexion.html?motif=deconnexion');
});

function dsfrActive() { return !document.documentElement.classList.contains('plam-no-dsfr'); }

/** Marks <html> when the DSFR stylesheet is absent so plam.css can fall back. */
function detectDsfr() {
  const v = getComputedStyle(document.documentElement).getPropertyValue('--background-default-grey');
  document.documentElement.classList.toggle('plam-no-dsfr', !v.trim());
}

/**
 * Boots a page. opts: current (nav key), title (page title text),
 * requireAuth (anonymous visitors are sent to the login page), perm
 * (permission needed; otherwise an "accès refusé" message), render(container,
 * ctx) where ctx = {config, session}. Resolves once the page is rendered;
 * document.body gets data-plam-ready for tests.
 */
export async function boot({ current = null, title, requireAuth = false, perm = null, render }) {
  detectDsfr();
  const container = document.getElementById('page');
  const main = document.getElementById('contenu');
  main.setAttribute('aria-busy', 'true');
  replace(container, h('p', {}, T.common.loading));

  const [config, sessionResult] = await Promise.all([
    loadConfig(),
    currentSession().then((s) => ({ s }), (e) => ({ e })),
  ]);
  const session = sessionResult.s || null;
  if (requireAuth && !session && !sessionResult.e) {
    location.replace(loginUrl());
    return;
  }
  const site = config.instance_name || T.product.name;
  document.title = title ? fmt(T.common.pageTitle, { page: title, site }) : site;

  const hasNav = renderHeader(document.getElementById('en-tete'), { config, session, current });
  renderSkiplinks(document.getElementById('liens-evitement'), hasNav);
  renderFooter(document.getElementById('pied-de-page'), { config });

  try {
    if (sessionResult.e) {
      replace(container, errorAlert(sessionResult.e, { title: T.errors.title }));
    } else if (perm && !can(session, perm)) {
      replace(container, h('h1', {}, T.errors.forbiddenTitle), alert('error', T.errors.forbidden));
    } else {
      container.replaceChildren();
      await render(container, { config, session });
    }
  } catch (e) {
    replace(container, errorAlert(e, { title: T.errors.title }));
  } finally {
    main.removeAttribute('aria-busy');
    document.body.dataset.plamReady = 'true';
  }
}
