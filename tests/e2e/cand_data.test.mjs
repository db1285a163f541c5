// A candidate's own data (cand, issue 11), on both engines: GET /api/me/data
// exports everything stored about the logged-in person (account, candidate
// record, qualifications, availability, pools, offers, shifts, cancellations,
// sessions, audit entries about them) and nothing about anyone else, with no
// secret (password or link hashes); POST /api/me/data/erase, confirmed by the
// password, refuses while a confirmed shift is to come, then removes or
// anonymises the personal data while the offers, shifts and cancellations
// (the establishments' statistics) and every audit entry stay as they were.
// Both are audited; only candidates may.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbQuery, startServer } from '../lib/server.mjs';
import { seedBase, seedCandidates, seedNeed, seedOffers } from '../lib/offer_fixture.mjs';

const PASSWORD = 'un mot de passe assez long';
const one = (srv, sql) => dbQuery(srv, sql)[0]?.[0];

describe('my data: export and erasure', { timeout: 180000 }, () => {
  let srv, me, uid;
  before(async () => {
    srv = await startServer({ args: ['--offer-tick', '0'] });
    seedBase(srv);
    seedCandidates(srv, 98001, 2);
    const admin = await srv.login('admin');
    const u = await admin.post('/api/users', { login: 'donnees.moi', display_name: 'Denise Données', email: 'c98001@exemple.fr',
      role: 'candidate', password: PASSWORD });
    assert.equal(u.status, 201, u.text);
    uid = u.json.data.id;
    dbQuery(srv, `UPDATE candidates SET user_id = ${uid}, rpps = '10000000008' WHERE id = 98001;
      INSERT INTO candidate_qualifications(candidate_id, code, valid_until) VALUES (98001, 'AFGSU2', '2031-01-01');
      INSERT INTO outbox(kind, recipient, subject, body, next_attempt_at, created_at) VALUES ('email', 'c98001@exemple.fr', 'Offre', 'Bonjour Prénom98001', 0, 0);`,
    { write: true });
    seedNeed(srv, { id: 98101, headcount: 2, start: '2030-03-15T08:00+01:00', end: '2030-03-15T20:00+01:00' });
    seedNeed(srv, { id: 98102, start: '2030-03-17T08:00+01:00', end: '2030-03-17T20:00+01:00' });
    seedOffers(srv, 98101, [98001, 98002]);
    seedOffers(srv, 98102, [98001, 98002]);
    me = await srv.login('donnees.moi', PASSWORD);
    const id = one(srv, 'SELECT id FROM offers WHERE need_id = 98101 AND candidate_id = 98001');
    const r = await me.post(`/api/me/offers/${id}/answer`, { answer: 'accept' });
    assert.equal(r.json.data.status, 'confirmed', r.text);
  });
  after(async () => { await srv?.stop(); });

  test('the export holds everything about me, nothing about others, no secret; audited', async () => {
    const r = await me.get('/api/me/data');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers['content-disposition'], /attachment; filename="mes-donnees-plam.json"/);
    const d = r.json.data;
    assert.equal(d.format, 'plam-donnees-personnelles/1');
    assert.equal(d.account.login, 'donnees.moi');
    assert.equal(d.account.email, 'c98001@exemple.fr');
    assert.equal(d.account.pending_verification, false);
    assert.equal(d.candidate.id, 98001);
    assert.equal(d.candidate.first_name, 'Prénom98001');
    assert.equal(d.candidate.rpps, '10000000008');
    assert.deepEqual(d.qualifications.map((q) => q.code), ['AFGSU2']);
    assert.equal(d.availability.length, 1);
    assert.deepEqual(d.pools.map((p) => p.name), ['Vivier régional (test)']);
    assert.deepEqual(d.offers.map((o) => [o.need_id, o.status]).sort(), [[98101, 'confirmed'], [98102, 'sent']]);
    assert.equal(d.offers[0].establishment, 'CH Fixture');
    assert.equal(d.shifts.length, 1);
    assert.equal(d.shifts[0].start, '2030-03-15T08:00+01:00');
    assert.ok(d.sessions.length >= 1);
    assert.ok(d.audit.some((a) => a.action === 'accept' && a.entity === 'offer' && a.user_login === 'donnees.moi'));
    assert.ok(d.audit.some((a) => a.action === 'create' && a.entity === 'user' && a.after && a.after.login === 'donnees.moi'),
      'entries about me are JSON, not text');
    const text = JSON.stringify(d);
    assert.ok(!text.includes('Prénom98002') && !text.includes('c98002@'), 'nothing about another candidate');
    assert.ok(!/argon2|password_hash|token_hash/.test(text), 'no secret');
    assert.equal(one(srv, `SELECT count(*) FROM audit_log WHERE action = 'export' AND entity = 'user' AND entity_id = '${uid}'`), '1');
  });

  test('erasure: the password confirms, a confirmed shift to come stops it', async () => {
    let r = await me.post('/api/me/data/erase', { password: 'pas le bon mot de passe' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.fields[0].field, 'password');
    assert.match(r.json.error.fields[0].message, /mot de passe incorrect/);
    assert.equal(one(srv, `SELECT count(*) FROM audit_log WHERE action = 'erase_failed' AND entity_id = '${uid}'`), '1');
    r = await me.post('/api/me/data/erase', {});
    assert.equal(r.status, 400);
    assert.equal(r.json.error.fields[0].field, 'password');
    r = await me.post('/api/me/data/erase', { password: PASSWORD });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.fields[0].field, 'confirm');
    assert.match(r.json.error.fields[0].message, /missions confirmées à venir/);
    assert.equal(one(srv, 'SELECT first_name FROM candidates WHERE id = 98001'), 'Prénom98001', 'nothing erased');
  });

  test('erasure removes or anonymises the person; statistics and the audit log stay', async () => {
    const shiftOffer = one(srv, 'SELECT id FROM offers WHERE need_id = 98101 AND candidate_id = 98001');
    let r = await me.post(`/api/me/offers/${shiftOffer}/answer`, { answer: 'cancel', reason: 'family' });
    assert.equal(r.status, 200, r.text);
    const auditBefore = dbQuery(srv, 'SELECT id, action, entity, entity_id, before, after FROM audit_log ORDER BY id').map((x) => x.join('|'));
    const offersBefore = one(srv, 'SELECT count(*) FROM offers WHERE candidate_id = 98001');

    r = await me.post('/api/me/data/erase', { password: PASSWORD });
    assert.equal(r.status, 200, r.text);
    assert.match(String(r.headers['set-cookie']), /plam_session=;.*Max-Age=0/);
    assert.equal(r.json.data.login, `efface-${uid}`);
    assert.equal(r.json.data.offers_withdrawn, 1);
    assert.equal(r.json.data.qualifications, 1);
    assert.equal(r.json.data.messages, 1);

    // the person is gone: session ended, the old login and password no longer open anything
    assert.equal((await me.get('/api/me')).status, 401);
    assert.equal((await srv.anon().login('donnees.moi', PASSWORD)).status, 401);
    assert.equal(dbQuery(srv, `SELECT login, display_name, coalesce(email, '-'), disabled FROM users WHERE id = ${uid}`)[0].join(' '),
      `efface-${uid} Compte effacé - 1`);
    assert.equal(dbQuery(srv, 'SELECT first_name, last_name, email, phone, coalesce(rpps, \'-\'), coalesce(user_id, 0), active, CASE WHEN lat = 0 AND lon = 0 THEN \'sans-domicile\' ELSE \'domicile\' END FROM candidates WHERE id = 98001')[0].join(' '),
      'Effacé Effacé efface@invalid  - 0 0 sans-domicile');
    for (const t of ['candidate_qualifications', 'candidate_availability', 'candidate_pools'])
      assert.equal(one(srv, `SELECT count(*) FROM ${t} WHERE candidate_id = 98001`), '0', t);
    assert.equal(one(srv, "SELECT count(*) FROM outbox WHERE recipient = 'c98001@exemple.fr'"), '0');
    assert.equal(one(srv, `SELECT count(*) FROM sessions WHERE user_id = ${uid}`), '0');
    // what stays: profession and département, the offers (reasons cleared), shifts and cancellations
    assert.equal(dbQuery(srv, 'SELECT profession, departement FROM candidates WHERE id = 98001')[0].join(' '), 'IDE DEP-44');
    assert.equal(one(srv, 'SELECT count(*) FROM offers WHERE candidate_id = 98001'), offersBefore);
    assert.equal(one(srv, "SELECT count(*) FROM offers WHERE candidate_id = 98001 AND reasons <> '[]'"), '0');
    assert.equal(one(srv, 'SELECT status FROM offers WHERE need_id = 98102 AND candidate_id = 98001'), 'withdrawn');
    assert.equal(one(srv, 'SELECT status FROM assignments WHERE candidate_id = 98001'), 'cancelled');
    assert.equal(one(srv, 'SELECT reason FROM offer_events WHERE candidate_id = 98001'), 'family');
    // the other candidate is untouched
    assert.equal(one(srv, 'SELECT first_name FROM candidates WHERE id = 98002'), 'Prénom98002');
    // the audit log: every earlier entry unchanged, the erasure recorded with counts only
    const auditAfter = dbQuery(srv, 'SELECT id, action, entity, entity_id, before, after FROM audit_log ORDER BY id').map((x) => x.join('|'));
    assert.deepEqual(auditAfter.slice(0, auditBefore.length), auditBefore);
    const erase = dbQuery(srv, "SELECT entity, entity_id, after FROM audit_log WHERE action = 'erase' ORDER BY id");
    assert.deepEqual(erase.map((x) => `${x[0]} ${x[1]}`), [`user ${uid}`, 'candidate 98001']);
    assert.ok(!erase.map((x) => x[2]).join('').includes('Prénom98001'));
    // a new candidate can be ranked as before: the tombstone is inactive and in no pool
    assert.equal(one(srv, 'SELECT count(*) FROM candidates WHERE id = 98001 AND active = 1'), '0');
  });

  test('only candidates export or erase their own data', async () => {
    const employer = await srv.login('employeur');
    assert.equal((await employer.get('/api/me/data')).status, 403);
    assert.equal((await employer.post('/api/me/data/erase', { password: 'demo-employeur-2026' })).status, 403);
    const admin = await srv.login('admin');
    assert.equal((await admin.get('/api/me/data')).status, 403);
    assert.equal((await srv.anon().get('/api/me/data')).status, 401);
  });

  test('a candidate account without a record exports its account and erases it', async () => {
    const admin = await srv.login('admin');
    const u = await admin.post('/api/users', { login: 'sans.fiche.donnees', display_name: 'Sans Fiche', role: 'candidate', password: PASSWORD });
    const c = await srv.login('sans.fiche.donnees', PASSWORD);
    const r = await c.get('/api/me/data');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.candidate, null);
    assert.deepEqual(r.json.data.offers, []);
    const e = await c.post('/api/me/data/erase', { password: PASSWORD });
    assert.equal(e.status, 200, e.text);
    assert.equal(e.json.data.candidate_record, false);
    assert.equal(one(srv, `SELECT login FROM users WHERE id = ${u.json.data.id}`), `efface-${u.json.data.id}`);
  });
});
