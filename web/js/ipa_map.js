// The map of IPA internship offers (issue 12, sheet 3.4) as an SVG built in
// the page from GET /api/intern/ipa-map: each département of the région is
// drawn from the centroids of its communes (data/ref/communes.csv, shipped
// with plam: no tile server, nothing downloaded), a département with offers
// in blue with a numbered circle at its centre, the others in two greys so
// that neighbours stand apart. The SVG is one image (role="img") whose title
// and description say what it shows; the list by département under it is
// the accessible alternative and holds every detail.
import { T } from './texts.js';
import { h, fmt } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
const S = T.internships;

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

/** One région's map: {figure, summary}. */
export function ipaRegionMap(region, index = 0) {
  const pts = region.departements.flatMap((d) => d.points);
  if (!pts.length) return null;
  const lons = pts.map((p) => p[0]), lats = pts.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180); // equirectangular at the région's latitude
  const W = 600, pad = 16;
  const scale = (W - 2 * pad) / Math.max((maxLon - minLon) * k, 1e-6);
  const H = Math.round((maxLat - minLat) * scale + 2 * pad);
  const X = (lon) => pad + (lon - minLon) * k * scale, Y = (lat) => pad + (maxLat - lat) * scale;
  const dot = Math.max(2.5, Math.min(6, scale * 0.02)); // a commune's square, about 2 km wide
  const id = `carte-ipa-${index}`;
  const withOffers = region.departements.filter((d) => d.offers > 0);
  const desc = [fmt(S.ipaMapDesc, { region: region.name, offers: withOffers.reduce((n, d) => n + d.offers, 0), deps: region.departements.length }),
    ...region.departements.map((d) => fmt(d.offers ? S.ipaMapDep : S.ipaMapDepNone, { name: d.name, code: d.code, offers: d.offers, places: d.places }))].join(' ');
  const layers = region.departements.map((d, i) => {
    const path = d.points.map((p) => `M${(X(p[0]) - dot / 2).toFixed(1)} ${(Y(p[1]) - dot / 2).toFixed(1)}h${dot}v${dot}h-${dot}z`).join('');
    return svg('path', { d: path, fill: d.offers ? '#6a6af4' : (i % 2 ? '#cecece' : '#b1b1b1'), 'data-departement': d.id });
  });
  // on a narrow screen the SVG is scaled down about twice: larger type, and the code alone (the name is in the
  // description and the list)
  const narrow = window.matchMedia('(max-width: 575px)').matches;
  const fs = narrow ? 32 : 17, r = narrow ? 24 : 15;
  const labels = region.departements.filter((d) => d.centroid).map((d) => {
    const [x, y] = [X(d.centroid[0]), Y(d.centroid[1])];
    const g = svg('g', { 'data-departement-label': d.id },
      svg('text', { x: x.toFixed(1), y: (y + (d.offers ? r + fs + 2 : fs / 3)).toFixed(1), 'text-anchor': 'middle', 'font-size': fs, 'font-weight': 700,
        fill: '#161616', stroke: '#ffffff', 'stroke-width': 4, 'paint-order': 'stroke' }, narrow ? d.code : `${d.name} (${d.code})`));
    if (d.offers) {
      g.append(svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r, fill: '#000091', stroke: '#ffffff', 'stroke-width': 3, 'data-offres': d.offers }),
        svg('text', { x: x.toFixed(1), y: (y + fs / 3).toFixed(1), 'text-anchor': 'middle', 'font-size': fs, 'font-weight': 700, fill: '#ffffff' }, String(d.offers)));
    }
    return g;
  });
  const map = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-labelledby': `${id}-titre ${id}-desc`, id, class: 'plam-carte-ipa', preserveAspectRatio: 'xMidYMid meet' },
    svg('title', { id: `${id}-titre` }, fmt(S.ipaMapTitle, { region: region.name })),
    svg('desc', { id: `${id}-desc` }, desc), ...layers, ...labels);
  const legend = h('ul', { class: 'fr-text--sm fr-mt-1w' },
    h('li', {}, S.ipaMapLegendOffers), h('li', {}, S.ipaMapLegendNone), h('li', {}, S.ipaMapSource));
  return h('figure', { class: 'fr-mb-3w', 'data-plam': 'carte-ipa' }, map, h('figcaption', { class: 'fr-text--sm' }, fmt(S.ipaMapTitle, { region: region.name })), legend);
}
