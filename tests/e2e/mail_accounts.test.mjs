// Accounts on the public site through real e-mail (issue 11): plam serve
// delivers its outbox over SMTP (libcurl) to a local sink (tests/lib/
// smtp_sink.mjs) on 127.0.0.1. Register → the verification mail reaches the
// sink → follow the link → log in; a known address gets the same answer and
// no second account; forgot password → mail → reset → the old sessions are
// gone and the link works once; the requests are throttled; a mail queued
// while the sink is down is delivered when it comes back; SMTP credentials
// come from the configuration file only and never reach the logs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, dbQuery, sleep } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp_sink.mjs';

let srv, sink;
const FROM = 'ne-pas-repondre@plam.test';
const PASSWORD = 'un mot de passe assez long';
const SENT = 'Si cette adresse peut recevoir un message, il vient de lui être envoyé : suivez le lien qu\'il contient.';

function tokenOf(m) {
  const t = /#jeton=([A-Za-z0-9._-]+)/.exec(m.text);
  assert.ok(t, `no link in:\n${m.text}`);
  return t[1];
}

/** The rows of sql, columns joined by '|', rows by ','. */
function rows(sql, on = srv) {
  return dbQuery(on, sql).map((r) => r.join('|')).join(',');
}

before(async () => {
  sink = await startSmtpSink();
  srv = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--smtp-starttls', 'non',
    '--mail-from', FROM, '--mail-retry', '1', '--instance-name', 'Plam Pays de la Loire'] });
});

after(async () => {
  await srv?.stop();
  await sink?.stop();
});

