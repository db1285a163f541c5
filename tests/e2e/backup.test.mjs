// `plam backup` while the server takes writes: the writes keep succeeding,
// the copy passes `plam check`, holds every row committed before the backup
// started, and can be served. Backing up onto an existing file is refused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ENGINE, runPlam, runPlamAsync, startServer } from '../lib/server.mjs';

const SQLITE_ONLY = ENGINE === 'pg' && 'plam backup copies SQLite files; PostgreSQL is backed up with pg_dump';

// Skips are per test (not per suite) so that the summary counts them.
describe('backup on PostgreSQL', { timeout: 60000 }, () => {
  test('plam backup refuses a PostgreSQL database, naming pg_dump, and writes nothing',
    { skip: ENGINE !== 'pg' && 'PostgreSQL only: SQLite files are backed up by plam backup (tests below)' }, async () => {
    const srv = await startServer();
    try {
      const target = path.join(srv.dir, 'copie.db');
      const r = runPlam(['backup', '--db', srv.db, '--to', target]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /pg_dump/);
      assert.doesNotMatch(r.stderr, /\b(the|error|failed)\b/i);
      assert.equal(fs.existsSync(target), false);
      const c = runPlam(['check', '--db', srv.db]);
      assert.equal(c.status, 0, c.stderr);
      assert.match(c.stdout, /Base saine/);
    } finally {
      await srv.stop();
    }
  });
});

describe('backup while serving', { timeout: 120000 }, () => {
  let srv, admin, copySrv;
  before(async () => {
    if (SQLITE_ONLY) return;
    srv = await startServer();
    admin = await srv.login('admin');
  });
  after(async () => {
    await copySrv?.stop();
    await srv?.stop();
  });

  async function createOrg(name) {
    const res = await admin.post('/api/organisations', { name, kind: 'other' });
    return res;
  }

  test('consistent online copy with concurrent API writes', { skip: SQLITE_ONLY }, async () => {
    // rows committed before the backup starts
    const committed = [];
    for (let i = 0; i < 20; i += 1) {
      const res = await createOrg(`Avant sauvegarde ${i}`);
      assert.equal(res.status, 201, res.text);
      committed.push(res.json.data.id);
    }
    // writers that keep going during the backup
    let stop = false;
    const statuses = [];
    const writer = async (w) => {
      let i = 0;
      while (!stop) {
        const res = await createOrg(`Pendant sauvegarde ${w}-${i}`);
        statuses.push(res.status);
        i += 1;
      }
    };
    const writers = [writer(1), writer(2), writer(3)];
    const copy = path.join(srv.dir, 'copie.db');
    // let the writers start, then back up
    while (statuses.length < 3) await new Promise((r) => setTimeout(r, 10));
    const during = statuses.length;
    const b = await runPlamAsync(['backup', '--db', srv.db, '--to', copy]);
    const afterBackup = statuses.length;
    // a few more writes after the copy, then stop
    while (statuses.length < afterBackup + 3) await new Promise((r) => setTimeout(r, 10));
    stop = true;
    await Promise.all(writers);

    assert.equal(b.status, 0, `plam backup failed: ${b.stderr}`);
    assert.ok(afterBackup > during, 'writes went on while the backup ran');
    const bad = statuses.filter((s) => s !== 201);
    assert.deepEqual(bad, [], 'every concurrent write succeeded');
    assert.ok(fs.existsSync(copy));

    const check = runPlam(['check', '--db', copy]);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /Base saine/);

    // serve the copy and look for the rows
    copySrv = await startServer({ db: copy });
    const reader = await copySrv.login('admin');
    const list = await reader.get('/api/organisations?limit=500&q=Avant%20sauvegarde');
    assert.equal(list.status, 200, list.text);
    const ids = new Set(list.json.data.map((o) => o.id));
    for (const id of committed) assert.ok(ids.has(id), `organisation ${id} committed before the backup is in the copy`);
    const all = await reader.get('/api/organisations?limit=500');
    const orig = await admin.get('/api/organisations?limit=500');
    assert.ok(all.json.meta.total <= orig.json.meta.total, 'the copy is a snapshot, not the future');
    assert.ok(all.json.meta.total >= committed.length);
  });

  test('backup onto an existing file is refused (French message, file untouched)', { skip: SQLITE_ONLY }, () => {
    const target = path.join(srv.dir, 'existe.db');
    fs.writeFileSync(target, 'ne pas écraser');
    const r = runPlam(['backup', '--db', srv.db, '--to', target]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /existe déjà/);
    assert.equal(fs.readFileSync(target, 'utf8'), 'ne pas écraser');
    const noTo = runPlam(['backup', '--db', srv.db]);
    assert.equal(noTo.status, 2);
    assert.match(noTo.stderr, /--to est obligatoire/);
  });

  test('check detects a damaged database', { skip: SQLITE_ONLY }, () => {
    const broken = path.join(srv.dir, 'abimee.db');
    const data = fs.readFileSync(path.join(srv.dir, 'copie.db'));
    // damage a page in the middle of the file (not the header)
    for (let i = 8192; i < Math.min(data.length, 8192 + 4096); i += 1) data[i] = 0x5a;
    fs.writeFileSync(broken, data);
    const r = runPlam(['check', '--db', broken]);
    assert.notEqual(r.status, 0, `check passed a damaged database: ${r.stdout}`);
  });
});
