// The ranking index's per-write updates across processes (migration 0021's
// change log), on both engines: two servers on one database, each with its
// own in-memory index. Writes through server A's API and by raw SQL (a new
// candidate, a candidate moved away, one deactivated, a qualification
// expired) show in server B's ranking of a need at once; B catches up from
// the change log rows written by A's process (the unit test
// index_per_write checks that no full reload happens).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbQuery, startServer } from '../lib/server.mjs';
import { seedBase, seedCandidates, seedNeed } from '../lib/offer_fixture.mjs';

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
    const [[gen, rows, top]] = dbQuery(a, 'SELECT (SELECT gen FROM candidate_generation), count(*), max(gen) FROM candidate_changes');
    assert.equal(top, gen);
    assert.equal(Number(rows), Number(gen));
  });
});
