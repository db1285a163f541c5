// HTTP layer of the real server: 404 vs 405 (Allow driven by `plam
// routes`), 413 (Content-Length and chunked), 415, oversized headers, slow
// clients cut off (idle and request timeouts), security headers on API,
// static and error responses, /healthz and /metrics.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rawSocket, routeTable, sleep, startServer, writeSafe } from '../lib/server.mjs';

const MAX_BODY = 65536;
const PUBLIC_ORIGIN = 'https://plam.example.fr';

function statusOf(rawText) {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(rawText);
  return m ? Number(m[1]) : null;
}

// Resolves once a whole response (head + Content-Length body) has arrived on
// a raw socket, or the socket closed, or ms passed.
async function waitResponse(s, ms = 5000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !s.socket.destroyed) {
    const raw = s.data();
    const end = raw.indexOf('\r\n\r\n');
    if (end >= 0) {
      const cl = /\r\ncontent-length: *(\d+)/i.exec(raw.slice(0, end));
      if (!cl || Buffer.byteLength(raw.slice(end + 4), 'latin1') >= Number(cl[1])) return raw;
    }
    await Promise.race([s.closed, sleep(20)]);
  }
  return s.data();
}

function assertSecurityHeaders(h, where) {
  const csp = h['content-security-policy'];
  assert.ok(csp, `${where}: Content-Security-Policy`);
  assert.match(csp, /default-src 'self'/, where);
  assert.match(csp, /script-src 'self'/, where);
  assert.match(csp, /frame-ancestors 'none'/, where);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, where);
  assert.equal(h['x-content-type-options'], 'nosniff', where);
  assert.ok(h['referrer-policy'], `${where}: Referrer-Policy`);
  assert.equal(h['x-frame-options'], 'DENY', where);
  assert.ok(h['x-request-id'], `${where}: X-Request-Id`);
  assert.equal(h.server, undefined, `${where}: no Server banner`);
}

