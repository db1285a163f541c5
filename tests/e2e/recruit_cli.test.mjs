// plam recruit rank end to end: the real binary on bundle files in a
// temporary directory. A good bundle gives the ranked candidates with their
// French reasons and every excluded one with its rule and explanation; a
// rerun gives the same bytes, and so does the same bundle with the
// candidates in another order; bad bundles get a French error naming the
// field by its JSON path, exit code 3 and no result file; usage errors exit
// with 2; --help is in French.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';

const BIN = resolve(process.env.PLAM_BIN || 'build/asan/plam');
const dir = mkdtempSync(join(tmpdir(), 'plam-recruit-'));

function recruit(args, input) {
  const r = spawnSync(BIN, ['recruit', ...args], { input, timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

function bundleFile(name, obj) {
  const path = join(dir, name);
  writeFileSync(path, typeof obj === 'string' ? obj : JSON.stringify(obj, null, 1));
  return path;
}

const day = (d, h) => `2026-03-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00+01:00`;

function cand(id, over = {}) {
  return {
    id, profession: 'IDE',
    qualifications: [{ code: 'AFGSU2', valid_until: '2027-01-01' }],
    available: [{ start: day(1, 0), end: day(20, 0) }],
    home: { lat: 47.25, lon: -1.55 }, max_km: 30, pools: ['ght44'], shifts: [],
    offers_90d: 0, no_shows_12m: 0, ...over,
  };
}

const GOOD = {
  rules: { max_hours_7d: 48, min_rest_hours: 11, max_shift_hours: 12 },
  need: {
    id: 'n1', profession: 'IDE', qualifications: ['AFGSU2'],
    slots: [{ start: day(9, 8), end: day(9, 20) }],
    location: { lat: 47.218, lon: -1.553 }, max_km: 50, pools: ['ght44', 'region'],
  },
  candidates: [
    cand('ana', { offers_90d: 2 }),
    cand('bob', { past_missions: 3, no_shows_12m: 1 }),
    cand('cyd', { profession: 'AS' }),
    cand('dan', { qualifications: [{ code: 'AFGSU2', valid_until: '2026-03-08' }] }),
    cand('eve', { home: { lat: 48.0, lon: -1.55 } }),
    cand('fay', { pools: ['dept85'] }),
    cand('gus', {
      shifts: [3, 4, 5, 6].map((d) => ({ start: day(d, 8), end: day(d, 20) })),
    }),
    cand('hal', { shifts: [{ start: day(8, 13), end: day(8, 22) }] }),
    cand('ivy', { shifts: [{ start: day(9, 19), end: day(9, 23) }] }),
    cand('jo', { available: [{ start: day(9, 8), end: day(9, 14) }, { start: day(9, 15), end: day(9, 20) }] }),
  ],
  limit: 5,
};

describe('plam recruit rank', { timeout: 120000 }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('ranks the eligible with French reasons and explains every exclusion', () => {
    const input = bundleFile('good.json', GOOD);
    const output = join(dir, 'good.result.json');
    const r = recruit(['rank', '--input', input, '--output', output]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /2 candidat\(s\) classé\(s\), 8 écarté\(s\) sur 10/);
    const res = JSON.parse(readFileSync(output, 'utf8'));
    assert.deepEqual(Object.keys(res), ['ranked', 'excluded']);
    // same 5 km band: bob's past missions put him first
    assert.deepEqual(res.ranked.map((x) => [x.candidate, x.rank]), [['bob', 1], ['ana', 2]]);
    assert.deepEqual(Object.keys(res.ranked[0]), ['candidate', 'rank', 'distance_km', 'reasons']);
    assert.equal(res.ranked[0].distance_km, 3.565); // haversine computed independently (Python)
    assert.deepEqual(res.ranked[0].reasons, [
      'à 3,6 km', '3 missions passées dans cet établissement', '1 absence en 12 mois', 'aucune proposition en 90 jours',
    ]);
    assert.deepEqual(res.ranked[1].reasons, ['à 3,6 km', 'aucune absence en 12 mois', '2 propositions en 90 jours']);
    const ex = Object.fromEntries(res.excluded.map((x) => [x.candidate, x]));
    assert.deepEqual(res.excluded.map((x) => x.candidate), ['cyd', 'dan', 'eve', 'fay', 'gus', 'hal', 'ivy', 'jo']);
    assert.deepEqual(
      Object.fromEntries(res.excluded.map((x) => [x.candidate, x.rule])),
      { cyd: 'profession', dan: 'qualification', eve: 'distance', fay: 'pool', gus: 'hours_7d', hal: 'rest',
        ivy: 'overlap', jo: 'availability' },
    );
    assert.equal(ex.gus.explanation,
      '60 h travaillées sur 7 jours glissants (limite 48 h) entre le 02/03/2026 20:00 et le 09/03/2026 20:00 (UTC+01:00)'); // the earliest window holding the maximum
    assert.equal(ex.hal.explanation,
      "repos de 10 h entre la fin d'une mission le 08/03/2026 22:00 et le début de la suivante le 09/03/2026 08:00 " +
      '(UTC+01:00), minimum 11 h');
    assert.match(ex.eve.explanation, /^à 87,\d km, au-delà des limites du candidat \(30 km\) et de la demande \(50 km\)$/);
    assert.equal(existsSync(`${output}.tmp.${process.pid}`), false);
  });

  test('reruns and reordered candidates give the same bytes', () => {
    const input = bundleFile('again.json', GOOD);
    const a = recruit(['rank', '--input', input, '--output', '-', '--quiet']);
    const b = recruit(['rank', '--input', input, '--output', '-', '--quiet']);
    const shuffled = { ...GOOD, candidates: [...GOOD.candidates].reverse() };
    const c = recruit(['rank', '--input', '-', '--output', '-', '--quiet'], JSON.stringify(shuffled));
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stderr, '');
    assert.ok(a.stdout.length > 100);
    assert.ok(a.stdout.equals(b.stdout));
    assert.ok(a.stdout.equals(c.stdout));
  });

  test('invalid bundles: French error naming the JSON path, exit 3, no result file', () => {
    const cases = [
      [{ ...GOOD, rules: { max_hours_week: 40 } }, 'rules : champ inconnu « max_hours_week »'],
      [{ ...GOOD, limit: 0 }, 'limit : valeur 0 hors limites (attendu entre 1 et 1000)'],
      [{ ...GOOD, candidates: [GOOD.candidates[0], cand('ana')] },
        'candidates[1].id : identifiant « ana » déjà utilisé par candidates[0]'],
      [{ ...GOOD, candidates: [cand('x'), cand('y'), cand('z'), cand('w', { available: [{ start: day(2, 8), end: day(2, 6) }] })] },
        'candidates[3].available[0].end : la fin doit être postérieure au début'],
      [{ ...GOOD, candidates: [cand('x', { shifts: [{ start: '2026-03-02T08:00', end: day(2, 9) }] })] },
        'candidates[0].shifts[0].start : date et heure ISO 8601 invalide « 2026-03-02T08:00 »'],
      [{ ...GOOD, candidates: [cand('x', { home: { lat: 91, lon: 0 } })] }, 'candidates[0].home.lat : valeur 91 hors limites'],
      [{ ...GOOD, need: { ...GOOD.need, max_km: -5 } }, 'need.max_km : valeur -5 hors limites'],
      ['{"need": ', 'JSON mal formé'],
    ];
    for (const [bundle, message] of cases) {
      const input = bundleFile('bad.json', bundle);
      const output = join(dir, 'bad.result.json');
      const r = recruit(['rank', '--input', input, '--output', output]);
      assert.equal(r.code, 3, `${message}: ${r.stderr}`);
      assert.ok(r.stderr.startsWith('plam recruit rank : '), r.stderr);
      assert.ok(r.stderr.includes(message), `wanted « ${message} », got « ${r.stderr} »`);
      assert.equal(existsSync(output), false);
    }
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp.')), []);
  });

  test('usage errors exit 2, missing files exit 1, --help in French', () => {
    let r = recruit(['rank']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /l'option --input est obligatoire/);
    r = recruit(['score', '--input', 'x.json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /action inconnue « score »/);
    r = recruit(['rank', '--input', join(dir, 'absent.json'), '--output', '-']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /impossible d'ouvrir le lot/);
    r = recruit(['rank', '--inptu', 'x']);
    assert.equal(r.code, 2);
    r = recruit(['--help']);
    assert.equal(r.code, 0);
    const help = r.stdout.toString('utf8');
    assert.match(help, /rank --input LOT\.json --output RESULTAT\.json/);
    assert.match(help, /Classe les candidats/);
    assert.match(help, /docs\/RECRUITMENT\.md/);
    const top = spawnSync(BIN, ['--help'], { encoding: 'utf8' });
    assert.match(top.stdout, /recruit\s+recrutement : classe les candidats/);
  });
});
