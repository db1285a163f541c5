// The choice of an establishment and of one of its units, for the need form
// of besoins.html (employer, issue 11). An employer chooses among the
// establishments of their organisation (GET /api/establishments, which the
// server limits to them); plan staff, who may post for any establishment,
// first narrow the list by département and/or a name or FINESS number (the
// same route's departement and q filters), and are offered at most LIMIT
// results, never the whole FINESS file. The units of the chosen
// establishment (GET /api/establishments/{id}/units) fill the unit select;
// a need without a unit is allowed.
import { T } from './texts.js';
import { h, fmt } from './dom.js';
import { api } from './api.js';
import { selectField, inputField, button } from './ui.js';

const E = T.employer;
const LIMIT = 50;

// "Name — Commune (FINESS n)": the place only when the name does not already say it.
function label(e) {
  const place = e.commune_name || e.departement_name || e.departement || '';
  const where = place && !e.name.includes(place) ? ` — ${place}` : '';
  return `${e.name}${where}${e.finess ? ` (FINESS ${e.finess})` : ''}`;
}

/**
 * staff: true for plan staff (search first). preferred: an establishment id
 * to select when offered (the employer's last need's). Returns {el, est,
 * unit, estabId(), unitId()}; est and unit are the select fields.
 */
export async function estabChoice({ staff, preferred = null }) {
  const status = h('p', { class: 'fr-hint-text fr-mb-2w', id: 'etablissements-trouves', role: 'status' });
  const est = selectField({ name: 'establishment_id', label: E.estabLabel, hint: staff ? E.estabHintStaff : E.estabHint, required: true,
    placeholder: E.estabChoose, options: [] });
  const unit = selectField({ name: 'unit_id', label: E.unitLabel, hint: E.unitHint, placeholder: E.unitNone, options: [] });
  unit.select.disabled = true;

  async function loadUnits() {
    const id = est.select.value;
    unit.setOptions([], '');
    unit.select.disabled = true;
    if (!id) return;
    const { data } = await api.get(`/api/establishments/${encodeURIComponent(id)}/units`);
    unit.setOptions(data.map((u) => ({ value: String(u.id), label: u.name })), '');
    unit.select.disabled = !data.length;
  }
  est.select.addEventListener('change', () => { loadUnits().catch((e) => { status.hidden = false; status.textContent = e.message || String(e); }); });

  async function fill(query) {
    const res = await api.get('/api/establishments', { ...query, limit: LIMIT });
    const list = res.data;
    const keep = list.some((e) => String(e.id) === String(preferred)) ? String(preferred) : list.length === 1 ? String(list[0].id) : '';
    est.setOptions(list.map((e) => ({ value: String(e.id), label: label(e) })), keep);
    const total = res.meta && Number.isFinite(res.meta.total) ? res.meta.total : list.length;
    // an employer's list needs no count, unless it is empty or cut
    status.textContent = !list.length ? (staff ? E.searchNone : E.estabNone)
      : total > list.length ? fmt(E.searchMore, { n: list.length, total }) : staff ? fmt(E.searchFound, { n: list.length }) : '';
    status.hidden = !status.textContent;
    await loadUnits();
  }

  let search = null;
  if (staff) {
    const { data: deps } = await api.get('/api/territories', { level: 'departement' });
    const dep = selectField({ name: 'recherche_departement', label: E.depLabel, placeholder: E.depAll,
      options: deps.map((d) => ({ value: d.id, label: `${d.code} — ${d.name}` })) });
    const q = inputField({ name: 'recherche_etablissement', label: E.qLabel, hint: E.qHint, attrs: { maxlength: '200', autocomplete: 'off' } });
    const go = button(E.search, { kind: 'secondary', attrs: { id: 'chercher-etablissement' } });
    const run = async () => {
      const query = {};
      if (dep.select.value) query.departement = dep.select.value;
      if (q.input.value.trim()) query.q = q.input.value.trim();
      if (!query.departement && !query.q) { status.textContent = E.searchFirst; return; }
      await fill(query);
    };
    go.addEventListener('click', () => { run().catch((e) => { status.textContent = e.message || String(e); }); });
    q.input.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); go.click(); } });
    dep.select.addEventListener('change', () => go.click());
    search = h('fieldset', { class: 'fr-fieldset', id: 'recherche-etablissement' },
      h('legend', { class: 'fr-fieldset__legend fr-text--regular' }, E.searchLegend),
      [dep.group, q.group, go].map((x) => h('div', { class: 'fr-fieldset__element' }, x)));
    status.textContent = E.searchFirst;
  } else {
    await fill({});
  }
  const el = h('div', { id: 'choix-etablissement', class: 'fr-mb-3w' }, search, status, est.group, unit.group);
  return {
    el, est, unit,
    estabId: () => (est.select.value ? Number(est.select.value) : null),
    unitId: () => (unit.select.value ? Number(unit.select.value) : null),
  };
}