test('register, the verification mail reaches the sink, follow the link, log in', async () => {
  const anon = srv.anon();
  const email = 'Lea.Martin@exemple.fr';
  const r = await anon.post('/api/registrations', { email, display_name: 'Léa Martin', role: 'candidate', password: PASSWORD });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.json.data.message, SENT);
  const m = await sink.waitFor((x) => x.to.includes(email) && /Confirmez/.test(x.subject));
  // a real message: envelope, RFC 2047 subject, headers, quoted-printable UTF-8 body
  assert.equal(m.from, FROM);
  assert.equal(m.subject, 'Confirmez votre adresse électronique – Plam Pays de la Loire');
  assert.match(m.headers.subject, /^=\?UTF-8\?Q\?/);
  assert.match(m.headers.date, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
  assert.match(m.headers['message-id'], /^<plam\.\d+\.[0-9a-f]{16}@plam\.test>$/);
  assert.equal(m.headers['content-type'], 'text/plain; charset=UTF-8');
  assert.ok(m.raw.split('\r\n').every((l) => l.length <= 78), 'lines of at most 78 characters');
  assert.match(m.text, /Bonjour Léa Martin,/);
  assert.match(m.text, /Votre identifiant de connexion : lea\.martin@exemple\.fr/);
  assert.ok(m.text.includes(`${srv.url}/inscription.html#jeton=verify.`));
  // disabled until verified
  const early = await srv.anon().login('lea.martin@exemple.fr', PASSWORD);
  assert.notEqual(early.status, 200);
  const token = tokenOf(m);
  const v = await anon.post('/api/registrations/verify', { token });
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.data.login, 'lea.martin@exemple.fr');
  const c = srv.anon();
  const li = await c.login('lea.martin@exemple.fr', PASSWORD);
  assert.equal(li.status, 200, li.text);
  assert.equal(li.json.data.user.role, 'candidate');
  // the link works once
  const again = await anon.post('/api/registrations/verify', { token });
  assert.equal(again.status, 400);
  assert.equal(again.json.error.fields[0].field, 'token');
  assert.match(again.json.error.fields[0].message, /déjà été utilisé/);
  // a tampered link is refused
  const bad = await anon.post('/api/registrations/verify', { token: token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA') });
  assert.equal(bad.status, 400);
  // audited, without the link
  const audit = rows("SELECT action FROM audit_log WHERE entity = 'user' AND action IN ('register', 'verify_email') ORDER BY id");
  assert.equal(audit, 'register,verify_email');
  assert.equal(rows(`SELECT count(*) FROM audit_log WHERE coalesce(after, '') LIKE '%${token.slice(-20)}%'`), '0');
  assert.ok(!srv.stderr().includes(token.slice(-20)), 'no link in the logs');
});

test('a known address gets the same answer and a mail to its owner, not a second account', async () => {
  const email = 'paul.durand@exemple.fr';
  const anon = srv.anon();
  const first = await anon.post('/api/registrations', { email, display_name: 'Paul Durand', role: 'intern', password: PASSWORD });
  assert.equal(first.status, 202);
  const m1 = await sink.waitFor((x) => x.to.includes(email) && /Confirmez/.test(x.subject));
  await anon.post('/api/registrations/verify', { token: tokenOf(m1) });
  const second = await anon.post('/api/registrations', { email: 'PAUL.DURAND@exemple.fr', display_name: 'Autre', role: 'candidate', password: 'encore un autre mot de passe' });
  assert.equal(second.status, 202);
  assert.deepEqual(second.json, first.json);
  const m2 = await sink.waitFor((x) => x.to.includes('PAUL.DURAND@exemple.fr'));
  assert.equal(m2.subject, 'Votre compte sur Plam Pays de la Loire');
  assert.match(m2.text, /un compte l'utilise déjà \(identifiant : paul\.durand@exemple\.fr\)/);
  assert.equal(rows("SELECT count(*) FROM users WHERE lower(email) = 'paul.durand@exemple.fr'"), '1');
  // an address that cannot be a login gets a made-up one
  const plus = await anon.post('/api/registrations', { email: 'anne+plam@exemple.fr', display_name: 'Anne', role: 'candidate', password: PASSWORD });
  assert.equal(plus.status, 202);
  const m3 = await sink.waitFor((x) => x.to.includes('anne+plam@exemple.fr'));
  assert.match(m3.text, /Votre identifiant de connexion : anne-plam-\d{4}\n/);
});

test('refused input names the field; only candidate and intern roles', async () => {
  const anon = srv.anon();
  const cases = [
    [{ email: 'pas-une-adresse', display_name: 'X', role: 'candidate', password: PASSWORD }, 'email'],
    [{ email: 'a@b.fr', display_name: 'X', role: 'admin', password: PASSWORD }, 'role'],
    [{ email: 'a@b.fr', display_name: 'X', role: 'candidate', password: 'court' }, 'password'],
    [{ email: 'a@b.fr', display_name: '', role: 'candidate', password: PASSWORD }, 'display_name'],
  ];
  for (const [body, field] of cases) {
    const r = await anon.post('/api/registrations', body);
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.json.error.fields[0].field, field);
  }
});

test('forgot password: mail, reset, old sessions gone, the link works once', async () => {
  const email = 'sophie.bernard@exemple.fr';
  const anon = srv.anon();
  await anon.post('/api/registrations', { email, display_name: 'Sophie Bernard', role: 'candidate', password: PASSWORD });
  const mv = await sink.waitFor((x) => x.to.includes(email) && /Confirmez/.test(x.subject));
  await anon.post('/api/registrations/verify', { token: tokenOf(mv) });
  const s1 = await srv.login(email, PASSWORD);
  const s2 = await srv.login(email, PASSWORD);
  assert.equal((await s1.get('/api/me')).status, 200);

  const unknown = await anon.post('/api/password-resets', { email: 'personne@exemple.fr' });
  const known = await anon.post('/api/password-resets', { email });
  assert.equal(unknown.status, 202);
  assert.equal(known.status, 202);
  assert.deepEqual(unknown.json, known.json, 'same answer for a known and an unknown address');
  const m = await sink.waitFor((x) => x.to.includes(email) && /Réinitialisation/.test(x.subject));
  assert.equal(m.subject, 'Réinitialisation de votre mot de passe – Plam Pays de la Loire');
  assert.ok(m.text.includes(`${srv.url}/reinitialiser.html#jeton=reset.`));
  const token = tokenOf(m);
  const weak = await anon.post('/api/password-resets/confirm', { token, password: 'court' });
  assert.equal(weak.status, 400);
  assert.equal(weak.json.error.fields[0].field, 'password');
  const NEW = 'un tout nouveau mot de passe';
  const ok = await anon.post('/api/password-resets/confirm', { token, password: NEW });
  assert.equal(ok.status, 204, ok.text);
  assert.equal((await s1.get('/api/me')).status, 401, 'old sessions end');
  assert.equal((await s2.get('/api/me')).status, 401);
  assert.notEqual((await srv.anon().login(email, PASSWORD)).status, 200);
  assert.equal((await srv.anon().login(email, NEW)).status, 200);
  const twice = await anon.post('/api/password-resets/confirm', { token, password: 'encore un nouveau mot de passe' });
  assert.equal(twice.status, 400);
  assert.match(twice.json.error.fields[0].message, /déjà été utilisé/);
  assert.equal(rows("SELECT count(*) FROM outbox WHERE recipient = 'personne@exemple.fr'"), '0', 'nothing sent to an unknown address');
  const actions = rows("SELECT action FROM audit_log WHERE action LIKE 'password_reset%' ORDER BY id");
  assert.equal(actions, 'password_reset_request,password_reset_request,password_reset');
  assert.equal(rows("SELECT count(*) FROM audit_log WHERE coalesce(after, '') LIKE '%mot de passe%'"), '0');
});

test('reset requests are throttled like log-ins, whatever the address', async () => {
  const anon = srv.anon();
  const statuses = [];
  for (let i = 0; i < 8; i++) statuses.push((await anon.post('/api/password-resets', { email: 'cible@exemple.fr' })).status);
  assert.ok(statuses.slice(0, 5).every((s) => s === 202), statuses.join(','));
  const r = await anon.post('/api/password-resets', { email: 'cible@exemple.fr' });
  assert.equal(r.status, 429, statuses.join(','));
  assert.ok(Number(r.headers['retry-after']) >= 1);
});

test('a mail queued while the SMTP server is down is delivered when it comes back', async () => {
  await sink.stop();
  const email = 'hors.ligne@exemple.fr';
  const r = await srv.anon().post('/api/registrations', { email, display_name: 'Hors Ligne', role: 'candidate', password: PASSWORD });
  assert.equal(r.status, 202);
  const id = rows(`SELECT id FROM outbox WHERE recipient = '${email}'`);
  let attempts = 0;
  for (let i = 0; i < 100 && attempts < 2; i++) {
    await sleep(100);
    attempts = Number(rows(`SELECT attempts FROM outbox WHERE id = ${id}`));
  }
  assert.ok(attempts >= 2, `retried while down (${attempts} attempts)`);
  assert.equal(rows(`SELECT status FROM outbox WHERE id = ${id}`), 'queued');
  assert.match(rows(`SELECT last_error FROM outbox WHERE id = ${id}`), /connect/i);
  await sink.start();
  const m = await sink.waitFor((x) => x.to.includes(email), 30000);
  assert.equal(m.subject, 'Confirmez votre adresse électronique – Plam Pays de la Loire');
  for (let i = 0; i < 50 && rows(`SELECT status FROM outbox WHERE id = ${id}`) !== 'sent'; i++) await sleep(100);
  assert.equal(rows(`SELECT status FROM outbox WHERE id = ${id}`), 'sent');
  assert.ok(Number(rows(`SELECT count(*) FROM audit_log WHERE entity = 'mail' AND entity_id = '${id}' AND action = 'retry'`)) >= 1);
});

test('SMTP credentials come from the configuration file only and are never logged', async () => {
  const authSink = await startSmtpSink({ auth: { user: 'plam-smtp', pass: 's3cret-Mot-De-Passe' } });
  const dir = fs.mkdtempSync(path.join(srv.dir, 'conf-'));
  const conf = path.join(dir, 'plam.conf');
  fs.writeFileSync(conf, `smtp-url = smtp://127.0.0.1:${authSink.port}\nsmtp-starttls = non\nmail-from = ${FROM}\n`
    + 'smtp-user = plam-smtp\nsmtp-password = s3cret-Mot-De-Passe\nmail-retry = 1\n');
  const s = await startServer({ args: ['--config', conf] });
  try {
    const email = 'auth.smtp@exemple.fr';
    const r = await s.anon().post('/api/registrations', { email, display_name: 'Auth', role: 'candidate', password: PASSWORD });
    assert.equal(r.status, 202);
    const m = await authSink.waitFor((x) => x.to.includes(email));
    assert.equal(m.from, FROM);
    assert.deepEqual(authSink.authSeen.at(-1), { user: 'plam-smtp', pass: 's3cret-Mot-De-Passe' });
    assert.ok(!s.stderr().includes('s3cret'), 'the password is not in the logs');
    assert.ok(!fs.readFileSync(s.stdoutPath, 'utf8').includes('s3cret'));
  } finally {
    await s.stop();
    await authSink.stop();
  }
  const flag = srv.plam(['serve', '--smtp-password', 'x', '--db', srv.db]);
  assert.equal(flag.status, 2);
  assert.match(flag.stderr, /se donne seulement dans le fichier de configuration/);
});

test('without --smtp-url the server says so once and keeps mail queued', async () => {
  const s = await startServer();
  try {
    const out = fs.readFileSync(s.stdoutPath, 'utf8');
    assert.equal(out.split('aucun serveur de courriel').length - 1, 1, out);
    const r = await s.anon().post('/api/registrations', { email: 'en.file@exemple.fr', display_name: 'En file', role: 'intern', password: PASSWORD });
    assert.equal(r.status, 202);
    await sleep(1500);
    assert.equal(rows("SELECT status, attempts FROM outbox WHERE recipient = 'en.file@exemple.fr'", s), 'queued|0');
  } finally {
    await s.stop();
  }
});
