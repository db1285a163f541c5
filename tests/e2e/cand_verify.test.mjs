// A self-registered account whose e-mail address is not verified yet (cand,
// issue 11): with the right password, log-in answers 403
// `account_unverified` with a French message saying so and how to get a new
// link, instead of the generic "disabled" one; a wrong password still gets
// the generic 401 (nothing learnt without the password). POST
// /api/registrations/resend mails a fresh verification link to pending
// accounts only, with the same answer for every address (unknown, verified,
// pending), audited, and throttled like the other link requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, dbQuery } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp_sink.mjs';

let srv, sink;
const PASSWORD = 'un mot de passe assez long';
const SENT = 'Si cette adresse peut recevoir un message, il vient de lui être envoyé : suivez le lien qu\'il contient.';

const rows = (sql) => dbQuery(srv, sql).map((r) => r.join('|')).join(',');
function tokenOf(m) {
  const t = /#jeton=([A-Za-z0-9._-]+)/.exec(m.text);
  assert.ok(t, m.text);
  return t[1];
}

before(async () => {
  sink = await startSmtpSink();
  srv = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--smtp-starttls', 'non',
    '--mail-from', 'plam@plam.test', '--mail-retry', '1'] });
});
after(async () => {
  await srv?.stop();
  await sink?.stop();
});

test('a pending account is told its address is not verified; a new link activates it', async () => {
  const anon = srv.anon();
  const email = 'jeanne.attente@exemple.fr';
  const r = await anon.post('/api/registrations', { email, display_name: 'Jeanne Attente', role: 'candidate', password: PASSWORD });
  assert.equal(r.status, 202, r.text);
  const first = await sink.waitFor((x) => x.to.includes(email) && /Confirmez/.test(x.subject));

  const li = await srv.anon().login(email, PASSWORD);
  assert.equal(li.status, 403, li.text);
  assert.equal(li.json.error.code, 'account_unverified');
  assert.match(li.json.error.message, /n'est pas encore vérifiée/);
  assert.match(li.json.error.message, /Renvoyer le lien de vérification/);
  assert.doesNotMatch(li.json.error.message, /désactivé/);
  // the wrong password learns nothing
  const wrong = await srv.anon().login(email, 'pas le bon mot de passe');
  assert.equal(wrong.status, 401);
  assert.equal(wrong.json.error.code, 'bad_credentials');
  // audited as a failed log-in with its reason
  assert.match(rows("SELECT after FROM audit_log WHERE action = 'login_failed' ORDER BY id DESC LIMIT 2"), /account_unverified/);

  const before = Number(rows(`SELECT count(*) FROM outbox WHERE recipient = '${email}'`));
  const again = await anon.post('/api/registrations/resend', { email: email.toUpperCase() });
  assert.equal(again.status, 202, again.text);
  assert.equal(again.json.data.message, SENT);
  const m = await sink.waitFor((x) => x.to.includes(email) && /Confirmez/.test(x.subject) && tokenOf(x) !== tokenOf(first));
  assert.equal(Number(rows(`SELECT count(*) FROM outbox WHERE recipient = '${email}'`)), before + 1);
  assert.match(m.text, /Votre identifiant de connexion : jeanne\.attente@exemple\.fr/);
  const v = await anon.post('/api/registrations/verify', { token: tokenOf(m) });
  assert.equal(v.status, 200, v.text);
  const ok = await srv.anon().login(email, PASSWORD);
  assert.equal(ok.status, 200, ok.text);
  // the first link, unused, no longer activates anything twice
  const old = await anon.post('/api/registrations/verify', { token: tokenOf(first) });
  assert.equal(old.status, 400);
  assert.match(old.json.error.fields[0].message, /déjà activé/);
  const uid = rows(`SELECT id FROM users WHERE email = '${email}'`);
  assert.equal(rows(`SELECT count(*) FROM audit_log WHERE action = 'verify_resend' AND entity_id = '${uid}'`), '1');
  assert.equal(rows(`SELECT count(*) FROM audit_log WHERE coalesce(after, '') LIKE '%${tokenOf(m).slice(-20)}%'`), '0');
});

test('an account disabled by an administrator keeps the generic message', async () => {
  const admin = await srv.login('admin');
  const email = 'suspendu@exemple.fr';
  const c = await admin.post('/api/users', { login: 'suspendu', display_name: 'Compte Suspendu', email, role: 'candidate',
    password: PASSWORD, disabled: true });
  assert.equal(c.status, 201, c.text);
  const li = await srv.anon().login('suspendu', PASSWORD);
  assert.equal(li.status, 403);
  assert.equal(li.json.error.code, 'account_disabled');
  // no verification link for it
  const r = await srv.anon().post('/api/registrations/resend', { email });
  assert.equal(r.status, 202);
  assert.equal(rows(`SELECT count(*) FROM outbox WHERE recipient = '${email}'`), '0');
});

test('the same answer for unknown and verified addresses, nothing sent, each request audited', async () => {
  const anon = srv.anon();
  const n0 = Number(rows('SELECT count(*) FROM outbox'));
  const a0 = Number(rows("SELECT count(*) FROM audit_log WHERE action = 'verify_resend' AND entity_id IS NULL"));
  const unknown = await anon.post('/api/registrations/resend', { email: 'personne.inconnue@exemple.fr' });
  const verified = await anon.post('/api/registrations/resend', { email: 'jeanne.attente@exemple.fr' });
  assert.equal(unknown.status, 202);
  assert.deepEqual(verified.json, unknown.json);
  assert.equal(Number(rows('SELECT count(*) FROM outbox')), n0);
  assert.equal(Number(rows("SELECT count(*) FROM audit_log WHERE action = 'verify_resend' AND entity_id IS NULL")), a0 + 2);
});

test('refused input names the field in French', async () => {
  const r = await srv.anon().post('/api/registrations/resend', { email: 'pas-une-adresse' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.fields[0].field, 'email');
  assert.match(r.json.error.fields[0].message, /adresse électronique invalide/);
});

test('requests for a new link are throttled per address', async () => {
  const anon = srv.anon();
  const statuses = [];
  for (let i = 0; i < 8; i++) statuses.push((await anon.post('/api/registrations/resend', { email: 'cible.renvoi@exemple.fr' })).status);
  assert.ok(statuses.slice(0, 5).every((s) => s === 202), statuses.join(','));
  const r = await anon.post('/api/registrations/resend', { email: 'cible.renvoi@exemple.fr' });
  assert.equal(r.status, 429, statuses.join(','));
  assert.ok(Number(r.headers['retry-after']) >= 1);
});