describe('HTTP limits and headers', { timeout: 120000 }, () => {
  let srv, table, admin;
  before(async () => {
    table = routeTable();
    srv = await startServer({ args: ['--idle-timeout', '2', '--request-timeout', '2', '--max-body', String(MAX_BODY),
      '--cookie-secure', 'oui', '--public-origin', PUBLIC_ORIGIN] });
    admin = await srv.login('admin');
  });
  after(async () => { await srv?.stop(); });

  test('unknown API path: 404 not_found JSON in French', async () => {
    for (const p of ['/api/nope', '/api/users/1/nope', '/api/', '/api', '/apix']) {
      const res = await srv.request('GET', p);
      assert.equal(res.status, 404, p);
      if (p.startsWith('/api/')) {
        assert.equal(res.json?.error?.code, 'not_found', p);
        assert.equal(res.json.error.message, 'Ressource introuvable.');
      }
    }
  });

  test('known path, wrong method: 405 with an Allow header listing the route methods (every path of the table)', async () => {
    const byPath = new Map();
    for (const rt of table.routes) byPath.set(rt.path, [...(byPath.get(rt.path) || []), rt.method]);
    for (const [pattern, methods] of byPath) {
      const p = pattern.replace(/\{[^}]+\}/g, '1');
      const wrong = ['PUT', 'DELETE', 'PATCH', 'POST'].find((m) => !methods.includes(m));
      const res = await admin.send(wrong, p, { body: '{}', headers: { 'Content-Type': 'application/json' } });
      assert.equal(res.status, 405, `${wrong} ${p}: ${res.text}`);
      assert.equal(res.json.error.code, 'method_not_allowed');
      const allow = (res.headers.allow || '').split(',').map((s) => s.trim()).filter((s) => s && s !== 'HEAD');
      assert.deepEqual(allow.sort(), [...methods].sort(), `Allow of ${p}`);
    }
    // unknown methods too
    const res = await srv.request('OPTIONS', '/api/me');
    assert.equal(res.status, 405);
  });

  test('413 when Content-Length exceeds --max-body, before reading the body', async () => {
    const s = await rawSocket(srv);
    s.socket.write('POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
      + `Content-Length: ${MAX_BODY * 100}\r\n\r\n`);
    const raw = await waitResponse(s);
    assert.equal(statusOf(raw), 413, raw.slice(0, 300));
    assert.match(raw, /"code":"too_large"/);
    assert.match(raw, /Content-Security-Policy/i);
    s.socket.destroy();
  });

  test('413 on a large body through the normal client too (authenticated route)', async () => {
    const big = JSON.stringify({ login: 'x', display_name: 'y'.repeat(MAX_BODY + 10), role: 'staff' });
    const res = await admin.post('/api/users', big, { headers: { 'Content-Type': 'application/json' } });
    assert.equal(res.status, 413, res.text.slice(0, 200));
    assert.equal(res.json.error.code, 'too_large');
    assert.equal(res.json.error.message, 'La requête dépasse la taille autorisée.');
  });

  test('413 on a chunked body that grows past --max-body', async () => {
    const s = await rawSocket(srv);
    s.socket.write('POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
      + 'Transfer-Encoding: chunked\r\n\r\n');
    const chunk = 'a'.repeat(8192);
    for (let i = 0; i < 16 && !s.socket.destroyed; i += 1) {
      if (!(await writeSafe(s.socket, `${chunk.length.toString(16)}\r\n${chunk}\r\n`))) break;
      if (statusOf(s.data())) break;
    }
    await writeSafe(s.socket, '0\r\n\r\n');
    const raw = await waitResponse(s);
    assert.equal(statusOf(raw), 413, raw.slice(0, 300) || '(no response)');
    assert.match(raw, /"code":"too_large"/);
    s.socket.destroy();
    // a small chunked body is read normally
    const t = await rawSocket(srv);
    const body = JSON.stringify({ login: 'admin', password: 'wrong-password-chunked' });
    t.socket.write('POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
      + `Transfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`);
    const raw2 = await waitResponse(t);
    t.socket.destroy();
    assert.equal(statusOf(raw2), 401, raw2.slice(0, 300));
  });

  test('a body just under the limit is read (not 413)', async () => {
    const body = JSON.stringify({ login: 'admin', password: 'p'.repeat(MAX_BODY - 100) });
    assert.ok(body.length < MAX_BODY);
    const res = await srv.request('POST', '/api/session', { body, headers: { 'Content-Type': 'application/json' } });
    assert.notEqual(res.status, 413);
    assert.equal(res.status, 401, res.text.slice(0, 200));
  });

  test('415 unless the body is JSON', async () => {
    const cases = [['text/plain', 415], ['application/x-www-form-urlencoded', 415], [null, 415],
      ['application/jsonp', 415], ['application/json; charset=utf-8', 400], ['APPLICATION/JSON', 400]];
    for (const [ct, want] of cases) {
      const headers = ct ? { 'Content-Type': ct } : {};
      const res = await admin.post('/api/organisations', '{"name":""}', { headers });
      assert.equal(res.status, want, `Content-Type ${ct}: ${res.text}`);
      if (want === 415) {
        assert.equal(res.json.error.code, 'unsupported_media_type');
        assert.match(res.json.error.message, /JSON/);
      }
    }
  });

  test('invalid JSON bodies: 400 invalid_input', async () => {
    for (const body of ['{', '[]', '"x"', '{"name":"a","name":"b"}', '{"name":"\\u0000"}', '']) {
      const res = await admin.post('/api/organisations', body, { headers: { 'Content-Type': 'application/json' } });
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    }
  });

  test('oversized request headers are refused and the server keeps serving', async () => {
    const s = await rawSocket(srv);
    s.socket.write(`GET /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(100000)}\r\n\r\n`);
    await Promise.race([s.closed, sleep(5000)]);
    const st = statusOf(s.data());
    assert.equal(st, 431, s.data().slice(0, 300));
    assert.match(s.data(), /"code":"headers_too_large"/);
    s.socket.destroy();
    assert.equal((await srv.request('GET', '/healthz')).status, 200);
  });

  test('--cookie-secure oui adds Secure; --public-origin is the only accepted Origin', async () => {
    const c = srv.anon();
    const res = await c.raw('POST', '/api/session', { body: { login: 'admin', password: 'demo-admin-2026' }, headers: { Origin: PUBLIC_ORIGIN } });
    assert.equal(res.status, 200, res.text);
    const sc = [].concat(res.headers['set-cookie'] || []).find((x) => x.startsWith('plam_session='));
    assert.match(sc, /;\s*Secure/i);
    assert.match(sc, /HttpOnly/i);
    const csrf = res.json.data.csrf_token;
    // our own scheme://Host is not the public origin any more
    const own = await c.raw('POST', '/api/organisations', { body: '{"name":"x","kind":"other"}',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Origin: srv.url } });
    assert.equal(own.status, 403);
    assert.equal(own.json.error.code, 'csrf_failed');
    const pub = await c.raw('POST', '/api/organisations', { body: '{"name":"Origine publique","kind":"other"}',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Origin: PUBLIC_ORIGIN } });
    assert.equal(pub.status, 201, pub.text);
  });

  test('odd paths never route elsewhere, never 5xx', async () => {
    const cases = [
      ['/api/users/', 404], ['/api//users', 404], ['/api/users/99999999999999999999', 404], ['/api/users/-1', 404],
      ['/api/users/0x10', 404], ['/api/users/1%2F2', 404], ['/api/users/1/../1', 404], ['/api/users/%00', [400, 404]],
      // an encoded NUL must not cut the path short
      ['/api/users%00/anything', [400, 404]], ['/index.html%00.js', [400, 404]], ['/api/me%00', [400, 404]],
      [`/${'a'.repeat(5000)}`, [404, 414]], ['/api/users?q=%25%27%22%3B--', 200], ['/api/users?%zz=1', 400], ['/healthz?%', 400],
    ];
    const problems = [];
    for (const [p, want] of cases) {
      const res = await admin.get(p);
      if (![].concat(want).includes(res.status)) problems.push(`${p.slice(0, 60)}: ${res.status} (wanted ${want})`);
    }
    assert.deepEqual(problems, []);
    assert.equal((await srv.request('GET', '/healthz')).status, 200);
  });

  test('bad query strings: 400', async () => {
    const res = await admin.get('/api/users?limit=abc');
    assert.equal(res.status, 400);
    assert.equal((await admin.get('/api/users?limit=100000')).status, 400);
    assert.equal((await admin.get('/api/users?offset=-1')).status, 400);
    assert.equal((await admin.get('/api/users?limit=2&offset=0')).status, 200);
  });

  test('slow client: half a request then silence is closed by --idle-timeout 2, with a 408', async () => {
    const s = await rawSocket(srv);
    s.socket.write('GET /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // no final CRLF
    const closedAt = await Promise.race([s.closed, sleep(8000).then(() => null)]);
    s.socket.destroy();
    assert.ok(closedAt !== null, 'connection still open after 8 s');
    assert.ok(closedAt >= 1000 && closedAt <= 6000, `closed after ${closedAt} ms`);
    // the head never arrived whole: the gate answers 408 in the JSON envelope
    assert.equal(statusOf(s.data()), 408, s.data());
    assert.match(s.data(), /"code":"request_timeout"/);
  });

  test('slow body: a byte every 300 ms is cut off by --request-timeout 2', async () => {
    const s = await rawSocket(srv);
    const declared = 400;
    s.socket.write('POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
      + `Content-Length: ${declared}\r\n\r\n`);
    let sent = 0;
    while (sent < declared && !s.socket.destroyed) {
      if (!(await writeSafe(s.socket, ' '))) break;
      sent += 1;
      const done = await Promise.race([s.closed, sleep(300).then(() => null)]);
      if (done !== null) break;
    }
    const closedAt = await Promise.race([s.closed, sleep(3000).then(() => null)]);
    s.socket.destroy();
    assert.ok(closedAt !== null, `not cut off (sent ${sent} bytes)`);
    assert.ok(closedAt <= 7000, `cut after ${closedAt} ms`);
    assert.ok(sent < 40, `${sent} bytes were accepted at 300 ms each`);
    assert.ok(!/^HTTP\/1\.1 2/.test(s.data()));
  });

  test('slow clients do not starve others', async () => {
    const hanging = await Promise.all(Array.from({ length: 30 }, () => rawSocket(srv)));
    for (const h of hanging) h.socket.write('GET /api/config HTTP/1.1\r\nHost: x\r\n');
    const t0 = Date.now();
    const res = await srv.request('GET', '/api/config');
    assert.equal(res.status, 200);
    assert.ok(Date.now() - t0 < 1500, `took ${Date.now() - t0} ms`);
    for (const h of hanging) h.socket.destroy();
  });

  test('security headers on API, static and error responses', async () => {
    const checks = [
      ['GET', '/api/config', 200], ['GET', '/', 200], ['GET', '/connexion.html', 200], ['GET', '/api/nope', 404],
      ['GET', '/nope.html', 404], ['GET', '/api/me', 401], ['GET', '/api/users', 401], ['PUT', '/api/me', 405],
      ['GET', '/healthz', 200], ['GET', '/metrics', 200],
    ];
    for (const [m, p, want] of checks) {
      const res = await srv.request(m, p);
      assert.equal(res.status, want, `${m} ${p}`);
      assertSecurityHeaders(res.headers, `${m} ${p}`);
    }
    const forb = await (await srv.login('candidat')).get('/api/users');
    assert.equal(forb.status, 403);
    assertSecurityHeaders(forb.headers, '403');
    const unsup = await admin.post('/api/users', 'x', { headers: { 'Content-Type': 'text/plain' } });
    assert.equal(unsup.status, 415);
    assertSecurityHeaders(unsup.headers, '415');
    const api = await srv.request('GET', '/api/config');
    assert.equal(api.headers['cache-control'], 'no-store');
    assert.match(api.headers['content-type'], /^application\/json/);
  });

  test('static files: index, extension-less pages, no traversal, no API fallback', async () => {
    const home = await srv.request('GET', '/');
    assert.match(home.headers['content-type'], /text\/html/);
    assert.doesNotMatch(home.text, /<script>(?!<\/script>)|\son[a-z]+="/i, 'no inline script or handler');
    assert.equal((await srv.request('GET', '/connexion')).status, 200);
    for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc/passwd', '/css/../../../etc/passwd']) {
      const res = await srv.request('GET', p);
      assert.ok(res.status === 404 || res.status === 400, `${p}: ${res.status}`);
      assert.doesNotMatch(res.text, /root:x:0:0/);
    }
    const post = await srv.request('POST', '/index.html', { body: '{}', headers: { 'Content-Type': 'application/json' } });
    assert.ok(post.status === 404 || post.status === 405, `POST on a static file: ${post.status}`);
  });

  test('/healthz and /metrics: counters by route and status, latency histogram', async () => {
    const h = await srv.request('GET', '/healthz');
    assert.equal(h.json.status, 'ok');
    await srv.request('GET', '/api/nope');
    await srv.request('GET', '/api/config');
    const m = await srv.request('GET', '/metrics');
    assert.equal(m.status, 200);
    assert.match(m.headers['content-type'], /^text\/plain/);
    const t = m.text;
    assert.match(t, /^# TYPE plam_http_requests_total counter$/m);
    assert.match(t, /^# TYPE \S+ histogram$/m);
    assert.match(t, /^plam_http_requests_total\{route="GET \/api\/config",status="200"\} [1-9]\d*$/m);
    assert.match(t, /^plam_http_requests_total\{route="unmatched",status="404"\} [1-9]\d*$/m);
    assert.match(t, /_bucket\{route="GET \/api\/config",le="\+Inf"\} [1-9]\d*$/m);
    assert.match(t, /_sum\{route="GET \/api\/config"\} [0-9.]+$/m);
    assert.match(t, /_count\{route="GET \/api\/config"\} [1-9]\d*$/m);
    // counters grow
    const before = Number(/plam_http_requests_total\{route="GET \/api\/config",status="200"\} (\d+)/.exec(t)[1]);
    await srv.request('GET', '/api/config');
    const t2 = (await srv.request('GET', '/metrics')).text;
    const after2 = Number(/plam_http_requests_total\{route="GET \/api\/config",status="200"\} (\d+)/.exec(t2)[1]);
    assert.equal(after2, before + 1);
    // buckets are cumulative
    const buckets = [...t2.matchAll(/_bucket\{route="GET \/api\/config",le="([^"]+)"\} (\d+)/g)].map((x) => Number(x[2]));
    assert.ok(buckets.length >= 5);
    for (let i = 1; i < buckets.length; i += 1) assert.ok(buckets[i] >= buckets[i - 1], 'cumulative buckets');
    // every line is a comment or `name{labels} value`
    const sample = /^[a-z_:][a-z0-9_:]*(\{[a-z_]+="(?:[^"\\\n]|\\.)*"(,[a-z_]+="(?:[^"\\\n]|\\.)*")*\})? ([0-9.eE+-]+|\+Inf|NaN)$/;
    for (const line of t2.split('\n').filter(Boolean)) assert.ok(/^# (HELP|TYPE) \S+ .+$/.test(line) || sample.test(line), line);
    assert.doesNotMatch(t2, /password|csrf|plam_session=/i);
  });

  test('every response carries a distinct X-Request-Id; errors repeat it in the body', async () => {
    const a = await srv.request('GET', '/api/me');
    const b = await srv.request('GET', '/api/me');
    assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
    assert.equal(a.json.error.request_id, a.headers['x-request-id']);
    // access-log lines are buffered per thread and written within 100 ms (base/log.h)
    const line = new RegExp(`request_id="?${a.headers['x-request-id']}`);
    for (let t = 0; t < 100 && !line.test(srv.stderr()); t += 1) await sleep(20);
    assert.match(srv.stderr(), line, 'access log line with the request id');
  });
});
