// The offers' scheduler step (`plam offer tick`, issue 11) on both engines:
// one need whose wave fails (its only candidate's stored e-mail address is
// refused by the mail module) is logged in French with its id and skipped;
// the needs after it in the same step still get their waves, the step
// prints its counts and exits 3 (the others were done). A need's own
// expiry (expires_at): refused after the first slot's start, accepted at it;
// the step expires the need and its pending offers at that instant, not a
// minute before.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbQuery, runPlam, startServer } from '../lib/server.mjs';
import { seedBase, seedCandidates, seedNeed } from '../lib/offer_fixture.mjs';

const one = (srv, sql) => dbQuery(srv, sql)[0][0];

describe('offer scheduler step', { timeout: 120000 }, () => {
  let srv, employer;
  before(async () => {
    srv = await startServer({ args: ['--offer-tick', '0'] });
    seedBase(srv);
    seedCandidates(srv, 93001, 3);
    employer = await srv.login('employeur');
  });
  after(async () => { await srv?.stop(); });

  test('a failing need is logged and skipped, the others get their waves', async () => {
    seedNeed(srv, { id: 94001, start: '2030-03-10T08:00+01:00', end: '2030-03-10T20:00+01:00' });
    seedNeed(srv, { id: 94002, start: '2030-03-11T08:00+01:00', end: '2030-03-11T20:00+01:00' });
    // need 94001 asks for a profession whose only candidate has an address the mail module refuses
    seedCandidates(srv, 93901, 1);
    dbQuery(srv, `UPDATE candidates SET profession = 'ASH', email = 'pas-une-adresse' WHERE id = 93901;
      UPDATE needs SET profession = 'ASH' WHERE id = 94001;`, { write: true });
    const t = runPlam(['offer', 'tick', '--db', srv.db, '--now', '2030-03-01T08:00+01:00']);
    assert.equal(t.status, 3, t.stdout + t.stderr);
    assert.match(t.stderr, /échec de la vague d'offres : besoin ignoré/);
    assert.match(t.stderr, /besoin="?94001"?/);
    assert.match(t.stderr, /adresse électronique invalide/);
    assert.match(t.stdout, /1 vague\(s\) envoyée\(s\), 3 offre\(s\) envoyée\(s\), \d+ offre\(s\) expirée\(s\), \d+ besoin\(s\) expiré\(s\), 1 besoin\(s\) en échec/);
    assert.equal(one(srv, 'SELECT count(*) FROM offers WHERE need_id = 94001'), '0');
    assert.equal(one(srv, 'SELECT count(*) FROM offers WHERE need_id = 94002'), '3');
    assert.equal(one(srv, 'SELECT count(*) FROM outbox WHERE recipient = \'c93001@exemple.fr\''), '1');
    // with the address mended, the next step sends its wave and fails nothing
    dbQuery(srv, "UPDATE candidates SET email = 'c93901@exemple.fr' WHERE id = 93901", { write: true });
    const t2 = runPlam(['offer', 'tick', '--db', srv.db, '--now', '2030-03-01T08:01+01:00']);
    assert.equal(t2.status, 0, t2.stdout + t2.stderr);
    assert.match(t2.stdout, /1 vague\(s\) envoyée\(s\), 1 offre\(s\) envoyée\(s\).*0 besoin\(s\) en échec/);
    assert.equal(one(srv, 'SELECT count(*) FROM offers WHERE need_id = 94001'), '1');
  });

  test("a need's expiry: validated against the first slot, honoured by the step at its edge", async () => {
    const body = {
      establishment_id: 90001, profession: 'IDE', reason: 'seasonal', contract: 'shift', max_km: 100, pools: [90001],
      slots: [{ start: '2030-03-16T08:00+01:00', end: '2030-03-16T20:00+01:00' }, { start: '2030-03-15T08:00+01:00', end: '2030-03-15T20:00+01:00' }],
    };
    let r = await employer.post('/api/needs', { ...body, expires_at: '2030-03-15T08:01+01:00' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'expires_at');
    assert.match(r.json.error.fields[0].message, /premier créneau/);
    r = await employer.post('/api/needs', { ...body, expires_at: 'demain' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'expires_at');
    r = await employer.post('/api/needs', { ...body, expires_at: '2030-03-15T08:00+01:00' }); // at the first start: allowed
    assert.equal(r.status, 201, r.text);
    r = await employer.post('/api/needs', { ...body, expires_at: '2030-03-14T18:00+01:00' });
    assert.equal(r.status, 201, r.text);
    const id = r.json.data.id;
    assert.equal(r.json.data.expires_at, '2030-03-14T18:00+01:00');
    assert.equal((await employer.get(`/api/needs/${id}`)).json.data.expires_at, '2030-03-14T18:00+01:00');
    let t = runPlam(['offer', 'tick', '--db', srv.db, '--now', '2030-03-14T17:00+01:00']);
    assert.equal(one(srv, `SELECT status FROM needs WHERE id = ${id}`), 'open');
    assert.ok(Number(one(srv, `SELECT count(*) FROM offers WHERE need_id = ${id} AND status = 'sent'`)) >= 1);
    // every offer of the need expires at the need's expiry at the latest (offers live 60 min by default: 18:00)
    assert.equal(one(srv, `SELECT max(expires_at) FROM offers WHERE need_id = ${id}`), String(Date.parse('2030-03-14T18:00+01:00') / 1000));
    t = runPlam(['offer', 'tick', '--db', srv.db, '--now', '2030-03-14T17:59+01:00']);
    assert.equal(one(srv, `SELECT status FROM needs WHERE id = ${id}`), 'open');
    t = runPlam(['offer', 'tick', '--db', srv.db, '--now', '2030-03-14T18:00+01:00']);
    assert.equal(t.status, 0, t.stdout + t.stderr);
    assert.match(t.stdout, /[1-9]\d* besoin\(s\) expiré\(s\)/);
    assert.equal(one(srv, `SELECT status FROM needs WHERE id = ${id}`), 'expired');
    assert.equal(one(srv, `SELECT count(*) FROM offers WHERE need_id = ${id} AND status = 'sent'`), '0');
    r = await employer.post(`/api/needs/${id}/waves`);
    assert.equal(r.status, 409, r.text);
  });
});
