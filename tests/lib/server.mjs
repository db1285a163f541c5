// Shared harness for the end-to-end tests: runs the real plam binary.
//
//   const srv = await startServer({ args: ['--session-idle', '3'] });
//   const admin = await srv.login('admin', 'demo-admin-2026');
//   const r = await admin.get('/api/me');        // {status, headers, text, json}
//   await srv.stop();                            // throws on sanitizer report / bad exit
//
// startServer() makes a temporary directory, creates a database with the demo
// data (`plam init --demo`), picks a free loopback port, starts `plam serve`
// with stdout and stderr kept in files of that directory, and waits for
// /healthz. stop() sends SIGTERM, waits for the exit and fails when the exit
// status is not 0 or when the server's output holds a sanitizer report. The
// directory is removed after a clean stop and kept (its path is in the error)
// otherwise. runPlam() runs a CLI subcommand with the same checks on stderr.
// serveTwo() gives a describe two servers on one database.
//
// PLAM_BIN chooses the binary (default build/asan/plam), PLAM_WEB_ROOT the
// web root (default build/web). Everything listens on 127.0.0.1 only.
//
// Engines: by default every database is a SQLite file. With PLAM_TEST_DB_URL
// set to a PostgreSQL URL (a cluster's maintenance database, as printed by
// scripts/pg.sh start), every database is a PostgreSQL database of that
// cluster instead: a started server gets its own, created from a demo
// template database made once per binary (`CREATE DATABASE x TEMPLATE t`,
// fast) and dropped when the server stops; emptyDatabase() gives an empty one
// for `plam init`. Tests stay engine-neutral: srv.db is a path or a URL that
// every plam subcommand takes, dbQuery(srv, sql) reads through sqlite3 or
// psql, and ENGINE says which one runs (a test that only makes sense on one
// engine skips itself on the other, saying why).
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.resolve(ROOT, process.env.PLAM_BIN || 'build/asan/plam');
export const WEB_ROOT = path.resolve(ROOT, process.env.PLAM_WEB_ROOT || 'build/web');
/** Maintenance URL of the PostgreSQL cluster the tests use ('' for SQLite). */
export const PG_URL = process.env.PLAM_TEST_DB_URL || '';
/** 'pg' or 'sqlite': the engine every database of this run is on. */
export const ENGINE = PG_URL ? 'pg' : 'sqlite';

/** Demo accounts created by `plam init --demo`: login → {password, role}. */
export const DEMO = {
  admin: { password: 'demo-admin-2026', role: 'admin' },
  staff: { password: 'demo-staff-2026', role: 'staff' },
  pilote: { password: 'demo-pilote-2026', role: 'pilot' },
  partenaire: { password: 'demo-partenaire-2026', role: 'partner' },
  employeur: { password: 'demo-employeur-2026', role: 'employer' },
  candidat: { password: 'demo-candidat-2026', role: 'candidate' },
  institut: { password: 'demo-institut-2026', role: 'institute' },
  interne: { password: 'demo-interne-2026', role: 'intern' },
  collectivite: { password: 'demo-collectivite-2026', role: 'local_authority' },
};

const SANITIZER_MARKS = ['ERROR: AddressSanitizer', 'runtime error:', 'LeakSanitizer', 'ERROR: UndefinedBehaviorSanitizer'];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Environment for the binary: sanitizer options unless the caller set them. */
export function plamEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  env.ASAN_OPTIONS ??= 'detect_leaks=1:abort_on_error=0:halt_on_error=1';
  env.UBSAN_OPTIONS ??= 'halt_on_error=1:print_stacktrace=1';
  env.LSAN_OPTIONS ??= `suppressions=${path.join(ROOT, 'tests', 'lsan.supp')}`;
  // Options of the binary may also come from PLAM_* variables: do not let the
  // caller's environment change what a test starts.
  for (const k of Object.keys(env)) if (/^PLAM_/.test(k) && !(k in extra)) delete env[k];
  return env;
}

// ---- PostgreSQL databases of the test cluster

/** URL of database name on the test cluster. */
export function pgDatabaseUrl(name) {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs SQL with psql on url (default: the maintenance database); returns stdout (unaligned, tuples only). */
export function psql(sql, url = PG_URL, { readOnly = false } = {}) {
  const env = { ...process.env, PGOPTIONS: readOnly ? '-c default_transaction_read_only=on' : '' };
  const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql],
    { encoding: 'utf8', timeout: 60000, env });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`psql failed (${r.status}): ${sql}\n${r.stderr}`);
  return r.stdout;
}

