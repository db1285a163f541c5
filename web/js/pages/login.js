// Login page: POST /api/session, French errors from the server in a DSFR
// alert inside a live region, focus moved to the field to correct, then
// back to the page the user came from (same origin only).
import { T } from '../texts.js';
import { h, fmt } from '../dom.js';
import { boot } from '../layout.js';
import { login, ApiError } from '../api.js';
import { alert, errorAlert, inputField, noticeArea } from '../ui.js';

/** The local path to go to after login: ?retour= if same-origin, else '/'. */
function returnPath() {
  const raw = new URLSearchParams(location.search).get('retour');
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  try {
    const u = new URL(raw, location.origin);
    if (u.origin !== location.origin || u.pathname.startsWith('/connexion')) return '/';
    return u.pathname + u.search + u.hash;
  } catch {
    return '/';
  }
}

boot({
  title: T.login.title,
  render(container, { session }) {
    const motif = new URLSearchParams(location.search).get('motif');
    const notices = noticeArea();
    const col = h('div', { class: 'fr-col-12 fr-col-md-8 fr-col-lg-6' });
    container.append(h('div', { class: 'fr-grid-row fr-grid-row--center' }, col));
    col.append(h('h1', {}, T.login.title));

    if (session) {
      col.append(
        alert('info', fmt(T.login.alreadyLogged, { name: session.user.display_name || session.user.login })),
        h('p', { class: 'fr-mt-3w' }, h('a', { class: 'fr-link', href: returnPath() }, T.login.goHome)));
      return;
    }

    const loginF = inputField({ id: 'identifiant', name: 'login', label: T.login.login, hint: T.login.loginHint, required: true,
      attrs: { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' } });
    const pwdF = inputField({ id: 'mot-de-passe', name: 'password', label: T.login.password, type: 'password', required: true,
      attrs: { autocomplete: 'current-password' } });
    const show = h('input', { type: 'checkbox', id: 'afficher-mot-de-passe', 'aria-controls': 'mot-de-passe' });
    show.addEventListener('change', () => { pwdF.input.type = show.checked ? 'text' : 'password'; });
    const submit = h('button', { class: 'fr-btn', type: 'submit' }, T.login.submit);

    const form = h('form', { id: 'formulaire-connexion', novalidate: true },
      h('fieldset', { class: 'fr-fieldset', 'aria-labelledby': 'legende-connexion' },
        h('legend', { class: 'fr-fieldset__legend', id: 'legende-connexion' }, T.login.legend),
        h('p', { class: 'fr-fieldset__element fr-text--sm' }, T.common.required),
        h('div', { class: 'fr-fieldset__element' }, loginF.group),
        h('div', { class: 'fr-fieldset__element' }, pwdF.group),
        h('div', { class: 'fr-fieldset__element' },
          h('div', { class: 'fr-checkbox-group fr-checkbox-group--sm' }, show,
            h('label', { class: 'fr-label', for: 'afficher-mot-de-passe' }, T.login.showPassword)))),
      h('ul', { class: 'fr-btns-group' }, h('li', {}, submit)));

    col.append(h('p', {}, T.login.intro), notices.el, form,
      // mail: forgotten password and self-registration
      h('p', { class: 'fr-mt-3w' }, h('a', { class: 'fr-link', href: '/mot-de-passe-oublie.html', id: 'lien-mot-de-passe-oublie' }, T.forgot.link)),
      h('p', {}, T.forgot.noAccount, ' ', h('a', { class: 'fr-link', href: '/inscription.html' }, T.forgot.signup)));
    if (motif === 'expiree') notices.show(alert('info', T.login.expired));
    else if (motif === 'deconnexion') notices.show(alert('success', T.login.loggedOut));
    else if (motif === 'mot-de-passe') notices.show(alert('success', T.account.changed));
    loginF.input.focus();

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      notices.clear();
      loginF.setError(null);
      pwdF.setError(null);
      const name = loginF.input.value.trim();
      const password = pwdF.input.value;
      let firstBad = null;
      if (!name) { loginF.setError(T.login.missingLogin); firstBad = loginF.input; }
      if (!password) { pwdF.setError(T.login.missingPassword); firstBad = firstBad || pwdF.input; }
      if (firstBad) { firstBad.focus(); return; }

      submit.disabled = true;
      submit.textContent = T.login.submitting;
      try {
        await login(name, password);
        location.assign(returnPath());
      } catch (e) {
        submit.disabled = false;
        submit.textContent = T.login.submit;
        // cand: an account whose address is not verified yet gets the way to a new link
        if (e instanceof ApiError && e.code === 'account_unverified') {
          const href = '/verification.html' + (name.includes('@') ? '?adresse=' + encodeURIComponent(name) : '');
          notices.show(alert('error', e.message, { title: T.cand.unverifiedTitle,
            extra: [h('p', { class: 'fr-mb-0' }, h('a', { class: 'fr-link', href, id: 'lien-verification' }, T.cand.resendLink))] }));
          loginF.input.focus();
          return;
        }
        notices.show(errorAlert(e));
        // A wrong password: clear it and put the user back where they retype it.
        if (e instanceof ApiError && e.code === 'bad_credentials') {
          pwdF.input.value = '';
          pwdF.input.focus();
        } else {
          loginF.input.focus();
        }
      }
    });
  },
});
