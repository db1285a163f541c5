// Starts the real plam binary for browser tests: a fresh temporary database
// with the demo data (`plam init --db DB --demo`), then `plam serve` on a
// free loopback port with build/web as web root; waits for /healthz.
// PLAM_BIN chooses the binary (default build/asan/plam). PLAM_BASE_URL, when
// set, points the tests at an already running server instead (development).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function healthy(url) {
  try {
    const res = await fetch(url + '/healthz', { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Resolves {url, stop(), output()} once the server answers /healthz.
 * stop() ends the server (SIGTERM, then SIGKILL after 10 s), removes the
 * temporary directory and rejects if the server did not exit with status 0
 * (so sanitizer reports fail the browser suite). Throws with the server's
 * output if it cannot start. PLAM_WEB_ROOT overrides the web root; args are
 * added to `plam serve`'s (e.g. an SMTP sink's URL).
 */
export async function startServer({ webRoot = process.env.PLAM_WEB_ROOT || path.join(ROOT, 'build', 'web'), timeoutMs = 20000, args = [] } = {}) {
  if (process.env.PLAM_BASE_URL) {
    const url = process.env.PLAM_BASE_URL.replace(/\/$/, '');
    if (!(await healthy(url))) throw new Error(`PLAM_BASE_URL=${url} ne répond pas sur /healthz`);
    return { url, stop: async () => {}, output: () => '' };
  }
  const bin = path.resolve(ROOT, process.env.PLAM_BIN || 'build/asan/plam');
  if (!fs.existsSync(bin)) throw new Error(`binary not found: ${bin} (build it first, or set PLAM_BIN)`);
  if (!fs.existsSync(path.join(webRoot, 'index.html'))) throw new Error(`web root not built: ${webRoot} (run scripts/web-assets.sh build/web)`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-browser-'));
  const db = path.join(dir, 'plam.db');
  const init = spawnSync(bin, ['init', '--db', db, '--demo'], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  if (init.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`plam init failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
  }

  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let out = '';
    const child = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web-root', webRoot, ...args],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (b) => { out += b.toString(); if (out.length > 200000) out = out.slice(-100000); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let exited = null;
    const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); }));

    const deadline = Date.now() + timeoutMs;
    while (!exited && Date.now() < deadline) {
      if (await healthy(url)) {
        // Ends the server; rejects when it did not exit cleanly (a sanitizer
        // report, a crash, or no exit within 10 s of SIGTERM), with its output.
        const stop = async () => {
          let killed = false;
          if (!exited) {
            child.kill('SIGTERM');
            const killer = setTimeout(() => { killed = true; child.kill('SIGKILL'); }, 10000);
            await exitPromise;
            clearTimeout(killer);
          }
          fs.rmSync(dir, { recursive: true, force: true });
          if (killed || exited.code !== 0 || (exited.signal && exited.signal !== 'SIGTERM')) {
            throw new Error(`plam serve did not stop cleanly (code ${exited.code}, signal ${exited.signal}${killed ? ', killed after 10 s' : ''}):\n${out.slice(-6000)}`);
          }
        };
        return { url, stop, output: () => out };
      }
      await sleep(100);
    }
    if (!exited) { child.kill('SIGKILL'); await exitPromise; }
    if (attempt === 3 || !/address|in use|bind/i.test(out)) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`plam serve did not become healthy on ${url}:\n${out.slice(-4000)}`);
    }
  }
  throw new Error('unreachable');
}
