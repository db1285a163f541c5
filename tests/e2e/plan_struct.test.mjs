// Plan structure in and out (issue 3) end to end: a seed plan exported as CSV
// and as XLSX, imported over HTTP as a copy (new identifier, indicator code
// prefix) and exported again gives the same file but for those identifiers;
// from the CLI into an empty database the round trip is byte for byte; a
// file with errors changes nothing and lists each error by sheet, row and
// column; pilots, partners and the public cannot import; a draft's
// structure and actions are not public; GET /api/actions/{id}.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { emptyDatabase, runPlam, startServer } from '../lib/server.mjs';

const CSV = { 'Content-Type': 'text/csv; charset=utf-8' };
const XLSX = { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

describe('plan structure export and import', { timeout: 240000 }, () => {
  let srv, staff, pilot, partner, anon, pdl, firstCsv;
  before(async () => {
    srv = await startServer();
    staff = await srv.login('staff');
    pilot = await srv.login('pilote');
    partner = await srv.login('partenaire');
    anon = srv.anon();
    pdl = (await anon.get('/api/plans')).json.data.find((p) => p.slug === 'pdl-plam-2022');
    const r = await anon.get(`/api/plans/${pdl.id}/structure.csv`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers['content-type'], /^text\/csv/);
    assert.match(r.headers['content-disposition'], /attachment; filename="structure-pdl-plam-2022\.csv"/);
    firstCsv = r.text;
  });
  after(async () => { await srv?.stop(); });

  // bytes of a GET (the harness decodes bodies as text)
  const bytes = async (client, p) => {
    const res = await fetch(srv.url + p, { headers: client.cookies.size ? { Cookie: client.cookieHeader() } : {} });
    return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
  };
  const planCount = async () => (await staff.get('/api/plans')).json.data.length;
  // the copy's export with its identifiers put back
  const unrename = (text, slug, prefix) =>
    text.replaceAll(`Plan;${slug};`, 'Plan;pdl-plam-2022;').replaceAll(prefix, '');

  test('CSV round trip over HTTP: export, import as a draft copy, export again', async () => {
    assert.match(firstCsv, /^\ufefftype de ligne;identifiant;région;titre;/);
    for (const sheet of ['Organisations', 'Axes', 'Actions', 'Partenaires', 'Feuille de route', 'Indicateurs', 'Cibles'])
      assert.match(firstCsv, new RegExp(`\\r\\n${sheet};`), sheet);
    const before = await planCount();
    const r = await staff.post('/api/plan-imports?slug=pdl-copie-csv&code_prefix=zq7c-&filename=s.csv', firstCsv,
      { headers: CSV });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.data.slug, 'pdl-copie-csv');
    assert.equal(r.json.data.status, 'draft');
    assert.equal(r.json.data.rows.Indicateurs, 21);
    assert.equal(r.json.data.organisations_created, 0);
    assert.equal(await planCount(), before + 1);
    const again = await staff.get(`/api/plans/${r.json.data.id}/structure.csv`);
    assert.equal(again.status, 200);
    assert.notEqual(again.text, firstCsv);
    assert.equal(unrename(again.text, 'pdl-copie-csv', 'zq7c-'), firstCsv);
    const admin = await srv.login('admin');
    const audit = (await admin.get('/api/audit?limit=50')).json.data
      .filter((e) => e.entity === 'plan_structure' && JSON.stringify(e).includes('pdl-copie-csv'));
    assert.equal(audit.length, 1, 'one audit entry for the import');
  });

  test('XLSX round trip over HTTP', async () => {
    const x = await bytes(anon, `/api/plans/${pdl.id}/structure.xlsx`);
    assert.equal(x.status, 200);
    assert.match(x.type, /spreadsheetml/);
    assert.equal(x.body.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    const r = await staff.post('/api/plan-imports?slug=pdl-copie-xlsx&code_prefix=zq7x-', x.body, { headers: XLSX });
    assert.equal(r.status, 201, r.text);
    const again = await staff.get(`/api/plans/${r.json.data.id}/structure.csv`);
    assert.equal(unrename(again.text, 'pdl-copie-xlsx', 'zq7x-'), firstCsv);
  });

  test('CLI round trip into an empty database is byte for byte (CSV and XLSX)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-struct-'));
    try {
      const x = await bytes(anon, `/api/plans/${pdl.id}/structure.xlsx`);
      for (const [ext, body] of [['csv', firstCsv], ['xlsx', x.body]]) {
        const db = emptyDatabase(dir, ext);
        assert.equal(runPlam(['init', '--db', db]).status, 0);
        const file = path.join(dir, `in.${ext}`);
        fs.writeFileSync(file, body);
        const imp = runPlam(['import', 'structure', '--db', db, '--file', file]);
        assert.equal(imp.status, 0, imp.stderr);
        assert.match(imp.stdout, /Plan « pdl-plam-2022 » créé en brouillon .* 21 indicateurs/);
        const out = path.join(dir, `out-${ext}.csv`);
        const exp = runPlam(['export', 'structure', '--db', db, '--plan', 'pdl-plam-2022', '--format', 'csv',
          '--output', out]);
        assert.equal(exp.status, 0, exp.stderr);
        assert.equal(fs.readFileSync(out, 'utf8'), firstCsv, `${ext} round trip`);
        const out2 = path.join(dir, `out-${ext}.xlsx`);
        assert.equal(runPlam(['export', 'structure', '--db', db, '--plan', 'pdl-plam-2022', '--format', 'xlsx',
          '--output', out2]).status, 0);
        assert.equal(fs.readFileSync(out2).subarray(0, 2).toString(), 'PK');
      }
      // errors: exit 3, sheet/row/column on stderr
      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, 'type de ligne;identifiant;région;titre\nPlan;x;REG-52;\n');
      const db = emptyDatabase(dir, 'csv');
      const r = runPlam(['import', 'structure', '--db', db, '--file', bad]);
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, /feuille « Plan », ligne 2, colonne « identifiant », identifiant « x » invalide/);
      assert.match(r.stderr, /feuille « Plan », ligne 2, colonne « titre », valeur obligatoire manquante/);
      assert.match(r.stderr, /2 erreurs, rien n'a été importé/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file with errors changes nothing and lists each error by sheet, row and column', async () => {
    const before = await planCount();
    const csv = firstCsv
      .replace(/\r\nAxes;1;[^;"]*;/, '\r\nAxes;1;;')                             // an axis without title
      .replace(/(\r\nActions;1;1\.1;)oui;/, '$1peut-être;')                       // not yes/no
      .replace(/(\r\nIndicateurs;1\.2;[^;"]*;[^;"]*;[^;"]*;[^;"]*;)nombre;/, '$1compte;'); // unknown kind
    const lines = csv.split(/\r\n|\n|\r/); // physical lines, as the CSV reader counts them
    const lineOf = (re) => lines.findIndex((l) => re.test(l)) + 1;
    const r = await staff.post('/api/plan-imports?slug=pdl-erreurs&code_prefix=zq7e-', csv, { headers: CSV });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.code, 'invalid_input');
    assert.match(r.json.error.message, /aucun plan n'a été créé/);
    const got = r.json.errors.map((e) => [e.sheet, e.row, e.column]);
    assert.deepEqual(got.slice(0, 3), [
      ['Axes', lineOf(/^Axes;1;;/), 'titre'],
      ['Actions', lineOf(/^Actions;1;1\.1;peut-être;/), 'numéro de la source'],
      ['Indicateurs', lineOf(/^Indicateurs;.*;compte;/), 'type'],
    ]);
    assert.equal(r.json.errors_total, r.json.errors.length);
    assert.match(r.json.errors[2].message, /valeur « compte » inconnue/);
    assert.equal(await planCount(), before, 'nothing was created');
    // the original identifiers are taken in this database
    const taken = await staff.post('/api/plan-imports', firstCsv, { headers: CSV });
    assert.equal(taken.status, 400);
    assert.deepEqual(taken.json.errors.map((e) => e.sheet + '/' + e.column)[0], 'Plan/identifiant');
    assert.equal(taken.json.errors_total, 22);
    assert.equal(await planCount(), before);
  });

  test('permissions: only plan.write imports; a draft is not public; GET /api/actions/{id}', async () => {
    assert.equal((await pilot.post('/api/plan-imports?slug=pilote-x', firstCsv, { headers: CSV })).status, 403);
    assert.equal((await partner.post('/api/plan-imports?slug=part-x', firstCsv, { headers: CSV })).status, 403);
    assert.equal((await anon.post('/api/plan-imports?slug=anon-x', firstCsv, { headers: CSV })).status, 401);
    assert.equal((await staff.post('/api/plan-imports', { a: 1 })).status, 415);
    const r = await staff.post('/api/plan-imports?slug=pdl-brouillon&code_prefix=zq7d-', firstCsv, { headers: CSV });
    assert.equal(r.status, 201, r.text);
    const draft = r.json.data.id;
    assert.equal((await anon.get(`/api/plans/${draft}/structure.csv`)).status, 404);
    assert.equal((await bytes(anon, `/api/plans/${draft}/structure.xlsx`)).status, 404);
    // a draft is read by plan staff and the plan's own organisations: the demo partner's
    // organisation (URIOPSS Pays de la Loire) is a partner of the PlaM, an outside employer is not
    const outsider = await srv.login('employeur');
    assert.equal((await outsider.get(`/api/plans/${draft}/structure.csv`)).status, 404);
    assert.equal((await partner.get(`/api/plans/${draft}/structure.csv`)).status, 200);
    assert.equal((await staff.get(`/api/plans/${draft}/structure.csv`)).status, 200);
    // one action: public for the published plan, hidden for the draft
    const plan = (await anon.get(`/api/plans/${pdl.id}`)).json.data;
    const act = plan.axes.flatMap((a) => a.actions).find((a) => a.indicators.length);
    const a = await anon.get(`/api/actions/${act.id}`);
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.data.number, act.number);
    assert.equal(a.json.data.plan.slug, 'pdl-plam-2022');
    assert.ok(a.json.data.axis.number);
    assert.deepEqual(a.json.data.indicators.map((i) => i.code), act.indicators.map((i) => i.code));
    assert.ok(a.json.data.indicators[0].targets.length > 0);
    const dplan = (await staff.get(`/api/plans/${draft}`)).json.data;
    const dact = dplan.axes.flatMap((x) => x.actions)[0];
    assert.equal((await anon.get(`/api/actions/${dact.id}`)).status, 404);
    assert.equal((await staff.get(`/api/actions/${dact.id}`)).status, 200);
    assert.equal((await anon.get('/api/actions/99999999')).status, 404);
  });
});
