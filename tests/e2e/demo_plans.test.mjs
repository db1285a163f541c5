// Validates the demo plans in data/demo/plans/ (format: docs/DEMO_DATA.md):
// structure, enums, references between keys, territories, dates, money
// arithmetic, and faithfulness to the seed documents: every object that
// carries a number names an existing seed file in `source` and a `quote`
// that occurs in that file (whitespace, bold markers and apostrophes
// normalised), and every other quote present is checked the same way.
// The seeds are read from $PLAM_SEEDS_DIR or ../shared/seeds next to the
// repository. They are not ours to ship: without them, the one test per plan
// that looks sources and quotes up in them reports itself skipped, with the
// reason, and every other check still runs (a source must still name a seed
// file). Pure file checks: no server is started.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PLANS_DIR = join(ROOT, 'data', 'demo', 'plans');
const SEEDS_DIR = process.env.PLAM_SEEDS_DIR || resolve(ROOT, '..', 'shared', 'seeds');

const REGIONS = {
  52: { name: 'Pays de la Loire', deps: ['44', '49', '53', '72', '85'] },
  27: { name: 'Bourgogne-Franche-Comté', deps: ['21', '25', '39', '58', '70', '71', '89', '90'] },
  53: { name: 'Bretagne', deps: ['22', '29', '35', '56'] },
};
const ORG_KINDS = new Set(['ars', 'region', 'prefecture', 'dreets', 'ddets', 'rectorat', 'france_travail', 'opco',
  'federation', 'establishment', 'training_institute', 'university', 'local_authority', 'other']);
const ROLES = new Set(['pilot', 'copilot', 'actor', 'funder', 'support', 'participant']);
const BODY_KINDS = new Set(['copil', 'technical', 'territorial', 'followup', 'conference', 'other']);
const DECISION_STATUS = new Set(['open', 'done', 'dropped']);
const ACTION_STATUS = new Set(['a_venir', 'en_cours', 'realise', 'en_retard', 'bloque', 'abandonne']);
const IND = {
  kind: new Set(['count', 'percent', 'amount', 'ratio']),
  direction: new Set(['higher', 'lower']),
  accumulation: new Set(['level', 'per_period', 'cumulative']),
  aggregation: new Set(['sum', 'ratio']),
  frequency: new Set(['none', 'monthly', 'quarterly', 'half_yearly', 'yearly']),
  breakdown: new Set(['scope', 'departement']),
};
const TARGET_KINDS = new Set(['intermediate', 'final']);
const QUALIFIERS = new Set(['at_least', 'at_most', 'about']);
const DATE_KEYS = new Set(['date', 'due', 'done', 'launched_on', 'period_start', 'established', 'planned', 'from', 'to']);
const KEY_RE = /^[a-z0-9][a-z0-9.-]{1,63}$/;
const TERRITORY_RE = /^(REG-\d{2}|DEP-(\d{2}|2A|2B|9[78]\d))$/;

// Numbers a quote must show (unless the figure says how it was `derived`):
// the significant digits of the value must occur in the quote, read with
// thousands separators removed ("1 238 millions" shows 1238000000).
const QUOTED_NUMBER_KEYS = ['value', 'value_high', 'amount_eur', 'planned_eur', 'committed_eur', 'paid_eur',
  'unit_amount_eur', 'previous_unit_amount_eur', 'quantity'];
const significant = (v) => String(Math.abs(v)).replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
const quoteDigits = (q) => q.replace(/(\d)[\s.,\u202f\u00a0](?=\d)/g, '$1');

const norm = (s) => s.replaceAll('**', '').replaceAll('\u2019', "'").replaceAll('\u00a0', ' ')
  .replace(/\s+/g, ' ').trim();

// Why the seed test is skipped, or null when the seeds are there.
const SEEDS_MISSING = existsSync(SEEDS_DIR) ? null
  : `seed documents not found at ${SEEDS_DIR} (not shipped with the repository; set PLAM_SEEDS_DIR)`;

