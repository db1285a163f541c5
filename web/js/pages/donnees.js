// Import et export (donnees.html?plan=): plan staff choose a plan and
// download its structure (GET /api/plans/{id}/structure.xlsx|.csv) or its
// IATI 2.03 XML (GET /api/plans/{id}/iati.xml), and create a draft plan from
// a structure file (POST /api/plan-imports, the file as the body). A file
// with errors creates nothing: the server's French report (sheet, row,
// column, message) is shown as a table. Other pages may link here.
import { T } from '../texts.js';
import { h, fmt, replace } from '../dom.js';
import { boot } from '../layout.js';
import { api, ApiError } from '../api.js';
import { PERM } from '../sections.js';
import { alert, errorAlert, noticeArea, inputField, selectField, button, dataTable } from '../ui.js';
import { planTitle } from '../plan-ui.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_BYTES = 64 * 1024 * 1024;

boot({
  current: 'donnees',
  title: T.donnees.title,
  requireAuth: true,
  perm: PERM.planWrite,
  async render(container, { session }) {
    const params = new URLSearchParams(location.search);
    container.append(h('h1', {}, T.donnees.title), h('p', { class: 'fr-text--lead' }, T.donnees.intro));

    // ---- export ----
    const { data: plans } = await api.get('/api/plans');
    const planOptions = (list) => list.map((p) => ({ value: String(p.id), label: `${planTitle(p)} (${T.donnees.status[p.status] || p.status})` }));
    const chooser = selectField({ id: 'plan-export', name: 'plan', label: T.donnees.planLabel, options: planOptions(plans), value: params.get('plan') || '' });
    const links = h('ul', { class: 'fr-links-group', 'data-plam': 'liens-export' });
    function renderLinks() {
      const id = chooser.select.value;
      if (!id) { replace(links, h('li', {}, T.donnees.choosePlan)); return; }
      const plan = plans.find((p) => String(p.id) === id);
      const slug = plan ? plan.slug : id;
      const pid = encodeURIComponent(id);
      const item = (href, label, file, icon) => h('li', {}, h('a', {
        class: `fr-link fr-link--download ${icon}`, href, download: file, 'data-plam-export': file.split('.').pop(),
      }, label, h('span', { class: 'fr-link__detail' }, file)));
      replace(links,
        item(`/api/plans/${pid}/structure.xlsx`, T.donnees.structureXlsx, `structure-${slug}.xlsx`, 'fr-icon-file-download-line'),
        item(`/api/plans/${pid}/structure.csv`, T.donnees.structureCsv, `structure-${slug}.csv`, 'fr-icon-file-download-line'),
        item(`/api/plans/${pid}/iati.xml`, T.donnees.iati, `iati-${slug}.xml`, 'fr-icon-file-download-line'));
    }
    chooser.select.addEventListener('change', () => {
      renderLinks();
      const u = new URL(location.href);
      if (chooser.select.value) u.searchParams.set('plan', chooser.select.value); else u.searchParams.delete('plan');
      history.replaceState(null, '', u);
    });
    renderLinks();
    container.append(h('section', { 'aria-labelledby': 'titre-export', class: 'fr-mb-6w' },
      h('h2', { id: 'titre-export' }, T.donnees.exportTitle),
      h('p', {}, T.donnees.exportIntro), chooser.group, links));

    // ---- import ----
    const notices = noticeArea();
    const report = h('div', { id: 'rapport-import' });
    const fileId = 'fichier-structure';
    const fileMessages = h('div', { class: 'fr-messages-group', id: `${fileId}-messages`, 'aria-live': 'polite' });
    const fileInput = h('input', { class: 'fr-upload', type: 'file', id: fileId, name: 'fichier', accept: '.xlsx,.csv', required: true, 'aria-describedby': `${fileId}-messages` });
    const fileGroup = h('div', { class: 'fr-upload-group fr-mb-3w' },
      h('label', { class: 'fr-label', for: fileId }, T.donnees.fileLabel, T.common.requiredMark, h('span', { class: 'fr-hint-text' }, T.donnees.fileHint)),
      fileInput, fileMessages);
    const setFileError = (msg) => {
      fileGroup.classList.toggle('fr-upload-group--error', !!msg);
      if (msg) { fileInput.setAttribute('aria-invalid', 'true'); replace(fileMessages, h('p', { class: 'fr-message fr-message--error' }, msg)); } else { fileInput.removeAttribute('aria-invalid'); fileMessages.replaceChildren(); }
    };
    const slug = inputField({ id: 'nouvel-identifiant', name: 'slug', label: T.donnees.slugLabel, hint: T.donnees.slugHint, attrs: { maxlength: '64', pattern: '[a-z0-9][a-z0-9\\-]+', autocomplete: 'off' } });
    const prefix = inputField({ id: 'prefixe-codes', name: 'code_prefix', label: T.donnees.prefixLabel, hint: T.donnees.prefixHint, attrs: { maxlength: '32', autocomplete: 'off' } });
    const submit = button(T.donnees.importButton, { type: 'submit', icon: 'fr-icon-upload-2-line' });
    const form = h('form', { novalidate: true, class: 'fr-mb-3w', 'data-plam': 'formulaire-import' }, fileGroup, slug.group, prefix.group, submit);
    container.append(h('section', { 'aria-labelledby': 'titre-import' },
      h('h2', { id: 'titre-import' }, T.donnees.importTitle),
      h('p', {}, T.donnees.importIntro), form, notices.el, report));

    function showReport(body) {
      const errors = Array.isArray(body.errors) ? body.errors : [];
      const rows = errors.map((e) => [e.sheet || T.common.none, e.row ? String(e.row) : T.common.none, e.column || T.common.none, e.message]);
      replace(report, dataTable({ id: 'tableau-erreurs', caption: fmt(T.donnees.reportCaption, { count: body.errors_total ?? errors.length }), columns: [
        { label: T.donnees.colSheet }, { label: T.donnees.colRow }, { label: T.donnees.colColumn }, { label: T.donnees.colMessage, wrap: true }], rows }));
    }

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      setFileError(null);
      report.replaceChildren();
      notices.clear();
      const file = fileInput.files && fileInput.files[0];
      if (!file) { setFileError(T.donnees.errNoFile); fileInput.focus(); return; }
      if (file.size > MAX_BYTES) { setFileError(T.donnees.errTooBig); fileInput.focus(); return; }
      const isXlsx = /\.xlsx$/i.test(file.name);
      const qs = new URLSearchParams({ filename: file.name });
      if (slug.input.value.trim()) qs.set('slug', slug.input.value.trim());
      if (prefix.input.value.trim()) qs.set('code_prefix', prefix.input.value.trim());
      submit.disabled = true;
      try {
        const res = await fetch(`/api/plan-imports?${qs}`, {
          method: 'POST', credentials: 'same-origin', cache: 'no-store', body: await file.arrayBuffer(),
          headers: { Accept: 'application/json', 'Content-Type': isXlsx ? XLSX_TYPE : 'text/csv', 'X-CSRF-Token': session.csrf_token || '' },
        });
        let body = null;
        try { body = await res.json(); } catch { body = null; }
        if (res.status === 201 && body && body.data) {
          const d = body.data;
          notices.show(alert('success', fmt(T.donnees.created, { slug: d.slug, orgs: d.organisations_created }), {
            extra: [h('p', {}, h('a', { href: `/plan.html?id=${encodeURIComponent(d.id)}`, 'data-plam': 'nouveau-plan' }, T.donnees.openPlan))],
          }), { focus: true });
          const { data: fresh } = await api.get('/api/plans');
          plans.splice(0, plans.length, ...fresh);
          chooser.setOptions(planOptions(plans), chooser.select.value);
          form.reset();
        } else {
          const err = body && body.error ? body.error : {};
          notices.show(errorAlert(new ApiError(res.status, err.code || `http_${res.status}`, err.message || T.errors.generic, err.fields)), { focus: true });
          if (body && Array.isArray(body.errors)) showReport(body);
        }
      } catch (e) {
        notices.show(errorAlert(e), { focus: true });
      } finally {
        submit.disabled = false;
      }
    });
  },
});
