// One allocation campaign (campagne.html?id=). What the page shows depends
// on the access the server reports (GET /api/campaigns/{id} → access):
//   staff     — status, posts, candidates, simulation and final runs, the
//               statistics of the newest run (fill per territory, fragile
//               territories, wish obtained by rank band) and the assignments;
//               forms for a post (phase and specialty rules, reserved seats
//               for the subdivision, CESP-only) and a candidate (account or
//               name, phase, specialty, CESP, subdivision), CSV export and
//               import of both lists with the file's errors listed by row
//               and column;
//   candidate — their own phase and specialty, their own wishes (each post
//               with its eligibility rules), ordered with "Monter"/"Descendre"
//               buttons or the arrow keys (never drag only), and their own
//               result with its explanation;
//   site      — the posts, and for junior doctors the ranking of the
//               candidates who asked for a post of the site's organisation.
import { T } from '../texts.js';
import { h, fmt, replace, uid, formatDateTime } from '../dom.js';
import { boot } from '../layout.js';
import { api, ApiError } from '../api.js';
import { PERM } from '../sections.js';
import { alert, errorAlert, noticeArea, inputField, selectField, button, dataTable, badge, applyFieldErrors } from '../ui.js';

const TC = T.campaigns;
const TF = T.campaignForms;
const enc = encodeURIComponent;

function statusBadge(c) {
  const type = { draft: null, wishes: 'info', simulation: 'new', final: 'success', closed: null }[c.status];
  return badge(c.status_label, type);
}

function checkbox(name, label, { hint = null, checked = false } = {}) {
  const id = uid(name);
  const input = h('input', { type: 'checkbox', id, name });
  input.checked = checked;
  return { input, group: h('div', { class: 'fr-checkbox-group fr-mb-2w' }, input, h('label', { class: 'fr-label', for: id }, label, hint ? h('span', { class: 'fr-hint-text' }, hint) : null)) };
}

/**
 * CSV import and export of one list (posts or candidates) for staff: a link
 * to the export, a DSFR file input and a button that sends the file as
 * text/csv. A refused file shows its errors (row, column, message) in a
 * table under the form; nothing was written. onDone(message) reloads.
 */
function csvBlock(cid, list, { intro, exportLabel, importLabel, onDone }) {
  const fileId = uid(`fichier-${list}`);
  const file = h('input', { class: 'fr-upload', type: 'file', id: fileId, name: fileId, accept: '.csv,text/csv', 'aria-describedby': `${fileId}-hint` });
  const report = h('div', { class: 'fr-mt-2w', 'data-plam': `rapport-${list}` });
  const send = button(importLabel, { kind: 'secondary', icon: 'fr-icon-upload-line', attrs: { 'data-plam-import': list } });
  send.addEventListener('click', async () => {
    report.replaceChildren();
    const f = file.files && file.files[0];
    if (!f) { show(alert('error', TF.noFile)); return; }
    send.disabled = true;
    try {
      const { data: me } = await api.get('/api/me');
      const res = await fetch(`/api/campaigns/${cid}/${list}/import?filename=${enc(f.name)}`, {
        method: 'POST', credentials: 'same-origin', cache: 'no-store', body: await f.arrayBuffer(),
        headers: { 'Content-Type': 'text/csv', Accept: 'application/json', 'X-CSRF-Token': me.csrf_token },
      });
      const payload = await res.json().catch(() => null);
      if (res.ok && payload && payload.data) { await onDone(fmt(TF.imported, payload.data)); return; }
      const err = (payload && payload.error) || {};
      if (Array.isArray(err.errors) && err.errors.length) {
        show(alert('error', err.message, { title: TF.reportTitle, small: false, extra: [dataTable({
          caption: TF.reportCaption,
          columns: [{ label: TF.colRow }, { label: TF.colColumn }, { label: TF.colMessage, wrap: true }],
          rows: err.errors.map((x) => [x.row ? String(x.row) : TF.wholeFile,
            x.column ? (x.col ? fmt(TF.columnRef, { name: x.column, n: x.col }) : x.column) : (x.col ? String(x.col) : T.common.none), x.message]),
        })] }));
      } else show(errorAlert(new ApiError(res.status, err.code || `http_${res.status}`, err.message || T.errors.generic, err.fields, err.request_id)));
    } catch (e) { show(errorAlert(e)); }
    send.disabled = false;
  });
  function show(node) { replace(report, node); node.setAttribute('tabindex', '-1'); node.focus(); }
  return h('div', { class: 'fr-mt-4w', 'data-plam': `csv-${list}` },
    h('h3', { class: 'fr-h5' }, TF.csvTitle), h('p', { class: 'fr-text--sm' }, intro),
    h('p', {}, h('a', { class: 'fr-link fr-icon-download-line fr-link--icon-left', href: `/api/campaigns/${cid}/${list}.csv`, download: '' }, exportLabel)),
    h('div', { class: 'fr-upload-group' }, h('label', { class: 'fr-label', for: fileId }, TF.fileLabel, h('span', { class: 'fr-hint-text', id: `${fileId}-hint` }, TF.fileHint)), file),
    h('div', { class: 'fr-mt-2w' }, send), report);
}

