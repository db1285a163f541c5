// Seasonal campaigns (issue 11, session 12), on both engines:
// - a campaign closes by itself after its period's last day (the server's UTC
//   date): on its last day it is still open (applications and needs on that
//   day accepted), the day after it reads "closed" with `ended`, refuses
//   applications and needs, cannot be reopened, and the stored status was
//   never written (the status is read through the dates);
// - a candidate's profile saved without `pools` keeps their pools and so their
//   seasonal applications (PATCH semantics for that field); an explicit list
//   still changes them;
// - a campaign scoped to an area (migration 0027): only establishments of its
//   communes attach needs, and the area cannot be deleted while used (409
//   naming the campaign).
// The boundary is taken from the real clock: a test started a few
// milliseconds before midnight UTC could see the day change between its
// date and the server's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbQuery, startServer } from '../lib/server.mjs';
import { seedBase } from '../lib/offer_fixture.mjs';

const one = (srv, sql) => dbQuery(srv, sql)[0][0];
const isoDay = (offsetDays) => new Date(Date.now() + offsetDays * 86400000).toISOString().slice(0, 10);

describe('seasonal campaigns: the period closes them, a profile without pools keeps the applications', { timeout: 180000 }, () => {
  let srv, staff, employer, student, anon, candId;
  const today = isoDay(0), yesterday = isoDay(-1);
  const campaign = (name, ends_on) => ({ name, starts_on: isoDay(-20), ends_on,
    posts: [{ code: 'ASH' }], admitted: [{ code: 'ETU-AUTRE' }] });
  const need = (campaign_id, day) => ({ establishment_id: 90001, profession: 'ASH', reason: 'seasonal', contract: 'fixed_term',
    max_km: 50, campaign_id, slots: [{ start: `${day}T20:00+00:00`, end: `${day}T23:00+00:00` }] });
  const profile = { first_name: 'Léa', last_name: 'Étudiante', email: 'lea.etudiante@exemple.fr', profession: 'ETU-AUTRE',
    lat: 47.201, lon: -1.551, departement: 'DEP-44', max_km: 30, accepts_fixed_term: true };

  before(async () => {
    srv = await startServer({ args: ['--offer-tick', '0'] });
    seedBase(srv);
    staff = await srv.login('staff');
    employer = await srv.login('employeur');
    student = await srv.login('candidat');
    anon = srv.anon();
    const me = await student.get('/api/me/candidate');
    const r = me.status === 200 ? await student.put(`/api/candidates/${me.json.data.id}`, { ...profile, pools: [] })
      : await student.post('/api/candidates', profile);
    assert.ok(r.status === 200 || r.status === 201, r.text);
    candId = r.json.data.id;
  });
  after(async () => { await srv?.stop(); });

  test('on its last day a campaign is open; the day after it is closed by itself', async () => {
    // the last day is today: open, an application and a need on that day are taken
    let r = await staff.post('/api/seasonal-campaigns', campaign('Dernier jour aujourd’hui', today));
    assert.equal(r.status, 201, r.text);
    const last = r.json.data;
    assert.equal(last.status, 'open');
    assert.equal(last.ended, false);
    r = await student.post(`/api/seasonal-campaigns/${last.id}/applications`);
    assert.equal(r.status, 201, r.text);
    r = await employer.post('/api/needs', need(last.id, today));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.data.campaign_id, last.id);

    // the last day was yesterday: closed, though nobody closed it
    r = await staff.post('/api/seasonal-campaigns', campaign('Dernier jour hier', yesterday));
    assert.equal(r.status, 201, r.text);
    const ended = r.json.data;
    assert.equal(ended.status, 'closed');
    assert.equal(ended.ended, true);
    for (const x of [(await anon.get(`/api/seasonal-campaigns/${ended.id}`)).json.data,
      (await anon.get('/api/seasonal-campaigns')).json.data.find((c) => c.id === ended.id)]) {
      assert.equal(x.status, 'closed');
      assert.equal(x.ended, true);
    }
    const listed = (await anon.get('/api/seasonal-campaigns')).json.data.find((c) => c.id === last.id);
    assert.deepEqual([listed.status, listed.ended], ['open', false]);
    r = await student.post(`/api/seasonal-campaigns/${ended.id}/applications`);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'campaign');
    assert.match(r.json.error.fields[0].message, /sa période est terminée/);
    r = await employer.post('/api/needs', need(ended.id, yesterday));
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'campaign_id');
    assert.match(r.json.error.fields[0].message, /sa période est terminée/);
    // staff can neither close it again nor reopen it
    r = await staff.patch(`/api/seasonal-campaigns/${ended.id}`, { status: 'closed' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'status');
    assert.match(r.json.error.fields[0].message, /déjà close : sa période est terminée/);
    r = await staff.patch(`/api/seasonal-campaigns/${ended.id}`, { status: 'open' });
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.error.fields[0].message, /période de cette campagne est terminée/);
    // nothing was written: the stored status is still the one staff set, the status is read through the dates
    assert.equal(one(srv, `SELECT status FROM seasonal_campaigns WHERE id = ${ended.id}`), 'open');
    assert.equal(one(srv, `SELECT count(*) FROM audit_log WHERE entity = 'seasonal_campaign' AND action = 'update'`), '0');

    // the student's export tells the application's campaign as open (its last day is today)
    r = await student.get('/api/me/data');
    assert.deepEqual(r.json.data.seasonal_applications.map((a) => [a.id, a.status]), [[last.id, 'open']]);
    // a campaign whose last day is yesterday in the export reads closed: the student's application, moved there by SQL
    dbQuery(srv, `UPDATE seasonal_campaigns SET ends_on = '${yesterday}' WHERE id = ${last.id}`, { write: true });
    r = await student.get('/api/me/data');
    assert.deepEqual(r.json.data.seasonal_applications.map((a) => [a.id, a.status]), [[last.id, 'closed']]);
    r = await anon.get(`/api/seasonal-campaigns/${last.id}`);
    assert.deepEqual([r.json.data.status, r.json.data.ended], ['closed', true]);
    dbQuery(srv, `UPDATE seasonal_campaigns SET ends_on = '${today}' WHERE id = ${last.id}`, { write: true });
  });

  test('a profile saved without pools keeps the seasonal applications; an explicit list changes them', async () => {
    let r = await staff.post('/api/seasonal-campaigns', campaign('Été : le profil sans viviers', isoDay(60)));
    assert.equal(r.status, 201, r.text);
    const c = r.json.data;
    r = await student.post(`/api/seasonal-campaigns/${c.id}/applications`);
    assert.equal(r.status, 201, r.text);
    const pools = () => (dbQuery(srv, `SELECT pool_id FROM candidate_pools WHERE candidate_id = ${candId} ORDER BY pool_id`)
      .map((row) => Number(row[0])));
    const before = pools();
    assert.ok(before.includes(c.pool_id), 'applied: in the campaign pool');
    assert.equal(before.length, 2, 'two applications (this campaign and the last-day one)');

    // saved without "pools" (another field changed): the memberships stay
    r = await student.put(`/api/candidates/${candId}`, { ...profile, max_km: 40 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.max_km, 40);
    assert.deepEqual(pools(), before);
    assert.deepEqual(r.json.data.pools.map((p) => p.id), before);
    r = await student.post(`/api/seasonal-campaigns/${c.id}/applications`);
    assert.equal(r.status, 409, 'still applied');
    assert.ok((await anon.get(`/api/seasonal-campaigns/${c.id}`)).json.data.applicants === 1);

    // an explicit list replaces them: keeping one, withdrawing the other
    r = await student.put(`/api/candidates/${candId}`, { ...profile, pools: [c.pool_id] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(pools(), [c.pool_id]);
    // an empty list leaves them all
    r = await student.put(`/api/candidates/${candId}`, { ...profile, pools: [] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(pools(), []);
    assert.equal((await anon.get(`/api/seasonal-campaigns/${c.id}`)).json.data.applicants, 0);
    // still refused: a value that is not a list
    r = await student.put(`/api/candidates/${candId}`, { ...profile, pools: null });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'pools');
  });

  test('a campaign scoped to an area: only its communes\' establishments attach needs; the area cannot be deleted', async () => {
    // an employment area of two communes (Nantes, Saint-Herblain), imported as staff do
    let r = await staff.post('/api/area-imports', 'code zone;nom zone;type;code commune\nZE-SAISON;Bassin d\'emploi de Nantes (test);emploi;44109\nZE-SAISON;Bassin d\'emploi de Nantes (test);emploi;44162\n',
      { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
    assert.equal(r.status, 200, r.text);
    const area = (await staff.get('/api/areas')).json.data.find((a) => a.code === 'ZE-SAISON');
    const base = { name: 'Été : bassin nantais', starts_on: isoDay(1), ends_on: isoDay(60), posts: [{ code: 'ASH' }], admitted: [{ code: 'ETU-AUTRE' }] };
    // refused: an unknown area, an area and a département together, not an id
    for (const [body, why] of [[{ area_id: 999999 }, /zone inconnue/], [{ area_id: area.id, departement: 'DEP-44' }, /pas les deux/],
      [{ area_id: 'ZE-SAISON' }, /./]]) {
      r = await staff.post('/api/seasonal-campaigns', { ...base, ...body });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.error.fields[0].field, 'area_id');
      assert.match(r.json.error.fields[0].message, why);
    }
    r = await staff.post('/api/seasonal-campaigns', { ...base, area_id: area.id });
    assert.equal(r.status, 201, r.text);
    const c = r.json.data;
    assert.deepEqual([c.area_id, c.area_name, c.departement], [area.id, 'Bassin d\'emploi de Nantes (test)', null]);
    r = await anon.get(`/api/seasonal-campaigns/${c.id}`);
    assert.deepEqual([r.json.data.area_id, r.json.data.area_name], [area.id, 'Bassin d\'emploi de Nantes (test)']);

    // establishment 90001 without a commune, then outside the area (Rezé), then inside (Nantes)
    const attach = () => employer.post('/api/needs', need(c.id, isoDay(10)));
    r = await attach();
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'establishment_id');
    assert.match(r.json.error.fields[0].message, /commune de cet établissement n'est pas renseignée/);
    dbQuery(srv, "UPDATE establishments SET commune = '44143' WHERE id = 90001", { write: true });
    r = await attach();
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'establishment_id');
    assert.match(r.json.error.fields[0].message, /hors de la zone de la campagne/);
    dbQuery(srv, "UPDATE establishments SET commune = '44109' WHERE id = 90001", { write: true });
    r = await attach();
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.data.campaign_id, c.id);

    // the area the campaign uses cannot be deleted: 409 naming the campaign, nothing written
    const audits = one(srv, "SELECT count(*) FROM audit_log WHERE entity = 'area' AND action = 'delete'");
    r = await staff.del(`/api/areas/${area.id}`);
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.fields[0].field, 'id');
    assert.match(r.json.error.fields[0].message, /zone utilisée par la campagne saisonnière « Été : bassin nantais » : elle ne peut pas être supprimée/);
    assert.equal((await staff.get(`/api/areas/${area.id}`)).status, 200);
    assert.equal(one(srv, "SELECT count(*) FROM audit_log WHERE entity = 'area' AND action = 'delete'"), audits);
    // a second campaign on it: the message counts them
    r = await staff.post('/api/seasonal-campaigns', { ...base, name: 'Hiver : bassin nantais', area_id: area.id });
    assert.equal(r.status, 201, r.text);
    r = await staff.del(`/api/areas/${area.id}`);
    assert.equal(r.status, 409, r.text);
    assert.match(r.json.error.fields[0].message, /zone utilisée par 2 campagnes saisonnières, dont « Hiver : bassin nantais »/);
    // a name too long for the message (200 four-byte characters) is left out, the message stays whole
    r = await staff.post('/api/areas', { code: 'ZE-LONG', name: 'Zone au long nom de campagne', kind: 'other' });
    assert.equal(r.status, 201, r.text);
    const long = r.json.data.id;
    r = await staff.post('/api/seasonal-campaigns', { ...base, name: '🌞'.repeat(200), area_id: long });
    assert.equal(r.status, 201, r.text);
    r = await staff.del(`/api/areas/${long}`);
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.fields[0].message, 'zone utilisée par 1 campagne(s) saisonnière(s) : elle ne peut pas être supprimée');
    // an area no campaign uses is still deleted
    r = await staff.post('/api/areas', { code: 'ZE-LIBRE', name: 'Zone libre', kind: 'other' });
    assert.equal(r.status, 201, r.text);
    assert.equal((await staff.del(`/api/areas/${r.json.data.id}`)).status, 200);
  });
});
