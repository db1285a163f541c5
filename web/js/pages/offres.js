// Public list of open offers (offres.html), usable without an account:
// filters by département (names), employment area (GET /api/public/areas:
// names), profession (the nomenclature's French labels, by group) and
// contract (GET /api/public/offers), each offer linking to its page rendered
// on the server, /offres/N (with its schema.org JobPosting data); the
// partner feed is linked below.
import { T } from '../texts.js';
import { h, fmt, replace, appendAll } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { selectField, button } from '../ui.js';
import { when, placeOf, signUp } from '../offer-ui.js';

const P = T.offerspub;
const byName = (a, b) => a.label.localeCompare(b.label, 'fr');

/** Professions grouped as the nomenclature groups them, labels in French. */
function professionOptions(professions) {
  const groups = new Map();
  for (const p of professions) {
    const g = P.groups[p.group] || P.groups.other;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push({ value: p.code, label: p.label });
  }
  return [...groups].map(([group, options]) => ({ group, options }));
}

boot({
  current: null,
  title: T.offers.title,
  async render(container, { session }) {
    const params = new URLSearchParams(location.search);
    const query = {
      departement: params.get('departement') || '', contract: params.get('contract') || '',
      profession: params.get('profession') || '', area: params.get('area') || '',
    };
    const dep = selectField({ name: 'departement', label: T.offers.departement, placeholder: T.offers.allDepartements, options: [] });
    const area = selectField({ name: 'area', label: P.area, hint: P.areaHint, placeholder: P.allAreas, options: [] });
    const profession = selectField({ name: 'profession', label: P.profession, placeholder: P.allProfessions, options: [] });
    const contract = selectField({ name: 'contract', label: T.offers.contract, placeholder: T.offers.allContracts,
      options: Object.entries(T.offers.contracts).map(([value, label]) => ({ value, label })), value: query.contract });
    const [{ data: deps }, { data: areas }, { data: nomen }] = await Promise.all([
      api.get('/api/territories', { level: 'departement' }), api.get('/api/public/areas'), api.get('/api/recruit/nomenclatures')]);
    dep.setOptions(deps.map((d) => ({ value: d.id, label: d.name })).sort(byName), query.departement);
    area.setOptions(areas.map((a) => ({ value: String(a.id), label: a.name })).sort(byName), query.area);
    profession.setOptions(professionOptions(nomen.professions), query.profession);
    const form = h('form', { id: 'filtres-offres', method: 'get', action: '/offres.html' },
      h('fieldset', { class: 'fr-fieldset' }, h('legend', { class: 'fr-fieldset__legend' }, T.offers.filters),
        [dep, area, profession, contract].map((f) => h('div', { class: 'fr-fieldset__element' }, f.group))),
      button(T.offers.apply, { type: 'submit' }));
    // an empty filter stays out of the address
    form.addEventListener('submit', () => {
      for (const f of [dep, area, profession, contract]) f.select.disabled = !f.select.value;
    });
    const list = h('div', { id: 'liste-offres', class: 'fr-mt-4w', 'aria-live': 'polite' });
    appendAll(container, h('h1', {}, T.offers.title), h('p', {}, T.offers.intro), form, list,
      h('p', { class: 'fr-mt-4w' }, T.offers.howTo), signUp(session),
      h('p', {}, h('a', { href: '/api/open-data/offers', class: 'fr-link' }, T.offers.feed)));
    const { data } = await api.get('/api/public/offers', query);
    if (!data.length) { replace(list, h('p', {}, T.offers.none)); return; }
    // a list rather than a table: the French labels are long, and a job
    // seeker reads it on a phone
    replace(list, h('h2', {}, T.offers.caption), h('p', {}, fmt(T.offers.count, { n: data.length })),
      h('ul', { class: 'fr-raw-list' }, data.map((o) => h('li', { class: 'fr-mb-3w' },
        h('h3', { class: 'fr-h6 fr-mb-1v' }, h('a', { href: `/offres/${encodeURIComponent(o.id)}` },
          fmt(T.offers.offerTitle, { profession: o.profession_label || o.profession, establishment: o.establishment }))),
        h('p', { class: 'fr-mb-0' }, fmt(P.line, { place: placeOf(o), start: when(o.start_at), contract: o.contract_label }))))));
  },
});
