// Territorial committee workbooks (issue 3) end to end: the committee list,
// the pre-filled XLSX workbook (staff: every row of the territory; a pilot:
// only the rows of actions their organisation pilots; protected sheet),
// uploads with their cell-level diff and errors by row and column (altered
// identification cell, row of another organisation's action), approval as
// one batch of proposed values with audit entries, the stale check, discarding,
// and who may do what (anonymous and partner refused, a pilot cannot approve
// rows of another organisation's actions).
//
// The demo plans hold no territorial committee whose département has
// département-level indicators (Bourgogne-Franche-Comté's committees exist
// in the sources but its indicators are regional), so this test adds one
// committee for Loire-Atlantique to its own copy of the demo database: a test
// fixture, not demo data.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { committeeDatabase, FIXTURE_NAME } from '../lib/committee_fixture.mjs';
import { startServer } from '../lib/server.mjs';
import { fillWorkbook, unzip } from '../lib/xlsx_fill.mjs';

const XLSX = { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

/** The sheet XML and shared strings of a workbook. */
function sheetOf(buf) {
  const e = unzip(buf);
  const get = (n) => e.find((x) => x.name === n)?.data.toString('utf8') ?? '';
  const strings = [...get('xl/sharedStrings.xml').matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
  const xml = get('xl/worksheets/sheet1.xml');
  const rows = [...xml.matchAll(/<row r="(\d+)"/g)].map((m) => Number(m[1]));
  return { xml, strings, rows };
}

describe('territorial committee workbooks', { timeout: 240000 }, () => {
  let srv, dir, staff, pilot, partner, admin, anon, body, pdl, ind15, ind33;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-committee-'));
    srv = await startServer({ db: committeeDatabase(dir) });
    [staff, pilot, partner, admin] = await Promise.all(['staff', 'pilote', 'partenaire', 'admin'].map((l) => srv.login(l)));
    anon = srv.anon();
    const list = (await staff.get('/api/committees')).json.data;
    body = list.find((b) => b.name === FIXTURE_NAME);
    pdl = (await anon.get(`/api/plans/${body.plan_id}`)).json.data;
    const inds = pdl.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators.map((i) => ({ ...i, action: a })));
    ind15 = inds.find((i) => i.code === 'pdl-1.5-refugies');
    ind33 = inds.find((i) => i.code === 'pdl-3.3-postes-peripherie');
  });
  after(async () => {
    await srv?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const download = async (client, id = body.id) => {
    const res = await fetch(`${srv.url}/api/gov-bodies/${id}/workbook.xlsx`, { headers: { Cookie: client.cookieHeader() } });
    return { status: res.status, type: res.headers.get('content-type'), disp: res.headers.get('content-disposition'),
      buf: Buffer.from(await res.arrayBuffer()) };
  };
  const upload = (client, buf, id = body.id) =>
    client.post(`/api/gov-bodies/${id}/workbook?filename=comite.xlsx`, buf, { headers: XLSX });
  /** Sheet row of an indicator in a downloaded workbook (B column holds the indicator id). */
  const rowOf = (buf, indId) => {
    const { xml } = sheetOf(buf);
    const m = new RegExp(`<c r="B(\\d+)"[^>]*><v>${indId}</v>`).exec(xml);
    assert.ok(m, `indicator ${indId} is in the workbook`);
    return Number(m[1]);
  };

  test('anonymous and partner are refused on every committee route', async () => {
    for (const c of [anon, partner]) {
      const want = c === anon ? 401 : 403;
      assert.equal((await c.get('/api/committees')).status, want);
      assert.equal((await download(c)).status, want);
      assert.equal((await upload(c, Buffer.from('PK'))).status, want);
      assert.equal((await c.get('/api/committee-uploads/1')).status, want);
      assert.equal((await c.post('/api/committee-uploads/1/approve', {})).status, want);
      assert.equal((await c.post('/api/committee-uploads/1/discard', {})).status, want);
    }
  });

  test('the committee list: the fixture and the sourced Bourgogne-Franche-Comté committees', async () => {
    const list = (await staff.get('/api/committees')).json.data;
    assert.equal(body.territory_id, 'DEP-44');
    assert.equal(body.rows, 2);
    assert.equal(body.rows_editable, 2);
    assert.ok(list.some((b) => b.territory_id === 'DEP-21' && /Côte-d'Or/.test(b.name)));
    const mine = (await pilot.get('/api/committees')).json.data.find((b) => b.id === body.id);
    assert.equal(mine.rows_editable, 1, 'DREETS pilots action 1.5, not 3.3');
  });

  test('staff get every row of the territory, a pilot only the rows of their actions', async () => {
    const s = await download(staff);
    assert.equal(s.status, 200);
    assert.match(s.type, /spreadsheetml/);
    assert.match(s.disp, /attachment; filename="comite-DEP-44-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const sheet = sheetOf(s.buf);
    assert.deepEqual(sheet.rows, [1, 2, 3]);
    for (const h of ['ID action', 'ID indicateur', 'Territoire', 'Prochaine cible', 'Dernière valeur validée',
      'Nouvelle valeur', 'Date de la nouvelle valeur', 'Commentaire'])
      assert.ok(sheet.strings.includes(h), `header ${h}`);
    assert.match(sheet.xml, /<sheetProtection /, 'the identification columns are protected');
    const styles = unzip(s.buf).find((x) => x.name === 'xl/styles.xml').data.toString('utf8');
    assert.match(styles, /<protection locked="0"\/>/, 'the editable columns are unlocked');
    assert.match(sheet.xml, /<col min="16" max="17" [^>]*style="\d+"/, 'columns P and Q carry the unlocked style');
    assert.match(sheet.xml, /<col min="18" max="18" [^>]*style="\d+"/, 'column R carries the unlocked style');
    assert.doesNotMatch(sheet.xml, /<col min="(?:[1-9]|1[0-5])" [^>]*style=/, 'columns A to O stay locked');
    assert.ok(sheet.strings.includes(ind15.name) && sheet.strings.includes(ind33.name));
    // the rows are the indicators the plan view says are measured on DEP-44 (one rule: plan_where.h)
    const inds = [];
    const walk = (o) => {
      if (Array.isArray(o)) o.forEach(walk);
      else if (o && typeof o === 'object') {
        if (Array.isArray(o.measured_territories) && o.name) inds.push(o);
        Object.values(o).forEach(walk);
      }
    };
    walk((await staff.get(`/api/plans/${body.plan_id}`)).json.data);
    const here = inds.filter((i) => i.measured_territories.includes('DEP-44'));
    assert.equal(here.length, sheet.rows.length - 1, 'one row (after the header) per indicator measured on DEP-44');
    for (const i of here) assert.ok(sheet.strings.includes(i.name), `row for ${i.name}`);
    const p = await download(pilot);
    assert.equal(p.status, 200);
    const ps = sheetOf(p.buf);
    assert.deepEqual(ps.rows, [1, 2]);
    assert.ok(ps.strings.includes(ind15.name) && !ps.strings.includes(ind33.name));
    // a body that is not a territorial committee
    const copil = (await anon.get(`/api/plans/${body.plan_id}/governance`)).json.data.bodies
      .find((b) => b.kind === 'copil');
    const bad = await download(staff, copil.id);
    assert.equal(bad.status, 400);
    assert.equal((await download(staff, 999999)).status, 404);
  });

  test('a committee whose workbook would have no row gets no empty file but a 409 saying why', async () => {
    const list = (await staff.get('/api/committees')).json.data;
    const empty = list.find((b) => b.territory_id === 'DEP-21');
    assert.equal(empty.rows, 0, 'no BFC indicator is followed by département');
    const r = await fetch(`${srv.url}/api/gov-bodies/${empty.id}/workbook.xlsx`, { headers: { Cookie: staff.cookieHeader() } });
    assert.equal(r.status, 409);
    assert.match(r.headers.get('content-type'), /application\/json/);
    const j = await r.json();
    assert.equal(j.error.fields[0].field, 'id');
    assert.match(j.error.fields[0].message, /aucun indicateur du plan n'est suivi sur ce territoire .*aucune ligne/);
  });

  test('a pilot uploads a filled workbook: cell-level diff, then approval proposes the values as one batch', async () => {
    const { buf } = await download(pilot);
    const r = rowOf(buf, ind15.id);
    const filled = fillWorkbook(buf, [{ ref: `P${r}`, number: 12 }, { ref: `Q${r}`, date: '2025-12-31' },
      { ref: `R${r}`, text: 'Bilan du comité' }]);
    const up = await upload(pilot, filled);
    assert.equal(up.status, 201, up.text);
    const u = up.json.data;
    assert.equal(u.status, 'pending');
    assert.equal(u.errors_count, 0);
    assert.deepEqual(u.errors, []);
    assert.equal(u.changes_total, 1);
    assert.equal(u.file_name, 'comite.xlsx');
    assert.match(u.file_sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(u.cells.map((c) => [c.row, c.column, c.column_name, c.old, c.new, c.territory_id, c.indicator_id]), [
      [r, 'P', 'Nouvelle valeur', null, '12', 'DEP-44', ind15.id],
      [r, 'Q', 'Date de la nouvelle valeur', null, '2025-12-31', 'DEP-44', ind15.id],
      [r, 'R', 'Commentaire', null, 'Bilan du comité', 'DEP-44', ind15.id],
    ]);
    // staff and the pilot see it; approval by the pilot
    assert.equal((await staff.get(`/api/committee-uploads/${u.id}`)).status, 200);
    const before = (await staff.get(`/api/plans/${body.plan_id}/measurements/pending`)).json.data.length;
    const ok = await pilot.post(`/api/committee-uploads/${u.id}/approve`, {});
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.data.status, 'approved');
    assert.match(ok.json.data.batch, /^comite-\d+-/);
    const pending = (await staff.get(`/api/plans/${body.plan_id}/measurements/pending`)).json.data;
    assert.equal(pending.length, before + 1);
    const m = pending.find((x) => x.batch === ok.json.data.batch);
    assert.equal(m.value, 12);
    assert.equal(m.value_on, '2025-12-31');
    assert.equal(m.territory_id, 'DEP-44');
    assert.equal(m.comment, 'Bilan du comité');
    // decided once
    const again = await pilot.post(`/api/committee-uploads/${u.id}/approve`, {});
    assert.equal(again.status, 409);
    assert.equal((await pilot.post(`/api/committee-uploads/${u.id}/discard`, {})).status, 409);
    // audited: upload and approval
    const audit = (await admin.get('/api/audit?entity=committee_uploads')).json.data.filter((x) => x.entity_id === String(u.id));
    assert.deepEqual(audit.map((x) => x.action).sort(), ['approve', 'upload']);
    assert.equal(audit.find((x) => x.action === 'approve').after.measurements, 1);
  });

  test('an altered identification cell and a row of another organisation are errors by row and column', async () => {
    const { buf } = await download(staff);
    const r15 = rowOf(buf, ind15.id), r33 = rowOf(buf, ind33.id);
    const filled = fillWorkbook(buf, [{ ref: `D${r15}`, text: '9.9' }, { ref: `P${r15}`, number: 3 },
      { ref: `Q${r15}`, text: '31/12/2025' }, { ref: `P${r33}`, number: 7 }, { ref: `Q${r33}`, text: 'demain' }]);
    const up = await upload(pilot, filled);
    assert.equal(up.status, 201, up.text);
    const u = up.json.data;
    assert.equal(u.changes_total, 0, 'a file with errors proposes nothing');
    assert.deepEqual(u.cells, []);
    const errs = u.errors.map((e) => [e.row, e.column]);
    assert.deepEqual(errs, [[r15, 'D'], [r33, 'P'], [r33, 'Q']].sort((a, b) => a[0] - b[0]));
    assert.match(u.errors.find((e) => e.column === 'D').message, /cellule protégée modifiée.*9\.9/);
    assert.match(u.errors.find((e) => e.column === 'P').message, /vous ne pilotez pas l'action 3\.3/);
    assert.match(u.errors.find((e) => e.column === 'Q').message, /date « demain » invalide/);
    const no = await pilot.post(`/api/committee-uploads/${u.id}/approve`, {});
    assert.equal(no.status, 400);
    assert.match(no.json.error.fields[0].message, /erreurs/);
    // not an XLSX at all: stored with one error
    const junk = await upload(pilot, Buffer.from('not a workbook'));
    assert.equal(junk.status, 201);
    assert.equal(junk.json.data.errors_count, 1);
  });

  test('a pilot cannot approve rows of another organisation\'s actions', async () => {
    const { buf } = await download(staff);
    const r15 = rowOf(buf, ind15.id), r33 = rowOf(buf, ind33.id);
    const filled = fillWorkbook(buf, [{ ref: `P${r15}`, number: 20 }, { ref: `Q${r15}`, date: '2026-06-30' },
      { ref: `P${r33}`, number: 2 }, { ref: `Q${r33}`, date: '2026-06-30' }]);
    const up = await upload(staff, filled);
    assert.equal(up.status, 201);
    assert.equal(up.json.data.changes_total, 2);
    assert.equal(up.json.data.cells.length, 4);
    const id = up.json.data.id;
    assert.equal((await pilot.get(`/api/committee-uploads/${id}`)).status, 200, 'one of the rows is theirs');
    // an upload whose only change is on another organisation's action is not the pilot's to see
    const other = await upload(staff, fillWorkbook(buf, [{ ref: `P${r33}`, number: 5 }, { ref: `Q${r33}`, date: '2026-06-30' }]));
    assert.equal(other.json.data.changes_total, 1);
    assert.equal((await pilot.get(`/api/committee-uploads/${other.json.data.id}`)).status, 403);
    assert.equal((await pilot.post(`/api/committee-uploads/${other.json.data.id}/approve`, {})).status, 403);
    assert.equal((await staff.post(`/api/committee-uploads/${other.json.data.id}/discard`, {})).status, 200);
    const no = await pilot.post(`/api/committee-uploads/${id}/approve`, {});
    assert.equal(no.status, 403);
    assert.match(no.json.error.fields[0].message, /vous ne pilotez pas l'action 3\.3/);
    assert.equal((await pilot.post(`/api/committee-uploads/${id}/discard`, {})).status, 403);
    assert.equal((await staff.get(`/api/committee-uploads/${id}`)).json.data.status, 'pending');
    const ok = await staff.post(`/api/committee-uploads/${id}/approve`, {});
    assert.equal(ok.status, 200, ok.text);
    const mine = (await staff.get(`/api/plans/${body.plan_id}/measurements/pending`)).json.data
      .filter((m) => m.batch === ok.json.data.batch);
    assert.deepEqual(mine.map((m) => m.value).sort((a, b) => a - b), [2, 20]);
  });

  test('approval is refused when the known values changed since the upload; discarding', async () => {
    const { buf } = await download(pilot);
    const r = rowOf(buf, ind15.id);
    const up = await upload(pilot, fillWorkbook(buf, [{ ref: `P${r}`, number: 30 }, { ref: `Q${r}`, date: '2026-12-31' }]));
    assert.equal(up.status, 201);
    const id = up.json.data.id;
    // a value validated in between changes the row's last validated value
    const prop = await staff.post(`/api/indicators/${ind15.id}/measurements`,
      { territory_id: 'DEP-44', value_on: '2026-03-31', value: 25, source: 'test' });
    assert.equal(prop.status, 201, prop.text);
    assert.equal((await admin.post(`/api/measurements/${prop.json.data.id}/validate`, {})).status, 200); // not its author
    const stale = await pilot.post(`/api/committee-uploads/${id}/approve`, {});
    assert.equal(stale.status, 409);
    assert.match(stale.json.error.fields[0].message, /a changé depuis le dépôt/);
    // the same workbook uploaded again now reports the changed known value
    const again = await upload(pilot, fillWorkbook(buf, [{ ref: `P${r}`, number: 30 }, { ref: `Q${r}`, date: '2026-12-31' }]));
    assert.ok(again.json.data.errors.some((e) => e.row === r && e.column === 'N' && /téléchargez un classeur à jour/.test(e.message)));
    // discard
    const d = await pilot.post(`/api/committee-uploads/${id}/discard`, {});
    assert.equal(d.status, 200);
    assert.equal(d.json.data.status, 'discarded');
    assert.equal(d.json.data.decided_by, 'pilote');
    // a fresh download carries the new value and an upload of it is clean
    const fresh = await download(pilot);
    const rf = rowOf(fresh.buf, ind15.id);
    const ok = await upload(pilot, fillWorkbook(fresh.buf, [{ ref: `P${rf}`, number: 31 }, { ref: `Q${rf}`, date: '2026-12-31' }]));
    assert.equal(ok.json.data.errors_count, 0, JSON.stringify(ok.json.data.errors));
    assert.deepEqual(ok.json.data.cells.map((c) => [c.column, c.old, c.new]),
      [['P', '25', '31'], ['Q', '2026-03-31', '2026-12-31']]);
    const audit = (await admin.get('/api/audit?entity=committee_uploads')).json.data.filter((x) => x.entity_id === String(id));
    assert.deepEqual(audit.map((x) => x.action).sort(), ['discard', 'upload']);
  });
});