/**
 * An ordered list edited with buttons (and the arrow keys on an item):
 * items [{key, label, desc}]; texts {listLabel, item, up, down, remove,
 * upLabel, downLabel, removeLabel, moved, removed}; announce(text) speaks
 * through a live region. Returns {el, items(), add(item)}.
 */
function orderedEditor({ items, texts, announce, readOnly = false, onChange = () => {} }) {
  let list = items.slice();
  const ol = h('ol', { class: 'plam-ordered', 'aria-label': texts.listLabel });
  function move(i, j, focusWhich) {
    if (j < 0 || j >= list.length) return;
    const [it] = list.splice(i, 1);
    list.splice(j, 0, it);
    render();
    announce(fmt(texts.moved, { label: it.label, n: j + 1 }));
    const li = ol.children[j];
    const target = focusWhich && li.querySelector(`[data-plam-move="${focusWhich}"]:not([disabled])`);
    (target || li).focus();
    onChange();
  }
  function render() {
    replace(ol, list.map((it, i) => {
      const li = h('li', { class: 'plam-ordered__item', tabindex: readOnly ? null : '-1', 'data-key': String(it.key) },
        h('p', { class: 'fr-mb-1v' }, h('strong', {}, fmt(texts.item, { n: i + 1, label: it.label }))),
        it.desc ? h('p', { class: 'fr-text--sm fr-mb-1v' }, it.desc) : null);
      if (!readOnly) {
        const up = button(texts.up, { kind: 'secondary', small: true, icon: 'fr-icon-arrow-up-line', attrs: { 'aria-label': fmt(texts.upLabel, { label: it.label }), 'data-plam-move': 'up' } });
        const down = button(texts.down, { kind: 'secondary', small: true, icon: 'fr-icon-arrow-down-line', attrs: { 'aria-label': fmt(texts.downLabel, { label: it.label }), 'data-plam-move': 'down' } });
        const rm = button(texts.remove, { kind: 'tertiary', small: true, icon: 'fr-icon-delete-line', attrs: { 'aria-label': fmt(texts.removeLabel, { label: it.label }), 'data-plam-move': 'remove' } });
        up.disabled = i === 0;
        down.disabled = i === list.length - 1;
        up.addEventListener('click', () => move(i, i - 1, 'up'));
        down.addEventListener('click', () => move(i, i + 1, 'down'));
        rm.addEventListener('click', () => {
          list.splice(i, 1);
          render();
          announce(fmt(texts.removed, { label: it.label }));
          const next = ol.children[Math.min(i, list.length - 1)];
          if (next) next.focus(); else ol.focus();
          onChange();
        });
        li.addEventListener('keydown', (ev) => {
          if (ev.target !== li) return;
          if (ev.key === 'ArrowUp') { ev.preventDefault(); move(i, i - 1, null); }
          if (ev.key === 'ArrowDown') { ev.preventDefault(); move(i, i + 1, null); }
        });
        li.append(h('div', { class: 'fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm fr-btns-group--icon-left' }, up, down, rm));
      }
      return li;
    }));
  }
  ol.setAttribute('tabindex', '-1');
  render();
  return {
    el: ol,
    items: () => list.slice(),
    add(it) { list.push(it); render(); onChange(); return list.length; },
  };
}

