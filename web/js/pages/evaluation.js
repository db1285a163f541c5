// The intern's evaluation grid (evaluation.html, issue 12): the internships
// staff recorded for the intern (GET /api/intern/my-evaluations), one grid per
// internship and semester while its collection is open (POST
// /api/intern/evaluations). Built for a phone first: one column, native
// selects and radio buttons, nothing wider than 320 px.
import { T } from '../texts.js';
import { h, fmt, replace } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { PERM } from '../sections.js';
import { alert, errorAlert, noticeArea, inputField, selectField, button, applyFieldErrors } from '../ui.js';

const E = T.evaluation;
const opts = (o) => Object.entries(o).map(([value, label]) => ({ value, label }));

/** A DSFR radio group over o (value → label); returns {group, value(), setError}. */
function radios(name, legend, o) {
  const id = `champ-${name}`;
  const msg = h('div', { class: 'fr-messages-group', id: `${id}-messages`, 'aria-live': 'polite' });
  const group = h('fieldset', { class: 'fr-fieldset', id, 'aria-labelledby': `${id}-legend ${id}-messages` },
    h('legend', { class: 'fr-fieldset__legend', id: `${id}-legend` }, legend),
    Object.entries(o).map(([value, label]) => h('div', { class: 'fr-fieldset__element' },
      h('div', { class: 'fr-radio-group' },
        h('input', { type: 'radio', id: `${id}-${value}`, name, value }),
        h('label', { class: 'fr-label', for: `${id}-${value}` }, label)))),
    msg);
  return {
    group,
    value: () => group.querySelector('input:checked')?.value ?? null,
    setError(text) {
      group.classList.toggle('fr-fieldset--error', !!text);
      replace(msg, text ? h('p', { class: 'fr-message fr-message--error' }, text) : '');
    },
  };
}

boot({
  current: null,
  title: E.title,
  requireAuth: true,
  perm: PERM.internEvaluate,
  async render(container) {
    const notices = noticeArea();
    container.append(h('h1', {}, E.title), h('p', {}, E.intro), notices.el);
    const { data: mine } = await api.get('/api/intern/my-evaluations');
    const open = mine.filter((m) => m.open && !m.evaluated);
    const done = mine.filter((m) => !open.includes(m));
    if (done.length) {
      container.append(h('ul', { class: 'plam-eval-done' }, done.map((m) => h('li', {},
        fmt(E.internshipOption, { site: m.site_label, establishment: m.establishment_name, semester: m.semester }), ' — ',
        m.evaluated ? E.done : E.closed))));
    }
    if (!open.length) { container.append(h('p', {}, E.none)); return; }
    const which = selectField({ name: 'internship', label: E.internshipLabel, required: true, placeholder: null, value: '0',
      options: open.map((m, i) => ({ value: String(i),
        label: fmt(E.internshipOption, { site: m.site_label, establishment: m.establishment_name, semester: m.semester }) })) });
    const supervision = selectField({ name: 'supervision', label: E.supervision, required: true, options: opts(E.supervisionOptions) });
    const conditions = selectField({ name: 'conditions', label: E.conditions, required: true, options: opts(E.scale) });
    const hours = inputField({ name: 'hours', label: E.hours, hint: E.hoursHint, type: 'number', required: true,
      attrs: { min: '0', max: '120', inputmode: 'numeric' } });
    const rest = radios('rest_taken', E.rest, E.restOptions);
    const training = inputField({ name: 'training_half_days', label: E.training, hint: E.trainingHint, type: 'number', required: true,
      attrs: { min: '0', max: '10', inputmode: 'numeric' } });
    const nonMedical = selectField({ name: 'non_medical', label: E.nonMedical, required: true, options: opts(E.nonMedicalOptions) });
    const respect = selectField({ name: 'respect', label: E.respect, required: true, options: opts(E.respectOptions) });
    const harassId = 'champ-harassment';
    const harassment = h('input', { type: 'checkbox', id: harassId, name: 'harassment' });
    const harassGroup = h('div', { class: 'fr-checkbox-group fr-mb-3w' }, harassment, h('label', { class: 'fr-label', for: harassId }, E.harassment));
    const commentId = 'champ-comment';
    const comment = h('textarea', { class: 'fr-input', id: commentId, name: 'comment', rows: '5', maxlength: '2000' });
    const commentGroup = h('div', { class: 'fr-input-group' },
      h('label', { class: 'fr-label', for: commentId }, E.comment, h('span', { class: 'fr-hint-text' }, E.commentHint)), comment);
    const form = h('form', { novalidate: true, id: 'grille-evaluation' },
      h('p', { class: 'fr-hint-text' }, T.common.required), which.group, supervision.group, conditions.group, hours.group,
      rest.group, training.group, nonMedical.group, respect.group, harassGroup, commentGroup,
      button(E.send, { type: 'submit' }));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const m = open[Number(which.select.value)];
      const num = (v) => (v === '' || v === null ? null : Number(v));
      const body = {
        semester: m.semester, supervision: num(supervision.select.value), conditions: num(conditions.select.value),
        hours: num(hours.input.value), rest_taken: num(rest.value()), training_half_days: num(training.input.value),
        non_medical: num(nonMedical.select.value), respect: num(respect.select.value), harassment: harassment.checked,
      };
      if (comment.value.trim()) body.comment = comment.value;
      try {
        const { data } = await api.post('/api/intern/evaluations', body);
        replace(container, h('h1', {}, E.title),
          alert('success', data.comment_status === 'pending' ? E.sentComment : E.sent));
      } catch (e) {
        applyFieldErrors(e, { supervision, conditions, hours, rest_taken: rest, training_half_days: training, non_medical: nonMedical, respect });
        notices.show(errorAlert(e), { focus: true });
      }
    });
    container.append(form);
  },
});
