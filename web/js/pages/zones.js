// Areas (zones.html): the areas plan staff define as sets of communes (GET
// /api/areas), the communes of one (?id=N, GET /api/areas/{id}/communes),
// creation (POST /api/areas), deletion (DELETE /api/areas/{id}, confirmed) and
// the CSV import (POST /api/area-imports) with its errors by row and column.
import { T } from '../texts.js';
import { h, fmt, replace } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { PERM } from '../sections.js';
import { alert, errorAlert, noticeArea, inputField, selectField, button, dataTable, hrefWith, applyFieldErrors } from '../ui.js';
import { uploadForm } from '../geo-upload.js';

boot({
  current: 'areas',
  title: T.geo.areasTitle,
  requireAuth: true,
  perm: PERM.geoManage,
  async render(container, { session }) {
    const params = new URLSearchParams(location.search);
    const notices = noticeArea();
    const listArea = h('div', { id: 'liste-zones' });
    const communesArea = h('div', { id: 'communes-zone' });
    const kindFilter = selectField({ id: 'filtre-type', name: 'kind', label: T.geo.kindFilter, placeholder: T.geo.allKinds,
      options: Object.entries(T.geo.kinds).map(([value, label]) => ({ value, label })), value: params.get('kind') || '' });
    kindFilter.select.addEventListener('change', () => { location.href = hrefWith({ kind: kindFilter.select.value, id: null }); });
    container.append(h('h1', {}, T.geo.areasTitle), h('p', {}, T.geo.areasIntro), notices.el, kindFilter.group, listArea, communesArea);

    async function load() {
      const { data } = await api.get('/api/areas', params.get('kind') ? { kind: params.get('kind') } : undefined);
      if (!data.length) { replace(listArea, h('p', {}, T.geo.areasNone)); return data; }
      replace(listArea, dataTable({ id: 'tableau-zones', caption: fmt(T.geo.areasCaption, { count: data.length }),
        columns: [{ label: T.geo.colCode }, { label: T.geo.colName, wrap: true }, { label: T.geo.colKind }, { label: T.geo.colRegion }, { label: T.geo.colCommunes }, { label: T.common.actions, wrap: true }],
        rows: data.map((a) => {
          const del = button([T.geo.remove, h('span', { class: 'fr-sr-only' }, ` ${a.code}`)], { kind: 'tertiary', small: true, attrs: { 'data-plam-delete': a.code } });
          del.addEventListener('click', async () => {
            if (!confirm(fmt(T.geo.confirmDeleteArea, { name: a.name }))) return;
            try {
              await api.del(`/api/areas/${a.id}`);
              notices.show(alert('success', fmt(T.geo.areaDeleted, { name: a.name })), { focus: true });
              await load();
            } catch (e) { notices.show(errorAlert(e), { focus: true }); }
          });
          return [a.code, h('a', { href: hrefWith({ id: a.id }), 'aria-label': fmt(T.geo.showCommunes, { name: a.name }) }, a.name),
            a.kind_label, a.region_name || T.geo.none, String(a.communes), del];
        }) }));
      return data;
    }
    const areas = await load();

    const id = Number(params.get('id'));
    const shown = areas.find((a) => a.id === id);
    if (shown) {
      const { data: communes } = await api.get(`/api/areas/${shown.id}/communes`);
      replace(communesArea, h('h2', { class: 'fr-mt-4w' }, fmt(T.geo.communesTitle, { name: shown.name })),
        dataTable({ id: 'tableau-communes', caption: fmt(T.geo.communesCaption, { name: shown.name, count: communes.length }),
          columns: [{ label: T.geo.colInsee }, { label: T.geo.colName, wrap: true }, { label: T.geo.colDepartement }, { label: T.geo.colPopulation }],
          rows: communes.map((c) => [c.code, c.name, c.departement.replace(/^DEP-/, ''), c.population === null ? T.geo.none : c.population.toLocaleString('fr-FR')]) }));
    }

    // ---- create ----
    const code = inputField({ id: 'zone-code', name: 'code', label: T.geo.codeLabel, hint: T.geo.codeHint, required: true, attrs: { maxlength: '32', autocomplete: 'off' } });
    const name = inputField({ id: 'zone-nom', name: 'name', label: T.geo.nameLabel, required: true, attrs: { maxlength: '200' } });
    const kind = selectField({ id: 'zone-type', name: 'kind', label: T.geo.kindLabel, required: true, placeholder: null,
      options: Object.entries(T.geo.kinds).map(([value, label]) => ({ value, label })), value: 'employment' });
    const region = selectField({ id: 'zone-region', name: 'region', label: T.geo.regionLabel, placeholder: T.geo.regionNone, options: [] });
    const { data: regions } = await api.get('/api/territories', { level: 'region' });
    region.setOptions(regions.map((r) => ({ value: r.id, label: r.name })), 'REG-52');
    const form = h('form', { novalidate: true, id: 'nouvelle-zone' }, h('p', { class: 'fr-hint-text' }, T.common.required),
      code.group, name.group, kind.group, region.group, button(T.geo.createArea, { type: 'submit' }));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const { data } = await api.post('/api/areas', { code: code.input.value, name: name.input.value, kind: kind.select.value, region: region.select.value || null });
        notices.show(alert('success', fmt(T.geo.areaCreated, { name: data.name })), { focus: true });
        form.reset();
        await load();
      } catch (e) {
        applyFieldErrors(e, { code, name, kind, region });
        notices.show(errorAlert(e), { focus: true });
      }
    });
    container.append(h('h2', { class: 'fr-mt-6w' }, T.geo.createAreaTitle), form);

    // ---- import ----
    container.append(h('h2', { class: 'fr-mt-6w', id: 'titre-import-zones' }, T.geo.importAreasTitle), h('p', {}, T.geo.importAreasIntro),
      ...uploadForm({ id: 'fichier-zones', label: T.geo.fileLabel, hint: T.geo.fileHint, url: '/api/area-imports', session, notices,
        onDone: async (d) => { await load(); return fmt(T.geo.areasImported, d); } }));
  },
});
