// My account (compte.html): who I am, and changing my password (POST
// /api/me/password with current_password and new_password). The server then
// ends all my sessions, so the page sends me to the login page with a message.
import { T } from '../texts.js';
import { h, fmt, appendAll } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { can, PERM } from '../sections.js';
import { errorAlert, noticeArea, inputField, button, applyFieldErrors } from '../ui.js';

boot({
  current: 'myAccount',
  title: T.account.title,
  requireAuth: true,
  perm: PERM.meWrite,
  render(container, { session }) {
    const u = session.user;
    const notices = noticeArea();
    const f = {
      current_password: inputField({ id: 'mot-de-passe-actuel', name: 'current_password', label: T.account.current, type: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
      new_password: inputField({ id: 'nouveau-mot-de-passe', name: 'new_password', label: T.account.next, hint: T.account.nextHint, type: 'password', required: true, attrs: { autocomplete: 'new-password', minlength: '12' } }),
      confirm: inputField({ id: 'confirmation-mot-de-passe', name: 'confirm', label: T.account.confirm, type: 'password', required: true, attrs: { autocomplete: 'new-password' } }),
    };
    const submit = button(T.account.save, { type: 'submit' });
    const form = h('form', { id: 'formulaire-mot-de-passe', novalidate: true },
      h('p', { class: 'fr-text--sm' }, T.common.required), notices.el,
      f.current_password.group, f.new_password.group, f.confirm.group, submit);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      notices.clear();
      Object.values(f).forEach((x) => x.setError(null));
      const cur = f.current_password.input.value; const next = f.new_password.input.value; const conf = f.confirm.input.value;
      const bad = [];
      if (!cur) { f.current_password.setError(T.account.errCurrent); bad.push(f.current_password.input); }
      if (next.length < 12) { f.new_password.setError(T.account.errNext); bad.push(f.new_password.input); }
      if (next !== conf) { f.confirm.setError(T.account.errConfirm); bad.push(f.confirm.input); }
      if (bad.length) { bad[0].focus(); return; }
      submit.disabled = true;
      try {
        await api.post('/api/me/password', { current_password: cur, new_password: next }, { redirectOn401: false });
        location.assign('/connexion.html?motif=mot-de-passe');
      } catch (e) {
        const first = applyFieldErrors(e, f);
        f.current_password.input.value = '';
        notices.show(errorAlert(e), { focus: !first });
        if (first) first.focus();
        submit.disabled = false;
      }
    });
    appendAll(container,
      h('h1', {}, T.account.title),
      h('ul', { class: 'plam-meta' },
        h('li', {}, fmt(T.account.login, { login: u.login })),
        h('li', {}, fmt(T.account.role, { role: u.role_label || T.roles[u.role] || u.role })),
        u.org_name ? h('li', {}, fmt(T.account.org, { org: u.org_name })) : null),
      u.org_id && can(session, PERM.orgWriteOwn) ? h('p', {}, h('a', { class: 'fr-link', href: '/organisation.html' }, T.account.orgLink)) : null,
      h('section', { 'aria-labelledby': 'titre-mot-de-passe', class: 'fr-mt-4w' },
        h('h2', { id: 'titre-mot-de-passe' }, T.account.passwordTitle),
        h('p', {}, T.account.passwordIntro),
        h('div', { class: 'fr-grid-row' }, h('div', { class: 'fr-col-12 fr-col-md-8 fr-col-lg-6' }, form))));
  },
});
