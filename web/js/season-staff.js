// Plan staff's part of saisons.html (module season, issue 11): every seasonal
// campaign with its counts (needs attached, open ones, students who applied,
// students placed on a confirmed shift), a button to close an open campaign
// (confirmed) or reopen a closed one until its last day (PATCH
// /api/seasonal-campaigns/{id}; a campaign past its last day is closed by
// itself and says so instead), and the form that opens a campaign (POST
// /api/seasonal-campaigns): name, period, description, its territory (a
// département, an area plan staff define, or the whole region), the posts open to students and the
// programmes and years admitted (nomenclature of GET
// /api/recruit/nomenclatures), as checkboxes grouped by family in columns.
// Errors name their field.
import { T } from './texts.js';
import { h, fmt, replace, uid } from './dom.js';
import { api } from './api.js';
import { alert, errorAlert, inputField, selectField, button, badge, dataTable, applyFieldErrors } from './ui.js';
import { textareaField } from './gov-ui.js';

const S = T.season;
const day = (iso) => (/^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '') || []).slice(1).reverse().join('/');

/**
 * DSFR checkboxes in a fieldset, grouped: each group is a fieldset of its own
 * with « Tout cocher » and « Tout décocher », laid out in columns (three at
 * 1280 px, two from 768 px, one at 320 px). groups: [{key, label, options}].
 * Returns {fieldset, values(), setError, input}.
 */
function checkboxGroups({ id, legend, hint, groups }) {
  const messages = h('div', { class: 'fr-messages-group', id: `${id}-messages`, 'aria-live': 'polite' });
  const box = (o) => {
    const cid = uid(id);
    return h('div', { class: 'fr-fieldset__element' }, h('div', { class: 'fr-checkbox-group fr-checkbox-group--sm' },
      h('input', { type: 'checkbox', id: cid, name: id, value: o.code }),
      h('label', { class: 'fr-label', for: cid }, o.label)));
  };
  const column = (g) => {
    const gid = `${id}-${g.key}`;
    const set = (on) => () => g.set.querySelectorAll('input[type="checkbox"]').forEach((x) => { x.checked = on; });
    const sr = h('span', { class: 'fr-sr-only' }, fmt(S.groupSr, { group: g.label }));
    const all = button([S.checkAll, sr], { kind: 'tertiary-no-outline', small: true, attrs: { 'data-plam-check': 'all' } });
    const none = button([S.uncheckAll, sr.cloneNode(true)], { kind: 'tertiary-no-outline', small: true, attrs: { 'data-plam-check': 'none' } });
    g.set = h('fieldset', { class: 'fr-fieldset plam-check-group', id: gid, 'aria-labelledby': `${gid}-legend` },
      h('legend', { class: 'fr-fieldset__legend fr-text--bold fr-mb-1w', id: `${gid}-legend` }, g.label),
      h('div', { class: 'fr-fieldset__element plam-actions' }, all, none),
      g.options.map(box));
    all.addEventListener('click', set(true));
    none.addEventListener('click', set(false));
    return h('div', { class: 'fr-col-12 fr-col-md-6 fr-col-lg-4' }, g.set);
  };
  const fieldset = h('fieldset', { class: 'fr-fieldset', id, 'aria-labelledby': `${id}-legend ${id}-messages` },
    h('legend', { class: 'fr-fieldset__legend--regular fr-fieldset__legend', id: `${id}-legend` }, legend, T.common.requiredMark,
      hint ? h('span', { class: 'fr-hint-text' }, hint) : null),
    h('div', { class: 'fr-fieldset__element' }, h('div', { class: 'fr-grid-row fr-grid-row--gutters' }, groups.map(column))),
    messages);
  return {
    fieldset,
    get input() { return fieldset.querySelector('input'); },
    values: () => [...fieldset.querySelectorAll('input:checked')].map((x) => x.value),
    setError(message) {
      fieldset.classList.toggle('fr-fieldset--error', !!message);
      if (message) replace(messages, h('p', { class: 'fr-message fr-message--error' }, message)); else messages.replaceChildren();
    },
  };
}

/** Options grouped by keyOf(option) in the order of labels' keys; unknown keys go to "other". */
function grouped(options, labels, keyOf) {
  const groups = Object.keys(labels).map((key) => ({ key, label: labels[key], options: [] }));
  for (const o of options) (groups.find((g) => g.key === keyOf(o)) || groups.find((g) => g.key === 'other')).options.push(o);
  return groups.filter((g) => g.options.length);
}

