// XLSX imports of candidates and needs (issue 11, "Data in"), beside the CSV
// ones, on both engines: workbooks built in the test (tests/lib/xlsx_make.mjs)
// are uploaded to /api/candidate-imports and /api/need-imports and given to
// `plam import candidates|needs`; the same columns and rules as CSV apply,
// errors come in French by row and column, a date-formatted cell is refused
// (slots need their offset), and nothing is written on error.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dbQuery, runPlam, startServer } from '../lib/server.mjs';
import { seedBase } from '../lib/offer_fixture.mjs';
import { makeXlsx } from '../lib/xlsx_make.mjs';

const XLSX = { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
const one = (srv, sql) => dbQuery(srv, sql)[0][0];
const CAND_HEAD = ['Prénom', 'Nom', 'Email', 'Profession', 'Distance max km', 'Contrats', 'Latitude', 'Longitude', 'Département', 'Disponibilités', 'Viviers'];
const NEED_HEAD = ['Établissement', 'Profession', 'Créneaux', 'Motif', 'Contrat', 'Distance max km', 'Viviers', 'Effectif', 'Échéance'];

describe('XLSX imports of candidates and needs', { timeout: 180000 }, () => {
  let srv, staff, employer, dir;
  before(async () => {
    srv = await startServer({ args: ['--offer-tick', '0'] });
    seedBase(srv);
    staff = await srv.login('staff');
    employer = await srv.login('employeur');
    dir = mkdtempSync(join(tmpdir(), 'plam-xlsx-'));
  });
  after(async () => {
    await srv?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('candidates: a workbook through the API, numbers as numbers, then errors by row and column', async () => {
    const ok = makeXlsx([CAND_HEAD,
      ['Zoé', 'Xlsx', 'zoe.xlsx@exemple.fr', 'IDE', 25, 'shift|fixed_term', 47.2, -1.55, 'DEP-44', '2030-03-01T00:00+01:00/2030-03-31T00:00+02:00', 90001],
      ['Yann', 'Xlsx', 'yann.xlsx@exemple.fr', 'AS', 10.5, 'shift', 47.21, -1.56, 'DEP-44', '', '']]);
    let r = await staff.post('/api/candidate-imports', ok, { headers: XLSX });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.created, 2);
    assert.equal(one(srv, "SELECT max_km FROM candidates WHERE email = 'yann.xlsx@exemple.fr'"), '10.5');
    assert.equal(one(srv, "SELECT count(*) FROM candidate_pools p JOIN candidates c ON c.id = p.candidate_id WHERE c.email = 'zoe.xlsx@exemple.fr'"), '1');
    const before = one(srv, 'SELECT count(*) FROM candidates');
    const bad = makeXlsx([CAND_HEAD,
      ['Anne', 'Bonne', 'anne.xlsx@exemple.fr', 'IDE', 20, 'shift', 47.2, -1.55, 'DEP-44', '', ''],
      ['Marc', 'Mauvais', 'marc.xlsx@exemple.fr', 'IDE', 'dix', 'shift', 47.2, -1.55, 'DEP-44', '', ''],
      ['Lise', 'Date', 'lise.xlsx@exemple.fr', 'IDE', 20, 'shift', 47.2, -1.55, 'DEP-44', { date: '2030-03-01' }, '']]);
    r = await staff.post('/api/candidate-imports', bad, { headers: XLSX });
    assert.equal(r.status, 400, r.text);
    const errs = r.json.error.errors;
    assert.deepEqual(errs.map((e) => [e.row, e.col]), [[3, 5], [4, 10]]);
    assert.equal(errs[0].message, 'ligne 3, colonne 5 (distance_max_km) : nombre attendu, lu « dix »');
    assert.match(errs[1].message, /^ligne 4, colonne 10 \(disponibilites\) : cellule au format date : écrivez la date en texte ISO 8601 avec son décalage/);
    assert.equal(one(srv, 'SELECT count(*) FROM candidates'), before, 'nothing written');
    // a file that is not a workbook
    r = await staff.post('/api/candidate-imports', Buffer.from('PK\x03\x04pas un classeur'), { headers: XLSX });
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.error.errors[0].message, /^fichier XLSX : /);
  });

  test('needs: a workbook through the API, a rule refused at its row, the expiry column', async () => {
    const row = (prof, expiry = '') => [90001, prof, '2030-04-02T07:00+02:00/2030-04-02T19:00+02:00', 'seasonal', 'shift', 30, 90001, 2, expiry];
    let r = await employer.post('/api/need-imports', makeXlsx([NEED_HEAD, row('IDE', '2030-04-01T20:00+02:00'), row('AS')]), { headers: XLSX });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.created, 2);
    const [a, b] = r.json.data.ids;
    assert.equal(one(srv, `SELECT expires_at FROM needs WHERE id = ${a}`), '2030-04-01T20:00+02:00');
    assert.equal(one(srv, `SELECT headcount FROM needs WHERE id = ${b}`), '2');
    const before = one(srv, 'SELECT count(*) FROM needs');
    r = await employer.post('/api/need-imports', makeXlsx([NEED_HEAD, row('IDE'), row('IDE', '2030-04-02T08:00+02:00'), row('PAS-UNE-PROFESSION')]), { headers: XLSX });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.json.error.errors.map((e) => e.row), [3, 4]);
    assert.match(r.json.error.errors[0].message, /^ligne 3.*échéance ne peut pas suivre le début du premier créneau/);
    assert.equal(one(srv, 'SELECT count(*) FROM needs'), before, 'nothing written');
  });

  test('plam import candidates|needs: CSV and XLSX files from the command line', () => {
    const cand = join(dir, 'candidats.xlsx');
    writeFileSync(cand, makeXlsx([CAND_HEAD, ['Inès', 'Cli', 'ines.cli@exemple.fr', 'IDE', 15, 'shift', 47.2, -1.55, 'DEP-44', '', 90001]]));
    let t = runPlam(['import', 'candidates', cand, '--db', srv.db]);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /^plam import : 1 candidat importé depuis « .*candidats\.xlsx » \(XLSX\)$/m);
    assert.equal(one(srv, "SELECT count(*) FROM candidates WHERE email = 'ines.cli@exemple.fr'"), '1');
    const csv = join(dir, 'besoins.csv');
    writeFileSync(csv, 'etablissement;profession;creneaux;motif;contrat;distance_max_km;viviers\n90001;AS;2030-04-05T07:00+02:00/2030-04-05T19:00+02:00;replacement;shift;20;90001\n');
    t = runPlam(['import', 'needs', csv, '--db', srv.db]);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /1 besoin importé .*\(CSV\)/);
    const before = one(srv, 'SELECT count(*) FROM needs');
    const bad = join(dir, 'besoins.xlsx');
    writeFileSync(bad, makeXlsx([NEED_HEAD, [90001, 'IDE', { date: '2030-04-05' }, 'seasonal', 'shift', 30, 90001, 1, '']]));
    t = runPlam(['import', 'needs', bad, '--db', srv.db]);
    assert.equal(t.status, 3, t.stdout + t.stderr);
    assert.match(t.stderr, /ligne 2, colonne 3 \(creneaux\) : cellule au format date/);
    assert.match(t.stderr, /1 erreur dans « .*besoins\.xlsx » \(XLSX\), rien n'a été importé/);
    assert.equal(one(srv, 'SELECT count(*) FROM needs'), before, 'nothing written');
  });
});
