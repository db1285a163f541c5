// plam's own HTTP/1.1 connection handling (src/http/server.c, gate.c): every
// request of a kept-alive connection goes through the same framing checks as
// the first, and each refusal is one French JSON envelope (issue 9 item 12);
// pipelined requests are answered in order, none lost; chunked bodies are
// decoded (extensions, trailers), refused when malformed; Expect:
// 100-continue; HTTP/1.0 keep-alive; HEAD without a body.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rawSocket, sleep, startServer } from '../lib/server.mjs';

function statusLines(raw) {
  return raw.match(/HTTP\/1\.[01] \d{3}/g) || [];
}

// Writes bytes on one connection; collects until the server closes, or until
// `want` status lines came and ms passed without more.
async function exchange(srv, bytes, { ms = 4000, want = 0 } = {}) {
  const s = await rawSocket(srv);
  s.socket.write(Buffer.from(bytes, 'latin1'));
  const t0 = Date.now();
  while (Date.now() - t0 < ms && !s.socket.destroyed) {
    if (want && statusLines(s.data()).length >= want && /\}$|\r\n\r\n$/.test(s.data())) break;
    if (await Promise.race([s.closed.then(() => true), sleep(25).then(() => false)])) break;
  }
  s.socket.destroy();
  return s.data();
}

// The bodies of the responses in raw, in order (Content-Length framing).
function bodies(raw) {
  const out = [];
  let rest = Buffer.from(raw, 'latin1');
  while (rest.length) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const head = rest.subarray(0, end).toString('latin1');
    const cl = /\r\ncontent-length: *(\d+)/i.exec(head);
    const n = cl ? Number(cl[1]) : 0; // a HEAD answer comes last here: nothing follows it
    out.push({ head, body: rest.subarray(end + 4, end + 4 + n).toString('utf8') });
    rest = rest.subarray(end + 4 + n);
  }
  return out;
}

const FIRST = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';

