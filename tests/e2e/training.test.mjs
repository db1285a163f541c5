// Training (issue 12): institutes with their UAI, capacities against
// targets by département and région, short sessions and their fill,
// apprenticeship contracts (names for staff and the contract's institute
// only), dropouts imported from CSV (errors by row and column, nothing
// written on error), prevention actions, and the figures that become
// measurements of the plan's indicators with the source "plam — formation".
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../lib/server.mjs';

const CSV = { 'Content-Type': 'text/csv; charset=utf-8' };
const HEADER = 'uai;formation;annee;annee_etude;effectif;cause;lien_stage;ruptures';

describe('training: places, sessions, apprenticeship, dropouts', { timeout: 180000 }, () => {
  let srv, staff, admin, institut, pilote, interne, pdl, plan, inst;
  before(async () => {
    srv = await startServer();
    [staff, admin, institut, pilote, interne] = await Promise.all(['staff', 'admin', 'institut', 'pilote', 'interne'].map((l) => srv.login(l)));
    pdl = (await staff.get('/api/plans')).json.data.find((p) => p.slug === 'pdl-plam-2022');
    plan = (await staff.get(`/api/plans/${pdl.id}`)).json.data;
    inst = (await staff.get('/api/training/institutes')).json.data;
    assert.ok(pdl && inst.length >= 5, 'demo data present');
  });
  after(async () => { await srv?.stop(); });

  const indicator = (code) => plan.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators).find((i) => i.code === code);
  const ok = (r, status = 200) => { assert.equal(r.status, status, r.text.slice(0, 400)); return r.json.data; };
  const mine = () => inst.find((i) => i.name === 'IFSI de démonstration (Angers)');
  const other = () => inst.find((i) => i.name === 'IFSI-IFAS de démonstration (Nantes)');
  const proposals = async (code) => (await staff.get(`/api/plans/${pdl.id}/measurements/pending`)).json.data
    .filter((m) => m.indicator_id === indicator(code).id);

  test('the demo reproduces the PDL seed figures, and they were proposed to the plan with their source', async () => {
    const caps = ok(await staff.get('/api/training/capacity-summary?territory=REG-52&year=2022'));
    const reg = (p) => caps.find((r) => r.territory_id === 'REG-52' && r.programme === p);
    assert.equal(reg('as').increase, 200);
    assert.equal(reg('as').target_increase, 200);
    assert.equal(reg('ide').increase, 120);
    assert.equal(reg('ide').target_increase, 120);
    assert.equal(reg('ide').increase_gap, 0);
    // the split by département: each département's row carries its share
    const deps = caps.filter((r) => r.programme === 'ide' && r.territory_id.startsWith('DEP-'));
    assert.equal(deps.length, 5);
    assert.equal(deps.reduce((s, r) => s + r.target_increase, 0), 120);
    const ses = ok(await staff.get('/api/training/sessions?year=2022'));
    assert.deepEqual({ n: ses.years[0].sessions, places: ses.years[0].places }, { n: 14, places: 164 });
    const all = (await staff.get(`/api/plans/${pdl.id}/measurements/pending`)).json.data.filter((m) => m.source === 'plam — formation');
    const byCode = (code) => all.find((m) => m.indicator_id === indicator(code).id && m.value_on === '2022-12-31');
    assert.equal(byCode('pdl-1.3-places').value, 164);
    assert.equal(byCode('pdl-2.2-places-as').value, 200);
    assert.equal(byCode('pdl-2.2-places-ide').value, 120);
    const r = byCode('pdl-2.4-ruptures-ifsi');
    assert.deepEqual([r.numerator, r.denominator], [153, 1221]);
  });

  test('UAI: the check letter is verified; an institute is created by staff only', async () => {
    const bad = await staff.post('/api/training/institutes', { name: 'IFAS test', kind: 'ifas', departement: 'DEP-44', uai: '0750654E' });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.json.error.fields[0].field, 'uai');
    assert.match(bad.json.error.fields[0].message, /lettre clé/);
    const good = ok(await staff.post('/api/training/institutes', { name: 'IFAS test (e2e)', kind: 'ifas', departement: 'DEP-44', uai: '0750654D' }), 201);
    assert.equal(good.region, 'REG-52');
    assert.equal((await institut.post('/api/training/institutes', { name: 'x', kind: 'ifas', departement: 'DEP-44' })).status, 403);
    const dup = await staff.post('/api/training/institutes', { name: 'Autre', kind: 'ifas', departement: 'DEP-44', uai: '0750654D' });
    assert.equal(dup.status, 409, dup.text);
  });

  test('an institute enters its own capacity, not another institute\'s; and sees only its own rows', async () => {
    const body = { institute_id: mine().id, programme: 'ide', year: 2023, route: 'school', places: 260, increase: 10, filled: 250 };
    const c = ok(await institut.post('/api/training/capacities', body), 201);
    assert.equal(c.institute_name, 'IFSI de démonstration (Angers)');
    const refused = await institut.post('/api/training/capacities', { ...body, institute_id: other().id });
    assert.equal(refused.status, 403, refused.text);
    const over = await institut.post('/api/training/capacities', { ...body, year: 2024, filled: 300 });
    assert.equal(over.status, 400);
    assert.equal(over.json.error.fields[0].field, 'filled');
    const noRoute = await institut.post('/api/training/capacities', { ...body, year: 2024, route: '' });
    assert.equal(noRoute.status, 400, noRoute.text);
    assert.equal(noRoute.json.error.fields[0].field, 'route');
    const seen = ok(await institut.get('/api/training/capacities'));
    assert.ok(seen.length >= 2 && seen.every((r) => r.institute_id === mine().id), 'only its own institute');
    assert.deepEqual(ok(await institut.get('/api/training/institutes')).map((i) => i.id), [mine().id]);
    const upd = ok(await institut.send('PATCH', `/api/training/capacities/${c.id}`, { body: { places: 265 } }));
    assert.equal(upd.places, 265);
    const foreign = (await staff.get(`/api/training/capacities?institute_id=${other().id}`)).json.data[0];
    assert.equal((await institut.send('PATCH', `/api/training/capacities/${foreign.id}`, { body: { places: 1 } })).status, 403);
  });

  test('apprentices: names for staff and the contract\'s institute only; roles without the permission get 403', async () => {
    const cfa = inst.find((i) => i.kind === 'cfa');
    const body = { apprentice_name: 'Apprentie E2E', programme: 'as', institute_id: cfa.id, employer_name: 'EHPAD (e2e)',
      master_name: 'Maître (e2e)', starts_on: '2023-09-04', ends_on: '2025-07-31', master_aid_cents: 600000 };
    const a = ok(await staff.post('/api/training/apprentices', body), 201);
    assert.equal(a.master_aid_cents, 600000);
    const bad = await staff.post('/api/training/apprentices', { ...body, ends_on: '2023-01-01' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.fields[0].field, 'ends_on');
    for (const c of [pilote, interne]) assert.equal((await c.get('/api/training/apprentices')).status, 403);
    // the demo institute account's organisation does not manage the CFA
    assert.ok(!ok(await institut.get('/api/training/apprentices')).some((x) => x.apprentice_name === 'Apprentie E2E'));
    assert.equal((await institut.get(`/api/training/apprentices/${a.id}`)).status, 404);
    const note = ok(await staff.post(`/api/training/apprentices/${a.id}/notes`, { noted_on: '2024-01-15', text: 'Point d’étape.' }), 201);
    assert.equal(note.author_login, 'staff');
    const d = ok(await staff.get(`/api/training/apprentices/${a.id}`));
    assert.equal(d.notes.length, 1);
    const done = ok(await staff.send('PATCH', `/api/training/apprentices/${a.id}`, { body: { status: 'completed', diploma_on: '2025-07-01', employment: 'same_employer' } }));
    assert.equal(done.employment, 'same_employer');
  });

  test('dropout CSV: every error by row and column, nothing written; a good file replaces its cohorts', async () => {
    await staff.send('PATCH', `/api/training/institutes/${mine().id}`, { body: { uai: '0490001K' } }).then((r) => ok(r));
    const before = ok(await staff.get('/api/training/dropouts'));
    const badCsv = [HEADER,
      '0490001K;ide;2023;1;100;orientation;non;12',
      '0490001X;ide;2023;1;100;orientation;non;1',
      '0490001K;idee;2023;1;100;sante;non;1',
      '0490001K;ide;2023;1;90;sante;non;1',
      '0490001K;ide;2023;1;100;orientation;non;3',
      '0490001K;ide;2023;2;10;familiale;oui;11',
      '0490001K;ide;2023;3;10;;non;2'].join('\n');
    const r = await institut.post('/api/training/dropout-imports?filename=r.csv', badCsv, { headers: CSV });
    assert.equal(r.status, 400, r.text);
    const errs = r.json.errors.map((e) => `${e.row}:${e.column}`);
    assert.deepEqual(errs, ['3:uai', '4:formation', '5:effectif', '6:cause', '7:ruptures', '8:cause']);
    assert.match(r.json.errors[2].message, /effectif différent de celui de la ligne 2/);
    assert.deepEqual(ok(await staff.get('/api/training/dropouts')), before, 'nothing written');
    const foreign = await institut.post('/api/training/dropout-imports', `${HEADER}\n0750654D;ide;2023;1;10;autre;non;1`, { headers: CSV });
    assert.equal(foreign.status, 400);
    assert.match(foreign.json.errors[0].message, /pas géré par votre organisation/);
    const good = [HEADER, '0490001K;IDE;2023;1;200;orientation;non;12', '0490001K;ide;2023;1;200;stage;oui;8',
      '0490001K;ide;2023;2;180;Santé;non;5', '0490001K;ide;2023;3;170;;;0'].join('\r\n');
    const g = ok(await institut.post('/api/training/dropout-imports?filename=ruptures.csv', good, { headers: CSV }));
    assert.deepEqual({ rows: g.rows, cohorts: g.cohorts, lines: g.dropout_lines }, { rows: 4, cohorts: 3, lines: 3 });
    const sum = ok(await institut.get('/api/training/dropouts?year=2023'));
    const grp = sum.by_institute.find((x) => x.programme === 'ide');
    assert.deepEqual({ e: grp.enrolled, d: grp.dropouts, rate: grp.rate, s: grp.with_internship, c: grp.causes.internship },
      { e: 550, d: 25, rate: 4.5, s: 8, c: 8 });
    // importing the same (institute, programme, year) again replaces it
    ok(await institut.post('/api/training/dropout-imports', [HEADER, '0490001K;ide;2023;1;200;autre;non;2'].join('\n'), { headers: CSV }));
    const again = ok(await institut.get('/api/training/dropouts?year=2023')).by_institute.find((x) => x.programme === 'ide');
    assert.deepEqual([again.enrolled, again.dropouts], [200, 2]);
    // the linked IFSI dropout indicator got the 2023 rate of the région
    const p = (await proposals('pdl-2.4-ruptures-ifsi')).filter((m) => m.value_on === '2023-12-31');
    assert.deepEqual([p.at(-1).numerator, p.at(-1).denominator], [2, 200]);
    assert.equal(p.at(-1).source, 'plam — formation');
  });

  test('links: a rate goes to a percent indicator, a count to a count; recomputing proposes only what changed', async () => {
    const wrong = await staff.post('/api/training/links', { indicator_id: indicator('pdl-3.2-postes-ap').id, metric: 'dropout_rate' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.error.fields[0].field, 'metric');
    assert.equal((await institut.post('/api/training/links', { indicator_id: indicator('pdl-3.2-postes-ap').id, metric: 'apprentices' })).status, 403);
    const none = ok(await staff.post('/api/training/measurements'));
    assert.equal(none.measurements_proposed, 0);
    const before = (await proposals('pdl-1.3-places')).length;
    const s = ok(await staff.post('/api/training/sessions', { title: 'Formation 70 h (e2e)', hours: 70, departement: 'DEP-53', starts_on: '2022-11-07', places: 10, enrolled: 4 }), 201);
    assert.equal(s.places, 10);
    const after = await proposals('pdl-1.3-places');
    assert.equal(after.length, before + 1);
    assert.equal(after.at(-1).value, 174);
    const fill = ok(await staff.get('/api/training/sessions?year=2022')).sessions.find((x) => x.id === s.id);
    assert.equal(fill.fill_rate, 40);
    const over = await staff.send('PATCH', `/api/training/sessions/${s.id}`, { body: { enrolled: 11 } });
    assert.equal(over.status, 400);
    assert.equal(over.json.error.fields[0].field, 'enrolled');
  });

  test('prevention actions: an institute tracks its own, staff all; status and results', async () => {
    const a = ok(await institut.post('/api/training/actions', { kind: 'immersion_days', title: 'Journées d’immersion (e2e)', institute_id: mine().id }), 201);
    assert.equal(a.status, 'planned');
    const u = ok(await institut.send('PATCH', `/api/training/actions/${a.id}`, { body: { status: 'done', participants: 42, results: 'Deux journées, 42 lycéens.' } }));
    assert.equal(u.participants, 42);
    assert.equal((await institut.post('/api/training/actions', { kind: 'vap_vae', title: 'Sans institut' })).status, 400);
    const regional = ok(await staff.get('/api/training/actions')).find((x) => x.kind === 'qualitative_study');
    assert.equal((await institut.send('PATCH', `/api/training/actions/${regional.id}`, { body: { status: 'done' } })).status, 403);
  });

  test('the programme nomenclature is public and cites its sources', async () => {
    const p = ok(await srv.anon().get('/api/training/programmes'));
    assert.ok(p.length >= 14);
    assert.match(p.find((x) => x.code === 'ide').source, /31 juillet 2009/);
    // each citation says how it was checked; the psychomotricity arrêté is of 1998, not 1988
    assert.ok(p.every((x) => /^(vérifié|corrigé|partiellement vérifié|sans objet)/.test(x.verification)), JSON.stringify(p.map((x) => x.verification)));
    assert.match(p.find((x) => x.code === 'psychomot').source, /7 avril 1998/);
    assert.equal((await srv.anon().get('/api/training/capacities')).status, 401);
  });
});
