// Establishments (etablissements.html). The list (GET /api/establishments)
// with filters by département, area, category and a search, paged; one
// establishment (?id=N): its record, its units (GET, POST
// /api/establishments/{id}/units, PATCH and DELETE /api/units/{id}) and, for
// staff, its edit form (PATCH, DELETE /api/establishments/{id}). Staff also
// create establishments and import a FINESS extract. Employers see their
// organisation's establishments and manage their units (the server scopes).
import { T } from '../texts.js';
import { h, fmt, replace } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { PERM, can } from '../sections.js';
import { alert, errorAlert, noticeArea, inputField, selectField, button, dataTable, pagination, queryInt, hrefWith, applyFieldErrors } from '../ui.js';
import { uploadForm } from '../geo-upload.js';

const LIMIT = 50;

function estabFields(categories, orgs, e = {}) {
  const f = {
    name: inputField({ id: 'etab-nom', name: 'name', label: T.geo.estabNameLabel, required: true, value: e.name || '', attrs: { maxlength: '200' } }),
    category: selectField({ id: 'etab-categorie', name: 'category', label: T.geo.categoryLabel, required: true,
      options: categories.map((c) => ({ value: c.code, label: c.label })), value: e.category || '' }),
    commune: inputField({ id: 'etab-commune', name: 'commune', label: T.geo.communeLabel, hint: T.geo.communeHint, required: true, value: e.commune || '',
      attrs: { maxlength: '5', inputmode: 'text', autocomplete: 'off' } }),
    finess: inputField({ id: 'etab-finess', name: 'finess', label: T.geo.finessLabel, hint: T.geo.finessHint, value: e.finess || '', attrs: { maxlength: '9', autocomplete: 'off' } }),
    ght: inputField({ id: 'etab-ght', name: 'ght', label: T.geo.ghtLabel, value: e.ght || '', attrs: { maxlength: '100' } }),
    org_id: selectField({ id: 'etab-organisation', name: 'org_id', label: T.geo.orgLabel, hint: T.geo.orgHint, placeholder: T.geo.orgNone,
      options: orgs.map((o) => ({ value: o.id, label: o.name })), value: e.org_id || '' }),
  };
  const body = () => ({ name: f.name.input.value, category: f.category.select.value, commune: f.commune.input.value.trim(),
    finess: f.finess.input.value.trim() || null, ght: f.ght.input.value, org_id: f.org_id.select.value ? Number(f.org_id.select.value) : null });
  return { f, body, groups: Object.values(f).map((x) => x.group) };
}

