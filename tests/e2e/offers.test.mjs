// Offers and acceptance through the real server (issue 11), on both
// engines: waves sent by the route and by `plam offer tick --now`, the
// establishment's view (contact details only once accepted), acceptance
// through the link secret, the undo, choose mode, public pages with
// schema.org JobPosting and the partner feed, and the concurrency
// guarantees: 64 concurrent acceptances for 10 places give exactly 10
// confirmations; 32 candidates each accepting two overlapping needs are
// never confirmed twice; and the same across two servers on one database
// (both engines).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbQuery, runPlam, serveTwo, startServer } from '../lib/server.mjs';
import { seedBase, seedCandidates, seedNeed, seedOffers } from '../lib/offer_fixture.mjs';

const one = (srv, sql) => dbQuery(srv, sql)[0][0];

/** The fields job search engines require of a JobPosting, and their forms. */
function checkJobPosting(jp) {
  assert.equal(jp['@context'], 'https://schema.org');
  assert.equal(jp['@type'], 'JobPosting');
  for (const k of ['title', 'description', 'datePosted', 'validThrough']) assert.ok(typeof jp[k] === 'string' && jp[k].length, k);
  assert.match(jp.datePosted, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(jp.validThrough, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  assert.ok(['FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'TEMPORARY', 'INTERN', 'VOLUNTEER', 'PER_DIEM', 'OTHER'].includes(jp.employmentType));
  assert.equal(jp.hiringOrganization['@type'], 'Organization');
  assert.ok(jp.hiringOrganization.name);
  assert.equal(jp.jobLocation['@type'], 'Place');
  const a = jp.jobLocation.address;
  assert.equal(a['@type'], 'PostalAddress');
  assert.equal(a.addressCountry, 'FR');
  assert.ok(a.addressLocality && a.addressRegion);
  assert.ok(!/^[A-Z]+$/.test(jp.title.split(' ')[0]), `a French label, not a code: ${jp.title}`);
}

describe('offers and acceptance', { timeout: 300000 }, () => {
  let srv, employer, staff;
  before(async () => {
    srv = await startServer({ args: ['--offer-tick', '0'] });
    seedBase(srv);
    seedCandidates(srv, 91001, 70);
    employer = await srv.login('employeur');
    staff = await srv.login('staff');
  });
  after(async () => { await srv?.stop(); });

  test('waves: settings, send now, the next ones by the scheduler at the chosen time', async () => {
    seedNeed(srv, { id: 92001, headcount: 1, start: '2030-03-02T08:00+01:00', end: '2030-03-02T20:00+01:00' });
    let r = await employer.put('/api/needs/92001/offer-settings', { wave_size: 3, interval_min: 15, offer_ttl_min: 60, undo_min: 5 });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.data.settings, { wave_size: 3, interval_min: 15, offer_ttl_min: 60, undo_min: 5 });
    r = await employer.post('/api/needs/92001/waves');
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.data.wave, 1);
    assert.deepEqual(r.json.data.offers.map((o) => o.candidate_id), [91001, 91002, 91003]); // nearest first
    // the scheduler: not yet due one second before the interval, due at it
    const last = Number(one(srv, 'SELECT last_wave_at FROM need_waves WHERE need_id = 92001'));
    // --now is to the minute: one minute before the interval ends, then the first minute at or after its end
    const iso = (s) => new Date(s * 1000).toISOString().slice(0, 16) + 'Z';
    let t = runPlam(['offer', 'tick', '--db', srv.db, '--now', iso(last + 14 * 60)]);
    assert.equal(t.status, 0, t.stderr);
    assert.equal(one(srv, 'SELECT count(*) FROM offers WHERE need_id = 92001'), '3');
    t = runPlam(['offer', 'tick', '--db', srv.db, '--now', iso(Math.ceil((last + 15 * 60) / 60) * 60)]);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /1 vague/);
    assert.equal(one(srv, 'SELECT count(*) FROM offers WHERE need_id = 92001 AND wave = 2'), '3');
    // the employer's view: nobody accepted, no contact details
    r = await employer.get('/api/needs/92001/offers');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.offers.length, 6);
    assert.ok(r.json.data.offers.every((o) => o.candidate === null));
    assert.equal(r.json.data.offers[0].reasons[0].startsWith('à '), true);
    // another role may not
    assert.equal((await (await srv.login('candidat')).get('/api/needs/92001/offers')).status, 403);
  });

  test('accept through the link, undo within the window, contact details once accepted', async () => {
    seedNeed(srv, { id: 92002, headcount: 1, start: '2030-03-03T08:00+01:00', end: '2030-03-03T20:00+01:00' });
    const [a, b] = seedOffers(srv, 92002, [91010, 91011]);
    const anon = srv.anon();
    let r = await anon.post('/api/offer-link', { token: a.token });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.can.accept, true);
    assert.equal(r.json.data.need.establishment, 'CH Fixture');
    r = await anon.post('/api/offer-link/answer', { token: a.token, answer: 'accept' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.status, 'confirmed');
    assert.equal(one(srv, 'SELECT status FROM needs WHERE id = 92002'), 'filled');
    r = await employer.get('/api/needs/92002/offers');
    const mine = r.json.data.offers.find((o) => o.candidate);
    assert.equal(mine.candidate.email, 'c91010@exemple.fr');
    assert.equal(r.json.data.offers.filter((o) => o.candidate).length, 1);
    r = await anon.post('/api/offer-link/answer', { token: b.token, answer: 'accept' });
    assert.equal(r.status, 409, r.text);
    r = await anon.post('/api/offer-link/answer', { token: a.token, answer: 'undo' });
    assert.equal(r.status, 200, r.text);
    assert.equal(one(srv, 'SELECT status FROM needs WHERE id = 92002'), 'open');
    assert.equal(one(srv, 'SELECT count(*) FROM assignments WHERE need_id = 92002'), '0');
    r = await anon.post('/api/offer-link/answer', { token: 'x'.repeat(43), answer: 'accept' });
    assert.equal(r.status, 404, r.text);
    r = await anon.post('/api/offer-link/answer', { token: a.token, answer: 'cancel' });
    assert.equal(r.status, 400, r.text); // a cancellation gives its reason
    assert.equal(r.json.error.fields[0].field, 'reason');
    r = await anon.post('/api/offer-link/answer', { token: a.token, answer: 'cancel', reason: 'illness' });
    assert.equal(r.status, 409, r.text); // nothing confirmed any more
  });

  test('choose mode: the establishment chooses among those who accepted', async () => {
    seedNeed(srv, { id: 92003, headcount: 1, mode: 'choose', start: '2030-03-04T08:00+01:00', end: '2030-03-04T20:00+01:00' });
    const offers = seedOffers(srv, 92003, [91020, 91021]);
    const anon = srv.anon();
    for (const o of offers) assert.equal((await anon.post('/api/offer-link/answer', { token: o.token, answer: 'accept' })).status, 200);
    assert.equal(one(srv, 'SELECT count(*) FROM assignments WHERE need_id = 92003'), '0');
    const list = (await employer.get('/api/needs/92003/offers')).json.data.offers;
    assert.ok(list.every((o) => o.status === 'accepted' && o.candidate));
    let r = await employer.post(`/api/offers/${list[1].id}/choose`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.status, 'confirmed');
    r = await employer.post(`/api/offers/${list[0].id}/choose`);
    assert.equal(r.status, 409, r.text);
    assert.equal(one(srv, "SELECT count(*) FROM assignments WHERE need_id = 92003 AND status = 'confirmed'"), '1');
    r = await employer.post(`/api/offers/${list[1].id}/events`, { answer: 'cancel', reason: 'schedule_change' });
    assert.equal(r.status, 200, r.text);
    assert.equal(one(srv, "SELECT kind FROM offer_events WHERE offer_id = " + list[1].id), 'cancel_employer');
  });

  test('public pages: filters, JobPosting for every open offer, the feed in id order', async () => {
    seedNeed(srv, { id: 92004, contract: 'permanent', pay: 'Grille FPH', start: '2030-03-20T08:00+01:00', end: '2030-03-20T16:00+01:00' });
    const anon = srv.anon();
    let r = await anon.get('/api/public/offers?departement=DEP-44&contract=permanent');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.data.map((o) => o.id), [92004]);
    assert.equal(r.json.data[0].profession_label, 'Infirmier ou infirmière diplômé(e) d\'État (IDE)');
    r = await anon.get('/api/public/offers?departement=DEP-85');
    assert.deepEqual(r.json.data, []);
    r = await anon.get('/api/public/offers/92004');
    assert.equal(r.status, 200, r.text);
    const jp = r.json.data.job_posting;
    checkJobPosting(jp);
    assert.equal(jp.employmentType, 'OTHER'); // plam records no working time: a CDI is never claimed full time
    assert.equal(jp.hiringOrganization.name, 'CH Fixture');
    assert.equal(jp.validThrough, '2030-03-20T07:00:00Z'); // no expiry: the need closes when its first slot starts
    assert.equal(jp.baseSalary, undefined); // "Grille FPH" is no number
    assert.deepEqual(jp.jobLocation.geo, { '@type': 'GeoCoordinates', latitude: 47.2, longitude: -1.55 });
    r = await anon.get('/api/public/offers/92001');
    assert.equal(r.json.data.job_posting.employmentType, 'PER_DIEM'); // a shift
    r = await anon.get('/api/open-data/offers');
    assert.equal(r.status, 200);
    const ids = r.json.data.offers.map((o) => o.id);
    assert.deepEqual(ids, [...ids].sort((x, y) => x - y));
    assert.equal(r.json.data.count, ids.length);
    assert.equal(r.json.data.format, 'plam-offres/1');
    assert.ok(!JSON.stringify(r.json.data).includes('exemple.fr'), 'no person in the feed');
  });

  test('offerspub: areas for visitors, the page rendered on the server with its escaped JSON-LD', async () => {
    const commune = one(srv, "SELECT code FROM communes WHERE departement = 'DEP-44' ORDER BY code LIMIT 1");
    const communeName = one(srv, `SELECT name FROM communes WHERE code = '${commune}'`);
    dbQuery(srv, `INSERT INTO establishments(id, name, category, departement, commune, org_id) VALUES
        (90009, 'EHPAD </script><!-- & "Les Pins"', 'ehpad', 'DEP-44', '${commune}', NULL);
      INSERT INTO areas(id, code, name, kind, region) VALUES (90001, 'ZE-T1', 'Zone test </b>', 'employment', 'REG-52'),
        (90002, 'ZE-T2', 'Zone vide', 'ars', NULL);
      INSERT INTO area_communes(area_id, commune) VALUES (90001, '${commune}');`, { write: true });
    seedNeed(srv, { id: 92005, estab: 90009, contract: 'fixed_term', pay: '2 150,50 € brut par mois', start: '2030-03-22T08:00+01:00', end: '2030-03-22T16:00+01:00' });
    dbQuery(srv, "UPDATE needs SET description = 'Poste </script><script>alert(1)</script> & <!-- nuit', pay = '2150,50 € brut par mois' WHERE id = 92005", { write: true });
    const anon = srv.anon();
    // the areas a visitor filters by: id, name, kind, nothing else
    let r = await anon.get('/api/public/areas');
    assert.equal(r.status, 200, r.text);
    const mine = r.json.data.filter((a) => a.id >= 90001);
    assert.deepEqual(mine, [{ id: 90001, name: 'Zone test </b>', kind: 'employment' }, { id: 90002, name: 'Zone vide', kind: 'ars' }]);
    assert.ok(r.json.data.every((a) => Object.keys(a).sort().join() === 'id,kind,name'));
    assert.equal((await anon.get('/api/areas')).status, 401); // the full list still needs an account
    r = await anon.get('/api/public/offers?area=90001');
    assert.deepEqual(r.json.data.map((o) => o.id), [92005]);
    r = await anon.get('/api/public/offers?area=90002');
    assert.deepEqual(r.json.data, []);
    // the page, on the server: the JSON-LD is in the HTML, escaped for a script element
    r = await anon.get('/offres/92005');
    assert.equal(r.status, 200, r.text);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    const html = r.text;
    const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
    assert.equal(blocks.length, 1, html);
    const body = blocks[0][1];
    assert.ok(!body.includes('<') && !body.includes('>'), body);
    const jp = JSON.parse(body);
    checkJobPosting(jp);
    assert.equal(jp.employmentType, 'TEMPORARY');
    assert.equal(jp.hiringOrganization.name, 'EHPAD </script><!-- & "Les Pins"');
    assert.equal(jp.description, 'Poste </script><script>alert(1)</script> & <!-- nuit');
    assert.equal(jp.jobLocation.address.addressLocality, communeName);
    assert.equal(jp.jobLocation.address.addressRegion, 'Pays de la Loire');
    assert.equal(jp.jobLocation.containedInPlace.name, 'Loire-Atlantique');
    assert.deepEqual(jp.baseSalary, { '@type': 'MonetaryAmount', currency: 'EUR', value: { '@type': 'QuantitativeValue', value: 2150.5, unitText: 'MONTH' } });
    // every value of the page escaped: the only script elements are the page's own and the JSON-LD
    assert.equal([...html.matchAll(/<script/g)].length, 3, html);
    assert.ok(html.includes('EHPAD &lt;/script&gt;&lt;!-- &amp; &quot;Les Pins&quot;'), html);
    assert.ok(html.includes('<h1>Infirmier ou infirmière diplômé(e) d&#39;État (IDE) — EHPAD'), html);
    assert.ok(html.includes('<link rel="canonical" href="/offres/92005">'), html);
    assert.ok(!html.includes('exemple.fr'));
    // not open, unknown: a French page with status 404
    dbQuery(srv, "UPDATE needs SET status = 'filled' WHERE id = 92005", { write: true });
    r = await anon.get('/offres/92005');
    assert.equal(r.status, 404);
    assert.match(r.text, /Offre introuvable/);
    assert.ok(!r.text.includes('application/ld+json'));
    r = await anon.get('/offres/99999999');
    assert.equal(r.status, 404);
    dbQuery(srv, "UPDATE needs SET status = 'open' WHERE id = 92005", { write: true });
  });

  test('64 concurrent acceptances for 10 places: exactly 10 confirmations', async () => {
    seedNeed(srv, { id: 92010, headcount: 10, start: '2030-03-10T08:00+01:00', end: '2030-03-10T20:00+01:00' });
    const cands = Array.from({ length: 64 }, (_, i) => 91001 + i);
    const offers = seedOffers(srv, 92010, cands);
    const anon = srv.anon();
    const res = await Promise.all(offers.map((o) => anon.post('/api/offer-link/answer', { token: o.token, answer: 'accept' }, { timeoutMs: 120000 })));
    const won = res.filter((r) => r.status === 200);
    assert.equal(won.length, 10, res.map((r) => r.status).join(','));
    for (const r of res.filter((x) => x.status !== 200)) assert.equal(r.status, 409, r.text);
    assert.equal(one(srv, "SELECT count(*) FROM assignments WHERE need_id = 92010 AND status = 'confirmed'"), '10');
    assert.equal(one(srv, 'SELECT count(DISTINCT candidate_id) FROM assignments WHERE need_id = 92010'), '10');
    assert.equal(one(srv, 'SELECT status FROM needs WHERE id = 92010'), 'filled');
  });

  test('32 candidates accepting two overlapping needs at once: 10 + 10, nobody on both', async () => {
    seedNeed(srv, { id: 92011, headcount: 10, start: '2030-03-12T08:00+01:00', end: '2030-03-12T20:00+01:00' });
    seedNeed(srv, { id: 92012, estab: 90002, headcount: 10, start: '2030-03-12T14:00+01:00', end: '2030-03-12T22:00+01:00' });
    const cands = Array.from({ length: 32 }, (_, i) => 91001 + i);
    const offers = [...seedOffers(srv, 92011, cands), ...seedOffers(srv, 92012, cands)];
    offers.sort((x, y) => x.candidate - y.candidate);
    const anon = srv.anon();
    const res = await Promise.all(offers.map((o) => anon.post('/api/offer-link/answer', { token: o.token, answer: 'accept' }, { timeoutMs: 120000 })));
    assert.equal(res.filter((r) => r.status === 200).length, 20, res.map((r) => r.status).join(','));
    assert.equal(one(srv, "SELECT count(*) FROM assignments WHERE need_id = 92011 AND status = 'confirmed'"), '10');
    assert.equal(one(srv, "SELECT count(*) FROM assignments WHERE need_id = 92012 AND status = 'confirmed'"), '10');
    assert.equal(one(srv, `SELECT count(*) FROM assignments a JOIN assignments b ON a.candidate_id = b.candidate_id AND
      a.id < b.id AND a.start_min < b.end_min AND b.start_min < a.end_min WHERE a.status = 'confirmed' AND b.status = 'confirmed'`), '0');
  });
});

