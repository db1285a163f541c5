// Recruitment dashboards and their feed into the plan (issue 11,
// "Dashboards and the plan"), through the real server on both engines,
// with figures worked out by hand. The data: the offers fixture's
// establishments (90001 of the demo employer's organisation, 90002 of
// none) in an employment area created through the import, IDE candidates,
// four needs: A (90001, 2 places) filled by two acceptances through the
// offer links after one refusal, B (90001) one refusal and one offer still
// open, C (90002) filled by one acceptance, D (90001) cancelled by the
// employer through the API. The server's clock cannot be chosen through the
// API, so the test then moves the recorded times to known instants with SQL
// (posting: 2025-03-03 08:00 for A and B, 2025-03-05 06:00 for C,
// 2025-03-12 for D; A's confirmations 2 h and 4 h after posting, C's 10 h
// after) and filters the period on 2025, where the demo has no need.
// Staff then see: 4 needs posted, 1 cancelled, 2 filled; 3 of 4 places
// filled (75.0 %, the cancelled need's place out); a median time to fill
// of 7.0 h (4 h and 10 h); 5 of 6 closed offers answered (83.3 %); 2 people
// deployed; a pool of 4 in the area. The employer sees A, B and D only:
// 2 of 3 places (66.7 %), 4.0 h, 4 of 5 offers (80.0 %), a pool of 2 (its
// establishment's pool). Then a plan indicator of sheet 1.6 linked to the
// fill rate gets 3 / 4 for 2025 proposed with the source "plam —
// recrutement", and after a change `plam offer tick` proposes the new value.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbQuery, runPlam, startServer } from '../lib/server.mjs';
import { seedBase, seedCandidates, seedNeed, seedOffers } from '../lib/offer_fixture.mjs';

const CSV = { 'Content-Type': 'text/csv; charset=utf-8' };
const sec = (iso) => Date.parse(iso) / 1000;
const H = 3600;
const Y2025 = 'from=2025-01-01&to=2025-12-31';

