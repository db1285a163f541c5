// Measurements that would break an indicator (issue 9, item 13) are refused
// wherever they are created, naming the field and the bound: a numerator or
// denominator on a count, a denominator of 0, a value beyond the kind's
// bounds (1e308, a fractional or negative count, a percentage over 100), by
// the API's proposal, the CSV import over HTTP and the CLI import. The demo
// data still loads (startServer runs `plam init --demo`).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runPlam, startServer } from '../lib/server.mjs';

const CSV = { 'Content-Type': 'text/csv; charset=utf-8' };
const HEADER = 'indicateur;territoire;date;type;valeur\n';

describe('measurement bounds', { timeout: 120000 }, () => {
  let srv, staff, pdl, count, percent;
  before(async () => {
    srv = await startServer();
    staff = await srv.login('staff');
    const list = await staff.get('/api/plans');
    pdl = list.json.data.find((p) => p.slug === 'pdl-plam-2022');
    const plan = (await staff.get(`/api/plans/${pdl.id}`)).json.data;
    const inds = plan.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators);
    count = inds.find((i) => i.code === 'pdl-1.1-parcours');
    percent = inds.find((i) => i.code === 'pdl-2.4-ruptures-ifsi');
    assert.ok(count && percent, 'a count and a percent indicator in the demo plan');
    assert.equal(count.kind, 'count');
    assert.equal(percent.kind, 'percent');
  });
  after(async () => { await srv?.stop(); });

  const pending = async () => (await staff.get(`/api/plans/${pdl.id}/measurements/pending`)).json.data.length;
  const propose = (ind, body) => staff.post(`/api/indicators/${ind.id}/measurements`, { value_on: '2024-12-31', source: 'e2e', ...body });

  test('the API refuses what the definition does not allow, naming the field and the bound', async () => {
    const before = await pending();
    const cases = [
      [count, { numerator: 3, denominator: 4 }, 'numerator', /valeur seule, sans numérateur ni dénominateur/],
      [count, { value: 10, numerator: 3, denominator: 4 }, 'numerator', /sans numérateur ni dénominateur/],
      [count, { value: 1e308 }, 'value', null],
      [count, { value: 1e12 }, 'value', /nombre entier entre 0 et 1 000 000 000/],
      [count, { value: 12.5 }, 'value', /nombre entier/],
      [count, { value: -1 }, 'value', /nombre entier entre 0/],
      [percent, { numerator: 3, denominator: 0 }, 'denominator', /dénominateur ne peut pas être nul/],
      [percent, { numerator: 5, denominator: 3 }, 'numerator', /ne dépasse pas 100/],
      [percent, { value: 150 }, 'value', /pourcentage entre 0 et 100/],
      [percent, { numerator: -1, denominator: 3 }, 'numerator', /numérateur entre 0/],
      [percent, { value: 50, numerator: 1, denominator: 4 }, 'value', /ils donnent 25/],
    ];
    for (const [ind, body, field, re] of cases) {
      const r = await propose(ind, body);
      assert.equal(r.status, 400, `${ind.code} ${JSON.stringify(body)}: ${r.text}`);
      assert.equal(r.json.error.fields[0].field, field, `${ind.code} ${JSON.stringify(body)}: ${r.text}`);
      if (re) assert.match(r.json.error.fields[0].message, re);
    }
    assert.equal(await pending(), before, 'nothing was proposed');
    for (const [ind, body] of [[count, { value: 12 }], [percent, { value: 12.5 }], [percent, { numerator: 1, denominator: 8 }],
      [percent, { value: 12.5, numerator: 1, denominator: 8 }], [count, { value: 0 }]]) {
      const r = await propose(ind, body);
      assert.equal(r.status, 201, `${ind.code} ${JSON.stringify(body)}: ${r.text}`);
    }
    assert.equal(await pending(), before + 5);
  });

  test('a validated value keeps the indicator computable', async () => {
    const r = await propose(percent, { value_on: '2025-01-31', numerator: 2, denominator: 10 });
    assert.equal(r.status, 201, r.text);
    const admin = await srv.login('admin'); // not the value's author
    assert.equal((await admin.post(`/api/measurements/${r.json.data.id}/validate`, {})).status, 200);
    const d = (await staff.get(`/api/plans/${pdl.id}/dashboard?date=2025-02-01`)).json.data;
    const i = d.indicators.find((x) => x.code === percent.code);
    assert.equal(i.error, undefined, JSON.stringify(i));
    assert.equal(i.result.current, 20);
  });

  test('the CSV import refuses the same, by row and column, and writes nothing', async () => {
    const before = await pending();
    const csv = HEADER +
      `${count.code};${count.scope_id};2024-12-31;valeur;12\n` +            // row 2: good
      `${count.code};${count.scope_id};2024-11-30;numerateur;3\n` +         // row 3: ratio on a count
      `${count.code};${count.scope_id};2024-11-30;denominateur;4\n` +       // row 4: ratio on a count
      `${count.code};${count.scope_id};2024-10-31;valeur;1e308\n` +         // row 5: out of bounds
      `${percent.code};${percent.scope_id};2024-12-31;numerateur;3\n` +     // row 6
      `${percent.code};${percent.scope_id};2024-12-31;denominateur;0\n` +   // row 7: zero denominator
      `${percent.code};${percent.scope_id};2024-11-30;numerateur;5\n` +     // row 8: 5 / 3 > 100 %
      `${percent.code};${percent.scope_id};2024-11-30;denominateur;3\n` +
      `${percent.code};${percent.scope_id};2024-10-31;valeur;101\n`;        // row 10
    const r = await staff.post(`/api/plans/${pdl.id}/measurements/import`, csv, { headers: CSV });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.json.errors.map((e) => [e.row, e.column]),
      [[3, 'valeur'], [4, 'valeur'], [5, 'valeur'], [6, 'type'], [7, 'valeur'], [8, 'valeur'], [10, 'valeur']], r.text);
    assert.match(r.json.errors[0].message, /sans numérateur ni dénominateur/);
    assert.match(r.json.errors[2].message, /nombre entier entre 0 et 1 000 000 000/);
    assert.match(r.json.errors[3].message, /numérateur sans dénominateur/); // its denominator (row 7) was refused
    assert.match(r.json.errors[4].message, /dénominateur ne peut pas être nul/);
    assert.match(r.json.errors[5].message, /ne dépasse pas 100/);
    assert.match(r.json.errors[6].message, /pourcentage entre 0 et 100/);
    assert.equal(await pending(), before);
  });

  test('the CLI import refuses the same', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-bounds-'));
    try {
      const db = path.join(dir, 'p.db');
      assert.equal(runPlam(['init', '--db', db, '--demo']).status, 0);
      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, HEADER + `${count.code};${count.scope_id};2024-12-31;valeur;1e308\n` +
        `${percent.code};${percent.scope_id};2024-12-31;numerateur;1\n${percent.code};${percent.scope_id};2024-12-31;denominateur;0\n`);
      const r = runPlam(['import', 'measurements', '--db', db, '--plan', 'pdl-plam-2022', bad]);
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, /ligne 2, colonne valeur : .*nombre entier entre 0 et 1 000 000 000/);
      assert.match(r.stderr, /ligne 4, colonne valeur : .*dénominateur ne peut pas être nul/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
