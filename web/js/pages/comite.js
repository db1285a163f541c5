// Territorial committee workbooks (comite.html?comite=ID&depot=ID): pick a
// committee (GET /api/committees), download its pre-filled workbook (GET
// /api/gov-bodies/{id}/workbook.xlsx), upload the filled one (POST
// /api/gov-bodies/{id}/workbook, the file's bytes), review the cell-level
// diff and the errors by row and column (GET /api/committee-uploads/{id}),
// then approve (the values are proposed for validation) or discard. A
// committee whose workbook would have no row (no indicator of the plan is
// followed on its territory) offers no file: the page says why.
import { T } from '../texts.js';
import { h, fmt, replace, formatDateTime } from '../dom.js';
import { boot } from '../layout.js';
import { api, ApiError } from '../api.js';
import { PERM, can } from '../sections.js';
import { alert, errorAlert, noticeArea, selectField, button, badge, dataTable } from '../ui.js';
import { date, territories, territoryName } from '../plan-ui.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const C = () => T.committee;

/** POSTs a file's bytes (the JSON helper only sends JSON); resolves the envelope's data. */
async function uploadFile(path, file) {
  const { data: me } = await api.get('/api/me');
  let res;
  try {
    res = await fetch(path, {
      method: 'POST', body: file, credentials: 'same-origin', cache: 'no-store',
      headers: { 'Content-Type': XLSX, Accept: 'application/json', 'X-CSRF-Token': me.csrf_token },
    });
  } catch {
    throw new ApiError(0, 'network', T.errors.network);
  }
  let payload = null;
  try { payload = await res.json(); } catch { payload = null; }
  if (!res.ok) {
    const err = (payload && payload.error) || {};
    throw new ApiError(res.status, err.code || `http_${res.status}`, err.message || T.errors.generic, err.fields, err.request_id);
  }
  if (!payload || !('data' in payload)) throw new ApiError(res.status, 'unexpected_response', T.errors.unexpected);
  return payload.data;
}

const statusBadge = (s) => badge(C().status[s] || s, s === 'approved' ? 'success' : s === 'discarded' ? null : 'info');
// a workbook cell's value; a date (AAAA-MM-JJ) reads the French way, like every date on the pages
const cellText = (v) => {
  if (v === null || v === undefined || v === '') return h('span', { class: 'fr-text--xs' }, C().empty);
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? date(v, true) : v;
};

function setQuery(params) {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(params)) { if (v) q.set(k, String(v)); else q.delete(k); }
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

