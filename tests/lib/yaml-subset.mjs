// A small YAML reader for the subset used by docs/api/openapi.yaml (no
// dependency): block mappings and sequences by indentation, "- key: value"
// items, literal block scalars (|), flow sequences ([a, 'b']), single- and
// double-quoted scalars, numbers, booleans, null, full-line comments. No
// anchors, tags, multi-documents or flow mappings other than {}. Throws on
// what it does not understand rather than guessing.

// Blank or full-line comment (outside block scalars).
function isBlank(line) {
  return line.trim() === '' || line.trimStart().startsWith('#');
}

function indentOf(line) {
  return line.length - line.trimStart().length;
}

function splitFlow(body) {
  const items = [];
  let depth = 0, quote = null, cur = '';
  for (const ch of body) {
    if (quote) {
      cur += ch;
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === '[') {
      depth += 1;
      cur += ch;
    } else if (ch === ']') {
      depth -= 1;
      cur += ch;
    } else if (ch === ',' && depth === 0) {
      items.push(cur.trim());
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur.trim()) items.push(cur.trim());
  return items;
}

export function parseScalar(text) {
  const t = text.trim();
  if (t === '' || t === '~' || t === 'null') return null;
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === '{}') return {};
  if (t.startsWith('[')) {
    if (!t.endsWith(']')) throw new Error(`yaml-subset: unterminated flow sequence: ${t}`);
    return splitFlow(t.slice(1, -1)).map(parseScalar);
  }
  if (t.startsWith("'")) {
    if (!t.endsWith("'") || t.length < 2) throw new Error(`yaml-subset: bad quoted scalar: ${t}`);
    return t.slice(1, -1).replace(/''/g, "'");
  }
  if (t.startsWith('"')) return JSON.parse(t);
  if (/^[-+]?\d+$/.test(t)) return Number(t);
  if (/^[-+]?\d*\.\d+([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (/^[&*!|>{%@`]/.test(t)) throw new Error(`yaml-subset: unsupported scalar: ${t}`);
  return t;
}

// Splits "key: value" (key possibly quoted); returns null when not a mapping entry.
function splitKey(content) {
  let m = /^'((?:[^']|'')*)':(\s|$)(.*)$/.exec(content);
  if (m) return [m[1].replace(/''/g, "'"), m[3]];
  m = /^"([^"]*)":(\s|$)(.*)$/.exec(content);
  if (m) return [m[1], m[3]];
  m = /^([^\s'"#][^:]*?):(\s+|$)(.*)$/.exec(content);
  if (m) return [m[1], m[3]];
  return null;
}

export function parseYaml(text) {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let pos = 0;

  const skipBlank = () => { while (pos < lines.length && isBlank(lines[pos])) pos += 1; };

  function blockScalar(parentIndent) {
    const out = [];
    let base = null;
    while (pos < lines.length) {
      const l = lines[pos];
      if (l.trim() !== '' && indentOf(l) <= parentIndent) break;
      if (l.trim() !== '' && base === null) base = indentOf(l);
      out.push(l.trim() === '' ? '' : l.slice(base));
      pos += 1;
    }
    while (out.length && out[out.length - 1] === '') out.pop();
    return `${out.join('\n')}\n`;
  }

  function value(rest, indent) {
    if (rest.trim() === '|' || rest.trim() === '|-') {
      const s = blockScalar(indent);
      return rest.trim() === '|-' ? s.replace(/\n$/, '') : s;
    }
    if (rest.trim() !== '') return parseScalar(rest);
    skipBlank();
    if (pos >= lines.length) return null;
    const next = lines[pos];
    const ni = indentOf(next);
    if (ni > indent || (ni === indent && next.trimStart().startsWith('- '))) return block(ni);
    return null;
  }

  function block(indent) {
    skipBlank();
    const first = lines[pos];
    if (first.trimStart().startsWith('- ') || first.trim() === '-') {
      const arr = [];
      while (true) {
        skipBlank();
        if (pos >= lines.length) break;
        const l = lines[pos];
        if (indentOf(l) !== indent || !(l.trimStart().startsWith('- ') || l.trim() === '-')) break;
        const content = l.trimStart().slice(2);
        if (content.trim() === '') {
          pos += 1;
          arr.push(value('', indent));
        } else if (splitKey(content) && !content.startsWith('[')) {
          // "- key: value": the item is a mapping whose first entry is on this line
          lines[pos] = ' '.repeat(indent + 2) + content;
          arr.push(block(indent + 2));
        } else {
          pos += 1;
          arr.push(parseScalar(content));
        }
      }
      return arr;
    }
    const obj = {};
    while (true) {
      skipBlank();
      if (pos >= lines.length) break;
      const l = lines[pos];
      const li = indentOf(l);
      if (li < indent) break;
      if (li > indent) throw new Error(`yaml-subset: unexpected indentation at line ${pos + 1}: ${l}`);
      if (l.trimStart().startsWith('- ')) break;
      const kv = splitKey(l.trim());
      if (!kv) throw new Error(`yaml-subset: cannot parse line ${pos + 1}: ${l}`);
      pos += 1;
      if (Object.hasOwn(obj, kv[0])) throw new Error(`yaml-subset: duplicate key ${kv[0]} at line ${pos}`);
      obj[kv[0]] = value(kv[1], indent);
    }
    return obj;
  }

  skipBlank();
  const doc = block(0);
  skipBlank();
  if (pos < lines.length) throw new Error(`yaml-subset: trailing content at line ${pos + 1}: ${lines[pos]}`);
  return doc;
}
