// Every route's declared input (`plam routes` → input), against the real
// server. For each JSON body field: a string one character over its limit
// (and, where the record counts bytes, one accented character over its byte
// limit), a value of the wrong kind, a value outside its enumeration or
// range; for each query field the same; and an unknown body key. Each must
// answer 400 with error.fields[0].field naming the field, and nothing may be
// written (the audit log's count is unchanged). Then values exactly at the
// limit are accepted and read back unchanged on representative routes,
// including the two cases of the issue (a decision's status and owner).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO, routeTable, startServer } from '../lib/server.mjs';

// An id that exists nowhere: the input is checked before anything is looked up.
const MISSING_ID = '2147483000';
const concretePath = (pattern) => pattern.replace(/\{[^}]+\}/g, MISSING_ID);
const ANY_LENGTH = 1 << 20; // API_ANY_LENGTH (src/api/input.h)

/** A value the spec accepts for field f (for the required fields of a base body). */
function validValue(f) {
  switch (f.kind) {
    case 'string': return 'x';
    case 'id': return 1;
    case 'integer': case 'number': case 'money': return Math.max(f.min, Math.min(f.max, 1));
    case 'boolean': return true;
    case 'date': return '2024-01-31';
    case 'enum': return f.values[0];
    case 'id_list': return [1];
    case 'object_list': return [];
    default: throw new Error(`unknown kind ${f.kind}`);
  }
}

/** [label, value] pairs the spec must refuse for field f in a JSON body. */
function badValues(f) {
  const out = [];
  const wrongKind = { string: 12, id: '12', integer: '12', number: '12', money: '12', boolean: 'true', date: 20240131, enum: 1, id_list: '1', object_list: 'x' };
  out.push(['wrong kind', wrongKind[f.kind]]);
  if (f.kind === 'string' && f.max_chars < ANY_LENGTH) { // else only the body limit bounds it
    out.push(['one character over', 'a'.repeat(f.max_chars + 1)]);
    const accented = Math.floor(f.max_bytes / 2) + 1; // 'é' is 2 bytes
    if (accented <= f.max_chars) out.push(['one accented character over the bytes', 'é'.repeat(accented)]);
  }
  if (f.kind === 'enum') out.push(['outside the enumeration', `${f.values[0]}_NOT_ALLOWED`]);
  if (f.kind === 'integer') out.push(['above the range', f.max + 1], ['below the range', f.min - 1], ['not integral', f.min + 0.5]);
  if (f.kind === 'id') out.push(['zero', 0], ['not integral', 1.5]);
  if (f.kind === 'number') out.push(['above the range', f.max * 2 + 1]);
  if (f.kind === 'money') out.push(['three decimals', 1.005], ['above the range', f.max * 2 + 1]);
  if (f.kind === 'date') out.push(['not a date', '2024-02-30']);
  if (f.kind === 'id_list') out.push(['too many', Array.from({ length: f.max_items + 1 }, (_, i) => i + 1)], ['not positive', [0]]);
  if (f.kind === 'object_list') out.push(['too many', Array.from({ length: f.max_items + 1 }, () => ({}))], ['not objects', [1]]);
  if (f.required) out.push(['null', null]);
  return out;
}

/** [label, raw query value] pairs the spec must refuse for query field f. */
function badQueryValues(f) {
  if (f.kind === 'integer') return [['not a number', 'abc'], ['above the range', String(f.max + 1)], ['a string number', '1x']];
  if (f.kind === 'enum') return [['outside the enumeration', `${f.values[0]}_NOT_ALLOWED`]];
  if (f.kind === 'date') return [['not a date', '2024-13-45']];
  if (f.kind === 'string') return [['one character over', 'a'.repeat(f.max_chars + 1)]];
  throw new Error(`query kind ${f.kind}`);
}

