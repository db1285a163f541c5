// Candidate pools (viviers.html, plan staff; recruit, issue 11): the pools
// as a tree (région > département > GHT > établissement, from each pool's
// parent) with their member counts and status, the crisis pools (Renfort
// RH) in a section of their own, a button on each pool that opens or closes
// it after a confirmation (PATCH /api/pools/{id}), and the form that creates
// a pool (POST /api/pools): name, level, parent (the pools one level up), the
// GHT's name, the département it covers, and for an establishment's pool the
// establishment (estab-choice.js search). The API's errors name their field
// and are shown next to it.
import { T } from '../texts.js';
import { h, fmt, replace } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { alert, errorAlert, noticeArea, inputField, selectField, button, badge, applyFieldErrors } from '../ui.js';
import { estabChoice } from '../estab-choice.js';

const P = T.pools;
const LEVELS = ['region', 'departement', 'ght', 'establishment', 'crisis'];
// The parent levels the app accepts for each level (recruit_pool.c parent_ok).
const PARENTS = { establishment: ['ght', 'departement', 'region'], ght: ['departement', 'region'], departement: ['region'], region: [], crisis: ['region'] };

boot({
  current: null,
  title: P.title,
  requireAuth: true,
  perm: 'recruit.manage',
  async render(container) {
    const notices = noticeArea();
    const treeArea = h('div', { id: 'arbre-viviers' });
    const crisisArea = h('div', { id: 'viviers-crise' });
    container.append(h('h1', {}, P.title), h('p', {}, P.intro), notices.el,
      h('h2', { class: 'fr-mt-4w' }, P.treeTitle), treeArea, h('h2', { class: 'fr-mt-4w' }, P.crisisTitle), crisisArea);
    const { data: territories } = await api.get('/api/territories');
    const deps = territories.filter((t) => t.level === 'departement');
    const placeName = new Map(territories.map((t) => [t.id, t.level === 'departement' ? `${t.name} (${t.code})` : t.name]));
    let pools = [];

    async function toggle(p) {
      const closing = p.status === 'open';
      if (!confirm(fmt(closing ? P.confirmClose : P.confirmOpen, { name: p.name, n: p.members }))) return;
      try {
        await api.patch(`/api/pools/${encodeURIComponent(p.id)}`, { status: closing ? 'closed' : 'open' });
        notices.show(alert('success', fmt(closing ? P.closed : P.opened, { name: p.name })), { focus: true });
        await load();
      } catch (e) {
        notices.show(errorAlert(e), { focus: true });
      }
    }

    function item(p, children) {
      const open = p.status === 'open';
      const where = [p.ght, p.territory_id ? placeName.get(p.territory_id) || '' : ''].filter(Boolean).join(' · ');
      return h('li', { class: 'plam-pool', 'data-pool': String(p.id) },
        h('div', { class: 'plam-pool__line' },
          h('span', { class: 'fr-text--bold' }, p.name), ' ',
          badge(P.levels[p.level] || p.level), ' ',
          badge(P.statuses[p.status] || p.status, open ? 'success' : 'warning'), ' ',
          h('span', { class: 'fr-text--sm', 'data-members': String(p.members) }, fmt(P.members, { n: p.members })),
          where ? h('span', { class: 'fr-text--sm' }, ` — ${where}`) : null, ' ',
          button([open ? P.closePool : P.openPool, h('span', { class: 'fr-sr-only' }, fmt(P.sr, { name: p.name }))],
            { kind: open ? 'tertiary' : 'secondary', small: true, attrs: { 'data-pool-toggle': String(p.id), onclick: () => toggle(p) } })),
        children && children.length ? h('ul', {}, children) : null);
    }

    async function load() {
      ({ data: pools } = await api.get('/api/pools'));
      const byId = new Map(pools.map((p) => [p.id, p]));
      const kids = new Map();
      const tree = pools.filter((p) => p.level !== 'crisis');
      const order = (a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) || a.name.localeCompare(b.name, 'fr');
      for (const p of tree) {
        const parent = p.parent_id && byId.has(p.parent_id) ? p.parent_id : 0;
        if (!kids.has(parent)) kids.set(parent, []);
        kids.get(parent).push(p);
      }
      const branch = (id, depth) => (kids.get(id) || []).sort(order).map((p) => item(p, depth < 8 ? branch(p.id, depth + 1) : []));
      replace(treeArea, tree.length ? h('ul', { class: 'plam-pool-tree', id: 'liste-viviers' }, branch(0, 0)) : h('p', {}, P.none));
      const crisis = pools.filter((p) => p.level === 'crisis').sort(order);
      replace(crisisArea, crisis.length ? h('ul', { class: 'plam-pool-tree', id: 'liste-crise' }, crisis.map((p) => item(p, []))) : h('p', {}, P.crisisNone));
      parent.setOptions(parentOptions(level.select.value));
    }

    // ---- create a pool
    const name = inputField({ id: 'vivier-nom', name: 'name', label: P.nameLabel, hint: P.nameHint, required: true, attrs: { maxlength: '200' } });
    const level = selectField({ id: 'vivier-niveau', name: 'level', label: P.levelLabel, required: true, placeholder: null,
      options: LEVELS.map((l) => ({ value: l, label: P.levels[l] })), value: 'crisis' });
    const parent = selectField({ id: 'vivier-parent', name: 'parent_id', label: P.parentLabel, hint: P.parentHint, placeholder: P.parentNone, options: [] });
    const parentOptions = (lv) => pools.filter((p) => (PARENTS[lv] || []).includes(p.level))
      .map((p) => ({ value: String(p.id), label: `${p.name} (${P.levels[p.level]})` }));
    const ght = inputField({ id: 'vivier-ght', name: 'ght', label: P.ghtLabel, hint: P.ghtHint, attrs: { maxlength: '100' } });
    const territory = selectField({ id: 'vivier-departement', name: 'territory_id', label: P.territoryLabel, hint: P.territoryHint,
      placeholder: P.territoryNone, options: deps.map((d) => ({ value: d.id, label: `${d.code} — ${d.name}` })) });
    const place = await estabChoice({ staff: true });
    place.unit.group.hidden = true; // a pool belongs to an establishment, not to one of its units
    const estabBox = h('div', { id: 'vivier-etablissement', hidden: true }, h('p', { class: 'fr-hint-text' }, P.estabNeeded), place.el);
    const showFor = () => {
      const lv = level.select.value;
      estabBox.hidden = lv !== 'establishment';
      ght.group.hidden = lv !== 'ght' && lv !== 'establishment';
      territory.group.hidden = lv === 'region' || lv === 'crisis';
      parent.setOptions(parentOptions(lv), '');
    };
    level.select.addEventListener('change', showFor);
    const fields = { name, level, parent_id: parent, ght, territory_id: territory, establishment_id: place.est };
    const form = h('form', { novalidate: true, id: 'nouveau-vivier' }, h('p', { class: 'fr-hint-text' }, T.common.required),
      name.group, level.group, parent.group, ght.group, territory.group, estabBox, button(P.create, { type: 'submit' }));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      Object.values(fields).forEach((f) => f.setError(null));
      const lv = level.select.value;
      if (lv === 'establishment' && !place.estabId()) { place.est.setError(P.estabMissing); place.est.select.focus(); return; }
      const body = { name: name.input.value, level: lv };
      if (parent.select.value) body.parent_id = Number(parent.select.value);
      if (!ght.group.hidden && ght.input.value) body.ght = ght.input.value;
      if (!territory.group.hidden && territory.select.value) body.territory_id = territory.select.value;
      if (lv === 'establishment') body.establishment_id = place.estabId();
      try {
        const { data } = await api.post('/api/pools', body);
        notices.show(alert('success', fmt(P.created, { name: data.name })), { focus: true });
        name.input.value = '';
        ght.input.value = '';
        await load();
      } catch (e) {
        const first = applyFieldErrors(e, fields);
        notices.show(errorAlert(e), { focus: !first });
        if (first) first.focus();
      }
    });
    container.append(h('h2', { class: 'fr-mt-6w' }, P.createTitle), form);
    await load();
    showFor();
  },
});
