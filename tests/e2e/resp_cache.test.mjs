// The response cache (src/api/call_cache.c, cache module): a GET of a route
// flagged ROUTE_CACHE (reference reads: territories, nomenclatures,
// organisations, communes, areas) may be answered from the worker thread's
// cache, and a write is seen by the very next GET whoever made it: this
// server through another connection, another `plam serve` on the same
// database, a `plam` command, a direct SQL write. The servers run one worker
// thread, so the warm-up requests fill the cache the later ones read. The
// answers are the same bytes with and without the cache (headers compared
// without Date and X-Request-Id); Date, X-Request-Id and cookies are made per
// request. On PostgreSQL nothing is cached (no cheap change stamp): the same
// freshness tests must hold there too, and /metrics shows no hit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ENGINE, dbQuery, runPlam, serveTwo, startServer } from '../lib/server.mjs';

const REGIONS = '/api/territories?level=region';

const warm = async (c, url, n = 3) => {
  let last;
  for (let i = 0; i < n; i++) {
    last = await c.get(url);
    assert.equal(last.status, 200, last.text);
  }
  return last;
};

// Hits and misses from /metrics (plam_response_cache_total).
const counts = async (srv) => {
  const text = (await srv.anon().get('/metrics')).text;
  const n = (k) => Number((text.match(new RegExp(`plam_response_cache_total\\{result="${k}"\\} (\\d+)`)) || [])[1] || 0);
  return { hit: n('hit'), miss: n('miss') };
};

// Status, headers without the per-request ones, and body.
const shape = (r) => {
  const h = { ...r.headers };
  delete h.date;
  delete h['x-request-id'];
  return JSON.stringify({ status: r.status, headers: h, text: r.text });
};

