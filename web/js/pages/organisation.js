// My organisation (organisation.html): roles with org.write_own edit the
// organisation they act for (GET then PATCH /api/organisations/{id}).
import { T } from '../texts.js';
import { h, fmt } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { PERM } from '../sections.js';
import { alert, errorAlert, noticeArea, inputField, selectField, button, applyFieldErrors } from '../ui.js';

boot({
  current: 'myOrganisation',
  title: T.myOrg.title,
  requireAuth: true,
  perm: PERM.orgWriteOwn,
  async render(container, { session }) {
    container.append(h('h1', {}, T.myOrg.title));
    const orgId = session.user.org_id;
    if (!orgId) { container.append(alert('info', T.myOrg.noOrg)); return; }
    const [{ data: org }, { data: terr }] = await Promise.all([
      api.get(`/api/organisations/${encodeURIComponent(orgId)}`),
      api.get('/api/territories'),
    ]);
    const byCode = (a, b) => a.code.localeCompare(b.code, 'fr', { numeric: true });
    const opt = (t) => ({ value: t.id, label: t.level === 'country' ? t.name : `${t.name} (${t.code})` });
    const level = (l) => terr.filter((t) => t.level === l).sort(byCode).map(opt);
    const notices = noticeArea();
    const f = {
      name: inputField({ id: 'mon-org-nom', name: 'name', label: T.organisations.name, required: true, value: org.name, attrs: { maxlength: '200', autocomplete: 'organization' } }),
      finess: inputField({ id: 'mon-org-finess', name: 'finess', label: T.organisations.finess, hint: T.organisations.finessHint, value: org.finess || '', attrs: { maxlength: '9', autocomplete: 'off', spellcheck: 'false' } }),
      siret: inputField({ id: 'mon-org-siret', name: 'siret', label: T.organisations.siret, hint: T.organisations.siretHint, value: org.siret || '', attrs: { maxlength: '14', inputmode: 'numeric', autocomplete: 'off' } }),
      territory_id: selectField({ id: 'mon-org-territoire', name: 'territory_id', label: T.organisations.territory, hint: T.organisations.territoryHint, placeholder: T.common.chooseNone,
        options: [...level('country'), { group: T.organisations.regions, options: level('region') }, { group: T.organisations.departements, options: level('departement') }], value: org.territory_id || '' }),
    };
    const submit = button(T.myOrg.save, { type: 'submit' });
    const form = h('form', { id: 'formulaire-mon-organisation', novalidate: true },
      h('p', { class: 'fr-text--sm' }, T.common.required), notices.el,
      h('p', {}, `${T.organisations.kind} : ${org.kind_label || T.organisations.kinds[org.kind] || org.kind}`),
      Object.values(f).map((x) => x.group), submit);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      notices.clear();
      Object.values(f).forEach((x) => x.setError(null));
      const v = { name: f.name.input.value.trim(), finess: f.finess.input.value.trim(), siret: f.siret.input.value.replace(/\s+/g, ''), territory_id: f.territory_id.select.value };
      const bad = [];
      if (!v.name || v.name.length > 200) { f.name.setError(T.organisations.errName); bad.push(f.name.input); }
      if (v.finess && v.finess.length !== 9) { f.finess.setError(T.organisations.errFiness); bad.push(f.finess.input); }
      if (v.siret && !/^\d{14}$/.test(v.siret)) { f.siret.setError(T.organisations.errSiret); bad.push(f.siret.input); }
      if (bad.length) { bad[0].focus(); return; }
      submit.disabled = true;
      try {
        const { data } = await api.patch(`/api/organisations/${encodeURIComponent(orgId)}`, { name: v.name, finess: v.finess || null, siret: v.siret || null, territory_id: v.territory_id || null });
        notices.show(alert('success', fmt(T.myOrg.saved, { name: data.name || v.name })), { focus: true });
      } catch (e) {
        const first = applyFieldErrors(e, f);
        notices.show(errorAlert(e), { focus: !first });
        if (first) first.focus();
      } finally { submit.disabled = false; }
    });
    container.append(h('p', {}, T.myOrg.intro),
      h('div', { class: 'fr-grid-row' }, h('div', { class: 'fr-col-12 fr-col-md-8 fr-col-lg-6' }, form)));
  },
});