function loadSeeds() {
  const seeds = new Map();
  for (const f of readdirSync(SEEDS_DIR)) if (f.endsWith('.txt')) seeds.set(f, norm(readFileSync(join(SEEDS_DIR, f), 'utf8')));
  assert.ok(seeds.size >= 5, 'the five seed documents');
  return seeds;
}

function loadPlans() {
  const files = readdirSync(PLANS_DIR).filter((f) => f.endsWith('.json')).sort();
  return files.map((f) => ({ file: f, plan: JSON.parse(readFileSync(join(PLANS_DIR, f), 'utf8')) }));
}

// Calendar check of "YYYY", "YYYY-MM" or "YYYY-MM-DD".
function validDate(s) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return false;
  const y = +m[1];
  if (y < 1990 || y > 2100) return false;
  if (m[2] === undefined) return true;
  const mo = +m[2];
  if (mo < 1 || mo > 12) return false;
  if (m[3] === undefined) return true;
  const d = +m[3];
  return d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

// Every object of the tree with its JSON path.
function* walk(node, path = '$') {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* walk(node[i], `${path}[${i}]`);
  } else if (node && typeof node === 'object') {
    yield [path, node];
    for (const [k, v] of Object.entries(node)) yield* walk(v, `${path}.${k}`);
  }
}

const allActions = (plan) => plan.axes.flatMap((a) => a.actions);
const allIndicators = (plan) => allActions(plan).flatMap((a) => a.indicators);
const allBudgetLines = (plan) => [...plan.budget_lines, ...plan.axes.flatMap((a) => a.budget_lines || []),
  ...allActions(plan).flatMap((a) => a.budget_lines)];

const seeds = SEEDS_MISSING ? null : loadSeeds();
// A source names a seed document (a .txt file); whether it exists and holds
// the quotes is the seed test's job.
const isSeedName = (f) => typeof f === 'string' && /^[^/]+\.txt$/.test(f);
const plans = loadPlans();

describe('demo plans: files', () => {
  test('one file per seed plan, one per région', () => {
    const regions = plans.map((p) => p.plan.region_code).sort();
    assert.deepEqual(regions, ['27', '52', '53']);
  });

  test('keys are unique across all files', () => {
    const seen = new Map();
    for (const { file, plan } of plans) {
      for (const [path, o] of walk(plan)) {
        if (typeof o.key !== 'string' || path.includes('.organisations[')) continue;
        assert.match(o.key, KEY_RE, `${file} ${path}.key`);
        assert.ok(!seen.has(o.key), `${file} ${path}: key ${o.key} also at ${seen.get(o.key)}`);
        seen.set(o.key, `${file} ${path}`);
      }
    }
  });
});

