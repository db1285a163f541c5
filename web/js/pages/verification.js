// A new e-mail verification link (verification.html, cand): POST
// /api/registrations/resend with the address of an account created on the
// public site that was never verified (the first link was lost or has
// expired). The same message for every address, so no one learns which
// have an account; too many requests get the server's wait. The login page
// links here when it answers "address not verified yet"; ?adresse= fills
// the field.
import { T } from '../texts.js';
import { h } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { alert, errorAlert, inputField, noticeArea, applyFieldErrors } from '../ui.js';

boot({
  title: T.cand.resendTitle,
  render(container) {
    const col = h('div', { class: 'fr-col-12 fr-col-md-8 fr-col-lg-6' });
    container.append(h('div', { class: 'fr-grid-row fr-grid-row--center' }, col));
    const notices = noticeArea();
    const email = inputField({ id: 'adresse', name: 'email', label: T.forgot.email, hint: T.forgot.emailHint, type: 'email',
      required: true, attrs: { autocomplete: 'email', autocapitalize: 'none', spellcheck: 'false', maxlength: '254' } });
    const given = new URLSearchParams(location.search).get('adresse');
    if (given && given.length <= 254) email.input.value = given;
    const submit = h('button', { class: 'fr-btn', type: 'submit' }, T.cand.resendSubmit);
    const form = h('form', { id: 'formulaire-verification', novalidate: true },
      h('p', { class: 'fr-text--sm' }, T.common.required), h('div', { class: 'fr-mb-3w' }, email.group),
      h('ul', { class: 'fr-btns-group' }, h('li', {}, submit)));
    col.append(h('h1', {}, T.cand.resendTitle), h('p', {}, T.cand.resendIntro), notices.el, form,
      h('p', { class: 'fr-mt-3w' }, h('a', { class: 'fr-link', href: '/connexion.html' }, T.cand.backToLogin)));
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
        const { data } = await api.post('/api/registrations/resend', { email: value }, { redirectOn401: false });
        form.remove();
        notices.show(alert('success', data.message, { title: T.forgot.sentTitle, extra: [h('p', {}, T.cand.resendNext)] }), { focus: true });
      } catch (e) {
        submit.disabled = false;
        submit.textContent = T.cand.resendSubmit;
        const first = applyFieldErrors(e, { email });
        notices.show(errorAlert(e), { focus: !first });
        if (first) first.focus();
      }
    });
  },
});
