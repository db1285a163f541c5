// The ranking index's per-write updates across processes (migration 0021's
// change log), on both engines: two servers on one database, each with its
// own in-memory index. Writes through server A's API and by raw SQL (a new
// candidate, a candidate moved away, one deactivated, a qualification
// expired; since migration 0026 also a confirmed shift, an offer sent and a
// late cancellation, which the index holds) show in server B's ranking of a
// need at once; B catches up from the change log rows written by A's
// process (the unit test index_per_write checks that no full reload happens).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbQuery, startServer } from '../lib/server.mjs';
import { seedBase, seedCandidates, seedNeed, seedOffers } from '../lib/offer_fixture.mjs';

// The generation as store_rcand_generation reads it (migration 0025).
const GENERATION = 'SELECT max(g) FROM (SELECT gen AS g FROM candidate_generation WHERE id = 1 '
  + 'UNION ALL SELECT max(gen) FROM candidate_changes) t';

describe('ranking index across processes', { timeout: 180000 }, () => {
  let a, b, staffA, employerB;
  before(async () => {
    a = await startServer({ args: ['--offer-tick', '0'] });
    b = await startServer({ db: a.db, args: ['--offer-tick', '0'] });
    seedBase(a);
    seedCandidates(a, 97001, 4);
    seedNeed(a, { id: 97501, start: '2030-03-12T08:00+01:00', end: '2030-03-12T20:00+01:00' });
    staffA = await a.login('staff');
    employerB = await b.login('employeur');
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  const ranked = async () => {
    const r = await employerB.get('/api/needs/97501/ranking');
    assert.equal(r.status, 200, r.text);
    return r.json.data.ranked.map((x) => x.candidate_id).sort((x, y) => x - y);
  };

  test('writes through one server and by SQL reach the other server\'s ranking', async () => {
    assert.deepEqual(await ranked(), [97001, 97002, 97003, 97004]); // B's first use loads its index
    const body = {
      first_name: 'Nouvelle', last_name: 'Voisine', email: 'voisine@exemple.fr', profession: 'IDE', lat: 47.2001, lon: -1.5501,
      departement: 'DEP-44', max_km: 50, accepts_shift: true, pools: [90001],
      availability: [{ kind: 'available', start: '2030-03-01T00:00+01:00', end: '2030-04-01T00:00+02:00' }],
    };
    let r = await staffA.post('/api/candidates', body);
    assert.equal(r.status, 201, r.text);
    const id = r.json.data.id;
    assert.deepEqual(await ranked(), [97001, 97002, 97003, 97004, id].sort((x, y) => x - y));
    // moved 300 km away through A: out of B's ranking
    r = await staffA.put(`/api/candidates/${id}`, { ...body, lat: 49.9, lon: 2.3, departement: 'DEP-80' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(await ranked(), [97001, 97002, 97003, 97004]);
    // back, then deactivated and another one's availability removed by raw SQL (another process)
    r = await staffA.put(`/api/candidates/${id}`, body);
    assert.equal(r.status, 200, r.text);
    assert.ok((await ranked()).includes(id));
    dbQuery(a, `UPDATE candidates SET active = 0 WHERE id = ${id}; DELETE FROM candidate_availability WHERE candidate_id = 97002;`,
      { write: true });
    assert.deepEqual(await ranked(), [97001, 97003, 97004]);
    // one log row per generation, on both engines
    const [[gen, rows, top]] = dbQuery(a, `SELECT (${GENERATION}), count(*), max(gen) FROM candidate_changes`);
    assert.equal(top, gen);
    assert.equal(Number(rows), Number(gen));
  });

  // Migration 0026: the candidates' history lives in each server's index; a
  // shift, an offer and a late cancellation written by raw SQL (another
  // process) reach B's ranking at once.
  test('a shift, an offer and a late cancellation written elsewhere reach the other server\'s ranking', async () => {
    const rankedFull = async () => {
      const r = await employerB.get('/api/needs/97501/ranking');
      assert.equal(r.status, 200, r.text);
      return r.json.data;
    };
    let d = await rankedFull();
    const reasons = (id) => d.ranked.find((x) => x.candidate_id === id)?.reasons ?? [];
    assert.ok(reasons(97004).includes('aucune proposition en 90 jours'), JSON.stringify(reasons(97004)));
    assert.ok(reasons(97004).includes('aucune absence en 12 mois'), JSON.stringify(reasons(97004)));
    seedNeed(a, { id: 97502, start: '2030-03-12T10:00+01:00', end: '2030-03-12T14:00+01:00' });
    const startMin = Date.parse('2030-03-12T10:00+01:00') / 60000, endMin = Date.parse('2030-03-12T14:00+01:00') / 60000;
    dbQuery(a, `INSERT INTO assignments(candidate_id, need_id, slot_id, start_min, end_min, status)
      VALUES (97003, 97502, 97502, ${startMin}, ${endMin}, 'confirmed')`, { write: true });
    seedOffers(a, 97502, [97004]);
    const now = Math.floor(Date.now() / 1000);
    dbQuery(a, `INSERT INTO offer_events(offer_id, candidate_id, kind, reason, late, at)
      SELECT id, candidate_id, 'cancel_candidate', 'illness', 1, ${now} FROM offers WHERE need_id = 97502 AND candidate_id = 97004`,
    { write: true });
    d = await rankedFull();
    assert.deepEqual(d.ranked.map((x) => x.candidate_id).sort((x, y) => x - y), [97001, 97004]);
    const out = d.excluded.find((x) => x.candidate_id === 97003);
    assert.equal(out?.rule, 'overlap', JSON.stringify(d.excluded));
    assert.ok(reasons(97004).includes('1 proposition en 90 jours'), JSON.stringify(reasons(97004)));
    assert.ok(reasons(97004).includes('1 absence en 12 mois'), JSON.stringify(reasons(97004)));
    // the shift cancelled: back in the ranking
    dbQuery(a, "UPDATE assignments SET status = 'cancelled' WHERE candidate_id = 97003 AND need_id = 97502", { write: true });
    d = await rankedFull();
    assert.deepEqual(d.ranked.map((x) => x.candidate_id).sort((x, y) => x - y), [97001, 97003, 97004]);
  });

  // Migration 0026: assignments go through the same log; 0014's
  // assignment_generation, updated once per statement, is gone (a transaction
  // writing N assignments one statement at a time cost O(N^2) on PostgreSQL).
  test('a transaction writing many assignments logs each once and moves the generation row at most once', async (t) => {
    if (!a.db.startsWith('postgres')) return t.skip('PostgreSQL only: SQLite updates the row in place');
    const [[top0]] = dbQuery(a, 'SELECT max(gen) FROM candidate_changes');
    const [[updated, logged, gone]] = dbQuery(a, `INSERT INTO need_slots(need_id, start_at, end_at, start_min, end_min)
        SELECT 97502, '2020-01-01T08:00Z', '2020-01-01T09:00Z', 26000000 + g * 120, 26000000 + g * 120 + 60
        FROM generate_series(1, 2000) g;
      DO $$BEGIN FOR i IN 1..2000 LOOP
        INSERT INTO assignments(candidate_id, need_id, slot_id, start_min, end_min, status)
        SELECT 97001, 97502, id, start_min, end_min, 'cancelled' FROM need_slots WHERE need_id = 97502 AND start_min = 26000000 + i * 120;
      END LOOP; END$$;
      SELECT pg_stat_get_xact_tuples_updated('candidate_generation'::regclass),
        (SELECT count(*) FROM candidate_changes WHERE gen > ${top0}),
        (SELECT count(*) FROM pg_tables WHERE tablename = 'assignment_generation');`, { write: true });
    assert.ok(Number(updated) <= 1, `candidate_generation updated ${updated} times in one transaction`);
    assert.equal(Number(logged), 2000);
    assert.equal(Number(gone), 0);
    assert.deepEqual((await ranked()), [97001, 97003, 97004]);
  });

  // Migration 0025: on PostgreSQL the log's trigger moved candidate_generation's
  // one row for every row written, and a transaction writing N rows cost O(N^2)
  // (every version of the row stays until the transaction ends). Now the row
  // moves at most once per transaction, and the log still has one row per
  // generation, numbered on across statements and transactions.
  test('a transaction writing many candidate rows logs each once and moves the generation row at most once', async (t) => {
    if (!a.db.startsWith('postgres')) return t.skip('PostgreSQL only: SQLite updates the row in place');
    const [[top0]] = dbQuery(a, 'SELECT max(gen) FROM candidate_changes');
    const [[updated, logged, gen]] = dbQuery(a, `INSERT INTO candidates(first_name, last_name, email, profession, departement, lat, lon, max_km)
        SELECT 'Prénom', 'Lot0026', 'c@exemple.fr', 'AS', 'DEP-44', 47.2, -1.55, 1 FROM generate_series(1, 3000);
      INSERT INTO candidate_pools(candidate_id, pool_id) SELECT id, 90001 FROM candidates WHERE last_name = 'Lot0026';
      SELECT pg_stat_get_xact_tuples_updated('candidate_generation'::regclass),
        (SELECT count(*) FROM candidate_changes WHERE gen > ${top0}), (${GENERATION});`, { write: true });
    assert.ok(Number(updated) <= 1, `candidate_generation updated ${updated} times in one transaction`);
    assert.equal(Number(logged), 6000);
    assert.equal(Number(gen), Number(top0) + 6000);
    // the next transaction numbers on; B's index catches up from the log
    dbQuery(a, "UPDATE candidates SET active = 0 WHERE last_name = 'Lot0026'", { write: true });
    const [[rows, top, first, gen2]] = dbQuery(a, `SELECT count(*), max(gen), min(gen), (${GENERATION}) FROM candidate_changes
      WHERE gen > ${top0}`);
    assert.equal(Number(rows), 9000);
    assert.equal(Number(first), Number(top0) + 1);
    assert.equal(top, gen2);
    assert.equal(Number(top), Number(top0) + 9000);
    assert.deepEqual(await ranked(), [97001, 97003, 97004]);
  });
});
