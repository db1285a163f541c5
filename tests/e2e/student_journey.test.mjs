// The student's journey (issue 11, session 12), on both engines: a student
// signs up on the public site as "Étudiant ou élève en formation" (role
// intern) through the real sign-up and e-mail verification (plam serve's
// SMTP client to a local sink, tests/lib/smtp_sink.mjs), creates their own
// candidate profile, applies to the demo seasonal campaign, reads "Mes
// offres" once a wave reached them, and exports their data. An intern holds
// only the candidate's *own* permissions: another candidate's record, the
// candidates' list and every staff or employer route stay closed. The demo
// intern (who has an internship and an evaluation) exports both their
// internship data and their candidate data, and the erasure anonymises the
// candidate record, unlinks the evaluation and leaves the sites' results
// and the audit log as they were. Every write is audited.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbQuery, runPlam, startServer } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp_sink.mjs';

const PASSWORD = 'un mot de passe assez long';
const one = (srv, sql) => dbQuery(srv, sql)[0]?.[0];
const profile = (over = {}) => ({
  first_name: 'Inès', last_name: 'Saisonnière', email: 'ines.saison@exemple.fr', profession: 'ETU-IDE-2',
  situation: 'student', lat: 48.005, lon: 0.197, departement: 'DEP-72', max_km: 30, accepts_shift: true,
  accepts_fixed_term: true,
  availability: [{ kind: 'available', start: '2027-07-01T00:00+02:00', end: '2027-09-01T00:00+02:00' }], ...over,
});

