// My actions (mes-actions.html, issue 9 item 8): the actions the user's
// organisation pilots or copilots, across the plans they may read, each with
// what is due (météo to give, status to set, roadmap steps late or coming,
// indicators without a value or with a stale one) and links to act; then the
// measurement entry (#saisie-mesures): every indicator of those actions with
// its current value and a link to the action's value form. Everything comes
// from the existing API under the user's rights (work.js).
import { T } from '../texts.js';
import { h, fmt } from '../dom.js';
import { boot } from '../layout.js';
import { can, PERM } from '../sections.js';
import { badge, dataTable } from '../ui.js';
import {
  planTitle, statusBadge, weatherBadge, actionName, actionRef, date, numUnit, isNum, mayUpdateAction,
} from '../plan-ui.js';
import { myActions } from '../work.js';

const M = T.myActions;

function dueItem(d) {
  const text = {
    weather_missing: () => M.due.weatherMissing,
    weather_old: () => fmt(M.due.weatherOld, { date: date(d.date) }),
    status_unknown: () => M.due.statusUnknown,
    step_late: () => fmt(M.due.stepLate, { title: d.title, date: date(d.date) }),
    step_soon: () => fmt(M.due.stepSoon, { title: d.title, date: date(d.date) }),
    value_missing: () => fmt(M.due.valueMissing, { name: d.indicator.name }),
    value_stale: () => fmt(M.due.valueStale, { name: d.indicator.name, date: date(d.date) }),
  }[d.kind];
  const level = d.kind === 'step_late' ? 'warning' : null;
  return h('li', { 'data-plam-due': d.kind }, level ? [badge(M.late, level), ' '] : null, text ? text() : d.kind);
}

boot({
  current: 'home',
  title: M.title,
  requireAuth: true,
  async render(container, { session }) {
    container.append(h('h1', {}, M.title), h('p', { class: 'fr-text--lead' }, session.user.org_name ? fmt(M.introOrg, { org: session.user.org_name }) : M.intro));
    const { actions } = await myActions(session);
    if (!actions.length) {
      container.append(h('p', {}, M.none), h('p', {}, h('a', { class: 'fr-link', href: '/plans.html' }, M.plansLink)));
      return;
    }
    const withDue = actions.filter((x) => x.due.length).length;
    container.append(h('p', { 'data-plam': 'resume-actions' }, fmt(actions.length > 1 ? M.countMany : M.countOne, { n: actions.length, due: withDue })));

    // --- actions, those with something due first ---------------------------------
    const list = h('ul', { class: 'plam-actions-list', 'aria-label': M.listLabel });
    const sorted = actions.slice().sort((a, b) => (b.due.length > 0) - (a.due.length > 0));
    for (const x of sorted) {
      const { plan, action } = x;
      const pid = encodeURIComponent(plan.id);
      const href = `/action.html?id=${encodeURIComponent(action.id)}&plan=${pid}`;
      const editable = mayUpdateAction(session, action);
      list.append(h('li', { class: 'plam-action-card', 'data-plam-my-action': String(action.id) },
        h('h2', { class: 'fr-h6 fr-mb-1w' }, h('a', { href }, actionName(action))),
        h('p', { class: 'fr-text--xs fr-mb-1w' }, h('a', { href: `/plan.html?id=${pid}` }, planTitle(plan))),
        h('div', { class: 'plam-badges' }, statusBadge(action.status, action.status_known), weatherBadge(x.dashAction && x.dashAction.weather)),
        x.due.length
          ? [h('p', { class: 'fr-text--sm fr-text--bold fr-mb-1w' }, M.dueTitle), h('ul', { class: 'plam-list fr-text--sm' }, x.due.map(dueItem))]
          : h('p', { class: 'fr-text--sm' }, M.nothingDue),
        h('ul', { class: 'fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm' },
          editable ? h('li', {}, h('a', { class: 'fr-btn fr-btn--secondary', href: `${href}#mise-a-jour` }, fmt(M.update, { number: actionRef(action) }))) : null,
          can(session, PERM.measurementPropose) && (action.indicators || []).length
            ? h('li', {}, h('a', { class: 'fr-btn fr-btn--tertiary', href: `${href}#formulaire-mesure` }, fmt(M.enter, { number: actionRef(action) }))) : null)));
    }
    container.append(list);

    // --- measurement entry ------------------------------------------------------------
    const rows = [];
    for (const x of actions) {
      for (const ind of x.action.indicators || []) {
        const r = x.dInds.get(ind.id) && x.dInds.get(ind.id).result;
        const has = r && isNum(r.current);
        const state = !has ? badge(M.stateMissing, 'warning') : (r.stale ? badge(M.stateStale, 'warning') : badge(M.stateFresh, 'success'));
        rows.push([
          h('a', { href: `/indicateur.html?id=${encodeURIComponent(ind.id)}` }, ind.name),
          actionRef(x.action),
          has ? [numUnit(r.current, ind.unit, r.current_qualifier || null), h('br'), h('span', { class: 'fr-text--xs' }, date(r.current_date))] : T.common.none,
          state,
          can(session, PERM.measurementPropose)
            ? h('a', { class: 'fr-link', href: `/action.html?id=${encodeURIComponent(x.action.id)}&plan=${encodeURIComponent(x.plan.id)}#formulaire-mesure` },
              M.enterValue, h('span', { class: 'fr-sr-only' }, ` : ${ind.name}`))
            : T.common.none,
        ]);
      }
    }
    container.append(h('section', { id: 'saisie-mesures', class: 'fr-mt-6w', 'aria-labelledby': 'titre-saisie' },
      h('h2', { id: 'titre-saisie' }, M.entryTitle),
      h('p', {}, M.entryIntro),
      rows.length ? dataTable({ id: 'tableau-saisie', caption: M.entryCaption, columns: [
        { label: M.colIndicator, wrap: true }, { label: M.colAction }, { label: M.colCurrent }, { label: M.colState }, { label: M.colEnter }], rows })
        : h('p', {}, M.noIndicators),
      can(session, PERM.measurementPropose) ? h('p', {}, h('a', { class: 'fr-link', href: '/comite.html' }, M.committeeLink)) : null));
  },
});