const pgCreated = new Set();
let pgSeq = 0;
process.on('exit', () => { // databases of servers not stopped (a failed test): dropped with the process
  for (const name of pgCreated) {
    spawnSync('psql', ['-X', '-q', '-d', PG_URL, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { timeout: 20000 });
  }
});

function pgNewName(prefix) {
  pgSeq += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${pgSeq}`;
}

/** Drops a database made by emptyDatabase or startServer (no-op for SQLite files). */
export function dropDatabase(target) {
  if (ENGINE !== 'pg' || !target.startsWith('postgres')) return;
  const name = new URL(target).pathname.slice(1);
  psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  pgCreated.delete(name);
}

/**
 * A database that does not hold a schema yet, for `plam init`: a path in dir
 * (SQLite) or a new empty PostgreSQL database (dropped at the process's exit
 * at the latest; dropDatabase drops it sooner).
 */
export function emptyDatabase(dir, name = 'plam') {
  if (ENGINE !== 'pg') return path.join(dir, `${name}.db`);
  const db = pgNewName('plam_e2e');
  psql(`CREATE DATABASE ${db}`);
  pgCreated.add(db);
  return pgDatabaseUrl(db);
}

/**
 * Runs SQL (written for both engines) on a server's (or a target's) database
 * with sqlite3 or psql; returns its rows, columns split on '|'. Read-only
 * unless write is true (test fixtures).
 */
export function dbQuery(srvOrTarget, sql, { write = false } = {}) {
  const target = typeof srvOrTarget === 'string' ? srvOrTarget : srvOrTarget.db;
  let out;
  if (target.startsWith('postgres')) out = psql(sql, target, { readOnly: !write });
  else {
    // .timeout: wait for the server's write transactions (a scheduler's tick) instead of failing with "database is locked"
    const r = spawnSync('sqlite3', [...(write ? [] : ['-readonly']), '-cmd', '.timeout 10000', target, sql], { encoding: 'utf8', timeout: 60000 });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`sqlite3 failed (${r.status}): ${sql}\n${r.stderr}`);
    out = r.stdout;
  }
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('|'));
}

/** Returns the sanitizer report lines found in text, or null. */
export function sanitizerReport(text) {
  const hit = SANITIZER_MARKS.find((m) => text.includes(m));
  if (!hit) return null;
  const i = text.indexOf(hit);
  return text.slice(Math.max(0, i - 200), i + 3000);
}

/**
 * Runs `plam ...args` synchronously. Returns {status, stdout, stderr}.
 * Throws when stderr holds a sanitizer report (whatever the exit status).
 */
export function runPlam(args, { input, timeoutMs = 60000, env = {}, cwd = ROOT } = {}) {
  const r = spawnSync(BIN, args, { cwd, input, encoding: 'utf8', timeout: timeoutMs, env: plamEnv(env) });
  if (r.error) throw r.error;
  const rep = sanitizerReport(r.stderr || '');
  if (rep) throw new Error(`sanitizer report from plam ${args.join(' ')}:\n${rep}`);
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Async variant of runPlam (for commands run while the test keeps working). */
export function runPlamAsync(args, { input, timeoutMs = 60000, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { cwd: ROOT, env: plamEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (b) => { stdout += b; });
    child.stderr.on('data', (b) => { stderr += b; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const rep = sanitizerReport(stderr);
      if (rep) reject(new Error(`sanitizer report from plam ${args.join(' ')}:\n${rep}`));
      else resolve({ status, signal, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** The route table and permission → roles map printed by `plam routes`. */
export function routeTable() {
  const r = runPlam(['routes']);
  if (r.status !== 0) throw new Error(`plam routes failed (${r.status}): ${r.stderr}`);
  const table = JSON.parse(r.stdout);
  if (!Array.isArray(table.routes) || !table.routes.length || typeof table.permissions !== 'object')
    throw new Error('plam routes: unexpected output');
  return table;
}

/** Routes whose method changes state. */
export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function freePort() {
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

/**
 * One HTTP request with node:http (full control over headers such as Origin
 * and Sec-Fetch-Site). body: object (sent as JSON), string or Buffer.
 * Resolves {status, headers, text, json}; json is null when the body is not JSON.
 */
export function request(base, method, urlPath, { body, headers = {}, timeoutMs = 30000, agent } = {}) {
  return new Promise((resolve, reject) => {
    // the path is sent as given: new URL() would resolve dot segments
    const u = new URL(base);
    const h = { ...headers };
    let payload = null;
    if (body !== undefined && body !== null) {
      if (typeof body === 'string' || Buffer.isBuffer(body)) payload = Buffer.from(body);
      else {
        payload = Buffer.from(JSON.stringify(body));
        if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
      }
      h['Content-Length'] = String(payload.length);
    }
    const req = http.request({ host: u.hostname, port: u.port, path: urlPath, method, headers: h,
      agent: agent ?? false, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = text ? JSON.parse(text) : null; } catch { json = null; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${urlPath}`)));
    req.on('error', reject);
    req.end(payload ?? undefined);
  });
}

