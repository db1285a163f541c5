// Communes, areas and establishments (issue 11, "The model" and "Data in"),
// on both engines: the reference communes loaded by `plam init` and looked up
// through a 2018 merge; areas created and imported from CSV (a file with an
// error writes nothing and names row and column; a commune in one area of
// each kind); establishments with a checked FINESS number, the commune's
// centroid by default, units managed by the employer of the attached
// organisation only; the FINESS extract imported over HTTP and from the
// command line (Latin-1, Lambert 93, upsert by number, all or nothing).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, dbQuery, runPlam, startServer } from '../lib/server.mjs';

const CSV = { 'Content-Type': 'text/csv; charset=utf-8' };
const LATIN1 = { 'Content-Type': 'text/csv; charset=iso-8859-1' };
const SAMPLE = path.join(ROOT, 'tests', 'data', 'finess-extract-sample.csv');
const HEADER = 'code zone;nom zone;type;code commune\n';

describe('communes, areas and establishments', { timeout: 240000 }, () => {
  let srv, staff, employeur, candidat, dir;
  before(async () => {
    srv = await startServer();
    [staff, employeur, candidat] = await Promise.all(['staff', 'employeur', 'candidat'].map((l) => srv.login(l)));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-geo-'));
  });
  after(async () => {
    await srv?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const count = (sql) => Number(dbQuery(srv, sql)[0][0]);
  const auditCount = () => count('SELECT count(*) FROM audit_log');

  test('plam init loads every reference commune, and the 2018 merges', () => {
    const lines = fs.readFileSync(path.join(ROOT, 'data', 'ref', 'communes.csv'), 'utf8').trim().split('\n').length - 1;
    assert.equal(count('SELECT count(*) FROM communes'), lines);
    assert.ok(lines > 34000, `${lines} communes`);
    assert.ok(count('SELECT count(*) FROM commune_merges') > 400);
  });

  test('a commune by code, through a merge, by département and by name prefix', async () => {
    const nantes = (await candidat.get('/api/communes?code=44109')).json.data;
    assert.deepEqual(nantes.map((c) => [c.code, c.name, c.departement]), [['44109', 'Nantes', 'DEP-44']]);
    assert.ok(nantes[0].population > 300000 && Math.abs(nantes[0].lat - 47.23) < 0.05);
    const merged = (await staff.get('/api/communes?code=44160')).json.data;
    assert.equal(merged[0].code, '44003');
    assert.equal(merged[0].merged_from, '44160');
    assert.deepEqual((await staff.get('/api/communes?code=00000')).json.data, []);
    const dep = (await staff.get('/api/communes?departement=DEP-44')).json.data;
    assert.ok(dep.length > 150 && dep.every((c) => c.departement === 'DEP-44'));
    const pref = (await staff.get('/api/communes?q=saint-naz')).json.data;
    assert.ok(pref.some((c) => c.code === '44184'), 'Saint-Nazaire by prefix, case ignored');
    const none = await staff.get('/api/communes');
    assert.equal(none.status, 400);
    assert.equal(none.json.error.fields[0].field, 'q');
  });

  test('areas: created by staff only, imported all or nothing, one area of each kind per commune', async () => {
    assert.equal((await employeur.post('/api/areas', { code: 'X', name: 'X', kind: 'other' })).status, 403);
    const a = await staff.post('/api/areas', { code: 'ZE-E2E', name: 'Zone e2e', kind: 'employment', region: 'REG-52' });
    assert.equal(a.status, 201, a.text);
    assert.equal((await staff.post('/api/areas', { code: 'ZE-E2E', name: 'Doublon', kind: 'ars' })).json.error.fields[0].field, 'code');
    assert.equal((await staff.post('/api/areas', { code: 'ZE-R', name: 'R', kind: 'ars', region: 'DEP-44' })).json.error.fields[0].field, 'region');

    const before = [auditCount(), count('SELECT count(*) FROM area_communes'), count('SELECT count(*) FROM areas')];
    const bad = await staff.post('/api/area-imports',
      `${HEADER}ZE-E2E;Zone e2e;emploi;44109\nZE-E2E;Zone e2e;emploi;99999\nZE-B;Autre;emploi;44109\nZE-C;C;bassin;44143\n`, { headers: CSV });
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual(bad.json.error.errors.map((e) => [e.row, e.col]), [[4, 4], [5, 3]]);
    assert.match(bad.json.error.errors[0].message, /une commune appartient à une seule zone de chaque type/);
    // an unknown commune is found once the cells are valid: still nothing written
    const unknown = await staff.post('/api/area-imports', `${HEADER}ZE-E2E;Zone e2e;emploi;99999\n`, { headers: CSV });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.json.error.errors.map((e) => [e.row, e.col, e.message]), [[2, 4, 'commune 99999 inconnue']]);
    assert.deepEqual([auditCount(), count('SELECT count(*) FROM area_communes'), count('SELECT count(*) FROM areas')], before);

    const good = await staff.post('/api/area-imports',
      `${HEADER}ZE-E2E;Zone e2e;emploi;44109\nZE-E2E;Zone e2e;emploi;44160\nZE-ARS;Zone ARS e2e;ars;44047\n`, { headers: CSV });
    assert.equal(good.status, 200, good.text);
    assert.deepEqual([good.json.data.areas, good.json.data.created, good.json.data.updated], [2, 1, 1]);
    assert.match(good.json.data.notices[0].message, /44160 fusionnée depuis 2018 : comptée comme 44003/);
    const communes = (await staff.get(`/api/areas/${a.json.data.id}/communes`)).json.data.map((c) => c.code);
    assert.deepEqual(communes, ['44003', '44109']);
    // the demo area DEMO-NANTES (kind ars) already holds 44109: a second ars area may not
    const clash = await staff.post('/api/area-imports', `${HEADER}ZE-ARS2;Autre ARS;ars;44143\n`, { headers: CSV });
    assert.equal(clash.status, 400);
    assert.match(clash.json.error.errors[0].message, /déjà dans la zone DEMO-NANTES/);
    // changing the kind is refused when a commune is taken in the new kind
    const k = await staff.patch(`/api/areas/${a.json.data.id}`, { kind: 'ars' });
    assert.equal(k.status, 400);
    assert.equal(k.json.error.fields[0].field, 'kind');
    // every signed-in role reads areas
    assert.ok((await candidat.get('/api/areas?kind=employment')).json.data.some((x) => x.code === 'ZE-E2E'));
  });

  test('establishments: FINESS key, commune centroid, organisation, filters', async () => {
    const badKey = await staff.post('/api/establishments', { name: 'CH e2e', category: 'ch', commune: '44109', finess: '440000288' });
    assert.equal(badKey.status, 400);
    assert.deepEqual(badKey.json.error.fields[0], { field: 'finess', message: 'numéro FINESS : clé de contrôle incorrecte' });
    const noCommune = await staff.post('/api/establishments', { name: 'CH e2e', category: 'ch' });
    assert.equal(noCommune.json.error.fields[0].field, 'commune');
    const x = await staff.post('/api/establishments', { name: 'CHU de Nantes (e2e)', category: 'chu', commune: '44109', finess: '440000289', ght: 'GHT 44' });
    assert.equal(x.status, 201, x.text);
    const e = x.json.data;
    assert.equal(e.departement, 'DEP-44');
    assert.ok(Math.abs(e.lat - 47.23196) < 1e-6 && Math.abs(e.lon + 1.54821) < 1e-6, 'the commune centroid');
    const dup = await staff.post('/api/establishments', { name: 'Autre', category: 'ch', commune: '44109', finess: '440000289' });
    assert.equal(dup.json.error.fields[0].message, 'un autre établissement porte ce numéro FINESS');
    // a merged code moves it to today's commune, and its centroid
    const moved = await staff.patch(`/api/establishments/${e.id}`, { commune: '44160' });
    assert.equal(moved.json.data.commune, '44003');
    assert.notEqual(moved.json.data.lat, e.lat);
    const pinned = await staff.patch(`/api/establishments/${e.id}`, { lat: 47.2, lon: -1.55 });
    assert.deepEqual([pinned.json.data.lat, pinned.json.data.lon], [47.2, -1.55]);
    // filters
    const chus = (await staff.get('/api/establishments?category=chu&departement=DEP-44')).json;
    assert.ok(chus.data.every((r) => r.category === 'chu' && r.departement === 'DEP-44') && chus.meta.total >= 2);
    assert.equal((await staff.get('/api/establishments?q=440000289')).json.data[0].id, e.id);
    const area = (await staff.get('/api/areas')).json.data.find((r) => r.code === 'DEMO-LE-MANS');
    const inArea = (await staff.get(`/api/establishments?area_id=${area.id}`)).json.data;
    assert.deepEqual(inArea.map((r) => r.commune), ['72181']);
    const nul = await staff.patch(`/api/establishments/${e.id}`, { finess: null });
    assert.equal(nul.json.data.finess, null);
  });

  test('employers see their organisation\'s establishments and manage their units only', async () => {
    const mine = (await employeur.get('/api/establishments')).json;
    assert.equal(mine.meta.total, 1);
    const own = mine.data[0];
    assert.equal(own.org_name, 'EHPAD de démonstration (Sarthe)');
    const other = (await staff.get('/api/establishments?category=ch')).json.data[0];
    assert.equal((await employeur.get(`/api/establishments/${other.id}`)).status, 404);
    assert.equal((await employeur.post(`/api/establishments/${other.id}/units`, { name: 'Intrus' })).status, 404);
    assert.equal((await employeur.patch(`/api/establishments/${own.id}`, { name: 'Renommé' })).status, 403);
    assert.equal((await employeur.post('/api/establishments', { name: 'X', category: 'ch', commune: '72181' })).status, 403);
    const u = await employeur.post(`/api/establishments/${own.id}/units`, { name: 'Accueil de jour', specialty: 'Gériatrie' });
    assert.equal(u.status, 201, u.text);
    assert.equal((await employeur.post(`/api/establishments/${own.id}/units`, { name: 'Accueil de jour' })).json.error.fields[0].field, 'name');
    assert.equal((await employeur.patch(`/api/units/${u.json.data.id}`, { name: 'Accueil de jour (PASA)' })).json.data.name, 'Accueil de jour (PASA)');
    const units = (await employeur.get(`/api/establishments/${own.id}/units`)).json.data.map((x) => x.name);
    assert.ok(units.includes('Accueil de jour (PASA)'));
    assert.equal((await employeur.del(`/api/units/${u.json.data.id}`)).status, 200);
    assert.equal((await candidat.get('/api/establishments')).status, 403);
    // staff attach and detach an organisation
    const orgs = (await staff.get('/api/organisations?limit=200')).json.data;
    const ifsi = orgs.find((o) => o.name === 'IFSI de démonstration (Angers)');
    const t = await staff.patch(`/api/establishments/${other.id}`, { org_id: ifsi.id });
    assert.equal(t.json.data.org_name, ifsi.name);
    assert.equal((await staff.patch(`/api/establishments/${other.id}`, { org_id: null })).json.data.org_id, null);
  });

  test('FINESS extract: Latin-1, Lambert 93, upsert by number, all or nothing', async () => {
    const bytes = fs.readFileSync(SAMPLE);
    const first = await staff.post('/api/finess-imports', bytes, { headers: LATIN1 });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual([first.json.data.created, first.json.data.geolocated, first.json.data.centroid], [8, 6, 2]);
    const genets = (await staff.get('/api/establishments?q=440990026')).json.data[0];
    assert.equal(genets.name, 'EHPAD FICTIF LES GENÊTS');
    assert.equal(genets.category, 'ehpad');
    assert.ok(Math.abs(genets.lat - 47.18) < 1e-5 && Math.abs(genets.lon + 1.549) < 1e-5, 'Lambert 93 converted');
    const ssiad = (await staff.get('/api/establishments?q=440990034')).json.data[0];
    assert.equal(ssiad.name, 'SERVICE DE SOINS INFIRMIERS À DOMICILE DE L’ERDRE');
    assert.equal(ssiad.commune, '44003', 'the 2018 code followed to today\'s commune');
    const again = await staff.post('/api/finess-imports', bytes, { headers: LATIN1 });
    assert.deepEqual([again.json.data.created, again.json.data.updated, again.json.data.unchanged], [0, 0, 8]);
    // a changed category is an update; a bad key anywhere writes nothing
    const text = bytes.toString('latin1');
    const changed = Buffer.from(text.replace(';500;Etablissement', ';501;Etablissement'), 'latin1');
    const up = await staff.post('/api/finess-imports', changed, { headers: LATIN1 });
    assert.deepEqual([up.json.data.updated, up.json.data.unchanged], [0, 8], 'EHPA 501 is still an ehpad');
    const before = [auditCount(), count('SELECT count(*) FROM establishments')];
    const broken = Buffer.from(text.replace('structureet;720990050;', 'structureet;720990051;').replace(';124;Centre de Santé;1202', ';12x;Centre de Santé;1202'), 'latin1');
    const bad = await staff.post('/api/finess-imports', broken, { headers: LATIN1 });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.error.errors.map((e) => [e.row, e.col, e.column]),
      [[6, 2, 'nofinesset'], [7, 19, 'categetab']]);
    assert.deepEqual([auditCount(), count('SELECT count(*) FROM establishments')], before);
    assert.equal((await employeur.post('/api/finess-imports', bytes, { headers: LATIN1 })).status, 403);
  });

  test('plam import finess and areas on the command line: progress, errors by line, exit codes', () => {
    const bad = path.join(dir, 'zones.csv');
    fs.writeFileSync(bad, `${HEADER}ZE-CLI;Zone CLI;emploi;4410\n`);
    const r = runPlam(['import', 'areas', bad, '--db', srv.db]);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /ligne 2, colonne 4 \(code commune\) : code commune INSEE de 5 caractères attendu/);
    assert.match(r.stderr, /1 erreur, rien n'a été importé/);
    fs.writeFileSync(bad, `${HEADER}ZE-CLI;Zone CLI;emploi;85191\n`);
    const ok = runPlam(['import', 'areas', bad, '--db', srv.db]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /1 lignes lues : 1 zones \(1 créées, 0 mises à jour\), 1 communes/);
    const f = runPlam(['import', 'finess', SAMPLE, '--db', srv.db]);
    assert.equal(f.status, 0, f.stderr);
    assert.match(f.stderr, /8 \/ 8 établissements écrits/);
    assert.match(f.stdout, /8 établissements lus : 0 créés, 0 mis à jour, 8 inchangés/);
  });
});
