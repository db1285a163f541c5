// Every route × every role (and the anonymous public), driven by `plam
// routes`: a role the permission table allows gets through the authorisation
// hook (not 401/403), a denied role gets 401 (anonymous) or 403 (logged in).
// A new route or a new permission is covered without touching this file; a
// new role needs a demo account, otherwise the test fails.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO, routeTable, startServer } from '../lib/server.mjs';

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// An id that exists nowhere: authorised handlers answer 404 (or 415 because
// of the body below) instead of acting on real data.
const MISSING_ID = '2147483000';

function concretePath(pattern) {
  return pattern.replace(/\{[^}]+\}/g, MISSING_ID);
}

describe('permissions: every route × every role', { timeout: 120000 }, () => {
  let srv, table;
  const clients = new Map(); // role code → {login, client}

  before(async () => {
    table = routeTable();
    srv = await startServer();
    const logins = Object.entries(DEMO);
    const cs = await Promise.all(logins.map(([login]) => srv.login(login)));
    logins.forEach(([login, { role }], i) => clients.set(role, { login, client: cs[i] }));
  });
  after(async () => { await srv?.stop(); });

  test('the route table is well formed', () => {
    const seen = new Set();
    for (const rt of table.routes) {
      const key = `${rt.method} ${rt.path}`;
      assert.ok(!seen.has(key), `duplicate route ${key}`);
      seen.add(key);
      assert.ok(rt.permission in table.permissions, `${key}: unknown permission ${rt.permission}`);
      if (rt.public) assert.ok(table.permissions[rt.permission].includes('public'), `${key} is public but ${rt.permission} excludes the public`);
      if (rt.csrf_exempt) assert.ok(WRITE.has(rt.method), `${key}: csrf_exempt on a safe method`);
      if (WRITE.has(rt.method)) assert.ok(rt.write, `${key}: state-changing method without the write flag`);
    }
  });

  test('every role of the permission table has a demo account to test it with', () => {
    const roles = new Set(Object.values(table.permissions).flat());
    for (const role of roles) if (role !== 'public') assert.ok(clients.has(role), `no demo account for role ${role}`);
  });

  test('GET /api/roles agrees with the permission table', async () => {
    const res = await srv.anon().get('/api/roles');
    assert.equal(res.status, 200);
    for (const r of res.json.data) {
      const expected = Object.entries(table.permissions).filter(([, roles]) => roles.includes(r.code)).map(([p]) => p).sort();
      assert.deepEqual([...r.permissions].sort(), expected, `role ${r.code}`);
      assert.equal(typeof r.label, 'string');
    }
  });

  test('each role is allowed exactly what the table grants, on every route', async () => {
    const roles = ['public', ...clients.keys()];
    const failures = [];
    let checked = 0;
    // one sequence of requests per role, the roles side by side
    await Promise.all(roles.map(async (role) => {
      const entry = clients.get(role);
      for (const rt of table.routes) {
        const urlPath = concretePath(rt.path);
        const allowed = table.permissions[rt.permission].includes(role) && (rt.public || role !== 'public');
        const c = role === 'public' ? srv.anon() : entry.client;
        // A text/plain body: handlers that read JSON stop at 415, so an
        // allowed write changes nothing; the authorisation hook runs first.
        const opts = WRITE.has(rt.method) ? { body: 'x', headers: { 'Content-Type': 'text/plain' } } : {};
        const res = await c.send(rt.method, urlPath, opts);
        checked += 1;
        const where = `${rt.method} ${urlPath} as ${role}: ${res.status} ${res.text.slice(0, 160)}`;
        if (allowed) {
          if (res.status === 401 || res.status === 403 || res.status >= 500) failures.push(`allowed but ${where}`);
        } else if (role === 'public') {
          if (res.status !== 401 || res.json?.error?.code !== 'unauthenticated') failures.push(`anonymous should get 401: ${where}`);
        } else if (res.status !== 403 || res.json?.error?.code !== 'forbidden') {
          failures.push(`should be 403 forbidden: ${where}`);
        }
        // a route may end the session (logout): log in again for the next ones
        if (role !== 'public' && !c.cookies.has('plam_session')) entry.client = await srv.login(entry.login);
      }
    }));
    assert.deepEqual(failures.sort(), [], `${failures.length} of ${checked} checks failed`);
    assert.equal(checked, table.routes.length * roles.length);
  });

  test('org.write_own: a member edits its own organisation only; org.write edits any', async () => {
    const pilot = clients.get('pilot').client;
    const own = pilot.user.org_id;
    assert.ok(own, 'the demo pilot acts for an organisation');
    const orgs = (await pilot.get('/api/organisations?limit=500')).json.data;
    const other = orgs.find((o) => o.id !== own);
    const mine = orgs.find((o) => o.id === own);
    const ok = await pilot.patch(`/api/organisations/${own}`, { name: `${mine.name}` });
    assert.equal(ok.status, 200, ok.text);
    const denied = await pilot.patch(`/api/organisations/${other.id}`, { name: 'Détournée' });
    assert.equal(denied.status, 403, denied.text);
    assert.equal(denied.json.error.code, 'forbidden');
    assert.equal((await pilot.get(`/api/organisations/${other.id}`)).json.data.name, other.name, 'unchanged');
    const staff = clients.get('staff').client;
    const any = await staff.patch(`/api/organisations/${other.id}`, { name: other.name });
    assert.equal(any.status, 200, any.text);
    // a role without org.write_own cannot edit even its own record
    const candidate = clients.get('candidate').client;
    if (candidate.user.org_id) assert.equal((await candidate.patch(`/api/organisations/${candidate.user.org_id}`, { name: 'x' })).status, 403);
  });

  test('HEAD follows the GET permission', async () => {
    const res = await srv.anon().send('HEAD', '/api/users');
    assert.equal(res.status, 401);
    const staff = clients.get('staff').client;
    assert.equal((await staff.send('HEAD', '/api/audit')).status, 403);
    assert.equal((await staff.send('HEAD', '/api/organisations')).status, 200);
  });
});