describe('kept-alive connections: the second request is checked like the first', { timeout: 90000 }, () => {
  let srv;
  before(async () => { srv = await startServer({ args: ['--max-header', '8192', '--max-body', '65536'] }); });
  after(async () => { await srv?.stop(); });

  const cases = [
    ['garbage request line', 'GARBAGE\r\n\r\n', 400, 'invalid_input'],
    ['HTTP/2.5', 'GET / HTTP/2.5\r\nHost: x\r\n\r\n', 505, 'http_version_not_supported'],
    ['Content-Length not a number', 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 2x\r\n\r\n{}', 400, 'invalid_input'],
    ['overflowing Content-Length', 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n',
      413, 'too_large'],
    ['Content-Length over --max-body', 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 6553600\r\n\r\n', 413, 'too_large'],
    ['two different Content-Length', 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
      400, 'invalid_input'],
    ['Content-Length with Transfer-Encoding', 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n'
      + 'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400, 'invalid_input'],
    ['request line over --max-header', `GET /${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414, 'uri_too_long'],
    ['head over --max-header', `GET / HTTP/1.1\r\nHost: x\r\nX-A: ${'a'.repeat(9000)}\r\n\r\n`, 431, 'headers_too_large'],
    ['malformed chunk size', 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
      + 'Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', 400, 'invalid_input'],
    ['chunk data longer than its size', 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
      + 'Transfer-Encoding: chunked\r\n\r\n2\r\n{}}\r\n0\r\n\r\n', 400, 'invalid_input'],
    ['chunked body over --max-body', 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
      + `Transfer-Encoding: chunked\r\n\r\n${(70000).toString(16)}\r\n${'a'.repeat(70000)}\r\n0\r\n\r\n`, 413, 'too_large'],
  ];
  for (const [name, second, status, code] of cases) {
    test(`${name} as the second request: one ${status}, French JSON, then close`, async () => {
      const raw = await exchange(srv, FIRST + second);
      assert.deepEqual(statusLines(raw), ['HTTP/1.1 200', `HTTP/1.1 ${status}`], raw.slice(0, 600));
      const [, err] = bodies(raw);
      assert.match(err.head, /\r\ncontent-type: application\/json; charset=utf-8\r\n/i);
      assert.match(err.head, /\r\nconnection: close\r\n/i);
      assert.doesNotMatch(raw, /<html|<!DOCTYPE/i);
      const body = JSON.parse(err.body);
      assert.equal(body.error.code, code);
      assert.ok(body.error.message && !/[<>]/.test(body.error.message), body.error.message);
      assert.match(body.error.request_id, /^[0-9a-f]{16}$/);
    });
  }

  test('a head trickling on a kept-alive connection is cut off with a 408 in JSON', async () => {
    const local = await startServer({ args: ['--header-timeout', '1', '--idle-timeout', '5'] });
    try {
      const s = await rawSocket(local);
      s.socket.write(FIRST + 'GET /healthz HTTP/1.1\r\nHost: x\r\n'); // the second head never ends
      const closedAt = await Promise.race([s.closed, sleep(6000).then(() => null)]);
      s.socket.destroy();
      assert.ok(closedAt !== null && closedAt < 4000, `closed after ${closedAt} ms`);
      assert.deepEqual(statusLines(s.data()), ['HTTP/1.1 200', 'HTTP/1.1 408'], s.data().slice(0, 400));
      assert.match(s.data(), /"code":"request_timeout"/);
    } finally {
      await local.stop();
    }
  });

  test('three requests pipelined in one write: three answers, in order', async () => {
    const raw = await exchange(srv, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'
      + 'GET /api/nope HTTP/1.1\r\nHost: x\r\n\r\n'
      + 'HEAD /api/config HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.deepEqual(statusLines(raw), ['HTTP/1.1 200', 'HTTP/1.1 404', 'HTTP/1.1 200'], raw.slice(0, 300));
    const [a, b, c] = bodies(raw);
    assert.equal(JSON.parse(a.body).status, 'ok');
    assert.equal(JSON.parse(b.body).error.code, 'not_found');
    assert.match(c.head, /\r\ncontent-length: [1-9]\d*$/im, 'HEAD: the length of the body not sent');
    assert.equal(c.body, '');
    assert.match(c.head, /\r\nconnection: close\r\n/i);
    assert.ok(raw.endsWith('\r\n\r\n'), 'no body after the HEAD answer');
  });

  test('a POST with its body and a GET pipelined: both answered', async () => {
    const body = JSON.stringify({ login: 'admin', password: 'wrong-password-pipelined' });
    const raw = await exchange(srv, 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
      + `Content-Length: ${body.length}\r\n\r\n${body}GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.deepEqual(statusLines(raw), ['HTTP/1.1 401', 'HTTP/1.1 200'], raw.slice(0, 300));
  });

  test('a chunked body (extension, trailer) is decoded, and the next request on the connection served', async () => {
    const a = '{"login":"admin",';
    const b = '"password":"wrong-password-chunked"}';
    const raw = await exchange(srv, FIRST + 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
      + `Transfer-Encoding: chunked\r\n\r\n${a.length.toString(16)}\r\n${a}\r\n${b.length.toString(16)};ext=1\r\n${b}\r\n`
      + '0\r\nX-Trailer: t\r\n\r\nGET /api/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.deepEqual(statusLines(raw), ['HTTP/1.1 200', 'HTTP/1.1 401', 'HTTP/1.1 404'], raw.slice(0, 300));
    assert.equal(JSON.parse(bodies(raw)[1].body).error.code, 'bad_credentials', 'the body was read whole as JSON');
  });

  test('a chunked body sent a piece at a time is read', async () => {
    const s = await rawSocket(srv);
    const body = JSON.stringify({ login: 'admin', password: 'wrong-password-slow-chunks' });
    s.socket.write('POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
      + 'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n');
    for (const part of [body.slice(0, 10), body.slice(10)]) {
      await sleep(150);
      s.socket.write(`${part.length.toString(16)}\r\n`);
      await sleep(50);
      s.socket.write(`${part}\r\n`);
    }
    await sleep(100);
    s.socket.write('0\r\n\r\n');
    await Promise.race([s.closed, sleep(4000)]);
    s.socket.destroy();
    assert.deepEqual(statusLines(s.data()), ['HTTP/1.1 401'], s.data().slice(0, 300));
    assert.match(s.data(), /"code":"bad_credentials"/);
  });

  test('Expect: 100-continue gets "100 Continue" before the body is sent', async () => {
    const s = await rawSocket(srv);
    const body = JSON.stringify({ login: 'admin', password: 'wrong-password-expect' });
    s.socket.write('POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n'
      + `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
    for (let t = 0; t < 100 && !/\r\n\r\n/.test(s.data()); t++) await sleep(20);
    assert.equal(s.data(), 'HTTP/1.1 100 Continue\r\n\r\n');
    s.socket.write(body);
    await Promise.race([s.closed, sleep(4000)]);
    s.socket.destroy();
    assert.deepEqual(statusLines(s.data()), ['HTTP/1.1 100', 'HTTP/1.1 401'], s.data().slice(0, 300));
  });

  test('HTTP/1.0: closed after the answer unless it asks for keep-alive', async () => {
    const one = await exchange(srv, 'GET /healthz HTTP/1.0\r\n\r\nGET /healthz HTTP/1.0\r\n\r\n');
    assert.deepEqual(statusLines(one), ['HTTP/1.1 200'], one.slice(0, 300));
    assert.match(one, /\r\nConnection: close\r\n/);
    const two = await exchange(srv, 'GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'
      + 'GET /healthz HTTP/1.0\r\n\r\n');
    assert.deepEqual(statusLines(two), ['HTTP/1.1 200', 'HTTP/1.1 200'], two.slice(0, 300));
    assert.match(bodies(two)[0].head, /\r\nConnection: Keep-Alive\r\n/);
  });

  test('a client that sends Connection: close gets it back, then EOF', async () => {
    const raw = await exchange(srv, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
      + 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.deepEqual(statusLines(raw), ['HTTP/1.1 200'], raw.slice(0, 300));
  });

  test('the server still serves whole requests after all this', async () => {
    assert.equal((await srv.request('GET', '/healthz')).status, 200);
  });
});
