// Audit log: read-only table with filters (?entity=&user_id=&page=); the
// before/after JSON of each entry is shown as a small field/before/after
// table listing only what changed.
import { T } from '../texts.js';
import { h, fmt, replace, formatDateTime } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { PERM } from '../sections.js';
import { errorAlert, inputField, selectField, button, dataTable, pagination, queryInt, hrefWith } from '../ui.js';

const PAGE_SIZE = 25;
const FOLD_AFTER = 3;
const ENTITY_OPTIONS = Object.entries(T.audit.entities).map(([value, label]) => ({ value, label }));

/** A JSON value as readable text. */
function show(v) {
  if (v === undefined) return T.common.none;
  if (v === null) return T.common.none;
  if (typeof v === 'boolean') return v ? T.common.yes : T.common.no;
  if (typeof v === 'string') return v === '' ? T.common.none : v;
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

function parseMaybe(v) {
  if (typeof v !== 'string') return v;
  try { return JSON.parse(v); } catch { return v; }
}

/** Field-by-field differences of before/after (objects or null). */
export function diff(before, after) {
  before = parseMaybe(before);
  after = parseMaybe(after);
  const b = before && typeof before === 'object' ? before : {};
  const a = after && typeof after === 'object' ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => ({ field: k, before: k in b ? b[k] : undefined, after: k in a ? a[k] : undefined }));
}

function changes(entry) {
  const d = diff(entry.before, entry.after);
  if (!d.length) return h('span', { class: 'fr-text--sm' }, T.audit.noChange);
  const table = h('table', { class: 'plam-diff' },
    h('caption', { class: 'fr-sr-only' }, fmt(T.audit.changesOf, { id: entry.id })),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, T.audit.field), h('th', { scope: 'col' }, T.audit.before), h('th', { scope: 'col' }, T.audit.after))),
    h('tbody', {}, d.map((c) => h('tr', {},
      h('th', { scope: 'row' }, h('code', {}, c.field)),
      h('td', { class: 'plam-diff__before' }, show(c.before)),
      h('td', { class: 'plam-diff__after' }, show(c.after))))));
  // Long entries (a creation lists every field) fold behind a native disclosure.
  if (d.length <= FOLD_AFTER) return table;
  return h('details', { class: 'plam-diff-details' },
    h('summary', {}, fmt(T.audit.showFields, { count: d.length })), table);
}

boot({
  current: 'audit',
  title: T.audit.title,
  requireAuth: true,
  perm: PERM.auditRead,
  async render(container) {
    const params = new URLSearchParams(location.search);
    const entity = params.get('entity') || '';
    const userIdRaw = (params.get('user_id') || '').trim();
    const page = queryInt(params, 'page', 1);

    const options = ENTITY_OPTIONS.some((o) => o.value === entity) || !entity
      ? ENTITY_OPTIONS : [...ENTITY_OPTIONS, { value: entity, label: entity }];
    const entityF = selectField({ id: 'filtre-objet', name: 'entity', label: T.audit.entity, options, placeholder: T.audit.allEntities, value: entity });
    const userF = inputField({ id: 'filtre-utilisateur', name: 'user_id', label: T.audit.userId, hint: T.audit.userIdHint, value: userIdRaw,
      attrs: { inputmode: 'numeric', pattern: '[0-9]*', autocomplete: 'off' } });
    const validUser = userIdRaw === '' || /^[1-9][0-9]{0,17}$/.test(userIdRaw);
    if (!validUser) userF.setError(T.audit.errUserId);

    const filters = h('form', { method: 'get', action: location.pathname, class: 'fr-mb-3w', 'aria-labelledby': 'titre-filtres' },
      h('h2', { id: 'titre-filtres', class: 'fr-h6' }, T.audit.filtersTitle),
      h('div', { class: 'fr-grid-row fr-grid-row--gutters fr-grid-row--bottom' },
        h('div', { class: 'fr-col-12 fr-col-md-4' }, entityF.group),
        h('div', { class: 'fr-col-12 fr-col-md-4' }, userF.group),
        h('div', { class: 'fr-col-12 fr-col-md-4' },
          h('ul', { class: 'fr-btns-group fr-btns-group--inline' },
            h('li', {}, button(T.common.filter, { type: 'submit' })),
            h('li', {}, h('a', { class: 'fr-btn fr-btn--secondary', href: location.pathname }, T.common.resetFilters))))));
    const listArea = h('div', { id: 'liste-journal' });

    container.append(h('h1', {}, T.audit.title), h('p', {}, T.audit.intro), filters, listArea);

    if (!validUser) { userF.input.focus(); return; }
    replace(listArea, h('p', {}, T.common.loading));
    try {
      const { data, meta } = await api.get('/api/audit', { entity, user_id: userIdRaw, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      const total = meta ? meta.total : data.length;
      const rows = data.map((e) => [
        h('span', { class: 'plam-nowrap' }, formatDateTime(e.at)),
        e.user_login || (e.user_id ? `#${e.user_id}` : T.audit.system),
        T.audit.actions[e.action] || e.action,
        e.entity_id ? fmt(T.audit.entityRef, { entity: T.audit.entities[e.entity] || e.entity, id: e.entity_id }) : (T.audit.entities[e.entity] || e.entity),
        changes(e),
        e.request_id ? h('code', { class: 'plam-request-id' }, e.request_id) : T.common.none,
      ]);
      replace(listArea,
        h('p', { class: 'fr-text--sm', 'data-plam': 'count' }, fmt(T.common.resultsCount, { count: total })),
        data.length
          ? dataTable({ id: 'tableau-journal', caption: T.audit.caption, columns: [
            { label: T.audit.colAt }, { label: T.audit.colUser }, { label: T.audit.colAction },
            { label: T.audit.colEntity }, { label: T.audit.colChanges, wrap: true }, { label: T.audit.colRequest }], rows })
          : h('p', {}, T.common.noResults),
        meta ? pagination({ total, limit: PAGE_SIZE, offset: meta.offset ?? (page - 1) * PAGE_SIZE, hrefFor: (p) => hrefWith({ page: p > 1 ? p : null }) }) : null);
    } catch (e) {
      replace(listArea, errorAlert(e));
    }
  },
});