function postItem(p) {
  const rules = [p.phase ? fmt(TF.rulePhase, { value: p.phase }) : null, p.specialty ? fmt(TF.ruleSpecialty, { value: p.specialty }) : null].filter(Boolean);
  return { key: p.id, label: `${p.code} — ${p.label}`, desc: fmt(TC.postDesc, { site: p.org_name, territory: p.territory_name, capacity: p.capacity }) + (p.fragile ? ` — ${TC.fragileTag}` : '') + rules.map((r) => ` — ${r}`).join('') };
}

async function renderCandidate(container, c, notices, announce) {
  const cid = enc(c.id);
  const [{ data: posts }, { data: mine }] = await Promise.all([api.get(`/api/campaigns/${cid}/posts`), api.get(`/api/campaigns/${cid}/wishes`)]);
  const section = h('section', { 'aria-labelledby': 'titre-voeux' }, h('h2', { id: 'titre-voeux' }, TC.wishesTitle));
  container.append(section);
  const open = mine.open;
  section.append(h('p', {}, open ? TC.wishesIntro : TC.wishesClosed));
  if (c.me) section.append(h('p', { id: 'mon-eligibilite' }, fmt(TF.myEligibility, { phase: c.me.phase || T.common.none, specialty: c.me.specialty || T.common.none })));
  const othersArea = h('div', { id: 'autres-postes' });
  const editor = orderedEditor({
    items: mine.wishes.map(postItem), readOnly: !open, announce,
    texts: { listLabel: TC.wishesListLabel, item: TC.wishItem, up: TC.up, down: TC.down, remove: TC.remove, upLabel: TC.upLabel, downLabel: TC.downLabel, removeLabel: TC.removeLabel, moved: TC.moved, removed: TC.removed },
    onChange: () => renderOthers(),
  });
  editor.el.id = 'mes-voeux';
  section.append(mine.wishes.length || open ? editor.el : h('p', {}, TC.wishesEmpty));
  function renderOthers() {
    if (!open) return;
    const chosen = new Set(editor.items().map((it) => it.key));
    const rest = posts.filter((p) => !chosen.has(p.id));
    replace(othersArea, h('h3', { class: 'fr-h5 fr-mt-4w' }, TC.otherPosts),
      rest.length ? h('ul', { class: 'plam-ordered' }, rest.map((p) => {
        const it = postItem(p);
        const add = button(TC.add, { kind: 'secondary', small: true, icon: 'fr-icon-add-line', attrs: { 'aria-label': fmt(TC.addLabel, { label: it.label }), 'data-plam-add': String(p.id) } });
        add.addEventListener('click', () => {
          const n = editor.add(it);
          announce(fmt(TC.added, { label: it.label, n }));
          const li = editor.el.children[n - 1];
          if (li) li.focus();
        });
        return h('li', { class: 'plam-ordered__item' }, h('p', { class: 'fr-mb-1v' }, h('strong', {}, it.label)), h('p', { class: 'fr-text--sm fr-mb-1v' }, it.desc), add);
      })) : h('p', {}, TC.noOtherPosts));
  }
  if (open) {
    section.append(othersArea);
    renderOthers();
    const save = button(TC.save, { icon: 'fr-icon-save-line', attrs: { id: 'enregistrer-voeux' } });
    save.addEventListener('click', async () => {
      save.disabled = true;
      try {
        const { data } = await api.put(`/api/campaigns/${cid}/wishes`, { posts: editor.items().map((it) => it.key) });
        notices.show(alert('success', fmt(TC.saved, { count: data.wishes.length })), { focus: true });
      } catch (e) { notices.show(errorAlert(e), { focus: true }); }
      save.disabled = false;
    });
    section.append(h('div', { class: 'fr-mt-4w' }, save));
  }

  const { data: r } = await api.get(`/api/campaigns/${cid}/result`);
  const res = h('section', { 'aria-labelledby': 'titre-resultat', id: 'mon-resultat', class: 'fr-mt-6w' }, h('h2', { id: 'titre-resultat' }, TC.resultTitle));
  container.append(res);
  if (!r.run) { res.append(h('p', {}, TC.noResult)); return; }
  res.append(h('p', { class: 'fr-text--sm' }, fmt(TC.resultMeta, { round: TC.rounds[r.run.round], date: formatDateTime(r.run.created_at), version: r.run.engine_version })));
  if (!r.in_run) { res.append(h('p', {}, TC.notInRun)); return; }
  // The engine's sentences name posts by code: each code is shown with the post's title.
  const byCode = new Map(posts.map((p) => [p.code, p]));
  const codes = posts.map((p) => p.code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const re = codes ? new RegExp(`« (${codes}) »|\\((${codes})\\)`, 'g') : null;
  const titled = (text) => (re ? String(text || '').replace(re, (m, a, b) => {
    const p = byCode.get(a || b);
    return a ? `« ${p.label} » (${p.code})` : `(${fmt(TC.postRef, { label: p.label, code: p.code })})`;
  }) : String(text || ''));
  res.append(alert(r.run.round === 'final' ? 'success' : 'info', titled(r.summary), { small: false, title: TC.rounds[r.run.round] }));
  res.append(h('p', { 'data-plam': 'poste-obtenu' }, r.post ? fmt(TC.myPost, { label: r.post.label, code: r.post.code, wish: r.wish ?? T.common.none }) : TC.myPostNone));
  if (r.priority) {
    res.append(h('h3', { class: 'fr-h5 fr-mt-3w' }, TC.priorityTitle),
      h('p', { 'data-plam': 'priorite' }, fmt(r.priority.rule === 'seniority_then_rank' ? TC.prioritySeniority : TC.prioritySites, { seniority: r.priority.seniority, rank: r.priority.rank ?? T.common.none })));
  }
  if (r.details.length) res.append(h('h3', { class: 'fr-h5 fr-mt-3w' }, TC.detailsTitle), h('ul', { 'data-plam': 'explication' }, r.details.map((d) => h('li', {}, titled(d)))));
  // who holds the seats of those posts: said once per post by the engine
  const wished = r.wished_posts || [];
  if (wished.length) res.append(h('h3', { class: 'fr-h5 fr-mt-3w' }, TC.wishedPostsTitle), h('ul', { 'data-plam': 'postes-demandes' }, wished.map((w) => h('li', {}, fmt(TC.wishedPost, { ...w, label: w.label || w.post })))));
}

async function renderSite(container, c, notices, announce) {
  const cid = enc(c.id);
  const { data: posts } = await api.get(`/api/campaigns/${cid}/posts`);
  container.append(h('h2', {}, TC.postsTitle), h('p', {}, TC.sitePosts), postsTable(posts, true));
  if (!c.sites_rank) return;
  for (const p of posts.filter((x) => x.mine)) {
    const { data: rk } = await api.get(`/api/campaign-posts/${enc(p.id)}/ranking`);
    const label = `${p.code} — ${p.label}`;
    const sec = h('section', { class: 'fr-mt-6w' }, h('h2', {}, fmt(TC.rankingTitle, { label })), h('p', {}, TC.rankingIntro));
    container.append(sec);
    const item = (x) => ({ key: x.candidate_id, label: x.name, rank: x.rank });
    const editor = orderedEditor({
      items: rk.ranking.map(item), readOnly: !rk.open, announce,
      texts: { listLabel: fmt(TC.rankingListLabel, { label }), item: '{n}. {label}', up: TC.up, down: TC.down, remove: TC.remove, upLabel: TC.upLabel, downLabel: TC.downLabel, removeLabel: TC.removeLabel, moved: TC.moved, removed: TC.removed },
      onChange: () => renderRest(),
    });
    const rest = h('div', {});
    function renderRest() {
      const ranked = new Set(editor.items().map((x) => x.key));
      const left = rk.applicants.filter((a) => !ranked.has(a.candidate_id));
      replace(rest, left.length ? [h('h3', { class: 'fr-h5 fr-mt-3w' }, TC.notRanked), h('ul', {}, left.map((a) => {
        const b = button(TC.rankAdd, { kind: 'secondary', small: true, attrs: { 'aria-label': fmt(TC.rankAddLabel, { name: a.name }) } });
        b.addEventListener('click', () => { const n = editor.add(item(a)); announce(fmt(TC.added, { label: a.name, n })); editor.el.children[n - 1]?.focus(); });
        return h('li', {}, `${a.name} (${fmt(TC.colRank)} ${a.rank}) `, b);
      }))] : []);
    }
    renderRest();
    sec.append(editor.el, rest);
    if (rk.open) {
      const save = button(TC.rankSave, { icon: 'fr-icon-save-line' });
      save.addEventListener('click', async () => {
        try {
          const { data } = await api.put(`/api/campaign-posts/${enc(p.id)}/ranking`, { candidates: editor.items().map((x) => x.key) });
          notices.show(alert('success', fmt(TC.rankSaved, { count: data.ranking.length })), { focus: true });
        } catch (e) { notices.show(errorAlert(e), { focus: true }); }
      });
      sec.append(h('div', { class: 'fr-mt-2w' }, save));
    }
  }
}

function postsTable(posts, showMine = false) {
  return dataTable({
    caption: TC.postsCaption,
    columns: [{ label: TC.colCode }, { label: TC.colLabel, wrap: true }, { label: TC.colSite, wrap: true }, { label: TF.colPhase, wrap: true }, { label: TF.colSpecialty, wrap: true }, { label: TC.colTerritory }, { label: TC.colCapacity }, { label: TC.colReserved }, { label: TF.colCesp }, { label: TC.colFragile }],
    rows: posts.map((p) => [p.code, p.label, showMine && p.mine ? [p.org_name, ' ', badge(TC.mine, 'info')] : p.org_name, p.phase || T.common.none, p.specialty || T.common.none, p.territory_name, String(p.capacity), String(p.reserved_seats), p.cesp_only ? T.common.yes : T.common.no, p.fragile ? T.common.yes : T.common.no]),
  });
}

const pct = (f, s) => (s ? `${Math.round((100 * f) / s)} %` : T.common.none);

async function renderStaff(container, c, notices, reload) {
  const cid = enc(c.id);
  // status and runs
  const runSec = h('section', { 'aria-labelledby': 'titre-tours' }, h('h2', { id: 'titre-tours' }, TC.runsTitle), h('p', {}, TC.runsIntro));
  container.append(runSec);
  // icon-left: in a DSFR button group, an icon button without it shows its icon only
  const controls = h('div', { class: 'fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left' });
  const patchStatus = async (status) => {
    try { const { data } = await api.patch(`/api/campaigns/${cid}`, { status }); await reload(fmt(TC.statusChanged, { status: (data && data.status_label) || status })); } catch (e) { notices.show(errorAlert(e), { focus: true }); }
  };
  if (c.status === 'draft') { const b = button(TC.open, { attrs: { id: 'ouvrir-voeux' } }); b.addEventListener('click', () => patchStatus('wishes')); controls.append(b); }
  if (c.status === 'wishes') { const b = button(TC.backToDraft, { kind: 'secondary' }); b.addEventListener('click', () => patchStatus('draft')); controls.append(b); }
  if (c.status === 'final') { const b = button(TC.close, { kind: 'secondary' }); b.addEventListener('click', () => patchStatus('closed')); controls.append(b); }
  const confirmBox = h('div', { class: 'fr-mt-2w', hidden: true, id: 'confirmer-definitif' });
  const run = async (round) => {
    try {
      const { data } = await api.post(`/api/campaigns/${cid}/runs`, { round });
      await reload(fmt(TC.ran, { round: TC.rounds[round], assigned: data.assigned, candidates: data.candidates, sha: data.bundle_sha256.slice(0, 16) }));
    } catch (e) { notices.show(errorAlert(e), { focus: true }); }
  };
  if (c.status === 'wishes' || c.status === 'simulation') {
    const sim = button(TC.runSimulation, { icon: 'fr-icon-play-line', attrs: { id: 'lancer-simulation' } });
    const fin = button(TC.runFinal, { kind: 'secondary', icon: 'fr-icon-check-line', attrs: { id: 'lancer-definitif', 'aria-expanded': 'false', 'aria-controls': 'confirmer-definitif' } });
    sim.addEventListener('click', () => run('simulation'));
    const yes = button(TC.confirmYes, { attrs: { id: 'confirmer-oui' } });
    const no = button(T.common.cancel, { kind: 'secondary' });
    yes.addEventListener('click', () => run('final'));
    no.addEventListener('click', () => { confirmBox.hidden = true; fin.setAttribute('aria-expanded', 'false'); fin.focus(); });
    replace(confirmBox, h('p', {}, TC.confirmFinal), h('div', { class: 'fr-btns-group fr-btns-group--inline-md' }, yes, no));
    fin.addEventListener('click', () => { confirmBox.hidden = false; fin.setAttribute('aria-expanded', 'true'); yes.focus(); });
    controls.append(sim, fin);
  }
  runSec.append(controls, confirmBox);
  const { data: runs } = await api.get(`/api/campaigns/${cid}/runs`);
  if (runs.length) {
    runSec.append(dataTable({
      caption: TC.runsCaption,
      columns: [{ label: TC.colRound }, { label: TC.colDate }, { label: TC.colAssigned }, { label: TC.colCheck }, { label: TC.colHash, wrap: true }, { label: TC.colFiles }],
      rows: runs.map((r) => [TC.rounds[r.round], formatDateTime(r.created_at), `${r.assigned} / ${r.candidates}`,
        r.check_ok ? badge(TC.checkOk, 'success') : badge(TC.checkKo, 'error'), h('code', { class: 'plam-hash' }, r.bundle_sha256),
        [h('a', { href: `/api/campaign-runs/${enc(r.id)}/bundle`, download: `lot-${r.id}.json` }, TC.bundle), ' · ',
          h('a', { href: `/api/campaign-runs/${enc(r.id)}/result`, download: `resultat-${r.id}.json` }, TC.result)]]),
    }));
    const { data: d } = await api.get(`/api/campaign-runs/${enc(runs[0].id)}`);
    const s = d.statistics;
    const stats = h('section', { 'aria-labelledby': 'titre-stats', class: 'fr-mt-6w', id: 'statistiques' }, h('h2', { id: 'titre-stats' }, TC.statsTitle));
    stats.append(dataTable({
      caption: TC.territoryCaption,
      columns: [{ label: TC.colTerritory }, { label: TC.colSeats }, { label: TC.colFilled }, { label: TC.colFill }, { label: TC.colFragile }],
      rows: s.territories.map((t) => [t.territory_name, String(t.seats), String(t.filled), pct(t.filled, t.seats), t.fragile ? T.common.yes : T.common.no]),
    }), h('p', { 'data-plam': 'fragile' }, fmt(TC.fragileSummary, { filled: s.fragile.filled, seats: s.fragile.seats })));
    if (s.rank_bands.length) {
      stats.append(dataTable({
        caption: TC.bandsCaption,
        columns: [{ label: TC.colBand }, { label: TC.colCandidates }, { label: TC.colAssigned }, { label: TC.colFirstWish }, { label: TC.colMeanWish }],
        rows: s.rank_bands.map((b) => [fmt(TC.band, { from: b.ranks_from, to: b.ranks_to }), String(b.candidates), String(b.assigned), String(b.first_wish),
          typeof b.mean_wish === 'number' ? b.mean_wish.toLocaleString('fr-FR', { maximumFractionDigits: 2 }) : T.common.none]),
      }));
    }
    stats.append(dataTable({
      caption: TC.assignCaption,
      columns: [{ label: TC.colName, wrap: true }, { label: TC.colRank }, { label: TC.colPost }, { label: TC.colWish }],
      rows: d.assignments.map((a) => [a.name, String(a.rank), a.post_code || TC.unassigned, a.wish === null ? T.common.none : String(a.wish)]),
    }));
    container.append(stats);
  }

  // posts
  const { data: posts } = await api.get(`/api/campaigns/${cid}/posts`);
  const postSec = h('section', { class: 'fr-mt-6w', 'aria-labelledby': 'titre-postes' }, h('h2', { id: 'titre-postes' }, TC.postsTitle), postsTable(posts));
  container.append(postSec);
  const editable = c.status !== 'final' && c.status !== 'closed';
  if (editable) {
    // Only the organisations that can host a post in the campaign's région (GET /api/campaigns/{id}/sites).
    const [{ data: orgs }, { data: deps }] = await Promise.all([api.get(`/api/campaigns/${cid}/sites`), api.get('/api/territories', { level: 'departement', parent: c.region })]);
    const code = inputField({ name: 'code', label: TC.codeLabel, hint: TC.codeHint, required: true, attrs: { maxlength: '32' } });
    const label = inputField({ name: 'label', label: TC.labelLabel, required: true, attrs: { maxlength: '200' } });
    const org = selectField({ name: 'org_id', label: TC.siteLabel, hint: TC.siteHint, required: true, options: orgs.map((o) => ({ value: o.id, label: o.name })) });
    org.select.setAttribute('data-plam', 'sites');
    const terr = selectField({ name: 'territory_id', label: TC.territoryLabel, required: true, options: deps.map((t) => ({ value: t.id, label: t.name })) });
    const phase = inputField({ name: 'phase', label: TF.phaseLabel, hint: TF.postPhaseHint, attrs: { maxlength: '100' } });
    const specialty = inputField({ name: 'specialty', label: TF.specialtyLabel, hint: TF.postSpecialtyHint, attrs: { maxlength: '100' } });
    const cap = inputField({ name: 'capacity', label: TC.capacityLabel, type: 'number', required: true, value: '1', attrs: { min: '0', max: '1000', inputmode: 'numeric' } });
    const reserved = inputField({ name: 'reserved_seats', label: TF.reservedLabel, hint: TF.reservedHint, type: 'number', value: '0', attrs: { min: '0', max: '1000', inputmode: 'numeric' } });
    const fragile = checkbox('fragile', TC.fragileLabel);
    const cespOnly = checkbox('cesp_only', TF.cespOnlyLabel, { hint: TF.cespOnlyHint });
    const form = h('form', { novalidate: true, id: 'nouveau-poste' }, h('h3', { class: 'fr-h5' }, TC.addPost), h('p', { class: 'fr-text--sm' }, T.common.required),
      orgs.length ? null : alert('warning', TC.noSites), code.group, label.group, org.group, phase.group, specialty.group, terr.group, cap.group, reserved.group, fragile.group, cespOnly.group, button(TC.addPost, { type: 'submit', kind: 'secondary' }));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      for (const f of [code, label, org, phase, specialty, terr, cap, reserved]) f.setError(null);
      // Every missing required field at once, before sending.
      const missing = [[code, code.input], [label, label.input], [org, org.select], [terr, terr.select], [cap, cap.input]]
        .filter(([, el]) => !el.value.trim());
      for (const [f] of missing) f.setError(TC.errRequiredField);
      if (missing.length) { notices.show(alert('error', fmt(TC.errMissing, { count: missing.length }))); missing[0][1].focus(); return; }
      try {
        await api.post(`/api/campaigns/${cid}/posts`, { code: code.input.value, label: label.input.value, org_id: Number(org.select.value) || null, phase: phase.input.value.trim(), specialty: specialty.input.value.trim(), territory_id: terr.select.value, capacity: Number(cap.input.value), reserved_seats: Number(reserved.input.value || 0), fragile: fragile.input.checked, cesp_only: cespOnly.input.checked });
        await reload(fmt(TC.postAdded, { code: code.input.value }));
      } catch (e) { applyFieldErrors(e, { code, label, org_id: org, phase, specialty, territory_id: terr, capacity: cap, reserved_seats: reserved }); notices.show(errorAlert(e), { focus: true }); }
    });
    postSec.append(form, csvBlock(cid, 'posts', { intro: TF.csvPostsLayout, exportLabel: TF.exportPosts, importLabel: TF.importPosts, onDone: reload }));
  }

  // candidates
  const { data: cands } = await api.get(`/api/campaigns/${cid}/candidates`);
  const candSec = h('section', { class: 'fr-mt-6w', 'aria-labelledby': 'titre-candidats' }, h('h2', { id: 'titre-candidats' }, TC.candidatesTitle),
    dataTable({
      caption: TC.candidatesCaption,
      columns: [{ label: TC.colName, wrap: true }, { label: TC.colRank }, { label: TC.colSeniority }, { label: TF.colPhase, wrap: true }, { label: TF.colSpecialty, wrap: true }, { label: TF.colCandCesp }, { label: TF.colSubdivision }, { label: TC.colWishes }],
      rows: cands.map((k) => [k.name, String(k.rank), String(k.seniority), k.phase || T.common.none, k.specialty || T.common.none, k.cesp ? T.common.yes : T.common.no, k.subdivision ? T.common.yes : T.common.no, String(k.wishes)]),
    }));
  container.append(candSec);
  if (editable) {
    const login = inputField({ name: 'login', label: TC.loginLabel, hint: TF.loginHint, attrs: { autocomplete: 'off' } });
    const name = inputField({ name: 'name', label: TF.nameLabel, hint: TF.nameHint, attrs: { maxlength: '200', autocomplete: 'off' } });
    const rank = inputField({ name: 'rank', label: TC.rankLabel, type: 'number', required: true, attrs: { min: '1', inputmode: 'numeric' } });
    const sen = inputField({ name: 'seniority', label: TC.seniorityLabel, type: 'number', value: '0', attrs: { min: '0', inputmode: 'numeric' } });
    const cphase = inputField({ name: 'phase', label: TF.phaseLabel, hint: TF.candPhaseHint, attrs: { maxlength: '100' } });
    const cspec = inputField({ name: 'specialty', label: TF.specialtyLabel, hint: TF.candSpecialtyHint, attrs: { maxlength: '100' } });
    const cesp = checkbox('cesp', TF.cespLabel, { hint: TF.cespHint });
    const subdivision = checkbox('subdivision', TF.subdivisionLabel, { hint: TF.subdivisionHint, checked: true });
    const form = h('form', { novalidate: true, id: 'nouveau-candidat' }, h('h3', { class: 'fr-h5' }, TC.addCandidate), login.group, name.group, rank.group, sen.group, cphase.group, cspec.group, cesp.group, subdivision.group, button(TC.addCandidate, { type: 'submit', kind: 'secondary' }));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      for (const f of [login, name, rank, sen, cphase, cspec]) f.setError(null);
      const missing = [];
      if (!login.input.value.trim() && !name.input.value.trim()) { name.setError(TC.errCandidateWho); missing.push(name.input); }
      if (!rank.input.value.trim()) { rank.setError(TC.errRequiredField); missing.push(rank.input); }
      if (missing.length) { notices.show(alert('error', fmt(TC.errMissing, { count: missing.length }))); missing[0].focus(); return; }
      const body = { rank: Number(rank.input.value), seniority: Number(sen.input.value || 0), phase: cphase.input.value.trim(), specialty: cspec.input.value.trim(), cesp: cesp.input.checked, subdivision: subdivision.input.checked };
      if (login.input.value.trim()) body.login = login.input.value.trim();
      if (name.input.value.trim()) body.name = name.input.value.trim();
      try {
        const { data } = await api.post(`/api/campaigns/${cid}/candidates`, body);
        await reload(fmt(TC.candidateAdded, { name: data.name }));
      } catch (e) { applyFieldErrors(e, { login, name, rank, seniority: sen, phase: cphase, specialty: cspec }); notices.show(errorAlert(e), { focus: true }); }
    });
    candSec.append(form, csvBlock(cid, 'candidates', { intro: TF.csvCandidatesLayout, exportLabel: TF.exportCandidates, importLabel: TF.importCandidates, onDone: reload }));
  }
}

