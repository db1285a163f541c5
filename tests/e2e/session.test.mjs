// Login, logout, /api/me, wrong password, session expiry (idle and maximum),
// login throttling, and disabling an account ending its sessions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO, runPlam, sleep, startServer } from '../lib/server.mjs';

const FRENCH = /[a-zàâçéèêëîïôûùüÿœ]{3,}/i;

// The suites below use separate servers: run them side by side (the expiry
// test mostly waits).
describe('sessions', { concurrency: true }, () => {
  describe('session expiry', { timeout: 60000 }, () => {
    let srv;
    before(async () => { srv = await startServer({ args: ['--session-idle', '6', '--session-max', '14'] }); });
    after(async () => { await srv?.stop(); });

    // Session times are whole seconds, and the server dates a session from
    // the start of its login (before the password hash, which may wait under
    // load): the bounds below leave a couple of seconds on each side.
    test('an idle session expires (401) and activity slides it; the maximum lifetime ends it anyway', async () => {
      const idleFlow = (async () => {
        const idle = await srv.login('staff');
        await sleep(8000);
        const res = await idle.get('/api/me');
        assert.equal(res.status, 401, 'idle session expired after 6 s');
        assert.equal(res.json.error.code, 'unauthenticated');
      })();
      const busyFlow = (async () => {
        const tStart = Date.now();
        const busy = await srv.login('partenaire');
        const tDone = Date.now();
        // keep it active past the idle period
        while (Date.now() - tDone < 8000) {
          await sleep(700);
          const r = await busy.get('/api/me');
          assert.equal(r.status, 200, `busy session died ${Date.now() - tDone} ms after login: ${r.text}`);
        }
        // maximum lifetime 14 s: keep pinging, it must end however active
        let died = null;
        while (Date.now() - tDone < 17000) {
          await sleep(700);
          const r = await busy.get('/api/me');
          if (r.status === 401) { died = Date.now(); break; }
          assert.equal(r.status, 200, r.text);
        }
        assert.ok(died !== null, 'session outlived --session-max');
        assert.ok(died - tStart >= 11000, `ended ${died - tStart} ms after login (max 14 s)`);
      })();
      await Promise.all([idleFlow, busyFlow]);
    });
  });

  describe('sessions: the rest, one after the other', { concurrency: 1 }, () => {

    describe('session: login, me, logout', { timeout: 60000 }, () => {
      let srv;
      before(async () => { srv = await startServer(); });
      after(async () => { await srv?.stop(); });

      test('login sets an HttpOnly SameSite cookie and returns user, permissions, CSRF token', async () => {
        const c = srv.anon();
        const res = await c.login('admin', DEMO.admin.password);
        assert.equal(res.status, 200, res.text);
        const sc = [].concat(res.headers['set-cookie'] || []).find((s) => s.startsWith('plam_session='));
        assert.ok(sc, 'Set-Cookie plam_session');
        assert.match(sc, /HttpOnly/i);
        assert.match(sc, /SameSite=Strict/i);
        assert.match(sc, /Path=\//);
        assert.doesNotMatch(sc, /Secure/i, 'no Secure attribute on loopback');
        const d = res.json.data;
        assert.equal(d.user.login, 'admin');
        assert.equal(d.user.role, 'admin');
        assert.equal(typeof d.csrf_token, 'string');
        assert.ok(d.csrf_token.length >= 32);
        assert.ok(d.permissions.includes('user.write'));
        assert.ok(!('password' in d.user) && !('password_hash' in d.user));
        assert.ok(res.headers['x-request-id']);
      });

      test('GET /api/me returns user, role, organisation, permissions and the same CSRF token', async () => {
        const c = await srv.login('pilote');
        const res = await c.get('/api/me');
        assert.equal(res.status, 200, res.text);
        const d = res.json.data;
        assert.equal(d.user.login, 'pilote');
        assert.equal(d.user.role, 'pilot');
        assert.equal(typeof d.user.role_label, 'string');
        assert.ok('org_id' in d.user && 'org_name' in d.user);
        assert.equal(d.csrf_token, c.csrf);
        assert.ok(d.permissions.includes('me.read'));
        assert.ok(!d.permissions.includes('user.read'));
      });

      test('GET /api/me without a session: 401 unauthenticated, French message', async () => {
        const res = await srv.anon().get('/api/me');
        assert.equal(res.status, 401);
        assert.equal(res.json.error.code, 'unauthenticated');
        assert.match(res.json.error.message, FRENCH);
        assert.equal(res.json.error.request_id, res.headers['x-request-id']);
      });

      test('a forged or unknown session cookie is refused and cleared', async () => {
        const c = srv.anon();
        c.cookies.set('plam_session', 'A'.repeat(43));
        const res = await c.get('/api/me');
        assert.equal(res.status, 401);
        assert.equal(c.cookies.has('plam_session'), false, 'server asks the browser to drop the stale cookie');
        const c2 = srv.anon();
        c2.cookies.set('plam_session', 'x');
        assert.equal((await c2.get('/api/me')).status, 401);
      });

      test('wrong password: 401 bad_credentials with a French message, no cookie', async () => {
        const c = srv.anon();
        const res = await c.login('staff', 'not-the-password-at-all');
        assert.equal(res.status, 401);
        assert.equal(res.json.error.code, 'bad_credentials');
        assert.equal(res.json.error.message, 'Identifiant ou mot de passe incorrect.');
        assert.equal(res.headers['set-cookie'], undefined);
        // unknown account: same answer (no account enumeration)
        const res2 = await srv.anon().login('nobody-here', 'not-the-password-at-all');
        assert.equal(res2.status, 401);
        assert.equal(res2.json.error.code, 'bad_credentials');
        assert.equal(res2.json.error.message, res.json.error.message);
      });

      test('malformed login bodies are 400 / 415, never 500', async () => {
        const c = srv.anon();
        for (const body of [{}, { login: 'admin' }, { login: 1, password: 2 }, { login: 'admin', password: 'x', extra: 1 }]) {
          const res = await c.raw('POST', '/api/session', { body });
          assert.equal(res.status, 400, JSON.stringify(body) + ' → ' + res.text);
          assert.equal(res.json.error.code, 'invalid_input');
        }
        const bad = await c.raw('POST', '/api/session', { body: '{"login":', headers: { 'Content-Type': 'application/json' } });
        assert.equal(bad.status, 400);
        const form = await c.raw('POST', '/api/session', { body: 'login=admin&password=demo-admin-2026',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
        assert.equal(form.status, 415);
        assert.equal(form.json.error.code, 'unsupported_media_type');
      });

      test('logout: 204, cookie cleared, the old token no longer works', async () => {
        const c = await srv.login('employeur');
        const token = c.cookies.get('plam_session');
        const res = await c.del('/api/session');
        assert.equal(res.status, 204, res.text);
        const sc = [].concat(res.headers['set-cookie'] || []).join('\n');
        assert.match(sc, /plam_session=;.*Max-Age=0/);
        assert.equal((await c.get('/api/me')).status, 401);
        const replay = srv.anon();
        replay.cookies.set('plam_session', token);
        assert.equal((await replay.get('/api/me')).status, 401, 'a logged-out token is dead on the server');
      });

      test('two sessions of one account are independent', async () => {
        const a = await srv.login('institut');
        const b = await srv.login('institut');
        assert.notEqual(a.csrf, b.csrf);
        assert.equal((await a.del('/api/session')).status, 204);
        assert.equal((await b.get('/api/me')).status, 200);
        // a's CSRF token does not work with b's session
        const res = await b.del('/api/session', { headers: { 'X-CSRF-Token': a.csrf } });
        assert.equal(res.status, 403);
        assert.equal(res.json.error.code, 'csrf_failed');
      });

      test('login is case-insensitive on the account name but not on the password', async () => {
        const ok = await srv.anon().login('ADMIN', DEMO.admin.password);
        assert.equal(ok.status, 200, ok.text);
        const bad = await srv.anon().login('admin', DEMO.admin.password.toUpperCase());
        assert.equal(bad.status, 401);
      });
    });

    describe('login throttling', { timeout: 90000 }, () => {
      let srv;
      before(async () => { srv = await startServer(); });
      after(async () => { await srv?.stop(); });

      // Wrong passwords until the answer is a 429 whose wait is at least
      // minWait seconds (waits double: 1, 2, 4 ... s after five free failures).
      async function guessUntilWait(login, minWait, max = 12) {
        const statuses = [];
        for (let i = 0; i < max; i += 1) {
          const res = await srv.anon().login(login, `wrong-password-${i}-xx`);
          statuses.push(res.status);
          const wait = Number(res.headers['retry-after']);
          if (res.status === 429 && wait >= minWait) return { res, statuses };
          if (res.status === 429) await sleep(wait * 1000 + 200); // refused guesses do not count: wait it out
        }
        assert.fail(`no 429 with a wait of ${minWait} s: ${statuses}`);
      }

      test('bad passwords → growing waits with Retry-After, never a long lock; the right password works after the wait', async () => {
        const { res, statuses } = await guessUntilWait('admin', 2);
        assert.deepEqual(statuses.slice(0, 6), [401, 401, 401, 401, 401, 401], `statuses: ${statuses}`);
        const wait = Number(res.headers['retry-after']);
        // 2 s normally; more only when a loaded machine hashes slower than the waits grow
        assert.ok(wait >= 2 && wait <= 60, `Retry-After ${wait}`);
        assert.equal(res.json.error.code, 'too_many_requests');
        assert.equal(res.json.error.retry_after, wait);
        assert.match(res.json.error.message, new RegExp(`réessayez dans ${wait} secondes`));
        // during the wait: refused even with the right password, in any case, without a session
        const early = await srv.anon().login('ADMIN', DEMO.admin.password);
        assert.equal(early.status, 429);
        assert.ok(Number(early.headers['retry-after']) <= wait);
        assert.equal(early.headers['set-cookie'], undefined);
        // another account still logs in
        assert.equal((await srv.anon().login('interne', DEMO.interne.password)).status, 200);
        // after the wait the right password works (admin included: no 15-minute lock)
        await sleep(wait * 1000 + 1100);
        const late = await srv.anon().login('admin', DEMO.admin.password);
        assert.equal(late.status, 200, late.text);
      });

      test('POST /api/me/password: a weak new password names new_password; wrong current passwords are throttled like a login', async () => {
        const me = await srv.login('candidat');
        const weak = await me.post('/api/me/password', { current_password: DEMO.candidat.password, new_password: 'court' });
        assert.equal(weak.status, 400, weak.text);
        assert.equal(weak.json.error.fields[0].field, 'new_password');
        const statuses = [];
        let last;
        for (let i = 0; i < 12; i += 1) {
          last = await me.post('/api/me/password', { current_password: `not-it-${i}-xxxxxx`, new_password: 'Un-nouveau-mot-de-passe-2026' });
          statuses.push(last.status);
          if (last.status === 429) break;
        }
        assert.deepEqual(statuses.slice(0, 6), [400, 400, 400, 400, 400, 400], `statuses: ${statuses}`);
        assert.equal(last.status, 429, `statuses: ${statuses}`);
        assert.ok(Number(last.headers['retry-after']) >= 1);
        assert.match(last.json.error.message, /réessayez dans \d+ seconde/);
        // the session itself is untouched
        assert.equal((await me.get('/api/me')).status, 200);
      });

      test('X-Forwarded-For is ignored without --trusted-proxy', async () => {
        const res = await srv.anon().raw('POST', '/api/session', { body: { login: 'nobody', password: 'x-wrong-password' },
          headers: { 'X-Forwarded-For': '203.0.113.77' } });
        assert.equal(res.status, 401);
        await sleep(200);
        assert.doesNotMatch(srv.stderr(), /203\.0\.113\.77/);
      });
    });

    describe('behind a trusted proxy', { timeout: 60000 }, () => {
      let srv;
      before(async () => { srv = await startServer({ args: ['--trusted-proxy', '127.0.0.1'] }); });
      after(async () => { await srv?.stop(); });

      test('the client address comes from X-Forwarded-For (rightmost untrusted hop) and is throttled as such', async () => {
        const res = await srv.anon().raw('POST', '/api/session', { body: { login: 'nobody', password: 'x-wrong-password' },
          headers: { 'X-Forwarded-For': '198.51.100.1, 203.0.113.77' } });
        assert.equal(res.status, 401);
        await sleep(200);
        assert.match(srv.stderr(), /ip="203\.0\.113\.77"/);
        assert.doesNotMatch(srv.stderr(), /ip="198\.51\.100\.1"/);
      });

      test('a bad --trusted-proxy is a usage error in French', () => {
        const r = runPlam(['serve', '--trusted-proxy', '10.0.0.1,nope', '--listen', '127.0.0.1:0', '--db', `${srv.dir}/x.db`]);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /--trusted-proxy attend des adresses IP/);
      });
    });

    describe('disabling an account', { timeout: 60000 }, () => {
      let srv;
      before(async () => { srv = await startServer(); });
      after(async () => { await srv?.stop(); });

      test('PATCH disabled:true ends the account sessions and blocks login (403 account_disabled)', async () => {
        const admin = await srv.login('admin');
        const victim = await srv.login('collectivite');
        assert.equal((await victim.get('/api/me')).status, 200);
        const id = victim.user.id;
        const res = await admin.patch(`/api/users/${id}`, { disabled: true });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.data.disabled, true);
        assert.equal((await victim.get('/api/me')).status, 401, 'session ended');
        const again = await srv.anon().login('collectivite', DEMO.collectivite.password);
        assert.equal(again.status, 403);
        assert.equal(again.json.error.code, 'account_disabled');
        // enable again: login works
        assert.equal((await admin.patch(`/api/users/${id}`, { disabled: false })).status, 200);
        assert.equal((await srv.anon().login('collectivite', DEMO.collectivite.password)).status, 200);
      });

      test('`plam user disable` on the CLI ends the sessions of a running server', async () => {
        const victim = await srv.login('interne');
        const r = runPlam(['user', 'disable', 'interne', '--db', srv.db]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal((await victim.get('/api/me')).status, 401);
        assert.equal((await srv.anon().login('interne', DEMO.interne.password)).status, 403);
        assert.equal(runPlam(['user', 'enable', 'interne', '--db', srv.db]).status, 0);
        assert.equal((await srv.anon().login('interne', DEMO.interne.password)).status, 200);
      });

      test('changing an account password ends its sessions', async () => {
        const admin = await srv.login('admin');
        const victim = await srv.login('employeur');
        const res = await admin.post(`/api/users/${victim.user.id}/password`, { password: 'a-brand-new-password-2026' });
        assert.equal(res.status, 204, res.text);
        assert.equal((await victim.get('/api/me')).status, 401);
        assert.equal((await srv.anon().login('employeur', DEMO.employeur.password)).status, 401);
        assert.equal((await srv.anon().login('employeur', 'a-brand-new-password-2026')).status, 200);
      });
    });
  });
});
