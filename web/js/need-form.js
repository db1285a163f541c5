// Parts of the need form of besoins.html (recruit, issue 11): the shift
// slots editor (one row per slot, each with its start and end, added and
// removed by buttons; the API takes 1 to 100 slots), a fieldset of
// checkboxes (the required qualifications from the shipped nomenclature, the
// pools a need reaches), the fill-mode radios (the first who confirms, or the
// establishment chooses among those who accepted), and the mapping of the
// API's field errors onto them: the input spec names a slot as « élément N »
// of slots, the app names slots.start / slots.end without a number, so the
// slot whose values are wrong is found from the form's own values.
import { T } from './texts.js';
import { h, fmt, replace, uid } from './dom.js';
import { inputField, button } from './ui.js';
import { withOffset } from './recruit-util.js';

const F = T.needForm;

/** Error messages under a fieldset; returns {messages, setError}. */
function fieldsetMessages(fieldset, id) {
  const messages = h('div', { class: 'fr-messages-group', id: `${id}-messages`, 'aria-live': 'polite' });
  fieldset.append(messages);
  return {
    setError(message) {
      fieldset.classList.toggle('fr-fieldset--error', !!message);
      if (message) replace(messages, h('p', { class: 'fr-message fr-message--error' }, message));
      else messages.replaceChildren();
    },
  };
}

/**
 * The slots editor: a fieldset with one row per slot (start and end as
 * datetime-local, named start and end) and « Ajouter un créneau ». Returns
 * {fieldset, values(), setError(msg), clear(), rows}.
 */
export function slotsEditor({ id = 'creneaux', max = 100 } = {}) {
  const list = h('div', { class: 'plam-slots', id: `${id}-liste` });
  const add = button(F.addSlot, { kind: 'secondary', small: true, icon: 'fr-icon-add-line', attrs: { id: `${id}-ajouter` } });
  const fieldset = h('fieldset', { class: 'fr-fieldset', id, 'aria-labelledby': `${id}-legend ${id}-messages` },
    h('legend', { class: 'fr-fieldset__legend', id: `${id}-legend` }, F.slotsLegend, T.common.requiredMark,
      h('span', { class: 'fr-hint-text' }, F.slotsHint)),
    h('div', { class: 'fr-fieldset__element' }, list, add));
  const msg = fieldsetMessages(fieldset, id);
  const rows = [];

  function renumber() {
    rows.forEach((r, i) => {
      const n = i + 1;
      r.title.textContent = fmt(F.slotTitle, { n });
      r.start.group.querySelector('label').firstChild.textContent = fmt(F.slotStart, { n });
      r.end.group.querySelector('label').firstChild.textContent = fmt(F.slotEnd, { n });
      r.remove.textContent = fmt(F.removeSlot, { n });
      r.remove.disabled = rows.length === 1;
      r.el.setAttribute('data-slot', String(n));
    });
    add.disabled = rows.length >= max;
  }
  function addRow() {
    const n = rows.length + 1;
    const start = inputField({ id: uid(`${id}-debut`), name: 'start', label: fmt(F.slotStart, { n }), type: 'datetime-local', required: true });
    const end = inputField({ id: uid(`${id}-fin`), name: 'end', label: fmt(F.slotEnd, { n }), type: 'datetime-local', required: true });
    const remove = button(fmt(F.removeSlot, { n }), { kind: 'tertiary', small: true, icon: 'fr-icon-delete-line' });
    const title = h('p', { class: 'fr-text--bold fr-mb-0' });
    const row = { el: null, start, end, remove, title };
    row.el = h('div', { class: 'plam-slot fr-mb-2w' }, h('div', { class: 'plam-slot__head' }, title, remove),
      h('div', { class: 'fr-grid-row fr-grid-row--gutters' },
        h('div', { class: 'fr-col-12 fr-col-md-6' }, start.group),
        h('div', { class: 'fr-col-12 fr-col-md-6' }, end.group)));
    remove.addEventListener('click', () => {
      const i = rows.indexOf(row);
      if (i < 0 || rows.length === 1) return;
      rows.splice(i, 1);
      row.el.remove();
      renumber();
      rows[Math.min(i, rows.length - 1)].start.input.focus();
    });
    rows.push(row);
    list.append(row.el);
    renumber();
    return row;
  }
  add.addEventListener('click', () => { if (rows.length < max) addRow().start.input.focus(); });
  addRow();

  return {
    fieldset, rows,
    values: () => rows.map((r) => ({ start: withOffset(r.start.input.value), end: withOffset(r.end.input.value) })),
    clear() { msg.setError(null); rows.forEach((r) => { r.start.setError(null); r.end.setError(null); }); },
    /** An API error on slots, slots.start or slots.end, shown on the slot it is about when that can be told. */
    setError(message, field = 'slots') {
      if (!message) { this.clear(); return; }
      const m = /^élément (\d+), (start|end) : (.*)$/.exec(message);
      let target = null, text = message;
      if (m && rows[Number(m[1]) - 1]) { target = rows[Number(m[1]) - 1][m[2]]; text = m[3]; }
      else if (field === 'slots.start') target = (rows.find((r) => !r.start.input.value) || rows[0]).start;
      else if (field === 'slots.end') {
        const bad = rows.find((r) => !r.end.input.value || (r.start.input.value && r.end.input.value <= r.start.input.value));
        target = (bad || rows[0]).end;
      }
      if (target) target.setError(text);
      msg.setError(target ? null : message);
    },
    get input() { return rows[0].start.input; },
  };
}

