// CSRF defence on every state-changing route of `plam routes`: a missing,
// empty, wrong or foreign-session token, a foreign Origin and a cross-site
// Sec-Fetch-Site are all refused with 403 csrf_failed, and the refused
// request changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO, WRITE_METHODS, routeTable, startServer } from '../lib/server.mjs';

const MISSING_ID = '2147483000';
const concretePath = (p) => p.replace(/\{[^}]+\}/g, MISSING_ID);
// text/plain: if a request were wrongly let through, handlers would stop at 415
const PLAIN = { body: 'x', 'Content-Type': 'text/plain' };

describe('CSRF on every state-changing route', { timeout: 120000 }, () => {
  let srv, table, byRole, other;

  before(async () => {
    table = routeTable();
    srv = await startServer();
    byRole = new Map();
    for (const [login, { role }] of Object.entries(DEMO)) byRole.set(role, login);
    other = await srv.login('staff');
  });
  after(async () => { await srv?.stop(); });

  // a logged-in client allowed to call rt (so that only CSRF can refuse it),
  // one session per role, logged in again once a route ended it
  const sessions = new Map();
  async function clientFor(rt) {
    const role = table.permissions[rt.permission].find((r) => r !== 'public');
    if (!role) return srv.anon();
    const cached = sessions.get(role);
    if (cached && cached.cookies.has('plam_session')) return cached;
    const c = await srv.login(byRole.get(role));
    sessions.set(role, c);
    return c;
  }

  const cases = (c, self) => [
    ['no token', {}],
    ['empty token', { 'X-CSRF-Token': '' }],
    ['wrong token', { 'X-CSRF-Token': 'A'.repeat(c.csrf?.length || 43) }],
    ['token of another session', { 'X-CSRF-Token': other.csrf }],
    ['token with a trailing character', { 'X-CSRF-Token': `${c.csrf}x` }],
    ['foreign Origin', { 'X-CSRF-Token': c.csrf, Origin: 'http://evil.example' }],
    ['Origin on another port', { 'X-CSRF-Token': c.csrf, Origin: `http://127.0.0.1:${srv.port + 1}` }],
    ['Origin with another scheme', { 'X-CSRF-Token': c.csrf, Origin: self.replace(/^http:/, 'https:') }],
    ['Origin with the host as a prefix', { 'X-CSRF-Token': c.csrf, Origin: `${self}.evil.example` }],
    ['Origin null', { 'X-CSRF-Token': c.csrf, Origin: 'null' }],
    ['Sec-Fetch-Site cross-site', { 'X-CSRF-Token': c.csrf, 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site same-site', { 'X-CSRF-Token': c.csrf, 'Sec-Fetch-Site': 'same-site' }],
  ];

  test('each state-changing route refuses bad tokens and foreign origins (403 csrf_failed)', async () => {
    const writes = table.routes.filter((rt) => WRITE_METHODS.has(rt.method));
    assert.ok(writes.length > 0);
    const failures = [];
    let checked = 0;
    for (const rt of writes) {
      const urlPath = concretePath(rt.path);
      const c = await clientFor(rt);
      const self = srv.url;
      const list = rt.csrf_exempt
        ? cases(c, self).filter(([name]) => /Origin|Sec-Fetch/.test(name)).map(([n, h]) => [n, { ...h, 'X-CSRF-Token': undefined }])
        : cases(c, self);
      for (const [name, hdrs] of list) {
        const headers = { 'Content-Type': PLAIN['Content-Type'] };
        for (const [k, v] of Object.entries(hdrs)) if (v !== undefined) headers[k] = v;
        // raw(): the helper would otherwise add the right token
        const res = await c.raw(rt.method, urlPath, { body: PLAIN.body, headers });
        checked += 1;
        if (res.status !== 403 || res.json?.error?.code !== 'csrf_failed') {
          failures.push(`${rt.method} ${urlPath} (${name}): ${res.status} ${res.text.slice(0, 120)}`);
        }
      }
      // the control: same headers a browser sends from our own page pass the check
      const good = await c.raw(rt.method, urlPath, { body: PLAIN.body, headers: {
        'Content-Type': 'text/plain', ...(c.csrf ? { 'X-CSRF-Token': c.csrf } : {}), Origin: self, 'Sec-Fetch-Site': 'same-origin' } });
      if (good.status === 401 || good.status === 403) failures.push(`${rt.method} ${urlPath} (control, own origin): ${good.status} ${good.text}`);
      // and the session survived all of it
      if (c.csrf && rt.path !== '/api/session') {
        const me = await c.get('/api/me');
        if (me.status !== 200) failures.push(`${rt.method} ${urlPath}: session lost after refused requests`);
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${checked} checks failed`);
  });

  test('the French message of csrf_failed', async () => {
    const admin = await srv.login('admin');
    const res = await admin.raw('DELETE', '/api/session');
    assert.equal(res.status, 403);
    assert.match(res.json.error.message, /jeton anti-falsification|origine/i);
    assert.equal((await admin.get('/api/me')).status, 200, 'logout without token did not log out');
  });

  test('a refused write changes nothing', async () => {
    const admin = await srv.login('admin');
    const body = JSON.stringify({ login: 'csrf-victim', display_name: 'X', role: 'staff', org_id: 1, password: 'a-long-password-1234' });
    for (const headers of [{}, { 'X-CSRF-Token': 'nope' }, { 'X-CSRF-Token': admin.csrf, Origin: 'https://evil.example' }]) {
      const res = await admin.raw('POST', '/api/users', { body, headers: { 'Content-Type': 'application/json', ...headers } });
      assert.equal(res.status, 403, res.text);
    }
    const list = await admin.get('/api/users?q=csrf-victim');
    assert.equal(list.status, 200);
    assert.equal(list.json.meta.total, 0, 'no account was created');
    // and with the token it works, from our own origin too
    const ok = await admin.raw('POST', '/api/users', { body, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': admin.csrf, Origin: srv.url, 'Sec-Fetch-Site': 'same-origin' } });
    assert.equal(ok.status, 201, ok.text);
  });

  test('login from a foreign origin is refused; from our own origin it works', async () => {
    const body = { login: 'admin', password: DEMO.admin.password };
    const bad = await srv.anon().raw('POST', '/api/session', { body, headers: { Origin: 'http://evil.example' } });
    assert.equal(bad.status, 403);
    assert.equal(bad.json.error.code, 'csrf_failed');
    assert.equal(bad.headers['set-cookie'], undefined);
    const ok = await srv.anon().raw('POST', '/api/session', { body, headers: { Origin: srv.url, 'Sec-Fetch-Site': 'same-origin' } });
    assert.equal(ok.status, 200, ok.text);
  });

  test('GET requests need no token (safe methods), even cross-site for public data', async () => {
    const res = await srv.anon().raw('GET', '/api/config', { headers: { Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' } });
    assert.equal(res.status, 200);
  });
});
