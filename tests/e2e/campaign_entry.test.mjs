// Campaign entry (issue 9, item 10) over the API: two candidates of a
// campaign never share a rank (API create and update: 409 naming the field;
// CSV import: the row and the "rang" column, nothing written); the sites a
// post can be placed at are the campaign région's establishments, training
// institutes and universities located in one of its départements (not a
// collective such as "Étudiants" or "Employeurs", not another région); a
// candidate's result carries the title of each post and the seniority and
// rank that ordered them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../lib/server.mjs';

const CSV = { 'Content-Type': 'text/csv; charset=utf-8' };

describe('campaign entry', { timeout: 120000 }, () => {
  let srv, staff, interne, pilote, demo;
  before(async () => {
    srv = await startServer();
    [staff, interne, pilote] = await Promise.all(['staff', 'interne', 'pilote'].map((l) => srv.login(l)));
    demo = (await staff.get('/api/campaigns')).json.data.find((c) => /démonstration/i.test(c.title));
    assert.ok(demo);
  });
  after(async () => { await srv?.stop(); });

  const count = async (id) => (await staff.get(`/api/campaigns/${id}/candidates`)).json.data.length;

  test('a second candidate with the same rank is refused, naming the field and who holds it', async () => {
    const c = (await staff.post('/api/campaigns', { kind: 'interns', region: 'REG-52', title: 'Rangs e2e', seed: 1 })).json.data;
    const a = await staff.post(`/api/campaigns/${c.id}/candidates`, { name: 'Premier', rank: 7 });
    assert.equal(a.status, 201, a.text);
    const b = await staff.post(`/api/campaigns/${c.id}/candidates`, { name: 'Second', rank: 7 });
    assert.equal(b.status, 409, b.text);
    assert.equal(b.json.error.fields[0].field, 'rank');
    assert.match(b.json.error.fields[0].message, /le rang 7 est déjà celui de « Premier »/);
    const ok = await staff.post(`/api/campaigns/${c.id}/candidates`, { name: 'Second', rank: 8 });
    assert.equal(ok.status, 201, ok.text);
    const up = await staff.patch(`/api/campaign-candidates/${ok.json.data.id}`, { rank: 7 });
    assert.equal(up.status, 409, up.text);
    assert.equal(up.json.error.fields[0].field, 'rank');
    assert.equal((await staff.patch(`/api/campaign-candidates/${ok.json.data.id}`, { seniority: 2 })).status, 200, 'its own rank is not a clash');
    // CSV: a rank given twice in the file, or held by another candidate, is an error on its row
    const before = await count(c.id);
    const dup = await staff.post(`/api/campaigns/${c.id}/candidates/import`, 'nom;rang\nTroisième;9\nQuatrième;9\nCinquième;8\n', { headers: CSV });
    assert.equal(dup.status, 400, dup.text);
    const errs = dup.json.error.errors.map((e) => [e.row, e.column]);
    assert.deepEqual(errs, [[2, 'rang'], [3, 'rang'], [4, 'rang']], dup.text);
    assert.match(dup.json.error.errors[0].message, /le rang 9 est déjà celui d'un autre candidat/);
    assert.equal(await count(c.id), before, 'nothing written');
  });

  test('the sites offered for a post are the région\'s places of care or training, in its départements', async () => {
    const r = await staff.get(`/api/campaigns/${demo.id}/sites`);
    assert.equal(r.status, 200, r.text);
    const sites = r.json.data;
    const deps = (await staff.get('/api/territories?level=departement&parent=REG-52')).json.data.map((t) => t.id);
    assert.ok(sites.length >= 2);
    for (const s of sites) {
      assert.ok(['establishment', 'training_institute', 'university'].includes(s.kind), JSON.stringify(s));
      assert.ok(deps.includes(s.territory_id), JSON.stringify(s));
    }
    const names = sites.map((s) => s.name);
    assert.ok(names.includes('CHU de Nantes') && names.includes('EHPAD de démonstration (Sarthe)'), names.join(', '));
    for (const bad of ['Étudiants', 'Employeurs', 'CHU']) assert.ok(!names.includes(bad), `${bad} is no site`);
    assert.deepEqual(names, [...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)), 'in name order');
    const all = (await staff.get('/api/organisations?limit=500')).json.data;
    assert.ok(all.length > sites.length + 50, 'the filter leaves most organisations out');
    assert.equal((await pilote.get(`/api/campaigns/${demo.id}/sites`)).status, 403);
  });

  test('a candidate\'s result names each post by title and shows the seniority and rank that ordered them', async () => {
    const posts = (await staff.get(`/api/campaigns/${demo.id}/posts`)).json.data;
    const byCode = (code) => posts.find((p) => p.code === code);
    const w = await interne.put(`/api/campaigns/${demo.id}/wishes`, { posts: [byCode('NAN-PED-1').id, byCode('SAR-GER-1').id] });
    assert.equal(w.status, 200, w.text);
    assert.equal((await staff.post(`/api/campaigns/${demo.id}/runs`, { round: 'simulation' })).status, 201);
    const r = (await interne.get(`/api/campaigns/${demo.id}/result`)).json.data;
    assert.equal(r.post.code, 'SAR-GER-1');
    assert.equal(r.post.label, byCode('SAR-GER-1').label);
    assert.deepEqual(r.wished_posts.map((x) => [x.post, x.label]), [['NAN-PED-1', byCode('NAN-PED-1').label]]);
    assert.deepEqual(r.priority, { rule: 'seniority_then_rank', seniority: 2, rank: 3 });
  });
});
