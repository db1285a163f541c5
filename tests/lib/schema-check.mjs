// A small JSON Schema checker for the keywords used in docs/api/openapi.yaml
// (OpenAPI 3.1 = JSON Schema 2020-12 subset): $ref (local), type (string or
// list, with 'null'), enum, const, required, properties,
// additionalProperties: false, items, oneOf, anyOf, minimum, maximum,
// minLength, maxLength, pattern. Unknown keywords that would constrain values
// make it throw, so a schema it cannot check is noticed.
const IGNORED = new Set(['description', 'examples', 'example', 'format', 'default', 'title', 'readOnly', 'writeOnly', 'deprecated']);
const KNOWN = new Set(['$ref', 'type', 'enum', 'const', 'required', 'properties', 'additionalProperties', 'items',
  'oneOf', 'anyOf', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', ...IGNORED]);

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Number.isInteger(v)) return 'integer';
  return typeof v; // string, number, boolean, object
}

function resolve(root, ref) {
  if (!ref.startsWith('#/')) throw new Error(`schema-check: only local $ref: ${ref}`);
  let node = root;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`schema-check: unresolved $ref ${ref}`);
  }
  return node;
}

/**
 * Returns a list of problems ("path: message"); empty when value conforms.
 * strict: an object schema that lists properties is taken as closed (unless
 * additionalProperties is true), so fields the server sends but the
 * description omits are reported.
 */
export function checkSchema(root, schema, value, where = '$', strict = false) {
  const errs = [];
  if (schema === true || schema === undefined) return errs;
  for (const k of Object.keys(schema)) if (!KNOWN.has(k) && !k.startsWith('x-')) throw new Error(`schema-check: unsupported keyword ${k} at ${where}`);
  if (schema.$ref) return checkSchema(root, resolve(root, schema.$ref), value, where, strict);
  const t = typeOf(value);
  if (schema.type !== undefined) {
    const types = [].concat(schema.type);
    const ok = types.includes(t) || (t === 'integer' && types.includes('number'));
    if (!ok) return [`${where}: expected ${types.join('|')}, got ${t}`];
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) errs.push(`${where}: ${JSON.stringify(value)} not in enum`);
  if ('const' in schema && schema.const !== value) errs.push(`${where}: expected ${JSON.stringify(schema.const)}`);
  if (t === 'object') {
    for (const r of schema.required || []) if (!Object.hasOwn(value, r)) errs.push(`${where}: missing ${r}`);
    const props = schema.properties || {};
    for (const [k, v] of Object.entries(value)) {
      if (props[k]) errs.push(...checkSchema(root, props[k], v, `${where}.${k}`, strict));
      else if (schema.additionalProperties === false || (strict && schema.properties && schema.additionalProperties !== true)) {
        errs.push(`${where}: undocumented property ${k}`);
      }
    }
  }
  if (t === 'array' && schema.items) value.forEach((v, i) => errs.push(...checkSchema(root, schema.items, v, `${where}[${i}]`, strict)));
  if (t === 'string') {
    if (schema.minLength !== undefined && [...value].length < schema.minLength) errs.push(`${where}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) errs.push(`${where}: longer than ${schema.maxLength}`);
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) errs.push(`${where}: does not match ${schema.pattern}`);
  }
  if (t === 'integer' || t === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errs.push(`${where}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errs.push(`${where}: above ${schema.maximum}`);
  }
  if (schema.oneOf) {
    const n = schema.oneOf.filter((s) => checkSchema(root, s, value, where, strict).length === 0).length;
    if (n !== 1) errs.push(`${where}: matches ${n} of oneOf`);
  }
  if (schema.anyOf && !schema.anyOf.some((s) => checkSchema(root, s, value, where, strict).length === 0)) errs.push(`${where}: matches none of anyOf`);
  return errs;
}
