// DSFR building blocks made with DOM APIs only: alerts, form fields, data
// tables, pagination, badges. Each returns elements; none parses HTML.
import { T } from './texts.js';
import { h, fmt, replace, uid } from './dom.js';
import { ApiError } from './api.js';

/** A DSFR alert. type: error|success|info|warning. title optional. */
export function alert(type, message, { title = null, small = !title, extra = [] } = {}) {
  return h('div', { class: `fr-alert fr-alert--${type}${small ? ' fr-alert--sm' : ''}` },
    title ? h('h2', { class: 'fr-alert__title' }, title) : null,
    h('p', {}, message),
    extra);
}

/** An alert describing any error (ApiError or other), with the request id. */
export function errorAlert(err, { title = null } = {}) {
  const message = err instanceof ApiError ? err.message : T.errors.generic;
  const extra = [];
  if (err instanceof ApiError && err.fields.length) {
    extra.push(h('ul', {}, err.fields.map((f) => h('li', {}, f.message || f.field))));
  }
  // The request id helps support trace a server-side failure; user errors
  // (4xx: wrong password, invalid field) do not need it.
  if (err instanceof ApiError && err.requestId && (err.status >= 500 || err.status === 0)) {
    extra.push(h('p', { class: 'fr-text--xs fr-mb-0' }, fmt(T.errors.withRequestId, { id: err.requestId })));
  }
  if (!(err instanceof ApiError)) console.error(err); // eslint-disable-line no-console
  return alert('error', message, { title, extra });
}

/**
 * A live region for page-level messages. show() replaces its content with an
 * alert; the region itself stays in the DOM so that screen readers announce
 * changes. focus: move focus to the alert (for errors after a submit).
 */
export function noticeArea() {
  const el = h('div', { class: 'plam-notices', 'aria-live': 'polite', 'aria-atomic': 'true' });
  return {
    el,
    show(node, { focus = false } = {}) {
      replace(el, node);
      if (focus) { node.setAttribute('tabindex', '-1'); node.focus(); }
    },
    clear() { el.replaceChildren(); },
  };
}

function labelNode(id, label, hint, required) {
  return h('label', { class: 'fr-label', for: id }, label, required ? T.common.requiredMark : null,
    hint ? h('span', { class: 'fr-hint-text' }, hint) : null);
}

/** Shared error handling of input and select groups. */
function withMessages(group, control, kind, id) {
  const messages = h('div', { class: 'fr-messages-group', id: `${id}-messages`, 'aria-live': 'polite' });
  control.setAttribute('aria-describedby', `${id}-messages`);
  group.append(messages);
  return {
    setError(message) {
      group.classList.toggle(`fr-${kind}-group--error`, !!message);
      control.classList.toggle(`fr-${kind}--error`, !!message);
      if (message) {
        control.setAttribute('aria-invalid', 'true');
        replace(messages, h('p', { class: 'fr-message fr-message--error', id: `${id}-message-error` }, message));
      } else {
        control.removeAttribute('aria-invalid');
        messages.replaceChildren();
      }
    },
  };
}

/**
 * A DSFR text input group. Returns {group, input, setError(msg|null)}.
 * attrs are extra attributes for the <input>.
 */
export function inputField({ id = uid('champ'), name, label, hint = null, type = 'text', required = false, value = '', attrs = {} }) {
  const input = h('input', { class: 'fr-input', id, name: name || id, type, required: required || null, ...attrs });
  if (value !== null && value !== undefined) input.value = String(value);
  const group = h('div', { class: 'fr-input-group' }, labelNode(id, label, hint, required), input);
  return { group, input, ...withMessages(group, input, 'input', id) };
}

/**
 * A DSFR select group. options: [{value, label}] or groups
 * [{group: 'label', options: [...]}]. placeholder: text of an empty first
 * option (selectable) or null. Returns {group, select, setError, setOptions}.
 */
export function selectField({ id = uid('liste'), name, label, hint = null, required = false, options = [], placeholder = T.common.choose, value = '' }) {
  const select = h('select', { class: 'fr-select', id, name: name || id, required: required || null });
  const group = h('div', { class: 'fr-select-group' }, labelNode(id, label, hint, required), select);
  const api = withMessages(group, select, 'select', id);
  function setOptions(opts, selected = select.value) {
    const nodes = [];
    if (placeholder !== null) nodes.push(h('option', { value: '' }, placeholder));
    for (const o of opts) {
      if (o.group) nodes.push(h('optgroup', { label: o.group }, o.options.map((x) => h('option', { value: x.value }, x.label))));
      else nodes.push(h('option', { value: o.value }, o.label));
    }
    replace(select, nodes);
    select.value = selected === null || selected === undefined ? '' : String(selected);
  }
  setOptions(options, value);
  return { group, select, setOptions, ...api };
}

