// A measurement is refused on a territory its indicator is not measured on
// (issue 9, item 9): the server checks what the proposal form offers, by the
// one rule of plan_where.h (the départements listed for the indicator, else
// the plan's, else its scope), on the API's proposal, the CSV import over
// HTTP and the CLI import, with a French error naming the field.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runPlam, startServer } from '../lib/server.mjs';

const CSV = { 'Content-Type': 'text/csv; charset=utf-8' };
const HEADER = 'indicateur;territoire;date;type;valeur\n';

describe('where an indicator is measured', { timeout: 120000 }, () => {
  let srv, staff, pdl, refugees;
  before(async () => {
    srv = await startServer();
    staff = await srv.login('staff');
    pdl = (await staff.get('/api/plans')).json.data.find((p) => p.slug === 'pdl-plam-2022');
    const plan = (await staff.get(`/api/plans/${pdl.id}`)).json.data;
    const inds = plan.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators);
    refugees = inds.find((i) => i.code === 'pdl-1.5-refugies');
    assert.ok(refugees, 'the demo plan has the refugees indicator');
    assert.equal(refugees.breakdown, 'departement');
    assert.deepEqual(refugees.measured_territories, ['DEP-44', 'DEP-49']);
  });
  after(async () => { await srv?.stop(); });

  const pending = async () => (await staff.get(`/api/plans/${pdl.id}/measurements/pending`)).json.data.length;
  const propose = (territory_id) => staff.post(`/api/indicators/${refugees.id}/measurements`,
    { value_on: '2024-12-31', source: 'e2e', value: 3, territory_id });

  test('the API refuses a département or a scope the indicator is not measured on', async () => {
    const before = await pending();
    for (const t of ['DEP-53', 'DEP-21', 'REG-52', 'FR']) {
      const r = await propose(t);
      assert.equal(r.status, 400, `${t}: ${r.text}`);
      assert.equal(r.json.error.fields[0].field, 'territory_id', r.text);
      assert.match(r.json.error.fields[0].message,
        new RegExp(`ne se mesure pas sur ${t} ; territoires possibles : DEP-44, DEP-49$`), r.text);
    }
    assert.equal(await pending(), before, 'nothing was proposed');
    for (const t of refugees.measured_territories) assert.equal((await propose(t)).status, 201, t);
    assert.equal(await pending(), before + 2);
  });

  test('the CSV import refuses the row, naming the column, and writes nothing', async () => {
    const before = await pending();
    const csv = HEADER + `${refugees.code};DEP-44;2023-12-31;valeur;4\n${refugees.code};53;2023-12-31;valeur;4\n`;
    const r = await staff.post(`/api/plans/${pdl.id}/measurements/import`, csv, { headers: CSV });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.json.errors.map((e) => [e.row, e.column]), [[3, 'territoire']], r.text);
    assert.match(r.json.errors[0].message, /ne se mesure pas sur DEP-53 ; territoires possibles : DEP-44, DEP-49/);
    assert.equal(await pending(), before);
  });

  test('the CLI import refuses the same', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-where-'));
    try {
      const db = path.join(dir, 'p.db');
      assert.equal(runPlam(['init', '--db', db, '--demo']).status, 0);
      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, HEADER + `${refugees.code};DEP-85;2023-12-31;valeur;4\n`);
      const r = runPlam(['import', 'measurements', '--db', db, '--plan', 'pdl-plam-2022', bad]);
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, /ligne 2, colonne territoire : .*ne se mesure pas sur DEP-85/);
      const good = path.join(dir, 'good.csv');
      fs.writeFileSync(good, HEADER + `${refugees.code};DEP-49;2023-12-31;valeur;4\n`);
      assert.equal(runPlam(['import', 'measurements', '--db', db, '--plan', 'pdl-plam-2022', good]).status, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
