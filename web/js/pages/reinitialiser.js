// New password with the e-mailed link (reinitialiser.html#jeton=…): POST
// /api/password-resets/confirm; the server ends every session of the
// account, so the page sends the person to the login page.
import { T } from '../texts.js';
import { h } from '../dom.js';
import { boot } from '../layout.js';
import { api, ApiError } from '../api.js';
import { alert, errorAlert, inputField, noticeArea, applyFieldErrors } from '../ui.js';
import { takeToken, checkPasswords } from './account-links.js';

function askAgain() {
  return h('p', { class: 'fr-mt-3w' }, h('a', { class: 'fr-link', href: '/mot-de-passe-oublie.html' }, T.reset.askAgain));
}

boot({
  title: T.reset.title,
  render(container) {
    const col = h('div', { class: 'fr-col-12 fr-col-md-8 fr-col-lg-6' });
    container.append(h('div', { class: 'fr-grid-row fr-grid-row--center' }, col));
    col.append(h('h1', {}, T.reset.title));
    const token = takeToken();
    if (!token) { col.append(alert('error', T.reset.noToken), askAgain()); return; }
    const notices = noticeArea();
    const f = {
      password: inputField({ id: 'nouveau-mot-de-passe', name: 'password', label: T.reset.password, hint: T.reset.passwordHint,
        type: 'password', required: true, attrs: { autocomplete: 'new-password', minlength: '12' } }),
      confirm: inputField({ id: 'confirmation', name: 'confirm', label: T.reset.confirm, type: 'password', required: true,
        attrs: { autocomplete: 'new-password' } }),
    };
    const submit = h('button', { class: 'fr-btn', type: 'submit' }, T.reset.submit);
    const form = h('form', { id: 'formulaire-reinitialisation', novalidate: true },
      h('p', { class: 'fr-text--sm' }, T.common.required),
      h('div', { class: 'fr-mb-3w' }, f.password.group), h('div', { class: 'fr-mb-3w' }, f.confirm.group),
      h('ul', { class: 'fr-btns-group' }, h('li', {}, submit)));
    col.append(h('p', {}, T.reset.intro), notices.el, form);
    f.password.input.focus();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      notices.clear();
      const bad = checkPasswords(f.password, f.confirm, T.reset);
      if (bad) { bad.focus(); return; }
      submit.disabled = true;
      submit.textContent = T.reset.submitting;
      try {
        await api.post('/api/password-resets/confirm', { token, password: f.password.input.value }, { redirectOn401: false });
        form.remove();
        notices.show(alert('success', T.reset.done, { title: T.reset.doneTitle }), { focus: true });
        col.append(h('p', { class: 'fr-mt-3w' }, h('a', { class: 'fr-btn', href: '/connexion.html' }, T.reset.goLogin)));
      } catch (e) {
        submit.disabled = false;
        submit.textContent = T.reset.submit;
        const first = applyFieldErrors(e, f);
        notices.show(errorAlert(e), { focus: !first });
        if (first) first.focus();
        else if (e instanceof ApiError && e.fields.some((x) => x.field === 'token')) { form.remove(); col.append(askAgain()); }
      }
    });
  },
});