boot({
  current: 'establishments',
  title: T.geo.estabTitle,
  requireAuth: true,
  perm: PERM.estabRead,
  async render(container, { session }) {
    const params = new URLSearchParams(location.search);
    const staff = can(session, PERM.estabManage);
    const notices = noticeArea();
    const { data: categories } = await api.get('/api/establishment-categories');
    const orgs = staff ? (await api.get('/api/organisations', { limit: 500 })).data : [];
    const id = Number(params.get('id'));
    if (id) { await detail(container, notices, id, { staff, categories, orgs }); return; }

    container.append(h('h1', {}, T.geo.estabTitle), h('p', {}, staff ? T.geo.estabIntro : T.geo.estabIntroEmployer), notices.el);
    // ---- filters (a GET form: the address keeps them) ----
    const [deps, areas] = await Promise.all([api.get('/api/territories', { level: 'departement' }), api.get('/api/areas')]);
    const dep = selectField({ id: 'filtre-departement', name: 'departement', label: T.geo.departementFilter, placeholder: T.geo.allDepartements,
      options: deps.data.map((d) => ({ value: d.id, label: `${d.code} — ${d.name}` })), value: params.get('departement') || '' });
    const area = selectField({ id: 'filtre-zone', name: 'area_id', label: T.geo.areaFilter, placeholder: T.geo.allAreas,
      options: areas.data.map((a) => ({ value: a.id, label: `${a.name} (${a.kind_label})` })), value: params.get('area_id') || '' });
    const cat = selectField({ id: 'filtre-categorie', name: 'category', label: T.geo.categoryFilter, placeholder: T.geo.allCategories,
      options: categories.map((c) => ({ value: c.code, label: c.label })), value: params.get('category') || '' });
    const q = inputField({ id: 'filtre-recherche', name: 'q', label: T.geo.searchLabel, value: params.get('q') || '', attrs: { maxlength: '200', type: 'search' } });
    const filters = h('form', { method: 'get', id: 'filtres-etablissements', role: 'search', 'aria-label': T.geo.filtersTitle },
      h('div', { class: 'fr-grid-row fr-grid-row--gutters' }, [dep, area, cat, q].map((x) => h('div', { class: 'fr-col-12 fr-col-md-3' }, x.group))),
      h('ul', { class: 'fr-btns-group fr-btns-group--inline-sm fr-mt-2w' },
        h('li', {}, button(T.common.filter, { type: 'submit' })),
        h('li', {}, h('a', { class: 'fr-btn fr-btn--secondary', href: location.pathname }, T.common.resetFilters))));
    filters.addEventListener('submit', (ev) => {
      ev.preventDefault();
      location.href = hrefWith({ departement: dep.select.value, area_id: area.select.value, category: cat.select.value, q: q.input.value.trim(), page: null });
    });
    const listArea = h('div', { id: 'liste-etablissements' });
    container.append(h('h2', { class: 'fr-h4' }, T.geo.filtersTitle), filters, listArea);

    const page = queryInt(params, 'page', 1);
    const query = { limit: LIMIT, offset: (page - 1) * LIMIT };
    for (const k of ['departement', 'area_id', 'category', 'q']) if (params.get(k)) query[k] = params.get(k);
    const res = await api.get('/api/establishments', query);
    if (!res.data.length) replace(listArea, h('p', {}, T.geo.estabNone));
    else {
      replace(listArea, dataTable({ id: 'tableau-etablissements', caption: fmt(T.geo.estabCaption, { count: res.meta.total }),
        columns: [{ label: T.geo.colName, wrap: true }, { label: T.geo.colFiness }, { label: T.geo.colCategory, wrap: true }, { label: T.geo.colCommune, wrap: true }, { label: T.geo.colUnits }],
        rows: res.data.map((e) => [h('a', { href: `/etablissements.html?id=${encodeURIComponent(e.id)}` }, e.name), e.finess || T.geo.none,
          e.category_label, `${e.commune_name || T.geo.none} (${e.departement.replace(/^DEP-/, '')})`, String(e.units)]) }),
      pagination({ total: res.meta.total, limit: LIMIT, offset: query.offset, hrefFor: (p) => hrefWith({ page: p }) }) || '');
    }
    if (!staff) return;

    // ---- create ----
    const form = estabFields(categories, orgs);
    const create = h('form', { novalidate: true, id: 'nouvel-etablissement' }, h('p', { class: 'fr-hint-text' }, T.common.required), ...form.groups,
      button(T.geo.create, { type: 'submit' }));
    create.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const { data } = await api.post('/api/establishments', form.body());
        notices.show(alert('success', fmt(T.geo.created, { name: data.name }), {
          extra: [h('p', {}, h('a', { href: `/etablissements.html?id=${data.id}`, 'data-plam': 'nouvel-etablissement' }, data.name))] }), { focus: true });
        create.reset();
      } catch (e) {
        applyFieldErrors(e, form.f);
        notices.show(errorAlert(e), { focus: true });
      }
    });
    container.append(h('h2', { class: 'fr-mt-6w' }, T.geo.createTitle), create);

    // ---- FINESS import ----
    container.append(h('h2', { class: 'fr-mt-6w' }, T.geo.importFinessTitle), h('p', {}, T.geo.importFinessIntro),
      ...uploadForm({ id: 'fichier-finess', label: T.geo.finessFileLabel, hint: T.geo.finessFileHint, url: '/api/finess-imports', session, notices,
        contentType: 'text/csv; charset=iso-8859-1', onDone: async (d) => fmt(T.geo.finessImported, d) }));
  },
});

