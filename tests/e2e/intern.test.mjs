// Internship sites, interns' evaluations, alerts and yearly reviews (issue 12),
// through the real binary: an intern evaluates the internship staff recorded
// them on (once, while the semester collects), a harassment report raises an
// alert to the named authority at once, free text waits for moderation and
// never carries its author; results follow the >= 5 rule (a year of 6 + 3 shows
// the year only); an alert's actions are its history; the yearly review's
// suspension removes the site from the next campaign's posts; an OPPI export
// with errors writes nothing and names rows and columns (400); the number of sites
// under alert becomes a pending measurement of a plan indicator; and each
// role sees only what it should.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../lib/server.mjs';

const CSV = { 'Content-Type': 'text/csv; charset=utf-8' };
const OPPI_HEADER = 'identifiant;terrain;semestre;encadrement;conditions;heures;repos de garde;demi-journées;'
  + 'tâches non médicales;respect;harcèlement;commentaire';

describe('internships: evaluations, alerts, reviews, OPPI import', { timeout: 180000 }, () => {
  let srv, staff, interne, partenaire, institut, employeur, sites;
  const site = (label) => sites.find((s) => s.label === label);
  before(async () => {
    srv = await startServer();
    [staff, interne, partenaire, institut, employeur] = await Promise.all(
      ['staff', 'interne', 'partenaire', 'institut', 'employeur'].map((l) => srv.login(l)));
    sites = (await staff.get('/api/intern/sites')).json.data;
    assert.equal(sites.length, 4);
  });
  after(async () => { await srv?.stop(); });

  test('the intern evaluates their internship once; harassment alerts staff at once', async () => {
    const mine = await interne.get('/api/intern/my-evaluations');
    assert.equal(mine.status, 200, mine.text);
    const todo = mine.json.data.find((x) => x.semester === '2025-11');
    assert.ok(todo && todo.open && !todo.evaluated, mine.text);
    const grid = { semester: '2025-11', supervision: 2, conditions: 2, hours: 55, rest_taken: 0, training_half_days: 1,
      non_medical: 3, respect: 2, harassment: true, comment: 'Remarques humiliantes en staff.' };
    const r = await interne.post('/api/intern/evaluations', grid);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.data.comment_status, 'pending');
    assert.equal((await interne.post('/api/intern/evaluations', grid)).status, 409);
    const other = await interne.post('/api/intern/evaluations', { ...grid, semester: '2024-11' });
    assert.equal(other.status, 400);
    assert.equal(other.json.error.fields[0].field, 'semester');
    // out of range: refused by the spec, naming the field
    const bad = await interne.post('/api/intern/evaluations', { ...grid, hours: 200 });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.fields[0].field, 'hours');
    // staff see the alerts of that site and semester, harassment with its authority
    const alerts = (await staff.get('/api/intern/alerts?status=open')).json.data
      .filter((a) => a.site_id === todo.site_id && a.period === '2025-11');
    const rules = alerts.map((a) => a.rule).sort();
    assert.deepEqual(rules, ['harassment', 'hours', 'rest']);
    assert.match(alerts.find((a) => a.rule === 'harassment').authority, /ARS/);
    // never to the intern, the partner or the institute
    for (const c of [interne, partenaire, institut]) assert.equal((await c.get('/api/intern/alerts')).status, 403);
    // moderation: the text without its author, then approved
    const queue = (await staff.get('/api/intern/moderation')).json.data;
    const item = queue.find((q) => q.comment === grid.comment);
    assert.ok(item);
    assert.deepEqual(Object.keys(item).sort(), ['comment', 'comment_status', 'id', 'semester', 'site_id']);
    assert.equal((await partenaire.post(`/api/intern/evaluations/${item.id}/moderation`, { decision: 'approved' })).status, 403);
    const ok = await staff.post(`/api/intern/evaluations/${item.id}/moderation`, { decision: 'approved' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await staff.post(`/api/intern/evaluations/${item.id}/moderation`, { decision: 'rejected' })).status, 409);
  });

  test('results: aggregates of at least 5, year only when a semester is under 5, open semesters hidden', async () => {
    const mi = site('Médecine interne'); // demo: 6 answers in 2024-11, 3 in 2025-05, both closed
    const r = await partenaire.get(`/api/intern/sites/${mi.id}/results`);
    assert.equal(r.status, 200, r.text);
    const y = r.json.data.years.find((x) => x.year === '2024-2025');
    assert.equal(y.aggregate.respondents, 9);
    assert.deepEqual(y.semesters.map((s) => s.aggregate), [null, null]);
    assert.ok(!/author|harassment/.test(r.text), 'no identity, no harassment in the aggregates');
    // the intern's own 2025-11 answer is in a year still collecting: nothing shown
    const y2 = r.json.data.years.find((x) => x.year === '2025-2026');
    assert.ok(!y2 || y2.aggregate === null, 'a year still collecting shows nothing');
    const urg = (await institut.get(`/api/intern/sites/${site('Urgences adultes').id}/results`)).json.data;
    const u = urg.years.find((x) => x.year === '2024-2025');
    assert.equal(u.aggregate.respondents, 24);
    assert.deepEqual(u.semesters.map((s) => s.aggregate.respondents), [12, 12]);
    for (const c of [interne, employeur]) assert.equal((await c.get(`/api/intern/sites/${mi.id}/results`)).status, 403);
    // the intern and the employer see the sites list, without the alert counts
    const list = await employeur.get('/api/intern/sites');
    assert.equal(list.status, 200);
    assert.ok(list.json.data.every((s) => !('open_alerts' in s)));
  });

  test('alert journey: owner, status and actions as history; rules edited by staff', async () => {
    const a = (await staff.get('/api/intern/alerts')).json.data.find((x) => x.rule === 'supervision');
    assert.ok(a);
    let r = await staff.post(`/api/intern/alerts/${a.id}/actions`, { status: 'in_progress', note: 'Appel au chef de service', owner_login: 'staff' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.owner_login, 'staff');
    r = await staff.post(`/api/intern/alerts/${a.id}/actions`, { status: 'closed', note: 'Un senior désigné par garde' });
    assert.equal(r.json.data.status, 'closed');
    assert.deepEqual(r.json.data.actions.map((x) => x.status), ['in_progress', 'closed']);
    assert.equal((await staff.post(`/api/intern/alerts/${a.id}/actions`, { status: 'open' })).status, 400); // a note is required
    const rule = await staff.patch('/api/intern/rules', { code: 'dropouts', threshold: 1 });
    assert.equal(rule.status, 200, rule.text);
    assert.equal(rule.json.data.threshold, 1);
    assert.equal((await staff.patch('/api/intern/rules', { code: 'hours', threshold: 5000 })).status, 400);
    // dropouts linked to a site above the threshold: training's dropout lines that name the site
    // (the site keeps no count of its own), an alert for the university year of the rentrée
    const ped = site('Pédiatrie');
    const ifsi = (await staff.get('/api/training/institutes')).json.data.find((i) => i.name === 'IFSI de démonstration (Angers)');
    assert.equal((await staff.patch(`/api/training/institutes/${ifsi.id}`, { uai: '0490001K' })).status, 200);
    const csv = `uai;formation;annee;annee_etude;effectif;cause;lien_stage;ruptures;terrain\n0490001K;ide;2025;2;90;stage;oui;2;${ped.id}`;
    assert.equal((await staff.post('/api/training/dropout-imports', csv, { headers: CSV })).status, 200);
    const d = (await staff.get('/api/intern/alerts')).json.data.filter((x) => x.site_id === ped.id && x.rule === 'dropouts');
    assert.equal(d.length, 1);
    assert.deepEqual([d[0].value, d[0].period], [2, '2025-2026']);
  });

  test('review journey: suspension decided in the review removes the site from the next campaign', async () => {
    const urg = site('Urgences adultes');
    const reviews = (await staff.get('/api/intern/reviews')).json.data;
    const rv = reviews.find((x) => x.site_id === urg.id && x.year === '2024-2025');
    assert.ok(rv);
    assert.equal((await staff.post('/api/intern/reviews', { site_id: urg.id, year: '2024-2025' })).status, 409);
    const full = (await staff.get(`/api/intern/reviews/${rv.id}`)).json.data;
    assert.equal(full.evaluations.aggregate.respondents, 24);
    assert.ok(full.alerts.some((a) => a.rule === 'harassment'));
    assert.equal(full.actions.length, 1);
    const seen = (await partenaire.get(`/api/intern/reviews/${rv.id}`)).json.data;
    assert.ok(!('alerts' in seen), 'alerts stay with staff');
    const act = await staff.patch(`/api/intern/actions/${full.actions[0].id}`, { status: 'in_progress', follow_up: 'Planning revu en janvier' });
    assert.equal(act.status, 200, act.text);
    const dec = await staff.patch(`/api/intern/reviews/${rv.id}`, { decision: 'suspend', reason: 'Repos de sécurité non respecté, harcèlement signalé', status: 'closed' });
    assert.equal(dec.status, 200, dec.text);
    assert.equal(dec.json.data.site.status, 'suspended');
    assert.equal(dec.json.data.decisions.at(-1).decision, 'suspend');
    assert.equal((await staff.patch(`/api/intern/reviews/${rv.id}`, { conclusion: 'x' })).status, 409); // closed
    // the next campaign's posts come from the accredited sites only
    const c = await staff.post('/api/campaigns', { kind: 'interns', region: 'REG-52', title: 'Choix mai 2026 (terrains)' });
    assert.equal(c.status, 201, c.text);
    const p = await staff.post(`/api/intern/campaigns/${c.json.data.id}/posts`, { semester: '2026-05' });
    assert.equal(p.status, 201, p.text);
    assert.deepEqual(p.json.data.created.map((x) => x.site_id), [site('Médecine interne').id]);
    assert.match(p.json.data.skipped.find((x) => x.site_id === urg.id).reason, /suspendu/);
    const posts = (await staff.get(`/api/campaigns/${c.json.data.id}/posts`)).json.data;
    assert.equal(posts.length, 1);
    assert.equal(posts[0].capacity, site('Médecine interne').capacity);
    // a second run adds nothing new
    const again = await staff.post(`/api/intern/campaigns/${c.json.data.id}/posts`, { semester: '2026-05' });
    assert.equal(again.status, 400);
  });

  test('the pilot programme: results reach the representatives once shared', async () => {
    const prog = (await staff.get('/api/intern/programmes')).json.data[0];
    assert.match(prog.title, /pilote/);
    let r = await staff.patch(`/api/intern/actions/${prog.id}`, { results: 'Heures moyennes -6 h sur les terrains pilotes' });
    assert.equal(r.status, 200, r.text);
    assert.equal((await partenaire.get('/api/intern/programmes')).json.data[0].results, null);
    r = await staff.patch(`/api/intern/actions/${prog.id}`, { shared: true });
    assert.equal((await partenaire.get('/api/intern/programmes')).json.data[0].results, 'Heures moyennes -6 h sur les terrains pilotes');
  });

  test('OPPI import: errors by row and column, nothing written; then a good file', async () => {
    const s = site('Pédiatrie');
    const bad = `${OPPI_HEADER}\nE-1;${s.id};2026-05;3;3;40;oui;1;2;3;non;\nE-2;${s.id};2026-13;3;9;40;peut-être;1;2;3;non;\nE-1;99999;2026-05;3;3;40;oui;1;2;3;non;\n`;
    const before = (await partenaire.get(`/api/intern/sites/${s.id}/results`)).json.data;
    let r = await staff.post('/api/intern/oppi-import', bad, { headers: CSV });
    assert.equal(r.status, 400, r.text);
    const msgs = r.json.error.errors.map((e) => e.message);
    assert.ok(msgs.some((m) => /^ligne 3, colonne 3 : semestre/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => /^ligne 3, colonne 5 : « conditions »/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => /^ligne 3, colonne 7 : repos de garde/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => /^ligne 4, colonne 1 : identifiant « E-1 » déjà donné ligne 2/.test(m)), msgs.join('\n'));
    assert.deepEqual((await partenaire.get(`/api/intern/sites/${s.id}/results`)).json.data, before);
    const good = `${OPPI_HEADER}\nG-1;${s.id};2026-05;3;3;40;oui;1;2;3;non;Très formateur\nG-2;${s.id};2026-05;4;4;45;sans objet;2;1;4;non;\n`;
    r = await staff.post('/api/intern/oppi-import', good, { headers: CSV });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.evaluations, 2);
    r = await staff.post('/api/intern/oppi-import', good, { headers: CSV });
    assert.equal(r.status, 400);
    assert.match(r.json.error.errors[0].message, /déjà importée/);
    assert.equal((await partenaire.post('/api/intern/oppi-import', good, { headers: CSV })).status, 403);
  });

  test('sites under alert become a pending measurement of a plan indicator, with its source', async () => {
    const pdl = (await staff.get('/api/plans')).json.data.find((p) => p.slug === 'pdl-plam-2022');
    const plan = (await staff.get(`/api/plans/${pdl.id}`)).json.data;
    const ind = plan.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators).find((i) => i.code === 'pdl-3.5-defi-ehpad');
    const underAlert = new Set((await staff.get('/api/intern/alerts')).json.data.filter((a) => a.status !== 'closed').map((a) => a.site_id));
    // the training module's link, the one mechanism: proposed at once, dated 31 December of this year
    const r = await staff.post('/api/training/links', { indicator_id: ind.id, metric: 'sites_under_alert' });
    assert.equal(r.status, 201, r.text);
    const year = new Date().getUTCFullYear();
    const pending = (await staff.get(`/api/plans/${pdl.id}/measurements/pending`)).json.data
      .filter((m) => m.indicator_id === ind.id && m.territory_id === 'REG-52' && m.value_on === `${year}-12-31`);
    assert.equal(pending.length, 1, JSON.stringify(pending));
    assert.equal(pending[0].value, underAlert.size);
    assert.equal(pending[0].source, 'plam — formation');
    // a programme does not filter it; the old staff action is gone (one mechanism)
    const bad = await staff.post('/api/training/links', { indicator_id: ind.id, metric: 'sites_under_alert', programme: 'ide' });
    assert.equal(bad.status, 400);
    assert.equal((await staff.post('/api/intern/indicator', { indicator_id: ind.id, value_on: '2026-12-01' })).status, 404);
  });

  test('IPA offers are listed by département', async () => {
    const r = await interne.get('/api/intern/ipa-offers');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.data.map((g) => g.departement), ['DEP-85']);
    assert.equal(r.json.data[0].sites[0].programme, 'ipa');
    // and on a map: the région's five départements from the shipped commune centroids, Vendée with its offer
    const m = await interne.get('/api/intern/ipa-map');
    assert.equal(m.status, 200, m.text);
    assert.equal(m.json.data.offers, 1);
    assert.deepEqual(m.json.data.regions.map((x) => x.id), ['REG-52']);
    const deps = m.json.data.regions[0].departements;
    assert.deepEqual(deps.map((d) => [d.id, d.offers]).sort(), [['DEP-44', 0], ['DEP-49', 0], ['DEP-53', 0], ['DEP-72', 0], ['DEP-85', 1]]);
    const v = deps.find((d) => d.id === 'DEP-85');
    assert.ok(v.points.length > 200, `${v.points.length} communes`);
    assert.ok(v.centroid[0] > -2.2 && v.centroid[0] < -0.9 && v.centroid[1] > 46.3 && v.centroid[1] < 47.1, JSON.stringify(v.centroid));
    assert.equal((await srv.anon().get('/api/intern/ipa-map')).status, 401);
  });
});
