// Offers by SMS (cand, issue 11), on both engines: a candidate chooses on
// "Mes offres" how offers reach them (PUT /api/me/contact: email, sms, both;
// SMS needs a phone that reads as a number, else 400 on contact_by); a wave
// then queues the SMS with the one-click link in the same transaction as
// the offer, as e-mails are, and plam serve's sender posts it to the tests'
// fake SMS provider; "sms" sends no e-mail, "both" sends both, "email" as
// before; the link in the SMS opens the offer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, dbQuery } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp_sink.mjs';
import { startSmsFake } from '../lib/sms_fake.mjs';
import { seedBase, seedCandidates, seedNeed } from '../lib/offer_fixture.mjs';

const PASSWORD = 'un mot de passe assez long';
let srv, sink, sms;
const one = (sql) => dbQuery(srv, sql)[0]?.[0];

before(async () => {
  sink = await startSmtpSink();
  sms = await startSmsFake({ token: 'jeton-sms-cand' });
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'plam-cand-sms-'));
  const conf = path.join(dir, 'plam.conf');
  fs.writeFileSync(conf, `sms-url = ${sms.url}\nsms-token = jeton-sms-cand\n`);
  srv = await startServer({ args: ['--config', conf, '--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--smtp-starttls', 'non',
    '--mail-from', 'plam@plam.test', '--mail-retry', '1', '--offer-tick', '0'] });
  seedBase(srv);
  seedCandidates(srv, 99001, 4);
  // phones: a French mobile with spaces, an international one, one that is not a number
  dbQuery(srv, `UPDATE candidates SET phone = '06 12 34 56 78' WHERE id = 99001;
    UPDATE candidates SET phone = '+33698765432' WHERE id = 99002;
    UPDATE candidates SET phone = 'inconnu' WHERE id = 99003;`, { write: true });
});
after(async () => {
  await srv?.stop();
  await sink?.stop();
  await sms?.stop();
});

async function candidate(login, cand) {
  const admin = await srv.login('admin');
  const u = await admin.post('/api/users', { login, display_name: login, role: 'candidate', password: PASSWORD });
  assert.equal(u.status, 201, u.text);
  dbQuery(srv, `UPDATE candidates SET user_id = ${u.json.data.id} WHERE id = ${cand}`, { write: true });
  return srv.login(login, PASSWORD);
}

test('the candidate chooses SMS, both or e-mail; SMS needs a usable phone', async () => {
  const a = await candidate('sms.seul', 99001);
  const b = await candidate('sms.et.mail', 99002);
  const c = await candidate('sms.sans.numero', 99003);
  let r = await a.get('/api/me/offers');
  assert.deepEqual(r.json.data.contact, { contact_by: 'email', sms_possible: true });
  r = await a.put('/api/me/contact', { contact_by: 'sms' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.data, { contact_by: 'sms', sms_possible: true });
  assert.equal((await b.put('/api/me/contact', { contact_by: 'both' })).status, 200);
  r = await c.put('/api/me/contact', { contact_by: 'sms' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.fields[0].field, 'contact_by');
  assert.match(r.json.error.fields[0].message, /numéro de téléphone valide/);
  r = await c.put('/api/me/contact', { contact_by: 'pigeon' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.fields[0].field, 'contact_by');
  assert.equal(one('SELECT contact_by FROM candidates WHERE id = 99003'), 'email');
  assert.equal(one("SELECT count(*) FROM audit_log WHERE action = 'update' AND entity = 'candidate' AND entity_id = '99001'"), '1');
  // an employer may not
  assert.equal((await (await srv.login('employeur')).put('/api/me/contact', { contact_by: 'sms' })).status, 403);
});

test('a wave queues the SMS with the offer; the fake provider receives it; the link opens the offer', async () => {
  seedNeed(srv, { id: 99101, headcount: 1, start: '2030-03-20T08:00+01:00', end: '2030-03-20T20:00+01:00' });
  const employer = await srv.login('employeur');
  let r = await employer.put('/api/needs/99101/offer-settings', { wave_size: 4, interval_min: 15, offer_ttl_min: 60, undo_min: 5 });
  assert.equal(r.status, 200, r.text);
  r = await employer.post('/api/needs/99101/waves');
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.data.offers.map((o) => o.candidate_id).sort(), [99001, 99002, 99003, 99004]);
  // the same transaction: every queued message belongs to an offer that exists
  assert.equal(one("SELECT count(*) FROM outbox WHERE kind = 'sms'"), '2');

  const m1 = await sms.waitFor((m) => m.to === '+33612345678');
  const m2 = await sms.waitFor((m) => m.to === '+33698765432');
  for (const m of [m1, m2]) {
    assert.match(m.text, /^Mission IDE - CH Fixture, du 20\/03 08:00 au 20\/03 20:00\. Accepter ou refuser : /);
    assert.ok(m.text.includes(`${srv.url}/offre.html#jeton=`), m.text);
    assert.ok([...m.text].length <= 480);
  }
  // "sms": no e-mail; "both": the e-mail too; the phone that is not a number and "email": e-mail
  await sink.waitFor((x) => x.to.includes('c99002@exemple.fr'));
  await sink.waitFor((x) => x.to.includes('c99003@exemple.fr'));
  await sink.waitFor((x) => x.to.includes('c99004@exemple.fr'));
  assert.equal(one("SELECT count(*) FROM outbox WHERE recipient = 'c99001@exemple.fr'"), '0');
  assert.equal(one("SELECT count(*) FROM outbox WHERE kind = 'sms' AND recipient NOT IN ('+33612345678', '+33698765432')"), '0');

  // the SMS's link is the offer's one-click link
  const token = /#jeton=([A-Za-z0-9_-]{43})/.exec(m1.text)[1];
  const v = await srv.anon().post('/api/offer-link', { token });
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.data.need.id, 99101);
  const acc = await srv.anon().post('/api/offer-link/answer', { token, answer: 'accept' });
  assert.equal(acc.status, 200, acc.text);
  assert.equal(acc.json.data.status, 'confirmed');
  // the SMS text never reaches the audit log
  assert.equal(one(`SELECT count(*) FROM audit_log WHERE coalesce(after, '') LIKE '%${token.slice(-16)}%'`), '0');
});
