// What a hostile client does to the HTTP layer, over raw TCP to the real
// binary: heads sent a byte at a time (cut off by --header-timeout, and by
// --idle-timeout between the requests of a kept-alive connection), slow
// connections filling --max-connections (the oldest incomplete ones make room,
// whole requests keep being served), and ambiguous or broken framing (one
// French JSON answer for each: 400, 408, 413, 414, 431, 505).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rawSocket, sleep, startServer, writeSafe } from '../lib/server.mjs';

function statusLines(raw) {
  return raw.match(/HTTP\/1\.[01] \d{3}/g) || [];
}

// Sends raw bytes and collects the answer until the server closes (or ms pass).
async function exchange(srv, bytes, ms = 4000) {
  const s = await rawSocket(srv);
  s.socket.write(bytes);
  await Promise.race([s.closed, sleep(ms)]);
  s.socket.destroy();
  return s.data();
}

function jsonBody(raw) {
  const i = raw.indexOf('\r\n\r\n');
  return JSON.parse(Buffer.from(raw.slice(i + 4), 'latin1').toString('utf8'));
}

// Writes `text` one byte every `stepMs` until the server closes the socket or
// `maxMs` pass; resolves {closedAt, sent}.
async function trickle(s, text, stepMs, maxMs) {
  let sent = 0;
  const t0 = Date.now();
  while (Date.now() - t0 < maxMs) {
    if (!(await writeSafe(s.socket, text[sent % text.length]))) break;
    sent += 1;
    const done = await Promise.race([s.closed, sleep(stepMs).then(() => null)]);
    if (done !== null) return { closedAt: done, sent };
  }
  const closedAt = await Promise.race([s.closed, sleep(1000).then(() => null)]);
  return { closedAt, sent };
}

describe('hostile clients: slow heads and connection slots', { timeout: 60000 }, () => {
  let srv;
  before(async () => {
    srv = await startServer({ args: ['--header-timeout', '2', '--idle-timeout', '3', '--request-timeout', '60'] });
  });
  after(async () => { await srv?.stop(); });

  test('a head sent a byte every 250 ms is cut off after --header-timeout 2 with a 408 (5 at once)', async () => {
    const socks = await Promise.all(Array.from({ length: 5 }, () => rawSocket(srv)));
    const head = 'GET /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(200);
    const results = await Promise.all(socks.map((s) => trickle(s, head, 250, 8000)));
    for (const [i, r] of results.entries()) {
      const raw = socks[i].data();
      socks[i].socket.destroy();
      assert.ok(r.closedAt !== null, `connection ${i} still open after 8 s (${r.sent} bytes sent)`);
      assert.ok(r.closedAt >= 1500 && r.closedAt <= 4500, `connection ${i} closed after ${r.closedAt} ms`);
      assert.deepEqual(statusLines(raw), ['HTTP/1.1 408'], raw.slice(0, 200));
      const body = jsonBody(raw);
      assert.equal(body.error.code, 'request_timeout');
      assert.match(body.error.message, /n'est pas arrivée entière à temps/);
    }
    assert.equal((await srv.request('GET', '/healthz')).status, 200);
  });

  test('a kept-alive connection trickling its next request is closed after --idle-timeout 3', async () => {
    const s = await rawSocket(srv);
    s.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const t0 = Date.now();
    while (!/\r\n\r\n[\s\S]*\}/.test(s.data()) && Date.now() - t0 < 3000) await sleep(20);
    assert.match(s.data(), /^HTTP\/1\.1 200/);
    const r = await trickle(s, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'b'.repeat(200), 250, 9000);
    s.socket.destroy();
    assert.ok(r.closedAt !== null, `still open after 9 s (${r.sent} bytes of the next request sent)`);
    assert.ok(Date.now() - t0 < 6500, `closed ${Date.now() - t0} ms after the first response`);
  });
});

