// Administration of organisations: searchable list filtered by kind
// (?q=&kind=&page=), one form used both to create and to edit.
import { T } from '../texts.js';
import { h, fmt, replace } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { PERM } from '../sections.js';
import {
  alert, errorAlert, noticeArea, inputField, selectField, button,
  dataTable, pagination, queryInt, hrefWith, applyFieldErrors,
} from '../ui.js';

const PAGE_SIZE = 20;
const KIND_FALLBACK = Object.entries(T.organisations.kinds).map(([value, label]) => ({ value, label }));

/** Organisation kinds with their labels from the server (texts.js if unavailable). */
async function kindOptions() {
  try {
    const { data } = await api.get('/api/organisation-kinds');
    return data.map((k) => ({ value: k.code, label: k.label || T.organisations.kinds[k.code] || k.code }));
  } catch {
    return KIND_FALLBACK;
  }
}

async function territoryOptions() {
  const { data } = await api.get('/api/territories');
  const byCode = (a, b) => a.code.localeCompare(b.code, 'fr', { numeric: true });
  // Régions and départements share codes ("01" is both), so values are the
  // territory ids ("REG-84", "DEP-01") that organisations refer to.
  const opt = (t) => ({ value: t.id, label: t.level === 'country' ? t.name : `${t.name} (${t.code})` });
  const level = (l) => data.filter((t) => t.level === l).sort(byCode).map(opt);
  return [
    ...level('country'),
    { group: T.organisations.regions, options: level('region') },
    { group: T.organisations.departements, options: level('departement') },
  ];
}

