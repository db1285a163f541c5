// The deployment's working-time limits and past missions (issue 11), on both
// engines. A server started with the default limits (48 h / 7 days, 11 h of
// rest, 12 h a shift) and one started with --min-rest-hours 6
// --max-shift-hours 10: a candidate whose confirmed shift ends 8 h before a
// need's slot is excluded (rule rest) by the first and ranked, offered and
// confirmed by the second; `plam offer tick` and `plam import needs` take
// the same options (or the configuration file's keys), with their bounds
// refused in French naming the option. A need whose slot is longer than the
// shift limit is refused, by the route and by the import. A confirmed shift
// that ended becomes done at the next scheduler step (once), then counts as
// a past mission with the establishment in its next ranking; a no-show
// declared after the end still turns it to no_show.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dbQuery, runPlam, startServer } from '../lib/server.mjs';
import { minutes, seedBase, seedCandidates, seedNeed, seedOffers } from '../lib/offer_fixture.mjs';
import { makeXlsx } from '../lib/xlsx_make.mjs';

const one = (srv, sql) => dbQuery(srv, sql)[0][0];
const CSV = { 'Content-Type': 'text/csv; charset=utf-8' };
const XLSX = { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
const FAR = 4102444800; // 2100: keeps a need away from the waves of a step
const CSV_HEAD = 'etablissement;profession;creneaux;motif;contrat;distance_max_km;viviers';

/** Candidates 95001 and 95002; 95001 has a confirmed shift (need 95100 of the
 * other establishment) ending 2030-03-05 20:00, 8 h before need 95101's slot. */
function seedRest(srv) {
  seedBase(srv);
  seedCandidates(srv, 95001, 2);
  seedNeed(srv, { id: 95100, estab: 90002, start: '2030-03-05T08:00+01:00', end: '2030-03-05T20:00+01:00', nextWaveAt: FAR });
  dbQuery(srv, `UPDATE needs SET status = 'filled' WHERE id = 95100;
    INSERT INTO assignments(candidate_id, need_id, slot_id, start_min, end_min, status)
    VALUES (95001, 95100, 95100, ${minutes('2030-03-05T08:00+01:00')}, ${minutes('2030-03-05T20:00+01:00')}, 'confirmed');`,
  { write: true });
  seedNeed(srv, { id: 95101, start: '2030-03-06T04:00+01:00', end: '2030-03-06T12:00+01:00', nextWaveAt: FAR });
}

const needBody = (start, end) => ({
  establishment_id: 90001, profession: 'IDE', reason: 'replacement', contract: 'shift', max_km: 100, pools: [90001],
  slots: [{ start, end }],
});

describe('working-time limits per deployment, past missions', { timeout: 300000 }, () => {
  let def, own, dir;
  before(async () => {
    def = await startServer({ args: ['--offer-tick', '0'] });
    own = await startServer({ args: ['--offer-tick', '0', '--min-rest-hours', '6', '--max-shift-hours', '10'] });
    seedRest(def);
    seedRest(own);
    dir = mkdtempSync(join(tmpdir(), 'plam-rules-'));
  });
  after(async () => {
    await own?.stop();
    await def?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('ranking and acceptance follow the server\'s rest limit', async () => {
    const rank = async (srv) => (await (await srv.login('employeur')).get('/api/needs/95101/ranking')).json.data;
    let r = await rank(def);
    assert.deepEqual(r.ranked.map((c) => c.candidate_id), [95002]);
    const ex = r.excluded.find((c) => c.candidate_id === 95001);
    assert.equal(ex.rule, 'rest', JSON.stringify(ex));
    assert.match(ex.explanation, /11 h/);
    r = await rank(own);
    assert.deepEqual(r.ranked.map((c) => c.candidate_id), [95001, 95002]);
    // acceptance re-checks with the same limits
    const [a] = seedOffers(def, 95101, [95001]);
    let res = await def.anon().post('/api/offer-link/answer', { token: a.token, answer: 'accept' });
    assert.equal(res.status, 409, res.text);
    assert.match(res.text, /repos/);
    const [b] = seedOffers(own, 95101, [95001]);
    res = await own.anon().post('/api/offer-link/answer', { token: b.token, answer: 'accept' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.data.status, 'confirmed');
  });

  test('plam offer tick: the waves follow --min-rest-hours (or the configuration file); bounds refused', () => {
    seedNeed(def, { id: 95102, start: '2030-03-06T04:00+01:00', end: '2030-03-06T12:00+01:00' });
    let t = runPlam(['offer', 'tick', '--db', def.db, '--now', '2030-03-01T08:00+01:00']);
    assert.equal(t.status, 0, t.stdout + t.stderr);
    assert.deepEqual(dbQuery(def, 'SELECT candidate_id FROM offers WHERE need_id = 95102').map((x) => x[0]), ['95002']);
    seedNeed(def, { id: 95103, start: '2030-03-06T04:00+01:00', end: '2030-03-06T12:00+01:00' });
    const conf = join(dir, 'plam.conf');
    writeFileSync(conf, 'min-rest-hours = 6\n');
    t = runPlam(['offer', 'tick', '--db', def.db, '--config', conf, '--now', '2030-03-01T08:00+01:00']);
    assert.equal(t.status, 0, t.stdout + t.stderr);
    assert.deepEqual(dbQuery(def, 'SELECT candidate_id FROM offers WHERE need_id = 95103 ORDER BY candidate_id').map((x) => x[0]), ['95001', '95002']);
    // bounds, named in French, on the command line and in the file; nothing is done
    const before = one(def, 'SELECT count(*) FROM offers');
    t = runPlam(['offer', 'tick', '--db', def.db, '--max-hours-7d', '169']);
    assert.equal(t.status, 2, t.stdout + t.stderr);
    assert.match(t.stderr, /--max-hours-7d attend un nombre d'heures entre 1 et 168/);
    writeFileSync(conf, 'min-rest-hours = 49\n');
    t = runPlam(['offer', 'tick', '--db', def.db, '--config', conf]);
    assert.equal(t.status, 2, t.stdout + t.stderr);
    assert.match(t.stderr, /--min-rest-hours attend un nombre d'heures entre 0 et 48/);
    t = runPlam(['serve', '--db', join(dir, 'x.db'), '--max-shift-hours', '0']);
    assert.equal(t.status, 2, t.stdout + t.stderr);
    assert.match(t.stderr, /plam serve : --max-shift-hours attend un nombre d'heures entre 1 et 24/);
    t = runPlam(['serve', '--help']);
    assert.match(t.stdout, /--max-shift-hours HEURES/);
    assert.equal(one(def, 'SELECT count(*) FROM offers'), before);
  });

  test('a slot longer than the shift limit is refused: route, upload and plam import needs', async () => {
    const emp = await def.login('employeur');
    let r = await emp.post('/api/needs', needBody('2030-03-20T06:00+01:00', '2030-03-20T20:00+01:00')); // 14 h
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'slots.end');
    assert.match(r.json.error.fields[0].message, /12 h au plus par créneau/);
    r = await emp.post('/api/needs', needBody('2030-03-20T06:00+01:00', '2030-03-20T18:00+01:00')); // 12 h: at the limit
    assert.equal(r.status, 201, r.text);
    const emp2 = await own.login('employeur');
    r = await emp2.post('/api/needs', needBody('2030-03-20T06:00+01:00', '2030-03-20T17:00+01:00')); // 11 h > 10 h
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'slots.end');
    assert.match(r.json.error.fields[0].message, /10 h au plus par créneau/);
    r = await emp2.post('/api/needs', needBody('2030-03-20T06:00+01:00', '2030-03-20T16:00+01:00'));
    assert.equal(r.status, 201, r.text);
    // the upload: row and column, nothing written
    const count = one(def, 'SELECT count(*) FROM needs');
    const row = (s, e) => `90001;IDE;${s}/${e};replacement;shift;20;90001`;
    r = await emp.post('/api/need-imports', `${CSV_HEAD}\n${row('2030-03-21T06:00+01:00', '2030-03-21T14:00+01:00')}\n${row('2030-03-22T06:00+01:00', '2030-03-22T20:00+01:00')}\n`, { headers: CSV });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.json.error.errors.map((e) => e.row), [3]);
    assert.equal(r.json.error.errors[0].column, 'slots.end');
    assert.match(r.json.error.errors[0].message, /^ligne 3, colonne slots\.end : 12 h au plus par créneau/);
    assert.equal(one(def, 'SELECT count(*) FROM needs'), count, 'nothing written');
    const sheet = makeXlsx([CSV_HEAD.split(';'), row('2030-03-22T06:00+01:00', '2030-03-22T20:00+01:00').split(';')]);
    r = await emp.post('/api/need-imports', sheet, { headers: XLSX });
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.error.errors[0].message, /^ligne 2, colonne slots\.end : 12 h au plus par créneau/);
    assert.equal(one(def, 'SELECT count(*) FROM needs'), count, 'nothing written');
    // the command line with its own limit
    const file = join(dir, 'besoins.csv');
    writeFileSync(file, `${CSV_HEAD}\n${row('2030-03-21T06:00+01:00', '2030-03-21T17:00+01:00')}\n`); // 11 h
    let t = runPlam(['import', 'needs', file, '--db', def.db, '--max-shift-hours', '10']);
    assert.equal(t.status, 3, t.stdout + t.stderr);
    assert.match(t.stderr, /ligne 2, colonne slots\.end : 10 h au plus par créneau/);
    assert.equal(one(def, 'SELECT count(*) FROM needs'), count);
    t = runPlam(['import', 'needs', file, '--db', def.db]); // 11 h within the default 12 h
    assert.equal(t.status, 0, t.stdout + t.stderr);
    assert.equal(one(def, 'SELECT count(*) FROM needs'), String(Number(count) + 1));
  });

  test('an ended shift becomes done at the next step, a past mission in the next ranking; a later no-show still counts', async () => {
    // need 95200 of establishment 90001: candidate 95002 confirmed on a shift that ended yesterday
    const h = 3600 * 1000;
    const start = new Date(Math.floor(Date.now() / h) * h - 36 * h), end = new Date(start.getTime() + 8 * h);
    const iso = (d) => d.toISOString().slice(0, 16) + 'Z';
    seedNeed(def, { id: 95200, start: iso(start), end: iso(end), nextWaveAt: FAR });
    const [o] = seedOffers(def, 95200, [95002]);
    dbQuery(def, `UPDATE needs SET status = 'filled' WHERE id = 95200;
      UPDATE offers SET status = 'confirmed', accepted_at = ${Math.floor(start.getTime() / 1000) - 86400},
        confirmed_at = ${Math.floor(start.getTime() / 1000) - 86400} WHERE need_id = 95200;
      INSERT INTO assignments(candidate_id, need_id, slot_id, start_min, end_min, status)
      VALUES (95002, 95200, 95200, ${minutes(iso(start))}, ${minutes(iso(end))}, 'confirmed');`, { write: true });
    assert.ok(o.token);
    const emp = await def.login('employeur');
    const reasons = async () => (await emp.get('/api/needs/95101/ranking')).json.data.ranked.find((c) => c.candidate_id === 95002).reasons;
    assert.ok((await reasons()).includes('aucune mission passée dans cet établissement'));
    let t = runPlam(['offer', 'tick', '--db', def.db]);
    assert.equal(t.status, 0, t.stdout + t.stderr);
    assert.match(t.stdout, /1 mission\(s\) terminée\(s\) passée\(s\) en effectuée\(s\)/);
    assert.equal(one(def, 'SELECT status FROM assignments WHERE need_id = 95200'), 'done');
    assert.equal(one(def, "SELECT count(*) FROM audit_log WHERE action = 'done' AND entity = 'assignment'"), '1');
    t = runPlam(['offer', 'tick', '--db', def.db]); // idempotent
    assert.match(t.stdout, /0 mission\(s\) terminée\(s\)/);
    assert.equal(one(def, "SELECT count(*) FROM audit_log WHERE action = 'done' AND entity = 'assignment'"), '1');
    assert.ok((await reasons()).includes('1 mission passée dans cet établissement'));
    // the employer declares the no-show after the end
    const offer = (await emp.get('/api/needs/95200/offers')).json.data.offers[0];
    const r = await emp.post(`/api/offers/${offer.id}/events`, { answer: 'no_show', reason: 'not_present' });
    assert.equal(r.status, 200, r.text);
    assert.equal(one(def, 'SELECT status FROM assignments WHERE need_id = 95200'), 'no_show');
    const after = await reasons();
    assert.ok(after.includes('aucune mission passée dans cet établissement'), after.join(' | '));
    assert.ok(after.includes('1 absence en 12 mois'), after.join(' | '));
  });
});