for (const { file, plan } of plans) {
  describe(`demo plan ${file}`, () => {
    const region = REGIONS[plan.region_code];
    const regionId = `REG-${plan.region_code}`;
    const ownDeps = new Set((region?.deps || []).map((d) => `DEP-${d}`));
    const orgs = new Map((plan.organisations || []).map((o) => [o.key, o]));

    test('plan header', () => {
      assert.equal(plan.format, 'plam-demo-plan/1');
      assert.match(plan.key, KEY_RE);
      assert.ok(region, `known région ${plan.region_code}`);
      assert.equal(plan.region_name, region.name);
      assert.ok(plan.title && plan.short_title && plan.summary);
      assert.ok(['draft', 'published', 'archived'].includes(plan.status));
      if (plan.launched_on) assert.ok(validDate(plan.launched_on), 'launched_on');
      assert.ok(Array.isArray(plan.sources) && plan.sources.length > 0);
      for (const s of plan.sources) assert.ok(isSeedName(s.file), `plan source ${s.file}`);
      assert.deepEqual([...plan.territories].sort(), [...ownDeps].sort(), 'the région\'s départements');
      for (const k of ['organisations', 'partners', 'governance', 'budget_lines', 'axes', 'figures'])
        assert.ok(Array.isArray(plan[k]), `${k} is an array`);
      if (plan.period) {
        assert.ok(Number.isInteger(plan.period.start_year));
        if (plan.period.end_year !== undefined) assert.ok(plan.period.end_year >= plan.period.start_year);
      }
    });

    test('every number names a seed and quotes it', () => {
      let numbers = 0;
      for (const [path, o] of walk(plan)) {
        const nums = Object.entries(o).filter(([, v]) => typeof v === 'number');
        for (const [k, v] of nums) assert.ok(Number.isFinite(v), `${path}.${k} finite`);
        if (nums.length) {
          numbers += nums.length;
          assert.equal(typeof o.source, 'string', `${path} has numbers (${nums.map(([k]) => k)}) but no source`);
          assert.equal(typeof o.quote, 'string', `${path} has numbers but no quote`);
          assert.ok(o.quote.trim().length > 0, `${path}.quote is empty`);
        }
        for (const [k, v] of Object.entries(o)) {
          if (Array.isArray(v) && v.some((x) => typeof x === 'number')) assert.fail(`${path}.${k}: bare numbers in an array`);
        }
        if (nums.length && o.derived === undefined && typeof o.quote === 'string') {
          for (const [k, v] of nums) {
            if (!QUOTED_NUMBER_KEYS.includes(k) || v === 0) continue;
            assert.ok(quoteDigits(o.quote).includes(significant(v)),
              `${path}.${k} = ${v} does not appear in its quote «${o.quote}» (add "derived" to explain it)`);
          }
        }
        if (o.source !== undefined) assert.ok(isSeedName(o.source), `${path}.source ${o.source} is not a seed file name`);
        else assert.equal(o.quote, undefined, `${path} has a quote without a source`);
      }
      if (plan.region_code !== '53') assert.ok(numbers > 10, 'the plan carries figures');
    });

    test('sources and quotes are found in the seed documents', (t) => {
      if (!seeds) return t.skip(SEEDS_MISSING);
      for (const s of plan.sources) assert.ok(seeds.has(s.file), `plan source ${s.file}`);
      let quotes = 0;
      for (const [path, o] of walk(plan)) {
        if (o.source === undefined) continue;
        assert.ok(seeds.has(o.source), `${path}.source ${o.source} is not a seed file`);
        if (o.quote === undefined) continue;
        assert.ok(seeds.get(o.source).includes(norm(o.quote)), `${path}.quote not found in ${o.source}: «${o.quote}»`);
        quotes++;
      }
      for (const ax of plan.axes) {
        for (const it of [...(ax.objectives || []), ...(ax.priorities || [])])
          assert.ok(seeds.get(it.source)?.includes(norm(it.text)), `${ax.key}: «${it.text}» in ${it.source}`);
        for (const a of ax.actions)
          for (const r of a.roadmap)
            if (r.due === undefined && r.done === undefined && !r.quote)
              assert.ok(seeds.get(r.source).includes(norm(r.text)), `roadmap «${r.text}» in ${r.source}`);
      }
      assert.ok(quotes > 0, 'the plan quotes its seeds');
    });

    test('dates are calendar dates', () => {
      for (const [path, o] of walk(plan)) {
        for (const [k, v] of Object.entries(o)) {
          if (DATE_KEYS.has(k) && typeof v === 'string') assert.ok(validDate(v), `${path}.${k} = ${v}`);
        }
      }
    });

    test('organisations and partners', () => {
      assert.equal(orgs.size, plan.organisations.length, 'organisation keys unique in the file');
      for (const o of plan.organisations) {
        assert.match(o.key, KEY_RE);
        assert.ok(o.name && o.name.length <= 200, `name of ${o.key}`);
        assert.ok(ORG_KINDS.has(o.kind), `kind ${o.kind} of ${o.key}`);
        if (o.territory !== undefined) assert.match(o.territory, TERRITORY_RE, `territory of ${o.key}`);
        assert.ok(isSeedName(o.source), `source of ${o.key}`);
      }
      const inPartners = new Set();
      for (const p of plan.partners) {
        assert.ok(orgs.has(p.organisation), `partner ${p.organisation}`);
        assert.ok(!inPartners.has(p.organisation), `partner ${p.organisation} listed once`);
        inPartners.add(p.organisation);
        assert.ok(p.roles.length > 0);
        for (const r of p.roles) assert.ok(ROLES.has(r), `role ${r}`);
      }
      // every organisation referenced anywhere exists
      const refKeys = ['pilots', 'actors', 'project_support', 'attendees'];
      for (const [path, o] of walk(plan)) {
        for (const k of refKeys) if (Array.isArray(o[k])) for (const r of o[k]) assert.ok(orgs.has(r), `${path}.${k}: ${r}`);
        for (const k of ['funder', 'owner', 'by', 'organisation'])
          if (typeof o[k] === 'string') assert.ok(orgs.has(o[k]), `${path}.${k}: ${o[k]}`);
      }
    });

    test('axes and actions', () => {
      const axisNumbers = new Set();
      const actionNumbers = new Set();
      for (const ax of plan.axes) {
        assert.ok(ax.title && ax.number, `axis ${ax.key}`);
        assert.ok(!axisNumbers.has(ax.number), `axis number ${ax.number} unique`);
        axisNumbers.add(ax.number);
        assert.ok(isSeedName(ax.source), `axis ${ax.key} source`);
        for (const it of [...(ax.objectives || []), ...(ax.priorities || [])]) {
          assert.ok(it.text && isSeedName(it.source), `${ax.key}: «${it.text}» names its source`);
        }
        for (const a of ax.actions) {
          assert.ok(!actionNumbers.has(a.number), `action number ${a.number} unique`);
          actionNumbers.add(a.number);
          assert.match(a.number, /^\d+\.\d+$/);
          assert.equal(typeof a.number_in_source, 'boolean');
          assert.ok(a.title && a.objective, `action ${a.number}`);
          assert.ok(isSeedName(a.source), `action ${a.number} source`);
          if (a.status !== undefined) assert.ok(ACTION_STATUS.has(a.status));
          for (const t of a.territories || []) assert.ok(ownDeps.has(t), `action ${a.number} territory ${t}`);
          for (const r of a.roadmap) {
            assert.ok(r.text && isSeedName(r.source), `roadmap of ${a.number}`);
          }
        }
      }
    });

    test('indicators: definitions, baselines, targets, measurements', () => {
      for (const ind of allIndicators(plan)) {
        const where = `indicator ${ind.key}`;
        for (const [k, set] of Object.entries(IND)) assert.ok(set.has(ind[k]), `${where}.${k} = ${ind[k]}`);
        assert.ok(ind.title && ind.definition && ind.unit, where);
        if (ind.added !== undefined) { // added by plam's demo: no source to quote, no figure of its own
          assert.equal(ind.source, undefined, `${where}: an added indicator quotes no source`);
          assert.match(ind.added, /ajouté par la démonstration de plam, absent de la source/i, `${where}.added says so`);
          assert.equal((ind.targets || []).length + (ind.measurements || []).length + (ind.baseline ? 1 : 0), 0,
            `${where}: an added indicator carries no figure (its values come from plam's feed)`);
        }
        if (ind.kind === 'percent' || ind.kind === 'ratio') assert.equal(ind.aggregation, 'ratio', `${where}: rates are never summed`);
        if (ind.accumulation === 'cumulative') assert.equal(ind.aggregation, 'sum', `${where}: cumulative values add up`);
        assert.equal(ind.scope, regionId, `${where}.scope`);
        const allowed = ind.breakdown === 'departement' ? new Set(ind.territories || [...ownDeps]) : new Set([regionId]);
        for (const t of ind.territories || []) assert.ok(ownDeps.has(t), `${where} territory ${t}`);
        if (ind.baseline) {
          assert.ok(Number.isFinite(ind.baseline.value), `${where} baseline value`);
          assert.equal(ind.baseline.territory, regionId, `${where} baseline at the scope`);
        }
        for (const t of ind.targets) {
          assert.ok(TARGET_KINDS.has(t.kind), `${where} target kind`);
          assert.equal(t.territory, regionId, `${where} target at the scope`);
          if (t.value_high !== undefined) assert.ok(t.value_high >= t.value, `${where} target range`);
          if (ind.baseline && ind.baseline.value !== t.value) {
            const up = t.value > ind.baseline.value;
            assert.equal(up, ind.direction === 'higher', `${where}: target on the good side of the baseline`);
          }
        }
        for (const m of ind.measurements) {
          assert.ok(allowed.has(m.territory), `${where} measurement territory ${m.territory}`);
          assert.ok(m.value !== undefined || (m.numerator !== undefined && m.denominator !== undefined), `${where} value`);
          if (m.qualifier !== undefined) assert.ok(QUALIFIERS.has(m.qualifier));
          assert.equal(m.status, 'validated');
          assert.ok(validDate(m.date) && m.date.length === 10, `${where} measurement date is a day`);
          if (m.period_start) assert.ok(m.period_start <= m.date, `${where} period`);
          if (ind.kind === 'percent' && m.value !== undefined) assert.ok(m.value >= 0 && m.value <= 100);
        }
      }
    });

    test('money: amounts, unit × quantity, instalments', () => {
      for (const b of allBudgetLines(plan)) {
        const where = `budget line ${b.key}`;
        assert.ok(b.label, where);
        for (const k of ['planned_eur', 'committed_eur', 'paid_eur', 'unit_amount_eur', 'quantity', 'previous_unit_amount_eur'])
          if (b[k] !== undefined) assert.ok(b[k] >= 0, `${where}.${k} >= 0`);
        assert.ok(['planned_eur', 'committed_eur', 'paid_eur', 'unit_amount_eur'].some((k) => b[k] !== undefined), `${where} has an amount`);
        if (b.year_from !== undefined || b.year_to !== undefined) {
          assert.ok(Number.isInteger(b.year_from) && Number.isInteger(b.year_to) && b.year_from <= b.year_to, `${where} years`);
        }
        if (b.qualifier !== undefined) assert.ok(QUALIFIERS.has(b.qualifier));
        if (b.unit_amount_eur !== undefined) assert.ok(b.unit, `${where}: a unit amount says per what`);
        if (b.unit_amount_eur !== undefined && b.quantity !== undefined && b.planned_eur !== undefined) {
          const expected = Math.round(b.unit_amount_eur * b.quantity * 100);
          assert.ok(Math.abs(expected - Math.round(b.planned_eur * 100)) <= 1, `${where}: unit × quantity = planned`);
        }
        if (b.instalments) {
          const sum = b.instalments.reduce((s, i) => s + i.amount_eur, 0);
          assert.equal(sum, b.unit_amount_eur, `${where}: instalments add up to the unit amount`);
        }
      }
    });

    test('governance: bodies, meetings, decisions', () => {
      const axisKeys = new Set(plan.axes.map((a) => a.key));
      const actionKeys = new Set(allActions(plan).map((a) => a.key));
      for (const g of plan.governance) {
        assert.ok(BODY_KINDS.has(g.kind), `body ${g.key} kind ${g.kind}`);
        assert.ok(g.name && isSeedName(g.source), `body ${g.key}`);
        if (g.axis !== undefined) assert.ok(axisKeys.has(g.axis), `body ${g.key} axis`);
        if (g.action !== undefined) assert.ok(actionKeys.has(g.action), `body ${g.key} action`);
        if (g.territory !== undefined) assert.ok(ownDeps.has(g.territory), `body ${g.key} territory`);
        if (g.kind === 'territorial') assert.ok(g.territory, `territorial body ${g.key} has a département`);
        for (const m of g.meetings) {
          assert.ok(validDate(m.date) && m.date.length === 10, `meeting ${m.key} date`);
          assert.ok(m.title && isSeedName(m.source), `meeting ${m.key}`);
          for (const d of m.decisions) {
            assert.ok(d.text && DECISION_STATUS.has(d.status), `decision ${d.key}`);
            assert.ok(isSeedName(d.source), `decision ${d.key} source`);
          }
        }
      }
    });
  });
}

