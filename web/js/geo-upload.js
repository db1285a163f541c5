// File upload of the geography pages (zones.html: areas CSV; etablissements.html:
// FINESS extract): a DSFR upload group, the POST of the raw bytes with the
// CSRF token, and the report of a refused file (errors by row and column) or
// of the notices of an accepted one.
import { T } from './texts.js';
import { h, fmt, replace } from './dom.js';
import { ApiError } from './api.js';
import { alert, errorAlert, button, dataTable } from './ui.js';

const MAX_BYTES = 256 * 1024 * 1024;

function msgTable(id, caption, list) {
  return dataTable({ id, caption, columns: [{ label: T.geo.colRow }, { label: T.geo.colColumn }, { label: T.geo.colMessage, wrap: true }],
    rows: list.map((e) => [e.row ? String(e.row) : T.geo.none, e.column || (e.col ? String(e.col) : T.geo.none), e.message]) });
}

/**
 * An upload form. opts: id, label, hint, url, session, notices (noticeArea),
 * onDone(data) returning the success message. Returns the section's nodes.
 */
export function uploadForm({ id, label, hint, url, session, notices, onDone, contentType = 'text/csv' }) {
  const report = h('div', { id: `${id}-rapport` });
  const messages = h('div', { class: 'fr-messages-group', id: `${id}-messages`, 'aria-live': 'polite' });
  const input = h('input', { class: 'fr-upload', type: 'file', id, name: 'fichier', accept: '.csv,.txt', required: true, 'aria-describedby': `${id}-messages` });
  const group = h('div', { class: 'fr-upload-group fr-mb-3w' },
    h('label', { class: 'fr-label', for: id }, label, T.common.requiredMark, h('span', { class: 'fr-hint-text' }, hint)), input, messages);
  const setError = (msg) => {
    group.classList.toggle('fr-upload-group--error', !!msg);
    if (msg) replace(messages, h('p', { class: 'fr-message fr-message--error' }, msg)); else messages.replaceChildren();
  };
  const submit = button(T.geo.importButton, { type: 'submit', icon: 'fr-icon-upload-2-line' });
  const form = h('form', { novalidate: true, class: 'fr-mb-3w', id: `${id}-formulaire` }, group, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setError(null);
    report.replaceChildren();
    notices.clear();
    const file = input.files && input.files[0];
    if (!file) { setError(T.geo.errNoFile); input.focus(); return; }
    if (file.size > MAX_BYTES) { setError(T.geo.errTooBig); input.focus(); return; }
    submit.disabled = true;
    try {
      const res = await fetch(url, { method: 'POST', credentials: 'same-origin', cache: 'no-store', body: await file.arrayBuffer(),
        headers: { Accept: 'application/json', 'Content-Type': contentType, 'X-CSRF-Token': session.csrf_token || '' } });
      let body = null;
      try { body = await res.json(); } catch { body = null; }
      if (res.ok && body && body.data) {
        notices.show(alert('success', await onDone(body.data)), { focus: true });
        const notes = body.data.notices || [];
        if (notes.length) replace(report, msgTable(`${id}-remarques`, fmt(T.geo.noticesCaption, { count: notes.length }), notes));
        form.reset();
      } else {
        const err = body && body.error ? body.error : {};
        notices.show(errorAlert(new ApiError(res.status, err.code || `http_${res.status}`, err.message || T.errors.generic, err.fields)), { focus: true });
        if (body && Array.isArray(body.errors))
          replace(report, msgTable(`${id}-erreurs`, fmt(T.geo.reportCaption, { count: body.errors_total ?? body.errors.length }), body.errors));
      }
    } catch (e) {
      notices.show(errorAlert(e), { focus: true });
    } finally {
      submit.disabled = false;
    }
  });
  return [form, report];
}
