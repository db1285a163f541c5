// plam db copy: a SQLite database made by `plam init --demo` (plus a
// campaign simulation and a session, written by a running server) is copied
// into an empty PostgreSQL database while that server runs; a server on the
// copy then answers every GET of the API as the one on the original does
// (same status, same body), the session cookie made on SQLite still works
// (bytea column), and new rows get ids after the copied ones (identity
// sequences). A non-empty target is refused; a copy that fails mid-way (a
// source row PostgreSQL's foreign keys refuse, in a table copied late)
// leaves the target as empty as it was. A database of an older schema
// (v11, built from the repository's migrations) is copied through a migrated
// snapshot, its file left at v11 with the same rows. Needs a PostgreSQL cluster: runs in
// the e2e-pg suite, skipped on SQLite.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ENGINE, ROOT, dbQuery, dropDatabase, emptyDatabase, routeTable, runPlam, startServer } from '../lib/server.mjs';

const skip = ENGINE !== 'pg' && 'plam db copy writes to PostgreSQL: e2e-pg suite only';

/** Ids to put in a route's {id}, read from the SQLite original. */
const ID_SOURCES = [
  [/^\/api\/users\/\{id\}/, 'SELECT id FROM users ORDER BY id'],
  [/^\/api\/organisations\/\{id\}/, 'SELECT id FROM organisations ORDER BY id LIMIT 4'],
  [/^\/api\/(open-data\/)?plans\/\{id\}/, 'SELECT id FROM plans ORDER BY id'],
  [/^\/api\/indicators\/\{id\}/, 'SELECT id FROM indicators ORDER BY id LIMIT 4'],
  [/^\/api\/actions\/\{id\}/, 'SELECT id FROM plan_actions ORDER BY id LIMIT 3'],
  [/^\/api\/campaigns\/\{id\}/, 'SELECT id FROM campaigns ORDER BY id'],
  [/^\/api\/campaign-posts\/\{id\}/, 'SELECT id FROM campaign_posts ORDER BY id'],
  [/^\/api\/campaign-runs\/\{id\}/, 'SELECT id FROM campaign_runs ORDER BY id'],
  [/^\/api\/gov-bodies\/\{id\}/, 'SELECT id FROM gov_bodies ORDER BY id LIMIT 3'],
  // recruit (issue 11)
  [/^\/api\/candidates\/\{id\}/, 'SELECT id FROM candidates ORDER BY id LIMIT 3'],
  [/^\/api\/needs\/\{id\}/, 'SELECT id FROM needs ORDER BY id'],
  [/^\/api\/committee-uploads\/\{id\}/, 'SELECT id FROM committee_uploads ORDER BY id'],
  // geo: areas and establishments (issue 11)
  [/^\/api\/areas\/\{id\}/, 'SELECT id FROM areas ORDER BY id'],
  [/^\/api\/establishments\/\{id\}/, 'SELECT id FROM establishments ORDER BY id LIMIT 3'],
  [/^\/api\/training\/apprentices\/\{id\}/, 'SELECT id FROM train_apprentices ORDER BY id'], // training (issue 12)
  [/^\/api\/training\/dropouts\/\{id\}/, 'SELECT id FROM train_dropouts ORDER BY id LIMIT 3'], // training: one line and its history
  // offer: a need's offers and an open offer's public page (JSON, and the server-rendered HTML page)
  [/^\/(api\/(needs|public\/offers)|offres)\/\{id\}/, 'SELECT id FROM needs ORDER BY id LIMIT 3'],
  // ---- intern (issue 12) ----
  [/^\/api\/intern\/sites\/\{id\}/, 'SELECT id FROM intern_sites ORDER BY id'],
  [/^\/api\/intern\/alerts\/\{id\}/, 'SELECT id FROM intern_alerts ORDER BY id LIMIT 3'],
  [/^\/api\/intern\/reviews\/\{id\}/, 'SELECT id FROM intern_reviews ORDER BY id'],
  // ---- end intern ----
  [/^\/api\/seasonal-campaigns\/\{id\}/, 'SELECT id FROM seasonal_campaigns ORDER BY id'], // season
];
/** Answers that differ between two servers for a reason other than data. */
const NOT_COMPARED = new Set(['/healthz', '/metrics']);

/** The time an export was made (IATI's generated-datetime, to the second) is the request's, not the data's. */
const sameTime = (t) => t.replace(/generated-datetime="[^"]*"/g, 'generated-datetime=""');
/** An error's request id names the request, not the data. */
const sameRequest = (j) => (j?.error?.request_id ? { ...j, error: { ...j.error, request_id: '' } } : j);