describe('a student signs up, makes a profile, applies, sees offers, exports', { timeout: 240000 }, () => {
  let srv, sink, me, uid, campaign;
  before(async () => {
    sink = await startSmtpSink();
    srv = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--smtp-starttls', 'non',
      '--mail-from', 'ne-pas-repondre@plam.test', '--mail-retry', '1', '--offer-tick', '0'] });
  });
  after(async () => {
    await srv?.stop();
    await sink?.stop();
  });

  test('sign-up as a student, verification by e-mail, log-in: role intern with the candidate\'s own permissions', async () => {
    const anon = srv.anon();
    const email = 'ines.saison@exemple.fr';
    const r = await anon.post('/api/registrations', { email, display_name: 'Inès Saisonnière', role: 'intern', password: PASSWORD });
    assert.equal(r.status, 202, r.text);
    const m = await sink.waitFor((x) => x.to.includes(email) && /Confirmez/.test(x.subject));
    const token = /#jeton=([A-Za-z0-9._-]+)/.exec(m.text)?.[1];
    assert.ok(token, m.text);
    const v = await anon.post('/api/registrations/verify', { token });
    assert.equal(v.status, 200, v.text);
    me = await srv.login(v.json.data.login, PASSWORD);
    const who = await me.get('/api/me');
    assert.equal(who.status, 200, who.text);
    assert.equal(who.json.data.user.role, 'intern');
    uid = who.json.data.user.id;
    const perms = who.json.data.permissions;
    for (const p of ['candidate.profile', 'candidate.self', 'candidate.data', 'intern.evaluate'])
      assert.ok(perms.includes(p), `${p} in ${perms}`);
    for (const p of ['recruit.manage', 'need.manage', 'qualification.verify', 'offer.manage', 'dash.read', 'user.read'])
      assert.ok(!perms.includes(p), `${p} not held`);
  });

  test('the student creates their own profile (audited), once', async () => {
    assert.equal((await me.get('/api/me/candidate')).status, 404);
    assert.equal((await me.get('/api/pools')).status, 200); // the profile page lists the pools to join
    let r = await me.post('/api/candidates', profile());
    assert.equal(r.status, 201, r.text);
    const cid = r.json.data.id;
    assert.equal(r.json.data.profession, 'ETU-IDE-2');
    r = await me.get('/api/me/candidate');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.id, cid);
    assert.equal(one(srv, `SELECT user_id FROM candidates WHERE id = ${cid}`), String(uid));
    assert.equal((await me.post('/api/candidates', profile())).status, 409, 'one record per account');
    r = await me.put(`/api/candidates/${cid}`, profile({ max_km: 40 }));
    assert.equal(r.status, 200, r.text);
    assert.equal(one(srv, `SELECT count(*) FROM audit_log WHERE entity = 'candidate' AND entity_id = '${cid}' AND user_id = ${uid} AND action IN ('create', 'update')`), '2');
  });

  test('the student applies to the demo seasonal campaign (audited), once', async () => {
    const list = await srv.anon().get('/api/seasonal-campaigns');
    campaign = list.json.data.find((c) => /démonstration/.test(c.name));
    assert.ok(campaign, list.text);
    assert.equal(campaign.status, 'open', 'the demo campaign runs until 31 August 2027');
    // the campaign's pool is joined by applying (admitted programmes checked), not through the profile
    const cid = (await me.get('/api/me/candidate')).json.data.id;
    let r = await me.put(`/api/candidates/${cid}`, profile({ pools: [campaign.pool_id] }));
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.fields[0].field, 'pools');
    assert.match(r.json.error.fields[0].message, /postulez depuis la page de la campagne/);
    r = await me.post(`/api/seasonal-campaigns/${campaign.id}/applications`);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.data.already, false);
    r = await me.post(`/api/seasonal-campaigns/${campaign.id}/applications`);
    assert.equal(r.status, 409, r.text);
    assert.match(r.json.error.fields[0].message, /déjà postulé/);
    const me2 = await me.get('/api/me/candidate');
    assert.ok(me2.json.data.pools.some((p) => p.id === campaign.pool_id));
    assert.equal(one(srv, `SELECT count(*) FROM audit_log WHERE action = 'apply' AND entity = 'seasonal_campaign' AND entity_id = '${campaign.id}' AND user_id = ${uid}`), '1');
  });

  test('a wave reaches the student: "Mes offres" lists it and the student can answer', async () => {
    assert.deepEqual((await me.get('/api/me/offers')).json.data.offers ?? [], []);
    const t = runPlam(['offer', 'tick', '--db', srv.db, '--now', '2027-06-20T08:00+02:00']);
    assert.equal(t.status, 0, t.stdout + t.stderr);
    const cid = (await me.get('/api/me/candidate')).json.data.id;
    const sent = Number(one(srv, `SELECT count(*) FROM offers WHERE candidate_id = ${cid}`));
    assert.ok(sent >= 1, 'the demo campaign\'s needs reach the student who applied');
    const r = await me.get('/api/me/offers');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.offers.length, sent, r.text);
    const mail = await sink.waitFor((x) => x.to.includes('ines.saison@exemple.fr') && !/Confirmez/.test(x.subject));
    assert.ok(mail.text.length > 0);
  });

  test('the student exports their data: account, profile, application; audited', async () => {
    const r = await me.get('/api/me/data');
    assert.equal(r.status, 200, r.text);
    const d = r.json.data;
    assert.equal(d.account.role, 'intern');
    assert.equal(d.account.email, 'ines.saison@exemple.fr');
    assert.equal(d.candidate.first_name, 'Inès');
    assert.deepEqual(d.seasonal_applications.map((a) => a.id), [campaign.id]);
    assert.ok(d.offers.length >= 1);
    assert.deepEqual(d.internships, []);
    assert.deepEqual(d.internship_evaluations, []);
    assert.deepEqual(d.allocation_campaigns, []);
    assert.ok(!/Chloé|Yanis|Manon|argon2|token_hash/.test(JSON.stringify(d)), 'nothing about other students, no secret');
    assert.equal(one(srv, `SELECT count(*) FROM audit_log WHERE action = 'export' AND entity = 'user' AND entity_id = '${uid}'`), '1');
  });

  test('least privilege: an intern reads no other candidate and no staff or employer route', async () => {
    const other = one(srv, "SELECT id FROM candidates WHERE first_name = 'Chloé'");
    assert.ok(other);
    for (const x of [await me.get(`/api/candidates/${other}`), await me.put(`/api/candidates/${other}`, profile())])
      assert.equal(x.status, 404, x.text);
    assert.equal(one(srv, `SELECT first_name FROM candidates WHERE id = ${other}`), 'Chloé');
    const need = one(srv, 'SELECT id FROM needs ORDER BY id LIMIT 1');
    const closed = [
      ['get', `/api/candidates/${other}/qualifications`], ['get', '/api/needs'], ['get', `/api/needs/${need}`],
      ['get', `/api/needs/${need}/ranking`], ['get', `/api/needs/${need}/offers`], ['get', '/api/recruit-dashboard'],
      ['get', '/api/users'], ['get', '/api/audit'], ['get', '/api/establishments'], ['get', '/api/outbox'],
      ['post', '/api/pools', { name: 'Vivier pirate', level: 'region' }],
      ['post', '/api/seasonal-campaigns', { name: 'x' }],
      ['patch', `/api/seasonal-campaigns/${campaign.id}`, { status: 'closed' }],
      ['post', `/api/candidates/${other}/qualifications/verify`, { code: 'AFGSU2' }],
    ];
    for (const [m, url, body] of closed) {
      const r = await me[m](url, body);
      assert.equal(r.status, 403, `${m} ${url}: ${r.text}`);
    }
  });
});

