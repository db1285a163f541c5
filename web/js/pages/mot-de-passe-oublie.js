// Forgotten password (mot-de-passe-oublie.html): POST /api/password-resets
// with an e-mail address; the same message for every address, so no one
// learns which have an account. Too many requests get the server's wait.
import { T } from '../texts.js';
import { h } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { alert, errorAlert, inputField, noticeArea, applyFieldErrors } from '../ui.js';

boot({
  title: T.forgot.title,
  render(container) {
    const col = h('div', { class: 'fr-col-12 fr-col-md-8 fr-col-lg-6' });
    container.append(h('div', { class: 'fr-grid-row fr-grid-row--center' }, col));
    const notices = noticeArea();
    const email = inputField({ id: 'adresse', name: 'email', label: T.forgot.email, hint: T.forgot.emailHint, type: 'email',
      required: true, attrs: { autocomplete: 'email', autocapitalize: 'none', spellcheck: 'false', maxlength: '254' } });
    const submit = h('button', { class: 'fr-btn', type: 'submit' }, T.forgot.submit);
    const form = h('form', { id: 'formulaire-oubli', novalidate: true },
      h('p', { class: 'fr-text--sm' }, T.common.required), h('div', { class: 'fr-mb-3w' }, email.group),
      h('ul', { class: 'fr-btns-group' }, h('li', {}, submit)));
    col.append(h('h1', {}, T.forgot.title), h('p', {}, T.forgot.intro), notices.el, form,
      h('p', { class: 'fr-mt-3w' }, T.forgot.noAccount, ' ', h('a', { class: 'fr-link', href: '/inscription.html' }, T.forgot.signup)));
    email.input.focus();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      notices.clear();
      email.setError(null);
      const value = email.input.value.trim();
      if (!value) { email.setError(T.forgot.missingEmail); email.input.focus(); return; }
      submit.disabled = true;
      submit.textContent = T.forgot.submitting;
      try {
        const { data } = await api.post('/api/password-resets', { email: value }, { redirectOn401: false });
        form.remove();
        notices.show(alert('success', data.message, { title: T.forgot.sentTitle, extra: [h('p', {}, T.forgot.sentNext)] }), { focus: true });
      } catch (e) {
        submit.disabled = false;
        submit.textContent = T.forgot.submit;
        const first = applyFieldErrors(e, { email });
        notices.show(errorAlert(e), { focus: !first });
        if (first) first.focus();
      }
    });
  },
});
