// The whole journey of issue 11's offers with real e-mail, on both engines:
// an employer posts a need through the API (second test) or a need is open
// (first test), the scheduler of `plam serve` (every second
// here) sends its first wave, the offers' e-mails reach the local SMTP sink
// (tests/lib/smtp_sink.mjs) with their one-click links, "send the next wave
// now" reaches the next candidates, a candidate accepts through the link of
// the e-mail and the slot is filled; the others' links then say so.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dbQuery, sleep, startServer } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp_sink.mjs';
import { seedBase, seedCandidates, seedNeed } from '../lib/offer_fixture.mjs';

let sink, srv;
const one = (sql) => dbQuery(srv, sql)[0][0];
const linkOf = (m) => {
  const x = /(https?:\/\/\S+)\/offre\.html#jeton=([A-Za-z0-9_-]{43})/.exec(m.text);
  assert.ok(x, `a link in:\n${m.text}`);
  return { base: x[1], token: x[2] };
};

before(async () => {
  sink = await startSmtpSink();
  srv = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--smtp-starttls', 'non',
    '--mail-from', 'ne-pas-repondre@exemple.fr', '--mail-retry', '1', '--public-url', 'https://plam.exemple.fr',
    '--instance-name', 'Plam Pays de la Loire', '--offer-tick', '1'] });
});

after(async () => {
  await srv?.stop();
  await sink?.stop();
});

test('a need opens, waves reach the SMTP sink, a candidate accepts through the link, the slot is filled', async () => {
  seedBase(srv);
  seedCandidates(srv, 95001, 4);
  const employer = await srv.login('employeur');
  // wave settings before the need opens: 2 candidates per wave
  seedNeed(srv, { id: 96001, headcount: 1, start: '2030-03-06T08:00+01:00', end: '2030-03-06T20:00+01:00',
    nextWaveAt: 4102444800 });
  let r = await employer.put('/api/needs/96001/offer-settings', { wave_size: 2, interval_min: 30, offer_ttl_min: 120, undo_min: 5 });
  assert.equal(r.status, 200, r.text);
  dbQuery(srv, 'UPDATE need_waves SET next_wave_at = NULL WHERE need_id = 96001', { write: true }); // due now
  // the scheduler sends the first wave: the two nearest candidates get their e-mail
  const m1 = await sink.waitFor((m) => m.to.includes('c95001@exemple.fr'), 30000);
  const m2 = await sink.waitFor((m) => m.to.includes('c95002@exemple.fr'), 30000);
  assert.match(m1.subject, /^Mission proposée : IDE, CH Fixture, à partir du 06\/03\/2030 08:00$/);
  assert.match(m1.text, /^Bonjour Prénom95001,/);
  assert.match(m1.text, /Vos coordonnées ne sont transmises à l'établissement que si vous acceptez/);
  const l1 = linkOf(m1), l2 = linkOf(m2);
  assert.equal(l1.base, 'https://plam.exemple.fr');
  assert.notEqual(l1.token, l2.token);
  assert.equal(one('SELECT count(*) FROM offers WHERE need_id = 96001'), '2');
  // the secret is not stored, only its hash
  assert.equal(one(`SELECT count(*) FROM offers WHERE need_id = 96001 AND token_hash = '${l1.token}'`), '0');
  // "send the next wave now"
  r = await employer.post('/api/needs/96001/waves');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.data.wave, 2);
  const m3 = await sink.waitFor((m) => m.to.includes('c95003@exemple.fr'), 30000);
  const l3 = linkOf(m3);
  // the candidate follows the link of the e-mail and accepts
  const anon = srv.anon();
  r = await anon.post('/api/offer-link', { token: l3.token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.data.can.accept, true);
  r = await anon.post('/api/offer-link/answer', { token: l3.token, answer: 'accept' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.data.status, 'confirmed');
  assert.equal(one("SELECT count(*) FROM assignments WHERE need_id = 96001 AND status = 'confirmed'"), '1');
  assert.equal(one('SELECT status FROM needs WHERE id = 96001'), 'filled');
  // the employer now sees this candidate's contact details, and only theirs
  r = await employer.get('/api/needs/96001/offers');
  assert.deepEqual(r.json.data.offers.filter((o) => o.candidate).map((o) => o.candidate.email), ['c95003@exemple.fr']);
  // the others' links say the offer is no longer open
  r = await anon.post('/api/offer-link/answer', { token: l1.token, answer: 'accept' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.fields[0].message, "cette offre n'est plus ouverte");
  // two waves of two: four e-mails, and the scheduler (every second) sends nothing more for a filled need
  assert.equal(one("SELECT count(*) FROM outbox WHERE recipient LIKE 'c9500%'"), '4');
  await sleep(2500);
  assert.equal(one("SELECT count(*) FROM outbox WHERE recipient LIKE 'c9500%'"), '4');
  assert.equal(one('SELECT count(*) FROM offers WHERE need_id = 96001'), '4');
});

test('an employer posts a need through the API: the first wave reaches the SMTP sink and a link fills it', async () => {
  // the first test's candidates (95001-95004, pool 90001); a need on another day, posted as the page does
  const employer = await srv.login('employeur');
  let r = await employer.post('/api/needs', {
    establishment_id: 90001, profession: 'IDE', reason: 'replacement', contract: 'shift', max_km: 100, pools: [90001],
    headcount: 1, slots: [{ start: '2030-03-09T08:00+01:00', end: '2030-03-09T20:00+01:00' }],
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json.data.id;
  assert.equal(r.json.data.status, 'open');
  // the scheduler (every second) sends its first wave: the nearest candidate's e-mail names the day
  const m = await sink.waitFor((x) => x.to.includes('c95001@exemple.fr') && /09\/03\/2030/.test(x.subject), 30000);
  assert.match(m.subject, /^Mission proposée : .*CH Fixture, à partir du 09\/03\/2030 08:00$/);
  const l = linkOf(m);
  const anon = srv.anon();
  r = await anon.post('/api/offer-link/answer', { token: l.token, answer: 'accept' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.data.status, 'confirmed');
  assert.equal(one(`SELECT count(*) FROM assignments WHERE need_id = ${id} AND status = 'confirmed'`), '1');
  assert.equal(one(`SELECT status FROM needs WHERE id = ${id}`), 'filled');
});