/** The staff section: the table of campaigns and the opening form. */
export async function staffSection(container, notices) {
  const table = h('div', { id: 'gestion-campagnes' });
  async function load() {
    const { data } = await api.get('/api/seasonal-campaigns');
    if (!data.length) { replace(table, h('p', {}, S.campaignsNone)); return; }
    replace(table, dataTable({ id: 'tableau-campagnes', caption: fmt(S.staffCaption, { n: data.length }),
      columns: [{ label: S.colCampaign, wrap: true }, { label: S.colPeriod, wrap: true }, { label: S.colTerritory, wrap: true }, { label: S.colStatus },
        { label: S.colNeeds, wrap: true }, { label: S.colApplicants }, { label: S.colPlaced }],
      rows: data.map((c) => {
        const closing = c.status === 'open';
        const act = c.ended ? h('p', { class: 'fr-text--sm fr-mb-0' }, S.endedCell) : button([closing ? S.close : S.reopen, h('span', { class: 'fr-sr-only' }, ` ${c.name}`)],
          { kind: closing ? 'secondary' : 'tertiary', small: true, attrs: { 'data-plam-campaign': c.id } });
        if (!c.ended) act.addEventListener('click', async () => {
          if (closing && !confirm(fmt(S.confirmClose, { name: c.name }))) return;
          try {
            await api.patch(`/api/seasonal-campaigns/${encodeURIComponent(c.id)}`, { status: closing ? 'closed' : 'open' });
            notices.show(alert('success', fmt(closing ? S.closed : S.reopened, { name: c.name })), { focus: true });
            await load();
          } catch (e) { notices.show(errorAlert(e), { focus: true }); }
        });
        // the button sits under the name: at 320 px it is on screen without scrolling the table
        return [h('div', {}, h('p', { class: 'fr-mb-1w' }, h('a', { href: `/saisons.html?id=${encodeURIComponent(c.id)}` }, c.name)), act),
          fmt(S.period, { from: day(c.starts_on), to: day(c.ends_on) }), c.area_name || c.departement_name || S.wholeRegion,
          badge(S.statuses[c.status] || c.status, c.status === 'open' ? 'success' : null),
          fmt(S.needsCount, { open: c.open_needs, n: c.needs }), String(c.applicants), String(c.placed)];
      }) }));
  }
  container.append(h('h2', { class: 'fr-mt-4w' }, S.staffTitle), h('p', {}, S.staffIntro), table);
  await load();

  const [{ data: noms }, { data: deps }, { data: areas }] = await Promise.all([api.get('/api/recruit/nomenclatures'),
    api.get('/api/territories', { level: 'departement' }), api.get('/api/areas')]);
  const isStudent = (p) => p.code.startsWith('ETU-');
  const name = inputField({ id: 'campagne-nom', name: 'name', label: S.nameLabel, hint: S.nameHint, required: true, attrs: { maxlength: '200' } });
  const startsOn = inputField({ id: 'campagne-debut', name: 'starts_on', label: S.startsLabel, type: 'date', required: true });
  const endsOn = inputField({ id: 'campagne-fin', name: 'ends_on', label: S.endsLabel, type: 'date', required: true });
  const description = textareaField({ id: 'campagne-description', name: 'description', label: S.descriptionLabel, hint: S.descriptionHint, rows: 3 });
  description.input.setAttribute('maxlength', '2000');
  // one choice of territory: a département or an area (sent as departement or area_id)
  const AREA = 'zone-';
  const departement = selectField({ id: 'campagne-departement', name: 'departement', label: S.territoryLabel, hint: S.territoryHint,
    placeholder: S.wholeRegion, options: [{ group: S.territoryDeps, options: deps.map((d) => ({ value: d.id, label: d.name })) },
      ...(areas.length ? [{ group: S.territoryAreas, options: areas.map((a) => ({ value: `${AREA}${a.id}`,
        label: fmt(S.territoryArea, { name: a.name, kind: T.geo.kinds[a.kind] || a.kind }) })) }] : [])] });
  const posts = checkboxGroups({ id: 'campagne-postes', legend: S.postsLabel, hint: S.postsHint,
    groups: grouped(noms.professions.filter((p) => !isStudent(p)), S.postGroups, (p) => p.group) });
  const admitted = checkboxGroups({ id: 'campagne-admis', legend: S.admittedLabel, hint: S.admittedHint,
    groups: grouped(noms.professions.filter(isStudent), S.studentGroups, (p) => p.code.split('-').slice(0, 2).join('-')) });
  const fields = { name, starts_on: startsOn, ends_on: endsOn, description, departement, area_id: departement, posts, admitted };
  const form = h('form', { novalidate: true, id: 'nouvelle-campagne' }, h('p', { class: 'fr-hint-text' }, T.common.required),
    name.group, startsOn.group, endsOn.group, description.group, departement.group, posts.fieldset, admitted.fieldset, button(S.openCampaign, { type: 'submit' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    Object.values(fields).forEach((f) => f.setError(null));
    try {
      const { data } = await api.post('/api/seasonal-campaigns', { name: name.input.value, starts_on: startsOn.input.value,
        ends_on: endsOn.input.value, description: description.input.value,
        departement: departement.select.value && !departement.select.value.startsWith(AREA) ? departement.select.value : null,
        area_id: departement.select.value.startsWith(AREA) ? Number(departement.select.value.slice(AREA.length)) : null,
        posts: posts.values().map((code) => ({ code })), admitted: admitted.values().map((code) => ({ code })) });
      notices.show(alert('success', fmt(S.opened, { name: data.name })), { focus: true });
      form.reset();
      await load();
    } catch (e) {
      applyFieldErrors(e, fields);
      notices.show(errorAlert(e), { focus: true });
    }
  });
  container.append(h('h2', { class: 'fr-mt-6w' }, S.openTitle), form);
}