boot({
  current: 'committees',
  title: T.committee.title,
  requireAuth: true,
  perm: PERM.measurementPropose,
  async render(container, { session }) {
    const t = C();
    container.append(h('h1', {}, t.title), h('p', {}, t.intro));
    const { data: list } = await api.get('/api/committees');
    if (!list.length) { container.append(alert('info', t.none)); return; }
    const byPlan = new Map();
    for (const b of list) {
      if (!byPlan.has(b.plan_title)) byPlan.set(b.plan_title, []);
      const named = b.name.includes(b.territory_name);
      const tpl = b.rows ? (named ? t.optionNamed : t.option) : (named ? t.optionNamedEmpty : t.optionEmpty);
      byPlan.get(b.plan_title).push({ value: String(b.id), label: fmt(tpl, { name: b.name, territory: b.territory_name || b.territory_id, rows: b.rows_editable }) });
    }
    const params = new URLSearchParams(location.search);
    const chooser = selectField({ id: 'choix-comite', name: 'comite', label: t.choose, hint: t.chooseHint,
      options: [...byPlan].map(([group, options]) => ({ group, options })), value: params.get('comite') || '' });
    const show = button(t.show, { type: 'submit', kind: 'secondary' });
    const form = h('form', { id: 'formulaire-comite', class: 'fr-mb-4w', novalidate: true }, chooser.group, show);
    const notices = noticeArea();
    const bodyArea = h('div', { id: 'comite' });
    const reviewArea = h('section', { id: 'revue', 'aria-live': 'off' });
    container.append(form, notices.el, bodyArea, reviewArea);

    async function review(uploadId, { focus = false } = {}) {
      replace(reviewArea, h('p', {}, T.common.loading));
      let u;
      try { ({ data: u } = await api.get(`/api/committee-uploads/${encodeURIComponent(uploadId)}`)); } catch (e) { replace(reviewArea, errorAlert(e)); return; }
      const places = await territories(); // the territory column shows names, as the plan pages do
      setQuery({ depot: u.id });
      const heading = h('h2', { id: 'titre-revue', tabindex: '-1' }, fmt(t.reviewTitle, { id: u.id, date: formatDateTime(u.uploaded_at), by: u.uploader }));
      const parts = [heading, h('div', { 'data-plam': 'statut-depot' }, statusBadge(u.status)),
        h('p', { class: 'fr-text--sm' }, fmt(t.fileLine, { name: u.file_name || '—', size: u.file_size, hash: u.file_sha256 })),
        h('p', { 'data-plam': 'resume-depot' }, fmt(t.summary, { rows: u.rows, changes: u.changes_total, errors: u.errors_count }))];
      if (u.status !== 'pending') parts.push(h('p', {}, fmt(t.decided, { status: t.status[u.status], by: u.decided_by || '—', date: formatDateTime(u.decided_at) })));
      if (u.errors.length) {
        parts.push(alert('error', fmt(t.errorsTitle, { count: u.errors_total })));
        parts.push(dataTable({ id: 'erreurs-depot', caption: fmt(t.errorsCaption, { id: u.id }),
          columns: [{ label: t.colRow }, { label: t.colColumn, wrap: true }, { label: t.colMessage, wrap: true }],
          rows: u.errors.map((e) => [e.row ?? '—', e.column ? fmt(t.columnRef, { ref: e.column, name: e.column_name }) : '—', e.message]) }));
      }
      if (u.cells.length) {
        parts.push(dataTable({ id: 'ecart-depot', caption: fmt(t.diffCaption, { id: u.id }),
          columns: [{ label: t.colRow }, { label: t.colColumn, wrap: true }, { label: t.colIndicator, wrap: true }, { label: t.colTerritory },
            { label: t.colOld }, { label: t.colNew }],
          rows: u.cells.map((c) => [c.row, fmt(t.columnRef, { ref: c.column, name: c.column_name }),
            [c.indicator, h('br'), h('span', { class: 'fr-text--xs' }, fmt(t.actionN, { number: c.action_number }))],
            territoryName(places, c.territory_id), cellText(c.old), h('strong', {}, cellText(c.new))]) }));
      } else if (!u.errors.length) parts.push(h('p', {}, t.noChanges));
      if (u.status === 'pending') {
        const actions = h('div', { class: 'plam-actions' });
        if (!u.errors_count && u.changes_total) {
          const ok = button(t.approve, { icon: 'fr-icon-check-line', attrs: { 'data-plam': 'approuver' } });
          ok.addEventListener('click', () => decide('approve', ok));
          actions.append(ok);
        }
        const ko = button(t.discard, { kind: 'secondary', icon: 'fr-icon-close-line', attrs: { 'data-plam': 'ecarter' } });
        ko.addEventListener('click', () => decide('discard', ko));
        actions.append(ko);
        parts.push(actions);
      }
      replace(reviewArea, ...parts);
      if (focus) heading.focus();

      async function decide(what, btn) {
        btn.disabled = true;
        try {
          const { data: d } = await api.post(`/api/committee-uploads/${encodeURIComponent(u.id)}/${what}`, {});
          const extra = what === 'approve' && can(session, PERM.measurementReview)
            ? [h('p', {}, h('a', { href: `/validation.html?plan=${encodeURIComponent(d.plan_id)}` }, t.toValidation))] : [];
          await showBody(d.body_id);
          await review(d.id);
          notices.show(alert('success', what === 'approve' ? fmt(t.approved, { count: d.changes_total, batch: d.batch }) : fmt(t.discarded, { id: d.id }), { extra }));
        } catch (e) { notices.show(errorAlert(e), { focus: true }); btn.disabled = false; }
      }
    }

    async function showBody(id) {
      const { data: fresh } = await api.get('/api/committees');
      const b = fresh.find((x) => String(x.id) === String(id));
      if (!b) { replace(bodyArea); return; }
      if (!b.rows) { // no indicator of the plan is followed on this territory: no empty file to offer
        replace(bodyArea, h('h2', {}, b.name), alert('info', fmt(t.emptyWhy, { plan: b.plan_title, territory: b.territory_name || b.territory_id }), { title: t.emptyTitle }));
        bodyArea.lastChild.setAttribute('data-plam', 'comite-vide');
        setQuery({ comite: b.id });
        return;
      }
      const file = h('input', { class: 'fr-upload', type: 'file', id: 'fichier-classeur', name: 'fichier', accept: `.xlsx,${XLSX}`, 'aria-describedby': 'fichier-classeur-messages' });
      const fileMsg = h('div', { class: 'fr-messages-group', id: 'fichier-classeur-messages', 'aria-live': 'polite' });
      const fileGroup = h('div', { class: 'fr-upload-group' },
        h('label', { class: 'fr-label', for: 'fichier-classeur' }, t.file, h('span', { class: 'fr-hint-text' }, t.fileHint)), file, fileMsg);
      const send = button(t.send, { type: 'submit', icon: 'fr-icon-upload-line', attrs: { class: 'fr-btn fr-icon-upload-line fr-btn--icon-left fr-mt-2w' } });
      const upForm = h('form', { id: 'formulaire-depot', class: 'fr-mb-4w', novalidate: true }, fileGroup, send);
      upForm.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        fileMsg.replaceChildren();
        const f = file.files && file.files[0];
        if (!f) { replace(fileMsg, h('p', { class: 'fr-message fr-message--error' }, t.errFile)); file.focus(); return; }
        send.disabled = true;
        notices.show(alert('info', t.sending));
        try {
          const u = await uploadFile(`/api/gov-bodies/${encodeURIComponent(b.id)}/workbook?filename=${encodeURIComponent(f.name)}`, f);
          notices.clear();
          await showBody(b.id);
          await review(u.id, { focus: true });
        } catch (e) { notices.show(errorAlert(e), { focus: true }); send.disabled = false; }
      });
      const uploads = b.uploads.length
        ? dataTable({ id: 'depots-comite', caption: fmt(t.uploadsCaption, { name: b.name }),
          columns: [{ label: t.colUpload }, { label: t.colDate }, { label: t.colBy }, { label: t.colStatus }, { label: t.colChanges }, { label: t.colErrors }, { label: T.common.actions }],
          rows: b.uploads.map((u) => {
            const see = button(t.see, { small: true, kind: 'tertiary', attrs: { 'aria-label': fmt(t.seeLabel, { id: u.id }), 'data-plam-voir': String(u.id) } });
            see.addEventListener('click', () => review(u.id, { focus: true }));
            return [fmt(t.uploadN, { id: u.id }), formatDateTime(u.uploaded_at), u.uploader, statusBadge(u.status), u.changes_total, u.errors_count, see];
          }) })
        : h('p', {}, t.noUploads);
      replace(bodyArea,
        h('h2', {}, b.name),
        h('p', {}, fmt(t.rows, { rows: b.rows_editable, total: b.rows })),
        b.rows_editable ? null : alert('info', t.noRows),
        b.rows_editable ? h('p', {}, h('a', { class: 'fr-link fr-icon-download-line fr-link--icon-left', id: 'telecharger-classeur', href: `/api/gov-bodies/${encodeURIComponent(b.id)}/workbook.xlsx`, download: '' }, t.download)) : null, // no empty file
        h('p', { class: 'fr-text--sm' }, t.howTo),
        h('h3', {}, t.uploadTitle), upForm,
        h('h3', {}, t.uploadsTitle), uploads);
      setQuery({ comite: b.id });
    }

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      notices.clear();
      replace(reviewArea);
      setQuery({ depot: null });
      if (!chooser.select.value) { chooser.setError(t.choose); chooser.select.focus(); return; }
      chooser.setError(null);
      try { await showBody(chooser.select.value); } catch (e) { notices.show(errorAlert(e), { focus: true }); }
    });
    if (params.get('comite')) await showBody(params.get('comite'));
    if (params.get('depot')) await review(params.get('depot'));
  },
});