describe('the demo intern: internship data and candidate data, exported and erased together', { timeout: 180000 }, () => {
  let srv, interne, uid;
  before(async () => {
    srv = await startServer({ args: ['--offer-tick', '0'] });
    interne = await srv.login('interne');
    uid = Number(one(srv, "SELECT id FROM users WHERE login = 'interne'"));
    const grid = { semester: '2025-11', supervision: 3, conditions: 3, hours: 45, rest_taken: 1, training_half_days: 2,
      non_medical: 2, respect: 3, harassment: false, comment: 'Bon encadrement.' };
    const r = await interne.post('/api/intern/evaluations', grid);
    assert.equal(r.status, 201, r.text);
    const c = await interne.post('/api/candidates', profile({ email: 'interne.candidate@exemple.fr' }));
    assert.equal(c.status, 201, c.text);
  });
  after(async () => { await srv?.stop(); });

  test('the export holds the internship, the evaluation and the candidate record', async () => {
    const r = await interne.get('/api/me/data');
    assert.equal(r.status, 200, r.text);
    const d = r.json.data;
    assert.equal(d.account.login, 'interne');
    assert.equal(d.candidate.email, 'interne.candidate@exemple.fr');
    assert.deepEqual(d.internships.map((x) => x.semester), ['2025-11']);
    assert.ok(d.internships[0].site && d.internships[0].establishment);
    assert.equal(d.internship_evaluations.length, 1);
    assert.equal(d.internship_evaluations[0].comment, 'Bon encadrement.');
    assert.equal(d.internship_evaluations[0].hours, 45);
    assert.ok(Array.isArray(d.allocation_campaigns) && Array.isArray(d.allocation_wishes));
  });

  test('the erasure anonymises the candidate record and unlinks the evaluation; results and audit stay', async () => {
    const staff = await srv.login('staff');
    const resultsBefore = (await staff.get('/api/intern/results')).json;
    const auditBefore = dbQuery(srv, 'SELECT id, action, entity, entity_id, before, after FROM audit_log ORDER BY id').map((x) => x.join('|'));
    const evals = one(srv, 'SELECT count(*) FROM intern_evaluations');
    const r = await interne.post('/api/me/data/erase', { password: 'demo-interne-2026' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.candidate_record, true);
    assert.equal(r.json.data.internship_evaluations, 1);
    assert.equal(one(srv, `SELECT count(*) FROM intern_evaluations WHERE author_id = ${uid}`), '0');
    assert.equal(one(srv, 'SELECT count(*) FROM intern_evaluations'), evals, 'the answer stays in the sites\' sums');
    assert.equal(one(srv, "SELECT count(*) FROM candidates WHERE email = 'interne.candidate@exemple.fr'"), '0');
    assert.equal(one(srv, `SELECT login FROM users WHERE id = ${uid}`), `efface-${uid}`);
    // the internship stays attached to the tombstone account (the site's placement history), nameless
    assert.equal(one(srv, `SELECT count(*) FROM intern_assignments WHERE user_id = ${uid}`), '1');
    const after = await staff.get('/api/intern/results');
    assert.equal(after.status, 200, after.text);
    assert.deepEqual(after.json, resultsBefore);
    const auditAfter = dbQuery(srv, 'SELECT id, action, entity, entity_id, before, after FROM audit_log ORDER BY id').map((x) => x.join('|'));
    assert.deepEqual(auditAfter.slice(0, auditBefore.length), auditBefore);
    assert.equal((await srv.anon().login('interne', 'demo-interne-2026')).status, 401);
  });
});