/**
 * A fieldset of DSFR checkboxes named name. options: [{value, label, hint,
 * estab}]: an option with estab is shown only while onlyEstab(id) names that
 * establishment (an establishment's own pool). Returns {fieldset, values(),
 * setError(msg), onlyEstab(id), input}.
 */
export function checkboxSet({ id, name, legend, hint = null, options, required = false, empty = null }) {
  const boxes = options.map((o) => {
    const cid = uid(id);
    return h('div', { class: 'fr-fieldset__element' }, h('div', { class: 'fr-checkbox-group fr-checkbox-group--sm' },
      h('input', { type: 'checkbox', id: cid, name, value: String(o.value), 'data-estab': o.estab || null }),
      h('label', { class: 'fr-label', for: cid }, o.label, o.hint ? h('span', { class: 'fr-hint-text' }, o.hint) : null)));
  });
  const fieldset = h('fieldset', { class: 'fr-fieldset', id, 'aria-labelledby': `${id}-legend ${id}-messages` },
    h('legend', { class: 'fr-fieldset__legend fr-fieldset__legend--regular', id: `${id}-legend` }, legend,
      required ? T.common.requiredMark : null, hint ? h('span', { class: 'fr-hint-text' }, hint) : null),
    boxes.length ? boxes : h('p', { class: 'fr-fieldset__element fr-text--sm' }, empty || ''));
  const msg = fieldsetMessages(fieldset, id);
  return {
    fieldset,
    values: () => [...fieldset.querySelectorAll('input:checked')].map((x) => x.value),
    setError: msg.setError,
    onlyEstab(estab) {
      for (const box of fieldset.querySelectorAll('input[data-estab]')) {
        const shown = box.getAttribute('data-estab') === String(estab || '');
        box.closest('.fr-fieldset__element').hidden = !shown;
        if (!shown) box.checked = false;
      }
    },
    get input() { return fieldset.querySelector('input'); },
  };
}

/** The fill-mode radios (name fill_mode). Returns {fieldset, value(), setError, input}. */
export function fillModeRadios({ id = 'mode-pourvoi', value = 'first' } = {}) {
  const items = Object.keys(F.fillModes).map((mode) => {
    const rid = `${id}-${mode}`;
    return h('div', { class: 'fr-fieldset__element' }, h('div', { class: 'fr-radio-group' },
      h('input', { type: 'radio', id: rid, name: 'fill_mode', value: mode, checked: mode === value }),
      h('label', { class: 'fr-label', for: rid }, F.fillModes[mode], h('span', { class: 'fr-hint-text' }, F.fillHints[mode]))));
  });
  const fieldset = h('fieldset', { class: 'fr-fieldset', id, 'aria-labelledby': `${id}-legend ${id}-messages` },
    h('legend', { class: 'fr-fieldset__legend fr-fieldset__legend--regular', id: `${id}-legend` }, F.fillLegend, T.common.requiredMark),
    items);
  const msg = fieldsetMessages(fieldset, id);
  return {
    fieldset,
    value: () => (fieldset.querySelector('input:checked') || {}).value || 'first',
    setError: msg.setError,
    get input() { return fieldset.querySelector('input'); },
  };
}
