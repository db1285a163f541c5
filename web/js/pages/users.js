// Administration of users: searchable, paginated list (state in the query
// string: ?q=&page=), creation form with role and organisation selects,
// disable/enable and password reset from each row.
import { T } from '../texts.js';
import { h, fmt, replace } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { PERM } from '../sections.js';
import {
  alert, errorAlert, noticeArea, inputField, selectField, button, badge,
  dataTable, pagination, queryInt, hrefWith, applyFieldErrors,
} from '../ui.js';

const PAGE_SIZE = 20;
const ORG_PAGE = 100;
const ORG_MAX = 5000;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Every organisation, for the select (the list endpoint is paginated). */
async function allOrganisations() {
  const out = [];
  for (let offset = 0; offset < ORG_MAX; offset += ORG_PAGE) {
    const { data, meta } = await api.get('/api/organisations', { limit: ORG_PAGE, offset });
    out.push(...data);
    if (!meta || data.length < ORG_PAGE || out.length >= meta.total) break;
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

async function roles() {
  try {
    const { data } = await api.get('/api/roles');
    return data.map((r) => ({ value: r.code, label: r.label || T.roles[r.code] || r.code }));
  } catch {
    return Object.entries(T.roles).filter(([k]) => k !== 'anonymous').map(([value, label]) => ({ value, label }));
  }
}

boot({
  current: 'users',
  title: T.users.title,
  requireAuth: true,
  perm: PERM.userRead,
  async render(container, { session }) {
    const params = new URLSearchParams(location.search);
    const q = (params.get('q') || '').trim();
    const page = queryInt(params, 'page', 1);
    const notices = noticeArea();

    // --- list -----------------------------------------------------------
    const searchInput = h('input', { class: 'fr-input', type: 'search', id: 'recherche-utilisateurs', name: 'q', autocomplete: 'off' });
    searchInput.value = q;
    const searchForm = h('form', { role: 'search', method: 'get', action: location.pathname, class: 'fr-mb-3w' },
      h('div', { class: 'fr-search-bar', id: 'barre-recherche-utilisateurs' },
        h('label', { class: 'fr-label', for: 'recherche-utilisateurs' }, T.users.searchLabel,
          h('span', { class: 'fr-hint-text' }, T.users.searchHint)),
        searchInput,
        h('button', { class: 'fr-btn', type: 'submit', title: T.common.search }, T.common.search)));
    const listArea = h('div', { id: 'liste-utilisateurs' });
    const pwdArea = h('div', { id: 'zone-mot-de-passe' });

    async function loadList() {
      replace(listArea, h('p', {}, T.common.loading));
      try {
        const { data, meta } = await api.get('/api/users', { q, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
        const total = meta ? meta.total : data.length;
        const rows = data.map((u) => userRow(u));
        replace(listArea,
          h('p', { class: 'fr-text--sm', 'data-plam': 'count' }, fmt(T.common.resultsCount, { count: total })),
          data.length
            ? dataTable({ id: 'tableau-utilisateurs', caption: T.users.caption, columns: [
              { label: T.users.colLogin }, { label: T.users.colName, wrap: true }, { label: T.users.colEmail },
              { label: T.users.colRole, wrap: true }, { label: T.users.colOrg, wrap: true }, { label: T.users.colStatus },
              { label: T.common.actions }], rows })
            : h('p', {}, T.common.noResults),
          meta ? pagination({ total, limit: PAGE_SIZE, offset: meta.offset ?? (page - 1) * PAGE_SIZE, hrefFor: (p) => hrefWith({ page: p > 1 ? p : null }) }) : null);
      } catch (e) {
        replace(listArea, errorAlert(e));
      }
    }

    function userRow(u) {
      const toggle = button(u.disabled ? T.users.enable : T.users.disable, {
        kind: 'secondary', small: true,
        attrs: { 'aria-label': fmt(u.disabled ? T.users.enableLabel : T.users.disableLabel, { login: u.login }), 'data-plam-user': u.login, 'data-plam-action': 'toggle' },
      });
      toggle.addEventListener('click', async () => {
        toggle.disabled = true;
        try {
          await api.patch(`/api/users/${encodeURIComponent(u.id)}`, { disabled: !u.disabled });
          notices.show(alert('success', fmt(u.disabled ? T.users.enabledOk : T.users.disabledOk, { login: u.login })));
          await loadList();
          const again = listArea.querySelector(`[data-plam-user="${CSS.escape(u.login)}"][data-plam-action="toggle"]`);
          if (again) again.focus();
        } catch (e) {
          toggle.disabled = false;
          notices.show(errorAlert(e), { focus: true });
        }
      });
      const reset = button(T.users.resetPassword, {
        kind: 'tertiary', small: true,
        attrs: { 'aria-label': fmt(T.users.resetPasswordLabel, { login: u.login }), 'data-plam-user': u.login, 'data-plam-action': 'password' },
      });
      reset.addEventListener('click', () => openPasswordForm(u, reset));
      const self = session.user && session.user.id === u.id; // no locking oneself out
      return [
        u.login,
        u.display_name || '',
        u.email || T.common.none,
        u.role_label || T.roles[u.role] || u.role,
        u.org_name || T.common.none,
        u.disabled ? badge(T.users.disabled, 'error') : badge(T.users.active, 'success'),
        h('div', { class: 'plam-actions' }, self ? null : toggle, reset),
      ];
    }

    function openPasswordForm(u, opener) {
      const pwd = inputField({ id: 'nouveau-mot-de-passe', name: 'password', label: T.users.newPassword, hint: T.users.passwordHint,
        type: 'password', required: true, attrs: { autocomplete: 'new-password', minlength: '12' } });
      const heading = h('h3', { tabindex: '-1' }, fmt(T.users.passwordTitle, { login: u.login }));
      const close = () => { pwdArea.replaceChildren(); opener.focus(); };
      const cancel = button(T.common.cancel, { kind: 'secondary', attrs: { 'data-plam-action': 'cancel-password' } });
      cancel.addEventListener('click', close);
      const form = h('form', { novalidate: true, class: 'fr-mt-3w plam-panel' }, heading, pwd.group,
        h('ul', { class: 'fr-btns-group fr-btns-group--inline-md' },
          h('li', {}, button(T.users.passwordSave, { type: 'submit' })), h('li', {}, cancel)));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        pwd.setError(null);
        if (pwd.input.value.length < 12) { pwd.setError(T.users.errPassword); pwd.input.focus(); return; }
        try {
          await api.post(`/api/users/${encodeURIComponent(u.id)}/password`, { password: pwd.input.value });
          notices.show(alert('success', fmt(T.users.passwordOk, { login: u.login })));
          close();
        } catch (e) {
          if (!applyFieldErrors(e, { password: pwd })) notices.show(errorAlert(e), { focus: true });
          else pwd.input.focus();
        }
      });
      replace(pwdArea, form);
      pwd.input.focus();
    }

    // --- creation form ----------------------------------------------------
    const f = {
      login: inputField({ id: 'nouvel-identifiant', name: 'login', label: T.users.login, hint: T.users.loginHint, required: true,
        attrs: { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', maxlength: '64' } }),
      display_name: inputField({ id: 'nouveau-nom', name: 'display_name', label: T.users.displayName, required: true, attrs: { autocomplete: 'off', maxlength: '200' } }),
      email: inputField({ id: 'nouveau-courriel', name: 'email', label: T.users.email, hint: T.users.emailHint, type: 'email', attrs: { autocomplete: 'off' } }),
      role: selectField({ id: 'nouveau-role', name: 'role', label: T.users.role, required: true }),
      org_id: selectField({ id: 'nouvelle-organisation', name: 'org_id', label: T.users.org, placeholder: T.common.chooseNone }),
      password: inputField({ id: 'nouveau-mot-de-passe-initial', name: 'password', label: T.users.password, hint: T.users.passwordHint, type: 'password', required: true,
        attrs: { autocomplete: 'new-password', minlength: '12' } }),
    };
    const createNotices = noticeArea();
    const createBtn = button(T.users.create, { type: 'submit' });
    const createForm = h('form', { id: 'formulaire-utilisateur', novalidate: true },
      h('p', { class: 'fr-text--sm' }, T.common.required),
      createNotices.el,
      h('div', { class: 'fr-grid-row fr-grid-row--gutters' },
        Object.values(f).map((x) => h('div', { class: 'fr-col-12 fr-col-md-6' }, x.group))),
      h('ul', { class: 'fr-btns-group fr-btns-group--inline-md fr-mt-2w' }, h('li', {}, createBtn)));

    createForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      createNotices.clear();
      Object.values(f).forEach((x) => x.setError(null));
      const v = {
        login: f.login.input.value.trim(),
        display_name: f.display_name.input.value.trim(),
        email: f.email.input.value.trim(),
        role: f.role.select.value,
        org_id: f.org_id.select.value,
        password: f.password.input.value,
      };
      const bad = [];
      if (v.login.length < 2 || v.login.length > 64) { f.login.setError(T.users.errLogin); bad.push(f.login.input); }
      if (!v.display_name) { f.display_name.setError(T.users.errDisplayName); bad.push(f.display_name.input); }
      if (v.email && !EMAIL_RE.test(v.email)) { f.email.setError(T.users.errEmail); bad.push(f.email.input); }
      if (!v.role) { f.role.setError(T.users.errRole); bad.push(f.role.select); }
      if (v.password.length < 12) { f.password.setError(T.users.errPassword); bad.push(f.password.input); }
      if (bad.length) {
        createNotices.show(alert('error', T.errors.fieldsIntro, { extra: h('ul', {}, bad.map((el) => h('li', {}, el.closest('.fr-input-group, .fr-select-group').querySelector('.fr-message').textContent))) }));
        bad[0].focus();
        return;
      }
      createBtn.disabled = true;
      try {
        const { data } = await api.post('/api/users', {
          login: v.login,
          display_name: v.display_name,
          email: v.email || null,
          role: v.role,
          org_id: v.org_id ? Number(v.org_id) : null,
          password: v.password,
        });
        createForm.reset();
        createNotices.show(alert('success', fmt(T.users.created, { login: data && data.login ? data.login : v.login })));
        await loadList();
        f.login.input.focus();
      } catch (e) {
        const first = applyFieldErrors(e, f);
        createNotices.show(errorAlert(e));
        (first || f.login.input).focus();
      } finally {
        createBtn.disabled = false;
      }
    });

    container.append(
      h('h1', {}, T.users.title),
      h('p', {}, T.users.intro),
      notices.el,
      h('section', { 'aria-labelledby': 'titre-liste' },
        h('h2', { id: 'titre-liste' }, T.users.listTitle), searchForm, listArea, pwdArea),
      h('section', { class: 'fr-mt-6w', 'aria-labelledby': 'titre-creation' },
        h('h2', { id: 'titre-creation' }, T.users.createTitle), createForm));

    const [roleOpts, orgs] = await Promise.all([roles(), allOrganisations().catch((e) => { notices.show(errorAlert(e)); return []; }), loadList()]);
    f.role.setOptions(roleOpts, '');
    f.org_id.setOptions(orgs.map((o) => ({ value: o.id, label: o.name })), '');
  },
});
