// A plan's data in and out (issue 3, "Data in and out") end to end:
// measurement import over HTTP and from the CLI (a file with errors changes
// nothing and reports each error by row and column; a good file is proposed as
// one batch with one audit entry; pilot scoping; the upload route takes a body
// larger than --max-body), and the IATI 2.03 export of every published demo
// plan validated against the schema with xmllint.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, emptyDatabase, runPlam, startServer } from '../lib/server.mjs';

const CSV = { 'Content-Type': 'text/csv; charset=utf-8' };
const HEADER = 'indicateur;territoire;date;type;valeur\n';
const SCHEMA = path.join(ROOT, 'data', 'iati-2.03', 'iati-activities-schema.xsd');

describe('plan data in and out', { timeout: 180000 }, () => {
  let srv, staff, pilot, partner, anon, pdl, plan;
  before(async () => {
    srv = await startServer();
    staff = await srv.login('staff');
    pilot = await srv.login('pilote');
    partner = await srv.login('partenaire');
    anon = srv.anon();
    const list = await anon.get('/api/plans');
    pdl = list.json.data.find((p) => p.slug === 'pdl-plam-2022');
    plan = (await anon.get(`/api/plans/${pdl.id}`)).json.data;
  });
  after(async () => { await srv?.stop(); });

  const actions = () => plan.axes.flatMap((a) => a.actions);
  const piloted = (a) => a.partners.some((x) => /DREETS Pays/.test(x.org_name) && ['pilot', 'copilot'].includes(x.role));
  const pending = async () => (await staff.get(`/api/plans/${pdl.id}/measurements/pending`)).json.data.length;
  const importCsv = (client, text, q = '') =>
    client.post(`/api/plans/${pdl.id}/measurements/import${q}`, text, { headers: CSV });

  test('a file with errors changes nothing and lists every error by row and column', async () => {
    const before = await pending();
    // a percentage: 12,5 is within its bounds (a count would refuse it)
    const scope = actions().flatMap((a) => a.indicators).find((i) => i.breakdown === 'scope' && i.kind === 'percent');
    const csv = HEADER +
      `${scope.code};${scope.scope_id};2024-12-31;valeur;12,5\n` +     // row 2: good
      `inconnu;REG-52;2024-12-31;valeur;1\n` +                         // row 3: indicator
      `${scope.code};DEP-99;2024-12-31;valeur;1\n` +                   // row 4: territory
      `${scope.code};${scope.scope_id};2024-02-30;valeur;1\n` +        // row 5: date
      `${scope.code};${scope.scope_id};2024-06-30;moyenne;1\n` +       // row 6: type
      `${scope.code};${scope.scope_id};2024-07-31;valeur;douze\n`;     // row 7: value
    const r = await importCsv(staff, csv);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.code, 'invalid_input');
    const got = r.json.errors.map((e) => [e.row, e.column]);
    assert.deepEqual(got, [[3, 'indicateur'], [4, 'territoire'], [5, 'date'], [6, 'type'], [7, 'valeur']]);
    assert.equal(r.json.errors_total, 5);
    assert.match(r.json.errors[0].message, /inconnu dans ce plan/);
    assert.match(r.json.errors[4].message, /nombre « douze » invalide/);
    assert.equal(await pending(), before, 'nothing was written');
  });

  test('a good file is proposed as one batch, audited once', async () => {
    const before = await pending();
    const ind = actions().flatMap((a) => a.indicators).find((i) => i.breakdown === 'departement');
    assert.ok(ind, 'an indicator broken down by département');
    // a numerator and a denominator go to a rate (a count refuses them)
    const pct = actions().flatMap((a) => a.indicators).find((i) => i.kind === 'percent');
    const csv = '\ufeff' + HEADER.replace('valeur\n', 'valeur;source\n') +
      `${ind.code};44;31/12/2024;valeur;3;Enquête\n` +
      `${pct.code};${pct.scope_id};2024-12-31;numerateur;2;\n` +
      `${pct.code};${pct.scope_id};2024-12-31;denominateur;4;\n`;
    const r = await importCsv(staff, csv, '?filename=essai.csv');
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.data.rows, 3);
    assert.equal(r.json.data.measurements, 2);
    assert.equal(r.json.data.status, 'pending');
    const after = (await staff.get(`/api/plans/${pdl.id}/measurements/pending`)).json.data;
    assert.equal(after.length, before + 2);
    const mine = after.filter((m) => m.batch === r.json.data.batch);
    assert.equal(mine.length, 2);
    assert.ok(mine.some((m) => m.territory_id === 'DEP-44' && m.value === 3 && m.source === 'Enquête'));
    assert.ok(mine.some((m) => m.territory_id === pct.scope_id && m.numerator === 2 && m.denominator === 4));
    const admin = await srv.login('admin');
    const audit = await admin.get('/api/audit?limit=20');
    const entries = audit.json.data.filter((e) => JSON.stringify(e).includes(r.json.data.batch));
    assert.equal(entries.length, 1, 'one audit entry for the batch');
  });

  test('permissions: pilots import for their own actions only, partners and the public not at all', async () => {
    const own = actions().find((a) => piloted(a) && a.indicators.some((i) => i.breakdown === 'scope'));
    const other = actions().find((a) => !piloted(a) && a.indicators.length);
    assert.ok(own && other, 'an action piloted by DREETS and one that is not');
    const oi = own.indicators.find((i) => i.breakdown === 'scope');
    const xi = other.indicators[0];
    const bad = await importCsv(pilot, HEADER + `${oi.code};${oi.scope_id};2025-01-31;valeur;1\n` +
      `${xi.code};${xi.scope_id};2025-01-31;valeur;1\n`);
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual(bad.json.errors.map((e) => [e.row, e.column]), [[3, 'indicateur']]);
    assert.match(bad.json.errors[0].message, /vous ne pilotez pas l'action/);
    const ok = await importCsv(pilot, HEADER + `${oi.code};${oi.scope_id};2025-01-31;valeur;1\n`);
    assert.equal(ok.status, 201, ok.text);
    assert.equal((await importCsv(partner, HEADER)).status, 403);
    assert.equal((await importCsv(anon, HEADER)).status, 401);
    const json = await staff.post(`/api/plans/${pdl.id}/measurements/import`, { a: 1 });
    assert.equal(json.status, 415);
  });

  test('the upload route accepts a body larger than --max-body; others still refuse it', async () => {
    const ind = actions().flatMap((a) => a.indicators).find((i) => i.breakdown === 'departement');
    const deps = ind.measured_territories; // only where it is measured (issue 9, item 9)
    const lines = [];
    for (let y = 1990; lines.length < 40000; y++)
      for (let m = 1; m <= 12; m++)
        for (const d of deps) lines.push(`${ind.code};${d};${y}-${String(m).padStart(2, '0')}-01;valeur;${m}5`); // a count: integers
    const body = HEADER + lines.join('\n') + '\n';
    assert.ok(body.length > 1048576);
    const r = await importCsv(staff, body);
    assert.equal(r.status, 201, r.text.slice(0, 500));
    assert.equal(r.json.data.measurements, lines.length);
    const big = await staff.patch(`/api/plans/${pdl.id}`, 'x'.repeat(1048577), { headers: { 'Content-Type': 'application/json' } });
    assert.equal(big.status, 413);
  });

  test('CLI: errors exit 3 with row and column, nothing written; a good file is imported', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-io-'));
    try {
      const db = emptyDatabase(dir, 'p');
      assert.equal(runPlam(['init', '--db', db, '--demo']).status, 0);
      const ind = actions().flatMap((a) => a.indicators).find((i) => i.breakdown === 'scope');
      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, HEADER + `${ind.code};${ind.scope_id};2024-12-31;valeur;1\n${ind.code};FR;2024-12-31;valeur;x\n`);
      const r = runPlam(['import', 'measurements', '--db', db, '--plan', 'pdl-plam-2022', bad]);
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, /ligne 3, colonne territoire : l'indicateur .* se mesure sur son périmètre/);
      assert.match(r.stderr, /ligne 3, colonne valeur : nombre « x » invalide/);
      assert.match(r.stderr, /2 erreurs, rien n'a été importé/);
      const good = path.join(dir, 'good.csv');
      fs.writeFileSync(good, HEADER + `${ind.code};${ind.scope_id};2024-12-31;valeur;1\n`);
      const ok = runPlam(['import', 'measurements', '--db', db, '--plan', 'pdl-plam-2022', '--as', 'pilote', good]);
      // the CLI applies the account's rights: allowed only if DREETS pilots that action
      const own = actions().find((a) => a.indicators.some((i) => i.code === ind.code));
      assert.equal(ok.status, piloted(own) ? 0 : 3, ok.stderr);
      const ok2 = runPlam(['import', 'measurements', '--db', db, '--plan', 'pdl-plam-2022', good]);
      assert.equal(ok2.status, 0, ok2.stderr);
      assert.match(ok2.stdout, /1 lignes lues, 1 valeurs proposées \(lot import-/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('IATI 2.03 export of every published plan validates against the schema', async () => {
    const xmllint = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
    assert.ok(!xmllint.error, 'xmllint is required (Debian libxml2-utils)');
    assert.ok(fs.existsSync(SCHEMA), `IATI schema at ${SCHEMA}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-iati-'));
    try {
      const list = (await anon.get('/api/plans')).json.data;
      assert.ok(list.length >= 3);
      for (const p of list) {
        const r = await anon.get(`/api/plans/${p.id}/iati.xml`);
        assert.equal(r.status, 200, r.text);
        assert.match(r.headers['content-type'], /^application\/xml/);
        assert.match(r.text, /<iati-activities version="2.03"/);
        const f = path.join(dir, `${p.slug}.xml`);
        fs.writeFileSync(f, r.text);
        const v = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, f], { encoding: 'utf8' });
        assert.equal(v.status, 0, `${p.slug}: ${v.stderr}`);
      }
      const pdlXml = fs.readFileSync(path.join(dir, 'pdl-plam-2022.xml'), 'utf8');
      assert.match(pdlXml, /<result type="1"/);
      assert.match(pdlXml, /<budget /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