async function detail(container, notices, id, { staff, categories, orgs }) {
  const { data: e } = await api.get(`/api/establishments/${id}`);
  const dl = (label, value) => [h('dt', { class: 'fr-text--bold' }, label), h('dd', { class: 'fr-mb-1w fr-ml-0' }, value || T.geo.none)];
  container.append(h('p', {}, h('a', { class: 'fr-link fr-icon-arrow-left-line fr-link--icon-left', href: '/etablissements.html' }, T.geo.back)),
    h('h1', {}, e.name), notices.el,
    h('dl', { id: 'fiche-etablissement' }, ...dl(T.geo.fieldFiness, e.finess), ...dl(T.geo.colCategory, e.category_label), ...dl(T.geo.fieldGht, e.ght),
      ...dl(T.geo.colCommune, e.commune ? `${e.commune_name} (${e.commune})` : null), ...dl(T.geo.departementFilter, e.departement_name),
      ...dl(T.geo.fieldPosition, e.lat === null ? null : fmt(T.geo.position, { lat: e.lat.toFixed(5), lon: e.lon.toFixed(5) })),
      ...dl(T.geo.colOrg, e.org_name)));

  // ---- units ----
  const unitsArea = h('div', { id: 'unites' });
  async function loadUnits() {
    const { data } = await api.get(`/api/establishments/${id}/units`);
    if (!data.length) { replace(unitsArea, h('p', {}, T.geo.unitsNone)); return; }
    replace(unitsArea, dataTable({ id: 'tableau-unites', caption: fmt(T.geo.unitsCaption, { name: e.name, count: data.length }),
      columns: [{ label: T.geo.colUnitName, wrap: true }, { label: T.geo.colSpecialty, wrap: true }, { label: T.common.actions, wrap: true }],
      rows: data.map((u) => {
        const ren = button([T.geo.rename, h('span', { class: 'fr-sr-only' }, ` ${u.name}`)], { kind: 'tertiary', small: true, attrs: { 'data-plam-rename': u.name } });
        ren.addEventListener('click', async () => {
          const name = prompt(fmt(T.geo.renamePrompt, { name: u.name }), u.name);
          if (name === null || name === u.name) return;
          try { await api.patch(`/api/units/${u.id}`, { name }); notices.show(alert('success', T.geo.unitSaved), { focus: true }); await loadUnits(); } catch (err) { notices.show(errorAlert(err), { focus: true }); }
        });
        const del = button([T.geo.remove, h('span', { class: 'fr-sr-only' }, ` ${u.name}`)], { kind: 'tertiary', small: true, attrs: { 'data-plam-delete': u.name } });
        del.addEventListener('click', async () => {
          if (!confirm(fmt(T.geo.confirmDeleteUnit, { name: u.name }))) return;
          try { await api.del(`/api/units/${u.id}`); notices.show(alert('success', fmt(T.geo.unitDeleted, { name: u.name })), { focus: true }); await loadUnits(); } catch (err) { notices.show(errorAlert(err), { focus: true }); }
        });
        return [u.name, u.specialty || T.geo.none, h('div', {}, ren, ' ', del)];
      }) }));
  }
  const uname = inputField({ id: 'unite-nom', name: 'name', label: T.geo.unitNameLabel, required: true, attrs: { maxlength: '200' } });
  const uspec = inputField({ id: 'unite-specialite', name: 'specialty', label: T.geo.specialtyLabel, attrs: { maxlength: '100' } });
  const uform = h('form', { novalidate: true, id: 'nouvelle-unite' }, uname.group, uspec.group, button(T.geo.addUnit, { type: 'submit' }));
  uform.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const { data } = await api.post(`/api/establishments/${id}/units`, { name: uname.input.value, specialty: uspec.input.value });
      notices.show(alert('success', fmt(T.geo.unitAdded, { name: data.name })), { focus: true });
      uform.reset();
      await loadUnits();
    } catch (err) {
      applyFieldErrors(err, { name: uname, specialty: uspec });
      notices.show(errorAlert(err), { focus: true });
    }
  });
  container.append(h('h2', { class: 'fr-mt-4w' }, T.geo.unitsTitle), unitsArea, uform);
  await loadUnits();
  if (!staff) return;

  // ---- edit (staff) ----
  const form = estabFields(categories, orgs, e);
  const edit = h('form', { novalidate: true, id: 'modifier-etablissement' }, ...form.groups, button(T.geo.save, { type: 'submit' }));
  edit.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api.patch(`/api/establishments/${id}`, form.body());
      notices.show(alert('success', T.geo.saved), { focus: true });
    } catch (err) {
      applyFieldErrors(err, form.f);
      notices.show(errorAlert(err), { focus: true });
    }
  });
  const del = button(T.geo.deleteEstab, { kind: 'secondary', icon: 'fr-icon-delete-line', attrs: { id: 'supprimer-etablissement' } });
  del.addEventListener('click', async () => {
    if (!confirm(fmt(T.geo.confirmDeleteEstab, { name: e.name }))) return;
    try {
      await api.del(`/api/establishments/${id}`);
      replace(container, h('h1', {}, T.geo.estabTitle), alert('success', fmt(T.geo.estabDeleted, { name: e.name }), {
        extra: [h('p', {}, h('a', { href: '/etablissements.html' }, T.geo.back))] }));
    } catch (err) { notices.show(errorAlert(err), { focus: true }); }
  });
  container.append(h('h2', { class: 'fr-mt-6w' }, T.geo.editTitle), edit, h('div', { class: 'fr-mt-4w' }, del));
}