describe('hostile clients: a full server keeps serving whole requests', { timeout: 60000 }, () => {
  let srv;
  before(async () => {
    // long timeouts: only the connection cap is at work here
    srv = await startServer({ args: ['--header-timeout', '60', '--idle-timeout', '60', '--max-connections', '40',
      '--max-per-ip', '100'] });
  });
  after(async () => { await srv?.stop(); });

  test('40 slow heads at --max-connections 40: ten normal requests still get 200 at once', async () => {
    const slow = [];
    for (let i = 0; i < 40; i += 1) {
      const s = await rawSocket(srv);
      s.socket.write('GET /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // never finished
      slow.push(s);
    }
    await sleep(300);
    for (let i = 0; i < 10; i += 1) {
      const t0 = Date.now();
      const res = await srv.request('GET', '/api/config', { timeoutMs: 8000 });
      assert.equal(res.status, 200, `request ${i}: ${res.text}`);
      assert.ok(Date.now() - t0 < 4000, `request ${i} took ${Date.now() - t0} ms`);
    }
    // room was made by closing the oldest incomplete connection, with a 503
    // (each normal request closes after its answer, so one eviction sufficed)
    await sleep(200);
    assert.match(slow[0].data(), /^HTTP\/1\.1 503/);
    assert.match(slow[0].data(), /"code":"busy"/);
    for (const s of slow) s.socket.destroy();
  });
});

describe('hostile clients: framing', { timeout: 60000 }, () => {
  let srv;
  before(async () => { srv = await startServer({ args: ['--max-header', '8192'] }); });
  after(async () => { await srv?.stop(); });

  const cases = [
    ['two different Content-Length', 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
      + 'Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}', 400, 'invalid_input'],
    ['Content-Length and Transfer-Encoding', 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n'
      + 'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400, 'invalid_input'],
    ['Content-Length not a number', 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 2x\r\n\r\n{}', 400, 'invalid_input'],
    ['overflowing Content-Length', 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n',
      413, 'too_large'],
    ['request line over the head limit', `GET /${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414, 'uri_too_long'],
    ['head over the head limit', `GET / HTTP/1.1\r\nHost: x\r\nX-A: ${'a'.repeat(9000)}\r\n\r\n`, 431, 'headers_too_large'],
    ['HTTP/2.5', 'GET / HTTP/2.5\r\nHost: x\r\n\r\n', 505, 'http_version_not_supported'],
    ['garbage request line', 'GARBAGE\r\n\r\n', 400, 'invalid_input'],
    ['binary bytes', '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', 400, 'invalid_input'],
    ['HTTP/1.1 without Host', 'GET /healthz HTTP/1.1\r\n\r\n', 400, 'invalid_input'],
    ['two Host headers', 'GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400, 'invalid_input'],
    ['folded header line', 'GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n', 400, 'invalid_input'],
    ['space before the colon', 'GET /healthz HTTP/1.1\r\nHost : a\r\n\r\n', 400, 'invalid_input'],
  ];
  for (const [name, bytes, status, code] of cases) {
    test(`${name}: one ${status} in the French JSON envelope`, async () => {
      const raw = await exchange(srv, Buffer.from(bytes, 'latin1'));
      assert.deepEqual(statusLines(raw), [`HTTP/1.1 ${status}`], raw.slice(0, 300));
      assert.match(raw, /\r\ncontent-type: application\/json; charset=utf-8\r\n/i);
      assert.match(raw, /\r\nconnection: close\r\n/i);
      const body = jsonBody(raw);
      assert.equal(body.error.code, code);
      assert.ok(body.error.message && !/[<>]/.test(body.error.message), body.error.message);
      assert.match(body.error.request_id, /^[0-9a-f]{16}$/);
    });
  }

  test('two different Content-Length on the second request of a kept-alive connection: 400', async () => {
    const s = await rawSocket(srv);
    // (a server keeping the first value would answer the second /healthz 200)
    s.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'
      + 'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nhello');
    await Promise.race([s.closed, sleep(4000)]);
    s.socket.destroy();
    assert.deepEqual(statusLines(s.data()), ['HTTP/1.1 200', 'HTTP/1.1 400'], s.data());
    assert.match(s.data(), /"code":"invalid_input"/);
  });

  for (const [name, second, status, code] of [
    ['no Host', 'GET /healthz HTTP/1.1\r\n\r\n', 400, 'invalid_input'],
    ['a head over --max-header', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ${'a'.repeat(12000)}\r\n\r\n`, 431, 'headers_too_large'],
  ]) {
    test(`${name} on the second request of a kept-alive connection: ${status} in JSON`, async () => {
      const s = await rawSocket(srv);
      s.socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n${second}`);
      await Promise.race([s.closed, sleep(4000)]);
      s.socket.destroy();
      assert.deepEqual(statusLines(s.data()), ['HTTP/1.1 200', `HTTP/1.1 ${status}`], s.data().slice(0, 400));
      assert.match(s.data(), new RegExp(`"code":"${code}"`));
    });
  }

  // The head limit is --max-header (frame.c, parse.c):
  // a head just under the limit, long or made of many lines, still fits, on
  // the first request and on a later one (both checked by the gate).
  test('heads just under --max-header are served, first and second request of a connection', async () => {
    const base = 'GET /healthz HTTP/1.1\r\nHost: x\r\n';
    const long = `${base}X-A: ${'a'.repeat(8192 - base.length - 12)}\r\n\r\n`;
    let lines = ''; // 100 lines of 80 bytes
    for (let i = 0; i < 100; i++) lines += `X-${String(i).padStart(3, '0')}: ${'v'.repeat(71)}\r\n`;
    const many = `${base}${lines}\r\n`;
    for (const [name, head] of [['one long line', long], ['100 lines', many]]) {
      assert.ok(head.length < 8192, `${name}: ${head.length} bytes`);
      const s = await rawSocket(srv);
      s.socket.write(head + head);
      for (let t = 0; t < 40 && statusLines(s.data()).length < 2; t++) await sleep(100);
      s.socket.destroy();
      assert.deepEqual(statusLines(s.data()), ['HTTP/1.1 200', 'HTTP/1.1 200'], `${name}: ${s.data().slice(0, 300)}`);
    }
  });

  test('% and _ in q= are searched for literally, not as LIKE wildcards', async () => {
    const admin = await srv.login('admin');
    const all = (await admin.get('/api/users?limit=500')).json.meta.total;
    assert.ok(all > 2);
    for (const q of ['%25', '_', '%25%25', 'a%25', '\\']) {
      const res = await admin.get(`/api/users?q=${encodeURIComponent(decodeURIComponent(q))}`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.meta.total, 0, `q=${q}: ${res.json.meta.total} users`);
    }
    const orgs = await admin.get('/api/organisations?q=%25');
    assert.equal(orgs.status, 200, orgs.text);
    assert.equal(orgs.json.meta.total, 0);
    // an ordinary search still finds
    assert.ok((await admin.get('/api/users?q=dmi')).json.meta.total >= 1);
  });

  test('a whole valid request after all this is served', async () => {
    assert.equal((await srv.request('GET', '/healthz')).status, 200);
  });
});
