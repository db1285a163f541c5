// The employer's side of recruitment (issue 11, session 11), on both engines:
// - the establishments an employer may post for (GET /api/establishments,
//   the list besoins.html offers) are its organisation's only, whatever
//   filter it sends; another organisation's units are not found; plan staff
//   search any establishment by name, FINESS number or département, a page
//   at a time;
// - a need posted with one of the establishment's units keeps it; a unit of
//   another establishment is refused, naming unit_id;
// - the qualifications of a candidate who accepted the employer's offer
//   (besoin-offres.html) are readable and verifiable by that employer only:
//   a second employer of another organisation gets 404 for the same
//   candidate, and its verification writes nothing; a verification records
//   who and when, with its audit entry;
// - the demo plan's sheet 1.6 has the two indicators the demo adds, marked
//   as such in their source, linked to the recruitment measures, with a
//   validated value whose source is the feed and whose figure equals the
//   dashboard's over the demo's needs; the current year's figure is a
//   year-to-date value dated the day it was computed, so the plan's progress
//   counts it now; recomputing proposes a value only when the figure changed
//   (the needs this file seeds), dated today, and then nothing more.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbQuery, runPlam, startServer } from '../lib/server.mjs';
import { seedBase, seedCandidates, seedNeed, seedOffers } from '../lib/offer_fixture.mjs';

const one = (srv, sql) => dbQuery(srv, sql)[0]?.[0];
const qs = (o) => `?${new URLSearchParams(o)}`;
const PASSWORD = 'employeur-bis-secret-2026';