boot({
  current: 'organisations',
  title: T.organisations.title,
  requireAuth: true,
  perm: PERM.orgWrite,
  async render(container) {
    const params = new URLSearchParams(location.search);
    const q = (params.get('q') || '').trim();
    const kind = params.get('kind') || '';
    const page = queryInt(params, 'page', 1);
    const notices = noticeArea();

    // --- filters and list ---------------------------------------------------
    const searchF = inputField({ id: 'recherche-organisations', name: 'q', label: T.organisations.searchLabel, type: 'search', value: q, attrs: { autocomplete: 'off' } });
    const kinds = await kindOptions();
    const kindF = selectField({ id: 'filtre-type', name: 'kind', label: T.organisations.kindFilter, options: kinds, placeholder: T.organisations.allKinds, value: kind });
    const filters = h('form', { role: 'search', method: 'get', action: location.pathname, class: 'fr-mb-3w' },
      h('div', { class: 'fr-grid-row fr-grid-row--gutters fr-grid-row--bottom' },
        h('div', { class: 'fr-col-12 fr-col-md-5' }, searchF.group),
        h('div', { class: 'fr-col-12 fr-col-md-4' }, kindF.group),
        h('div', { class: 'fr-col-12 fr-col-md-3' },
          h('ul', { class: 'fr-btns-group fr-btns-group--inline' },
            h('li', {}, button(T.common.search, { type: 'submit' }))))));
    const listArea = h('div', { id: 'liste-organisations' });

    async function loadList() {
      replace(listArea, h('p', {}, T.common.loading));
      try {
        const { data, meta } = await api.get('/api/organisations', { q, kind, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
        const total = meta ? meta.total : data.length;
        replace(listArea,
          h('p', { class: 'fr-text--sm', 'data-plam': 'count' }, fmt(T.common.resultsCount, { count: total })),
          data.length
            ? dataTable({ id: 'tableau-organisations', caption: T.organisations.caption, columns: [
              { label: T.organisations.colName, wrap: true }, { label: T.organisations.colKind, wrap: true }, { label: T.organisations.colFiness },
              { label: T.organisations.colSiret }, { label: T.organisations.colTerritory }, { label: T.common.actions }],
            rows: data.map(orgRow) })
            : h('p', {}, T.common.noResults),
          meta ? pagination({ total, limit: PAGE_SIZE, offset: meta.offset ?? (page - 1) * PAGE_SIZE, hrefFor: (p) => hrefWith({ page: p > 1 ? p : null }) }) : null);
      } catch (e) {
        replace(listArea, errorAlert(e));
      }
    }

    function orgRow(o) {
      const edit = button(T.common.edit, { kind: 'secondary', small: true, attrs: { 'aria-label': fmt(T.organisations.editLabel, { name: o.name }), 'data-plam-org': String(o.id) } });
      edit.addEventListener('click', () => startEdit(o, edit));
      return [
        o.name,
        o.kind_label || T.organisations.kinds[o.kind] || o.kind,
        o.finess || T.common.none,
        o.siret || T.common.none,
        o.territory_name || T.common.none,
        edit,
      ];
    }

    // --- create / edit form --------------------------------------------------
    const f = {
      name: inputField({ id: 'org-nom', name: 'name', label: T.organisations.name, required: true, attrs: { maxlength: '200', autocomplete: 'organization' } }),
      kind: selectField({ id: 'org-type', name: 'kind', label: T.organisations.kind, required: true, options: kinds }),
      finess: inputField({ id: 'org-finess', name: 'finess', label: T.organisations.finess, hint: T.organisations.finessHint, attrs: { maxlength: '9', autocomplete: 'off', spellcheck: 'false' } }),
      siret: inputField({ id: 'org-siret', name: 'siret', label: T.organisations.siret, hint: T.organisations.siretHint, attrs: { maxlength: '14', inputmode: 'numeric', autocomplete: 'off' } }),
      territory_id: selectField({ id: 'org-territoire', name: 'territory_id', label: T.organisations.territory, hint: T.organisations.territoryHint, placeholder: T.common.chooseNone }),
    };
    let editing = null; // {org, opener} while editing
    const formTitle = h('h2', { id: 'titre-formulaire-org', tabindex: '-1' }, T.organisations.createTitle);
    const formNotices = noticeArea();
    const submitBtn = button(T.organisations.create, { type: 'submit' });
    const cancelBtn = button(T.organisations.cancelEdit, { kind: 'secondary', attrs: { hidden: true } });
    const form = h('form', { id: 'formulaire-organisation', novalidate: true },
      h('p', { class: 'fr-text--sm' }, T.common.required),
      formNotices.el,
      h('div', { class: 'fr-grid-row fr-grid-row--gutters' },
        Object.values(f).map((x) => h('div', { class: 'fr-col-12 fr-col-md-6' }, x.group))),
      h('ul', { class: 'fr-btns-group fr-btns-group--inline-md fr-mt-2w' }, h('li', {}, submitBtn), h('li', {}, cancelBtn)));

    function resetForm() {
      editing = null;
      form.reset();
      Object.values(f).forEach((x) => x.setError(null));
      formTitle.textContent = T.organisations.createTitle;
      submitBtn.textContent = T.organisations.create;
      cancelBtn.hidden = true;
    }

    function startEdit(o, opener) {
      resetForm();
      editing = { org: o, opener };
      f.name.input.value = o.name || '';
      f.kind.select.value = o.kind || '';
      f.finess.input.value = o.finess || '';
      f.siret.input.value = o.siret || '';
      f.territory_id.select.value = o.territory_id || '';
      formTitle.textContent = fmt(T.organisations.editTitle, { name: o.name });
      submitBtn.textContent = T.organisations.save;
      cancelBtn.hidden = false;
      formNotices.clear();
      formTitle.focus();
    }

    cancelBtn.addEventListener('click', () => {
      const opener = editing && editing.opener;
      resetForm();
      if (opener && opener.isConnected) opener.focus();
    });

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      formNotices.clear();
      Object.values(f).forEach((x) => x.setError(null));
      const v = {
        name: f.name.input.value.trim(),
        kind: f.kind.select.value,
        finess: f.finess.input.value.trim(),
        siret: f.siret.input.value.replace(/\s+/g, ''),
        territory_id: f.territory_id.select.value,
      };
      const bad = [];
      if (!v.name || v.name.length > 200) { f.name.setError(T.organisations.errName); bad.push(f.name); }
      if (!v.kind) { f.kind.setError(T.organisations.errKind); bad.push(f.kind); }
      if (v.finess && v.finess.length !== 9) { f.finess.setError(T.organisations.errFiness); bad.push(f.finess); }
      if (v.siret && !/^\d{14}$/.test(v.siret)) { f.siret.setError(T.organisations.errSiret); bad.push(f.siret); }
      if (bad.length) {
        (bad[0].input || bad[0].select).focus();
        return;
      }
      const body = {
        name: v.name,
        kind: v.kind,
        finess: v.finess || null,
        siret: v.siret || null,
        territory_id: v.territory_id || null,
      };
      submitBtn.disabled = true;
      try {
        if (editing) {
          const { data } = await api.patch(`/api/organisations/${encodeURIComponent(editing.org.id)}`, body);
          notices.show(alert('success', fmt(T.organisations.saved, { name: (data && data.name) || v.name })));
        } else {
          const { data } = await api.post('/api/organisations', body);
          notices.show(alert('success', fmt(T.organisations.created, { name: (data && data.name) || v.name })));
        }
        resetForm();
        await loadList();
        f.name.input.focus();
      } catch (e) {
        const first = applyFieldErrors(e, f);
        formNotices.show(errorAlert(e));
        (first || f.name.input).focus();
      } finally {
        submitBtn.disabled = false;
      }
    });

    container.append(
      h('h1', {}, T.organisations.title),
      h('p', {}, T.organisations.intro),
      notices.el,
      h('section', { 'aria-labelledby': 'titre-liste-org' },
        h('h2', { id: 'titre-liste-org' }, T.organisations.listTitle), filters, listArea),
      h('section', { class: 'fr-mt-6w', 'aria-labelledby': 'titre-formulaire-org' }, formTitle, form));

    await Promise.all([
      loadList(),
      territoryOptions().then((opts) => f.territory_id.setOptions(opts, ''), (e) => formNotices.show(errorAlert(e))),
    ]);
  },
});