describe('recruitment dashboards', { timeout: 240000 }, () => {
  let srv, staff, employer, candidat, area, pdl;
  const ok = (r, status = 200) => { assert.equal(r.status, status, r.text.slice(0, 400)); return r.json.data; };
  before(async () => {
    srv = await startServer({ args: ['--offer-tick', '0'] });
    [staff, employer, candidat] = await Promise.all(['staff', 'employeur', 'candidat'].map((l) => srv.login(l)));
    seedBase(srv);
    seedCandidates(srv, 97001, 6);
    const imp = await staff.post('/api/area-imports', 'code zone;nom zone;type;code commune\nZE-DASH;Zone tableau de bord;emploi;44001\n', { headers: CSV });
    assert.equal(imp.status, 200, imp.text);
    area = ok(await staff.get('/api/areas?kind=employment')).find((a) => a.code === 'ZE-DASH');
    dbQuery(srv, `UPDATE establishments SET commune = '44001' WHERE id IN (90001, 90002);
      UPDATE candidates SET commune = '44001' WHERE id BETWEEN 97001 AND 97004;
      INSERT INTO pools(id, name, level, establishment_id) VALUES (90002, 'Vivier du CH Fixture', 'establishment', 90001);
      INSERT INTO candidate_pools(candidate_id, pool_id) VALUES (97001, 90002), (97002, 90002);`, { write: true });
    seedNeed(srv, { id: 98001, headcount: 2, start: '2030-03-02T08:00+01:00', end: '2030-03-02T20:00+01:00' });
    seedNeed(srv, { id: 98002, start: '2030-03-06T08:00+01:00', end: '2030-03-06T20:00+01:00' });
    seedNeed(srv, { id: 98003, estab: 90002, start: '2030-03-04T08:00+01:00', end: '2030-03-04T20:00+01:00' });
    seedNeed(srv, { id: 98004, start: '2030-03-08T08:00+01:00', end: '2030-03-08T20:00+01:00' });
    const anon = srv.anon();
    const answer = async (o, a) => ok(await anon.post('/api/offer-link/answer', { token: o.token, answer: a }));
    const [a1, a2, a3] = seedOffers(srv, 98001, [97001, 97002, 97003, 97004]);
    await answer(a3, 'decline');
    await answer(a1, 'accept');
    assert.equal((await answer(a2, 'accept')).status, 'confirmed');
    const [b1] = seedOffers(srv, 98002, [97005, 97006]);
    await answer(b1, 'decline');
    const [c1] = seedOffers(srv, 98003, [97001]);
    await answer(c1, 'accept');
    ok(await employer.patch('/api/needs/98004', { status: 'cancelled' }));
    const tA = sec('2025-03-03T08:00:00Z'), tC = sec('2025-03-05T06:00:00Z');
    dbQuery(srv, `UPDATE needs SET created_at = '2025-03-03T08:00:00Z' WHERE id IN (98001, 98002);
      UPDATE needs SET created_at = '2025-03-05T06:00:00Z' WHERE id = 98003;
      UPDATE needs SET created_at = '2025-03-12T09:30:00Z' WHERE id = 98004;
      UPDATE offers SET confirmed_at = ${tA + 2 * H} WHERE need_id = 98001 AND candidate_id = 97001;
      UPDATE offers SET confirmed_at = ${tA + 4 * H} WHERE need_id = 98001 AND candidate_id = 97002;
      UPDATE offers SET confirmed_at = ${tC + 10 * H} WHERE need_id = 98003;`, { write: true });
    pdl = ok(await staff.get('/api/plans')).find((p) => p.slug === 'pdl-plam-2022');
  });
  after(async () => { await srv?.stop(); });

  const pick = (m) => ({
    posted: m.needs_posted, cancelled: m.needs_cancelled, filled: m.needs_filled, asked: m.places_asked,
    held: m.places_filled, fill: m.fill_rate, ttf: m.time_to_fill_hours, ttfN: m.time_to_fill_needs,
    closed: m.offers_closed, answered: m.offers_answered, response: m.response_rate, deployed: m.deployed,
  });

  test('plan staff: every establishment, by département, with the weekly series', async () => {
    const d = ok(await staff.get(`/api/recruit-dashboard?${Y2025}`));
    assert.equal(d.scope, 'all');
    assert.equal(d.by, 'departement');
    const want = { posted: 4, cancelled: 1, filled: 2, asked: 4, held: 3, fill: 75, ttf: 7, ttfN: 2, closed: 6, answered: 5, response: 83.3, deployed: 2 };
    assert.deepEqual(pick(d.total), want);
    // a département with a pool and no need has its row too (the demo's candidates)
    const withNeeds = d.rows.filter((r) => r.needs_posted > 0);
    assert.deepEqual(withNeeds.map((r) => [r.key, r.label]), [['DEP-44', 'Loire-Atlantique']]);
    assert.deepEqual(pick(withNeeds[0]), want);
    assert.ok(d.rows.every((r) => r.pool_size !== null));
    assert.deepEqual(d.weeks.map((w) => [w.key, w.needs_posted, w.deployed, w.pool_size]), [['2025-W10', 3, 2, null], ['2025-W11', 1, 0, null]]);
    const byArea = ok(await staff.get(`/api/recruit-dashboard?${Y2025}&by=area&area_id=${area.id}`));
    assert.deepEqual(byArea.rows.map((r) => [r.key, r.label, r.needs_posted, r.pool_size]), [['ZE-DASH', 'Zone tableau de bord', 4, 4]]);
    assert.equal(byArea.total.pool_size, 4);
    const byProf = ok(await staff.get(`/api/recruit-dashboard?${Y2025}&by=profession&profession=IDE`));
    assert.deepEqual(byProf.rows.map((r) => [r.key, r.needs_posted]), [['IDE', 4]]);
    assert.match(byProf.rows[0].label, /^Infirmier/);
    const none = ok(await staff.get(`/api/recruit-dashboard?${Y2025}&profession=AS`));
    assert.equal(none.total.needs_posted, 0);
    assert.equal(none.total.fill_rate, null);
    assert.equal(none.total.time_to_fill_hours, null);
  });

  test('an employer sees its own establishments only', async () => {
    const d = ok(await employer.get(`/api/recruit-dashboard?${Y2025}&area_id=${area.id}`));
    assert.equal(d.scope, 'organisation');
    assert.deepEqual(pick(d.total), { posted: 3, cancelled: 1, filled: 1, asked: 3, held: 2, fill: 66.7, ttf: 4, ttfN: 1, closed: 5, answered: 4, response: 80, deployed: 2 });
    assert.equal(d.total.pool_size, 2);
    assert.equal((await candidat.get('/api/recruit-dashboard')).status, 403);
    assert.equal((await employer.get('/api/recruit-dashboard/links')).status, 403);
  });

  test('filters are checked and refused in French, naming the field', async () => {
    for (const [q, field] of [['by=commune', 'by'], ['departement=44', 'departement'], ['from=2025-02-01&to=2025-01-01', 'to'], ['profession=XYZ', 'profession'], ['from=2025-13-01', 'from']]) {
      const r = await staff.get(`/api/recruit-dashboard?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.json.error.fields[0].field, field, q);
    }
  });

  test('the CSV export holds the same table', async () => {
    const r = await staff.get(`/api/recruit-dashboard.csv?${Y2025}&area_id=${area.id}`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers['content-type'], /^text\/csv/);
    assert.match(r.headers['content-disposition'], /recrutement-departement\.csv/);
    const lines = r.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines[0], 'Clé;Libellé;Besoins publiés;Besoins annulés;Besoins pourvus;Postes demandés;Postes pourvus;Taux de pourvoi (%);Délai médian de pourvoi (h);Besoins dans le délai médian;Offres closes;Offres répondues;Taux de réponse (%);Vivier;Personnes déployées');
    assert.deepEqual(lines.slice(1), ['DEP-44;Loire-Atlantique;4;1;2;4;3;75,0;7,0;2;6;5;83,3;4;2', 'total;Total;4;1;2;4;3;75,0;7,0;2;6;5;83,3;4;2']);
  });

  test('the plan feed: a sheet 1.6 indicator linked to the fill rate gets its values with their source', async () => {
    // the demo links the two indicators it adds to sheet 1.6 (employer.test.mjs checks them); this test works on
    // its own two, added as plan staff would, so it unlinks the demo's first (their figures would move with B's)
    const demoLinks = ok(await staff.get('/api/recruit-dashboard/links'));
    assert.deepEqual(demoLinks.map((l) => l.indicator_code), ['pdl-1.6-besoins-publies', 'pdl-1.6-taux-pourvoi']);
    for (const l of demoLinks) ok(await staff.del(`/api/recruit-dashboard/links/${l.id}`));
    const action = dbQuery(srv, `SELECT id FROM plan_actions WHERE plan_id = ${pdl.id} AND number = '1.6'`)[0][0];
    dbQuery(srv, `INSERT INTO indicators(action_id, code, name, unit, kind, accumulation, aggregation, ratio_scale, frequency, scope_id, breakdown)
      VALUES (${action}, 'e2e-1.6-pourvoi', 'Taux de pourvoi des besoins (e2e)', '%', 'percent', 'per_period', 'ratio', 100, 'yearly', 'REG-52', 'departement'),
             (${action}, 'e2e-1.6-delai', 'Délai médian de pourvoi (e2e)', 'h', 'ratio', 'per_period', 'sum', 1, 'yearly', 'REG-52', 'scope');`, { write: true });
    const ind = (code) => Number(dbQuery(srv, `SELECT id FROM indicators WHERE code = '${code}'`)[0][0]);
    const pending = async (id) => ok(await staff.get(`/api/plans/${pdl.id}/measurements/pending`))
      .filter((m) => m.indicator_id === id && m.value_on === '2025-12-31');
    // a rate goes to a percent indicator only; employers may not link
    const wrong = await staff.post('/api/recruit-dashboard/links', { indicator_id: ind('e2e-1.6-pourvoi'), metric: 'needs_posted' });
    assert.equal(wrong.status, 400, wrong.text);
    assert.equal(wrong.json.error.fields[0].field, 'metric');
    assert.equal((await employer.post('/api/recruit-dashboard/links', { indicator_id: ind('e2e-1.6-pourvoi'), metric: 'fill_rate' })).status, 403);
    const link = ok(await staff.post('/api/recruit-dashboard/links', { indicator_id: ind('e2e-1.6-pourvoi'), metric: 'fill_rate', profession: 'IDE' }), 201);
    assert.equal(link.source, 'plam — recrutement');
    assert.equal(link.action_number, '1.6');
    assert.ok(link.measurements_proposed >= 2);
    let p = await pending(ind('e2e-1.6-pourvoi'));
    const at = (t) => p.filter((m) => m.territory_id === t).map((m) => [m.numerator, m.denominator, m.source]);
    assert.deepEqual(at('REG-52'), [[3, 4, 'plam — recrutement']]);
    assert.deepEqual(at('DEP-44'), [[3, 4, 'plam — recrutement']]);
    assert.deepEqual(at('DEP-85'), []); // no need posted there
    const dup = await staff.post('/api/recruit-dashboard/links', { indicator_id: ind('e2e-1.6-pourvoi'), metric: 'fill_rate' });
    assert.equal(dup.json.error.fields[0].field, 'indicator_id');
    ok(await staff.post('/api/recruit-dashboard/links', { indicator_id: ind('e2e-1.6-delai'), metric: 'time_to_fill_hours' }), 201);
    assert.deepEqual((await pending(ind('e2e-1.6-delai'))).map((m) => [m.territory_id, m.value]), [['REG-52', 7]]);
    // nothing changed: recomputing proposes nothing
    assert.equal(ok(await staff.post('/api/recruit-dashboard/measurements')).measurements_proposed, 0);
    // B is cancelled: 3 of 3 places; the scheduler's step (plam offer tick) proposes the new value, once
    ok(await employer.patch('/api/needs/98002', { status: 'cancelled' }));
    let t = runPlam(['offer', 'tick', '--db', srv.db]);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /2 valeur\(s\) d'indicateur proposée\(s\)/);
    p = await pending(ind('e2e-1.6-pourvoi'));
    assert.deepEqual(at('REG-52'), [[3, 4, 'plam — recrutement'], [3, 3, 'plam — recrutement']]);
    t = runPlam(['offer', 'tick', '--db', srv.db]);
    assert.match(t.stdout, /0 valeur\(s\) d'indicateur proposée\(s\)/);
    const links = ok(await staff.get('/api/recruit-dashboard/links'));
    assert.deepEqual(links.map((l) => [l.indicator_code, l.metric, l.profession]), [['e2e-1.6-pourvoi', 'fill_rate', 'IDE'], ['e2e-1.6-delai', 'time_to_fill_hours', null]]);
    ok(await staff.del(`/api/recruit-dashboard/links/${links[1].id}`));
    assert.equal(ok(await staff.get('/api/recruit-dashboard/links')).length, 1);
  });
});
