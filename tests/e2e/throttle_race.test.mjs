// Login throttling under concurrent wrong passwords (issue 9, item 14, the
// race): N guesses for one account sent at once. Every guess that had its
// password checked is counted (one login_failed audit entry each, and the
// wait that follows is the one its count gives), and no more guesses are
// checked at once than the throttle lets through one after the other: the
// five free failures and the sixth that starts the waits; the others get a
// 429 with Retry-After without a password check. Runs on SQLite, and on
// PostgreSQL in the e2e-pg suite.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO, dbQuery, startServer } from '../lib/server.mjs';

describe('login throttling: concurrent wrong passwords', { timeout: 180000 }, () => {
  let srv, admin;
  before(async () => {
    srv = await startServer({ args: ['--hash-parallel', '4', '--threads', '8'] });
    admin = await srv.login('admin');
  });
  after(async () => { await srv?.stop(); });

  const failedEntries = async (login) => {
    const res = await admin.get('/api/audit?entity=session&limit=500');
    assert.equal(res.status, 200, res.text);
    return res.json.data.filter((e) => e.action === 'login_failed' && e.after && e.after.login === login).length;
  };

  test('24 wrong passwords at once: at most 6 checked, every checked one counted', async () => {
    const n = 24;
    const res = await Promise.all(Array.from({ length: n },
      (_, i) => srv.anon().raw('POST', '/api/session', { body: { login: 'partenaire', password: `mauvais-${i}` }, timeoutMs: 120000 })));
    const statuses = res.map((r) => r.status).join(',');
    const failed = res.filter((r) => r.status === 401).length;
    const waited = res.filter((r) => r.status === 429);
    assert.equal(failed + waited.length, n, statuses);
    assert.ok(failed <= 6, `${failed} passwords checked at once (${statuses})`);
    assert.ok(failed >= 1, statuses);
    for (const r of waited) {
      assert.match(String(r.headers['retry-after']), /^[1-9]\d*$/, r.text);
      assert.match(r.json.error.message, /seconde/);
    }
    assert.equal(await failedEntries('partenaire'), failed, 'one login_failed entry per password checked');
    // the sixth failure starts a 1 s wait: read in the stored state, not by racing the clock (on a loaded
    // machine the next request may well leave after that second)
    const [[stored, wait]] = dbQuery(srv,
      "SELECT failures, next_attempt_at - last_failure_at FROM login_throttle WHERE key = 'login:partenaire'");
    assert.equal(Number(stored), failed, 'the stored count is the number of passwords checked');
    if (failed === 6) assert.equal(Number(wait), 1, 'the sixth failure starts a 1 s wait');
    // the right password is accepted once the wait is over
    await new Promise((r) => setTimeout(r, 2100));
    const later = await srv.anon().raw('POST', '/api/session', { body: { login: 'partenaire', password: DEMO.partenaire.password } });
    assert.equal(later.status, 200, later.text);
  });
});
