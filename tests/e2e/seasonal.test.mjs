// Seasonal campaigns for students (issue 11, "as Josette ran them"), on both
// engines: plan staff open a campaign (period, posts open to students,
// programmes and years admitted); an employer attaches a need to it (its
// post, slots inside the period; the campaign's pool reached); students
// apply (admitted codes only) and are ranked and offered through the
// existing engine and waves (a non-health student on a hospital service
// agent post); the public page lists the campaign's offers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbQuery, runPlam, startServer } from '../lib/server.mjs';
import { seedBase } from '../lib/offer_fixture.mjs';

const one = (srv, sql) => dbQuery(srv, sql)[0][0];

describe('seasonal campaigns for students', { timeout: 180000 }, () => {
  let srv, staff, employer, student, anon;
  before(async () => {
    srv = await startServer({ args: ['--offer-tick', '0'] });
    seedBase(srv);
    staff = await srv.login('staff');
    employer = await srv.login('employeur');
    student = await srv.login('candidat');
    anon = srv.anon();
  });
  after(async () => { await srv?.stop(); });

  test('open, attach, apply, rank, offer, public page', async () => {
    const campaign = { name: 'Été 2030 : étudiants en renfort', starts_on: '2030-07-01', ends_on: '2030-08-31',
      description: 'Postes d\'ASH avec formation sur place.', posts: [{ code: 'ASH' }, { code: 'AS' }],
      admitted: [{ code: 'ETU-AUTRE' }, { code: 'ETU-IDE-2' }] };
    // refused: a student code as a post, a post as admitted, no staff
    let r = await staff.post('/api/seasonal-campaigns', { ...campaign, posts: [{ code: 'ETU-AS' }] });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'posts');
    r = await staff.post('/api/seasonal-campaigns', { ...campaign, admitted: [{ code: 'IDE' }] });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'admitted');
    r = await staff.post('/api/seasonal-campaigns', { ...campaign, ends_on: '2030-06-30' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'ends_on');
    assert.equal((await employer.post('/api/seasonal-campaigns', campaign)).status, 403);
    r = await staff.post('/api/seasonal-campaigns', campaign);
    assert.equal(r.status, 201, r.text);
    const c = r.json.data;
    assert.deepEqual(c.posts.map((p) => p.code), ['AS', 'ASH']);
    assert.deepEqual(c.admitted.map((p) => p.code), ['ETU-AUTRE', 'ETU-IDE-2']);

    // the employer attaches a need: a post of the campaign, slots inside the period
    const need = { establishment_id: 90001, profession: 'ASH', reason: 'seasonal', contract: 'fixed_term', max_km: 50,
      campaign_id: c.id, slots: [{ start: '2030-07-15T07:00+02:00', end: '2030-07-15T15:00+02:00' }] };
    r = await employer.post('/api/needs', { ...need, profession: 'IDE' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'profession');
    r = await employer.post('/api/needs', { ...need, slots: [{ start: '2030-09-01T07:00+02:00', end: '2030-09-01T15:00+02:00' }] });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'slots');
    r = await employer.post('/api/needs', need);
    assert.equal(r.status, 201, r.text);
    const n = r.json.data;
    assert.equal(n.campaign_id, c.id);
    assert.deepEqual(n.pools.map((p) => p.id), [c.pool_id]);

    // the demo candidate becomes a non-health student near the establishment, then applies
    const me = await student.get('/api/me/candidate');
    const profile = { first_name: 'Léa', last_name: 'Étudiante', email: 'lea.etudiante@exemple.fr', profession: 'IDE',
      lat: 47.201, lon: -1.551, departement: 'DEP-44', max_km: 30, accepts_fixed_term: true,
      availability: [{ kind: 'available', start: '2030-07-01T00:00+02:00', end: '2030-09-01T00:00+02:00' }] };
    r = me.status === 200 ? await student.put(`/api/candidates/${me.json.data.id}`, profile) : await student.post('/api/candidates', profile);
    assert.ok(r.status === 200 || r.status === 201, r.text);
    const candId = r.json.data.id;
    r = await student.post(`/api/seasonal-campaigns/${c.id}/applications`);
    assert.equal(r.status, 400, r.text); // IDE is not an admitted student code
    assert.equal(r.json.error.fields[0].field, 'profession');
    r = await student.put(`/api/candidates/${candId}`, { ...profile, profession: 'ETU-AUTRE' });
    assert.equal(r.status, 200, r.text);
    r = await student.post(`/api/seasonal-campaigns/${c.id}/applications`);
    assert.equal(r.status, 201, r.text);
    assert.equal((await student.post(`/api/seasonal-campaigns/${c.id}/applications`)).status, 409);

    // ranked by the existing engine for the ASH post, then offered by a wave
    r = await employer.get(`/api/needs/${n.id}/ranking`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.data.ranked.map((x) => x.candidate_id), [candId]);
    const t = runPlam(['offer', 'tick', '--db', srv.db, '--now', '2030-07-01T08:00+02:00']);
    assert.equal(t.status, 0, t.stdout + t.stderr);
    assert.equal(one(srv, `SELECT count(*) FROM offers WHERE need_id = ${n.id} AND candidate_id = ${candId}`), '1');

    // the public page of the campaign lists its offers
    r = await anon.get(`/api/seasonal-campaigns/${c.id}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.data.offers.map((o) => o.id), [n.id]);
    assert.equal(r.json.data.offers[0].profession_label, "Agent ou agente de service hospitalier (ASH)");
    r = await anon.get('/api/seasonal-campaigns');
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.data.some((x) => x.id === c.id && x.open_needs === 1));
  });
});