describe('response cache: a write is seen by the very next GET', { concurrency: 1, timeout: 180000 }, () => {
  let srv;
  before(async () => { srv = await startServer({ args: ['--threads', '1'] }); });
  after(async () => { await srv?.stop(); });

  test('cached answers are served (SQLite), none on PostgreSQL', async () => {
    const anon = srv.anon();
    const before0 = await counts(srv);
    await warm(anon, REGIONS, 4);
    const c = await counts(srv);
    if (ENGINE === 'pg') assert.equal(c.hit, 0);
    else assert.ok(c.hit >= before0.hit + 3, JSON.stringify({ before0, c }));
  });

  test('each hit has its own request id, and the same bytes', async () => {
    const anon = srv.anon();
    const a = await anon.get(REGIONS);
    const b = await anon.get(REGIONS);
    assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
    assert.equal(shape(a), shape(b));
    assert.equal(a.headers['cache-control'], 'public, max-age=3600');
    const h = await anon.raw('HEAD', REGIONS);
    assert.equal(h.status, 200);
    assert.equal(h.text, '');
    assert.equal(h.headers['content-length'], String(Buffer.byteLength(a.text)));
  });

  test('an organisation renamed through another connection shows on the next GET', async () => {
    const admin = await srv.login('admin');
    const reader = await srv.login('pilote');
    const one = '/api/organisations/1', list = '/api/organisations?limit=20';
    const name = (await warm(reader, one)).json.data.name;
    await warm(reader, list);
    const r = await admin.patch(one, { name: `${name} (renommée)` });
    assert.equal(r.status, 200, r.text);
    assert.equal((await reader.get(one)).json.data.name, `${name} (renommée)`);
    assert.ok((await reader.get(list)).json.data.some((o) => o.name === `${name} (renommée)`));
    assert.equal((await admin.patch(one, { name })).status, 200);
    assert.equal((await reader.get(one)).json.data.name, name);
  });

  test('a direct SQL write from another process shows on the next GET', async () => {
    const anon = srv.anon();
    const before1 = (await warm(anon, REGIONS)).json.data.find((t) => t.id === 'REG-53');
    dbQuery(srv, "UPDATE territories SET name = 'Bretagne (SQL)' WHERE id = 'REG-53'", { write: true });
    assert.equal((await anon.get(REGIONS)).json.data.find((t) => t.id === 'REG-53').name, 'Bretagne (SQL)');
    dbQuery(srv, `UPDATE territories SET name = '${before1.name}' WHERE id = 'REG-53'`, { write: true });
    assert.equal((await anon.get(REGIONS)).json.data.find((t) => t.id === 'REG-53').name, before1.name);
  });

  test('an area imported by `plam import areas` shows on the next GET', async () => {
    const staff = await srv.login('staff');
    const before2 = (await warm(staff, '/api/areas')).json.data.length;
    const file = path.join(srv.dir, 'zones-cache.csv');
    fs.writeFileSync(file, 'code zone;nom zone;type;code commune\nZE-CACHE;Zone du cache;emploi;85191\n');
    const r = runPlam(['import', 'areas', file, '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    const after2 = (await staff.get('/api/areas')).json.data;
    assert.equal(after2.length, before2 + 1);
    assert.ok(after2.some((a) => a.code === 'ZE-CACHE'));
  });

  test('the asker is part of the key: a stale cookie still gets its Set-Cookie, anonymous answer', async () => {
    const anon = srv.anon();
    await warm(anon, REGIONS);
    const stale = srv.anon();
    stale.cookies.set('plam_session', 'x'.repeat(43));
    const r = await stale.get(REGIONS);
    assert.equal(r.status, 200);
    assert.match(String(r.headers['set-cookie']), /plam_session=; Path=\/; Max-Age=0/);
    assert.equal(r.text, (await anon.get(REGIONS)).text);
  });

  test('a logged-out session is refused on the next GET of a cached route', async () => {
    const c = await srv.login('partenaire');
    await warm(c, '/api/organisations/1');
    assert.equal((await c.del('/api/session')).status, 204);
    assert.equal((await c.get('/api/organisations/1')).status, 401);
  });
});

describe('response cache: another server on the same database', { concurrency: 1, timeout: 180000 }, () => {
  const two = serveTwo({ args: ['--threads', '1'] });

  test('renamed through server B: server A answers the new name on the next GET', async () => {
    const { a, b } = two;
    const reader = await a.login('employeur');
    const admin = await b.login('admin');
    const name = (await warm(reader, '/api/organisations/2')).json.data.name;
    const r = await admin.patch('/api/organisations/2', { name: `${name} (serveur B)` });
    assert.equal(r.status, 200, r.text);
    assert.equal((await reader.get('/api/organisations/2')).json.data.name, `${name} (serveur B)`);
    assert.equal((await admin.patch('/api/organisations/2', { name })).status, 200);
    assert.equal((await reader.get('/api/organisations/2')).json.data.name, name);
  });
});

describe('response cache: the same bytes with and without it', { concurrency: 1, timeout: 180000 }, () => {
  const two = serveTwo({ args: ['--threads', '1'], argsB: ['--no-response-cache'] });

  test('every cached route: first answer, cached answer and uncached answer are equal', async () => {
    const { a: on, b: off } = two;
    const urls = [REGIONS, '/api/territories', '/api/territories?level=departement&parent=REG-53',
      '/api/organisation-kinds', '/api/organisations/1', '/api/organisations?limit=20',
      '/api/organisations?limit=5&offset=3', '/api/communes?departement=DEP-85', '/api/communes?q=Nantes',
      '/api/communes?code=44109', '/api/areas', '/api/areas/1',
      '/api/areas/1/communes', '/api/training/programmes', '/api/recruit/nomenclatures'];
    const x = await on.login('admin');
    const y = await off.login('admin');
    for (const u of urls) {
      const first = await x.get(u);
      const cached = await x.get(u);
      const plain = await y.get(u);
      assert.equal(shape(cached), shape(first), u);
      assert.equal(shape(plain), shape(first), u);
    }
    /* errors are never kept: each carries its own request id */
    for (const u of ['/api/organisations/999999', '/api/organisations?limit=0']) {
      const e1 = await x.get(u), e2 = await x.get(u);
      assert.ok(e1.status >= 400 && e1.status === e2.status, u);
      assert.notEqual(e1.json.error.request_id, e2.json.error.request_id, u);
    }
    assert.equal((await counts(off)).hit, 0);
    if (ENGINE !== 'pg') assert.ok((await counts(on)).hit > 0);
  });
});
