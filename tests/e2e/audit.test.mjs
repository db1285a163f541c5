// The audit log: creates, updates, password changes, logins (ok and failed)
// and logouts are written with who, when, before/after and the request id;
// no secret (password, hash, session or CSRF token) ever reaches the audit
// JSON or the server's logs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO, runPlam, startServer } from '../lib/server.mjs';

const NEW_PASSWORD = 'audit-secret-password-2026';
const RESET_PASSWORD = 'audit-reset-password-2026';
const WRONG_PASSWORD = 'audit-wrong-password-2026';

describe('audit log', { timeout: 90000 }, () => {
  let srv, admin;
  const secrets = new Set();

  before(async () => {
    srv = await startServer();
    admin = await srv.login('admin');
    secrets.add(admin.csrf).add(admin.cookies.get('plam_session'));
  });
  after(async () => { await srv?.stop(); });

  async function auditAll(query = '') {
    const res = await admin.get(`/api/audit?limit=500${query}`);
    assert.equal(res.status, 200, res.text);
    assert.ok(Array.isArray(res.json.data));
    assert.equal(typeof res.json.meta.total, 'number');
    return res.json.data;
  }

  test('creating and updating a user: create then update entries with before/after, actor and request id', async () => {
    const created = await admin.post('/api/users', { login: 'audit.user', display_name: 'Avant', email: 'a@example.org',
      role: 'staff', org_id: 1, password: NEW_PASSWORD });
    assert.equal(created.status, 201, created.text);
    const id = created.json.data.id;
    assert.ok(!JSON.stringify(created.json).includes(NEW_PASSWORD), 'no password in the API answer');
    const updated = await admin.patch(`/api/users/${id}`, { display_name: 'Après', role: 'pilot' });
    assert.equal(updated.status, 200, updated.text);

    const rows = await auditAll('&entity=user');
    const c = rows.find((r) => r.action === 'create' && String(r.entity_id) === String(id));
    assert.ok(c, 'create entry');
    assert.equal(c.entity, 'user');
    assert.equal(c.before, null);
    assert.equal(c.after.login, 'audit.user');
    assert.equal(c.user_login, 'admin');
    assert.equal(c.user_id, admin.user.id);
    assert.equal(c.request_id, created.headers['x-request-id']);
    assert.match(c.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    const u = rows.find((r) => r.action === 'update' && String(r.entity_id) === String(id));
    assert.ok(u, 'update entry');
    assert.equal(u.before.display_name, 'Avant');
    assert.equal(u.after.display_name, 'Après');
    assert.equal(u.before.role, 'staff');
    assert.equal(u.after.role, 'pilot');
    assert.equal(u.request_id, updated.headers['x-request-id']);
  });

  test('creating and updating an organisation is audited', async () => {
    const created = await admin.post('/api/organisations', { name: 'Clinique de l’audit', kind: 'establishment', finess: '440000057' });
    assert.equal(created.status, 201, created.text);
    const id = created.json.data.id;
    const updated = await admin.patch(`/api/organisations/${id}`, { name: 'Clinique de l’audit (renommée)' });
    assert.equal(updated.status, 200, updated.text);
    const rows = await auditAll('&entity=organisation');
    const c = rows.find((r) => r.action === 'create' && String(r.entity_id) === String(id));
    const u = rows.find((r) => r.action === 'update' && String(r.entity_id) === String(id));
    assert.ok(c && u, 'create and update entries');
    assert.equal(c.after.name, 'Clinique de l’audit');
    assert.equal(u.before.name, 'Clinique de l’audit');
    assert.equal(u.after.name, 'Clinique de l’audit (renommée)');
    assert.ok(rows.every((r) => r.entity === 'organisation'), 'entity filter');
  });

  test('a refused write writes no audit entry', async () => {
    const before = (await auditAll()).length;
    const staff = await srv.login('staff');
    secrets.add(staff.csrf).add(staff.cookies.get('plam_session'));
    assert.equal((await staff.post('/api/users', { login: 'x.refused', role: 'staff', password: NEW_PASSWORD })).status, 403);
    assert.equal((await admin.post('/api/users', { login: 'x', role: 'nope', password: NEW_PASSWORD })).status, 400);
    const rows = await auditAll();
    // only the staff login was added
    assert.equal(rows.length, before + 1, JSON.stringify(rows.slice(0, 3)));
    assert.equal(rows.filter((r) => r.after?.login === 'x.refused' || r.after?.login === 'x').length, 0);
  });

  test('logins (ok and failed), logouts and password changes are audited', async () => {
    const bad = await srv.anon().login('pilote', WRONG_PASSWORD);
    assert.equal(bad.status, 401);
    const p = await srv.login('pilote');
    secrets.add(p.csrf).add(p.cookies.get('plam_session'));
    const pw = await p.post('/api/me/password', { current_password: DEMO.pilote.password, new_password: NEW_PASSWORD });
    assert.equal(pw.status, 204, pw.text);
    const p2 = await srv.login('pilote', NEW_PASSWORD);
    secrets.add(p2.csrf).add(p2.cookies.get('plam_session'));
    assert.equal((await p2.del('/api/session')).status, 204);
    const reset = await admin.post(`/api/users/${p.user.id}/password`, { password: RESET_PASSWORD });
    assert.equal(reset.status, 204, reset.text);

    const rows = await auditAll();
    const failed = rows.find((r) => r.action === 'login_failed' && r.after?.login === 'pilote');
    assert.ok(failed, 'login_failed entry');
    const logins = rows.filter((r) => r.action === 'login' && r.user_login === 'pilote');
    assert.ok(logins.length >= 2, 'login entries');
    assert.ok(rows.some((r) => r.action === 'logout' && r.user_login === 'pilote'), 'logout entry');
    const pwRows = rows.filter((r) => r.action === 'password' && String(r.entity_id) === String(p.user.id));
    assert.equal(pwRows.length, 2, 'own change and admin reset');
    assert.ok(pwRows.some((r) => r.user_login === 'admin'));
    assert.ok(pwRows.some((r) => r.user_login === 'pilote'));
  });

  test('CLI writes are audited too', async () => {
    const r = runPlam(['user', 'add', 'audit.cli', '--role', 'intern', '--db', srv.db, '--password-stdin'], { input: `${NEW_PASSWORD}\n` });
    assert.equal(r.status, 0, r.stderr);
    const rows = await auditAll('&entity=user');
    const c = rows.find((x) => x.action === 'create' && x.after?.login === 'audit.cli');
    assert.ok(c, 'CLI create entry');
  });

  test('no secret in the audit JSON: no password, hash, session or CSRF token', async () => {
    const text = JSON.stringify(await auditAll());
    const all = [...secrets, NEW_PASSWORD, RESET_PASSWORD, WRONG_PASSWORD, ...Object.values(DEMO).map((d) => d.password)];
    for (const s of all) assert.ok(s && !text.includes(s), `secret found in audit: ${String(s).slice(0, 6)}…`);
    assert.doesNotMatch(text, /\$argon2|password_hash|"hash"|csrf_token|token_hash/i);
    // password entries say that it changed, not what to
    for (const r of await auditAll()) {
      for (const side of [r.before, r.after]) {
        if (side && typeof side === 'object') {
          for (const k of Object.keys(side)) assert.ok(!/^password$|hash|token|secret/i.test(k), `audit key ${k} in ${r.action}`);
        }
      }
    }
  });

  test('no secret in the server logs', async () => {
    const log = srv.stderr();
    assert.match(log, /msg="?request/);
    const all = [...secrets, NEW_PASSWORD, RESET_PASSWORD, WRONG_PASSWORD, ...Object.values(DEMO).map((d) => d.password)];
    for (const s of all) assert.ok(!log.includes(s), `secret found in log: ${String(s).slice(0, 6)}…`);
    assert.doesNotMatch(log, /\$argon2/);
  });

  test('the audit log is append-only through the API and paginated', async () => {
    for (const m of ['POST', 'PATCH', 'DELETE', 'PUT']) {
      const res = await admin.send(m, '/api/audit', { body: '{}', headers: { 'Content-Type': 'application/json' } });
      assert.equal(res.status, 405, `${m} /api/audit`);
    }
    const page = await admin.get('/api/audit?limit=2&offset=1');
    assert.equal(page.status, 200);
    assert.equal(page.json.data.length, 2);
    assert.equal(page.json.meta.limit, 2);
    assert.equal(page.json.meta.offset, 1);
    const firstTwo = (await admin.get('/api/audit?limit=3')).json.data;
    assert.equal(page.json.data[0].id, firstTwo[1].id, 'offset pages');
    const byUser = await admin.get(`/api/audit?user_id=${admin.user.id}&limit=500`);
    assert.ok(byUser.json.data.length > 0 && byUser.json.data.every((r) => r.user_id === admin.user.id));
  });
});
