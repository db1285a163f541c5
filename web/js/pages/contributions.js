// Contributions of a plan (contributions.html?plan=): partners' suggestions,
// comments and questions with the staff's answers; staff answer here, and
// anyone with contribution.write sends a new one.
import { T } from '../texts.js';
import { h, appendAll } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { can, PERM } from '../sections.js';
import { planTitle, planChooser } from '../plan-ui.js';
import { contributionList, contributionForm } from '../contrib-ui.js';

boot({
  current: 'plans',
  title: T.contributions.title,
  requireAuth: true,
  perm: PERM.contributionRead,
  async render(container, { session }) {
    const planId = new URLSearchParams(location.search).get('plan');
    container.append(h('h1', {}, T.contributions.title));
    if (!planId) { await planChooser(container, '/contributions.html', T.contributions.missingPlan); return; }
    const { data: plan } = await api.get(`/api/plans/${encodeURIComponent(planId)}`);
    const listArea = h('div', { id: 'liste-contributions' });
    const reload = () => contributionList(listArea, { plan, session, headingLevel: 3 });
    appendAll(container,
      h('p', { class: 'fr-text--lead' }, h('a', { href: `/plan.html?id=${encodeURIComponent(plan.id)}` }, planTitle(plan))),
      h('p', {}, T.contributions.intro),
      h('h2', {}, T.contributions.listTitle), listArea,
      can(session, PERM.contributionWrite) ? contributionForm({ plan, onSent: reload }) : null);
    await reload();
  },
});
