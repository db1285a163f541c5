// Access log of the real server with --log-file: lines are buffered per
// thread (base/log.h) yet reach the file within the flush interval, none is
// lost or doubled on a clean stop, and SIGHUP reopens the file under its name
// after a rotation (rename), so that later lines go to the new file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sleep, startServer } from '../lib/server.mjs';

const read = (f) => { try { return fs.readFileSync(f, 'utf8'); } catch { return ''; } };
const count = (text, id) => text.split('\n').filter((l) => l.includes(`request_id="${id}"`)).length;

// Polls until fn() is true or ms pass; returns the last value of fn().
async function eventually(fn, ms = 3000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (fn()) return true;
    await sleep(20);
  }
  return fn();
}

async function requestId(srv, urlPath = '/api/version') {
  const r = await srv.request('GET', urlPath);
  assert.equal(r.status, 200);
  return r.headers['x-request-id'];
}

describe('access log file', () => {
  let srv, dir, log;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-log-'));
    log = path.join(dir, 'access.log');
    srv = await startServer({ args: ['--log-file', log] });
  });
  after(async () => {
    await srv?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a request line reaches the file within the flush interval, not stderr', async () => {
    const id = await requestId(srv);
    assert.ok(await eventually(() => count(read(log), id) === 1), 'line in the log file');
    const line = read(log).split('\n').find((l) => l.includes(id));
    assert.match(line, /^ts=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z level=info msg="request" request_id="[0-9a-f]{16}" ip="127\.0\.0\.1" method="GET" path="\/api\/version" status="200" ms="\d+\.\d{3}" bytes="\d+" user_id="0" outcome="ok"$/);
    assert.ok(!srv.stderr().includes(id), 'not on stderr');
  });

  test('SIGHUP after a rename: later lines go to the new file, none lost or doubled', async () => {
    const before1 = await requestId(srv);
    assert.ok(await eventually(() => count(read(log), before1) === 1));
    fs.renameSync(log, `${log}.1`);
    const during = await requestId(srv); // written to the renamed file (still open) or the new one
    srv.child.kill('SIGHUP');
    assert.ok(await eventually(() => /msg="log file reopened"/.test(read(log))), 'new file created by the reopen');
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push(await requestId(srv));
    for (const id of ids) {
      assert.ok(await eventually(() => count(read(log), id) === 1), `line ${id} in the new file`);
      assert.equal(count(read(`${log}.1`), id), 0, `line ${id} not in the rotated file`);
    }
    assert.equal(count(read(`${log}.1`), before1), 1, 'earlier line stays in the rotated file');
    assert.equal(count(read(log), before1), 0);
    assert.ok(await eventually(() => count(read(log), during) + count(read(`${log}.1`), during) === 1),
      'the line of the request made around the signal is in exactly one file');
  });

  test('a clean stop writes every buffered line', async () => {
    const ids = [];
    for (let round = 0; round < 10; round += 1) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => requestId(srv, '/api/territories?level=region')));
      ids.push(...batch);
    }
    await srv.stop(); // at once: lines still in the threads' buffers must be written on the way out
    const text = read(log);
    for (const id of ids) assert.equal(count(text, id), 1, `line ${id}`);
    assert.match(text, /msg="server stopping"/);
  });
});
