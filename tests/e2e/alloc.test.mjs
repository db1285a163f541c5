// plam allocate end to end: the real binary on bundle files in a temporary
// directory. A good bundle gives a checked result with the engine version,
// the SHA-256 of the bundle and French explanations; the same bundle gives
// the same bytes; bad bundles (unknown ids, duplicates, negative capacity,
// malformed JSON) get a French error naming the field, exit code 3 and no
// result file; usage errors exit with 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';

const BIN = resolve(process.env.PLAM_BIN || 'build/asan/plam');
const dir = mkdtempSync(join(tmpdir(), 'plam-alloc-'));

function allocate(args, input) {
  const r = spawnSync(BIN, ['allocate', ...args], { input, encoding: 'buffer', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

function bundleFile(name, obj) {
  const path = join(dir, name);
  writeFileSync(path, typeof obj === 'string' ? obj : JSON.stringify(obj, null, 1));
  return path;
}

const GOOD = {
  algorithm: 'deferred-acceptance', proposing: 'candidates', seed: 42,
  candidates: [
    { id: 'c1', rank: 1, wishes: ['p2', 'p1'] },
    { id: 'c2', rank: 12, wishes: ['p2', 'p1'] },
    { id: 'c3', rank: 40, wishes: [['p1', 'p2']] },
    { id: 'c4', rank: 41, wishes: ['p2'] },
  ],
  posts: [
    { id: 'p1', capacity: 2, ranking: ['c3', 'c1', 'c2'] },
    { id: 'p2', capacity: 1, ranking: ['c1', 'c2', ['c3', 'c4']] },
  ],
};

describe('plam allocate', { timeout: 120000 }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a good bundle gives a checked, explained result', () => {
    const input = bundleFile('good.json', GOOD);
    const output = join(dir, 'good.result.json');
    const r = allocate(['--input', input, '--output', output]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /vérification indépendante : conforme/);
    const res = JSON.parse(readFileSync(output, 'utf8'));
    assert.equal(res.engine.name, 'plam-alloc');
    assert.match(res.engine.version, /^\d+\.\d+\.\d+$/);
    assert.equal(res.bundle_sha256, createHash('sha256').update(readFileSync(input)).digest('hex'));
    assert.equal(res.algorithm, 'deferred-acceptance');
    assert.equal(res.seed, 42);
    const byCand = Object.fromEntries(res.assignments.map((a) => [a.candidate, a]));
    assert.deepEqual(byCand.c1, { candidate: 'c1', post: 'p2', wish: 1, seat: 'open' });
    assert.equal(byCand.c2.post, 'p1');
    assert.equal(byCand.c3.post, 'p1');
    assert.deepEqual(res.unassigned, ['c4']);
    assert.equal(res.check.ok, true);
    assert.equal(res.check.weakly_stable, true);
    assert.equal(res.check.ties_present, true);
    assert.equal(res.tie_breaking.candidate_tie_groups, 1);
    const ex = Object.fromEntries(res.explanations.map((e) => [e.candidate, e]));
    assert.equal(ex.c2.summary, 'Vous êtes affecté(e) au poste « p1 », votre vœu 2.');
    assert.deepEqual(ex.c2.details, ['vœu 1 (p2) : 1 place, admis classé 1er, vous 2e']);
    // who holds the seats is said once, in the post's record
    const posts = Object.fromEntries(res.posts.map((p) => [p.post, p]));
    assert.equal(posts.p2.explanation, '1 place pourvue sur 1 : rang 1 ; admis classé 1er');
    assert.equal(res.engine.version, '2.0.0');
    assert.equal(ex.c4.summary, "Aucun de vos vœux n'a pu être satisfait.");
    // other candidates appear by rank only, never by identifier
    for (const e of res.explanations)
      for (const line of e.details) assert.doesNotMatch(line, /\bc[1-4]\b/);
    for (const p of res.posts) assert.doesNotMatch(p.explanation, /\bc[1-4]\b/);
    assert.equal(existsSync(`${output}.tmp.${process.pid}`), false);
  });

  test('the same bundle gives the same bytes', () => {
    const input = bundleFile('det.json', GOOD);
    const a = join(dir, 'det.a.json');
    const b = join(dir, 'det.b.json');
    assert.equal(allocate(['--input', input, '--output', a, '--quiet']).code, 0);
    assert.equal(allocate(['--input', input, '--output', b, '--quiet']).code, 0);
    assert.ok(readFileSync(a).equals(readFileSync(b)));
    const out = allocate(['--input', '-', '--output', '-', '--quiet'], readFileSync(input));
    assert.equal(out.code, 0, out.stderr);
    assert.ok(out.stdout.equals(readFileSync(a)), 'stdin/stdout give the same bytes');
  });

  test('serial dictatorship without rankings', () => {
    const input = bundleFile('sd.json', {
      algorithm: 'serial-dictatorship', seed: 1,
      candidates: [
        { id: 'i1', rank: 12, wishes: ['A'] }, { id: 'i2', rank: 40, wishes: ['A'] },
        { id: 'i3', rank: 41, wishes: ['A'] }, { id: 'i4', rank: 50, wishes: ['A', 'B'] },
      ],
      posts: [{ id: 'A', capacity: 3 }, { id: 'B', capacity: 1 }],
    });
    const out = allocate(['--input', input, '--output', '-', '--quiet']);
    assert.equal(out.code, 0, out.stderr);
    const res = JSON.parse(out.stdout.toString('utf8'));
    const i4 = res.explanations.find((e) => e.candidate === 'i4');
    assert.deepEqual(i4.details, ['vœu 1 (A) : 3 places, dernier admis rang 41, vous rang 50']);
    assert.equal(res.posts.find((p) => p.post === 'A').explanation, '3 places pourvues sur 3 : rangs 12, 40, 41');
  });

  const BAD = [
    ['unknown post in wishes',
      { ...GOOD, candidates: [{ id: 'c1', wishes: ['p9'] }] },
      'candidates[0].wishes[0] : poste inconnu « p9 »'],
    ['unknown candidate in a ranking',
      { ...GOOD, posts: [{ id: 'p1', capacity: 1, ranking: ['zz'] }, { id: 'p2', capacity: 1, ranking: [] }] },
      'posts[0].ranking[0] : candidat inconnu « zz »'],
    ['duplicate candidate',
      { ...GOOD, candidates: [...GOOD.candidates, { id: 'c2', wishes: [] }] },
      'candidates[4].id : identifiant « c2 » en double'],
    ['duplicate wish',
      { ...GOOD, candidates: [{ id: 'c1', wishes: ['p1', 'p1'] }] },
      'candidates[0].wishes[1] : « p1 » figure deux fois dans la liste'],
    ['negative capacity',
      { ...GOOD, posts: [{ id: 'p1', capacity: -1, ranking: [] }, { id: 'p2', capacity: 1, ranking: [] }] },
      'posts[0].capacity : valeur hors limites « -1 » (attendu entre 0 et 1000000)'],
    ['unknown algorithm', { ...GOOD, algorithm: 'lottery' }, 'algorithm : valeur « lottery » inconnue'],
    ['malformed JSON', '{"algorithm": "deferred-acceptance", "candidates": [', 'JSON mal formé'],
    ['trailing comma', '{"algorithm": "deferred-acceptance",}', 'JSON mal formé (ligne 1, colonne 37)'],
  ];
  for (const [name, bundle, message] of BAD) {
    test(`refuses: ${name}`, () => {
      const input = bundleFile(`bad-${name.replace(/\W+/g, '-')}.json`, bundle);
      const output = join(dir, `bad-${name.replace(/\W+/g, '-')}.result.json`);
      const r = allocate(['--input', input, '--output', output]);
      assert.equal(r.code, 3, r.stderr);
      assert.ok(r.stderr.includes(message), `stderr « ${r.stderr.trim()} » lacks « ${message} »`);
      assert.match(r.stderr, /^plam allocate : /);
      assert.equal(existsSync(output), false);
    });
  }

  test('usage errors and help', () => {
    const none = allocate([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--input est obligatoire/);
    const unknown = allocate(['--inptu', 'x']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /option inconnue : --inptu/);
    const help = allocate(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout.toString('utf8'), /Usage : plam allocate --input LOT\.json --output RESULTAT\.json/);
    const missing = allocate(['--input', join(dir, 'absent.json'), '--output', '-']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /impossible d'ouvrir le lot/);
  });
});
