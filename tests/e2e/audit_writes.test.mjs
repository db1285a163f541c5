// Every successful write leaves its audit entry, derived from the route table
// (issue 8): `plam routes` lists the routes; every route flagged write must
// have a sample below (keyed by method and pattern) or the test fails, so a
// new write route cannot slip through unaudited. Each sample is sent as a
// role the permission table allows, must succeed, and exactly the expected
// new entries must appear in GET /api/audit (read as admin before and after),
// with the written row's id and a before/after where the write has them.
//
// Log in, log out and failed log-ins are audited (actions "login", "logout",
// "login_failed", entity "session"): the samples of /api/session say so. The
// only unaudited write is the sliding expiry of a session (bookkeeping, see
// src/app/access/write.h); it is no route of its own.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { committeeDatabase, FIXTURE_NAME } from '../lib/committee_fixture.mjs';
import { DEMO, dbQuery, routeTable, startServer } from '../lib/server.mjs';
import { fillWorkbook, unzip } from '../lib/xlsx_fill.mjs';
import { seedBase, seedCandidates, seedNeed, seedOffers } from '../lib/offer_fixture.mjs'; // offer

const CSV = { 'Content-Type': 'text/csv; charset=utf-8' };
const XLSX = { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
const PASSWORD = 'audit-writes-password-2026';

describe('every write route leaves its audit entry', { timeout: 300000 }, () => {
  let srv, dir, table, admin, staff, pilot, partner, interne, employeur;
  let pdl, plan, orgs, demoCampaign, committee;
  const role = new Map(); // client -> role code

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-audit-writes-'));
    table = routeTable();
    // employer (issue 11): no scheduler step during the samples (the offers' waves and the recruitment feed of the demo's
    // sheet 1.6 would add their own entries to whichever sample runs at that minute); waves are sampled by their route
    srv = await startServer({ db: committeeDatabase(dir), args: ['--offer-tick', '0'] });
    [admin, staff, pilot, partner, interne, employeur] = await Promise.all(
      ['admin', 'staff', 'pilote', 'partenaire', 'interne', 'employeur'].map((l) => srv.login(l)));
    for (const [c, l] of [[admin, 'admin'], [staff, 'staff'], [pilot, 'pilote'], [partner, 'partenaire'],
      [interne, 'interne'], [employeur, 'employeur']]) role.set(c, DEMO[l].role);
    pdl = (await staff.get('/api/plans')).json.data.find((p) => p.slug === 'pdl-plam-2022');
    plan = (await staff.get(`/api/plans/${pdl.id}`)).json.data;
    orgs = (await staff.get('/api/organisations?limit=200')).json.data;
    demoCampaign = (await staff.get('/api/campaigns')).json.data.find((c) => c.status === 'wishes');
    committee = (await staff.get('/api/committees')).json.data.find((b) => b.name === FIXTURE_NAME);
    assert.ok(pdl && plan && orgs.length >= 2 && demoCampaign && committee, 'demo data present');
  });
  after(async () => {
    await srv?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // ---- helpers used by the samples (their own writes happen before the measured request)
  const ok = (r, what) => { assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text.slice(0, 300)}`); return r.json?.data; };
  const actions = () => plan.axes.flatMap((a) => a.actions);
  const indicator = (code) => actions().flatMap((a) => a.indicators).find((i) => i.code === code);
  const newDecision = async (text) => ok(await staff.post(`/api/plans/${pdl.id}/decisions`, { text }), 'decision');
  const newBudgetLine = async () => ok(await staff.post(`/api/plans/${pdl.id}/budget-lines`,
    { label: 'Ligne (audit e2e)', planned_eur: 1000, source: 'e2e' }), 'budget line');
  // proposed by the admin: nobody validates their own proposal
  const newMeasurement = async (value) => ok(await admin.post(`/api/indicators/${indicator('pdl-1.1-parcours').id}/measurements`,
    { value_on: '2022-03-10', value, source: 'audit e2e' }), 'measurement');
  const newBody = async () => ok(await staff.post(`/api/plans/${pdl.id}/gov-bodies`, { kind: 'copil', name: 'COPIL (audit e2e)' }), 'body');
  const newCampaign = async (kind, title) => ok(await staff.post('/api/campaigns', { kind, region: 'REG-52', title, seed: 1 }), 'campaign');
  const chu = () => orgs.find((o) => o.name === 'CHU de Nantes'); // a site of the campaigns' région
  const newPost = async (campaignId, code, orgId = chu().id) => ok(await staff.post(`/api/campaigns/${campaignId}/posts`,
    { code, label: `Poste ${code}`, org_id: orgId, territory_id: 'DEP-44', capacity: 1 }), 'post');
  const newUser = async (login) => ok(await admin.post('/api/users', { login, display_name: `Compte ${login}`,
    role: 'partner', password: PASSWORD }), 'user');
  const workbook = async () => {
    const res = await fetch(`${srv.url}/api/gov-bodies/${committee.id}/workbook.xlsx`, { headers: { Cookie: staff.cookieHeader() } });
    assert.equal(res.status, 200);
    return Buffer.from(await res.arrayBuffer());
  };
  const upload = async (buf) => ok(await staff.post(`/api/gov-bodies/${committee.id}/workbook?filename=comite.xlsx`, buf,
    { headers: XLSX }), 'committee upload');
  const filledWorkbook = async () => {
    const buf = await workbook();
    const ind = indicator('pdl-1.5-refugies');
    const m = new RegExp(`<c r="B(\\d+)"[^>]*><v>${ind.id}</v>`).exec(sheetXml(buf));
    assert.ok(m, 'indicator row in the workbook');
    return fillWorkbook(buf, [{ ref: `P${m[1]}`, number: 17 }, { ref: `Q${m[1]}`, date: '2025-12-31' }]);
  };

  // ---- one successful sample per write route: the request, who sends it, and the entries it must leave.
  // entity_id: 'id' = the id in the answer's data, a number = that id, null = none, a function = its value on the answer,
  // 'any' = some id the answer does not reveal.
  const SAMPLES = {
    'POST /api/session': async () => ({ as: srv.anon(), body: { login: 'partenaire', password: DEMO.partenaire.password },
      status: 200, audit: [{ action: 'login', entity: 'session', entity_id: null, after: true }] }),
    'DELETE /api/session': async () => ({ as: await srv.login('collectivite'), status: 204,
      audit: [{ action: 'logout', entity: 'session', entity_id: null }] }),
    'POST /api/me/password': async () => {
      const u = await newUser('aw.moi');
      return { as: await srv.login('aw.moi', PASSWORD), body: { current_password: PASSWORD, new_password: `${PASSWORD}-2` },
        status: 204, audit: [{ action: 'password', entity: 'user', entity_id: u.id, after: true }] };
    },
    'POST /api/users': async () => ({ as: admin, body: { login: 'aw.nouveau', display_name: 'Nouveau', role: 'staff', password: PASSWORD },
      status: 201, audit: [{ action: 'create', entity: 'user', entity_id: 'id', after: true }] }),
    'PATCH /api/users/{id}': async () => {
      const u = await newUser('aw.modifie');
      return { as: admin, path: `/api/users/${u.id}`, body: { display_name: 'Modifié' }, status: 200,
        audit: [{ action: 'update', entity: 'user', entity_id: u.id, before: true, after: true }] };
    },
    'POST /api/users/{id}/password': async () => {
      const u = await newUser('aw.motdepasse');
      return { as: admin, path: `/api/users/${u.id}/password`, body: { password: `${PASSWORD}-3` }, status: 204,
        audit: [{ action: 'password', entity: 'user', entity_id: u.id, after: true }] };
    },
    'POST /api/organisations': async () => ({ as: staff, body: { name: 'Organisation (audit e2e)', kind: 'association' },
      status: 201, audit: [{ action: 'create', entity: 'organisation', entity_id: 'id', after: true }] }),
    'PATCH /api/organisations/{id}': async () => {
      const o = ok(await staff.post('/api/organisations', { name: 'Organisation à renommer (audit e2e)', kind: 'other' }), 'org');
      return { as: staff, path: `/api/organisations/${o.id}`, body: { name: 'Organisation renommée (audit e2e)' }, status: 200,
        audit: [{ action: 'update', entity: 'organisation', entity_id: o.id, before: true, after: true }] };
    },
    'PATCH /api/plans/{id}': async () => ({ as: staff, path: `/api/plans/${pdl.id}`, body: { short_title: 'PLAM PdL (audit e2e)' },
      status: 200, audit: [{ action: 'update', entity: 'plan', entity_id: pdl.id, before: true, after: true }] }),
    'POST /api/plans/{id}/decisions': async () => ({ as: staff, path: `/api/plans/${pdl.id}/decisions`,
      body: { text: 'Décision (audit e2e)', status: 'in_progress', owner_person: 'Mme Exemple' }, status: 201,
      audit: [{ action: 'create', entity: 'decision', entity_id: 'id', after: true }] }),
    'POST /api/plans/{id}/budget-lines': async () => ({ as: staff, path: `/api/plans/${pdl.id}/budget-lines`,
      body: { label: 'Ligne créée (audit e2e)', planned_eur: 500 }, status: 201,
      audit: [{ action: 'create', entity: 'budget_line', entity_id: 'id', after: true }] }),
    'PUT /api/budget-lines/{id}': async () => {
      const line = await newBudgetLine();
      const dec = await newDecision('Révision de ligne (audit e2e)');
      return { as: staff, path: `/api/budget-lines/${line.id}`, body: { label: 'Ligne révisée (audit e2e)', planned_eur: 800, decision_id: dec.id },
        status: 200, audit: [{ action: 'revise', entity: 'budget_line', entity_id: 'id', before: true, after: true }] };
    },
    'DELETE /api/budget-lines/{id}': async () => {
      const line = await newBudgetLine();
      return { as: staff, path: `/api/budget-lines/${line.id}`, status: 200,
        audit: [{ action: 'withdraw', entity: 'budget_line', entity_id: 'id', before: true, after: true }] };
    },
    'POST /api/plans/{id}/contributions': async () => ({ as: partner, path: `/api/plans/${pdl.id}/contributions`,
      body: { kind: 'question', body: 'Une question (audit e2e)' }, status: 201,
      audit: [{ action: 'create', entity: 'contribution', entity_id: 'id', after: true }] }),
    'POST /api/contributions/{id}/answer': async () => {
      const c = ok(await partner.post(`/api/plans/${pdl.id}/contributions`, { body: 'À répondre (audit e2e)' }), 'contribution');
      return { as: staff, path: `/api/contributions/${c.id}/answer`, body: { answer: 'Réponse (audit e2e)' }, status: 200,
        audit: [{ action: 'answer', entity: 'contribution', entity_id: c.id, before: true, after: true }] };
    },
    'POST /api/indicators/{id}/measurements': async () => ({ as: staff,
      path: `/api/indicators/${indicator('pdl-1.1-parcours').id}/measurements`,
      body: { value_on: '2022-03-11', value: 390, source: 'audit e2e' }, status: 201,
      audit: [{ action: 'propose', entity: 'measurement', entity_id: 'id', after: true }] }),
    'POST /api/measurements/{id}/validate': async () => {
      const m = await newMeasurement(391);
      return { as: staff, path: `/api/measurements/${m.id}/validate`, body: {}, status: 200,
        audit: [{ action: 'validate', entity: 'measurement', entity_id: m.id, before: true, after: true }] };
    },
    'POST /api/measurements/{id}/reject': async () => {
      const m = await newMeasurement(392);
      return { as: staff, path: `/api/measurements/${m.id}/reject`, body: { reason: 'valeur en double (audit e2e)' }, status: 200,
        audit: [{ action: 'reject', entity: 'measurement', entity_id: m.id, before: true, after: true }] };
    },
    'PATCH /api/actions/{id}': async () => {
      const a = actions()[0];
      return { as: staff, path: `/api/actions/${a.id}`, body: { status: 'en_cours' }, status: 200,
        audit: [{ action: 'update', entity: 'action', entity_id: a.id, before: true, after: true }] };
    },
    'POST /api/actions/{id}/weather': async () => ({ as: staff, path: `/api/actions/${actions()[0].id}/weather`,
      body: { judged_on: '2022-03-15', level: 'atteignables', comment: 'audit e2e' }, status: 201,
      audit: [{ action: 'create', entity: 'weather', entity_id: 'id', after: true }] }),
    'POST /api/plans/{id}/measurements/import': async () => {
      const ind = indicator('pdl-1.1-parcours');
      return { as: staff, path: `/api/plans/${pdl.id}/measurements/import?filename=valeurs.csv`,
        body: `indicateur;territoire;date;type;valeur\n${ind.code};${ind.scope_id};2022-02-28;valeur;380\n`, headers: CSV,
        status: 201, audit: [{ action: 'import', entity: 'measurements', entity_id: pdl.id, after: true }] };
    },
    'POST /api/plans/{id}/gov-bodies': async () => ({ as: staff, path: `/api/plans/${pdl.id}/gov-bodies`,
      body: { kind: 'conference', name: 'Conférence (audit e2e)', pilots: [orgs[0].id] }, status: 201,
      audit: [{ action: 'create', entity: 'gov_body', entity_id: 'id', after: true }] }),
    'PATCH /api/gov-bodies/{id}': async () => {
      const b = await newBody();
      return { as: staff, path: `/api/gov-bodies/${b.id}`, body: { name: 'COPIL renommé (audit e2e)' }, status: 200,
        audit: [{ action: 'update', entity: 'gov_body', entity_id: b.id, before: true, after: true }] };
    },
    'POST /api/gov-bodies/{id}/meetings': async () => {
      const b = await newBody();
      return { as: staff, path: `/api/gov-bodies/${b.id}/meetings`, body: { held_on: '2022-06-30', title: 'Réunion (audit e2e)' },
        status: 201, audit: [{ action: 'create', entity: 'gov_meeting', entity_id: 'id', after: true }] };
    },
    'PATCH /api/gov-meetings/{id}': async () => {
      const b = await newBody();
      const m = ok(await staff.post(`/api/gov-bodies/${b.id}/meetings`, { held_on: '2022-07-01', title: 'À modifier' }), 'meeting');
      return { as: staff, path: `/api/gov-meetings/${m.id}`, body: { place: 'Nantes', minutes: 'Relevé (audit e2e)' }, status: 200,
        audit: [{ action: 'update', entity: 'gov_meeting', entity_id: m.id, before: true, after: true }] };
    },
    'PATCH /api/decisions/{id}': async () => {
      const d = await newDecision('Décision à faire avancer (audit e2e)');
      return { as: staff, path: `/api/decisions/${d.id}`, body: { status: 'in_progress', owner_person: 'M. Exemple' }, status: 200,
        audit: [{ action: 'status', entity: 'decision', entity_id: d.id, before: true, after: true }] };
    },
    'POST /api/indicators/{id}/targets': async () => ({ as: staff, path: `/api/indicators/${indicator('pdl-1.1-parcours').id}/targets`,
      body: { kind: 'intermediate', due_on: '2023-06-30', value: 300, source: 'audit e2e' }, status: 201,
      audit: [{ action: 'create', entity: 'indicator_target', entity_id: 'id', after: true }] }),
    'PUT /api/indicator-targets/{id}': async () => {
      const t = ok(await staff.post(`/api/indicators/${indicator('pdl-1.1-parcours').id}/targets`,
        { kind: 'intermediate', due_on: '2023-12-31', value: 320 }), 'target');
      const dec = await newDecision('Révision de cible (audit e2e)');
      return { as: staff, path: `/api/indicator-targets/${t.id}`, body: { value: 330, decision_id: dec.id }, status: 200,
        audit: [{ action: 'revise', entity: 'indicator_target', entity_id: 'id', before: true, after: true }] };
    },
    'POST /api/plan-imports': async () => {
      const csv = (await staff.get(`/api/plans/${pdl.id}/structure.csv`)).text;
      return { as: staff, path: '/api/plan-imports?slug=pdl-audit-e2e&code_prefix=aw-&filename=s.csv', body: csv, headers: CSV,
        status: 201, audit: [{ action: 'import', entity: 'plan_structure', entity_id: 'id', after: true }] };
    },
    'POST /api/campaigns': async () => ({ as: staff, body: { kind: 'interns', region: 'REG-52', title: 'Campagne (audit e2e)' },
      status: 201, audit: [{ action: 'create', entity: 'campaign', entity_id: 'id', after: true }] }),
    'PATCH /api/campaigns/{id}': async () => {
      const c = await newCampaign('interns', 'Campagne à ouvrir (audit e2e)');
      return { as: staff, path: `/api/campaigns/${c.id}`, body: { status: 'wishes', title: 'Campagne ouverte (audit e2e)' }, status: 200,
        audit: [{ action: 'update', entity: 'campaign', entity_id: c.id, before: true, after: true }] };
    },
    'POST /api/campaigns/{id}/posts': async () => {
      const c = await newCampaign('interns', 'Campagne des postes (audit e2e)');
      return { as: staff, path: `/api/campaigns/${c.id}/posts`,
        body: { code: 'AW-1', label: 'Poste (audit e2e)', org_id: chu().id, territory_id: 'DEP-44', capacity: 2 }, status: 201,
        audit: [{ action: 'create', entity: 'campaign_post', entity_id: 'id', after: true }] };
    },
    'PATCH /api/campaign-posts/{id}': async () => {
      const c = await newCampaign('interns', 'Campagne d’un poste (audit e2e)');
      const p = await newPost(c.id, 'AW-2');
      return { as: staff, path: `/api/campaign-posts/${p.id}`, body: { capacity: 3 }, status: 200,
        audit: [{ action: 'update', entity: 'campaign_post', entity_id: p.id, before: true, after: true }] };
    },
    'POST /api/campaigns/{id}/candidates': async () => {
      const c = await newCampaign('interns', 'Campagne des candidats (audit e2e)');
      return { as: staff, path: `/api/campaigns/${c.id}/candidates`, body: { name: 'Candidate (audit e2e)', rank: 1 }, status: 201,
        audit: [{ action: 'create', entity: 'campaign_candidate', entity_id: 'id', after: true }] };
    },
    'PATCH /api/campaign-candidates/{id}': async () => {
      const c = await newCampaign('interns', 'Campagne d’un candidat (audit e2e)');
      const k = ok(await staff.post(`/api/campaigns/${c.id}/candidates`, { name: 'À classer', rank: 2 }), 'candidate');
      return { as: staff, path: `/api/campaign-candidates/${k.id}`, body: { rank: 1 }, status: 200,
        audit: [{ action: 'update', entity: 'campaign_candidate', entity_id: k.id, before: true, after: true }] };
    },
    'PUT /api/campaigns/{id}/wishes': async () => {
      const posts = ok(await staff.get(`/api/campaigns/${demoCampaign.id}/posts`), 'posts');
      return { as: interne, path: `/api/campaigns/${demoCampaign.id}/wishes`, body: { posts: [posts[0].id] }, status: 200,
        audit: [{ action: 'wishes', entity: 'campaign', entity_id: demoCampaign.id, before: true, after: true }] };
    },
    'PUT /api/campaign-posts/{id}/ranking': async () => {
      const me = ok(await employeur.get('/api/me'), 'me');
      const orgId = me.user?.org_id ?? me.org_id;
      assert.ok(orgId, 'the demo employer has an organisation');
      const c = await newCampaign('junior_doctors', 'Campagne classée (audit e2e)');
      const p = await newPost(c.id, 'AW-RK', orgId);
      const k = ok(await staff.post(`/api/campaigns/${c.id}/candidates`, { name: 'Docteure junior (audit e2e)', rank: 1 }), 'candidate');
      ok(await staff.patch(`/api/campaigns/${c.id}`, { status: 'wishes' }), 'open');
      return { as: employeur, path: `/api/campaign-posts/${p.id}/ranking`, body: { candidates: [k.id] }, status: 200,
        audit: [{ action: 'ranking', entity: 'campaign_post', entity_id: p.id, before: true, after: true }] };
    },
    'POST /api/campaigns/{id}/runs': async () => ({ as: staff, path: `/api/campaigns/${demoCampaign.id}/runs`,
      body: { round: 'simulation' }, status: 201,
      audit: [{ action: 'run_simulation', entity: 'campaign', entity_id: demoCampaign.id, before: true, after: true }] }),
    'POST /api/campaigns/{id}/posts/import': async () => {
      const c = await newCampaign('interns', 'Campagne importée (audit e2e)');
      const csv = (await staff.get(`/api/campaigns/${demoCampaign.id}/posts.csv`)).text;
      return { as: staff, path: `/api/campaigns/${c.id}/posts/import?filename=postes.csv`, body: csv, headers: CSV, status: 200,
        audit: [{ action: 'import_posts', entity: 'campaign', entity_id: c.id, after: true }] };
    },
    'POST /api/campaigns/{id}/candidates/import': async () => {
      const c = await newCampaign('interns', 'Candidats importés (audit e2e)');
      const csv = (await staff.get(`/api/campaigns/${demoCampaign.id}/candidates.csv`)).text;
      return { as: staff, path: `/api/campaigns/${c.id}/candidates/import?filename=candidats.csv`, body: csv, headers: CSV, status: 200,
        audit: [{ action: 'import_candidates', entity: 'campaign', entity_id: c.id, after: true }] };
    },
    // geo: areas, establishments and units (issue 11)
    'POST /api/areas': async () => ({ as: staff, body: { code: 'AUD-1', name: 'Zone (audit e2e)', kind: 'other' }, status: 201,
      audit: [{ action: 'create', entity: 'area', entity_id: 'id', after: true }] }),
    'PATCH /api/areas/{id}': async () => {
      const a = ok(await staff.post('/api/areas', { code: 'AUD-2', name: 'Zone à renommer', kind: 'other' }), 'area');
      return { as: staff, path: `/api/areas/${a.id}`, body: { name: 'Zone renommée (audit e2e)' }, status: 200,
        audit: [{ action: 'update', entity: 'area', entity_id: a.id, before: true, after: true }] };
    },
    'DELETE /api/areas/{id}': async () => {
      const a = ok(await staff.post('/api/areas', { code: 'AUD-3', name: 'Zone à supprimer', kind: 'other' }), 'area');
      return { as: staff, path: `/api/areas/${a.id}`, status: 200,
        audit: [{ action: 'delete', entity: 'area', entity_id: a.id, before: true }] };
    },
    'POST /api/area-imports': async () => ({ as: staff, path: '/api/area-imports',
      body: 'code zone;nom zone;type;code commune\nAUD-ZE;Zone importée (audit e2e);emploi;44109\n', headers: CSV, status: 200,
      audit: [{ action: 'import', entity: 'area', after: true }] }),
    'POST /api/establishments': async () => ({ as: staff, body: { name: 'Établissement (audit e2e)', category: 'ch', commune: '44109' },
      status: 201, audit: [{ action: 'create', entity: 'establishment', entity_id: 'id', after: true }] }),
    'PATCH /api/establishments/{id}': async () => {
      const x = ok(await staff.post('/api/establishments', { name: 'À modifier (audit e2e)', category: 'ch', commune: '44109' }), 'estab');
      return { as: staff, path: `/api/establishments/${x.id}`, body: { ght: 'GHT (audit e2e)' }, status: 200,
        audit: [{ action: 'update', entity: 'establishment', entity_id: x.id, before: true, after: true }] };
    },
    'DELETE /api/establishments/{id}': async () => {
      const x = ok(await staff.post('/api/establishments', { name: 'À supprimer (audit e2e)', category: 'ch', commune: '44109' }), 'estab');
      return { as: staff, path: `/api/establishments/${x.id}`, status: 200,
        audit: [{ action: 'delete', entity: 'establishment', entity_id: x.id, before: true }] };
    },
    'POST /api/establishments/{id}/units': async () => {
      const mine = ok(await employeur.get('/api/establishments'), 'own establishments')[0];
      return { as: employeur, path: `/api/establishments/${mine.id}/units`, body: { name: 'Unité (audit e2e)' }, status: 201,
        audit: [{ action: 'create', entity: 'establishment_unit', entity_id: 'id', after: true }] };
    },
    'PATCH /api/units/{id}': async () => {
      const mine = ok(await employeur.get('/api/establishments'), 'own establishments')[0];
      const u = ok(await employeur.post(`/api/establishments/${mine.id}/units`, { name: 'Unité à renommer (audit e2e)' }), 'unit');
      return { as: employeur, path: `/api/units/${u.id}`, body: { specialty: 'Gériatrie' }, status: 200,
        audit: [{ action: 'update', entity: 'establishment_unit', entity_id: u.id, before: true, after: true }] };
    },
    'DELETE /api/units/{id}': async () => {
      const mine = ok(await employeur.get('/api/establishments'), 'own establishments')[0];
      const u = ok(await employeur.post(`/api/establishments/${mine.id}/units`, { name: 'Unité à supprimer (audit e2e)' }), 'unit');
      return { as: employeur, path: `/api/units/${u.id}`, status: 200,
        audit: [{ action: 'delete', entity: 'establishment_unit', entity_id: u.id, before: true }] };
    },
    'POST /api/finess-imports': async () => ({ as: staff, path: '/api/finess-imports',
      body: fs.readFileSync(new URL('../data/finess-extract-sample.csv', import.meta.url)),
      headers: { 'Content-Type': 'text/csv; charset=iso-8859-1' }, status: 200,
      audit: [{ action: 'import', entity: 'establishment', after: true }] }),
    'POST /api/gov-bodies/{id}/workbook': async () => ({ as: staff, path: `/api/gov-bodies/${committee.id}/workbook?filename=comite.xlsx`,
      body: await filledWorkbook(), headers: XLSX, status: 201,
      audit: [{ action: 'upload', entity: 'committee_uploads', entity_id: 'id', after: true }] }),
    'POST /api/committee-uploads/{id}/approve': async () => {
      const u = await upload(await filledWorkbook());
      return { as: staff, path: `/api/committee-uploads/${u.id}/approve`, body: {}, status: 200,
        audit: [{ action: 'approve', entity: 'committee_uploads', entity_id: u.id, before: true, after: true }] };
    },
    'POST /api/committee-uploads/{id}/discard': async () => {
      const u = await upload(await workbook());
      return { as: staff, path: `/api/committee-uploads/${u.id}/discard`, body: {}, status: 200,
        audit: [{ action: 'discard', entity: 'committee_uploads', entity_id: u.id, before: true, after: true }] };
    },
    // mail: public accounts and the outbox ('any': an id the answer does not give, so that nobody learns it)
    'POST /api/registrations': async () => ({ as: srv.anon(), body: { email: 'aw.inscrit@exemple.fr', display_name: 'Inscrit',
      role: 'candidate', password: PASSWORD }, status: 202,
    audit: [{ action: 'register', entity: 'user', entity_id: 'any', after: true }] }),
    'POST /api/registrations/verify': async () => {
      ok(await srv.anon().post('/api/registrations', { email: 'aw.verifie@exemple.fr', display_name: 'Vérifié', role: 'intern',
        password: PASSWORD }), 'registration');
      const [[id]] = dbQuery(srv, "SELECT id FROM users WHERE email = 'aw.verifie@exemple.fr'");
      return { as: srv.anon(), body: { token: mailToken('aw.verifie@exemple.fr') }, status: 200,
        audit: [{ action: 'verify_email', entity: 'user', entity_id: Number(id), before: true, after: true }] };
    },
    'POST /api/password-resets': async () => ({ as: srv.anon(), body: { email: 'aw.inconnu@exemple.fr' }, status: 202,
      audit: [{ action: 'password_reset_request', entity: 'user', entity_id: null, after: true }] }),
    'POST /api/password-resets/confirm': async () => {
      const u = ok(await admin.post('/api/users', { login: 'aw.oubli', display_name: 'Oubli', email: 'aw.oubli@exemple.fr',
        role: 'candidate', password: PASSWORD }), 'user');
      ok(await srv.anon().post('/api/password-resets', { email: 'aw.oubli@exemple.fr' }), 'reset request');
      return { as: srv.anon(), body: { token: mailToken('aw.oubli@exemple.fr'), password: `${PASSWORD}-4` }, status: 204,
        audit: [{ action: 'password_reset', entity: 'user', entity_id: u.id, after: true }] };
    },
    'POST /api/outbox/test': async () => ({ as: admin, body: { to: 'aw.essai@exemple.fr' }, status: 202,
      audit: [{ action: 'test', entity: 'mail', entity_id: 'id', after: true }] }),
    // ---- offer (issue 11): needs and offers seeded with SQL (tests/lib/offer_fixture.mjs), kept away from the scheduler
    'PUT /api/needs/{id}/offer-settings': async () => {
      offerNeed(94001, 'first');
      return { as: employeur, path: '/api/needs/94001/offer-settings', body: { wave_size: 2, interval_min: 10, offer_ttl_min: 30, undo_min: 3 },
        status: 200, audit: [{ action: 'update', entity: 'need_waves', entity_id: 94001, before: true, after: true }] };
    },
    'POST /api/needs/{id}/waves': async () => {
      offerNeed(94002, 'first');
      return { as: employeur, path: '/api/needs/94002/waves', status: 201,
        audit: [{ action: 'wave', entity: 'need', entity_id: 94002, before: true, after: true }] };
    },
    'POST /api/offer-link/answer': async () => {
      offerNeed(94003, 'first', 2);
      const [o] = seedOffers(srv, 94003, [93001]);
      return { as: srv.anon(), path: '/api/offer-link/answer', body: { token: o.token, answer: 'accept' }, status: 200,
        audit: [{ action: 'accept', entity: 'offer', entity_id: 'id', before: true, after: true }] };
    },
    'POST /api/offer-link': async () => {
      offerNeed(94006, 'first');
      const [o] = seedOffers(srv, 94006, [93004]);
      return { as: srv.anon(), path: '/api/offer-link', body: { token: o.token }, status: 200,
        audit: [{ action: 'view', entity: 'offer', entity_id: 'id', before: true, after: true }] };
    },
    'POST /api/offers/{id}/choose': async () => {
      offerNeed(94004, 'choose');
      const [o] = seedOffers(srv, 94004, [93002]);
      ok(await srv.anon().post('/api/offer-link/answer', { token: o.token, answer: 'accept' }), 'accept');
      const id = (await employeur.get('/api/needs/94004/offers')).json.data.offers[0].id;
      return { as: employeur, path: `/api/offers/${id}/choose`, status: 200,
        audit: [{ action: 'filled', entity: 'need', entity_id: 94004, before: true, after: true },
          { action: 'choose', entity: 'offer', entity_id: id, before: true, after: true }] };
    },
    'POST /api/offers/{id}/events': async () => {
      offerNeed(94005, 'first', 2);
      const [o] = seedOffers(srv, 94005, [93003]);
      const id = ok(await srv.anon().post('/api/offer-link/answer', { token: o.token, answer: 'accept' }), 'accept').id;
      return { as: employeur, path: `/api/offers/${id}/events`, body: { answer: 'cancel', reason: 'schedule_change' }, status: 200,
        audit: [{ action: 'cancel', entity: 'offer', entity_id: id, before: true, after: true }] };
    },
    // ---- training (issue 12): none of these samples changes a figure linked to a demo
    // indicator (sessions outside the PDL région, programmes not linked), so each
    // leaves its one entry; the measurements the links propose are tested in training.test.mjs
    ...(() => {
      const tr = (p, body) => staff.post(`/api/training/${p}`, body).then((r) => ok(r, p));
      const inst = async () => (await tr('institutes', { name: `Institut (audit e2e) ${Math.random()}`, kind: 'ifas', departement: 'DEP-21' }));
      const cap = async () => tr('capacities', { institute_id: (await inst()).id, programme: 'ap', year: 2022, places: 30 });
      const ses = () => tr('sessions', { title: 'Session (audit e2e)', hours: 70, departement: 'DEP-21', starts_on: '2022-05-02', places: 12 });
      const appr = async () => tr('apprentices', { apprentice_name: 'Apprenti (audit e2e)', programme: 'aes', institute_id: (await inst()).id,
        employer_name: 'Employeur', master_name: 'Maître', starts_on: '2023-09-01', ends_on: '2025-06-30' });
      const E = (action, entity, entity_id, extra = {}) => [{ action, entity, entity_id, ...extra }];
      return {
        'POST /api/training/institutes': async () => ({ as: staff, path: '/api/training/institutes', status: 201,
          body: { name: 'IFSI (audit e2e)', kind: 'ifsi', departement: 'DEP-44', uai: '0441234C' }, audit: E('create', 'train_institute', 'id', { after: true }) }),
        'PATCH /api/training/institutes/{id}': async () => {
          const i = await inst();
          return { as: staff, path: `/api/training/institutes/${i.id}`, body: { kind: 'irts' }, status: 200,
            audit: E('update', 'train_institute', i.id, { before: true, after: true }) };
        },
        'POST /api/training/capacities': async () => ({ as: staff, path: '/api/training/capacities', status: 201,
          body: { institute_id: (await inst()).id, programme: 'ap', year: 2022, places: 25 }, audit: E('create', 'train_capacity', 'id', { after: true }) }),
        'PATCH /api/training/capacities/{id}': async () => {
          const c = await cap();
          return { as: staff, path: `/api/training/capacities/${c.id}`, body: { places: 32 }, status: 200,
            audit: E('update', 'train_capacity', c.id, { before: true, after: true }) };
        },
        'POST /api/training/targets': async () => ({ as: staff, path: '/api/training/targets', status: 201,
          body: { kind: 'capacity', programme: 'ap', territory_id: 'DEP-21', year: 2022, places: 30 }, audit: E('create', 'train_target', 'id', { after: true }) }),
        'PATCH /api/training/targets/{id}': async () => {
          const t = await tr('targets', { kind: 'capacity', programme: 'ap', territory_id: 'DEP-21', year: 2023, places: 30 });
          return { as: staff, path: `/api/training/targets/${t.id}`, body: { places: 35 }, status: 200,
            audit: E('update', 'train_target', t.id, { before: true, after: true }) };
        },
        'POST /api/training/sessions': async () => ({ as: staff, path: '/api/training/sessions', status: 201,
          body: { title: 'Session (audit e2e)', hours: 245, departement: 'DEP-21', starts_on: '2022-06-01', places: 10 }, audit: E('create', 'train_session', 'id', { after: true }) }),
        'PATCH /api/training/sessions/{id}': async () => {
          const x = await ses();
          return { as: staff, path: `/api/training/sessions/${x.id}`, body: { enrolled: 9 }, status: 200,
            audit: E('update', 'train_session', x.id, { before: true, after: true }) };
        },
        'POST /api/training/apprentices': async () => ({ as: staff, path: '/api/training/apprentices', status: 201,
          body: { apprentice_name: 'Apprentie (audit e2e)', programme: 'aes', institute_id: (await inst()).id, employer_name: 'Employeur',
            master_name: 'Maître', starts_on: '2023-09-01', ends_on: '2025-06-30' }, audit: E('create', 'train_apprentice', 'id', { after: true }) }),
        'PATCH /api/training/apprentices/{id}': async () => {
          const a = await appr();
          return { as: staff, path: `/api/training/apprentices/${a.id}`, body: { status: 'broken' }, status: 200,
            audit: E('update', 'train_apprentice', a.id, { before: true, after: true }) };
        },
        'POST /api/training/apprentices/{id}/notes': async () => {
          const a = await appr();
          return { as: staff, path: `/api/training/apprentices/${a.id}/notes`, body: { noted_on: '2024-01-10', text: 'Suivi (audit e2e)' }, status: 201,
            audit: E('create', 'train_note', 'id', { after: true }) };
        },
        'POST /api/training/dropout-imports': async () => {
          await tr('institutes', { name: 'IFAS à code UAI (audit e2e)', kind: 'ifas', departement: 'DEP-21', uai: '0211234C' });
          return { as: staff, path: '/api/training/dropout-imports?filename=ruptures.csv', headers: CSV, status: 200,
            body: 'uai;formation;annee;annee_etude;effectif;cause;lien_stage;ruptures\n0211234C;as;2022;1;40;financiere;non;3\n',
            audit: E('import', 'train_dropouts', null, { after: true }) };
        },
        'PATCH /api/training/dropouts/{id}': async () => {
          const i = await tr('institutes', { name: 'IFAS corrigé à la main (audit e2e)', kind: 'ifas', departement: 'DEP-21', uai: '0211235D' });
          ok(await staff.post('/api/training/dropout-imports', 'uai;formation;annee;annee_etude;effectif;cause;lien_stage;ruptures\n'
            + '0211235D;as;2022;1;40;sante;non;2\n', { headers: CSV }), 'import');
          const line = ok(await staff.get(`/api/training/dropouts?institute_id=${i.id}`), 'lines').lines.find((l) => l.id);
          return { as: staff, path: `/api/training/dropouts/${line.id}`, body: { dropouts: 1, note: 'Corrigé (audit e2e)' }, status: 200,
            audit: E('update', 'train_dropouts', line.id, { before: true, after: true }) };
        },
        'POST /api/training/actions': async () => ({ as: staff, path: '/api/training/actions', status: 201,
          body: { kind: 'vap_vae', title: 'VAE (audit e2e)', territory_id: 'REG-27' }, audit: E('create', 'train_prevention_action', 'id', { after: true }) }),
        'PATCH /api/training/actions/{id}': async () => {
          const a = await tr('actions', { kind: 'other', title: 'Action (audit e2e)' });
          return { as: staff, path: `/api/training/actions/${a.id}`, body: { status: 'done', results: 'Fait.' }, status: 200,
            audit: E('update', 'train_prevention_action', a.id, { before: true, after: true }) };
        },
        'POST /api/training/links': async () => ({ as: staff, path: '/api/training/links', status: 201,
          body: { indicator_id: indicator('pdl-3.4-ipa-total').id, metric: 'apprentices', programme: 'ipa' }, audit: E('create', 'train_link', 'id', { after: true }) }),
        'DELETE /api/training/links/{id}': async () => {
          const l = await tr('links', { indicator_id: indicator('pdl-3.4-ipa-psy').id, metric: 'apprentices', programme: 'ipa' });
          return { as: staff, path: `/api/training/links/${l.id}`, status: 200, audit: E('delete', 'train_link', l.id, { before: true }) };
        },
        'POST /api/training/measurements': async () => ({ as: staff, path: '/api/training/measurements', status: 200,
          audit: E('recompute', 'measurements', null, { after: true }) }),
      };
    })(),
    // ---- intern (issue 12) ----
    'POST /api/intern/sites': async () => {
      // on an establishment without organisation: it gives no campaign post to the sample below
      const est = (await staff.get('/api/intern/sites')).json.data.find((x) => x.label === 'Pédiatrie').establishment_id;
      return { as: staff, body: { establishment_id: est, label: 'Gériatrie (audit e2e)', programme: 'medicine', capacity: 2,
        accredited_from: '2024-11-01', accredited_to: '2029-10-31' }, status: 201,
      audit: [{ action: 'create', entity: 'intern_site', entity_id: 'id', after: true }] };
    },
    'PATCH /api/intern/sites/{id}': async () => {
      const s = (await staff.get('/api/intern/sites')).json.data[0];
      return { as: staff, path: `/api/intern/sites/${s.id}`, body: { capacity: 5 }, status: 200,
        audit: [{ action: 'update', entity: 'intern_site', entity_id: s.id, before: true, after: true }] };
    },
    'POST /api/intern/sites/{id}/decisions': async () => {
      const s = (await staff.get('/api/intern/sites')).json.data.find((x) => x.label === 'Pédiatrie');
      return { as: staff, path: `/api/intern/sites/${s.id}/decisions`,
        body: { decision: 'suspend', decided_on: '2026-12-01', reason: 'Encadrement absent (audit e2e)' }, status: 200,
        audit: [{ action: 'suspend', entity: 'intern_site', entity_id: s.id, before: true, after: true }] };
    },
    'POST /api/intern/sites/{id}/assignments': async () => {
      const s = (await staff.get('/api/intern/sites')).json.data[0];
      const me = (await interne.get('/api/me')).json.data;
      return { as: staff, path: `/api/intern/sites/${s.id}/assignments`, body: { semester: '2027-05', login: 'interne' },
        status: 201, audit: [{ action: 'create', entity: 'intern_assignment', entity_id: me.user.id, after: true }] };
    },
    'POST /api/intern/campaigns/{id}/posts': async () => {
      const c = await newCampaign('interns', 'Postes des terrains (audit e2e)');
      let max = 0;
      for (const k of (await staff.get('/api/campaigns')).json.data)
        for (const p of (await staff.get(`/api/campaigns/${k.id}/posts`)).json.data) max = Math.max(max, p.id);
      return { as: staff, path: `/api/intern/campaigns/${c.id}/posts`, body: { semester: '2026-05' }, status: 201,
        audit: [{ action: 'create', entity: 'campaign_post', entity_id: max + 1, after: true }] };
    },
    'POST /api/intern/evaluations': async () => ({ as: interne, body: { semester: '2025-11', supervision: 3, conditions: 3,
      hours: 40, rest_taken: 2, training_half_days: 2, non_medical: 2, respect: 4, harassment: false }, status: 201,
    audit: [{ action: 'create', entity: 'intern_evaluation', entity_id: 'id', after: true }] }),
    'POST /api/intern/evaluations/{id}/moderation': async () => {
      const m = (await staff.get('/api/intern/moderation')).json.data[0];
      return { as: staff, path: `/api/intern/evaluations/${m.id}/moderation`, body: { decision: 'approved' }, status: 200,
        audit: [{ action: 'approve', entity: 'intern_evaluation', entity_id: m.id, before: true, after: true }] };
    },
    'POST /api/intern/semesters': async () => ({ as: staff, body: { semester: '2026-11' }, status: 201,
      audit: [{ action: 'close', entity: 'intern_semester', entity_id: null, after: true }] }),
    'POST /api/intern/oppi-import': async () => {
      const s = (await staff.get('/api/intern/sites')).json.data[0];
      return { as: staff, body: 'identifiant;terrain;semestre;encadrement;conditions;heures;repos de garde;demi-journées;'
        + `tâches non médicales;respect;harcèlement\nAUDIT-1;${s.id};2027-05;3;3;40;oui;2;1;4;non\n`, headers: CSV, status: 200,
      audit: [{ action: 'import', entity: 'intern_oppi', entity_id: null, after: true }] };
    },
    'PATCH /api/intern/rules': async () => ({ as: staff, body: { code: 'hours', threshold: 50 }, status: 200,
      audit: [{ action: 'update', entity: 'intern_alert_rule', entity_id: null, before: true, after: true }] }),
    'POST /api/intern/alerts/{id}/actions': async () => {
      const a = (await staff.get('/api/intern/alerts')).json.data[0];
      return { as: staff, path: `/api/intern/alerts/${a.id}/actions`, body: { status: 'in_progress', note: 'Visite prévue' },
        status: 200, audit: [{ action: 'act', entity: 'intern_alert', entity_id: a.id, before: true, after: true }] };
    },
    'POST /api/intern/reviews': async () => {
      const s = (await staff.get('/api/intern/sites')).json.data[0];
      return { as: staff, body: { site_id: s.id, year: '2024-2025' }, status: 201,
        audit: [{ action: 'create', entity: 'intern_review', entity_id: 'id', after: true }] };
    },
    'PATCH /api/intern/reviews/{id}': async () => {
      const r = (await staff.get('/api/intern/reviews')).json.data[0];
      return { as: staff, path: `/api/intern/reviews/${r.id}`, body: { conclusion: 'Suivi renforcé (audit e2e)' }, status: 200,
        audit: [{ action: 'update', entity: 'intern_review', entity_id: r.id, before: true, after: true }] };
    },
    'POST /api/intern/actions': async () => ({ as: staff, body: { kind: 'programme', title: 'Programme (audit e2e)' }, status: 201,
      audit: [{ action: 'create', entity: 'intern_action', entity_id: 'id', after: true }] }),
    'PATCH /api/intern/actions/{id}': async () => {
      const a = (await staff.get('/api/intern/programmes')).json.data[0];
      return { as: staff, path: `/api/intern/actions/${a.id}`, body: { results: 'Premiers résultats', shared: true }, status: 200,
        audit: [{ action: 'update', entity: 'intern_action', entity_id: a.id, before: true, after: true }] };
    },
    // ---- end intern ----
    // recruit (issue 11)
    'POST /api/pools': async () => ({ as: staff, body: { name: 'Vivier (audit e2e)', level: 'region' }, status: 201,
      audit: [{ action: 'create', entity: 'pool', entity_id: 'id', after: true }] }),
    'PATCH /api/pools/{id}': async () => {
      const p = ok(await staff.post('/api/pools', { name: 'Crise (audit e2e)', level: 'crisis' }), 'pool');
      return { as: staff, path: `/api/pools/${p.id}`, body: { status: 'closed' }, status: 200,
        audit: [{ action: 'update', entity: 'pool', entity_id: p.id, before: true, after: true }] };
    },
    'POST /api/candidates': async () => ({ as: staff, body: recruitCandidate('Audit'), status: 201,
      audit: [{ action: 'create', entity: 'candidate', entity_id: 'id', after: true }] }),
    'PUT /api/candidates/{id}': async () => {
      const k = ok(await staff.post('/api/candidates', recruitCandidate('Avant')), 'candidate');
      return { as: staff, path: `/api/candidates/${k.id}`, body: recruitCandidate('Après'), status: 200,
        audit: [{ action: 'update', entity: 'candidate', entity_id: k.id, before: true, after: true }] };
    },
    'POST /api/needs': async () => ({ as: employeur, body: await recruitNeed(), status: 201,
      audit: [{ action: 'create', entity: 'need', entity_id: 'id', after: true }] }),
    'PATCH /api/needs/{id}': async () => {
      const n = ok(await employeur.post('/api/needs', await recruitNeed()), 'need');
      return { as: employeur, path: `/api/needs/${n.id}`, body: { status: 'cancelled' }, status: 200,
        audit: [{ action: 'update', entity: 'need', entity_id: n.id, before: true, after: true }] };
    },
    'POST /api/candidate-imports': async () => ({ as: staff, headers: CSV, status: 200,
      body: 'prenom;nom;email;profession;distance_max_km;contrats;latitude;longitude;departement\nImport;Audit;i@example.org;AS;10;shift;48;0.2;DEP-72\n',
      audit: [{ action: 'create', entity: 'candidate', entity_id: (res) => res.json?.data?.ids?.[0], after: true }] }),
    'POST /api/need-imports': async () => {
      const n = await recruitNeed();
      return { as: employeur, headers: CSV, status: 200,
        body: `etablissement;profession;creneaux;motif;contrat;distance_max_km;viviers\n${n.establishment_id};AS;2027-02-02T07:00+01:00/2027-02-02T19:00+01:00;replacement;shift;20;${n.pools[0]}\n`,
        audit: [{ action: 'create', entity: 'need', entity_id: (res) => res.json?.data?.ids?.[0], after: true }] };
    },
    // end recruit
    // dash (issue 11): links to demo indicators of sheet 3.3 for a profession with no need in the demo, so that no
    // measurement is proposed and each sample leaves its one entry (the feed is tested in dashboard.test.mjs)
    ...(() => {
      const dashInd = async (code) => {
        const pdl = ok(await staff.get('/api/plans'), 'plans').find((x) => x.slug === 'pdl-plam-2022');
        const plan = ok(await staff.get(`/api/plans/${pdl.id}`), 'plan');
        return plan.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators).find((i) => i.code === code).id;
      };
      // employer (issue 11): the demo links sheet 1.6 to the measures; the needs earlier samples posted change
      // their figures, so each sample first lets a recomputation propose those, then leaves only its own entries
      const settle = async () => ok(await staff.post('/api/recruit-dashboard/measurements'), 'recompute');
      return {
        'POST /api/recruit-dashboard/links': async () => (await settle(), { as: staff, status: 201,
          body: { indicator_id: await dashInd('pdl-3.3-cca-ars'), metric: 'needs_posted', profession: 'MED-RAD' },
          audit: [{ action: 'create', entity: 'dash_link', entity_id: 'id', after: true }] }),
        'DELETE /api/recruit-dashboard/links/{id}': async () => {
          await settle();
          const l = ok(await staff.post('/api/recruit-dashboard/links',
            { indicator_id: await dashInd('pdl-3.3-nouveaux-projets'), metric: 'deployed', profession: 'MED-RAD' }), 'dash link');
          return { as: staff, path: `/api/recruit-dashboard/links/${l.id}`, status: 200,
            audit: [{ action: 'delete', entity: 'dash_link', entity_id: l.id, before: true }] };
        },
        'POST /api/recruit-dashboard/measurements': async () => (await settle(), { as: staff, status: 200,
          audit: [{ action: 'recompute', entity: 'measurements', entity_id: null, after: true }] }),
      };
    })(),
    // end dash
    // season: seasonal campaigns for students
    'POST /api/seasonal-campaigns': async () => ({ as: staff, status: 201,
      body: { name: 'Été (audit e2e)', starts_on: '2030-07-01', ends_on: '2030-08-31', posts: [{ code: 'ASH' }],
        admitted: [{ code: 'ETU-AUTRE' }] },
      audit: [{ action: 'create', entity: 'seasonal_campaign', entity_id: 'id', after: true }] }),
    'POST /api/seasonal-campaigns/{id}/applications': async () => {
      const c = ok(await staff.post('/api/seasonal-campaigns', { name: 'Vacances (audit e2e)', starts_on: '2030-12-20',
        ends_on: '2031-01-05', posts: [{ code: 'ASH' }], admitted: [{ code: 'ETU-AUTRE' }] }), 'campaign');
      const student = await srv.login('candidat');
      const profile = { first_name: 'Audit', last_name: 'Étudiant', email: 'etudiant.audit@exemple.fr', profession: 'ETU-AUTRE',
        lat: 48.0, lon: 0.2, departement: 'DEP-72', max_km: 20, accepts_fixed_term: true };
      const me = await student.get('/api/me/candidate');
      if (me.status === 200) ok(await student.put(`/api/candidates/${me.json.data.id}`, profile), 'profile');
      else ok(await student.post('/api/candidates', profile), 'profile');
      return { as: student, path: `/api/seasonal-campaigns/${c.id}/applications`, status: 201,
        audit: [{ action: 'apply', entity: 'seasonal_campaign', entity_id: c.id, after: true }] };
    },
    'PATCH /api/seasonal-campaigns/{id}': async () => {
      const c = ok(await staff.post('/api/seasonal-campaigns', { name: 'Clôture (audit e2e)', starts_on: '2030-07-01',
        ends_on: '2030-08-31', posts: [{ code: 'ASH' }], admitted: [{ code: 'ETU-AUTRE' }] }), 'campaign');
      return { as: staff, path: `/api/seasonal-campaigns/${c.id}`, body: { status: 'closed' }, status: 200,
        audit: [{ action: 'update', entity: 'seasonal_campaign', entity_id: c.id, before: true, after: true }] };
    },
    // end season
    // ---- cand (issue 11): the candidate's own side
    'POST /api/registrations/resend': async () => ({ as: srv.anon(), body: { email: 'aw.renvoi@exemple.fr' }, status: 202,
      audit: [{ action: 'verify_resend', entity: 'user', entity_id: null, after: true }] }),
    'POST /api/me/offers/{id}/answer': async () => {
      offerNeed(94107, 'first');
      const u = ok(await admin.post('/api/users', { login: 'aw.mesoffres', display_name: 'Mes offres', role: 'candidate',
        password: PASSWORD }), 'user');
      dbQuery(srv, `UPDATE candidates SET user_id = ${u.id} WHERE id = 93005`, { write: true });
      seedOffers(srv, 94107, [93005]);
      const [[id]] = dbQuery(srv, 'SELECT id FROM offers WHERE need_id = 94107');
      return { as: await srv.login('aw.mesoffres', PASSWORD), path: `/api/me/offers/${id}/answer`, body: { answer: 'decline' },
        status: 200, audit: [{ action: 'decline', entity: 'offer', entity_id: Number(id), before: true, after: true }] };
    },
    'PUT /api/me/contact': async () => {
      offerNeed(94108, 'first'); // seeds candidates 93001-93005 once
      const u = ok(await admin.post('/api/users', { login: 'aw.contact', display_name: 'Contact', role: 'candidate',
        password: PASSWORD }), 'user');
      dbQuery(srv, `UPDATE candidates SET user_id = ${u.id} WHERE id = 93004`, { write: true });
      return { as: await srv.login('aw.contact', PASSWORD), body: { contact_by: 'both' }, status: 200,
        audit: [{ action: 'update', entity: 'candidate', entity_id: 93004, before: true, after: true }] };
    },
    'POST /api/candidates/{id}/qualifications/verify': async () => {
      const k = ok(await staff.post('/api/candidates', { ...recruitCandidate('Vérif'),
        qualifications: [{ code: 'AFGSU2', valid_until: '2031-01-01' }] }), 'candidate');
      return { as: staff, path: `/api/candidates/${k.id}/qualifications/verify`, body: { code: 'AFGSU2' }, status: 200,
        audit: [{ action: 'verify', entity: 'candidate', entity_id: k.id, before: true, after: true }] };
    },
    'POST /api/me/data/erase': async () => {
      const u = ok(await admin.post('/api/users', { login: 'aw.efface', display_name: 'Effacé', role: 'candidate',
        password: PASSWORD }), 'user');
      return { as: await srv.login('aw.efface', PASSWORD), body: { password: PASSWORD }, status: 200,
        audit: [{ action: 'erase', entity: 'user', entity_id: u.id, before: true, after: true }] };
    },
    // ---- end cand
  };
  // mail: the link of the newest message to an address (no SMTP server here: it stays in the outbox)
  const mailToken = (to) => {
    const rows = dbQuery(srv, `SELECT body FROM outbox WHERE recipient = '${to}' ORDER BY id DESC`);
    const m = /#jeton=([A-Za-z0-9._-]+)/.exec(rows.map((r) => r.join('|')).join('\n'));
    assert.ok(m, `a link was queued for ${to}`);
    return m[1];
  };
  // offer: the establishment, the pool and the candidates once, then one need per sample
  let offerSeeded = false;
  const offerNeed = (id, mode, headcount = 1) => {
    if (!offerSeeded) {
      seedBase(srv);
      seedCandidates(srv, 93001, 5);
      offerSeeded = true;
    }
    seedNeed(srv, { id, mode, headcount, start: '2030-03-05T08:00+01:00', end: '2030-03-05T20:00+01:00',
      nextWaveAt: 4102444800 });
  };

  // recruit (issue 11): a candidate's body, and a need at the demo employer's establishment
  const recruitCandidate = (first) => ({ first_name: first, last_name: 'Candidate (audit e2e)', email: 'a@example.org',
    profession: 'IDE', lat: 48.0, lon: 0.2, departement: 'DEP-72', max_km: 20, accepts_shift: true });
  const recruitNeed = async () => {
    const mine = ok(await employeur.get('/api/needs'), 'needs');
    const pools = ok(await employeur.get('/api/pools'), 'pools');
    return { establishment_id: mine[0].establishment_id, profession: 'AS', reason: 'replacement', contract: 'shift',
      max_km: 20, pools: [pools[0].id], slots: [{ start: '2027-02-01T07:00+01:00', end: '2027-02-01T19:00+01:00' }] };
  };

  const lastAuditId = async () => {
    const r = await admin.get('/api/audit?limit=1');
    assert.equal(r.status, 200);
    return r.json.data[0]?.id ?? 0;
  };
  const auditSince = async (id) => {
    const r = await admin.get('/api/audit?limit=500');
    assert.equal(r.status, 200);
    return r.json.data.filter((e) => e.id > id).sort((a, b) => a.id - b.id);
  };

  test('every write route of the route table has a sample here', () => {
    const writes = table.routes.filter((rt) => rt.write).map((rt) => `${rt.method} ${rt.path}`);
    assert.ok(writes.length >= 40, `write routes found: ${writes.length}`);
    const missing = writes.filter((k) => !(k in SAMPLES));
    assert.deepEqual(missing, [], 'write routes without a sample (add one to SAMPLES)');
    const stale = Object.keys(SAMPLES).filter((k) => !writes.includes(k));
    assert.deepEqual(stale, [], 'samples of routes that are not write routes');
  });

  test('each successful write leaves exactly its audit entries', async () => {
    const failures = [];
    for (const rt of table.routes.filter((r) => r.write)) {
      const key = `${rt.method} ${rt.path}`;
      if (!SAMPLES[key]) continue; // reported by the test above
      try {
        const s = await SAMPLES[key]();
        const client = s.as;
        const who = role.get(client) ?? (client.user ? client.user.role : 'public');
        if (!(rt.public && who === 'public'))
          assert.ok(table.permissions[rt.permission].includes(who), `${key}: sent as ${who}, who may not`);
        const since = await lastAuditId();
        const res = await client.send(rt.method, s.path ?? rt.path, { body: s.body, headers: s.headers });
        assert.equal(res.status, s.status, `${key}: ${res.text.slice(0, 400)}`);
        const got = await auditSince(since);
        const expected = s.audit.map((x) => `${x.action} ${x.entity}`);
        assert.deepEqual(got.map((e) => `${e.action} ${e.entity}`), expected, `${key}: new audit entries`);
        s.audit.forEach((x, i) => {
          const e = got[i];
          const id = x.entity_id === 'id' ? res.json?.data?.id : typeof x.entity_id === 'function' ? x.entity_id(res) : x.entity_id;
          if (x.entity_id === 'any') assert.ok(e.entity_id, `${key}: entity_id`);
          else assert.equal(e.entity_id, id === null || id === undefined ? null : String(id), `${key}: entity_id`);
          if (x.before) assert.ok(e.before && typeof e.before === 'object', `${key}: before recorded`);
          if (x.after) assert.ok(e.after && typeof e.after === 'object', `${key}: after recorded`);
          if (s.as.user && who !== 'public') assert.equal(e.user_login ?? e.login ?? s.as.user.login, s.as.user.login, `${key}: actor`);
        });
      } catch (err) {
        failures.push(`${key}: ${err.message}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('a refused write leaves no audit entry (the bracket rolls it back)', async () => {
    const since = await lastAuditId();
    const bad = await staff.post(`/api/plans/${pdl.id}/decisions`, { text: 'x', status: 'in_progress_NOT_A_STATUS' });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.json.error.fields[0].field, 'status');
    const long = await staff.post(`/api/plans/${pdl.id}/decisions`, { text: 'x', owner_person: 'p'.repeat(300) });
    assert.equal(long.status, 400, long.text);
    assert.equal(long.json.error.fields[0].field, 'owner_person');
    assert.match(long.json.error.fields[0].message, /200 caractères au plus/);
    assert.deepEqual(await auditSince(since), []);
  });
});

/** The first worksheet's XML of an XLSX file. */
function sheetXml(buf) {
  return unzip(buf).find((x) => x.name === 'xl/worksheets/sheet1.xml')?.data.toString('utf8') ?? '';
}
