// The review queue with its context (issue 9, item 9): each pending value
// comes with the previous validated value of its indicator and territory,
// the target and baseline, and flags when it is far from them (more than
// 10 times or less than a tenth of the previous value; more than twice the
// target); nobody validates their own proposal (403 naming why), while
// another member of the plan team may.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../lib/server.mjs';

describe('validation with context', { timeout: 120000 }, () => {
  let srv, staff, admin, pilot, pdl, ind, ind11;
  before(async () => {
    srv = await startServer();
    [staff, admin, pilot] = await Promise.all(['staff', 'admin', 'pilote'].map((l) => srv.login(l)));
    pdl = (await staff.get('/api/plans')).json.data.find((p) => p.slug === 'pdl-plam-2022');
    const plan = (await staff.get(`/api/plans/${pdl.id}`)).json.data;
    ind = plan.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators).find((i) => i.code === 'pdl-1.2-service-civique');
    ind11 = plan.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators).find((i) => i.code === 'pdl-1.1-parcours');
    assert.ok(ind && ind11, 'count indicators with a validated value and a target');
  });
  after(async () => { await srv?.stop(); });

  const pendingOf = async (id) => (await staff.get(`/api/plans/${pdl.id}/measurements/pending`)).json.data.find((m) => m.id === id);

  test('each pending value shows the previous value, the target and far-value flags', async () => {
    const final = ind.targets.filter((t) => t.kind === 'final' && t.territory_id === ind.scope_id).at(-1);
    assert.ok(final && final.value > 0, JSON.stringify(ind.targets));
    const hist = (await staff.get(`/api/indicators/${ind.id}?history=1`)).json.data;
    const last = hist.measurements.filter((m) => m.status === 'validated').sort((a, b) => a.value_on.localeCompare(b.value_on)).at(-1);
    assert.ok(last && last.value > 0);
    const far = await staff.post(`/api/indicators/${ind.id}/measurements`,
      { value_on: '2030-12-31', value: Math.max(last.value * 11, final.value * 2 + 1), source: 'e2e' });
    assert.equal(far.status, 201, far.text);
    const near = await staff.post(`/api/indicators/${ind.id}/measurements`, { value_on: '2030-11-30', value: last.value, source: 'e2e' });
    assert.equal(near.status, 201, near.text);
    const low = await staff.post(`/api/indicators/${ind.id}/measurements`,
      { value_on: '2030-10-31', value: Math.floor(last.value / 11), source: 'e2e' });
    const f = (await pendingOf(far.json.data.id)).context;
    assert.equal(f.previous.value, last.value);
    assert.equal(f.previous.value_on, last.value_on);
    assert.equal(f.target.value, final.value);
    assert.deepEqual(f.flags, ['far_from_previous', 'beyond_target']);
    assert.equal(f.mine, true);
    assert.deepEqual((await pendingOf(near.json.data.id)).context.flags, []);
    assert.deepEqual((await pendingOf(low.json.data.id)).context.flags, ['far_from_previous']);
    // the pending list as another reviewer sees it: not theirs
    const other = (await admin.get(`/api/plans/${pdl.id}/measurements/pending`)).json.data.find((m) => m.id === far.json.data.id);
    assert.equal(other.context.mine, false);
  });

  test('nobody validates their own proposal; another reviewer may; one may still withdraw it by rejecting', async () => {
    const p = await staff.post(`/api/indicators/${ind.id}/measurements`, { value_on: '2031-01-31', value: 10, source: 'e2e' });
    assert.equal(p.status, 201, p.text);
    const own = await staff.post(`/api/measurements/${p.json.data.id}/validate`, {});
    assert.equal(own.status, 403, own.text);
    assert.equal(own.json.error.code, 'forbidden');
    assert.match(own.json.error.fields[0].message, /vous avez proposé cette valeur : un autre membre de l'équipe/);
    assert.equal((await pendingOf(p.json.data.id)).status, 'pending', 'still pending');
    const ok = await admin.post(`/api/measurements/${p.json.data.id}/validate`, {});
    assert.equal(ok.status, 200, ok.text);
    const q = await pilot.post(`/api/indicators/${ind11.id}/measurements`, { value_on: '2031-02-28', value: 11, source: 'e2e' });
    assert.equal(q.status, 201, q.text);
    assert.equal((await staff.post(`/api/measurements/${q.json.data.id}/validate`, {})).status, 200, 'a pilot\'s value, validated by staff');
    const r = await admin.post(`/api/indicators/${ind.id}/measurements`, { value_on: '2031-03-31', value: 12, source: 'e2e' });
    assert.equal((await admin.post(`/api/measurements/${r.json.data.id}/reject`, { reason: 'saisie en double' })).status, 200);
  });
});
