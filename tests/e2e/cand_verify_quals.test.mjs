// Employers verify qualifications (cand, issue 11), on both engines: an
// employer sees and verifies the qualifications of a candidate who accepted
// an offer of their organisation's need, and of no one else (a candidate who
// was only offered the need, or took their acceptance back, does not exist
// for them); who verified and when are recorded, the write is audited;
// plan staff verify anyone; candidates and other roles may not; the code is
// checked and named in French.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbQuery, startServer } from '../lib/server.mjs';
import { seedBase, seedCandidates, seedNeed, seedOffers } from '../lib/offer_fixture.mjs';

const one = (srv, sql) => dbQuery(srv, sql)[0]?.[0];

describe('employers verify qualifications', { timeout: 180000 }, () => {
  let srv, employer, staff;
  before(async () => {
    srv = await startServer({ args: ['--offer-tick', '0'] });
    seedBase(srv);
    seedCandidates(srv, 99501, 4);
    dbQuery(srv, `INSERT INTO candidate_qualifications(candidate_id, code, valid_until) VALUES
      (99501, 'AFGSU2', '2031-06-30'), (99502, 'AFGSU2', NULL), (99503, 'AFGSU2', NULL), (99504, 'AFGSU2', NULL);`, { write: true });
    seedNeed(srv, { id: 99601, headcount: 3, start: '2030-03-22T08:00+01:00', end: '2030-03-22T20:00+01:00' });
    seedNeed(srv, { id: 99602, estab: 90002, start: '2030-03-24T08:00+01:00', end: '2030-03-24T20:00+01:00' });
    const [a, , c] = seedOffers(srv, 99601, [99501, 99502, 99503]);
    const [d] = seedOffers(srv, 99602, [99504]);
    const anon = srv.anon();
    for (const o of [a, c, d]) assert.equal((await anon.post('/api/offer-link/answer', { token: o.token, answer: 'accept' })).status, 200);
    assert.equal((await anon.post('/api/offer-link/answer', { token: c.token, answer: 'undo' })).status, 200);
    employer = await srv.login('employeur');
    staff = await srv.login('staff');
  });
  after(async () => { await srv?.stop(); });

  test('an employer sees the qualifications of a candidate who accepted its offer, and verifies one', async () => {
    let r = await employer.get('/api/candidates/99501/qualifications');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.last_name, 'Nom99501');
    assert.deepEqual(r.json.data.qualifications.map((q) => [q.code, q.valid_until, q.verified]), [['AFGSU2', '2031-06-30', false]]);
    r = await employer.post('/api/candidates/99501/qualifications/verify', { code: 'AFGSU2' });
    assert.equal(r.status, 200, r.text);
    const q = r.json.data.qualifications[0];
    const empId = Number(one(srv, "SELECT id FROM users WHERE login = 'employeur'"));
    assert.equal(q.verified, true);
    assert.equal(q.verified_by, empId);
    assert.ok(q.verified_by_name);
    assert.match(q.verified_at, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(one(srv, "SELECT verified_by FROM candidate_qualifications WHERE candidate_id = 99501 AND code = 'AFGSU2'"), String(empId));
    const audit = dbQuery(srv, "SELECT user_login, entity_id, after FROM audit_log WHERE action = 'verify' AND entity = 'candidate' ORDER BY id DESC LIMIT 1")[0];
    assert.equal(audit[0], 'employeur');
    assert.equal(audit[1], '99501');
    assert.match(audit.slice(2).join('|'), /"verified_by":\s*\d+/);
    // the candidate sees it verified on their record
    r = await staff.get('/api/candidates/99501');
    assert.equal(r.json.data.qualifications[0].verified, true);
  });

  test('no one else: offered only, acceptance taken back, another organisation\'s offer', async () => {
    for (const id of [99502, 99503, 99504]) {
      assert.equal((await employer.get(`/api/candidates/${id}/qualifications`)).status, 404, `${id}`);
      assert.equal((await employer.post(`/api/candidates/${id}/qualifications/verify`, { code: 'AFGSU2' })).status, 404, `${id}`);
    }
    assert.equal(one(srv, 'SELECT count(*) FROM candidate_qualifications WHERE candidate_id IN (99502, 99503, 99504) AND verified_by IS NOT NULL'), '0');
    assert.equal((await employer.get('/api/candidates/999999/qualifications')).status, 404);
  });

  test('the code is checked: unknown, or not declared by the candidate', async () => {
    let r = await employer.post('/api/candidates/99501/qualifications/verify', { code: 'PAS-UN-CODE' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.fields[0].field, 'code');
    r = await employer.post('/api/candidates/99501/qualifications/verify', { code: 'PSC1' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.fields[0].field, 'code');
    assert.match(r.json.error.fields[0].message, /n'a pas déclaré cette qualification/);
  });

  test('plan staff verify anyone; candidates and other roles may not', async () => {
    const r = await staff.post('/api/candidates/99502/qualifications/verify', { code: 'AFGSU2' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.qualifications[0].verified_by, Number(one(srv, "SELECT id FROM users WHERE login = 'staff'")));
    for (const login of ['candidat', 'partenaire', 'interne']) {
      const c = await srv.login(login);
      assert.equal((await c.get('/api/candidates/99501/qualifications')).status, 403, login);
      assert.equal((await c.post('/api/candidates/99501/qualifications/verify', { code: 'AFGSU2' })).status, 403, login);
    }
  });
});
