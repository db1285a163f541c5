// The outbox seen by an administrator and SMS through a pluggable HTTP
// provider (a local fake, tests/lib/sms_fake.mjs): a test e-mail reaches the
// SMTP sink; a test SMS is posted as JSON with the token of the
// configuration file, retried while the provider answers 503 and delivered
// after; a provider that refuses the token (401) fails the message for good;
// GET /api/outbox counts them and never shows a message's text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, dbQuery, sleep } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp_sink.mjs';
import { startSmsFake } from '../lib/sms_fake.mjs';

let srv, sink, sms, admin;

async function statusOf(id, want, on = srv) {
  let st = '';
  for (let i = 0; i < 100; i++) {
    st = dbQuery(on, `SELECT status FROM outbox WHERE id = ${id}`)[0][0];
    if (st === want) break;
    await sleep(100);
  }
  return st;
}

before(async () => {
  sink = await startSmtpSink();
  sms = await startSmsFake({ token: 'jeton-fournisseur-42', fail: 2 });
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'plam-mail-conf-'));
  const conf = path.join(dir, 'plam.conf');
  fs.writeFileSync(conf, `sms-url = ${sms.url}\nsms-token = jeton-fournisseur-42\n`);
  srv = await startServer({ args: ['--config', conf, '--smtp-url', `smtp://127.0.0.1:${sink.port}`,
    '--smtp-starttls', 'non', '--mail-from', 'plam@plam.test', '--mail-retry', '1'] });
  admin = await srv.login('admin');
});

after(async () => {
  await srv?.stop();
  await sink?.stop();
  await sms?.stop();
});

test('a test e-mail reaches the SMTP server', async () => {
  const r = await admin.post('/api/outbox/test', { to: 'essai@exemple.fr' });
  assert.equal(r.status, 202, r.text);
  const m = await sink.waitFor((x) => x.to.includes('essai@exemple.fr'));
  assert.equal(m.subject, "Message d'essai – plam");
  assert.match(m.text, /l'envoi des courriels fonctionne/);
  assert.equal(await statusOf(r.json.data.id, 'sent'), 'sent');
});

test('a test SMS is posted with the token, retried while the provider is busy, then delivered', async () => {
  const r = await admin.post('/api/outbox/test', { to: '+33612345678' });
  assert.equal(r.status, 202, r.text);
  const m = await sms.waitFor((x) => x.to === '+33612345678');
  assert.match(m.text, /l'envoi des SMS fonctionne/);
  assert.equal(m.reference, `plam-${r.json.data.id}`);
  const req = sms.requests.at(-1);
  assert.equal(req.headers.authorization, 'Bearer jeton-fournisseur-42');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(await statusOf(r.json.data.id, 'sent'), 'sent');
  const [[attempts, lastError]] = dbQuery(srv, `SELECT attempts, last_error FROM outbox WHERE id = ${r.json.data.id}`);
  assert.equal(attempts, '3', 'two 503 answers, then delivered');
  assert.equal(lastError ?? '', '', 'no error once sent');
  const retries = dbQuery(srv, `SELECT after FROM audit_log WHERE entity = 'mail' AND entity_id = '${r.json.data.id}' AND action = 'retry' ORDER BY id`);
  assert.equal(retries.length, 2);
  for (const [a] of retries) assert.equal(JSON.parse(a).error, 'réponse HTTP 503 du fournisseur');
  assert.ok(!srv.stderr().includes('jeton-fournisseur-42'), 'the token is not logged');
});

test('refused input names the field', async () => {
  for (const to of ['0612345678', 'pas une adresse', '+0612']) {
    const r = await admin.post('/api/outbox/test', { to });
    assert.equal(r.status, 400, to);
    assert.equal(r.json.error.fields[0].field, 'to');
  }
});

test('the outbox view counts messages and never shows their text', async () => {
  const r = await admin.get('/api/outbox');
  assert.equal(r.status, 200);
  const { counts, messages } = r.json.data;
  assert.ok(counts.sent >= 2);
  assert.ok(messages.length >= 2);
  for (const m of messages) {
    assert.deepEqual(Object.keys(m).sort(), ['attempts', 'created_at', 'id', 'kind', 'last_error', 'next_attempt_at',
      'recipient', 'sent_at', 'status', 'subject']);
  }
  assert.ok(!r.text.includes('fonctionne'));
  const staff = await srv.login('staff');
  assert.equal((await staff.get('/api/outbox')).status, 403);
});

test('a provider that refuses the token fails the SMS for good', async () => {
  const bad = await startSmsFake({ token: 'un-autre-jeton' });
  const dir = fs.mkdtempSync(path.join(srv.dir, 'conf-'));
  const conf = path.join(dir, 'plam.conf');
  fs.writeFileSync(conf, `sms-url = ${bad.url}\nsms-token = jeton-fournisseur-42\n`);
  const s = await startServer({ args: ['--config', conf, '--mail-retry', '1'] });
  try {
    const a = await s.login('admin');
    const r = await a.post('/api/outbox/test', { to: '+33700000000' });
    assert.equal(r.status, 202);
    assert.equal(await statusOf(r.json.data.id, 'failed', s), 'failed');
    const [[attempts, lastError]] = dbQuery(s, `SELECT attempts, last_error FROM outbox WHERE id = ${r.json.data.id}`);
    assert.equal(attempts, '1');
    assert.equal(lastError, 'réponse HTTP 401 du fournisseur');
    assert.equal(bad.messages.length, 0);
  } finally {
    await s.stop();
    await bad.stop();
  }
});
