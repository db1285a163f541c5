// Governance writes (issue 3) end to end: bodies with their pilots, meetings
// with status, minutes and attendees, decisions (owner, due date, status
// changes with the allowed transitions, link to a meeting), indicator
// targets and their revisions (both versions kept, history=1, the dashboard
// uses the version in force), field errors in French, permissions (pilot,
// partner and anonymous refused) and the audit rows of every write.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../lib/server.mjs';

const DATE = '2022-03-15';

describe('governance', { timeout: 120000 }, () => {
  let srv, staff, pilot, partner, anon, admin;
  let pdl, plan, orgs;
  before(async () => {
    srv = await startServer();
    [staff, pilot, partner, admin] = await Promise.all(['staff', 'pilote', 'partenaire', 'admin'].map((l) => srv.login(l)));
    anon = srv.anon();
    pdl = (await anon.get('/api/plans')).json.data.find((p) => p.slug === 'pdl-plam-2022');
    plan = (await anon.get(`/api/plans/${pdl.id}`)).json.data;
    orgs = (await staff.get('/api/organisations?limit=10')).json.data;
    assert.ok(orgs.length >= 2);
  });
  after(async () => { await srv?.stop(); });

  const governance = async () => (await anon.get(`/api/plans/${pdl.id}/governance`)).json.data;
  const auditOf = async (entity, id) =>
    (await admin.get(`/api/audit?entity=${entity}&limit=200`)).json.data.filter((e) => e.entity_id === String(id));
  const fieldOf = (r) => r.json?.error?.fields?.[0]?.field;

  test('bodies: create with pilots, validation, update, public read, audit', async () => {
    const axis = plan.axes[0];
    const tech = await staff.post(`/api/plans/${pdl.id}/gov-bodies`, {
      kind: 'technical', name: 'Comité technique (e2e)', axis_id: axis.id, frequency: 'trimestrielle', meetings_per_year: 4,
      pilots: [orgs[0].id, orgs[1].id] });
    assert.equal(tech.status, 201, tech.text);
    assert.equal(tech.json.data.axis_id, axis.id);
    assert.deepEqual(tech.json.data.pilots.map((p) => p.org_id).sort(), [orgs[0].id, orgs[1].id].sort());

    // field errors, in French
    const noAxis = await staff.post(`/api/plans/${pdl.id}/gov-bodies`, { kind: 'technical', name: 'Sans axe' });
    assert.equal(noAxis.status, 400);
    assert.equal(fieldOf(noAxis), 'axis_id');
    assert.match(noAxis.json.error.fields[0].message, /axe/);
    const noDep = await staff.post(`/api/plans/${pdl.id}/gov-bodies`, { kind: 'territorial', name: 'CT', territory_id: 'REG-52' });
    assert.equal(fieldOf(noDep), 'territory_id');
    assert.match(noDep.json.error.fields[0].message, /département/);
    assert.equal(fieldOf(await staff.post(`/api/plans/${pdl.id}/gov-bodies`, { kind: 'club', name: 'x' })), 'kind');
    assert.equal(fieldOf(await staff.post(`/api/plans/${pdl.id}/gov-bodies`, { kind: 'copil' })), 'name');
    assert.equal(fieldOf(await staff.post(`/api/plans/${pdl.id}/gov-bodies`, { kind: 'copil', name: 'x', pilots: [999999] })), 'pilots');
    assert.equal(fieldOf(await staff.post(`/api/plans/${pdl.id}/gov-bodies`, { kind: 'copil', name: 'x', colour: 'bleu' })), 'colour');
    assert.equal((await staff.post('/api/plans/999999/gov-bodies', { kind: 'copil', name: 'x' })).status, 404);

    const terr = await staff.post(`/api/plans/${pdl.id}/gov-bodies`, { kind: 'territorial', name: 'Comité territorial 44 (e2e)', territory_id: 'DEP-44' });
    assert.equal(terr.status, 201, terr.text);
    const upd = await staff.patch(`/api/gov-bodies/${tech.json.data.id}`, { name: 'Comité technique axe 1 (e2e)', pilots: [orgs[1].id], frequency: null });
    assert.equal(upd.status, 200, upd.text);
    assert.equal(upd.json.data.name, 'Comité technique axe 1 (e2e)');
    assert.equal(upd.json.data.frequency, null);
    assert.equal(upd.json.data.meetings_per_year, 4, 'absent fields are unchanged');
    assert.deepEqual(upd.json.data.pilots.map((p) => p.org_id), [orgs[1].id]);
    assert.equal((await staff.patch('/api/gov-bodies/999999', { name: 'x' })).status, 404);

    const g = await governance();
    const b = g.bodies.find((x) => x.id === tech.json.data.id);
    assert.equal(b.name, 'Comité technique axe 1 (e2e)');
    assert.equal(b.pilots[0].org_id, orgs[1].id);
    assert.ok(b.pilots[0].org_name);

    const au = await auditOf('gov_body', tech.json.data.id);
    assert.deepEqual(au.map((e) => e.action).sort(), ['create', 'update']);
    const u = au.find((e) => e.action === 'update');
    assert.equal(u.before.name, 'Comité technique (e2e)');
    assert.equal(u.after.name, 'Comité technique axe 1 (e2e)');
  });

  test('meetings: create, status, minutes, attendees, validation, audit', async () => {
    const body = (await staff.post(`/api/plans/${pdl.id}/gov-bodies`, { kind: 'copil', name: 'COPIL (e2e)' })).json.data;
    const past = await staff.post(`/api/gov-bodies/${body.id}/meetings`, {
      held_on: '2022-06-30', title: 'COPIL de juin', place: 'Nantes',
      attendees: [{ org_id: orgs[0].id, person: 'Mme Durand' }, { org_id: orgs[1].id }], attendees_text: 'et 12 partenaires' });
    assert.equal(past.status, 201, past.text);
    assert.equal(past.json.data.status, 'held', 'a past meeting defaults to held');
    assert.equal(past.json.data.attendees.length, 2);
    assert.equal(past.json.data.attendees.find((a) => a.org_id === orgs[0].id).person, 'Mme Durand');
    const future = await staff.post(`/api/gov-bodies/${body.id}/meetings`, { held_on: '2099-01-15', title: 'COPIL de 2099' });
    assert.equal(future.json.data.status, 'planned', 'a future meeting defaults to planned');

    assert.equal(fieldOf(await staff.post(`/api/gov-bodies/${body.id}/meetings`, { held_on: '2022-02-30', title: 'x' })), 'held_on');
    assert.equal(fieldOf(await staff.post(`/api/gov-bodies/${body.id}/meetings`, { held_on: '2022-02-03' })), 'title');
    assert.equal(fieldOf(await staff.post(`/api/gov-bodies/${body.id}/meetings`, { held_on: '2022-02-03', title: 'x', status: 'reportée' })), 'status');
    const dup = await staff.post(`/api/gov-bodies/${body.id}/meetings`, { held_on: '2022-02-03', title: 'x', attendees: [{ org_id: orgs[0].id }, { org_id: orgs[0].id }] });
    assert.equal(fieldOf(dup), 'attendees');
    assert.equal((await staff.post('/api/gov-bodies/999999/meetings', { held_on: '2022-02-03', title: 'x' })).status, 404);

    const upd = await staff.patch(`/api/gov-meetings/${future.json.data.id}`, {
      status: 'cancelled', minutes: 'Réunion annulée faute de quorum.', attendees: [{ org_id: orgs[1].id, person: 'M. Martin' }] });
    assert.equal(upd.status, 200, upd.text);
    assert.equal(upd.json.data.status, 'cancelled');
    assert.equal(upd.json.data.title, 'COPIL de 2099');
    assert.deepEqual(upd.json.data.attendees.map((a) => a.person), ['M. Martin']);
    const min = await staff.patch(`/api/gov-meetings/${past.json.data.id}`, { minutes: 'Relevé de décisions : 3 décisions.' });
    assert.equal(min.json.data.attendees.length, 2, 'attendees unchanged when absent');

    const g = await governance();
    const m = g.bodies.find((x) => x.id === body.id).meetings.find((x) => x.id === past.json.data.id);
    assert.equal(m.minutes, 'Relevé de décisions : 3 décisions.');
    assert.equal(m.status, 'held');
    const au = await auditOf('gov_meeting', future.json.data.id);
    assert.deepEqual(au.map((e) => e.action).sort(), ['create', 'update']);
    assert.equal(au.find((e) => e.action === 'update').before.status, 'planned');
  });

  test('decisions: owner, due date, status transitions, link to a meeting, audit', async () => {
    const body = (await staff.post(`/api/plans/${pdl.id}/gov-bodies`, { kind: 'followup', name: 'Comité de suivi (e2e)' })).json.data;
    const meeting = (await staff.post(`/api/gov-bodies/${body.id}/meetings`, { held_on: '2023-01-10', title: 'Suivi janvier' })).json.data;
    const dec = await staff.post(`/api/plans/${pdl.id}/decisions`, { text: 'Lancer l’appel à projets (e2e)', due_on: '2023-03-31' });
    assert.equal(dec.status, 201, dec.text);
    const id = dec.json.data.id;
    assert.equal(dec.json.data.status, 'open');

    let r = await staff.patch(`/api/decisions/${id}`, { owner_org_id: orgs[0].id, owner_person: 'Chargée de mission', status: 'in_progress', meeting_id: meeting.id });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.status, 'in_progress');
    assert.equal(r.json.data.owner_org_id, orgs[0].id);
    assert.equal(r.json.data.owner_name, orgs[0].name);
    assert.equal(r.json.data.meeting_id, meeting.id);
    r = await staff.patch(`/api/decisions/${id}`, { status: 'done' });
    assert.equal(r.json.data.status, 'done');
    // done cannot turn into dropped; the message names both statuses in French
    r = await staff.patch(`/api/decisions/${id}`, { status: 'dropped' });
    assert.equal(r.status, 400);
    assert.equal(fieldOf(r), 'status');
    assert.match(r.json.error.fields[0].message, /faite.*abandonnée/);
    assert.equal(fieldOf(await staff.patch(`/api/decisions/${id}`, { status: 'terminée' })), 'status');
    assert.equal(fieldOf(await staff.patch(`/api/decisions/${id}`, { due_on: '31/03/2023' })), 'due_on');
    assert.equal(fieldOf(await staff.patch(`/api/decisions/${id}`, { text: '' })), 'text');
    assert.equal(fieldOf(await staff.patch(`/api/decisions/${id}`, { owner_org_id: 999999 })), 'owner_org_id');
    assert.equal(fieldOf(await staff.patch(`/api/decisions/${id}`, { meeting_id: 999999 })), 'meeting_id');
    // reopening a done decision: in progress
    r = await staff.patch(`/api/decisions/${id}`, { status: 'in_progress', due_on: '2023-06-30' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.due_on, '2023-06-30');
    assert.equal((await staff.patch('/api/decisions/999999', { status: 'done' })).status, 404);

    const g = await governance();
    const m = g.bodies.find((x) => x.id === body.id).meetings.find((x) => x.id === meeting.id);
    assert.ok(m.decisions.some((d) => d.id === id && d.status === 'in_progress' && d.overdue === true), 'due 2023-06-30, in progress: overdue');
    // the status history is the audit trail: open -> in_progress -> done -> in_progress
    const au = (await auditOf('decision', id)).filter((e) => e.action === 'status').sort((a, b) => a.id - b.id);
    assert.deepEqual(au.map((e) => [e.before.status, e.after.status]), [['open', 'in_progress'], ['in_progress', 'done'], ['done', 'in_progress']]);
    // unlink from the meeting
    r = await staff.patch(`/api/decisions/${id}`, { meeting_id: null });
    assert.equal(r.json.data.meeting_id, null);
    await staff.patch(`/api/decisions/${id}`, { status: 'done' });
    const loose = (await governance()).decisions_without_meeting.find((d) => d.id === id);
    assert.equal(loose.overdue, false, 'a done decision is not overdue');
  });

  test('targets: create, revise citing a decision, both versions kept, progress uses the version in force', async () => {
    const ind = plan.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators).find((i) => i.code === 'pdl-1.1-parcours');
    const finalT = ind.targets.find((t) => t.kind === 'final' && t.current !== false);
    assert.equal(finalT.value, 500);
    const dash = async () => (await anon.get(`/api/plans/${pdl.id}/dashboard?date=${DATE}`)).json.data.indicators.find((i) => i.code === 'pdl-1.1-parcours').result;
    const before = await dash();
    assert.equal(before.target, 500);
    assert.equal(Math.round(before.progress * 10) / 10, 76.8);

    const noDecision = await staff.put(`/api/indicator-targets/${finalT.id}`, { value: 400 });
    assert.equal(noDecision.status, 400);
    assert.equal(fieldOf(noDecision), 'decision_id');
    const dec = (await staff.post(`/api/plans/${pdl.id}/decisions`, { text: 'Ramener la cible des parcours à 400 (e2e)', status: 'done' })).json.data;
    assert.equal(fieldOf(await staff.put(`/api/indicator-targets/${finalT.id}`, { decision_id: dec.id })), 'value');
    const rev = await staff.put(`/api/indicator-targets/${finalT.id}`, { value: 400, decision_id: dec.id, source: 'COPIL (e2e)' });
    assert.equal(rev.status, 200, rev.text);
    assert.equal(rev.json.data.replaces_id, finalT.id);
    assert.equal(rev.json.data.decision_id, dec.id);
    assert.equal(rev.json.data.kind, 'final');
    assert.equal(rev.json.data.due_on, finalT.due_on, 'the due date is kept when not given');
    assert.equal(rev.json.data.current, true);
    // revising the old version again is refused
    assert.equal((await staff.put(`/api/indicator-targets/${finalT.id}`, { value: 300, decision_id: dec.id })).status, 409);

    const cur = (await anon.get(`/api/indicators/${ind.id}`)).json.data.targets;
    assert.ok(cur.some((t) => t.id === rev.json.data.id));
    assert.ok(!cur.some((t) => t.id === finalT.id), 'default view: versions in force only');
    const all = (await anon.get(`/api/indicators/${ind.id}?history=1`)).json.data.targets;
    const old = all.find((t) => t.id === finalT.id);
    assert.equal(old.value, 500);
    assert.equal(old.current, false);

    const afterR = await dash();
    assert.equal(afterR.target, 400);
    assert.equal(Math.round(afterR.progress * 10) / 10, Math.round(before.progress * 500 / 400 * 10) / 10);

    // a new target
    const created = await staff.post(`/api/indicators/${ind.id}/targets`, { kind: 'intermediate', due_on: '2022-12-31', value: 250, source: 'e2e' });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.data.territory_id, ind.scope_id);
    assert.equal(fieldOf(await staff.post(`/api/indicators/${ind.id}/targets`, { kind: 'objectif', value: 1 })), 'kind');
    assert.equal(fieldOf(await staff.post(`/api/indicators/${ind.id}/targets`, { kind: 'final', value: 'beaucoup' })), 'value');
    assert.equal(fieldOf(await staff.post(`/api/indicators/${ind.id}/targets`, { kind: 'final', value: 5, due_on: '2022-13-01' })), 'due_on');
    assert.equal(fieldOf(await staff.post(`/api/indicators/${ind.id}/targets`, { kind: 'final', value: 5, value_high: 4 })), 'value_high');
    assert.equal(fieldOf(await staff.post(`/api/indicators/${ind.id}/targets`, { kind: 'final', value: 5, territory_id: 'REG-53' })), 'territory_id');
    assert.equal((await staff.post('/api/indicators/999999/targets', { kind: 'final', value: 5 })).status, 404);

    const au = await auditOf('indicator_target', rev.json.data.id);
    assert.equal(au.length, 1);
    assert.equal(au[0].action, 'revise');
    assert.equal(au[0].before.value, 500);
    assert.equal(au[0].after.value, 400);
    assert.equal((await auditOf('indicator_target', created.json.data.id))[0].action, 'create');
  });

  test('permissions: pilot, partner and anonymous are refused every governance write', async () => {
    const g = await governance();
    const body = g.bodies[0];
    const ind = plan.axes[0].actions[0].indicators[0];
    const dec = (await staff.post(`/api/plans/${pdl.id}/decisions`, { text: 'Décision (droits e2e)' })).json.data;
    const meeting = (await staff.post(`/api/gov-bodies/${body.id}/meetings`, { held_on: '2022-05-05', title: 'Réunion (droits)' })).json.data;
    const target = (await staff.post(`/api/indicators/${ind.id}/targets`, { kind: 'intermediate', value: 1 })).json.data;
    const writes = [
      ['post', `/api/plans/${pdl.id}/gov-bodies`, { kind: 'copil', name: 'x' }],
      ['patch', `/api/gov-bodies/${body.id}`, { name: 'x' }],
      ['post', `/api/gov-bodies/${body.id}/meetings`, { held_on: '2022-01-01', title: 'x' }],
      ['patch', `/api/gov-meetings/${meeting.id}`, { minutes: 'x' }],
      ['patch', `/api/decisions/${dec.id}`, { status: 'done' }],
      ['post', `/api/indicators/${ind.id}/targets`, { kind: 'final', value: 1 }],
      ['put', `/api/indicator-targets/${target.id}`, { value: 2, decision_id: dec.id }],
    ];
    for (const [m, path, b] of writes) {
      for (const c of [pilot, partner]) assert.equal((await c[m](path, b)).status, 403, `${c.user.login} ${m} ${path}`);
      assert.equal((await anon[m](path, b)).status, 401, `anonymous ${m} ${path}`);
    }
    // nothing changed
    const d = (await anon.get(`/api/plans/${pdl.id}/governance`)).json.data;
    const all = [...d.decisions_without_meeting, ...d.bodies.flatMap((b) => b.meetings.flatMap((m) => m.decisions))];
    assert.equal(all.find((x) => x.id === dec.id).status, 'open');
    // partners read governance
    assert.equal((await partner.get(`/api/plans/${pdl.id}/governance`)).status, 200);
  });
});
