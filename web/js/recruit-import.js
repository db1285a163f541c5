// The upload control of the recruitment imports (besoins.html): a CSV file
// or an XLSX workbook of candidates (POST /api/candidate-imports, staff) or
// needs (POST /api/need-imports), sent as the request body. Success says how
// many rows were created; a refused file lists every error by row and column
// in a table (nothing was written). Layouts: docs/FORMATS.md.
import { T } from './texts.js';
import { h, fmt, replace } from './dom.js';
import { ApiError } from './api.js';
import { alert, errorAlert, noticeArea, button, dataTable } from './ui.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_BYTES = 64 * 1024 * 1024;

/** A section with its form: { id, url, title, intro, created(n), session, onDone() }. */
export function importSection({ id, url, title, intro, created, session, onDone }) {
  const S = T.season;
  const notices = noticeArea();
  const report = h('div', { id: `${id}-rapport` });
  const fileId = `${id}-fichier`;
  const messages = h('div', { class: 'fr-messages-group', id: `${fileId}-messages`, 'aria-live': 'polite' });
  const input = h('input', { class: 'fr-upload', type: 'file', id: fileId, name: 'fichier', accept: `.csv,.xlsx,text/csv,${XLSX_TYPE}`,
    required: true, 'aria-describedby': `${fileId}-messages` });
  const group = h('div', { class: 'fr-upload-group fr-mb-3w' },
    h('label', { class: 'fr-label', for: fileId }, S.importFile, T.common.requiredMark, h('span', { class: 'fr-hint-text' }, S.importHint)),
    input, messages);
  const setError = (msg) => {
    group.classList.toggle('fr-upload-group--error', !!msg);
    if (msg) { input.setAttribute('aria-invalid', 'true'); replace(messages, h('p', { class: 'fr-message fr-message--error' }, msg)); } else { input.removeAttribute('aria-invalid'); messages.replaceChildren(); }
  };
  const submit = button(S.importButton, { type: 'submit', icon: 'fr-icon-upload-2-line' });
  const form = h('form', { novalidate: true, id: `${id}-formulaire` }, group, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setError(null);
    report.replaceChildren();
    notices.clear();
    const file = input.files && input.files[0];
    if (!file) { setError(S.importNoFile); input.focus(); return; }
    if (file.size > MAX_BYTES) { setError(S.importTooBig); input.focus(); return; }
    const xlsx = /\.xlsx$/i.test(file.name);
    submit.disabled = true;
    try {
      const res = await fetch(url, {
        method: 'POST', credentials: 'same-origin', cache: 'no-store', body: await file.arrayBuffer(),
        headers: { Accept: 'application/json', 'Content-Type': xlsx ? XLSX_TYPE : 'text/csv', 'X-CSRF-Token': session.csrf_token || '' },
      });
      let body = null;
      try { body = await res.json(); } catch { body = null; }
      if (res.ok && body && body.data) {
        notices.show(alert('success', created(body.data.created)), { focus: true });
        form.reset();
        if (onDone) await onDone();
      } else {
        const err = body && body.error ? body.error : {};
        notices.show(errorAlert(new ApiError(res.status, err.code || `http_${res.status}`, err.message || T.errors.generic, err.fields)), { focus: true });
        const errors = body && Array.isArray(body.errors) ? body.errors : [];
        if (errors.length) {
          replace(report, dataTable({ id: `${id}-erreurs`, caption: fmt(S.importReport, { count: body.errors_total ?? errors.length }),
            columns: [{ label: S.colRow }, { label: S.colColumn }, { label: S.colMessage, wrap: true }],
            rows: errors.map((e) => [e.row ? String(e.row) : T.common.none, e.column || T.common.none, e.message]) }));
        }
      }
    } catch (e) {
      notices.show(errorAlert(e), { focus: true });
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { 'aria-labelledby': `${id}-titre`, class: 'fr-mt-6w', id },
    h('h2', { id: `${id}-titre` }, title), h('p', {}, intro), form, notices.el, report);
}
