// "Mes données personnelles" (mes-donnees.html, cand, issue 11): a
// candidate downloads everything stored about them (GET /api/me/data, saved
// as mes-donnees-plam.json) and erases it (POST /api/me/data/erase) after a
// confirmation step: a box to tick and their password. What is removed and
// what stays is said on the page (docs/RECRUITMENT.md, "Données
// personnelles"). After the erasure the session is gone: the page says so.
import { T } from '../texts.js';
import { h, replace } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { PERM } from '../sections.js';
import { alert, errorAlert, inputField, noticeArea, button, applyFieldErrors } from '../ui.js';

const C = T.cand;

boot({
  current: 'myOffers',
  title: C.dataTitle,
  requireAuth: true,
  perm: PERM.candidateData,
  async render(container) {
    const notices = noticeArea();
    const download = button(C.download, { attrs: { id: 'telecharger' } });
    download.addEventListener('click', async () => {
      notices.clear();
      try {
        const { data } = await api.get('/api/me/data');
        const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
        const a = h('a', { href: URL.createObjectURL(blob), download: 'mes-donnees-plam.json', hidden: true });
        document.body.append(a);
        a.click();
        setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
        notices.show(alert('success', C.downloaded), { focus: true });
      } catch (e) {
        notices.show(errorAlert(e), { focus: true });
      }
    });

    const understood = h('input', { type: 'checkbox', id: 'comprendre', name: 'comprendre', 'aria-describedby': 'comprendre-message' });
    const understoodGroup = h('div', { class: 'fr-checkbox-group' }, understood,
      h('label', { class: 'fr-label', for: 'comprendre' }, C.understand),
      h('div', { class: 'fr-messages-group', id: 'comprendre-message', 'aria-live': 'polite' }));
    const pwd = inputField({ id: 'mot-de-passe', name: 'password', label: C.erasePassword, type: 'password', required: true,
      attrs: { autocomplete: 'current-password' } });
    const submit = button(C.eraseSubmit, { type: 'submit', attrs: { id: 'effacer' } });
    const form = h('form', { id: 'formulaire-effacement', novalidate: true },
      h('p', { class: 'fr-text--sm' }, T.common.required),
      h('div', { class: 'fr-mb-3w' }, understoodGroup), h('div', { class: 'fr-mb-3w' }, pwd.group),
      h('ul', { class: 'fr-btns-group' }, h('li', {}, submit)));

    container.append(h('h1', {}, C.dataTitle), notices.el,
      h('section', { id: 'exporter', class: 'fr-mb-6w' }, h('h2', {}, C.exportTitle), h('p', {}, C.exportIntro),
        h('ul', { class: 'fr-btns-group fr-btns-group--inline-md' }, h('li', {}, download))),
      h('section', { id: 'effacer-donnees' }, h('h2', {}, C.eraseTitle), h('p', {}, C.eraseIntro),
        h('h3', {}, C.eraseRemovedTitle), h('ul', {}, C.eraseRemoved.map((x) => h('li', {}, x))),
        h('h3', {}, C.eraseKeptTitle), h('ul', {}, C.eraseKept.map((x) => h('li', {}, x))),
        alert('warning', C.eraseWarning), h('div', { class: 'fr-mt-3w' }, form)));

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      notices.clear();
      pwd.setError(null);
      understoodGroup.classList.remove('fr-checkbox-group--error');
      replace(understoodGroup.querySelector('.fr-messages-group'));
      if (!understood.checked) {
        understoodGroup.classList.add('fr-checkbox-group--error');
        replace(understoodGroup.querySelector('.fr-messages-group'), h('p', { class: 'fr-message fr-message--error' }, C.understandMissing));
        understood.focus();
        return;
      }
      if (!pwd.input.value) { pwd.setError(C.passwordMissing); pwd.input.focus(); return; }
      submit.disabled = true;
      try {
        await api.post('/api/me/data/erase', { password: pwd.input.value }, { redirectOn401: false });
        replace(container, h('h1', {}, C.erasedTitle), alert('success', C.erased),
          h('p', { class: 'fr-mt-3w' }, h('a', { class: 'fr-link', href: '/' }, C.backHome)));
      } catch (e) {
        submit.disabled = false;
        pwd.input.value = '';
        const first = applyFieldErrors(e, { password: pwd });
        notices.show(errorAlert(e), { focus: !first });
        if (first) first.focus();
      }
    });
  },
});
