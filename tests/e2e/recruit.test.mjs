// Recruitment, stored side (issue 11) end to end on the real binary, on
// both engines: the nomenclatures, a candidate creating and reading only
// their own record (RPPS key and codes checked, cumul rules for a public
// agent), an employer posting a need for their establishment and reading its
// ranking without any contact detail, a new candidate near the
// establishment appearing in the ranking (the index follows writes), pools
// that plan staff close and that can no longer be joined, and the need
// status transitions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../lib/server.mjs';

const candidate = (extra = {}) => ({
  first_name: 'Jeanne', last_name: 'Essai', email: 'jeanne@example.org', phone: '0600000000', profession: 'AS',
  lat: 48.0062, lon: 0.1997, departement: 'DEP-72', max_km: 25, accepts_shift: true,
  qualifications: [{ code: 'AFGSU2', valid_until: '2029-12-31' }],
  availability: [{ start: '2027-01-10T00:00+01:00', end: '2027-01-31T00:00+01:00' }],
  ...extra,
});

describe('recruitment: candidates, pools, needs, ranking', { timeout: 120000 }, () => {
  let srv, staff, employeur, candidat, interne, need, pools;
  before(async () => {
    srv = await startServer();
    [staff, employeur, candidat, interne] = await Promise.all(
      ['staff', 'employeur', 'candidat', 'interne'].map((l) => srv.login(l)));
    const needs = await employeur.get('/api/needs');
    assert.equal(needs.status, 200);
    need = needs.json.data.find((n) => n.profession === 'AS' && !n.campaign_id); // the AS replacement, not the seasonal campaign's AS post
    assert.ok(need, 'demo need loaded by plam init --demo');
    pools = (await staff.get('/api/pools')).json.data;
  });
  after(async () => { await srv?.stop(); });

  test('nomenclatures are public, in French', async () => {
    const r = await srv.anon().get('/api/recruit/nomenclatures');
    assert.equal(r.status, 200);
    const ide = r.json.data.professions.find((p) => p.code === 'IDE');
    assert.match(ide.label, /Infirmier/);
    assert.ok(r.json.data.qualifications.some((q) => q.code === 'AFGSU2'));
  });

  test('a candidate creates and reads only their own record', async () => {
    assert.equal((await candidat.get('/api/me/candidate')).status, 404);
    let r = await candidat.post('/api/candidates', candidate({ rpps: '10000000008' }));
    assert.equal(r.status, 400);
    assert.equal(r.json.error.fields[0].field, 'rpps');
    r = await candidat.post('/api/candidates', candidate({ profession: 'NURSE' }));
    assert.equal(r.status, 400);
    assert.equal(r.json.error.fields[0].field, 'profession');
    // the address rule is the mail module's: an address an offer could not be e-mailed to is refused
    r = await candidat.post('/api/candidates', candidate({ email: 'Inès.Fictive@example.org' }));
    assert.equal(r.status, 400);
    assert.equal(r.json.error.fields[0].field, 'email');
    r = await candidat.post('/api/candidates', candidate({ rpps: '10000000009', situation: 'public_agent' }));
    assert.equal(r.status, 201, r.text);
    const mine = r.json.data;
    assert.match(mine.cumul.reference, /2020-69/);
    assert.match(mine.cumul.reference, /L123-1/);
    assert.equal((await candidat.post('/api/candidates', candidate())).status, 409);
    const me = await candidat.get('/api/me/candidate');
    assert.equal(me.json.data.id, mine.id);
    const other = (await staff.post('/api/candidates', candidate({ first_name: 'Autre' }))).json.data;
    assert.equal((await candidat.get(`/api/candidates/${other.id}`)).status, 404);
    assert.equal((await candidat.put(`/api/candidates/${other.id}`, candidate())).status, 404);
    // employers and interns never read a candidate record; an intern (a student's account, session 12)
    // may hold their own, so another one is "not found" to them, as to a candidate
    assert.equal((await employeur.get(`/api/candidates/${mine.id}`)).status, 403);
    const byIntern = await interne.get(`/api/candidates/${mine.id}`);
    assert.equal(byIntern.status, 404);
    assert.ok(!byIntern.text.includes(mine.first_name), byIntern.text);
    // a candidate cannot verify their own qualification; staff can
    r = await candidat.put(`/api/candidates/${mine.id}`, candidate({ qualifications: [{ code: 'AFGSU2', valid_until: '2029-12-31', verified: true }] }));
    assert.equal(r.json.data.qualifications[0].verified, false);
    r = await staff.put(`/api/candidates/${mine.id}`, candidate({ qualifications: [{ code: 'AFGSU2', valid_until: '2029-12-31', verified: true }] }));
    assert.equal(r.json.data.qualifications[0].verified, true);
    r = await candidat.put(`/api/candidates/${mine.id}`, candidate({ phone: '0611111111' }));
    assert.equal(r.status, 200);
    assert.equal(r.json.data.qualifications[0].verified, true, 'an unchanged qualification keeps its verification');
  });

  test('availability exceptions are cut out of the availability', async () => {
    const r = await staff.post('/api/candidates', candidate({
      first_name: 'Coupée',
      availability: [{ start: '2027-01-10T08:00Z', end: '2027-01-10T20:00Z' },
        { kind: 'unavailable', start: '2027-01-10T12:00Z', end: '2027-01-10T13:00Z' }],
    }));
    assert.equal(r.status, 201, r.text);
    const t = (iso) => Date.parse(iso) / 60000;
    assert.deepEqual(r.json.data.available_effective, [
      { start_min: t('2027-01-10T08:00Z'), end_min: t('2027-01-10T12:00Z') },
      { start_min: t('2027-01-10T13:00Z'), end_min: t('2027-01-10T20:00Z') }]);
  });

  test('an employer ranks a need of their establishment, without contact details', async () => {
    const dep = pools.find((p) => p.level === 'departement');
    const created = await staff.post('/api/candidates', candidate({ first_name: 'Proche', email: 'proche@example.org', pools: [dep.id] }));
    assert.equal(created.status, 201, created.text);
    const r = await employeur.get(`/api/needs/${need.id}/ranking`);
    assert.equal(r.status, 200, r.text);
    const first = r.json.data.ranked.find((x) => x.candidate_id === created.json.data.id);
    assert.ok(first, 'the new candidate next to the establishment is ranked');
    assert.match(first.reasons[0], /^à \d+,\d km$/);
    const text = JSON.stringify(r.json.data);
    assert.ok(!text.includes('example.org') && !text.includes('Proche') && !text.includes('0600000000'), 'no contact detail');
    for (const x of r.json.data.excluded) assert.ok(x.rule && x.explanation);
    assert.equal((await staff.get(`/api/needs/${need.id}/ranking`)).status, 200);
    assert.equal((await candidat.get(`/api/needs/${need.id}/ranking`)).status, 403);
  });

  test('needs: own establishment only, slots checked, transitions', async () => {
    const base = { establishment_id: need.establishment_id, profession: 'IDE', reason: 'replacement', contract: 'shift',
      max_km: 30, pools: [pools[0].id], qualifications: [{ code: 'AFGSU2' }],
      slots: [{ start: '2027-03-01T07:00+01:00', end: '2027-03-01T19:00+01:00' }] };
    let r = await employeur.post('/api/needs', { ...base, slots: [{ start: '2027-03-01T07:00', end: '2027-03-01T19:00+01:00' }] });
    assert.equal(r.status, 400);
    r = await employeur.post('/api/needs', { ...base, slots: [base.slots[0], { start: '2027-03-01T18:00+01:00', end: '2027-03-01T20:00+01:00' }] });
    assert.equal(r.status, 400);
    r = await employeur.post('/api/needs', { ...base, status: 'draft' });
    assert.equal(r.status, 201, r.text);
    const n = r.json.data;
    assert.equal(n.slots[0].start, '2027-03-01T07:00+01:00');
    assert.equal((await employeur.patch(`/api/needs/${n.id}`, { status: 'filled' })).status, 400);
    assert.equal((await employeur.patch(`/api/needs/${n.id}`, { status: 'open' })).json.data.status, 'open');
    assert.equal((await employeur.patch(`/api/needs/${n.id}`, { status: 'cancelled' })).json.data.status, 'cancelled');
    assert.equal((await employeur.patch(`/api/needs/${n.id}`, { status: 'open' })).status, 400);
    // plan staff post for any establishment (another organisation's is refused to an employer: unit test)
    assert.equal((await staff.post('/api/needs', { ...base })).status, 201);
  });

  test('a closed crisis pool can no longer be joined', async () => {
    const p = (await staff.post('/api/pools', { name: 'Crise e2e', level: 'crisis', parent_id: pools.find((x) => x.level === 'region').id })).json.data;
    assert.equal((await staff.post('/api/candidates', candidate({ first_name: 'Avant', pools: [p.id] }))).status, 201);
    assert.equal((await staff.patch(`/api/pools/${p.id}`, { status: 'closed' })).json.data.status, 'closed');
    const r = await staff.post('/api/candidates', candidate({ first_name: 'Après', pools: [p.id] }));
    assert.equal(r.status, 400);
    assert.equal(r.json.error.fields[0].field, 'pools');
    assert.equal((await employeur.post('/api/pools', { name: 'x', level: 'region' })).status, 403);
  });
});
