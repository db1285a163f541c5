// Small DOM helpers. Every value reaches the page through createElement,
// textContent or setAttribute: nothing is ever parsed as HTML, so data from
// the server cannot inject markup or script.

/** Fills {name} placeholders of a template from vars; unknown names stay. */
export function fmt(template, vars = {}) {
  return String(template).replace(/\{(\w+)\}/g, (m, k) =>
    Object.prototype.hasOwnProperty.call(vars, k) && vars[k] !== null && vars[k] !== undefined
      ? String(vars[k]) : m);
}

/**
 * Creates an element. attrs: 'class' → className, 'text' → textContent,
 * 'on<event>' → listener, true → empty attribute, null/undefined/false →
 * skipped, anything else → setAttribute(String(value)). children: nodes,
 * strings (as text nodes), arrays, null (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  appendAll(el, children);
  return el;
}

/**
 * Appends children (see h: nodes, strings, arrays; null, undefined and false
 * skipped) to el and returns el. Unlike el.append, a null child never
 * becomes the text "null" nor an array "[object …]".
 */
export function appendAll(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Removes every child of el and appends the new children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return appendAll(el, children);
}

/** Text split on '\n' with <br> between lines. */
export function lines(list) {
  const out = [];
  list.forEach((line, i) => { if (i) out.push(h('br')); out.push(String(line)); });
  return out;
}

let idCounter = 0;
/** A document-unique id with the given prefix. */
export function uid(prefix = 'plam') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Formats an ISO timestamp as a French date and time; returns raw text if unparsable. */
export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Paris' }).format(d);
}
