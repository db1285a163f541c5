// docs/api/openapi.yaml against the real server: the same (method, path)
// pairs as `plam routes` (a route without documentation fails), the same
// permission, security schemes that match the route flags, the error codes
// of src/base/error.c, and real responses that conform to the documented
// schemas (strictly: a field the server sends but the description omits is
// reported).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkSchema } from '../lib/schema-check.mjs';
import { ROOT, WRITE_METHODS, routeTable, startServer } from '../lib/server.mjs';
import { parseYaml } from '../lib/yaml-subset.mjs';

const SPEC_PATH = path.join(ROOT, 'docs', 'api', 'openapi.yaml');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function resolveRef(spec, node) {
  while (node && node.$ref) {
    node = node.$ref.slice(2).split('/').reduce((n, p) => n?.[p.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    assert.ok(node, 'unresolved $ref');
  }
  return node;
}

function operations(spec) {
  const ops = [];
  for (const [p, item] of Object.entries(spec.paths || {})) {
    for (const m of METHODS) if (item[m]) ops.push({ method: m.toUpperCase(), path: p, op: item[m], item });
  }
  return ops;
}

describe('OpenAPI description', { timeout: 90000 }, () => {
  let spec, table;
  before(() => {
    spec = parseYaml(fs.readFileSync(SPEC_PATH, 'utf8'));
    table = routeTable();
  });

  test('is OpenAPI 3 with the two security schemes', () => {
    assert.match(String(spec.openapi), /^3\.(0\.3|1\.\d+)$/);
    const ss = spec.components.securitySchemes;
    assert.deepEqual({ type: ss.sessionCookie.type, in: ss.sessionCookie.in, name: ss.sessionCookie.name },
      { type: 'apiKey', in: 'cookie', name: 'plam_session' });
    assert.deepEqual({ type: ss.csrfToken.type, in: ss.csrfToken.in, name: ss.csrfToken.name },
      { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' });
  });

  test('documents exactly the routes of `plam routes`', () => {
    const documented = new Set(operations(spec).map((o) => `${o.method} ${o.path}`));
    const served = new Set(table.routes.map((r) => `${r.method} ${r.path}`));
    const missing = [...served].filter((k) => !documented.has(k)).sort();
    const extra = [...documented].filter((k) => !served.has(k)).sort();
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] },
      'routes in src/api/routes.c without an operation in docs/api/openapi.yaml (missing), or documented but not served (extra)');
  });

  test('each operation states the route permission and matching security', () => {
    const byKey = new Map(table.routes.map((r) => [`${r.method} ${r.path}`, r]));
    const problems = [];
    const ids = new Set();
    const allRoles = [...new Set(Object.values(table.permissions).flat())].filter((r) => r !== 'public');
    for (const { method, path: p, op } of operations(spec)) {
      const key = `${method} ${p}`;
      const rt = byKey.get(key);
      if (!rt) continue;
      if (op['x-plam-permission'] !== rt.permission) problems.push(`${key}: x-plam-permission ${op['x-plam-permission']} ≠ ${rt.permission}`);
      if (!op.operationId || ids.has(op.operationId)) problems.push(`${key}: missing or duplicate operationId`);
      ids.add(op.operationId);
      if (!op.summary) problems.push(`${key}: no summary`);
      const sec = op.security ?? spec.security;
      const schemes = new Set((sec || []).flatMap((s) => Object.keys(s)));
      if (rt.public && sec && sec.length !== 0) problems.push(`${key}: public route should have security: []`);
      if (!rt.public && !schemes.has('sessionCookie')) problems.push(`${key}: needs sessionCookie`);
      const needsCsrf = WRITE_METHODS.has(method) && !rt.csrf_exempt;
      if (needsCsrf && !schemes.has('csrfToken')) problems.push(`${key}: state-changing route needs csrfToken`);
      if (!needsCsrf && schemes.has('csrfToken')) problems.push(`${key}: csrfToken on a route that does not check it`);
      // every {param} of the path is described
      const params = [...(op.parameters || []), ...(spec.paths[p].parameters || [])].map((x) => resolveRef(spec, x));
      for (const [, name] of p.matchAll(/\{([^}]+)\}/g)) {
        if (!params.some((x) => x.in === 'path' && x.name === name && x.required === true)) problems.push(`${key}: path parameter ${name} not described`);
      }
      // error responses the authorisation hook can produce are documented
      const codes = Object.keys(op.responses || {});
      if (!rt.public && !codes.includes('401')) problems.push(`${key}: no 401 response`);
      const someRoleDenied = allRoles.some((r) => !table.permissions[rt.permission].includes(r));
      if ((someRoleDenied || needsCsrf || (WRITE_METHODS.has(method) && rt.csrf_exempt)) && !codes.includes('403')) problems.push(`${key}: no 403 response`);
      if (!codes.some((c) => /^2/.test(c))) problems.push(`${key}: no 2xx response`);
      if (WRITE_METHODS.has(method) && op.requestBody && !codes.includes('415')) problems.push(`${key}: body but no 415`);
    }
    assert.deepEqual(problems, []);
  });

  test('request bodies and query parameters state the limits, enumerations and required fields of the route input specs', () => {
    const ANY_LENGTH = 1 << 20; // API_ANY_LENGTH: bounded by the body limit only (login credentials)
    const problems = [];
    for (const rt of table.routes.filter((r) => r.input.body === 'json' || r.input.body === 'optional')) {
      const key = `${rt.method} ${rt.path}`;
      const op = spec.paths[rt.path]?.[rt.method.toLowerCase()];
      const schema = resolveRef(spec, op?.requestBody?.content?.['application/json']?.schema);
      if (!schema?.properties) { problems.push(`${key}: no request body properties`); continue; }
      const names = rt.input.fields.map((f) => f.name);
      const documented = Object.keys(schema.properties);
      const missing = names.filter((n) => !documented.includes(n)), extra = documented.filter((n) => !names.includes(n));
      if (missing.length || extra.length) problems.push(`${key}: properties missing ${missing} extra ${extra}`);
      if (schema.additionalProperties !== false) problems.push(`${key}: unknown keys are refused: additionalProperties: false`);
      for (const f of rt.input.fields) {
        const p = resolveRef(spec, schema.properties[f.name]);
        if (!p) continue;
        if (f.required && !(schema.required || []).includes(f.name)) problems.push(`${key} ${f.name}: required`);
        if (f.kind === 'string' && f.max_chars < ANY_LENGTH && p.maxLength !== f.max_chars)
          problems.push(`${key} ${f.name}: maxLength ${p.maxLength} ≠ ${f.max_chars}`);
        if (f.kind === 'enum') {
          const vals = (p.enum || []).filter((v) => v !== null);
          // the documentation may list fewer values when a rule of the application refuses some
          if (!vals.length || vals.some((v) => !f.values.includes(v))) problems.push(`${key} ${f.name}: enum ${vals} ⊄ ${f.values}`);
        }
      }
    }
    // query parameters: the same names, and the same limits
    for (const rt of table.routes) {
      const key = `${rt.method} ${rt.path}`;
      const op = spec.paths[rt.path]?.[rt.method.toLowerCase()];
      const params = (op?.parameters || []).map((x) => resolveRef(spec, x)).filter((x) => x.in === 'query');
      const names = rt.input.query.map((f) => f.name), documented = params.map((x) => x.name);
      if ([...names].sort().join() !== [...documented].sort().join())
        problems.push(`${key}: query parameters ${documented} ≠ ${names}`);
      for (const f of rt.input.query) {
        const s = params.find((x) => x.name === f.name)?.schema;
        if (!s) continue;
        if (f.kind === 'string' && s.maxLength !== f.max_chars) problems.push(`${key} ?${f.name}: maxLength ${s.maxLength} ≠ ${f.max_chars}`);
        if (f.kind === 'enum' && JSON.stringify(s.enum) !== JSON.stringify(f.values)) problems.push(`${key} ?${f.name}: enum`);
        if (f.kind === 'integer' && (s.enum ? s.enum.some((v) => v < f.min || v > f.max) : s.minimum !== f.min || s.maximum !== f.max))
          problems.push(`${key} ?${f.name}: range ${s.minimum}..${s.maximum} ≠ ${f.min}..${f.max}`);
        if (f.kind === 'date' && s.format !== 'date') problems.push(`${key} ?${f.name}: format date`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('error codes and roles match the source tables', () => {
    const src = fs.readFileSync(path.join(ROOT, 'src', 'base', 'error.c'), 'utf8');
    const codes = [...src.matchAll(/\{PLAM_\w+,\s*\d+,\s*\d+,\s*"([a-z_]+)"/g)].map((m) => m[1]).filter((c) => c !== 'ok');
    assert.ok(codes.length >= 10, 'parsed the error table');
    assert.deepEqual([...spec.components.schemas.ErrorCode.enum].sort(), codes.sort());
    const roles = new Set(Object.values(table.permissions).flat());
    roles.delete('public');
    assert.deepEqual([...spec.components.schemas.RoleCode.enum].sort(), [...roles].sort());
  });
});

describe('OpenAPI description matches real responses', { timeout: 90000 }, () => {
  let srv, spec, admin, table;
  before(async () => {
    spec = parseYaml(fs.readFileSync(SPEC_PATH, 'utf8'));
    table = routeTable();
    srv = await startServer();
    admin = await srv.login('admin');
  });
  after(async () => { await srv?.stop(); });

  function schemaFor(method, p, status) {
    const op = spec.paths[p]?.[method.toLowerCase()];
    assert.ok(op, `${method} ${p} documented`);
    const resp = resolveRef(spec, op.responses[String(status)]);
    assert.ok(resp, `${method} ${p}: response ${status} documented`);
    return resp.content?.['application/json']?.schema;
  }

  function conforms(method, p, res) {
    const schema = schemaFor(method, p, res.status);
    if (!schema) return [];
    assert.ok(res.json !== null, `${method} ${p}: JSON body`);
    return checkSchema(spec, schema, res.json, `${method} ${p} ${res.status}`, true);
  }

  test('every GET route answers as documented (status and body)', async () => {
    const problems = [];
    for (const rt of table.routes.filter((r) => r.method === 'GET')) {
      const urlPath = rt.path.replace(/\{[^}]+\}/g, '1');
      const res = await admin.get(urlPath);
      if (!spec.paths[rt.path]?.get?.responses?.[String(res.status)]) {
        problems.push(`GET ${urlPath}: status ${res.status} not documented`);
        continue;
      }
      problems.push(...conforms('GET', rt.path, res));
    }
    assert.deepEqual(problems, []);
  });

  test('writes and errors answer as documented', async () => {
    const problems = [];
    const check = async (method, p, res, want) => {
      if (res.status !== want) problems.push(`${method} ${p}: ${res.status} (wanted ${want}) ${res.text.slice(0, 200)}`);
      else problems.push(...conforms(method, p, res));
    };
    const login = await srv.anon().raw('POST', '/api/session', { body: { login: 'staff', password: 'demo-staff-2026' } });
    await check('POST', '/api/session', login, 200);
    await check('POST', '/api/session', await srv.anon().raw('POST', '/api/session', { body: { login: 'staff', password: 'wrong-password-1' } }), 401);
    const u = await admin.post('/api/users', { login: 'openapi.user', display_name: 'Doc', role: 'partner', org_id: 4, email: 'doc@example.org', password: 'openapi-password-2026' });
    await check('POST', '/api/users', u, 201);
    await check('PATCH', '/api/users/{id}', await admin.patch(`/api/users/${u.json?.data?.id}`, { email: null, display_name: 'Doc 2' }), 200);
    await check('POST', '/api/users', await admin.post('/api/users', { login: 'openapi.user', display_name: 'Doc', role: 'partner', password: 'openapi-password-2026' }), 409);
    await check('POST', '/api/users', await admin.post('/api/users', { login: 'x' }), 400);
    await check('POST', '/api/users', await admin.post('/api/users', 'x', { headers: { 'Content-Type': 'text/plain' } }), 415);
    const o = await admin.post('/api/organisations', { name: 'Organisation documentée', kind: 'association', territory_id: 'DEP-44' });
    await check('POST', '/api/organisations', o, 201);
    await check('PATCH', '/api/organisations/{id}', await admin.patch(`/api/organisations/${o.json?.data?.id}`, { territory_id: null }), 200);
    await check('GET', '/api/organisations/{id}', await admin.get('/api/organisations/999999'), 404);
    await check('GET', '/api/users', await srv.anon().get('/api/users'), 401);
    const staff = await srv.login('staff');
    await check('GET', '/api/users', await staff.get('/api/users'), 403);
    await check('POST', '/api/users/{id}/password', await admin.post(`/api/users/${u.json?.data?.id}/password`, { password: 'another-password-2026' }), 204);
    await check('DELETE', '/api/session', await staff.del('/api/session'), 204);
    await check('GET', '/api/territories', await srv.anon().get('/api/territories?level=departement&parent=REG-52'), 200);
    await check('GET', '/api/territories', await srv.anon().get('/api/territories?level=canton'), 400);
    await check('GET', '/api/audit', await admin.get('/api/audit?entity=user&limit=5'), 200);
    assert.deepEqual(problems, []);
  });
});