describe('plam db copy (SQLite to PostgreSQL)', { skip, timeout: 600000 }, () => {
  let dir, file, sqliteSrv, target, pgSrv, staff, admin;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-copy-'));
    file = path.join(dir, 'demo.db');
    const init = runPlam(['init', '--db', file, '--demo']);
    assert.equal(init.status, 0, init.stderr);
    // no offers' scheduler on either server: a tick sends waves to the demo's open needs, and a tick on one
    // side between the two answers of a GET would make them differ (season)
    sqliteSrv = await startServer({ db: file, args: ['--offer-tick', '0'] });
    staff = await sqliteSrv.login('staff');
    admin = await sqliteSrv.login('admin'); // before the copy: no log-in differs between the two audit logs
    const camp = (await staff.get('/api/campaigns')).json.data[0];
    assert.equal((await staff.post(`/api/campaigns/${camp.id}/runs`, { round: 'simulation' })).status, 201);
  });
  after(async () => {
    await pgSrv?.stop();
    await sqliteSrv?.stop();
    if (target) dropDatabase(target);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('copies a running demo database, verified, and refuses it twice', () => {
    target = emptyDatabase(dir);
    const r = runPlam(['db', 'copy', '--from', file, '--to', target], { timeoutMs: 300000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Copie terminée et vérifiée : \d+ table\(s\), \d+ ligne\(s\)/);
    assert.match(r.stderr, /Vérification \(lignes et sommes de contrôle/);
    for (const t of ['users', 'audit_log', 'campaign_runs', 'sessions', 'measurements', 'territories']) {
      assert.deepEqual(dbQuery(target, `SELECT count(*) FROM ${t}`), dbQuery(file, `SELECT count(*) FROM ${t}`), t);
    }
    const again = runPlam(['db', 'copy', '--from', file, '--to', target]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /la base cible « postgresql:\/\/[^»]+» n'est pas vide \(\d+ objet\(s\) dans le schéma « public »\)/);
  });

  test('the copy answers every GET as the original does', async () => {
    assert.ok(target, 'copied by the previous test');
    pgSrv = await startServer({ db: target, args: ['--offer-tick', '0'] });
    // the sessions made on SQLite were copied: the same cookies work on the copy
    const clone = (c) => {
      const o = pgSrv.anon();
      o.cookies = new Map(c.cookies);
      o.csrf = c.csrf;
      return o;
    };
    const admins = [admin, clone(admin)];
    const staffs = [staff, clone(staff)];
    assert.equal((await staffs[1].get('/api/me')).json.data.user.login, 'staff');
    const urls = [];
    for (const r of routeTable().routes) {
      if (r.method !== 'GET' || NOT_COMPARED.has(r.path)) continue;
      if (!r.path.includes('{id}')) { urls.push(r.path); continue; }
      const src = ID_SOURCES.find(([re]) => re.test(r.path));
      assert.ok(src, `no ids for ${r.path}`);
      for (const [id] of dbQuery(file, src[1])) urls.push(r.path.replace('{id}', id));
    }
    assert.ok(urls.length > 60, `${urls.length} GETs`);
    let compared = 0;
    for (const url of urls) {
      for (const who of [admins, staffs]) {
        const [a, b] = await Promise.all(who.map((c) => c.get(url)));
        assert.equal(b.status, a.status, `${url}: ${b.text.slice(0, 300)}`);
        const type = String(a.headers['content-type'] || '');
        if (type.includes('json')) assert.deepEqual(sameRequest(b.json), sameRequest(a.json), url);
        else if (!/spreadsheetml|zip/.test(type)) assert.equal(sameTime(b.text), sameTime(a.text), url);
        else assert.equal(b.headers['content-type'], a.headers['content-type'], url); // xlsx: zip entry times differ
        compared += 1;
      }
    }
    assert.ok(compared >= 2 * urls.length);
    // identity sequences continue after the copied ids
    const maxId = Number(dbQuery(target, 'SELECT max(id) FROM users')[0][0]);
    const created = await admins[1].post('/api/users', { login: 'apres.copie', display_name: 'Après copie', role: 'partner',
      password: 'mot-de-passe-copie-2026' });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.data.id, maxId + 1);
  });

  test('a database of an older schema is copied after its snapshot is migrated, the source left as it was', () => {
    // schema v11 (before recruitment's tables), built from the repository's own migrations with the
    // same bookkeeping table as plam's, and rows in the old tables
    const old = path.join(dir, 'v11.db');
    const dirMig = path.join(ROOT, 'src', 'db', 'migrations');
    const files = fs.readdirSync(dirMig).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
    const latest = Number(files[files.length - 1].slice(0, 4));
    const sql = ["CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      + "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))) STRICT;"];
    for (const f of files.filter((f) => Number(f.slice(0, 4)) <= 11)) {
      sql.push('BEGIN;', fs.readFileSync(path.join(dirMig, f), 'utf8'),
        `INSERT INTO schema_migrations(version, name) VALUES (${Number(f.slice(0, 4))}, '${f.slice(0, -4)}');`, 'COMMIT;');
    }
    sql.push("INSERT INTO organisations(name, kind, territory_id) VALUES ('Organisation ancienne', 'ars', 'REG-52');",
      "INSERT INTO users(login, display_name, role, org_id, password_hash) "
      + "SELECT 'ancien.compte', 'Ancien compte', 'staff', id, 'x' FROM organisations WHERE name = 'Organisation ancienne';");
    const made = spawnSync('sqlite3', [old], { input: sql.join('\n'), encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    assert.deepEqual(dbQuery(old, 'SELECT max(version) FROM schema_migrations'), [['11']]);
    assert.ok(latest > 11, `latest migration ${latest}`);
    const dump = () => spawnSync('sqlite3', ['-readonly', old, '.dump'], { encoding: 'utf8' }).stdout;
    const before = dump();
    assert.match(before, /Organisation ancienne/);
    const empty = emptyDatabase(dir, 'old');
    try {
      const r = runPlam(['db', 'copy', '--from', old, '--to', empty], { timeoutMs: 300000 });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^Copie terminée et vérifiée/);
      assert.deepEqual(dbQuery(empty, 'SELECT max(version), count(*) FROM schema_migrations'), [[String(latest), String(files.length)]]);
      assert.deepEqual(dbQuery(empty, "SELECT u.login, o.name FROM users u JOIN organisations o ON o.id = u.org_id"),
        [['ancien.compte', 'Organisation ancienne']]);
      // the snapshot is migrated, not the source: same schema version, same rows
      assert.deepEqual(dbQuery(old, 'SELECT max(version) FROM schema_migrations'), [['11']]);
      assert.equal(dump(), before);
    } finally {
      dropDatabase(empty);
    }
  });

  test('a copy that fails mid-way leaves the target empty', () => {
    const broken = path.join(dir, 'broken.db');
    fs.copyFileSync(file, broken);
    // a wish naming a candidate that does not exist: SQLite's shell does not check foreign keys,
    // PostgreSQL refuses it when campaign_wishes is copied, after most tables
    dbQuery(broken, 'INSERT INTO campaign_wishes(candidate_id, position, post_id) '
      + 'SELECT 999999, 1, min(id) FROM campaign_posts', { write: true });
    const empty = emptyDatabase(dir, 'broken');
    try {
      const r = runPlam(['db', 'copy', '--from', broken, '--to', empty], { timeoutMs: 300000 });
      assert.equal(r.status, 3, r.stderr); // data the target refuses: exit code of invalid data
      assert.match(r.stderr, /échec sur la table « campaign_wishes »/);
      assert.match(r.stderr, /  users +\d+ ligne\(s\)/, 'earlier tables were copied before the failure');
      assert.match(r.stderr, /rien n'a été écrit dans « postgresql:[^»]+» \(transaction annulée\)/);
      assert.deepEqual(dbQuery(empty, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"), [['0']]);
      // and the empty target still takes a good copy
      const ok = runPlam(['db', 'copy', '--from', file, '--to', empty], { timeoutMs: 300000 });
      assert.equal(ok.status, 0, ok.stderr);
    } finally {
      dropDatabase(empty);
    }
  });

  test('refusals: missing options, a URL as source, a file as target', () => {
    const none = runPlam(['db', 'copy']);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /les options --from et --to sont obligatoires/);
    assert.equal(runPlam(['db', 'copy', '--from', target, '--to', target]).status, 2);
    const toFile = runPlam(['db', 'copy', '--from', file, '--to', path.join(dir, 'x.db')]);
    assert.equal(toFile.status, 2);
    assert.match(toFile.stderr, /--to doit être une adresse postgresql/);
    const help = runPlam(['db', 'copy', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Copie une base SQLite dans une base PostgreSQL vide/);
  });
});