boot({
  current: 'campaigns',
  title: TC.title,
  requireAuth: true,
  perm: PERM.campaignRead,
  async render(container) {
    const id = new URLSearchParams(location.search).get('id');
    const back = h('p', {}, h('a', { href: '/campagnes.html', class: 'fr-link fr-icon-arrow-left-line fr-link--icon-left' }, TC.back));
    if (!id) { container.append(h('h1', {}, TC.title), alert('info', TC.missing), back); return; }
    const notices = noticeArea();
    const live = h('p', { class: 'fr-sr-only', 'aria-live': 'polite', id: 'annonces' });
    const announce = (text) => { live.textContent = ''; setTimeout(() => { live.textContent = text; }, 30); };
    const body = h('div', {});
    container.append(back, body);
    async function draw(message) {
      const { data: c } = await api.get(`/api/campaigns/${enc(id)}`);
      document.title = `${c.title} — ${document.title.split(' — ').pop()}`;
      replace(body, h('h1', {}, c.title), h('p', {}, fmt(TC.meta, { kind: c.kind_label, region: c.region_name }), ' ', statusBadge(c)), notices.el, live);
      if (message) notices.show(alert('success', message), { focus: true }); else notices.clear();
      if (c.access === 'staff') await renderStaff(body, c, notices, draw);
      else if (c.access === 'candidate') await renderCandidate(body, c, notices, announce);
      else if (c.access === 'site') await renderSite(body, c, notices, announce);
    }
    try { await draw(); } catch (e) { replace(body, errorAlert(e)); }
  },
});
