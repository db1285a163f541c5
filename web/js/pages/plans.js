// Public list of plans (GET /api/plans: published and archived ones for
// everybody, drafts for staff and the plan's organisations), with each
// plan's overall progress from its dashboard: the headline figure with its
// coverage, and a link to its explanation on the plan page.
import { T } from '../texts.js';
import { h } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { can, PERM } from '../sections.js';
import { badge, dataTable } from '../ui.js';
import { planTitle, periodText, pct, headlineOf } from '../plan-ui.js';

boot({
  current: 'plans',
  title: T.plans.title,
  async render(container, { session }) {
    const { data } = await api.get('/api/plans', null, { redirectOn401: false });
    const progress = await Promise.all(data.map((p) => api.get(`/api/plans/${encodeURIComponent(p.id)}/dashboard`, null, { redirectOn401: false })
      .then(({ data: d }) => d.progress, () => null)));
    container.append(
      h('h1', {}, T.plans.title),
      h('p', { class: 'fr-text--lead' }, T.plans.intro));
    if (!data.length) {
      container.append(h('p', {}, T.plans.none));
      return;
    }
    const staffLinks = (p) => {
      const links = [];
      if (can(session, PERM.measurementReview)) links.push(h('li', {}, h('a', { href: `/validation.html?plan=${p.id}` }, T.plan.validationLink)));
      if (can(session, PERM.contributionRead)) links.push(h('li', {}, h('a', { href: `/contributions.html?plan=${p.id}` }, T.plan.contributionsLink)));
      return links.length ? h('ul', { class: 'plam-list fr-text--sm fr-mb-0' }, links) : null;
    };
    container.append(dataTable({
      id: 'tableau-plans',
      caption: T.plans.caption,
      columns: [{ label: T.plans.colPlan, wrap: true }, { label: T.plans.colRegion, wrap: true }, { label: T.plans.colPeriod },
        { label: T.plans.colStatus }, { label: T.plans.colProgress }],
      rows: data.map((p, i) => [
        [h('a', { href: `/plan.html?id=${encodeURIComponent(p.id)}`, 'data-plam-plan': String(p.id) }, planTitle(p)), staffLinks(p)],
        p.region_name || T.common.none,
        periodText(p),
        badge(T.plans.statuses[p.status] || p.status, p.status === 'published' ? 'success' : null),
        ((fig) => (fig.value === null ? T.progress.empty
          : h('span', { 'data-plam-progress': String(Math.round(fig.value * 10) / 10) }, pct(fig.value), fig.coverage ? h('br') : null,
            fig.coverage ? h('span', { class: 'fr-text--xs' }, fig.coverage) : null, h('br'),
            h('a', { class: 'fr-link fr-text--xs', href: `/plan.html?id=${encodeURIComponent(p.id)}#avancement-plan` }, T.plans.explainLink,
              h('span', { class: 'fr-sr-only' }, ` : ${planTitle(p)}`)))))(headlineOf(progress[i])),
      ]),
    }));
  },
});
