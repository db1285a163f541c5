// "Mes offres" through the real server (cand, issue 11), on both engines: a
// logged-in candidate lists the offers of their own candidate record (sent,
// confirmed, declined, expired, withdrawn…) with their needs and what they may
// do now, and answers them by id through the same transaction as the
// one-click link (accept → confirmed shift, decline, undo, cancel with a
// standard reason), audited like the link's answers; someone else's offer
// does not exist for them; the link and the page agree; other roles may not.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbQuery, startServer } from '../lib/server.mjs';
import { seedBase, seedCandidates, seedNeed, seedOffers } from '../lib/offer_fixture.mjs';

const one = (srv, sql) => dbQuery(srv, sql)[0][0];
const PASSWORD = 'un mot de passe assez long';

/** A candidate account linked to stored candidate `cand`; its logged-in client. */
async function candidateUser(srv, admin, login, cand) {
  const r = await admin.post('/api/users', { login, display_name: login, email: `${login}@exemple.fr`, role: 'candidate', password: PASSWORD });
  assert.equal(r.status, 201, r.text);
  if (cand) dbQuery(srv, `UPDATE candidates SET user_id = ${r.json.data.id} WHERE id = ${cand}`, { write: true });
  return srv.login(login, PASSWORD);
}

describe('my offers', { timeout: 180000 }, () => {
  let srv, me, other, offers;
  before(async () => {
    srv = await startServer({ args: ['--offer-tick', '0'] });
    seedBase(srv);
    seedCandidates(srv, 95001, 3);
    const admin = await srv.login('admin');
    me = await candidateUser(srv, admin, 'moi.candidate', 95001);
    other = await candidateUser(srv, admin, 'autre.candidate', 95002);
    seedNeed(srv, { id: 96001, start: '2030-03-05T08:00+01:00', end: '2030-03-05T20:00+01:00' });
    seedNeed(srv, { id: 96002, start: '2030-03-07T08:00+01:00', end: '2030-03-07T20:00+01:00' });
    seedNeed(srv, { id: 96003, start: '2030-03-09T08:00+01:00', end: '2030-03-09T20:00+01:00' });
    seedNeed(srv, { id: 96004, start: '2030-03-11T08:00+01:00', end: '2030-03-11T20:00+01:00' });
    offers = {};
    for (const need of [96001, 96002, 96003, 96004]) offers[need] = seedOffers(srv, need, [95001, 95002]);
    // one expired offer
    dbQuery(srv, `UPDATE offers SET status = 'expired', expires_at = sent_at + 1 WHERE need_id = 96004 AND candidate_id = 95001`, { write: true });
  });
  after(async () => { await srv?.stop(); });

  const mine = async (c = me) => {
    const r = await c.get('/api/me/offers');
    assert.equal(r.status, 200, r.text);
    return r.json.data;
  };
  const idOf = (need, cand = 95001) => Number(one(srv, `SELECT id FROM offers WHERE need_id = ${need} AND candidate_id = ${cand}`));

  test('lists my offers only, with their needs, slots and what I may do', async () => {
    const d = await mine();
    assert.equal(d.candidate_id, 95001);
    assert.deepEqual(d.offers.map((o) => o.need_id).sort(), [96001, 96002, 96003, 96004]);
    const o = d.offers.find((x) => x.need_id === 96001);
    assert.equal(o.status, 'sent');
    assert.equal(o.candidate, null, 'no contact block: it is my own record');
    assert.equal(o.need.establishment, 'CH Fixture');
    assert.deepEqual(o.need.slot_list, [{ start_at: '2030-03-05T08:00+01:00', end_at: '2030-03-05T20:00+01:00' }]);
    assert.deepEqual(o.can, { accept: true, decline: true, undo: false, cancel: false, no_show: false });
    const expired = d.offers.find((x) => x.need_id === 96004);
    assert.equal(expired.status, 'expired');
    assert.equal(expired.can.accept, false);
    assert.deepEqual(d.reasons.cancel.map((r) => r.code), ['illness', 'family', 'transport', 'other_job', 'unavailable', 'other']);
    assert.deepEqual(d.reasons.no_show.map((r) => r.code), ['shift_absent', 'other']);
    assert.ok(d.reasons.cancel.every((r) => r.label));
    assert.ok(!JSON.stringify(d).includes('Nom95002'), 'nothing about another candidate');
  });

  test('accept from the page: the link\'s own transaction, a confirmed shift, audited', async () => {
    const id = idOf(96001);
    const r = await me.post(`/api/me/offers/${id}/answer`, { answer: 'accept' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.status, 'confirmed');
    assert.equal(one(srv, `SELECT count(*) FROM assignments WHERE need_id = 96001 AND candidate_id = 95001 AND status = 'confirmed'`), '1');
    assert.equal(one(srv, 'SELECT status FROM needs WHERE id = 96001'), 'filled');
    assert.equal(one(srv, `SELECT status FROM offers WHERE need_id = 96001 AND candidate_id = 95002`), 'withdrawn');
    const audit = dbQuery(srv, `SELECT action, user_login FROM audit_log WHERE entity = 'offer' AND entity_id = '${id}' ORDER BY id`);
    assert.deepEqual(audit.at(-1), ['accept', 'moi.candidate']);
    // the link now sees the same state and refuses a second acceptance
    const link = await srv.anon().post('/api/offer-link/answer', { token: offers[96001][0].token, answer: 'accept' });
    assert.equal(link.status, 409);
    assert.match(link.json.error.fields[0].message, /déjà accepté/);
    const d = await mine();
    const o = d.offers.find((x) => x.need_id === 96001);
    assert.equal(o.status, 'confirmed');
    assert.equal(o.can.undo, true);
    assert.equal(o.can.cancel, true);
  });

  test('cancel a confirmed shift with a standard reason; reasons are checked', async () => {
    const id = idOf(96001);
    let r = await me.post(`/api/me/offers/${id}/answer`, { answer: 'cancel' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.fields[0].field, 'reason');
    r = await me.post(`/api/me/offers/${id}/answer`, { answer: 'cancel', reason: 'need_cancelled' });
    assert.equal(r.status, 400, 'an employer\'s reason');
    assert.equal(r.json.error.fields[0].field, 'reason');
    r = await me.post(`/api/me/offers/${id}/answer`, { answer: 'cancel', reason: 'pas-un-motif' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.fields[0].field, 'reason');
    r = await me.post(`/api/me/offers/${id}/answer`, { answer: 'cancel', reason: 'illness' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.status, 'cancelled');
    assert.equal(one(srv, `SELECT kind || ' ' || reason FROM offer_events WHERE offer_id = ${id}`), 'cancel_candidate illness');
    assert.equal(one(srv, 'SELECT status FROM needs WHERE id = 96001'), 'open', 'the need reopens');
  });

  test('decline, and undo an acceptance within the window', async () => {
    let r = await me.post(`/api/me/offers/${idOf(96002)}/answer`, { answer: 'decline' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.status, 'declined');
    r = await me.post(`/api/me/offers/${idOf(96003)}/answer`, { answer: 'accept' });
    assert.equal(r.json.data.status, 'confirmed');
    r = await me.post(`/api/me/offers/${idOf(96003)}/answer`, { answer: 'undo' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.status, 'undone');
    assert.equal(one(srv, 'SELECT count(*) FROM assignments WHERE need_id = 96003'), '0');
    r = await me.post(`/api/me/offers/${idOf(96004)}/answer`, { answer: 'accept' });
    assert.equal(r.status, 409);
    assert.match(r.json.error.fields[0].message, /plus ouverte/);
  });

  test('another candidate\'s offer does not exist for me; other roles may not', async () => {
    const theirs = idOf(96002, 95002);
    const r = await me.post(`/api/me/offers/${theirs}/answer`, { answer: 'decline' });
    assert.equal(r.status, 404);
    assert.equal(one(srv, `SELECT status FROM offers WHERE id = ${theirs}`), 'sent');
    assert.equal((await me.post('/api/me/offers/999999/answer', { answer: 'accept' })).status, 404);
    const d = await mine(other);
    assert.equal(d.candidate_id, 95002);
    assert.ok(d.offers.every((o) => o.id !== idOf(96001)));
    const employer = await srv.login('employeur');
    assert.equal((await employer.get('/api/me/offers')).status, 403);
    assert.equal((await employer.post(`/api/me/offers/${theirs}/answer`, { answer: 'decline' })).status, 403);
    assert.equal((await srv.anon().get('/api/me/offers')).status, 401);
  });

  test('a candidate account without a record has no offers; bad input names the field', async () => {
    const admin = await srv.login('admin');
    const bare = await candidateUser(srv, admin, 'sans.fiche', 0);
    const d = await mine(bare);
    assert.equal(d.candidate_id, null);
    assert.deepEqual(d.offers, []);
    const r = await me.post(`/api/me/offers/${idOf(96002)}/answer`, { answer: 'peut-etre' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.fields[0].field, 'answer');
  });
});
