// One binary that carries what it serves (issue 10): `plam init --demo` and
// `plam serve` run from an empty directory, without --web-root, load the
// demo plans and serve the UI and the DSFR files from the binary itself, with
// ETag and 304; --web-root still overrides the embedded UI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPlam, startServer, WEB_ROOT } from '../lib/server.mjs';

test('init --demo and serve from an empty directory use the files in the binary', async () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-embedded-'));
  try {
    const init = runPlam(['init', '--db', 'plam.db', '--demo'], { cwd });
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stdout, /3 plan\(s\) de démonstration chargé\(s\) depuis le programme/);
    assert.deepEqual(fs.readdirSync(cwd).sort(), ['plam.db']);

    const srv = await startServer({ db: path.join(cwd, 'plam.db'), webRoot: null, cwd });
    try {
      const home = await srv.request('GET', '/');
      assert.equal(home.status, 200);
      assert.match(home.headers['content-type'], /^text\/html/);
      assert.equal(home.text, fs.readFileSync(path.join(WEB_ROOT, 'index.html'), 'utf8'));
      const page = await srv.request('GET', '/plans');
      assert.equal(page.status, 200);
      assert.equal(page.text, fs.readFileSync(path.join(WEB_ROOT, 'plans.html'), 'utf8'));

      const css = await srv.request('GET', '/dsfr/dsfr.min.css');
      assert.equal(css.status, 200);
      assert.match(css.headers['content-type'], /^text\/css/);
      assert.equal(css.headers['cache-control'], 'no-cache');
      assert.equal(css.text.length, fs.readFileSync(path.join(WEB_ROOT, 'dsfr/dsfr.min.css'), 'utf8').length);
      const etag = css.headers.etag;
      assert.match(etag, /^"[0-9a-f]{16}"$/);
      const again = await srv.request('GET', '/dsfr/dsfr.min.css', { headers: { 'If-None-Match': etag } });
      assert.equal(again.status, 304);
      assert.equal(again.text, '');
      assert.equal(again.headers.etag, etag);
      // every font and icon the CSS points at is in the binary
      for (const m of css.text.matchAll(/url\((fonts\/[^)]+\.woff2|icons\/[^)]+\.svg)\)/g)) {
        const r = await srv.request('HEAD', `/dsfr/${m[1]}`);
        assert.equal(r.status, 200, `/dsfr/${m[1]}`);
      }
      assert.equal((await srv.request('GET', '/pas-une-page')).status, 404);

      const admin = await srv.login('admin');
      const plans = await admin.get('/api/plans');
      assert.equal(plans.status, 200);
      assert.equal(plans.json.data.length, 3);
      assert.match(srv.stderr(), /web_root="\(embedded\)"/);
    } finally {
      await srv.stop();
    }
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
});

test('--web-root serves a directory instead of the embedded UI', async () => {
  const web = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-webroot-'));
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>dev</title>\n');
  const srv = await startServer({ webRoot: web });
  try {
    const home = await srv.request('GET', '/');
    assert.equal(home.status, 200);
    assert.equal(home.text, '<!doctype html><title>dev</title>\n');
    assert.equal((await srv.request('GET', '/dsfr/dsfr.min.css')).status, 404);
  } finally {
    await srv.stop();
    fs.rmSync(web, { recursive: true, force: true });
  }
});