describe('the employer side', { timeout: 240000 }, () => {
  let srv, staff, employer, other, org;
  const ok = (r, status = 200) => { assert.equal(r.status, status, r.text.slice(0, 400)); return r.json.data; };
  before(async () => {
    srv = await startServer({ args: ['--offer-tick', '0'] });
    [staff, employer] = await Promise.all(['staff', 'employeur'].map((l) => srv.login(l)));
    const admin = await srv.login('admin');
    org = seedBase(srv);
    // a second employer, of another organisation, owning establishment 90002
    const o = ok(await admin.post('/api/organisations', { name: 'Clinique de l’employeur bis (e2e)', kind: 'establishment' }), 201);
    ok(await admin.post('/api/users', { login: 'employeur.bis', display_name: 'Employeur bis', email: 'bis@example.org', role: 'employer',
      org_id: o.id, password: PASSWORD }), 201);
    dbQuery(srv, `UPDATE establishments SET org_id = ${o.id} WHERE id = 90002;
      INSERT INTO establishment_units(id, establishment_id, name, specialty) VALUES (91001, 90001, 'Urgences (e2e)', ''), (91002, 90002, 'Bloc (e2e)', '');`,
    { write: true });
    other = await srv.login('employeur.bis', PASSWORD);
    seedCandidates(srv, 99701, 2);
    dbQuery(srv, `INSERT INTO candidate_qualifications(candidate_id, code, valid_until) VALUES
      (99701, 'AFGSU2', '2031-06-30'), (99701, 'PSC1', NULL), (99702, 'AFGSU2', NULL);`, { write: true });
    seedNeed(srv, { id: 99801, headcount: 1, start: '2030-03-22T08:00+01:00', end: '2030-03-22T20:00+01:00' });
    seedNeed(srv, { id: 99802, estab: 90002, start: '2030-03-24T08:00+01:00', end: '2030-03-24T20:00+01:00' });
    const [a] = seedOffers(srv, 99801, [99701]);
    const [b] = seedOffers(srv, 99802, [99702]);
    const anon = srv.anon();
    for (const x of [a, b]) assert.equal((await anon.post('/api/offer-link/answer', { token: x.token, answer: 'accept' })).status, 200);
  });
  after(async () => { await srv?.stop(); });

  // first, before the other tests post needs: the feed's values were computed at the demo's load
  test('the demo plan\'s sheet 1.6: two indicators added by the demo, fed by the recruitment measures', async () => {
    const pdl = ok(await staff.get('/api/plans')).find((p) => p.slug === 'pdl-plam-2022');
    const plan = ok(await staff.get(`/api/plans/${pdl.id}`));
    const action = plan.axes.flatMap((a) => a.actions).find((a) => a.number === '1.6');
    assert.deepEqual(action.indicators.map((i) => i.code), ['pdl-1.6-besoins-publies', 'pdl-1.6-taux-pourvoi']);
    const links = ok(await staff.get('/api/recruit-dashboard/links'));
    assert.deepEqual(links.filter((l) => l.action_number === '1.6').map((l) => [l.indicator_code, l.metric, l.profession]),
      [['pdl-1.6-besoins-publies', 'needs_posted', null], ['pdl-1.6-taux-pourvoi', 'fill_rate', null]]);
    // the demo's needs (every need but the fixture's 99801 and 99802) are all of the Sarthe, in one year: the
    // dashboard of the Sarthe for that year gives the figures the feed had at the demo's load
    const demo = dbQuery(srv, `SELECT DISTINCT substr(n.created_at, 1, 4), e.departement FROM needs n
      JOIN establishments e ON e.id = n.establishment_id WHERE n.id < 99801 AND n.status <> 'draft'`);
    assert.deepEqual(demo.map((r) => r[1]), ['DEP-72'], 'the demo posts its needs in the Sarthe, in one year');
    const y = demo[0][0];
    const dash = ok(await staff.get(`/api/recruit-dashboard${qs({ from: `${y}-01-01`, to: `${y}-12-31`, departement: 'DEP-72' })}`));
    assert.ok(dash.total.needs_posted >= 1, 'the demo posts needs');
    // a past year's figure is dated 31 December, the current year's the day the demo's load computed it
    const today = new Date().toISOString().slice(0, 10);
    const dated = (m) => (y < today.slice(0, 4) ? m.value_on === `${y}-12-31` : m.value_on.startsWith(y) && m.value_on <= today);
    const dash16 = ok(await staff.get(`/api/plans/${pdl.id}/dashboard`)).indicators;
    for (const ind of action.indicators) {
      const d = ok(await staff.get(`/api/indicators/${ind.id}`));
      assert.match(d.source, /ajouté par la démonstration de plam, absent de la source/i, `${ind.code} says where it comes from`);
      const v = d.series.filter((m) => m.territory_id === 'REG-52');
      assert.equal(v.length, 1, `${ind.code}: one validated value`);
      assert.ok(dated(v[0]), `${ind.code}: dated ${v[0].value_on}, today ${today}`);
      // the plan's progress counts it now (it ignores values dated after the day)
      const res = dash16.find((x) => x.id === ind.id).result;
      assert.equal(res.current_date, v[0].value_on, `${ind.code}: the sheet's current value is the fed one`);
      assert.equal(v[0].source, 'plam — recrutement');
      if (ind.code === 'pdl-1.6-besoins-publies') {
        assert.equal(v[0].value, dash.total.needs_posted);
      } else {
        // a rate over the needs' places: the dashboard's places filled and asked
        assert.deepEqual([v[0].numerator, v[0].denominator], [dash.total.places_filled, dash.total.places_asked]);
        assert.ok(dash.total.fill_rate !== null);
      }
    }
    // the plan view reads them anonymously too (validated values)
    const pub = await srv.anon().get(`/api/indicators/${action.indicators[0].id}`);
    assert.equal(pub.json.data.series.length, 1);
  });

  test('the current year\'s figures: recomputed when they change, dated today, and only then', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const pdl = ok(await staff.get('/api/plans')).find((p) => p.slug === 'pdl-plam-2022');
    const ind = (code) => Number(one(srv, `SELECT id FROM indicators WHERE code = '${code}'`));
    const [posted, rate] = [ind('pdl-1.6-besoins-publies'), ind('pdl-1.6-taux-pourvoi')];
    const feed = (id) => dbQuery(srv, `SELECT value_on, value, numerator, denominator FROM measurements
      WHERE indicator_id = ${id} AND territory_id = 'REG-52' AND source = 'plam — recrutement' ORDER BY id`);
    const before = [feed(posted).length, feed(rate).length];
    // this file's needs 99801 and 99802 (Loire-Atlantique, REG-52), posted this year after the demo's load, each
    // accepted: both figures of the year changed; a recomputation proposes them, dated today
    const y = today.slice(0, 4);
    const dash = ok(await staff.get(`/api/recruit-dashboard${qs({ from: `${y}-01-01`, to: today })}`));
    assert.deepEqual(dash.rows.filter((x) => x.needs_posted > 0).map((x) => x.key).sort(), ['DEP-44', 'DEP-72'],
      'this year\'s needs are all of REG-52');
    assert.equal(ok(await staff.post('/api/recruit-dashboard/measurements')).measurements_proposed, 2);
    const p = feed(posted).slice(before[0]), r = feed(rate).slice(before[1]);
    assert.equal(p.length, 1);
    assert.equal(r.length, 1);
    assert.equal(p[0][0], today);
    assert.equal(Number(p[0][1]), dash.total.needs_posted);
    assert.equal(r[0][0], today);
    assert.deepEqual([Number(r[0][2]), Number(r[0][3])], [dash.total.places_filled, dash.total.places_asked]);
    // nothing changed since: neither a recomputation nor the scheduler's step proposes anything
    assert.equal(ok(await staff.post('/api/recruit-dashboard/measurements')).measurements_proposed, 0);
    const t = runPlam(['offer', 'tick', '--db', srv.db]);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /0 valeur\(s\) d'indicateur proposée\(s\)/);
    assert.deepEqual([feed(posted).length, feed(rate).length], [before[0] + 1, before[1] + 1]);
    // validated, the new value is the sheet's current value, of today
    const pending = ok(await staff.get(`/api/plans/${pdl.id}/measurements/pending`)).filter((m) => m.indicator_id === posted);
    assert.equal(pending.length, 1);
    ok(await staff.post(`/api/measurements/${pending[0].id}/validate`, {}));
    const res = ok(await staff.get(`/api/plans/${pdl.id}/dashboard`)).indicators.find((x) => x.id === posted).result;
    assert.equal(res.current_date, today);
    assert.equal(res.current, dash.total.needs_posted);
  });

  test('an employer lists its organisation\'s establishments only, whatever it asks', async () => {
    const mine = await employer.get(`/api/establishments${qs({ limit: 500 })}`);
    assert.equal(mine.status, 200, mine.text);
    assert.ok(mine.json.data.length >= 1);
    assert.ok(mine.json.data.every((e) => e.org_id === org), 'own organisation only');
    assert.ok(mine.json.data.some((e) => e.id === 90001));
    assert.ok(!mine.json.data.some((e) => e.id === 90002));
    const otherOrg = Number(one(srv, 'SELECT org_id FROM establishments WHERE id = 90002'));
    for (const q of [{ org_id: otherOrg }, { q: 'Clinique Fixture' }, { departement: 'DEP-44' }]) {
      const r = await employer.get(`/api/establishments${qs(q)}`);
      assert.ok(r.json.data.every((e) => e.org_id === org), JSON.stringify(q));
      assert.ok(!r.json.data.some((e) => e.id === 90002), JSON.stringify(q));
    }
    assert.deepEqual((await other.get('/api/establishments')).json.data.map((e) => e.id), [90002]);
    assert.equal((await employer.get('/api/establishments/90002/units')).status, 404);
    assert.deepEqual(ok(await employer.get('/api/establishments/90001/units')).map((u) => u.name), ['Urgences (e2e)']);
    assert.equal((await (await srv.login('candidat')).get('/api/establishments')).status, 403);
  });

  test('plan staff search every establishment by name, FINESS or département, a page at a time', async () => {
    const byName = ok(await staff.get(`/api/establishments${qs({ q: 'fixture' })}`));
    assert.deepEqual(byName.map((e) => e.id).sort(), [90001, 90002]);
    const byDep = await staff.get(`/api/establishments${qs({ departement: 'DEP-44', limit: 1 })}`);
    assert.equal(byDep.json.data.length, 1);
    assert.ok(byDep.json.meta.total >= 2);
    dbQuery(srv, "UPDATE establishments SET finess = '440000057' WHERE id = 90002", { write: true });
    assert.deepEqual(ok(await staff.get(`/api/establishments${qs({ q: '440000057' })}`)).map((e) => e.id), [90002]);
    const tooMany = await staff.get(`/api/establishments${qs({ limit: 501 })}`);
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.json.error.fields[0].field, 'limit');
  });

  test('a need keeps its unit; a unit of another establishment is refused', async () => {
    const pool = Number(one(srv, "SELECT id FROM pools WHERE name = 'Vivier régional (test)'"));
    const body = (unit) => ({ establishment_id: 90001, unit_id: unit, profession: 'AS', reason: 'replacement', contract: 'shift', max_km: 20,
      pools: [pool], slots: [{ start: '2030-04-02T07:00+02:00', end: '2030-04-02T19:00+02:00' }] });
    const n = ok(await employer.post('/api/needs', body(91001)), 201);
    assert.equal(ok(await employer.get(`/api/needs/${n.id}`)).unit_id, 91001);
    const bad = await employer.post('/api/needs', body(91002));
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.json.error.fields[0].field, 'unit_id');
    const { unit_id: _, ...noUnit } = body(null);
    const foreign = await employer.post('/api/needs', { ...noUnit, establishment_id: 90002 });
    assert.equal(foreign.status, 400, foreign.text);
    assert.equal(foreign.json.error.fields[0].field, 'establishment_id');
    assert.match(foreign.json.error.fields[0].message, /hors de votre organisation/);
    assert.equal(one(srv, 'SELECT count(*) FROM needs WHERE unit_id = 91002'), '0');
  });

  test('the qualifications of an accepted candidate: their employer sees and verifies them, no other employer', async () => {
    const q = ok(await employer.get('/api/candidates/99701/qualifications'));
    assert.deepEqual(q.qualifications.map((x) => [x.code, x.verified]), [['AFGSU2', false], ['PSC1', false]]);
    // the other employer: the candidate does not exist for them, and nothing is written
    assert.equal((await other.get('/api/candidates/99701/qualifications')).status, 404);
    assert.equal((await other.post('/api/candidates/99701/qualifications/verify', { code: 'AFGSU2' })).status, 404);
    assert.equal(one(srv, 'SELECT count(*) FROM candidate_qualifications WHERE candidate_id = 99701 AND verified_by IS NOT NULL'), '0');
    // and the reverse: the other employer's accepted candidate is not the first one's
    assert.equal((await employer.get('/api/candidates/99702/qualifications')).status, 404);
    assert.equal(ok(await other.get('/api/candidates/99702/qualifications')).qualifications.length, 1);
    const before = Number(one(srv, "SELECT count(*) FROM audit_log WHERE action = 'verify' AND entity = 'candidate'"));
    const v = ok(await employer.post('/api/candidates/99701/qualifications/verify', { code: 'PSC1' }));
    const psc = v.qualifications.find((x) => x.code === 'PSC1');
    assert.equal(psc.verified, true);
    assert.equal(psc.verified_by_name, one(srv, "SELECT display_name FROM users WHERE login = 'employeur'"));
    assert.match(psc.verified_at, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(v.qualifications.find((x) => x.code === 'AFGSU2').verified, false);
    assert.equal(Number(one(srv, "SELECT count(*) FROM audit_log WHERE action = 'verify' AND entity = 'candidate'")), before + 1);
    assert.equal(one(srv, "SELECT user_login FROM audit_log WHERE action = 'verify' AND entity = 'candidate' ORDER BY id DESC LIMIT 1"), 'employeur');
  });

});
