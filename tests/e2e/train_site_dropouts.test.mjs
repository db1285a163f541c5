// Dropouts linked to an internship site (issue 12, session 10), through the
// real binary on the test's engine. A site's dropout figure is training's
// dropout lines that name it (one source): the internship site has no count
// of its own any more (a PATCH naming one is refused), a CSV line with the
// column `terrain` names the site, the site list and the yearly review read
// the lines, and the intern alert rule on dropouts judges them in the same
// write. A line is corrected by hand (PATCH /api/training/dropouts/{id}):
// French errors naming the field, the institute's own lines only, and the
// history of the corrections kept (audit). Migration 0022 carries a site's
// old count over as a line without cohort: checked on a database built at
// schema 0018 from the repository's own migration files, then migrated by
// `plam migrate`, on SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { ENGINE, ROOT, dbQuery, dropDatabase, emptyDatabase, psql, runPlam, startServer } from '../lib/server.mjs';

const CSV = { 'Content-Type': 'text/csv; charset=utf-8' };
const HEADER = 'uai;formation;annee;annee_etude;effectif;cause;lien_stage;ruptures;terrain';

describe('training dropouts name the internship site; hand corrections with history', { timeout: 240000 }, () => {
  let srv, staff, institut, interne, sites, insts;
  const ok = (r, status = 200) => { assert.equal(r.status, status, r.text.slice(0, 400)); return r.json.data; };
  before(async () => {
    srv = await startServer();
    [staff, institut, interne] = await Promise.all(['staff', 'institut', 'interne'].map((l) => srv.login(l)));
    sites = ok(await staff.get('/api/intern/sites'));
    insts = ok(await staff.get('/api/training/institutes'));
    // the demo's institutes have no UAI: the Angers IFSI gets one (its check letter is right)
    ok(await staff.patch(`/api/training/institutes/${angers().id}`, { uai: '0490001K' }));
    insts = ok(await staff.get('/api/training/institutes'));
  });
  after(async () => { await srv?.stop(); });
  const site = (label) => sites.find((s) => s.label === label);
  const angers = () => insts.find((i) => i.name === 'IFSI de démonstration (Angers)');

  test('the site has no count of its own: its figure is the lines naming it, and the rule judges them', async () => {
    const ped = site('Pédiatrie');
    assert.equal(ped.dropouts, 0);
    const own = await staff.patch(`/api/intern/sites/${ped.id}`, { dropouts: 2 });
    assert.equal(own.status, 400, own.text);
    assert.equal(own.json.error.fields[0].field, 'dropouts');
    ok(await staff.patch('/api/intern/rules', { code: 'dropouts', threshold: 1 }));
    // a site without lien_stage, and an unknown site: errors by row and column, nothing written
    const bad = await staff.post('/api/training/dropout-imports', [HEADER,
      `${angers().uai};ide;2025;2;90;stage;non;1;${ped.id}`, `${angers().uai};ide;2025;2;90;sante;non;1;999999`].join('\n'),
    { headers: CSV });
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual(bad.json.error.errors.map((e) => [e.row, e.column]), [[2, 'terrain'], [3, 'terrain']]);
    const good = [HEADER, `${angers().uai};ide;2025;2;90;stage;oui;2;${ped.id}`, `${angers().uai};ide;2025;2;90;sante;non;1;`];
    ok(await staff.post('/api/training/dropout-imports?filename=terrain.csv', good.join('\n'), { headers: CSV }));
    const now = ok(await staff.get(`/api/intern/sites/${ped.id}`));
    assert.deepEqual([now.dropouts, now.dropouts_year], [2, 2025]);
    const alert = ok(await staff.get('/api/intern/alerts')).filter((a) => a.site_id === ped.id && a.rule === 'dropouts');
    assert.deepEqual(alert.map((a) => [a.period, a.value]), [['2025-2026', 2]]);
    // the training rate counts them once, with the line's site
    const d = ok(await staff.get('/api/training/dropouts?year=2025'));
    const line = d.lines.find((l) => l.site_id === ped.id);
    assert.equal(line.site_label, 'Pédiatrie');
    const grp = d.by_institute.find((g) => g.institute_id === angers().id && g.programme === 'ide');
    assert.deepEqual([grp.enrolled, grp.dropouts, grp.with_internship], [90, 3, 2]);
    // the yearly review of 2025-2026 reads the same figure
    const rv = await staff.post('/api/intern/reviews', { site_id: ped.id, year: '2025-2026' });
    assert.equal(rv.status, 201, rv.text);
    assert.equal(rv.json.data.dropouts, 2);
  });

  test('a line is corrected by hand: French errors naming the field, history kept, the alert follows', async () => {
    const ped = site('Pédiatrie');
    const lines = ok(await staff.get('/api/training/dropouts?year=2025')).lines;
    const line = lines.find((l) => l.site_id === ped.id);
    const other = lines.find((l) => l.cohort_id === line.cohort_id && l.cause === 'health');
    // refused, each naming its field, nothing written
    const cases = [
      [{ dropouts: 100 }, 'dropouts', /plus de ruptures \(101\) que d'inscrits \(90\)/],
      [{ internship: false }, 'internship', /liée à un stage/],
      [{ site_id: 999999 }, 'site_id', /terrain de stage inconnu/],
      [{ cause: 'meteo' }, 'cause', /./],
      [{ cohort_id: 999999 }, 'cohort_id', /promotion inconnue/],
      [{ note: 'x'.repeat(1001) }, 'note', /./],
      [{ dropouts: -1 }, 'dropouts', /./],
    ];
    for (const [body, field, msg] of cases) {
      const r = await staff.patch(`/api/training/dropouts/${line.id}`, body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      assert.equal(r.json.error.fields[0].field, field, JSON.stringify(body));
      assert.match(r.json.error.fields[0].message, msg);
    }
    assert.ok(other);
    const dup = await staff.patch(`/api/training/dropouts/${other.id}`, { cause: 'internship', internship: true, site_id: ped.id });
    assert.equal(dup.status, 400, dup.text);
    assert.equal(dup.json.error.fields[0].field, 'cause');
    assert.match(dup.json.error.fields[0].message, /déjà une ligne/);
    // the institute corrects its own line: 2 -> 3, with a note
    const fixed = ok(await institut.patch(`/api/training/dropouts/${line.id}`, { dropouts: 3, note: 'Erreur de saisie : 3 ruptures' }));
    assert.deepEqual([fixed.dropouts, fixed.note, fixed.site_id], [3, 'Erreur de saisie : 3 ruptures', ped.id]);
    const one = ok(await institut.get(`/api/training/dropouts/${line.id}`));
    assert.equal(one.history.length, 1);
    assert.equal(one.history[0].action, 'update');
    assert.equal(one.history[0].user_login, 'institut');
    assert.deepEqual([one.history[0].before.dropouts, one.history[0].after.dropouts], [2, 3]);
    // the site's figure and its alert follow the line
    assert.equal(ok(await staff.get(`/api/intern/sites/${ped.id}`)).dropouts, 3);
    const alert = ok(await staff.get('/api/intern/alerts')).find((a) => a.site_id === ped.id && a.rule === 'dropouts');
    assert.equal(alert.value, 3);
    // roles without the permission, or another institute's line
    assert.equal((await interne.patch(`/api/training/dropouts/${line.id}`, { dropouts: 1 })).status, 403);
    assert.equal((await interne.get(`/api/training/dropouts/${line.id}`)).status, 403);
  });
});

/** The SQL of migrations 1..upto of the engine (pg/ twin when there is one), with plam's bookkeeping. */
function schemaUpTo(upto, engine) {
  const dir = path.join(ROOT, 'src', 'db', 'migrations');
  const files = fs.readdirSync(dir).filter((f) => /^\d{4}_.*\.sql$/.test(f) && Number(f.slice(0, 4)) <= upto).sort();
  const out = [engine === 'pg'
    ? 'CREATE TABLE schema_migrations (version bigint PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL DEFAULT \'\');'
    : 'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT \'\') STRICT;'];
  for (const f of files) {
    const pg = path.join(dir, 'pg', f);
    const sql = fs.readFileSync(engine === 'pg' && fs.existsSync(pg) ? pg : path.join(dir, f), 'utf8');
    out.push(engine === 'pg' ? '' : 'BEGIN;', sql,
      `INSERT INTO schema_migrations(version, name) VALUES (${Number(f.slice(0, 4))}, '${f.slice(0, -4)}');`,
      engine === 'pg' ? '' : 'COMMIT;');
  }
  return out.join('\n');
}

describe('migration 0022 carries each site\'s old count over as a dropout line', { timeout: 240000 }, () => {
  let dir, target;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-0022-')); });
  after(() => {
    if (target) dropDatabase(target);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`a database at schema 0018 (${ENGINE}) keeps its sites' dropouts as lines without cohort`, () => {
    target = emptyDatabase(dir, 'v18');
    const rows = "INSERT INTO establishments(name, category, departement) VALUES ('CH ancien', 'ch', 'DEP-49');\n"
      + "INSERT INTO intern_sites(establishment_id, label, programme, capacity, accredited_from, accredited_to, dropouts) "
      + "SELECT id, 'Chirurgie', 'medicine', 4, '2024-01-01', '2028-12-31', 3 FROM establishments WHERE name = 'CH ancien';\n"
      + "INSERT INTO intern_sites(establishment_id, label, programme, capacity, accredited_from, accredited_to, dropouts) "
      + "SELECT id, 'Médecine', 'medicine', 4, '2024-01-01', '2028-12-31', 0 FROM establishments WHERE name = 'CH ancien';";
    if (ENGINE === 'pg') psql(`${schemaUpTo(18, 'pg')}\n${rows}`, target);
    else {
      const made = spawnSync('sqlite3', [target], { input: `${schemaUpTo(18, 'sqlite')}\n${rows}`, encoding: 'utf8' });
      assert.equal(made.status, 0, made.stderr);
    }
    assert.deepEqual(dbQuery(target, 'SELECT max(version) FROM schema_migrations'), [['18']]);
    const r = runPlam(['migrate', '--db', target], { timeoutMs: 120000 });
    assert.equal(r.status, 0, r.stderr);
    const lines = dbQuery(target, 'SELECT s.label, x.cohort_id IS NULL, x.cause, x.internship, x.dropouts, x.note FROM '
      + 'train_dropouts x JOIN intern_sites s ON s.id = x.site_id ORDER BY x.id');
    assert.equal(lines.length, 1, JSON.stringify(lines));
    assert.deepEqual(lines[0].slice(0, 5), ['Chirurgie', ENGINE === 'pg' ? 't' : '1', 'internship', '1', '3']);
    assert.match(lines[0][5], /migration 0022/);
    // the view gives the site its figure; the site has no count column any more
    const y = new Date();
    const year = y.getUTCFullYear() - (y.getUTCMonth() + 1 < 11 ? 1 : 0);
    assert.deepEqual(dbQuery(target, 'SELECT v.dropouts, v.year FROM train_site_dropouts v'), [['3', String(year)]]);
    const cols = ENGINE === 'pg'
      ? dbQuery(target, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'intern_sites' AND column_name = 'dropouts'")
      : dbQuery(target, "SELECT count(*) FROM pragma_table_info('intern_sites') WHERE name = 'dropouts'");
    assert.deepEqual(cols, [['0']]);
  });
});

describe('sites under alert: proposed by the scheduler of plam serve when an alert closes', { timeout: 240000 }, () => {
  let srv, staff;
  before(async () => {
    srv = await startServer({ args: ['--measure-tick', '1'] });
    staff = await srv.login('staff');
  });
  after(async () => { await srv?.stop(); });

  test('linked once, then each change of the figure becomes a new proposal without anyone asking', async () => {
    const pdl = (await staff.get('/api/plans')).json.data.find((p) => p.slug === 'pdl-plam-2022');
    const plan = (await staff.get(`/api/plans/${pdl.id}`)).json.data;
    const ind = plan.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators).find((i) => i.code === 'pdl-3.5-defi-ehpad');
    const proposals = async () => (await staff.get(`/api/plans/${pdl.id}/measurements/pending`)).json.data
      .filter((m) => m.indicator_id === ind.id && m.territory_id === 'REG-52' && m.source === 'plam — formation')
      .map((m) => m.value);
    assert.equal((await staff.post('/api/training/links', { indicator_id: ind.id, metric: 'sites_under_alert' })).status, 201);
    const open = (await staff.get('/api/intern/alerts')).json.data.filter((a) => a.status !== 'closed');
    const sitesOpen = new Set(open.map((a) => a.site_id));
    assert.ok(sitesOpen.size >= 1, 'the demo has a site under alert');
    assert.deepEqual(await proposals(), [sitesOpen.size]);
    // a step with nothing changed writes nothing
    await new Promise((r) => setTimeout(r, 2500));
    assert.deepEqual(await proposals(), [sitesOpen.size]);
    // close every alert of one site: the scheduler proposes one site fewer
    const site = [...sitesOpen][0];
    for (const a of open.filter((x) => x.site_id === site)) {
      const r = await staff.post(`/api/intern/alerts/${a.id}/actions`, { status: 'closed', note: 'Visite faite, situation corrigée' });
      assert.equal(r.status, 200, r.text);
    }
    let got = [];
    for (let i = 0; i < 40; i++) {
      got = await proposals();
      if (got.length === 2) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.deepEqual(got.sort(), [sitesOpen.size - 1, sitesOpen.size].sort());
  });
});

describe('a national (FR) indicator scope is measured as the sum over every département', { timeout: 240000 }, () => {
  let srv, staff;
  before(async () => {
    srv = await startServer({ args: ['--measure-tick', '0'] });
    staff = await srv.login('staff');
  });
  after(async () => { await srv?.stop(); });

  test('sites under alert at FR: every site with an open alert, wherever it is', async () => {
    const pdl = (await staff.get('/api/plans')).json.data.find((p) => p.slug === 'pdl-plam-2022');
    const plan = (await staff.get(`/api/plans/${pdl.id}`)).json.data;
    const ind = plan.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators).find((i) => i.code === 'pdl-3.4-ipa-total');
    assert.equal(ind.kind, 'count');
    // fixture: the indicator's scope made national (the plan's structure import is the usual way)
    dbQuery(srv, `UPDATE indicators SET scope_id = 'FR' WHERE id = ${ind.id}`, { write: true });
    const open = new Set((await staff.get('/api/intern/alerts')).json.data.filter((a) => a.status !== 'closed').map((a) => a.site_id));
    assert.equal((await staff.post('/api/training/links', { indicator_id: ind.id, metric: 'sites_under_alert' })).status, 201);
    const pending = (await staff.get(`/api/plans/${pdl.id}/measurements/pending`)).json.data
      .filter((m) => m.indicator_id === ind.id && m.source === 'plam — formation');
    assert.deepEqual(pending.map((m) => [m.territory_id, m.value]), [['FR', open.size]]);
  });
});
