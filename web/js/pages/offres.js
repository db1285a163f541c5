// Public list of open offers (offres.html): filters by département,
// employment area, profession and contract (GET /api/public/offers), each
// offer linking to offre.html?id=N; the partner feed is linked below.
import { T } from '../texts.js';
import { h, fmt, replace } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { inputField, selectField, button, dataTable } from '../ui.js';
import { when, placeOf } from '../offer-ui.js';


boot({
  current: null,
  title: T.offers.title,
  async render(container) {
    const params = new URLSearchParams(location.search);
    const dep = selectField({ name: 'departement', label: T.offers.departement, placeholder: T.offers.allDepartements, options: [] });
    const contract = selectField({ name: 'contract', label: T.offers.contract, placeholder: T.offers.allContracts,
      options: Object.entries(T.offers.contracts).map(([value, label]) => ({ value, label })), value: params.get('contract') || '' });
    const profession = inputField({ name: 'profession', label: T.offers.profession, hint: T.offers.professionHint,
      value: params.get('profession') || '', attrs: { maxlength: '32' } });
    const area = inputField({ name: 'area', label: T.offers.area, hint: T.offers.areaHint, type: 'number',
      value: params.get('area') || '', attrs: { min: '1', inputmode: 'numeric' } });
    const { data: deps } = await api.get('/api/territories', { level: 'departement' });
    dep.setOptions(deps.map((d) => ({ value: d.id, label: `${d.name} (${d.code})` })), params.get('departement') || '');
    const form = h('form', { id: 'filtres-offres', method: 'get', action: '/offres.html' },
      h('fieldset', { class: 'fr-fieldset' }, h('legend', { class: 'fr-fieldset__legend' }, T.offers.filters),
        [dep, contract, profession, area].map((f) => h('div', { class: 'fr-fieldset__element' }, f.group))),
      button(T.offers.apply, { type: 'submit' }));
    const list = h('div', { id: 'liste-offres', 'aria-live': 'polite' });
    container.append(h('h1', {}, T.offers.title), h('p', {}, T.offers.intro), form, list,
      h('p', { class: 'fr-mt-4w' }, T.offers.howTo),
      h('p', {}, h('a', { href: '/api/open-data/offers', class: 'fr-link' }, T.offers.feed)));
    const query = {
      departement: params.get('departement') || '', contract: params.get('contract') || '',
      profession: params.get('profession') || '', area: params.get('area') || '',
    };
    const { data } = await api.get('/api/public/offers', query);
    if (!data.length) { replace(list, h('p', {}, T.offers.none)); return; }
    replace(list, h('p', {}, fmt(T.offers.count, { n: data.length })), dataTable({
      caption: T.offers.caption,
      columns: [{ label: T.offers.colOffer, wrap: true }, { label: T.offers.colPlace, wrap: true }, { label: T.offers.colWhen }, { label: T.offers.colContract }],
      rows: data.map((o) => [
        h('a', { href: `/offre.html?id=${encodeURIComponent(o.id)}` }, fmt(T.offers.offerTitle, { profession: o.profession, establishment: o.establishment })),
        placeOf(o), when(o.start_at), o.contract_label]),
    }));
  },
});
