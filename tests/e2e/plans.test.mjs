// Plans (issue 3) end to end: the demo plans loaded by `plam init --demo`,
// visibility (public sees published plans only), pilot scoping, the
// measurement workflow (propose -> validate/reject with a reason) and its
// effect on the explained dashboard, append-only history, budget revisions
// that keep both versions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../lib/server.mjs';

const DATE = '2022-03-15';

describe('plans', { timeout: 120000 }, () => {
  let srv, staff, pilot, partner, anon;
  let pdl, bfc;
  before(async () => {
    srv = await startServer();
    staff = await srv.login('staff');
    pilot = await srv.login('pilote');
    partner = await srv.login('partenaire');
    anon = srv.anon();
    const list = await anon.get('/api/plans');
    assert.equal(list.status, 200);
    pdl = list.json.data.find((p) => p.slug === 'pdl-plam-2022');
    bfc = list.json.data.find((p) => p.slug === 'bfc-mobilisation-2023');
    assert.ok(pdl && bfc, 'PDL and BFC plans are listed');
  });
  after(async () => { await srv?.stop(); });

  async function detail(client = anon, id = pdl.id) {
    const r = await client.get(`/api/plans/${id}`);
    assert.equal(r.status, 200, r.text);
    return r.json.data;
  }
  const actions = (plan) => plan.axes.flatMap((a) => a.actions);
  const indicator = (plan, code) => actions(plan).flatMap((a) => a.indicators).find((i) => i.code === code);

  test('demo plans: structure and sources', async () => {
    const p = await detail();
    assert.equal(p.status, 'published');
    assert.equal(p.axes.length, 5);
    const a11 = actions(p).find((a) => a.number === '1.1');
    assert.ok(a11.partners.some((x) => x.role === 'pilot' && /DREETS/.test(x.org_name)));
    assert.ok(a11.roadmap.length > 0);
    const ind = indicator(p, 'pdl-1.1-parcours');
    assert.ok(ind.targets.some((t) => t.kind === 'final' && t.value === 500));
    // the document's title and date, never the bare seed file name
    assert.match(ind.source, /^Plan de mobilisation PlaM — support de lancement du 15 mars 2022 — « |^Un plan d'actions sur 5 ans \(communiqué, 15 mars 2022\) — « /);
    assert.doesNotMatch(ind.source, /\d{3}_[0-9a-f]{16}\.txt/);
    const b = await detail(anon, bfc.id);
    assert.equal(b.axes.length, 4);
    const gov = await anon.get(`/api/plans/${bfc.id}/governance`);
    assert.ok(gov.json.data.bodies.some((x) => x.kind === 'copil'));
  });

  test('dashboard explains each figure (indicator 1.1 is 76.8 % on 15 March 2022)', async () => {
    const r = await anon.get(`/api/plans/${pdl.id}/dashboard?date=${DATE}`);
    assert.equal(r.status, 200, r.text);
    const d = r.json.data;
    const i11 = d.indicators.find((i) => i.code === 'pdl-1.1-parcours');
    assert.equal(Math.round(i11.result.progress * 10) / 10, 76.8);
    assert.equal(i11.result.formula, 'linear');
    assert.equal(i11.result.baseline, 0);
    assert.equal(i11.result.target, 500);
    assert.equal(i11.result.current, 384);
    assert.equal(i11.result.coverage.territories_expected, 1);
    assert.equal(typeof i11.result.formula_text, 'string');
    const a = d.actions.find((x) => x.number === '1.1');
    assert.equal(a.progress.formula, 'weighted_mean');
    assert.ok(a.progress.parts.length >= 1);
    assert.ok('by_funder' in d.money && 'unit_checks' in d.money);
    const bad = await anon.get(`/api/plans/${pdl.id}/dashboard?date=2022-13-01`);
    assert.equal(bad.status, 400);
  });

  test('dashboard stays small: per-territory detail is on the indicator, coverage stays in the dashboard', async () => {
    const d = (await anon.get(`/api/plans/${pdl.id}/dashboard?date=${DATE}`)).json.data;
    for (const i of d.indicators) {
      assert.equal(i.result.territories, undefined, `${i.code}: no per-territory detail in the dashboard`);
      assert.equal(typeof i.result.coverage.territories_expected, 'number');
    }
    const plan = (await anon.get(`/api/plans/${pdl.id}`)).json.data;
    const byId = new Map(plan.axes.flatMap((ax) => ax.actions).flatMap((a) => a.indicators).map((i) => [i.id, i]));
    const dep = d.indicators.find((i) => byId.get(i.id).breakdown === 'departement');
    assert.ok(dep, 'the demo plan has an indicator measured per département');
    for (const i of [dep, d.indicators.find((x) => x.code === 'pdl-1.1-parcours')]) {
      const r = await anon.get(`/api/indicators/${i.id}?date=${DATE}`);
      assert.equal(r.status, 200, r.text);
      const p = r.json.data.progress;
      const { territories, ...figures } = p;
      // the dashboard writes reals with 10 significant digits, the API with 17
      const r9 = (v) => (typeof v === 'number' ? Number(v.toPrecision(9)) : Array.isArray(v) ? v.map(r9)
        : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, r9(x)])) : v);
      assert.deepEqual(r9(figures), r9(i.result), `${i.code}: the indicator page has the dashboard's figures`);
      assert.equal(territories.length, i.result.coverage.territories_expected);
      assert.equal(territories.filter((t) => t.has_value).length, i.result.coverage.territories_with_value);
      for (const t of territories) assert.match(t.territory_id, /^(DEP|REG)-/);
    }
    assert.equal((await anon.get(`/api/indicators/${dep.id}?date=2022-02-30`)).status, 400);
    // money per funder carries the funder's name (from its organisation)
    const lines = (await anon.get(`/api/plans/${pdl.id}/budget-lines`)).json.data;
    assert.ok(d.money.by_funder.length >= 1);
    for (const f of d.money.by_funder) {
      if (!f.funder_org_id) continue;
      const l = lines.find((x) => x.funder_org_id === f.funder_org_id);
      assert.ok(l, `funder ${f.funder_org_id} has a budget line`);
      assert.equal(f.funder_name, l.funder_name);
      assert.ok(f.funder_name.length > 0);
    }
  });

  test('public sees published plans only', async () => {
    const p = await staff.patch(`/api/plans/${bfc.id}`, { status: 'draft' });
    assert.equal(p.status, 200, p.text);
    assert.equal((await anon.get(`/api/plans/${bfc.id}`)).status, 404);
    assert.ok(!(await anon.get('/api/plans')).json.data.some((x) => x.id === bfc.id));
    assert.equal((await staff.get(`/api/plans/${bfc.id}`)).status, 200);
    assert.equal((await anon.patch(`/api/plans/${bfc.id}`, { status: 'published' })).status, 401);
    assert.equal((await pilot.patch(`/api/plans/${bfc.id}`, { status: 'published' })).status, 403);
    assert.equal((await staff.patch(`/api/plans/${bfc.id}`, { status: 'published' })).status, 200);
    assert.equal((await anon.get(`/api/plans/${bfc.id}`)).status, 200);
  });

  test('a pilot edits only the actions of their organisation', async () => {
    const p = await detail();
    const own = actions(p).find((a) => a.number === '1.1');
    const other = actions(p).find((a) => !a.partners.some((x) => /DREETS Pays/.test(x.org_name) && ['pilot', 'copilot'].includes(x.role)));
    assert.ok(other, 'an action not piloted by DREETS');
    const ok = await pilot.patch(`/api/actions/${own.id}`, { status: 'en_cours' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.data.status, 'en_cours');
    assert.equal((await pilot.patch(`/api/actions/${other.id}`, { status: 'en_cours' })).status, 403);
    assert.equal((await partner.patch(`/api/actions/${own.id}`, { status: 'realise' })).status, 403);
    const w = await pilot.post(`/api/actions/${own.id}/weather`, { judged_on: '2022-03-15', level: 'atteignables', comment: 'ok' });
    assert.equal(w.status, 201, w.text);
    // the 201 shows the stored row, not the request echoed back
    assert.match(w.json.data.created_at, /^\d{4}-\d{2}-\d{2}/, w.text);
    assert.equal(w.json.data.author_login, 'pilote', w.text);
    assert.equal((await pilot.post(`/api/actions/${other.id}/weather`, { judged_on: '2022-03-15', level: 'compromis' })).status, 403);
    const bad = await pilot.post(`/api/actions/${own.id}/weather`, { judged_on: '2022-03-15', level: 'beau' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.fields[0].field, 'level');
    const d = (await anon.get(`/api/plans/${pdl.id}/dashboard?date=${DATE}`)).json.data;
    assert.equal(d.actions.find((x) => x.id === own.id).weather.level, 'atteignables');
  });

  test('propose -> validate changes the explained progress; reject needs a reason; history is kept', async () => {
    const p = await detail();
    const ind = indicator(p, 'pdl-1.1-parcours');
    const other = actions(p).find((a) => !a.partners.some((x) => /DREETS Pays/.test(x.org_name)) && a.indicators.length);
    // partners cannot propose; pilots only for their actions
    const body = { value_on: '2022-03-14', value: 16, source: 'e2e: bilan intermédiaire' };
    assert.equal((await partner.post(`/api/indicators/${ind.id}/measurements`, body)).status, 403);
    if (other) assert.equal((await pilot.post(`/api/indicators/${other.indicators[0].id}/measurements`, body)).status, 403);
    const before = (await anon.get(`/api/plans/${pdl.id}/dashboard?date=${DATE}`)).json.data;
    const prop = await pilot.post(`/api/indicators/${ind.id}/measurements`, body);
    assert.equal(prop.status, 201, prop.text);
    assert.equal(prop.json.data.status, 'pending');
    // pending values do not count
    const mid = (await anon.get(`/api/plans/${pdl.id}/dashboard?date=${DATE}`)).json.data;
    assert.equal(mid.indicators.find((i) => i.id === ind.id).result.current, 384);
    const queue = await staff.get(`/api/plans/${pdl.id}/measurements/pending`);
    assert.ok(queue.json.data.some((m) => m.id === prop.json.data.id));
    assert.equal((await pilot.post(`/api/measurements/${prop.json.data.id}/validate`, {})).status, 403);
    const v = await staff.post(`/api/measurements/${prop.json.data.id}/validate`, {});
    assert.equal(v.status, 200, v.text);
    assert.equal(v.json.data.status, 'validated');
    const afterD = (await anon.get(`/api/plans/${pdl.id}/dashboard?date=${DATE}`)).json.data;
    const r = afterD.indicators.find((i) => i.id === ind.id).result;
    assert.equal(r.current, 400);
    assert.equal(r.progress, 80);
    assert.ok(afterD.generation > before.generation);
    assert.equal(afterD.actions.find((a) => a.id === ind.action_id).progress.progress, 80);
    // a second review is refused: history is append-only
    assert.equal((await staff.post(`/api/measurements/${prop.json.data.id}/reject`, { reason: 'x' })).status, 409);
    // reject needs a reason
    const p2 = await pilot.post(`/api/indicators/${ind.id}/measurements`, { value_on: '2022-03-15', value: 999, source: 'e2e' });
    assert.equal(p2.status, 201);
    const noReason = await staff.post(`/api/measurements/${p2.json.data.id}/reject`, {});
    assert.equal(noReason.status, 400);
    assert.equal(noReason.json.error.fields[0].field, 'reason');
    const rej = await staff.post(`/api/measurements/${p2.json.data.id}/reject`, { reason: 'valeur incohérente' });
    assert.equal(rej.status, 200);
    assert.equal(rej.json.data.status, 'rejected');
    assert.equal(rej.json.data.reason, 'valeur incohérente');
    // history: everything kept and shown to logged-in readers; public sees validated values only
    const hist = (await staff.get(`/api/indicators/${ind.id}`)).json.data;
    const statuses = hist.measurements.map((m) => m.status);
    assert.ok(statuses.includes('rejected') && statuses.includes('validated'));
    const pub = (await anon.get(`/api/indicators/${ind.id}`)).json.data;
    assert.equal(pub.measurements.length, 0);
    assert.ok(pub.series.every((m) => m.status === 'validated'));
    assert.equal(pub.latest_by_territory.length, 1);
    // audit trail
    const audit = await (await srv.login('admin')).get('/api/audit?entity=measurement');
    assert.ok(audit.json.data.some((e) => e.action === 'validate'));
  });

  test('budget revision references a decision and keeps both versions', async () => {
    const p = await detail();
    const a = actions(p).find((x) => x.number === '1.1');
    const created = await staff.post(`/api/plans/${pdl.id}/budget-lines`, {
      action_id: a.id, label: 'Contrats PEC (e2e)', year_from: 2022, unit_amount_eur: 2500, quantity: 10, planned_eur: 25000 });
    assert.equal(created.status, 201, created.text);
    assert.equal((await partner.post(`/api/plans/${pdl.id}/budget-lines`, { label: 'x' })).status, 403);
    const noDecision = await staff.put(`/api/budget-lines/${created.json.data.id}`, { label: 'Contrats PEC (e2e)', planned_eur: 30000 });
    assert.equal(noDecision.status, 400);
    assert.equal(noDecision.json.error.fields[0].field, 'decision_id');
    const dec = await staff.post(`/api/plans/${pdl.id}/decisions`, { text: 'Porter l’enveloppe PEC à 12 contrats', status: 'done' });
    assert.equal(dec.status, 201, dec.text);
    const rev = await staff.put(`/api/budget-lines/${created.json.data.id}`, {
      action_id: a.id, label: 'Contrats PEC (e2e)', year_from: 2022, unit_amount_eur: 2500, quantity: 12, planned_eur: 30000,
      decision_id: dec.json.data.id });
    assert.equal(rev.status, 200, rev.text);
    assert.equal(rev.json.data.replaces_id, created.json.data.id);
    assert.equal(rev.json.data.decision_id, dec.json.data.id);
    const current = (await anon.get(`/api/plans/${pdl.id}/budget-lines`)).json.data;
    assert.ok(current.some((l) => l.id === rev.json.data.id));
    assert.ok(!current.some((l) => l.id === created.json.data.id));
    const all = (await anon.get(`/api/plans/${pdl.id}/budget-lines?history=1`)).json.data;
    const old = all.find((l) => l.id === created.json.data.id);
    assert.equal(old.planned_cents, 2500000);
    assert.equal(old.current, false);
    // revising an old version is refused
    assert.equal((await staff.put(`/api/budget-lines/${created.json.data.id}`, { label: 'x', decision_id: dec.json.data.id })).status, 409);
    const d = (await anon.get(`/api/plans/${pdl.id}/dashboard?date=${DATE}`)).json.data;
    const chk = d.money.unit_checks.find((c) => c.line_id === rev.json.data.id);
    assert.equal(chk.status, 'match');
    const wd = await staff.send('DELETE', `/api/budget-lines/${rev.json.data.id}`);
    assert.equal(wd.status, 200);
    assert.equal(wd.json.data.withdrawn, true);
  });

  test('contributions: partners send, staff answer', async () => {
    const c = await partner.post(`/api/plans/${pdl.id}/contributions`, { kind: 'suggestion', body: 'Ouvrir les PEC aux EHPAD ruraux' });
    assert.equal(c.status, 201, c.text);
    assert.equal((await anon.post(`/api/plans/${pdl.id}/contributions`, { body: 'x' })).status, 401);
    assert.equal((await partner.post(`/api/contributions/${c.json.data.id}/answer`, { answer: 'x' })).status, 403);
    const ans = await staff.post(`/api/contributions/${c.json.data.id}/answer`, { answer: 'Merci, étudié au prochain COPIL.' });
    assert.equal(ans.status, 200, ans.text);
    const list = await partner.get(`/api/plans/${pdl.id}/contributions`);
    assert.equal(list.json.data.find((x) => x.id === c.json.data.id).answer, 'Merci, étudié au prochain COPIL.');
  });
});
