// Seasonal campaigns for students (issue 11, "as Josette ran them"), on both
// engines: plan staff open a campaign (period, posts open to students,
// programmes and years admitted); an employer attaches a need to it (its
// post, slots inside the period; the campaign's pool reached); students
// apply (admitted codes only) and are ranked and offered through the
// existing engine and waves (a non-health student on a hospital service
// agent post); the public page lists the campaign's offers. Session 11:
// staff close and reopen a campaign (permissions, errors naming the field,
// the audit entry, what closing does to applications and attached needs,
// the counts), and a student's export lists their applications, which the
// erasure removes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbQuery, runPlam, startServer } from '../lib/server.mjs';
import { seedBase } from '../lib/offer_fixture.mjs';

const one = (srv, sql) => dbQuery(srv, sql)[0][0];

describe('seasonal campaigns for students', { timeout: 180000 }, () => {
  let srv, staff, employer, student, anon;
  let c, n, candId; // the campaign, its need and the student of the first test
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
    c = r.json.data;
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
    n = r.json.data;
    assert.equal(n.campaign_id, c.id);
    assert.deepEqual(n.pools.map((p) => p.id), [c.pool_id]);

    // the demo candidate becomes a non-health student near the establishment, then applies
    const me = await student.get('/api/me/candidate');
    const profile = { first_name: 'Léa', last_name: 'Étudiante', email: 'lea.etudiante@exemple.fr', profession: 'IDE',
      lat: 47.201, lon: -1.551, departement: 'DEP-44', max_km: 30, accepts_fixed_term: true,
      availability: [{ kind: 'available', start: '2030-07-01T00:00+02:00', end: '2030-09-01T00:00+02:00' }] };
    r = me.status === 200 ? await student.put(`/api/candidates/${me.json.data.id}`, profile) : await student.post('/api/candidates', profile);
    assert.ok(r.status === 200 || r.status === 201, r.text);
    candId = r.json.data.id;
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

  test('a campaign of one département: only its establishments attach needs', async () => {
    const base = { name: 'Été 2030 en Loire-Atlantique', starts_on: '2030-07-01', ends_on: '2030-08-31',
      posts: [{ code: 'ASH' }], admitted: [{ code: 'ETU-AUTRE' }] };
    for (const departement of ['DEP-999', 'REG-52', 'FR']) {
      const r = await staff.post('/api/seasonal-campaigns', { ...base, departement });
      assert.equal(r.status, 400, `${departement}: ${r.text}`);
      assert.equal(r.json.error.fields[0].field, 'departement');
    }
    let r = await staff.post('/api/seasonal-campaigns', { ...base, departement: 'DEP-123456789' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'departement');
    r = await staff.post('/api/seasonal-campaigns', { ...base, name: 'Été 2030 en Sarthe', departement: 'DEP-72' });
    assert.equal(r.status, 201, r.text);
    const sarthe = r.json.data;
    assert.equal(sarthe.departement, 'DEP-72');
    assert.equal(sarthe.departement_name, 'Sarthe');
    r = await staff.post('/api/seasonal-campaigns', { ...base, departement: 'DEP-44' });
    assert.equal(r.status, 201, r.text);
    const la = r.json.data;
    assert.equal(c.departement, null, 'a campaign without one covers the whole region');
    // establishment 90001 is in Loire-Atlantique (DEP-44)
    const need = (id) => ({ establishment_id: 90001, profession: 'ASH', reason: 'seasonal', contract: 'fixed_term', max_km: 50,
      campaign_id: id, slots: [{ start: '2030-07-20T07:00+02:00', end: '2030-07-20T15:00+02:00' }] });
    r = await employer.post('/api/needs', need(sarthe.id));
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'establishment_id');
    assert.match(r.json.error.fields[0].message, /hors du département de la campagne/);
    r = await employer.post('/api/needs', need(la.id));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.data.campaign_id, la.id);
    r = await anon.get(`/api/seasonal-campaigns/${la.id}`);
    assert.equal(r.json.data.departement_name, 'Loire-Atlantique');
    assert.equal(r.json.data.needs, 1);
  });

  test('staff close and reopen a campaign: permissions, errors, audit, what closing does', async () => {
    const counts = async () => {
      const x = (await anon.get(`/api/seasonal-campaigns/${c.id}`)).json.data;
      return { status: x.status, needs: x.needs, open_needs: x.open_needs, applicants: x.applicants, placed: x.placed };
    };
    // the student accepts the offer of the first test (placed), the employer attaches a second need
    const offerId = one(srv, `SELECT id FROM offers WHERE need_id = ${n.id} AND candidate_id = ${candId}`);
    let r = await student.post(`/api/me/offers/${offerId}/answer`, { answer: 'accept' });
    assert.equal(r.json.data.status, 'confirmed', r.text);
    r = await employer.post('/api/needs', { establishment_id: 90001, profession: 'AS', reason: 'seasonal', contract: 'fixed_term',
      max_km: 50, campaign_id: c.id, slots: [{ start: '2030-08-01T07:00+02:00', end: '2030-08-01T15:00+02:00' }] });
    assert.equal(r.status, 201, r.text);
    const n2 = r.json.data.id;
    assert.deepEqual(await counts(), { status: 'open', needs: 2, open_needs: 1, applicants: 1, placed: 1 });

    // who may: staff (and admin) only
    assert.equal((await employer.patch(`/api/seasonal-campaigns/${c.id}`, { status: 'closed' })).status, 403);
    assert.equal((await student.patch(`/api/seasonal-campaigns/${c.id}`, { status: 'closed' })).status, 403);
    // refused input names the field, in French
    r = await staff.patch(`/api/seasonal-campaigns/${c.id}`, { status: 'archived' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'status');
    r = await staff.patch(`/api/seasonal-campaigns/${c.id}`, {});
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'status');
    r = await staff.patch(`/api/seasonal-campaigns/${c.id}`, { status: 'open' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'status');
    assert.match(r.json.error.fields[0].message, /déjà ouverte/);
    assert.equal((await staff.patch('/api/seasonal-campaigns/999999', { status: 'closed' })).status, 404);
    assert.equal(one(srv, `SELECT count(*) FROM audit_log WHERE entity = 'seasonal_campaign' AND action = 'update'`), '0',
      'a refused change leaves no audit entry');

    // close: audited with the campaign before and after
    r = await staff.patch(`/api/seasonal-campaigns/${c.id}`, { status: 'closed' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.status, 'closed');
    const audit = dbQuery(srv, `SELECT user_login, before, after FROM audit_log WHERE entity = 'seasonal_campaign' AND action = 'update' AND entity_id = '${c.id}'`);
    assert.equal(audit.length, 1);
    assert.equal(audit[0][0], 'staff');
    assert.equal(JSON.parse(audit[0][1]).status, 'open');
    assert.equal(JSON.parse(audit[0][2]).status, 'closed');
    r = await staff.patch(`/api/seasonal-campaigns/${c.id}`, { status: 'closed' });
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.error.fields[0].message, /déjà close/);

    // closed: no new application, no new need attached
    r = await student.post(`/api/seasonal-campaigns/${c.id}/applications`);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'campaign');
    r = await employer.post('/api/needs', { establishment_id: 90001, profession: 'ASH', reason: 'seasonal', contract: 'fixed_term',
      max_km: 50, campaign_id: c.id, slots: [{ start: '2030-08-02T07:00+02:00', end: '2030-08-02T15:00+02:00' }] });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'campaign_id');
    // what was attached stays: the open need is still open and listed, the student still in the pool
    assert.deepEqual(await counts(), { status: 'closed', needs: 2, open_needs: 1, applicants: 1, placed: 1 });
    assert.deepEqual((await anon.get(`/api/seasonal-campaigns/${c.id}`)).json.data.offers.map((o) => o.id), [n2]);
    assert.equal(one(srv, `SELECT status FROM needs WHERE id = ${n2}`), 'open');
    assert.equal(one(srv, `SELECT count(*) FROM candidate_pools WHERE candidate_id = ${candId} AND pool_id = ${c.pool_id}`), '1');
    assert.equal(one(srv, `SELECT status FROM pools WHERE id = ${c.pool_id}`), 'open');

    // reopen: until the period's last day
    r = await staff.patch(`/api/seasonal-campaigns/${c.id}`, { status: 'open' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.status, 'open');
    r = await staff.post('/api/seasonal-campaigns', { name: 'Été 2020', starts_on: '2020-07-01', ends_on: '2020-08-31',
      posts: [{ code: 'ASH' }], admitted: [{ code: 'ETU-AUTRE' }] });
    assert.equal(r.status, 201, r.text);
    const old = r.json.data.id;
    assert.equal(r.json.data.status, 'closed', 'its period is over: closed by itself (seasonal_period.test.mjs)');
    r = await staff.patch(`/api/seasonal-campaigns/${old}`, { status: 'open' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'status');
    assert.match(r.json.error.fields[0].message, /période de cette campagne est terminée/);
  });

  test('a student\'s export lists their applications; the erasure removes them, the audit stays', async () => {
    let r = await student.get('/api/me/data');
    assert.equal(r.status, 200, r.text);
    const apps = r.json.data.seasonal_applications;
    assert.deepEqual(apps.map((a) => [a.id, a.name, a.starts_on, a.ends_on, a.status]),
      [[c.id, c.name, '2030-07-01', '2030-08-31', 'open']]);
    assert.match(apps[0].applied_at, /^\d{4}-\d{2}-\d{2}T/);
    assert.ok(r.json.data.audit.some((x) => x.action === 'apply' && x.entity === 'seasonal_campaign' && x.entity_id === String(c.id)));
    // the confirmed shift to come stops the erasure; cancelled, it goes
    r = await student.post('/api/me/data/erase', { password: 'demo-candidat-2026' });
    assert.equal(r.status, 409, r.text);
    const offerId = one(srv, `SELECT id FROM offers WHERE need_id = ${n.id} AND candidate_id = ${candId}`);
    r = await student.post(`/api/me/offers/${offerId}/answer`, { answer: 'cancel', reason: 'family' });
    assert.equal(r.status, 200, r.text);
    r = await student.post('/api/me/data/erase', { password: 'demo-candidat-2026' });
    assert.equal(r.status, 200, r.text);
    assert.equal(one(srv, `SELECT count(*) FROM candidate_pools WHERE candidate_id = ${candId}`), '0');
    const x = (await anon.get(`/api/seasonal-campaigns/${c.id}`)).json.data;
    assert.equal(x.applicants, 0, 'the application went with the pool membership');
    assert.equal(x.placed, 0, 'the cancelled shift no longer counts');
    assert.equal(one(srv, `SELECT count(*) FROM audit_log WHERE action = 'apply' AND entity = 'seasonal_campaign' AND entity_id = '${c.id}'`), '1',
      'the audit entry of the application stays');
  });
});