/** A DSFR button. kind: primary|secondary|tertiary. */
export function button(label, { kind = 'primary', type = 'button', icon = null, small = false, attrs = {} } = {}) {
  const cls = ['fr-btn'];
  if (kind !== 'primary') cls.push(`fr-btn--${kind}`);
  if (small) cls.push('fr-btn--sm');
  if (icon) cls.push(icon, 'fr-btn--icon-left');
  return h('button', { class: cls.join(' '), type, ...attrs }, label);
}

/** A DSFR badge. type: success|error|info|warning|new or null. */
export function badge(label, type = null) {
  return h('p', { class: `fr-badge fr-badge--sm${type ? ` fr-badge--${type}` : ''}` }, label);
}

/**
 * A DSFR data table. columns: [{label, wrap}] (wrap: the DSFR keeps cells
 * on one line unless told), rows: arrays of cells (node or text). The scrolling container is focusable and labelled by the caption so
 * keyboard users can scroll a wide table at 320 px.
 */
export function dataTable({ caption, columns, rows, id = uid('tableau') }) {
  const capId = `${id}-caption`;
  const cap = h('caption', { id: capId }, caption);
  const table = h('table', { id },
    cap,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
    h('tbody', {}, rows.map((cells, i) => h('tr', { 'data-row-key': i + 1 },
      cells.map((cell, j) => h('td', { class: columns[j] && columns[j].wrap ? 'fr-cell--multiline' : null }, cell))))));
  const wrapper = h('div', { class: 'fr-table__wrapper' },
    h('div', { class: 'fr-table__container' },
      h('div', { class: 'fr-table__content', tabindex: '0', role: 'region', 'aria-labelledby': capId }, table)));
  // The DSFR's script reserves the caption's height above the table
  // (--table-offset on the wrapper) only when the window is resized; a caption
  // that gets its size later (fonts, a table rendered after the page) would
  // cover the first rows. Keep the room equal to the caption, as the DSFR does.
  if (typeof ResizeObserver !== 'undefined') {
    new ResizeObserver(() => {
      const height = cap.getBoundingClientRect().height;
      if (height > 0) wrapper.style.setProperty('--table-offset', `calc(${height}px + 1rem)`);
    }).observe(cap);
  }
  return h('div', { class: 'fr-table plam-table', id: `${id}-component` }, wrapper);
}

/**
 * DSFR pagination. total/limit/offset from the list meta; hrefFor(page)
 * builds the link of a page (1-based). Returns null when one page suffices.
 */
export function pagination({ total, limit, offset, hrefFor }) {
  const pages = Math.max(1, Math.ceil(total / limit));
  if (pages <= 1) return null;
  const page = Math.min(pages, Math.floor(offset / limit) + 1);
  const link = (label, target, cls, extra = {}) => {
    const disabled = target === null;
    return h('li', {}, h('a', {
      class: `fr-pagination__link${cls ? ' ' + cls : ''}`,
      href: disabled ? null : hrefFor(target),
      'aria-disabled': disabled ? 'true' : null,
      role: disabled ? 'link' : null,
      ...extra,
    }, label));
  };
  const items = [
    link(T.pagination.first, page > 1 ? 1 : null, 'fr-pagination__link--first'),
    link(T.pagination.previous, page > 1 ? page - 1 : null, 'fr-pagination__link--prev fr-pagination__link--lg-label'),
  ];
  const from = Math.max(1, Math.min(page - 2, pages - 4));
  const to = Math.min(pages, from + 4);
  for (let p = from; p <= to; p += 1) {
    items.push(h('li', {}, h('a', {
      class: 'fr-pagination__link',
      href: hrefFor(p),
      title: fmt(T.pagination.page, { n: p }),
      'aria-current': p === page ? 'page' : null,
    }, String(p))));
  }
  items.push(
    link(T.pagination.next, page < pages ? page + 1 : null, 'fr-pagination__link--next fr-pagination__link--lg-label'),
    link(T.pagination.last, page < pages ? pages : null, 'fr-pagination__link--last'),
  );
  return h('nav', { role: 'navigation', class: 'fr-pagination fr-mt-3w', 'aria-label': T.pagination.label },
    h('ul', { class: 'fr-pagination__list' }, items),
    h('p', { class: 'fr-sr-only' }, fmt(T.pagination.status, { page, pages })));
}

/** Reads an integer ≥ min from the query string, or def. */
export function queryInt(params, name, def, min = 1) {
  const v = Number.parseInt(params.get(name) || '', 10);
  return Number.isFinite(v) && v >= min ? v : def;
}

/** Current URL with some query parameters replaced (null/'' removes). */
export function hrefWith(changes) {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') params.delete(k); else params.set(k, String(v));
  }
  const qs = params.toString();
  return location.pathname + (qs ? '?' + qs : '');
}

/**
 * Shows field errors returned by the server (err.fields) on the matching
 * fields ({name: field}); returns the first field element that got an error.
 */
export function applyFieldErrors(err, fields) {
  let first = null;
  if (!(err instanceof ApiError)) return null;
  for (const f of err.fields) {
    const target = fields[f.field];
    if (target) {
      target.setError(f.message || T.errors.generic);
      if (!first) first = target.input || target.select;
    }
  }
  return first;
}
