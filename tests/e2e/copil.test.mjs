// The COPIL pack, the printable report and the open data (issue 3) end to
// end: the workbook of a demo plan has a summary sheet and one sheet per axis
// listing that axis's actions in order (read back with a small zip + XML
// reader below); the report is self-contained HTML under the CSP, escapes
// hostile text entered through the API and explains every figure; the open
// data lists published plans only, 404s drafts and archived plans, and holds
// neither unvalidated values nor anything naming a person; permissions and the
// CLI export.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { emptyDatabase, runPlam, startServer } from '../lib/server.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HOSTILE = '<script>alert("x")</script> & \'co\' <img src=x onerror=alert(1)>';
const HOSTILE_ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39; &lt;img src=x onerror=alert(1)&gt;';

/** Entries of a zip archive: name -> Buffer (stored or deflated). */
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'zip end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10), csize = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nlen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + csize);
    out.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Workbook -> [{name, rows: [[cell text...]]}] (shared and inline strings, numbers as stored). */
function readWorkbook(buf) {
  const z = unzip(buf);
  const wb = z.get('xl/workbook.xml').toString('utf8');
  const rels = z.get('xl/_rels/workbook.xml.rels').toString('utf8');
  const sst = z.has('xl/sharedStrings.xml')
    ? [...z.get('xl/sharedStrings.xml').toString('utf8').matchAll(/<si>([\s\S]*?)<\/si>/g)]
      .map((m) => unxml([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')))
    : [];
  const targets = new Map([...rels.matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  return [...wb.matchAll(/<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]+)"/g)].map((m) => {
    const xml = z.get(`xl/${targets.get(m[2]).replace(/^\/?xl\//, '')}`).toString('utf8');
    const rows = [...xml.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].map((r) => {
      const cells = [];
      for (const c of r[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const col = [...c[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
        const v = /<v>([\s\S]*?)<\/v>/.exec(c[3] || '');
        const t = /t="(\w+)"/.exec(c[2]);
        cells[col] = t && t[1] === 's' ? sst[Number(v[1])] : v ? unxml(v[1]) : '';
      }
      return Array.from(cells, (x) => x ?? '');
    });
    return { name: unxml(m[1]), rows };
  });
}

describe('COPIL pack, printable report and open data', { timeout: 180000 }, () => {
  let srv, staff, pilot, anon, candidat, pdl, plan;
  const getBytes = async (client, p) => {
    const res = await fetch(srv.url + p, { headers: client.cookies.size ? { Cookie: client.cookieHeader() } : {} });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };
  before(async () => {
    srv = await startServer();
    staff = await srv.login('staff');
    pilot = await srv.login('pilote');
    candidat = await srv.login('candidat');
    anon = srv.anon();
    pdl = (await anon.get('/api/plans')).json.data.find((p) => p.slug === 'pdl-plam-2022');
    plan = (await anon.get(`/api/plans/${pdl.id}`)).json.data;
  });
  after(async () => { await srv?.stop(); });

  test('the workbook has a summary sheet and one sheet per axis with its actions in order', async () => {
    const r = await getBytes(anon, `/api/plans/${pdl.id}/copil.xlsx`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), XLSX);
    assert.match(r.headers.get('content-disposition'), /attachment; filename="dossier-copil-plan-\d+\.xlsx"/);
    const sheets = readWorkbook(r.body);
    assert.equal(sheets[0].name, 'Synthèse');
    assert.equal(sheets.length, 1 + plan.axes.length + ((plan.actions_without_axis || []).length ? 1 : 0));
    const summary = new Map(sheets[0].rows.map((row) => [row[0], row[1]]));
    assert.equal(summary.get('Plan'), plan.title);
    assert.equal(summary.get('Région'), 'Pays de la Loire');
    assert.equal(summary.get('Statut'), 'Publié');
    assert.ok(summary.has('Avancement global') && summary.has('Formule') && summary.has('Couverture'));
    assert.ok(sheets[0].rows.some((row) => row[0] === 'Total du plan'));
    const dash = (await anon.get(`/api/plans/${pdl.id}/dashboard`)).json.data;
    plan.axes.forEach((ax, i) => {
      const s = sheets[i + 1];
      assert.ok(s.name.startsWith(`Axe ${ax.number}`), s.name);
      assert.equal(s.rows[0][0], `Axe ${ax.number} : ${ax.title}`);
      const h = s.rows.findIndex((row) => row[0] === 'Numéro');
      assert.deepEqual(s.rows[h].slice(0, 6), ['Numéro', 'Action', 'Statut', 'Pilotes', 'Copilotes', 'Avancement']);
      ax.actions.forEach((a, k) => {
        const row = s.rows[h + 1 + k];
        assert.equal(row[0], a.number);
        assert.equal(row[1], a.title);
        const pilots = a.partners.filter((p) => p.role === 'pilot' && p.org_name).map((p) => p.org_name);
        assert.equal(row[3], pilots.join(' ; '));
        const dp = dash.actions.find((x) => x.id === a.id).progress;
        if (dp.has_progress) assert.ok(Math.abs(Number(row[5]) - dp.progress / 100) < 1e-9, `${a.number}: ${row[5]}`);
        else if (dp.headline.has_progress) assert.match(row[5], /^[\d\u202f]+(,\d)? % sur \d+ indicateurs? renseignés? sur \d+$/, `${a.number}: ${row[5]}`);
        else assert.equal(row[5], 'non calculé');
      });
      const hi = s.rows.findIndex((row) => row[0] === 'Indicateurs');
      const hb = s.rows.findIndex((row) => row[0] === 'Lignes budgétaires');
      const nInd = ax.actions.reduce((n, a) => n + a.indicators.length, 0);
      if (nInd) assert.equal(hb - hi - 2, nInd);
      assert.deepEqual(s.rows[hb + 1].slice(0, 3), ['Action', 'Libellé', 'Financeur']);
    });
  });

  test('headline progress and unknown money: a figure with its coverage, "Inconnu" instead of 0 €, totals that say what they cover', async () => {
    const dash = (await anon.get(`/api/plans/${pdl.id}/dashboard`)).json.data;
    const hp = dash.progress.headline;
    assert.equal(hp.has_progress, true, 'the demo plan has measured indicators');
    assert.ok(dash.progress.coverage.indicators_with_value > 0);
    const r = await getBytes(anon, `/api/plans/${pdl.id}/copil.xlsx`);
    const summary = readWorkbook(r.body)[0];
    const row = (k) => summary.rows.find((x) => x[0] === k);
    const cov = `sur ${dash.progress.coverage.indicators_with_value} indicateur${dash.progress.coverage.indicators_with_value > 1 ? 's' : ''} renseigné`;
    if (!dash.progress.has_progress) assert.ok(row('Avancement global')[1].includes(cov), row('Avancement global')[1]);
    const total = dash.money.plan;
    const tr = row('Total du plan');
    ['planned', 'committed', 'paid'].forEach((st, i) => {
      const known = total[`${st}_known_lines`];
      if (known === 0) assert.equal(tr[2 + i], 'Inconnu', st);
      else if (known < total.lines) assert.match(tr[2 + i], new RegExp(`^total des montants connus : .* € \\(${known} lignes? sur ${total.lines}\\)$`), st);
      else assert.ok(Number.isFinite(Number(tr[2 + i])), st);
    });
    assert.ok(['committed', 'paid'].some((st) => total[`${st}_known_lines`] < total.lines), 'the demo has unknown amounts');
    const html = (await anon.get(`/api/plans/${pdl.id}/rapport.html`)).text;
    assert.ok(!/>0 €</.test(html), 'no unknown amount printed as 0 €');
    assert.ok(html.includes('Inconnu') || html.includes('total des montants connus'));
    const synth = html.slice(html.indexOf('id="synthese"'), html.indexOf('class="rapport-axe"'));
    if (!dash.progress.has_progress) assert.ok(synth.includes(cov), 'report headline with its coverage');
    assert.ok(synth.includes('Chiffre de tête') || dash.progress.has_progress);
  });

  test('the report is escaped, self-contained, under the CSP, and explains every figure', async () => {
    // hostile text through the API: the plan title, an action objective, a weather comment, a budget line label
    const own = plan.axes.flatMap((a) => a.actions).find((a) => a.partners.some((x) => /DREETS Pays/.test(x.org_name) && x.role === 'pilot'));
    assert.ok(own, 'an action piloted by the pilot account');
    assert.equal((await staff.patch(`/api/plans/${pdl.id}`, { title: `Plan ${HOSTILE}` })).status, 200);
    assert.equal((await pilot.patch(`/api/actions/${own.id}`, { objective: `Objectif ${HOSTILE}` })).status, 200);
    const w = await pilot.post(`/api/actions/${own.id}/weather`, { judged_on: '2026-01-15', level: 'appuis_necessaires', comment: `Météo ${HOSTILE}` });
    assert.equal(w.status, 201, w.text);
    const b = await staff.post(`/api/plans/${pdl.id}/budget-lines`, { action_id: own.id, label: `Ligne ${HOSTILE}`, year_from: 2024, planned_eur: 1234.5 });
    assert.equal(b.status, 201, b.text);

    const r = await anon.get(`/api/plans/${pdl.id}/rapport.html`);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    const csp = r.headers['content-security-policy'];
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const html = r.text;
    assert.match(html, /^<!doctype html>\n<html lang="fr">/);
    for (const prefix of ['Plan ', 'Objectif ', 'Météo ', 'Ligne ']) assert.ok(html.includes(prefix + HOSTILE_ESCAPED), `${prefix}escaped`);
    assert.ok(!html.includes('<script') && !html.includes('<img') && !html.includes('onerror=alert(1)>'));
    assert.ok(!/\sstyle=/.test(html), 'no inline style');
    assert.ok(!/\son[a-z]+=/.test(html.replace(/&lt;[^&]*&gt;/g, '')), 'no event handler attribute');
    assert.match(html, /<link rel="stylesheet" href="\/css\/report.css">/);
    assert.ok(html.includes('Appuis nécessaires (au 15/01/2026)'));
    assert.ok(html.includes('1 234,5 €'.replace(' ', '\u202f')));
    // one section per axis; each figure has its formula, result and coverage
    assert.equal((html.match(/<section class="rapport-axe"/g) || []).length, plan.axes.length);
    const figures = (html.match(/class="rapport-chiffre"/g) || []).length;
    assert.ok(figures > plan.axes.length);
    for (const term of ['Formule', 'Résultat', 'Couverture']) assert.equal((html.match(new RegExp(`<dt>${term}</dt>`, 'g')) || []).length, figures, term);
    const css = await anon.get('/css/report.css');
    assert.equal(css.status, 200);
    assert.match(css.headers['content-type'], /^text\/css/);
    assert.match(css.text, /@page \{ size: A4/);
    assert.match(css.text, /break-before: page/);
  });

  test('open data: published plans only, validated values only, nothing personal', async () => {
    const list = await anon.get('/api/open-data/plans');
    assert.equal(list.status, 200);
    const all = (await staff.get('/api/plans')).json.data;
    assert.deepEqual(list.json.data.map((p) => p.id).sort(), all.filter((p) => p.status === 'published').map((p) => p.id).sort());
    for (const p of list.json.data) {
      assert.equal(p.licence, 'Licence Ouverte / Open Licence 2.0');
      assert.equal(p.links.self, `/api/open-data/plans/${p.id}`);
      assert.ok(p.region_id && p.title && p.updated_at && 'start_year' in p && 'end_year' in p);
    }
    // a proposed value is absent; once validated it appears
    const ind = plan.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators).find((i) => i.breakdown === 'scope');
    const prop = await staff.post(`/api/indicators/${ind.id}/measurements`, { value_on: '2026-06-30', value: 4242, source: 'e2e open data', comment: 'commentaire-e2e-xyz' });
    assert.equal(prop.status, 201, prop.text);
    const rej = await staff.post(`/api/indicators/${ind.id}/measurements`, { value_on: '2026-05-31', value: 5151, source: 'e2e open data' });
    assert.equal((await staff.post(`/api/measurements/${rej.json.data.id}/reject`, { reason: 'motif-e2e-xyz' })).status, 200);
    const values = (doc) => doc.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators).find((i) => i.id === ind.id).validated_values;
    let doc = (await anon.get(`/api/open-data/plans/${pdl.id}`)).json.data;
    assert.equal(doc.format, 'plam-open-data-plan/1');
    assert.equal(doc.licence, 'Licence Ouverte / Open Licence 2.0');
    assert.ok(!values(doc).some((v) => v.value === 4242 || v.value === 5151));
    const admin = await srv.login('admin'); // not the value's author
    assert.equal((await admin.post(`/api/measurements/${prop.json.data.id}/validate`, {})).status, 200);
    doc = (await anon.get(`/api/open-data/plans/${pdl.id}`)).json.data;
    const got = values(doc).filter((v) => v.value === 4242);
    assert.deepEqual(got, [{ territory_id: ind.scope_id, value_on: '2026-06-30', value: 4242, numerator: null, denominator: null }]);
    assert.ok(!values(doc).some((v) => v.value === 5151));
    // nothing personal: no key naming a person, no person, login or e-mail of the plan anywhere
    const text = JSON.stringify(doc);
    for (const key of ['author_id', 'author_login', 'reviewer_login', 'person', 'email', 'contributions_email', 'created_by', 'login', 'batch'])
      assert.ok(!text.includes(`"${key}"`), key);
    const persons = plan.axes.flatMap((a) => a.actions).flatMap((a) => a.partners).map((p) => p.person).filter(Boolean);
    for (const p of persons) assert.ok(!text.includes(JSON.stringify(p)), p);
    for (const login of ['staff', 'pilote', 'admin']) assert.ok(!text.includes(`"${login}"`), login);
    if (plan.contributions_email) assert.ok(!text.includes(plan.contributions_email));
    assert.ok(!text.includes('motif-e2e-xyz') && !text.includes('commentaire-e2e-xyz'));
    // the whole plan: axes, actions, indicators with targets and progress, budget, money
    assert.equal(doc.axes.length, plan.axes.length);
    assert.ok(doc.axes.every((a) => a.progress && Array.isArray(a.actions)));
    assert.ok(doc.axes[0].actions[0].indicators.every((i) => Array.isArray(i.targets) && i.result && 'formula_text' in i.result));
    assert.ok(Array.isArray(doc.budget) && doc.budget.length > 0 && doc.money && doc.progress);
  });

  test('drafts and archived plans: no open data, reports only for those who may read them', async () => {
    const bfc = (await anon.get('/api/plans')).json.data.find((p) => p.slug !== 'pdl-plam-2022');
    for (const status of ['draft', 'archived']) {
      assert.equal((await staff.patch(`/api/plans/${bfc.id}`, { status })).status, 200);
      assert.equal((await anon.get(`/api/open-data/plans/${bfc.id}`)).status, 404);
      assert.ok(!(await anon.get('/api/open-data/plans')).json.data.some((p) => p.id === bfc.id));
      const pub = status === 'archived' ? 200 : 404;
      assert.equal((await anon.get(`/api/plans/${bfc.id}/rapport.html`)).status, pub, status);
      assert.equal((await candidat.get(`/api/plans/${bfc.id}/rapport.html`)).status, pub, status);
      assert.equal((await getBytes(anon, `/api/plans/${bfc.id}/copil.xlsx`)).status, pub, status);
      assert.equal((await staff.get(`/api/plans/${bfc.id}/rapport.html`)).status, 200);
      assert.equal((await getBytes(staff, `/api/plans/${bfc.id}/copil.xlsx`)).status, 200);
    }
    assert.equal((await staff.patch(`/api/plans/${bfc.id}`, { status: 'published' })).status, 200);
    assert.equal((await anon.get(`/api/open-data/plans/${bfc.id}`)).status, 200);
    for (const p of ['/api/open-data/plans/999999', '/api/plans/999999/rapport.html', '/api/plans/999999/copil.xlsx', '/api/open-data/plans/abc'])
      assert.equal((await anon.get(p)).status, 404, p);
  });

  test('plam export copil and rapport write the files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-copil-'));
    try {
      const db = emptyDatabase(dir, 'p');
      const init = runPlam(['init', '--db', db, '--demo']);
      assert.equal(init.status, 0, init.stderr);
      const f = path.join(dir, 'copil.xlsx');
      const r = runPlam(['export', 'copil', '--db', db, '--plan', 'pdl-plam-2022', '--output', f]);
      assert.equal(r.status, 0, r.stderr);
      const sheets = readWorkbook(fs.readFileSync(f));
      assert.equal(sheets[0].name, 'Synthèse');
      assert.ok(sheets.length >= 5);
      const h = path.join(dir, 'rapport.html');
      assert.equal(runPlam(['export', 'rapport', '--db', db, '--plan', 'pdl-plam-2022', '--output', h]).status, 0);
      assert.match(fs.readFileSync(h, 'utf8'), /<h1>Plan de mobilisation PlaM<\/h1>/);
      const bad = runPlam(['export', 'copil', '--db', db, '--plan', 'pdl-plam-2022']);
      assert.equal(bad.status, 2);
      const missing = runPlam(['export', 'copil', '--db', db, '--plan', 'inconnu', '--output', f]);
      assert.notEqual(missing.status, 0);
      assert.match(missing.stderr, /introuvable/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
