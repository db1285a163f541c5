// Correctness across processes: two `plam serve` on one PostgreSQL database
// race the writes whose rules the in-process write lock alone cannot
// protect (docs/ARCHITECTURE.md, Storage, "Several processes"): a
// campaign's final round (64 concurrent requests spread over both servers:
// exactly one wins, one run row, one audit entry), a uniqueness rule (the
// same login created on both servers at once), login throttling counters
// (N concurrent bad passwords over both servers count N failures) and audit
// ordering (ids increase with commit order: an id, once a larger one is
// visible, never appears later). SQLite has one process per database file
// (the server holds it alone), so the file skips itself there.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { DEMO, ENGINE, dbQuery, serveTwo } from '../lib/server.mjs';

const run = promisify(execFile);
const skip = ENGINE !== 'pg' && 'two servers on one database: PostgreSQL only (a SQLite file is served by one process)';

describe('two servers on one PostgreSQL database', { skip, timeout: 300000 }, () => {
  const two = serveTwo();
  const both = (i) => (i % 2 ? two.b : two.a);
  const one = (sql) => dbQuery(two.a, sql)[0][0];

  test('64 concurrent final rounds over both servers: exactly one wins', async () => {
    const { a, b } = two;
    const staff = [await a.login('staff'), await b.login('staff')];
    const camp = (await staff[0].get('/api/campaigns')).json.data.find((c) => c.status === 'wishes');
    assert.ok(camp, 'a demo campaign open for wishes');
    const runsBefore = Number(one(`SELECT count(*) FROM campaign_runs WHERE campaign_id = ${camp.id}`));
    const res = await Promise.all(Array.from({ length: 64 },
      (_, i) => staff[i % 2].post(`/api/campaigns/${camp.id}/runs`, { round: 'final' }, { timeoutMs: 120000 })));
    const won = res.filter((r) => r.status === 201);
    assert.equal(won.length, 1, res.map((r) => r.status).join(','));
    for (const r of res.filter((x) => x.status !== 201)) {
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.error.fields[0].message, 'le tour définitif a déjà eu lieu', r.text);
    }
    assert.equal(one(`SELECT count(*) FROM campaign_runs WHERE campaign_id = ${camp.id} AND round = 'final'`), '1');
    assert.equal(Number(one(`SELECT count(*) FROM campaign_runs WHERE campaign_id = ${camp.id}`)), runsBefore + 1);
    assert.equal(one(`SELECT count(*) FROM audit_log WHERE action = 'run_final' AND entity_id = '${camp.id}'`), '1');
    assert.equal(one(`SELECT status FROM campaigns WHERE id = ${camp.id}`), 'final');
    // both servers serve the one result
    const ra = (await staff[0].get(`/api/campaigns/${camp.id}/runs`)).json.data;
    const rb = (await staff[1].get(`/api/campaigns/${camp.id}/runs`)).json.data;
    assert.deepEqual(ra, rb);
    assert.equal(ra.filter((r) => r.round === 'final').length, 1);
  });

  test('the same login created on both servers at once: one account', async () => {
    const { a, b } = two;
    const admin = [await a.login('admin'), await b.login('admin')];
    const body = { login: 'course.unique', display_name: 'Course', role: 'staff', org_id: 1, password: 'mot-de-passe-course-2026' };
    const res = await Promise.all(Array.from({ length: 16 },
      (_, i) => admin[i % 2].post('/api/users', body, { timeoutMs: 120000 })));
    assert.equal(res.filter((r) => r.status === 201).length, 1, res.map((r) => r.status).join(','));
    for (const r of res.filter((x) => x.status !== 201)) {
      assert.equal(r.status, 409, r.text);
      assert.equal(r.json.error.fields[0].message, 'cet identifiant est déjà utilisé');
    }
    assert.equal(one("SELECT count(*) FROM users WHERE login = 'course.unique'"), '1');
    assert.equal(one("SELECT count(*) FROM audit_log WHERE action = 'create' AND entity = 'user' AND after LIKE '%course.unique%'"), '1');
  });

  test('N concurrent bad passwords over both servers count N failures', async () => {
    const { a, b } = two;
    const n = 24;
    const res = await Promise.all(Array.from({ length: n },
      (_, i) => both(i).anon().raw('POST', '/api/session', { body: { login: 'pilote', password: `mauvais-${i}` }, timeoutMs: 120000 })));
    const failed = res.filter((r) => r.status === 401).length;
    const waited = res.filter((r) => r.status === 429).length;
    // an attempt refused because of a wait is not counted (auth.c): every other one is
    assert.equal(failed + waited, n, res.map((r) => r.status).join(','));
    // waits start after the sixth failure counted: at least six were checked
    assert.ok(failed >= 6, `${failed} failures`);
    assert.equal(one("SELECT failures FROM login_throttle WHERE key = 'login:pilote'"), String(failed));
    assert.equal(one("SELECT count(*) FROM audit_log WHERE action = 'login_failed' AND after LIKE '%\"pilote\"%'"), String(failed));
    // the right password then waits on both servers: the counter is shared
    const ok = await a.anon().login('pilote', DEMO.pilote.password);
    const okb = await b.anon().login('pilote', DEMO.pilote.password);
    if (failed > 10) { // a wait of 16 s or more: still running
      assert.equal(ok.status, 429, ok.text);
      assert.equal(okb.status, 429, okb.text);
    }
  });

  test('audit ids: visible in commit order, never a late smaller id', async () => {
    const { a, b } = two;
    const admin = [await a.login('admin'), await b.login('admin')];
    const base = Number(one('SELECT coalesce(max(id), 0) FROM audit_log'));
    const seen = []; // snapshots: ids above base, as read while writes run
    let writing = true;
    const reader = (async () => {
      while (writing) {
        // psql run asynchronously: the requests keep going while it reads
        const { stdout } = await run('psql', ['-X', '-q', '-A', '-t', '-d', a.db, '-c',
          `SELECT id FROM audit_log WHERE id > ${base} ORDER BY id`]);
        seen.push(stdout.split('\n').filter(Boolean).map(Number));
      }
    })();
    // cheap audited writes (no password hash): display names of the demo accounts, 120 at once
    const ids = dbQuery(a, "SELECT id FROM users WHERE login <> 'admin' ORDER BY id").map((r) => r[0]);
    const writes = Array.from({ length: 120 }, (_, i) => admin[i % 2].patch(`/api/users/${ids[i % ids.length]}`,
      { display_name: `Course ${i}` }, { timeoutMs: 120000 }));
    const res = await Promise.all(writes);
    writing = false;
    await reader;
    assert.ok(res.every((r) => r.status === 200), res.map((r) => r.status).join(','));
    const final = dbQuery(a, `SELECT id FROM audit_log WHERE id > ${base} ORDER BY id`).map((r) => Number(r[0]));
    assert.ok(final.length >= 120);
    assert.ok(seen.length >= 2, 'the reader saw the log while it grew');
    // what a reader saw is always every id of the final log up to the largest it saw: an
    // id that appears after a larger one was visible would be missed by a reader paging by id
    for (const snap of seen) {
      if (!snap.length) continue;
      const top = snap[snap.length - 1];
      assert.deepEqual(snap, final.filter((id) => id <= top), `snapshot up to ${top}`);
    }
  });
});
