// The harness itself must be able to fail: stop() reports a sanitizer report
// in the server's stderr and a non-zero or signal exit; a clean stop removes
// the temporary directory.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { runPlam, sanitizerReport, startServer } from '../lib/server.mjs';

describe('test harness', { timeout: 60000, concurrency: true }, () => {
  test('sanitizerReport finds ASan, UBSan and LSan reports', () => {
    assert.equal(sanitizerReport('ts=… level=info msg="request"'), null);
    for (const m of ['==1==ERROR: AddressSanitizer: heap-use-after-free', 'src/x.c:3:5: runtime error: signed integer overflow',
      '==1==ERROR: LeakSanitizer: detected memory leaks']) {
      assert.ok(sanitizerReport(`log line\n${m}\nmore`), m);
    }
  });

  test('a clean stop passes and removes the temporary directory', async () => {
    const srv = await startServer();
    assert.equal((await srv.request('GET', '/healthz')).status, 200);
    await srv.stop();
    assert.equal(fs.existsSync(srv.dir), false);
  });

  test('stop() fails on a sanitizer report in the server stderr', async () => {
    const srv = await startServer();
    fs.appendFileSync(srv.stderrPath, '==42==ERROR: AddressSanitizer: simulated report for the harness test\n');
    await assert.rejects(srv.stop(), /sanitizer report/);
    fs.rmSync(srv.dir, { recursive: true, force: true });
  });

  test('stop() fails when the server did not exit cleanly', async () => {
    const srv = await startServer();
    srv.child.kill('SIGKILL');
    await assert.rejects(srv.stop(), /exited with code null signal SIGKILL/);
    fs.rmSync(srv.dir, { recursive: true, force: true });
  });

  test('runPlam reports the exit status', () => {
    assert.equal(runPlam(['version']).status, 0);
    assert.equal(runPlam(['no-such-command']).status, 2);
  });
});
