// Allocation campaigns (campagnes.html): the campaigns the user may see
// (GET /api/campaigns); staff create one (POST /api/campaigns).
import { T } from '../texts.js';
import { h, fmt, replace } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { PERM, can } from '../sections.js';
import { alert, errorAlert, noticeArea, inputField, selectField, button, dataTable, badge, applyFieldErrors } from '../ui.js';

export function statusBadge(c) {
  const type = { draft: null, wishes: 'info', simulation: 'new', final: 'success', closed: null }[c.status];
  return badge(c.status_label, type);
}

boot({
  current: 'campaigns',
  title: T.campaigns.title,
  requireAuth: true,
  perm: PERM.campaignRead,
  async render(container, { session }) {
    const notices = noticeArea();
    const listArea = h('div', { id: 'liste-campagnes' });
    container.append(h('h1', {}, T.campaigns.title), h('p', {}, T.campaigns.intro), notices.el, listArea);

    async function load() {
      const { data } = await api.get('/api/campaigns');
      if (!data.length) { replace(listArea, h('p', {}, T.campaigns.none)); return; }
      replace(listArea, dataTable({
        caption: T.campaigns.caption,
        columns: [{ label: T.campaigns.colTitle, wrap: true }, { label: T.campaigns.colKind, wrap: true }, { label: T.campaigns.colRegion }, { label: T.campaigns.colStatus }],
        rows: data.map((c) => [h('a', { href: `/campagne.html?id=${encodeURIComponent(c.id)}` }, c.title), c.kind_label, c.region_name, statusBadge(c)]),
      }));
    }
    await load();

    if (!can(session, PERM.campaignManage)) return;
    const kind = selectField({ name: 'kind', label: T.campaigns.kindLabel, required: true, placeholder: null,
      options: Object.entries(T.campaigns.kinds).map(([value, label]) => ({ value, label })), value: 'interns' });
    const title = inputField({ name: 'title', label: T.campaigns.titleLabel, required: true, attrs: { maxlength: '200' } });
    const region = selectField({ name: 'region', label: T.campaigns.regionLabel, required: true, options: [] });
    const seed = inputField({ name: 'seed', label: T.campaigns.seedLabel, hint: T.campaigns.seedHint, type: 'number', value: '0', attrs: { min: '0', inputmode: 'numeric' } });
    const { data: regions } = await api.get('/api/territories', { level: 'region' });
    region.setOptions(regions.map((r) => ({ value: r.id, label: r.name })), 'REG-52');
    const form = h('form', { novalidate: true, id: 'nouvelle-campagne' },
      h('p', { class: 'fr-hint-text' }, T.common.required), kind.group, title.group, region.group, seed.group,
      button(T.campaigns.create, { type: 'submit' }));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const { data } = await api.post('/api/campaigns', { kind: kind.select.value, title: title.input.value, region: region.select.value, seed: Number(seed.input.value || 0) });
        notices.show(alert('success', fmt(T.campaigns.created, { title: data.title })));
        form.reset();
        await load();
      } catch (e) {
        applyFieldErrors(e, { kind, title, region, seed });
        notices.show(errorAlert(e), { focus: true });
      }
    });
    container.append(h('h2', { class: 'fr-mt-6w' }, T.campaigns.createTitle), form);
  },
});
