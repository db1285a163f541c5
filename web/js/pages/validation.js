// Review of proposed values (validation.html?plan=): plan staff validate a
// value, or reject it with a required reason (GET
// /api/plans/{id}/measurements/pending, POST /api/measurements/{id}/validate
// and /reject). The pending list has indicator ids only: names come from
// the plan. Each row shows its context (previous validated value, target,
// far-value flags); one's own proposal offers no "Valider" button.
import { T } from '../texts.js';
import { h, fmt, replace, formatDateTime } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { PERM } from '../sections.js';
import { alert, errorAlert, noticeArea, inputField, button, dataTable } from '../ui.js';
import { planTitle, planChooser, territories, territoryName, date, num, actionRef } from '../plan-ui.js';

boot({
  current: 'plans',
  title: T.validation.title,
  requireAuth: true,
  perm: PERM.measurementReview,
  async render(container) {
    const planId = new URLSearchParams(location.search).get('plan');
    container.append(h('h1', {}, T.validation.title));
    if (!planId) { await planChooser(container, '/validation.html', T.validation.missingPlan); return; }
    const pid = encodeURIComponent(planId);
    const [{ data: plan }, terr] = await Promise.all([api.get(`/api/plans/${pid}`), territories()]);
    const inds = new Map();
    for (const ax of plan.axes || []) for (const a of ax.actions || []) for (const i of a.indicators || []) inds.set(i.id, { ...i, action: a });
    const notices = noticeArea();
    const listArea = h('div', { id: 'liste-a-valider' });
    container.append(
      h('p', { class: 'fr-text--lead' }, h('a', { href: `/plan.html?id=${pid}` }, planTitle(plan))),
      h('p', {}, T.validation.intro), h('p', {}, T.validation.introContext), notices.el, listArea);

    const valueText = (m) => (m.numerator !== null && m.numerator !== undefined && m.denominator !== null && m.denominator !== undefined
      ? `${num(m.numerator)} / ${num(m.denominator)}` : num(m.value));

    // Previous validated value, target and far-value flags (the pending
    // list's "context"), then whose proposal it is.
    const FLAG_TEXT = { far_from_previous: T.validation.flagFarFromPrevious, beyond_target: T.validation.flagBeyondTarget };
    function contextCell(m) {
      const c = m.context || {};
      const p = c.previous;
      const t = c.target;
      const lines = [
        h('span', { 'data-plam': 'precedente' }, p ? fmt(T.validation.previous, { value: num(p.value), date: date(p.value_on, true) }) : T.validation.noPrevious),
        h('br'),
        h('span', { 'data-plam': 'cible' }, t ? [fmt(t.due_on ? T.validation.targetDue : T.validation.target, { value: num(t.value), date: date(t.due_on, true) }),
          t.territory_id !== m.territory_id ? fmt(T.validation.targetElsewhere, { territory: territoryName(terr, t.territory_id) }) : ''] : T.validation.noTarget),
      ];
      const flags = (c.flags || []).map((f) => h('p', { class: 'fr-badge fr-badge--sm fr-badge--warning', 'data-plam-flag': f }, FLAG_TEXT[f] || f));
      return [h('span', { class: 'fr-text--sm' }, lines), flags.length ? h('div', { class: 'plam-badges fr-mt-1v' }, flags) : null];
    }

    async function load() {
      replace(listArea, h('p', {}, T.common.loading));
      let list;
      try { ({ data: list } = await api.get(`/api/plans/${pid}/measurements/pending`)); } catch (e) { replace(listArea, errorAlert(e)); return; }
      if (!list.length) { replace(listArea, h('p', { 'data-plam': 'rien-a-valider' }, T.validation.none)); return; }
      const rows = list.map((m) => {
        const ind = inds.get(m.indicator_id);
        const name = ind ? ind.name : `#${m.indicator_id}`;
        const value = valueText(m);
        const actionsCell = h('div', { class: 'plam-actions' });
        const ok = button(T.validation.validate, { small: true, icon: 'fr-icon-check-line', attrs: { 'aria-label': fmt(T.validation.validateLabel, { value, name }), 'data-plam-validate': String(m.id) } });
        const ko = button(T.validation.reject, { small: true, kind: 'secondary', icon: 'fr-icon-close-line', attrs: { 'aria-label': fmt(T.validation.rejectLabel, { value, name }), 'data-plam-reject': String(m.id), 'aria-expanded': 'false' } });
        const rejectBox = h('div', { class: 'plam-reject', hidden: true });
        const mine = !!(m.context && m.context.mine);
        // Nobody validates their own proposal: the button is not offered (the server refuses it too).
        if (mine) actionsCell.append(h('p', { class: 'fr-text--xs fr-mb-1v', 'data-plam': 'ma-proposition' }, T.validation.mine), ko);
        else actionsCell.append(ok, ko);
        ok.addEventListener('click', async () => {
          ok.disabled = true; ko.disabled = true;
          try {
            await api.post(`/api/measurements/${encodeURIComponent(m.id)}/validate`, {});
            notices.show(alert('success', fmt(T.validation.validated, { value, name })));
            await load();
            const n = listArea.querySelector('button, a, [tabindex]'); if (n) n.focus();
          } catch (e) { notices.show(errorAlert(e), { focus: true }); ok.disabled = false; ko.disabled = false; }
        });
        ko.addEventListener('click', () => {
          if (!rejectBox.hidden) return;
          const reason = inputField({ id: `motif-${m.id}`, name: 'reason', label: T.validation.reason, hint: T.validation.reasonHint, required: true, attrs: { maxlength: '500' } });
          const confirm = button(T.validation.confirmReject, { type: 'submit', small: true });
          const cancel = button(T.common.cancel, { small: true, kind: 'tertiary' });
          const form = h('form', { novalidate: true, 'data-plam': 'formulaire-rejet' }, reason.group, h('div', { class: 'plam-actions' }, confirm, cancel));
          cancel.addEventListener('click', () => { rejectBox.hidden = true; ko.setAttribute('aria-expanded', 'false'); ko.focus(); });
          form.addEventListener('submit', async (ev) => {
            ev.preventDefault();
            reason.setError(null);
            const text = reason.input.value.trim();
            if (!text) { reason.setError(T.validation.errReason); reason.input.focus(); return; }
            confirm.disabled = true;
            try {
              await api.post(`/api/measurements/${encodeURIComponent(m.id)}/reject`, { reason: text });
              notices.show(alert('success', fmt(T.validation.rejected, { value, name })));
              await load();
            } catch (e) { reason.setError(e.message); reason.input.focus(); confirm.disabled = false; }
          });
          replace(rejectBox, form);
          rejectBox.hidden = false;
          ko.setAttribute('aria-expanded', 'true');
          reason.input.focus();
        });
        return [
          [h('a', { href: `/indicateur.html?id=${encodeURIComponent(m.indicator_id)}` }, name),
            ind ? h('span', { class: 'fr-text--xs' }, h('br'), fmt(T.validation.actionN, { number: actionRef(ind.action) })) : null],
          territoryName(terr, m.territory_id),
          date(m.value_on, true),
          h('strong', {}, value),
          contextCell(m),
          [m.source || T.common.none, m.comment ? [h('br'), h('span', { class: 'fr-text--xs' }, m.comment)] : null],
          [m.author_login || T.common.none, h('br'), h('span', { class: 'fr-text--xs' }, formatDateTime(m.created_at))],
          [actionsCell, rejectBox],
        ];
      });
      replace(listArea, dataTable({ id: 'tableau-a-valider', caption: T.validation.caption, columns: [
        { label: T.validation.colIndicator, wrap: true }, { label: T.validation.colTerritory, wrap: true }, { label: T.validation.colDate },
        { label: T.validation.colValue }, { label: T.validation.colContext, wrap: true }, { label: T.validation.colSource, wrap: true }, { label: T.validation.colAuthor }, { label: T.common.actions, wrap: true }], rows }));
    }
    await load();
  },
});
