// The public pages that ask for one e-mail address and send a link to it
// (mot-de-passe-oublie.html, verification.html): the same form, the same
// handling. The server gives the same message for every address, so no one
// learns which have an account; too many requests get the server's wait.
import { T } from './texts.js';
import { h } from './dom.js';
import { boot } from './layout.js';
import { api } from './api.js';
import { alert, errorAlert, inputField, noticeArea, applyFieldErrors } from './ui.js';

/**
 * Boots the page. title, intro, submitLabel, nextText: texts; formId: the
 * form's id; route: the API route posted { email } to; footer: nodes under the
 * form; prefill: the address to start with ('' or null: none).
 */
export function emailRequestPage({ title, intro, submitLabel, nextText, formId, route, footer, prefill }) {
  boot({
    title,
    render(container) {
      const col = h('div', { class: 'fr-col-12 fr-col-md-8 fr-col-lg-6' });
      container.append(h('div', { class: 'fr-grid-row fr-grid-row--center' }, col));
      const notices = noticeArea();
      const email = inputField({ id: 'adresse', name: 'email', label: T.forgot.email, hint: T.forgot.emailHint, type: 'email',
        required: true, attrs: { autocomplete: 'email', autocapitalize: 'none', spellcheck: 'false', maxlength: '254' } });
      if (prefill && prefill.length <= 254) email.input.value = prefill;
      const submit = h('button', { class: 'fr-btn', type: 'submit' }, submitLabel);
      const form = h('form', { id: formId, novalidate: true },
        h('p', { class: 'fr-text--sm' }, T.common.required), h('div', { class: 'fr-mb-3w' }, email.group),
        h('ul', { class: 'fr-btns-group' }, h('li', {}, submit)));
      col.append(h('h1', {}, title), h('p', {}, intro), notices.el, form, h('p', { class: 'fr-mt-3w' }, ...footer));
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
          const { data } = await api.post(route, { email: value }, { redirectOn401: false });
          form.remove();
          notices.show(alert('success', data.message, { title: T.forgot.sentTitle, extra: [h('p', {}, nextText)] }), { focus: true });
        } catch (e) {
          submit.disabled = false;
          submit.textContent = submitLabel;
          const first = applyFieldErrors(e, { email });
          notices.show(errorAlert(e), { focus: !first });
          if (first) first.focus();
        }
      });
    },
  });
}