// Both engines: two server processes may share one SQLite file as one
// PostgreSQL database (recruit_index.test.mjs does the same); the
// acceptance's write transaction is what keeps the places and shifts right.
describe('acceptance across two servers on one database', { timeout: 300000 }, () => {
  const two = serveTwo({ args: ['--offer-tick', '0'], ready: ({ a }) => {
    seedBase(a);
    seedCandidates(a, 91001, 64);
  } });

  test('64 acceptances over both servers for 10 places, and overlapping needs: no overfill, no overlap', async () => {
    const { a, b } = two;
    seedNeed(a, { id: 92020, headcount: 10, start: '2030-03-15T08:00+01:00', end: '2030-03-15T20:00+01:00' });
    const offers = seedOffers(a, 92020, Array.from({ length: 64 }, (_, i) => 91001 + i));
    const clients = [a.anon(), b.anon()];
    const res = await Promise.all(offers.map((o, i) => clients[i % 2].post('/api/offer-link/answer', { token: o.token, answer: 'accept' }, { timeoutMs: 120000 })));
    assert.equal(res.filter((r) => r.status === 200).length, 10, res.map((r) => r.status).join(','));
    assert.equal(one(a, "SELECT count(*) FROM assignments WHERE need_id = 92020 AND status = 'confirmed'"), '10');
    seedNeed(a, { id: 92021, headcount: 10, start: '2030-03-17T08:00+01:00', end: '2030-03-17T20:00+01:00' });
    seedNeed(a, { id: 92022, estab: 90002, headcount: 10, start: '2030-03-17T10:00+01:00', end: '2030-03-17T18:00+01:00' });
    const cands = Array.from({ length: 32 }, (_, i) => 91033 + i);
    const both = [...seedOffers(a, 92021, cands), ...seedOffers(a, 92022, cands)];
    const res2 = await Promise.all(both.map((o, i) => clients[(o.candidate + i) % 2].post('/api/offer-link/answer', { token: o.token, answer: 'accept' }, { timeoutMs: 120000 })));
    assert.equal(res2.filter((r) => r.status === 200).length, 20, res2.map((r) => r.status).join(','));
    assert.equal(one(a, `SELECT count(*) FROM assignments x JOIN assignments y ON x.candidate_id = y.candidate_id AND
      x.id < y.id AND x.start_min < y.end_min AND y.start_min < x.end_min WHERE x.status = 'confirmed' AND y.status = 'confirmed'`), '0');
  });
});
