// Allocation campaigns in the platform (issue 4, "In the platform") end to
// end: who sees which campaign, candidates order only their own wishes,
// sites rank only their own posts, staff run a simulation then the final
// run, the stored result is byte for byte what `plam allocate` gives on the
// exported bundle, and a candidate sees only their own explanation (others
// appear by rank only). Eligibility: a post's phase and specialty admit only
// candidates with the same value, with the engine's French explanation.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runPlam, startServer } from '../lib/server.mjs';

const DEMO_TITLE = /Choix de stage des internes/;

describe('allocation campaigns', { timeout: 180000 }, () => {
  let srv, staff, admin, interne, candidat, employeur, institut, pilote, demo, posts;
  before(async () => {
    srv = await startServer();
    [staff, admin, interne, candidat, employeur, institut, pilote] = await Promise.all(
      ['staff', 'admin', 'interne', 'candidat', 'employeur', 'institut', 'pilote'].map((l) => srv.login(l)));
    const list = await staff.get('/api/campaigns');
    assert.equal(list.status, 200);
    demo = list.json.data.find((c) => DEMO_TITLE.test(c.title));
    assert.ok(demo, 'demo campaign loaded by plam init --demo');
    posts = (await staff.get(`/api/campaigns/${demo.id}/posts`)).json.data;
  });
  after(async () => { await srv?.stop(); });

  const byCode = (code) => posts.find((p) => p.code === code).id;

  test('the demo campaign: interns, Pays de la Loire, open for wishes', () => {
    assert.equal(demo.kind, 'interns');
    assert.equal(demo.region, 'REG-52');
    assert.equal(demo.status, 'wishes');
    assert.equal(demo.algorithm, 'serial-dictatorship');
    assert.equal(demo.access, 'staff');
    assert.ok(posts.length >= 3);
    assert.ok(posts.some((p) => p.fragile));
    assert.ok(posts.every((p) => /^DEP-\d\d$/.test(p.territory_id)));
  });

  test('permissions: who sees what', async () => {
    assert.equal((await srv.anon().get('/api/campaigns')).status, 401);
    assert.equal((await pilote.get('/api/campaigns')).status, 403);
    const mine = (await interne.get('/api/campaigns')).json.data;
    assert.deepEqual(mine.map((c) => c.id), [demo.id]);
    assert.equal(mine[0].access, 'candidate');
    const detail = (await interne.get(`/api/campaigns/${demo.id}`)).json.data;
    assert.equal(detail.me.rank, 3);
    // the EHPAD of the demo employer holds a post; the demo institute holds none
    const site = (await employeur.get('/api/campaigns')).json.data;
    assert.equal(site.find((c) => c.id === demo.id)?.access, 'site');
    assert.equal((await institut.get('/api/campaigns')).json.data.length, 0);
    assert.equal((await institut.get(`/api/campaigns/${demo.id}`)).status, 403);
    // candidates' list and runs are staff only
    assert.equal((await interne.get(`/api/campaigns/${demo.id}/candidates`)).status, 403);
    assert.equal((await employeur.get(`/api/campaigns/${demo.id}/runs`)).status, 403);
    assert.equal((await interne.post(`/api/campaigns/${demo.id}/runs`, { round: 'simulation' })).status, 403);
    // staff have no wishes of their own
    assert.equal((await staff.get(`/api/campaigns/${demo.id}/wishes`)).status, 403);
    assert.equal((await staff.get('/api/campaigns/2147483000')).status, 404);
  });

  test('a draft campaign is invisible to candidates; staff create posts and candidates with validation', async () => {
    const c = await staff.post('/api/campaigns', { kind: 'interns', region: 'REG-52', title: 'Brouillon e2e', seed: 7 });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.json.data.status, 'draft');
    const id = c.json.data.id;
    const bad = await staff.post('/api/campaigns', { kind: 'autre', region: 'REG-52', title: 'x' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.fields[0].field, 'kind');
    const badRegion = await staff.post('/api/campaigns', { kind: 'interns', region: 'DEP-44', title: 'x' });
    assert.equal(badRegion.json.error.fields[0].field, 'region');
    // a site of the campaign's région (the région-level "CHU" record is not one)
    const orgs = (await staff.get('/api/organisations?q=CHU')).json.data.filter((o) => o.name === 'CHU de Nantes');
    const p = await staff.post(`/api/campaigns/${id}/posts`, {
      code: 'E2E-1', label: 'Poste e2e', org_id: orgs[0].id, territory_id: 'DEP-44', capacity: 1, fragile: true });
    assert.equal(p.status, 201, p.text);
    const dup = await staff.post(`/api/campaigns/${id}/posts`, {
      code: 'E2E-1', label: 'Doublon', org_id: orgs[0].id, territory_id: 'DEP-44', capacity: 1 });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.error.fields?.[0]?.field, 'code');
    // only the sites GET /api/campaigns/{id}/sites offers can host a post, whatever the client sends
    const sites = (await staff.get(`/api/campaigns/${id}/sites`)).json.data;
    const all = (await staff.get('/api/organisations?limit=200')).json.data;
    const notSites = all.filter((o) => !sites.some((s) => s.id === o.id));
    assert.ok(notSites.some((o) => o.name === 'CHU') && notSites.some((o) => /Étudiants/.test(o.name)), 'région-level records are no sites');
    for (const o of notSites.filter((x) => x.name === 'CHU' || /Étudiants|Employeurs/.test(x.name))) {
      const r = await staff.post(`/api/campaigns/${id}/posts`, { code: `NS-${o.id}`, label: 'x', org_id: o.id, territory_id: 'DEP-44', capacity: 1 });
      assert.equal(r.status, 400, `${o.name}: ${r.text}`);
      assert.equal(r.json.error.fields[0].field, 'org_id');
      assert.match(r.json.error.fields[0].message, /ne peut pas accueillir de poste de la campagne/);
      const moved = await staff.patch(`/api/campaign-posts/${p.json.data.id}`, { org_id: o.id });
      assert.equal(moved.status, 400, `${o.name}: ${moved.text}`);
    }
    const over = await staff.patch(`/api/campaign-posts/${p.json.data.id}`, { reserved_seats: 3 });
    assert.equal(over.json.error.fields[0].field, 'reserved_seats');
    const k = await staff.post(`/api/campaigns/${id}/candidates`, { login: 'interne', rank: 1 });
    assert.equal(k.status, 201, k.text);
    assert.equal(k.json.data.name, 'Interne (démo)');
    const notCand = await staff.post(`/api/campaigns/${id}/candidates`, { login: 'pilote', rank: 2 });
    assert.equal(notCand.json.error.fields[0].field, 'login');
    assert.equal((await interne.get(`/api/campaigns/${id}`)).status, 403);
    assert.equal((await interne.put(`/api/campaigns/${id}/wishes`, { posts: [p.json.data.id] })).status, 403);
    const run = await staff.post(`/api/campaigns/${id}/runs`, { round: 'simulation' });
    assert.equal(run.status, 400);
    const toFinal = await staff.patch(`/api/campaigns/${id}`, { status: 'final' });
    assert.equal(toFinal.status, 400);
  });

  test('a candidate orders their own wishes only', async () => {
    const w0 = await interne.get(`/api/campaigns/${demo.id}/wishes`);
    assert.equal(w0.status, 200);
    assert.deepEqual(w0.json.data.wishes, []);
    const order = [byCode('NAN-PED-1'), byCode('SAR-GER-1'), byCode('NAN-MG-1')];
    const put = await interne.put(`/api/campaigns/${demo.id}/wishes`, { posts: order });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json.data.wishes.map((w) => w.id), order);
    const cand = await candidat.put(`/api/campaigns/${demo.id}/wishes`, { posts: [byCode('NAN-MG-1')] });
    assert.equal(cand.status, 200);
    // the intern's list did not touch the other candidate's, and vice versa
    assert.deepEqual((await interne.get(`/api/campaigns/${demo.id}/wishes`)).json.data.wishes.map((w) => w.id), order);
    assert.deepEqual((await candidat.get(`/api/campaigns/${demo.id}/wishes`)).json.data.wishes.map((w) => w.id),
      [byCode('NAN-MG-1')]);
    // the body names posts only: no way to address another candidate
    const foreign = await interne.put(`/api/campaigns/${demo.id}/wishes`, { posts: order, candidate_id: 1 });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.json.error.fields[0].field, 'candidate_id');
    const dup = await interne.put(`/api/campaigns/${demo.id}/wishes`, { posts: [order[0], order[0]] });
    assert.equal(dup.status, 400);
    const unknown = await interne.put(`/api/campaigns/${demo.id}/wishes`, { posts: [2147483000] });
    assert.equal(unknown.status, 400);
    assert.equal((await pilote.put(`/api/campaigns/${demo.id}/wishes`, { posts: order })).status, 403);
    assert.equal((await employeur.put(`/api/campaigns/${demo.id}/wishes`, { posts: order })).status, 403);
    // an interns' campaign asks no ranking from sites
    const sar = byCode('SAR-GER-1');
    const rk = await employeur.put(`/api/campaign-posts/${sar}/ranking`, { candidates: [] });
    assert.equal(rk.status, 400);
  });

  let simRun;
  test('simulation: stored with its hash; candidates see a provisional result, their own only', async () => {
    const r = await staff.post(`/api/campaigns/${demo.id}/runs`, { round: 'simulation' });
    assert.equal(r.status, 201, r.text);
    simRun = r.json.data;
    assert.equal(simRun.round, 'simulation');
    assert.equal(simRun.check_ok, true);
    assert.match(simRun.bundle_sha256, /^[0-9a-f]{64}$/);
    assert.equal((await staff.get(`/api/campaigns/${demo.id}`)).json.data.status, 'simulation');
    const mine = await interne.get(`/api/campaigns/${demo.id}/result`);
    assert.equal(mine.status, 200, mine.text);
    const m = mine.json.data;
    assert.equal(m.run.round, 'simulation');
    assert.match(m.summary, /^Simulation \(résultat provisoire\)/);
    // rank 1 took the one paediatrics seat: the intern (rank 3) gets wish 2
    assert.equal(m.post.code, 'SAR-GER-1');
    assert.equal(m.wish, 2);
    assert.ok(m.details.some((d) => /^vœu 1 \(NAN-PED-1\) : 1 place, admis rang 1, vous rang 3$/.test(d)), m.details.join('\n'));
    // who holds its seat: the post's sentence, from the run, next to the candidate's lines
    assert.deepEqual(m.wished_posts, [{ wish: 1, post: 'NAN-PED-1', label: 'Pédiatrie — CHU de Nantes', explanation: '1 place pourvue sur 1 : rang 1' }]);
    const text = JSON.stringify(m);
    assert.doesNotMatch(text, /Interne [A-D]|"c\d+"|Candidate \(démo\)/);
    const other = (await candidat.get(`/api/campaigns/${demo.id}/result`)).json.data;
    assert.notEqual(other.summary, m.summary);
    assert.equal((await employeur.get(`/api/campaigns/${demo.id}/result`)).status, 403);
    // wishes may still change between simulation rounds
    assert.equal((await interne.put(`/api/campaigns/${demo.id}/wishes`,
      { posts: [byCode('NAN-PED-1'), byCode('SAR-GER-1'), byCode('NAN-MG-1')] })).status, 200);
  });

  test('the stored result is what plam allocate gives on the exported bundle', async () => {
    const b = await staff.get(`/api/campaign-runs/${simRun.id}/bundle`);
    assert.equal(b.status, 200);
    assert.match(b.headers['content-type'], /application\/json/);
    const res = await staff.get(`/api/campaign-runs/${simRun.id}/result`);
    assert.equal(res.status, 200);
    assert.equal(createHash('sha256').update(b.text).digest('hex'), simRun.bundle_sha256);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-campaign-'));
    try {
      const inPath = path.join(dir, 'bundle.json'), outPath = path.join(dir, 'result.json');
      fs.writeFileSync(inPath, b.text);
      const r = runPlam(['allocate', '--input', inPath, '--output', outPath, '--quiet']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(fs.readFileSync(outPath, 'utf8'), res.text);
      assert.equal(JSON.parse(res.text).bundle_sha256, simRun.bundle_sha256);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.equal((await interne.get(`/api/campaign-runs/${simRun.id}/bundle`)).status, 403);
    assert.equal((await interne.get(`/api/campaign-runs/${simRun.id}/result`)).status, 403);
  });

  test('statistics: fill per territory, fragile territories, wish by rank band', async () => {
    const d = await staff.get(`/api/campaign-runs/${simRun.id}`);
    assert.equal(d.status, 200, d.text);
    const s = d.json.data.statistics;
    const t44 = s.territories.find((t) => t.territory_id === 'DEP-44');
    assert.deepEqual({ seats: t44.seats, filled: t44.filled }, { seats: 3, filled: 3 });
    const t72 = s.territories.find((t) => t.territory_id === 'DEP-72');
    assert.equal(t72.fragile, true);
    assert.equal(s.fragile.seats, 2);
    assert.ok(s.fragile.filled >= 1);
    assert.ok(Array.isArray(s.rank_bands) && s.rank_bands.length >= 1);
    assert.equal(d.json.data.assignments.length, 6);
    assert.equal(d.json.data.check.ok, true);
  });

  test('final run: once, freezes wishes, audited', async () => {
    const r = await staff.post(`/api/campaigns/${demo.id}/runs`, { round: 'final' });
    assert.equal(r.status, 201, r.text);
    assert.equal((await staff.get(`/api/campaigns/${demo.id}`)).json.data.status, 'final');
    const again = await staff.post(`/api/campaigns/${demo.id}/runs`, { round: 'final' });
    assert.equal(again.status, 400);
    const late = await interne.put(`/api/campaigns/${demo.id}/wishes`, { posts: [] });
    assert.equal(late.status, 400);
    const mine = (await interne.get(`/api/campaigns/${demo.id}/result`)).json.data;
    assert.equal(mine.run.round, 'final');
    assert.match(mine.summary, /^Vous êtes affecté\(e\) au poste « SAR-GER-1 », votre vœu 2\./);
    const runs = (await staff.get(`/api/campaigns/${demo.id}/runs`)).json.data;
    assert.deepEqual(runs.map((x) => x.round), ['final', 'simulation']);
    const audit = (await admin.get('/api/audit?entity=campaign&limit=200')).json.data;
    assert.ok(audit.some((x) => x.action === 'run_final' && x.entity_id === String(demo.id)));
    assert.ok(audit.some((x) => x.action === 'wishes'));
    const closed = await staff.patch(`/api/campaigns/${demo.id}`, { status: 'closed' });
    assert.equal(closed.status, 200);
    const reopen = await staff.patch(`/api/campaigns/${demo.id}`, { status: 'wishes' });
    assert.equal(reopen.status, 400);
  });

  test('eligibility: phase and specialty of posts and candidates reach the engine, with its explanation', async () => {
    const c = (await staff.post('/api/campaigns', { kind: 'interns', region: 'REG-52', title: 'Éligibilité e2e', seed: 5 })).json.data;
    const chu = (await staff.get('/api/organisations?q=CHU')).json.data.find((o) => o.name === 'CHU de Nantes');
    const post = async (body) => {
      const r = await staff.post(`/api/campaigns/${c.id}/posts`, { org_id: chu.id, territory_id: 'DEP-44', capacity: 1, ...body });
      assert.equal(r.status, 201, r.text);
      return r.json.data;
    };
    const ped = await post({ code: 'EL-PED', label: 'Pédiatrie', specialty: 'Pédiatrie' });
    const soc = await post({ code: 'EL-SOC', label: 'Phase socle', phase: 'socle' });
    const free = await post({ code: 'EL-LIB', label: 'Sans règle', capacity: 2 });
    assert.deepEqual([ped.phase, ped.specialty, soc.phase, soc.specialty, free.phase], ['', 'Pédiatrie', 'socle', '', '']);
    // validation, in French, naming the field
    const spaced = await staff.post(`/api/campaigns/${c.id}/posts`, { code: 'EL-X', label: 'x', org_id: chu.id, territory_id: 'DEP-44', capacity: 1, specialty: 'Pédiatrie ' });
    assert.equal(spaced.status, 400);
    assert.equal(spaced.json.error.fields[0].field, 'specialty');
    assert.match(spaced.json.error.fields[0].message, /espace/);
    const long = await staff.patch(`/api/campaign-posts/${soc.id}`, { phase: 'é'.repeat(70) });
    assert.equal(long.status, 400);
    assert.equal(long.json.error.fields[0].field, 'phase');
    // the intern has the higher priority but neither the specialty nor the phase
    const k1 = await staff.post(`/api/campaigns/${c.id}/candidates`, { login: 'interne', rank: 1, phase: 'approfondissement' });
    assert.equal(k1.status, 201, k1.text);
    assert.deepEqual([k1.json.data.phase, k1.json.data.specialty], ['approfondissement', '']);
    const k2 = await staff.post(`/api/campaigns/${c.id}/candidates`, { login: 'candidat', rank: 2, specialty: 'Pédiatrie' });
    assert.equal(k2.status, 201, k2.text);
    const badCtl = await staff.patch(`/api/campaign-candidates/${k2.json.data.id}`, { phase: 'so\u0001cle' });
    assert.equal(badCtl.json.error.fields[0].field, 'phase');
    const upd = await staff.patch(`/api/campaign-candidates/${k2.json.data.id}`, { phase: 'socle' });
    assert.equal(upd.status, 200, upd.text);
    assert.deepEqual([upd.json.data.phase, upd.json.data.specialty], ['socle', 'Pédiatrie']);
    const listed = (await staff.get(`/api/campaigns/${c.id}/candidates`)).json.data.find((k) => k.login === 'candidat');
    assert.deepEqual([listed.phase, listed.specialty], ['socle', 'Pédiatrie']);
    assert.equal((await staff.patch(`/api/campaigns/${c.id}`, { status: 'wishes' })).status, 200);
    assert.equal((await interne.put(`/api/campaigns/${c.id}/wishes`, { posts: [ped.id, soc.id, free.id] })).status, 200);
    assert.equal((await candidat.put(`/api/campaigns/${c.id}/wishes`, { posts: [ped.id, soc.id] })).status, 200);
    const me = (await candidat.get(`/api/campaigns/${c.id}`)).json.data.me;
    assert.deepEqual([me.phase, me.specialty], ['socle', 'Pédiatrie']);

    const run1 = await staff.post(`/api/campaigns/${c.id}/runs`, { round: 'simulation' });
    assert.equal(run1.status, 201, run1.text);
    const bundle = JSON.parse((await staff.get(`/api/campaign-runs/${run1.json.data.id}/bundle`)).text);
    const bp = Object.fromEntries(bundle.posts.map((p) => [p.id, p]));
    assert.equal(bp['EL-PED'].specialty, 'Pédiatrie');
    assert.equal(bp['EL-SOC'].phase, 'socle');
    assert.ok(!('phase' in bp['EL-LIB']) && !('specialty' in bp['EL-LIB']), 'no rule, no key');
    const bc = Object.fromEntries(bundle.candidates.map((k) => [k.id, k]));
    assert.deepEqual([bc[`c${k1.json.data.id}`].phase, bc[`c${k1.json.data.id}`].specialty], ['approfondissement', undefined]);
    assert.deepEqual([bc[`c${k2.json.data.id}`].phase, bc[`c${k2.json.data.id}`].specialty], ['socle', 'Pédiatrie']);

    // not eligible: the intern (rank 1) gets neither restricted post, and is told why
    const r1 = (await interne.get(`/api/campaigns/${c.id}/result`)).json.data;
    assert.equal(r1.post.code, 'EL-LIB');
    assert.equal(r1.wish, 3);
    assert.ok(r1.details.some((d) => /EL-PED/.test(d) && d.includes('poste réservé à la spécialité « Pédiatrie »')), r1.details.join('\n'));
    assert.ok(r1.details.some((d) => /EL-SOC/.test(d) && d.includes('poste réservé à la phase « socle »')), r1.details.join('\n'));
    // eligible by specialty: the lower-ranked candidate gets the paediatrics post
    const r2 = (await candidat.get(`/api/campaigns/${c.id}/result`)).json.data;
    assert.equal(r2.post.code, 'EL-PED');
    assert.equal(r2.wish, 1);
    // eligible by phase: with the socle post first, the candidate gets it
    assert.equal((await candidat.put(`/api/campaigns/${c.id}/wishes`, { posts: [soc.id, ped.id] })).status, 200);
    const run2 = await staff.post(`/api/campaigns/${c.id}/runs`, { round: 'simulation' });
    assert.equal(run2.status, 201, run2.text);
    const rows = (await staff.get(`/api/campaign-runs/${run2.json.data.id}`)).json.data.assignments;
    assert.deepEqual(rows.map((x) => [x.candidate_id, x.post_code]).sort(),
      [[k1.json.data.id, 'EL-LIB'], [k2.json.data.id, 'EL-SOC']].sort());
    // clearing a post's rule makes it open to everyone again
    assert.equal((await staff.patch(`/api/campaign-posts/${ped.id}`, { specialty: '' })).json.data.specialty, '');
    const run3 = await staff.post(`/api/campaigns/${c.id}/runs`, { round: 'simulation' });
    assert.equal(run3.status, 201, run3.text);
    assert.equal((await interne.get(`/api/campaigns/${c.id}/result`)).json.data.post.code, 'EL-PED');
  });

  test('junior doctors: sites rank candidates for their own posts only, deferred acceptance', async () => {
    const c = (await staff.post('/api/campaigns', { kind: 'junior_doctors', region: 'REG-52', title: 'Docteurs juniors e2e', seed: 3 })).json.data;
    assert.equal(c.algorithm, 'deferred-acceptance');
    const orgs = (await staff.get('/api/organisations?limit=100')).json.data;
    const ehpad = orgs.find((o) => /EHPAD de démonstration/.test(o.name));
    const chu = orgs.find((o) => o.name === 'CHU de Nantes');
    const p1 = (await staff.post(`/api/campaigns/${c.id}/posts`, { code: 'DJ-SAR', label: 'Gériatrie Sarthe', org_id: ehpad.id, territory_id: 'DEP-72', capacity: 1, fragile: true })).json.data;
    const p2 = (await staff.post(`/api/campaigns/${c.id}/posts`, { code: 'DJ-NAN', label: 'Gériatrie Nantes', org_id: chu.id, territory_id: 'DEP-44', capacity: 1 })).json.data;
    const k1 = (await staff.post(`/api/campaigns/${c.id}/candidates`, { login: 'interne', rank: 10 })).json.data;
    const k2 = (await staff.post(`/api/campaigns/${c.id}/candidates`, { login: 'candidat', rank: 20 })).json.data;
    assert.equal((await employeur.get(`/api/campaign-posts/${p1.id}/ranking`)).status, 403, 'draft: not yet');
    assert.equal((await staff.patch(`/api/campaigns/${c.id}`, { status: 'wishes' })).status, 200);
    await interne.put(`/api/campaigns/${c.id}/wishes`, { posts: [p1.id, p2.id] });
    await candidat.put(`/api/campaigns/${c.id}/wishes`, { posts: [p1.id] });
    const g = await employeur.get(`/api/campaign-posts/${p1.id}/ranking`);
    assert.equal(g.status, 200, g.text);
    assert.deepEqual(g.json.data.applicants.map((a) => a.candidate_id).sort(), [k1.id, k2.id].sort());
    assert.equal((await employeur.get(`/api/campaign-posts/${p2.id}/ranking`)).status, 403, 'not its post');
    assert.equal((await employeur.put(`/api/campaign-posts/${p2.id}/ranking`, { candidates: [k1.id] })).status, 403);
    assert.equal((await institut.put(`/api/campaign-posts/${p1.id}/ranking`, { candidates: [k1.id] })).status, 403);
    // the EHPAD prefers the second candidate
    const put = await employeur.put(`/api/campaign-posts/${p1.id}/ranking`, { candidates: [k2.id, k1.id] });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json.data.ranking.map((r) => r.candidate_id), [k2.id, k1.id]);
    const run = await staff.post(`/api/campaigns/${c.id}/runs`, { round: 'simulation' });
    assert.equal(run.status, 201, run.text);
    const r2 = (await candidat.get(`/api/campaigns/${c.id}/result`)).json.data;
    assert.equal(r2.post.code, 'DJ-SAR');
    const r1 = (await interne.get(`/api/campaigns/${c.id}/result`)).json.data;
    assert.equal(r1.post, null, 'the Nantes post never ranked the intern');
    assert.ok(r1.details.includes('vœu 1 (DJ-SAR) : 1 place, admis classé 1er, vous 2e'), r1.details.join('\n'));
    assert.ok(r1.wished_posts.some((w) => w.post === 'DJ-SAR' && w.wish === 1 && /: rang 20 ;/.test(w.explanation)), JSON.stringify(r1.wished_posts));
    assert.equal(r1.wished_posts.length, 2, 'both wishes, the intern being unassigned');
    assert.ok(r1.details.some((d) => /DJ-NAN/.test(d) && /ne vous a pas class/.test(d)), r1.details.join('\n'));
  });
});