describe('input specs: every field of every route refuses what it cannot hold', { timeout: 300000 }, () => {
  let srv, table, admin;
  const clients = new Map(); // role → client

  before(async () => {
    table = routeTable();
    srv = await startServer();
    admin = await srv.login('admin');
    for (const [login, { role }] of Object.entries(DEMO)) clients.set(role, role === 'admin' ? admin : await srv.login(login));
  });
  after(async () => { await srv?.stop(); });

  const clientFor = (rt) => {
    const roles = table.permissions[rt.permission];
    if (roles.includes('admin')) return admin;
    const role = roles.find((r) => clients.has(r));
    assert.ok(role, `no demo account holds ${rt.permission}`);
    return clients.get(role);
  };
  const auditTotal = async () => (await admin.get('/api/audit?limit=1')).json.meta.total;

  test('every route declares its input, and the declarations are sane', () => {
    for (const rt of table.routes) {
      const key = `${rt.method} ${rt.path}`;
      assert.ok(rt.input && ['none', 'json', 'optional', 'raw'].includes(rt.input.body), `${key}: input`);
      if (rt.method === 'GET') assert.equal(rt.input.body, 'none', `${key}: a GET takes no body`);
      if (rt.input.body === 'none' || rt.input.body === 'raw') assert.deepEqual(rt.input.fields, [], `${key}: fields without a body`);
      for (const f of [...rt.input.fields, ...rt.input.query]) {
        if (f.kind === 'string') assert.ok(f.max_chars > 0 && f.max_bytes >= f.max_chars, `${key} ${f.name}: limits`);
        if (f.kind === 'enum') assert.ok(f.values.length > 0, `${key} ${f.name}: values`);
      }
      const names = [...rt.input.fields, ...rt.input.query].map((f) => f.name);
      assert.equal(new Set(names).size, names.length, `${key}: a name twice`);
    }
    assert.ok(table.routes.filter((r) => r.input.body === 'json').length >= 30, 'JSON body routes found');
  });

  test('a bad body value answers 400 naming the field, and writes nothing', async () => {
    const before = await auditTotal();
    const problems = [];
    let checked = 0;
    for (const rt of table.routes.filter((r) => r.input.body === 'json' || r.input.body === 'optional')) {
      const c = clientFor(rt);
      const base = Object.fromEntries(rt.input.fields.filter((f) => f.required).map((f) => [f.name, validValue(f)]));
      const cases = rt.input.fields.flatMap((f) => badValues(f).map(([label, v]) => [f.name, label, { ...base, [f.name]: v }]));
      cases.push(['__inconnu', 'an unknown key', { ...base, __inconnu: 1 }]);
      for (const [field, label, body] of cases) {
        const r = await c.send(rt.method, concretePath(rt.path), { body });
        checked++;
        const got = r.json?.error?.fields?.[0];
        if (r.status !== 400 || got?.field !== field || !got?.message)
          problems.push(`${rt.method} ${rt.path} ${field} (${label}): ${r.status} ${r.text.slice(0, 160)}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(checked > 300, `only ${checked} cases`);
    assert.equal(await auditTotal(), before, 'a refused input wrote an audit entry');
  });

  test('a bad query value answers 400 naming the field', async () => {
    const problems = [];
    for (const rt of table.routes.filter((r) => r.input.query.length)) {
      const c = clientFor(rt);
      for (const f of rt.input.query) {
        for (const [label, v] of badQueryValues(f)) {
          const opts = rt.input.body === 'raw' ? { body: 'a;b\n', headers: { 'Content-Type': 'application/octet-stream' } } : {};
          const r = await c.send(rt.method, `${concretePath(rt.path)}?${f.name}=${encodeURIComponent(v)}`, opts);
          if (r.status !== 400 || r.json?.error?.fields?.[0]?.field !== f.name)
            problems.push(`${rt.method} ${rt.path}?${f.name} (${label}): ${r.status} ${r.text.slice(0, 160)}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  /** The spec of one field of one route (from `plam routes`). */
  const field = (method, path, name) => {
    const f = table.routes.find((r) => r.method === method && r.path === path)?.input.fields.find((x) => x.name === name);
    assert.ok(f, `${method} ${path} ${name} declared`);
    return f;
  };
  /** ch repeated up to a limit of f: its characters, or its bytes when they come first. */
  const fill = (f, ch) => ch.repeat(Math.min(f.max_chars, Math.floor(f.max_bytes / Buffer.byteLength(ch))));

  test('the issue\'s cases: a decision status outside the list, an owner over its limit', async () => {
    const before = await auditTotal();
    const bad = await admin.post('/api/plans/3/decisions', { text: 'Décision', status: 'in_progress_NOT_A_STATUS' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.fields[0].field, 'status');
    assert.match(bad.json.error.fields[0].message, /valeur non autorisée : attendu l'une de open, in_progress, done, dropped/);
    const ownerSpec = field('POST', '/api/plans/{id}/decisions', 'owner_person');
    assert.ok(ownerSpec.max_chars < 300);
    const long = await admin.post('/api/plans/3/decisions', { text: 'Décision', owner_person: 'p'.repeat(300) });
    assert.equal(long.status, 400);
    assert.deepEqual(long.json.error.fields[0], { field: 'owner_person', message: `trop long : ${ownerSpec.max_chars} caractères au plus` });
    assert.equal(await auditTotal(), before);
    // at the limits: accepted and read back unchanged
    const owner = fill(ownerSpec, 'o'), text = fill(field('POST', '/api/plans/{id}/decisions', 'text'), 't');
    const ok = await admin.post('/api/plans/3/decisions', { text, owner_person: owner, status: 'in_progress' });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.data.owner_person, owner);
    assert.equal(ok.json.data.text, text);
    assert.equal(ok.json.data.status, 'in_progress');
    const gov = await admin.get('/api/plans/3/governance');
    assert.ok(JSON.stringify(gov.json.data).includes(owner), 'the owner is stored whole');
  });

  test('values exactly at the limit round-trip unchanged', async () => {
    const title = fill(field('PATCH', '/api/plans/{id}', 'title'), 'T');
    const p = await admin.patch('/api/plans/3', { title });
    assert.equal(p.status, 200, p.text);
    assert.equal((await admin.get('/api/plans/3')).json.data.title, title);

    const name = fill(field('POST', '/api/organisations', 'name'), 'é');
    const o = await admin.post('/api/organisations', { name, kind: 'association' });
    assert.equal(o.status, 201, o.text);
    assert.equal((await admin.get(`/api/organisations/${o.json.data.id}`)).json.data.name, name);
    const over = await admin.post('/api/organisations', { name: name + 'é', kind: 'association' });
    assert.equal(over.status, 400);
    assert.equal(over.json.error.fields[0].field, 'name');

    const display = fill(field('PATCH', '/api/users/{id}', 'display_name'), 'Ç');
    const u = await admin.patch(`/api/users/${clients.get('partner').user.id}`, { display_name: display });
    assert.equal(u.status, 200, u.text);
    assert.equal(u.json.data.display_name, display);

    const label = fill(field('POST', '/api/plans/{id}/budget-lines', 'label'), 'L');
    const fund = fill(field('POST', '/api/plans/{id}/budget-lines', 'fund'), 'F');
    const b = await admin.post('/api/plans/3/budget-lines', { label, planned_eur: 1234.56, fund });
    assert.equal(b.status, 201, b.text);
    assert.equal(b.json.data.label, label);
    assert.equal(b.json.data.fund, fund);
    assert.equal(b.json.data.planned_cents, 123456); // euros in, exact cents stored

    const ctitle = fill(field('POST', '/api/campaigns', 'title'), 'É');
    const cp = (await admin.post('/api/campaigns', { kind: 'interns', region: 'REG-52', title: ctitle })).json.data;
    assert.equal(cp.title, ctitle);
    const chu = (await admin.get('/api/organisations?q=CHU')).json.data.find((o) => o.name === 'CHU de Nantes');
    const post = (n, ch) => fill(field('POST', '/api/campaigns/{id}/posts', n), ch);
    const body = { code: post('code', 'C'), label: post('label', 'ü'), phase: post('phase', 'p'), org_id: chu.id, territory_id: 'DEP-44', capacity: 1000 };
    const r = await admin.post(`/api/campaigns/${cp.id}/posts`, body);
    assert.equal(r.status, 201, r.text);
    for (const k of ['code', 'label', 'phase']) assert.equal(r.json.data[k], body[k]);
  });
});
