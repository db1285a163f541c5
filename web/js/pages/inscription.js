// Create my account (inscription.html), for candidates and students: POST
// /api/registrations, then the same message whatever the address (no one
// learns whether it has an account). Following the e-mailed link lands here
// with #jeton=…: the page confirms the address (POST
// /api/registrations/verify) and sends the person to the login page.
import { T } from '../texts.js';
import { h, fmt } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { alert, errorAlert, inputField, noticeArea, applyFieldErrors } from '../ui.js';
import { takeToken, checkPasswords } from './account-links.js';

function verify(col, token) {
  const notices = noticeArea();
  col.append(notices.el);
  notices.show(alert('info', T.signup.verifying));
  api.post('/api/registrations/verify', { token }, { redirectOn401: false }).then(({ data }) => {
    notices.show(alert('success', fmt(T.signup.verified, { login: data.login }), { title: T.signup.verifiedTitle }), { focus: true });
    col.append(h('p', { class: 'fr-mt-3w' }, h('a', { class: 'fr-btn', href: '/connexion.html' }, T.reset.goLogin)));
  }, (e) => {
    notices.show(errorAlert(e, { title: T.signup.verifyFailedTitle }), { focus: true });
    col.append(h('p', { class: 'fr-mt-3w' }, h('a', { class: 'fr-link', href: '/inscription.html' }, T.signup.signupAgain)));
  });
}

function roleGroup() {
  const radios = Object.entries(T.signup.roles).map(([value, label]) => {
    const id = `role-${value}`;
    const input = h('input', { type: 'radio', id, name: 'role', value });
    return { input, el: h('div', { class: 'fr-fieldset__element' },
      h('div', { class: 'fr-radio-group' }, input, h('label', { class: 'fr-label', for: id }, label))) };
  });
  const message = h('div', { class: 'fr-messages-group', id: 'role-messages', 'aria-live': 'polite' });
  const fs = h('fieldset', { class: 'fr-fieldset', id: 'champ-role', 'aria-labelledby': 'legende-role role-messages' },
    h('legend', { class: 'fr-fieldset__legend fr-fieldset__legend--regular', id: 'legende-role' }, T.signup.role, T.common.requiredMark),
    radios.map((r) => r.el), message);
  return {
    group: fs,
    input: radios[0].input,
    value: () => (radios.find((r) => r.input.checked) || { input: { value: '' } }).input.value,
    setError(msg) {
      fs.classList.toggle('fr-fieldset--error', !!msg);
      message.replaceChildren(...(msg ? [h('p', { class: 'fr-message fr-message--error' }, msg)] : []));
    },
  };
}

boot({
  title: T.signup.title,
  render(container) {
    const col = h('div', { class: 'fr-col-12 fr-col-md-8 fr-col-lg-6' });
    container.append(h('div', { class: 'fr-grid-row fr-grid-row--center' }, col));
    col.append(h('h1', {}, T.signup.title));
    const token = takeToken();
    if (token) { verify(col, token); return; }

    const notices = noticeArea();
    const f = {
      email: inputField({ id: 'adresse', name: 'email', label: T.signup.email, hint: T.signup.emailHint, type: 'email', required: true,
        attrs: { autocomplete: 'email', autocapitalize: 'none', spellcheck: 'false', maxlength: '254' } }),
      display_name: inputField({ id: 'nom', name: 'display_name', label: T.signup.name, required: true,
        attrs: { autocomplete: 'name', maxlength: '200' } }),
      role: roleGroup(),
      password: inputField({ id: 'mot-de-passe', name: 'password', label: T.signup.password, hint: T.signup.passwordHint,
        type: 'password', required: true, attrs: { autocomplete: 'new-password', minlength: '12' } }),
      confirm: inputField({ id: 'confirmation', name: 'confirm', label: T.signup.confirm, type: 'password', required: true,
        attrs: { autocomplete: 'new-password' } }),
    };
    const submit = h('button', { class: 'fr-btn', type: 'submit' }, T.signup.submit);
    const form = h('form', { id: 'formulaire-inscription', novalidate: true },
      h('p', { class: 'fr-text--sm' }, T.common.required),
      h('div', { class: 'fr-mb-3w' }, f.email.group), h('div', { class: 'fr-mb-3w' }, f.display_name.group), f.role.group,
      h('div', { class: 'fr-mb-3w' }, f.password.group), h('div', { class: 'fr-mb-3w' }, f.confirm.group),
      h('ul', { class: 'fr-btns-group' }, h('li', {}, submit)));
    col.append(h('p', {}, T.signup.intro), notices.el, form,
      h('p', { class: 'fr-mt-3w' }, T.signup.haveAccount, ' ', h('a', { class: 'fr-link', href: '/connexion.html' }, T.reset.goLogin)));

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      notices.clear();
      for (const x of Object.values(f)) x.setError(null);
      let bad = null;
      const email = f.email.input.value.trim(), name = f.display_name.input.value.trim(), role = f.role.value();
      if (!email) { f.email.setError(T.signup.missingEmail); bad = f.email.input; }
      if (!name) { f.display_name.setError(T.signup.missingName); bad = bad || f.display_name.input; }
      if (!role) { f.role.setError(T.signup.missingRole); bad = bad || f.role.input; }
      const pwdBad = checkPasswords(f.password, f.confirm, T.signup);
      bad = bad || pwdBad;
      if (bad) { bad.focus(); return; }
      submit.disabled = true;
      submit.textContent = T.signup.submitting;
      try {
        const { data } = await api.post('/api/registrations', { email, display_name: name, role, password: f.password.input.value },
          { redirectOn401: false });
        form.remove();
        notices.show(alert('success', data.message, { title: T.signup.sentTitle, extra: [h('p', {}, T.signup.sentNext)] }), { focus: true });
      } catch (e) {
        submit.disabled = false;
        submit.textContent = T.signup.submit;
        const first = applyFieldErrors(e, f);
        notices.show(errorAlert(e), { focus: !first });
        if (first) first.focus();
      }
    });
  },
});
