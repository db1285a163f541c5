// The per-thread session-check cache (src/app/access/session_cache.h, fast
// module) never serves a stale check: every change to the database, by this
// server, by a `plam` command or by a direct SQL write from another process,
// is seen by the very next request of a session whose check is cached. The
// server runs one worker thread so that the warm-up requests fill the one
// cache the later requests use. On PostgreSQL nothing is cached (no cheap
// change signal across processes): the same tests must hold there too, and
// two servers on one database are checked as well.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO, ENGINE, dbQuery, serveTwo, startServer } from '../lib/server.mjs';

const warm = async (c, n = 4) => {
  for (let i = 0; i < n; i++) assert.equal((await c.get('/api/me')).status, 200);
};

describe('session cache: refused or updated on the very next request', { concurrency: 1, timeout: 120000 }, () => {
  let srv;
  before(async () => { srv = await startServer({ args: ['--threads', '1'] }); });
  after(async () => { await srv?.stop(); });

  test('a role changed by an admin shows on the next request', async () => {
    const admin = await srv.login('admin');
    const victim = await srv.login('pilote');
    await warm(victim);
    const r = await admin.patch(`/api/users/${victim.user.id}`, { role: 'partner' });
    assert.equal(r.status, 200, r.text);
    const me = await victim.get('/api/me');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.data.user.role, 'partner');
    assert.equal((await admin.patch(`/api/users/${victim.user.id}`, { role: 'pilot' })).status, 200);
    assert.equal((await victim.get('/api/me')).json.data.user.role, 'pilot');
  });

  test('a disabled account is refused on the next request, enabled again it can log in', async () => {
    const admin = await srv.login('admin');
    const victim = await srv.login('collectivite');
    await warm(victim);
    assert.equal((await admin.patch(`/api/users/${victim.user.id}`, { disabled: true })).status, 200);
    assert.equal((await victim.get('/api/me')).status, 401);
    assert.equal((await admin.patch(`/api/users/${victim.user.id}`, { disabled: false })).status, 200);
    assert.equal((await srv.anon().login('collectivite', DEMO.collectivite.password)).status, 200);
  });

  test('a password changed by an admin ends the session on the next request', async () => {
    const admin = await srv.login('admin');
    const victim = await srv.login('employeur');
    await warm(victim);
    const r = await admin.post(`/api/users/${victim.user.id}/password`, { password: 'un-nouveau-mot-de-passe-2026' });
    assert.equal(r.status, 204, r.text);
    assert.equal((await victim.get('/api/me')).status, 401);
  });

  test('after logout the same token is refused at once', async () => {
    const c = await srv.login('institut');
    await warm(c);
    const copy = srv.anon();
    copy.cookies.set('plam_session', c.cookies.get('plam_session'));
    assert.equal((await copy.get('/api/me')).status, 200);
    assert.equal((await c.del('/api/session')).status, 204);
    assert.equal((await copy.get('/api/me')).status, 401);
  });

  test('another process: `plam user disable`, then a direct SQL write, each seen on the next request', async () => {
    const victim = await srv.login('interne');
    await warm(victim);
    assert.equal(srv.plam(['user', 'disable', 'interne', '--db', srv.db]).status, 0);
    assert.equal((await victim.get('/api/me')).status, 401);
    assert.equal(srv.plam(['user', 'enable', 'interne', '--db', srv.db]).status, 0);
    const again = await srv.login('interne');
    await warm(again);
    dbQuery(srv, "UPDATE users SET role = 'staff' WHERE login = 'interne'", { write: true });
    const me = await again.get('/api/me');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.data.user.role, 'staff');
    dbQuery(srv, "UPDATE users SET role = 'intern', disabled = 1 WHERE login = 'interne'", { write: true });
    assert.equal((await again.get('/api/me')).status, 401);
    dbQuery(srv, "UPDATE users SET disabled = 0 WHERE login = 'interne'", { write: true });
  });
});

const skip = ENGINE !== 'pg' && 'two servers on one database: PostgreSQL only (a SQLite file is served by one process)';
describe('session checks across two servers on one PostgreSQL database', { skip, timeout: 120000 }, () => {
  const two = serveTwo({ args: ['--threads', '1'] });

  test('disabled on one server: refused by the other on the next request', async () => {
    const { a, b } = two;
    const admin = await a.login('admin');
    const victim = await b.login('candidat');
    await warm(victim);
    assert.equal((await admin.patch(`/api/users/${victim.user.id}`, { disabled: true })).status, 200);
    assert.equal((await victim.get('/api/me')).status, 401);
    assert.equal((await admin.patch(`/api/users/${victim.user.id}`, { disabled: false })).status, 200);
  });

  test('a role changed on one server shows on the other on the next request', async () => {
    const { a, b } = two;
    const admin = await a.login('admin');
    const victim = await b.login('partenaire');
    await warm(victim);
    assert.equal((await admin.patch(`/api/users/${victim.user.id}`, { role: 'pilot' })).status, 200);
    assert.equal((await victim.get('/api/me')).json.data.user.role, 'pilot');
    assert.equal((await admin.patch(`/api/users/${victim.user.id}`, { role: 'partner' })).status, 200);
  });
});