// What the seeds say must be there: losing one of these figures fails the test.
describe('demo plans: content from the seeds', () => {
  const byRegion = Object.fromEntries(plans.map((p) => [p.plan.region_code, p.plan]));
  const indicator = (plan, key) => allIndicators(plan).find((i) => i.key === key);
  const line = (plan, key) => allBudgetLines(plan).find((b) => b.key === key);

  test('Pays de la Loire: 5 axes, action sheets 1.1–1.7, 2.1–2.5, 3.1–3.6', () => {
    const pdl = byRegion['52'];
    assert.equal(pdl.axes.length, 5);
    const numbers = allActions(pdl).map((a) => a.number).sort();
    const expected = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '2.1', '2.2', '2.3', '2.4', '2.5',
      '3.1', '3.2', '3.3', '3.4', '3.5', '3.6'];
    assert.deepEqual(numbers, expected);
    assert.ok(allActions(pdl).every((a) => a.number_in_source === true));
    assert.ok(pdl.governance.some((g) => g.kind === 'copil' && g.meetings_per_year === 2));
    assert.equal(pdl.governance.filter((g) => g.kind === 'technical').length, 5);
  });

  test('Pays de la Loire: 500 qualifying pathways, 284 in 2021, 100 early 2022', () => {
    const ind = indicator(byRegion['52'], 'pdl-1.1-parcours');
    assert.ok(ind);
    assert.equal(ind.targets[0].value, 500);
    assert.equal(ind.accumulation, 'cumulative');
    assert.deepEqual(ind.measurements.map((m) => m.value), [284, 100]);
    assert.equal(ind.measurements[0].date, '2021-12-31');
  });

  test('Pays de la Loire: unit amounts 2,500 € per PEC contract, 30,000 €/year OPPI, 19,400 € IDEL', () => {
    const pdl = byRegion['52'];
    const pec = line(pdl, 'pdl-1.1-pec');
    assert.equal(pec.unit_amount_eur, 2500);
    assert.equal(pec.quantity, 500);
    assert.equal(pec.funder, 'ars');
    assert.equal(line(pdl, 'pdl-2.5-oppi').unit_amount_eur, 30000);
    const idel = line(pdl, 'pdl-3.4-idel');
    assert.equal(idel.unit_amount_eur, 19400);
    assert.equal(idel.previous_unit_amount_eur, 10600);
  });

  test('Pays de la Loire: IPA targets 80 in mental health and 40 in primary care', () => {
    const pdl = byRegion['52'];
    assert.equal(indicator(pdl, 'pdl-3.4-ipa-psy').targets[0].value, 80);
    assert.equal(indicator(pdl, 'pdl-3.4-ipa-ambu').targets[0].value, 40);
  });

  test('Pays de la Loire: a territorial indicator over the départements adds up', () => {
    const ind = indicator(byRegion['52'], 'pdl-3.3-postes-peripherie');
    assert.equal(ind.breakdown, 'departement');
    const total = ind.measurements.reduce((s, m) => s + m.value, 0);
    assert.equal(total, 9); // 1 PU + 1 MCU + 3 + 1 + 1 + 1 + 1 chefs de clinique
    assert.equal(new Set(ind.measurements.map((m) => m.territory)).size, 5);
  });

  test('Bourgogne-Franche-Comté: 4 co-piloted axes, COPIL of 22 March 2023, 165 contracts, 6,000 €', () => {
    const bfc = byRegion['27'];
    assert.equal(bfc.axes.length, 4);
    assert.deepEqual(bfc.axes.map((a) => a.pilots), [['region', 'rectorat'], ['ars', 'pole-emploi'], ['ars', 'dreets'],
      ['ars', 'prefecture', 'dreets', 'region']]);
    const copil = bfc.governance.find((g) => g.kind === 'copil');
    assert.ok(copil.meetings.some((m) => m.date === '2023-03-22'));
    assert.equal(bfc.governance.filter((g) => g.kind === 'territorial').length, 8);
    assert.ok(bfc.governance.some((g) => g.kind === 'conference' && g.meetings_per_year === 1));
    assert.equal(indicator(bfc, 'bfc-1.3-contrats').targets[0].value, 165);
    assert.equal(line(bfc, 'bfc-1.4-maitres').unit_amount_eur, 6000);
    assert.equal(line(bfc, 'bfc-ars-2022-2023').committed_eur, 80000000);
    assert.equal(line(bfc, 'bfc-ars-2022-2023').qualifier, 'at_least');
  });

  test('Pays de la Loire: sheet 2.2 acts with "professionnels de santé"; the IPA committee dates from "début 2021"', () => {
    const pdl = byRegion['52'];
    const orgs = new Map(pdl.organisations.map((o) => [o.key, o]));
    const s22 = allActions(pdl).find((a) => a.number === '2.2');
    assert.ok(s22.actors.some((k) => orgs.get(k).label_in_source === 'professionnels de santé'));
    const ipa = pdl.governance.find((g) => g.key === 'pdl-concertation-ipa');
    assert.equal(ipa.established, undefined, 'no day or year-end date for "début 2021"');
    assert.equal(ipa.established_text, 'début 2021');
    assert.match(ipa.quote, /installé début 2021/);
    // "Au moins 6 nouveaux projets": the target is a lower bound
    assert.equal(indicator(pdl, 'pdl-3.3-nouveaux-projets').targets.find((t) => t.value === 6).qualifier, 'at_least');
  });

  test('Bourgogne-Franche-Comté: the first COPIL had the two rectorats; the 80 millions have no single funder', () => {
    const bfc = byRegion['27'];
    const orgs = new Map(bfc.organisations.map((o) => [o.key, o]));
    const first = bfc.governance.flatMap((g) => g.meetings).find((m) => m.date === '2023-03-22');
    assert.ok(first.attendees.some((k) => orgs.get(k).label_in_source === 'les deux rectorats' && orgs.get(k).collective));
    const ars = line(bfc, 'bfc-ars-2022-2023');
    assert.equal(ars.funder, undefined, 'ARS and national health credits: not the ARS alone');
    assert.match(ars.quote, /l'ARS et des crédits santé nationaux|l’ARS et des crédits santé nationaux/);
  });

  test('one organisation record per région: no name shared between régions, sources titled with their date', () => {
    // national bodies (ANFH, OPCO Santé) have no territory: one record for all régions
    const owner = new Map();
    for (const { file, plan } of plans) {
      for (const o of plan.organisations) {
        const name = o.name.toLowerCase();
        if (!o.territory) continue;
        assert.ok(!owner.has(name) || owner.get(name) === plan.region_code,
          `${file}: « ${o.name} » is also an organisation of région ${owner.get(name)}`);
        owner.set(name, plan.region_code);
      }
      // the organisations plam's demo accounts create (src/app/demo.c) are reused by name, never doubled
      const kinds = plan.organisations.filter((o) => ['region', 'france_travail'].includes(o.kind) && o.territory === `REG-${plan.region_code}`);
      assert.ok(kinds.filter((o) => o.kind === 'region').length <= 1, `${file}: one Région`);
      assert.ok(kinds.filter((o) => o.kind === 'france_travail').length <= 1, `${file}: one France Travail`);
      for (const s of plan.sources) assert.match(s.title, /\d{4}|non datée/, `${file}: the title of ${s.file} gives its date or says it has none`);
    }
    const pdl = byRegion['52'];
    assert.equal(pdl.organisations.find((o) => o.key === 'region').name, 'Région Pays de la Loire');
    assert.equal(pdl.organisations.find((o) => o.key === 'pole-emploi').name, 'France Travail Pays de la Loire');
    assert.equal(pdl.organisations.find((o) => o.key === 'fhf').name, 'FHF Pays de la Loire');
    assert.equal(pdl.organisations.find((o) => o.key === 'uriopss').name, 'URIOPSS Pays de la Loire');
  });

  test('Bretagne: the publics, the partners and the levers', () => {
    const bzh = byRegion['53'];
    assert.equal(bzh.target_publics.length, 5);
    assert.ok(bzh.partners.length >= 14);
    assert.ok(bzh.axes.length >= 5);
    assert.ok(bzh.axes.every((a) => a.kind === 'lever' && a.actions.length === 0));
  });
});