/** A user agent with a cookie jar and the CSRF token of its session. */
export class Client {
  constructor(server) {
    this.server = server;
    this.cookies = new Map();
    this.csrf = null;
    this.user = null;
    this.permissions = [];
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Raw request: only the cookie jar is applied (no CSRF header). */
  async raw(method, urlPath, { body, headers = {}, timeoutMs } = {}) {
    const h = { ...headers };
    if (this.cookies.size && !Object.keys(h).some((k) => k.toLowerCase() === 'cookie')) h.Cookie = this.cookieHeader();
    const res = await request(this.server.url, method, urlPath, { body, headers: h, timeoutMs });
    for (const sc of [].concat(res.headers['set-cookie'] || [])) {
      const [pair, ...attrs] = sc.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim(), value = pair.slice(eq + 1).trim();
      const maxAge = attrs.map((a) => a.trim()).find((a) => /^max-age=/i.test(a));
      if (value === '' || (maxAge && Number(maxAge.split('=')[1]) <= 0)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Request with the CSRF header added on state-changing methods. */
  send(method, urlPath, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    if (this.csrf && method !== 'GET' && method !== 'HEAD' && !('X-CSRF-Token' in headers)) headers['X-CSRF-Token'] = this.csrf;
    return this.raw(method, urlPath, { ...opts, headers });
  }

  get(p, opts) { return this.send('GET', p, opts); }
  post(p, body, opts = {}) { return this.send('POST', p, { ...opts, body }); }
  patch(p, body, opts = {}) { return this.send('PATCH', p, { ...opts, body }); }
  put(p, body, opts = {}) { return this.send('PUT', p, { ...opts, body }); }
  del(p, opts) { return this.send('DELETE', p, opts); }

  /** POST /api/session; keeps the cookie and CSRF token. Returns the response. */
  async login(login, password) {
    const res = await this.raw('POST', '/api/session', { body: { login, password } });
    if (res.status === 200 && res.json?.data) {
      this.csrf = res.json.data.csrf_token;
      this.user = res.json.data.user;
      this.permissions = res.json.data.permissions || [];
    }
    return res;
  }
}

export class Server {
  constructor({ dir, db, port, child, stdoutPath, stderrPath, exitPromise }) {
    Object.assign(this, { dir, db, port, child, stdoutPath, stderrPath, exitPromise });
    this.url = `http://127.0.0.1:${port}`;
    this.stopped = false;
  }

  /** Everything the server wrote on stderr so far (logs, sanitizer reports). */
  stderr() {
    try { return fs.readFileSync(this.stderrPath, 'utf8'); } catch { return ''; }
  }

  /** Anonymous client. */
  anon() { return new Client(this); }

  /** Logged-in client; throws unless the login succeeds. */
  async login(login, password = DEMO[login]?.password) {
    const c = new Client(this);
    const res = await c.login(login, password);
    if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status} ${res.text}`);
    return c;
  }

  request(method, urlPath, opts) { return request(this.url, method, urlPath, opts); }

  /** Runs a plam subcommand against this server's database. */
  plam(args, opts) { return runPlam(args, opts); }

  /**
   * SIGTERM, wait for the exit (SIGKILL after timeoutMs), then throw if the
   * exit status is not 0 or stderr holds a sanitizer report.
   */
  async stop({ timeoutMs = 20000 } = {}) {
    if (this.stopped) return;
    this.stopped = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    let killed = false;
    const killer = setTimeout(() => { killed = true; this.child.kill('SIGKILL'); }, timeoutMs);
    const { code, signal } = await this.exitPromise;
    clearTimeout(killer);
    const err = this.stderr();
    const rep = sanitizerReport(err);
    const problems = [];
    if (rep) problems.push(`sanitizer report in server stderr:\n${rep}`);
    if (killed) problems.push(`server did not exit within ${timeoutMs} ms of SIGTERM`);
    else if (code !== 0) problems.push(`server exited with code ${code} signal ${signal}`);
    if (problems.length) {
      throw new Error(`${problems.join('\n')}\n(server files kept in ${this.dir}; stderr tail:\n${err.slice(-2000)})`);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    if (this.ownDb) dropDatabase(this.db);
  }
}

/**
 * Creates a database at dbPath: a copy of a demo database made once per
 * binary (init --demo hashes nine passwords, slow under ASan) or a fresh
 * empty one when demo is false.
 */
export function makeDatabase(dbPath, { demo = true } = {}) {
  if (ENGINE === 'pg') throw new Error('makeDatabase makes SQLite files: use makeTestDatabase(dir) on both engines');
  if (!demo) {
    const init = runPlam(['init', '--db', dbPath]);
    if (init.status !== 0) throw new Error(`plam init failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
    return;
  }
  const st = fs.statSync(BIN);
  const key = crypto.createHash('sha1').update(`${BIN}:${st.size}:${st.mtimeMs}`).digest('hex').slice(0, 16);
  const cacheDir = path.join(os.tmpdir(), `plam-e2e-cache-${process.getuid?.() ?? 0}`);
  const cached = path.join(cacheDir, `demo-${key}.db`);
  if (!fs.existsSync(cached)) {
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = path.join(cacheDir, `tmp-${process.pid}-${Date.now()}.db`);
    const init = runPlam(['init', '--db', tmp, '--demo']);
    if (init.status !== 0) throw new Error(`plam init --demo failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
    for (const sfx of ['-wal', '-shm']) if (fs.existsSync(tmp + sfx)) throw new Error('plam init left a WAL file behind');
    fs.renameSync(tmp, cached); // atomic: concurrent test files see all or nothing
    // drop copies made for older builds (an hour old or more)
    for (const f of fs.readdirSync(cacheDir)) {
      const full = path.join(cacheDir, f);
      try {
        if (full !== cached && Date.now() - fs.statSync(full).mtimeMs > 3600e3) fs.rmSync(full, { force: true });
      } catch { /* raced with another run */ }
    }
  }
  fs.copyFileSync(cached, dbPath);
}

/** Name of the PostgreSQL demo template of this binary, made once (concurrent runs: the first rename wins). */
function pgDemoTemplate() {
  const st = fs.statSync(BIN);
  const key = crypto.createHash('sha1').update(`${BIN}:${st.size}:${st.mtimeMs}`).digest('hex').slice(0, 16);
  const tpl = `plam_tpl_${key}`;
  if (psql(`SELECT 1 FROM pg_database WHERE datname = '${tpl}'`).trim() === '1') return tpl;
  const tmp = pgNewName('plam_tplnew');
  psql(`CREATE DATABASE ${tmp}`);
  pgCreated.add(tmp);
  const init = runPlam(['init', '--db', pgDatabaseUrl(tmp), '--demo']);
  if (init.status !== 0) throw new Error(`plam init --demo failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
  try {
    psql(`ALTER DATABASE ${tmp} RENAME TO ${tpl}`);
    pgCreated.delete(tmp);
  } catch { /* another run made it meanwhile */ }
  // templates of older builds
  for (const old of psql("SELECT datname FROM pg_database WHERE datname LIKE 'plam\\_tpl\\_%'").split('\n')) {
    if (old && old !== tpl) try { psql(`DROP DATABASE IF EXISTS ${old}`); } catch { /* in use by another run */ }
  }
  return tpl;
}

/**
 * A database with the schema, and the demo data unless demo is false: a
 * SQLite file in dir, or a PostgreSQL database copied from the demo template.
 * Returns its path or URL.
 */
export function makeTestDatabase(dir, { demo = true, name = 'plam' } = {}) {
  if (ENGINE !== 'pg') {
    const db = path.join(dir, `${name}.db`);
    makeDatabase(db, { demo });
    return db;
  }
  if (!demo) {
    const db = emptyDatabase(dir, name);
    const init = runPlam(['init', '--db', db]);
    if (init.status !== 0) throw new Error(`plam init failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
    return db;
  }
  const tpl = pgDemoTemplate();
  const db = pgNewName('plam_e2e');
  psql(`CREATE DATABASE ${db} TEMPLATE ${tpl}`);
  pgCreated.add(db);
  return pgDatabaseUrl(db);
}

async function healthy(url) {
  try {
    const res = await request(url, 'GET', '/healthz', { timeoutMs: 1000 });
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts a server on a fresh demo database. args are extra `plam serve`
 * options. demo=false creates an empty database; db reuses an existing
 * database file (then no init is run). webRoot null serves the UI embedded in
 * the binary; cwd is the server's working directory (default: the checkout).
 */
export async function startServer({ args = [], demo = true, db: reuseDb, timeoutMs = 30000, webRoot = WEB_ROOT,
  cwd = ROOT } = {}) {
  if (!fs.existsSync(BIN)) throw new Error(`binary not found: ${BIN} (build it, or set PLAM_BIN)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-e2e-'));
  const db = reuseDb || makeTestDatabase(dir, { demo });
  let lastErr = '';
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const port = await freePort();
    const stdoutPath = path.join(dir, `serve-${attempt}.out`);
    const stderrPath = path.join(dir, `serve-${attempt}.err`);
    const out = fs.openSync(stdoutPath, 'a'), err = fs.openSync(stderrPath, 'a');
    const web = webRoot === null ? [] : ['--web-root', webRoot];
    const child = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...web, ...args],
      { cwd, env: plamEnv(), stdio: ['ignore', out, err] });
    fs.closeSync(out);
    fs.closeSync(err);
    const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let exited = false;
    exitPromise.then(() => { exited = true; });
    const srv = new Server({ dir, db, port, child, stdoutPath, stderrPath, exitPromise });
    srv.ownDb = !reuseDb;
    const deadline = Date.now() + timeoutMs;
    while (!exited && Date.now() < deadline) {
      if (await healthy(srv.url)) return srv;
      await sleep(100);
    }
    if (!exited) { child.kill('SIGKILL'); await exitPromise; }
    lastErr = srv.stderr();
    if (!/in use|bind|adresse/i.test(lastErr)) break;
  }
  throw new Error(`plam serve did not become healthy (files in ${dir}):\n${lastErr.slice(-4000)}`);
}

/**
 * Two servers on one database, for the describe that calls it: a on a fresh
 * demo database, b on the same one (args for both, argsB added for b),
 * started in the describe's before hook, then ready(pair) when given (seed
 * data, log in), and stopped in its after hook, b first. Returns the pair,
 * whose a and b are set when the tests run:
 *
 *   const two = serveTwo({ args: ['--threads', '1'] });
 *   test('…', async () => { const { a, b } = two; … });
 */
export function serveTwo({ args = [], argsB = [], ready } = {}) {
  const pair = { a: null, b: null };
  before(async () => {
    pair.a = await startServer({ args });
    pair.b = await startServer({ db: pair.a.db, args: [...args, ...argsB] });
    if (ready) await ready(pair);
  });
  after(async () => {
    await pair.b?.stop();
    await pair.a?.stop();
  });
  return pair;
}

/**
 * Opens a raw TCP connection to the server. Resolves {socket, data(), closed}
 * where closed is a promise resolved with the time (ms since open) at which
 * the server closed the connection.
 */
export function rawSocket(srv) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const socket = net.connect({ host: '127.0.0.1', port: srv.port });
    const chunks = [];
    let closedResolve;
    const closed = new Promise((r) => { closedResolve = r; });
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => {}); // EPIPE/ECONNRESET when the server cuts us off
    socket.on('close', () => closedResolve(Date.now() - t0));
    socket.on('connect', () => resolve({ socket, data: () => Buffer.concat(chunks).toString('latin1'), closed, t0 }));
    socket.once('error', reject);
  });
}

/** Safe write on a raw socket: resolves false when the peer has gone. */
export function writeSafe(socket, data) {
  return new Promise((resolve) => {
    if (socket.destroyed || !socket.writable) return resolve(false);
    socket.write(data, (err) => resolve(!err));
  });
}
