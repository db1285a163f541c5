// Plan pages in a real browser against the real server (demo data):
// - a pilot proposes a measurement on an action of their organisation, plan
//   staff validate it, and the public plan page then shows the new progress
//   (the figure and its explanation change);
// - public pages work without logging in; a partner does not see the
//   propose form but can send a contribution; a reject needs a reason;
// - axe-core reports no serious or critical violation on each new page, at
//   1280 and 320 px, and nothing scrolls sideways at 320 px. Screenshots go
//   to build/screenshots/plan-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import {
  launch, newPage, open, loginForm, axeSerious, horizontalOverflow, screenshot, describeViolations, waitFor,
  DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const STAFF = DEMO_USERS.find((u) => u.role === 'staff');
const PILOT = DEMO_USERS.find((u) => u.role === 'pilot');
const PARTNER = DEMO_USERS.find((u) => u.role === 'partner');
const T_LONG = 30000;

let server;
let browser;
let ids; // {plan, action, indicator} of the Pays de la Loire demo plan
before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
  // The PDL plan, an action piloted by the demo pilot's organisation with an
  // indicator that has a baseline and a target (so progress is computable).
  const plans = (await (await fetch(`${server.url}/api/plans`)).json()).data;
  const pdl = plans.find((p) => p.region_id === 'REG-52');
  assert.ok(pdl, 'the demo has the Pays de la Loire plan');
  const plan = (await (await fetch(`${server.url}/api/plans/${pdl.id}`)).json()).data;
  const dash = (await (await fetch(`${server.url}/api/plans/${pdl.id}/dashboard`)).json()).data;
  const me = await loginApi(PILOT);
  for (const ax of plan.axes) {
    for (const a of ax.actions) {
      if (!a.partners.some((p) => p.org_id === me.org_id && p.role === 'pilot')) continue;
      for (const ind of a.indicators) {
        const r = dash.indicators.find((i) => i.id === ind.id).result;
        // A cumulative indicator adds each value to the previous ones; a level
        // or per-period one takes the latest value, which this test expects.
        if (ind.breakdown === 'scope' && ind.accumulation !== 'cumulative' && typeof r.baseline === 'number' && typeof r.target === 'number' && r.target !== r.baseline && !ids) {
          ids = { plan: pdl.id, action: a.id, actionNumber: a.number, indicator: ind.id, kind: ind.kind, region: pdl.region_id, baseline: r.baseline, target: r.target, progress: r.progress };
        }
      }
    }
  }
  assert.ok(ids, 'an action of the pilot has an indicator with a baseline and a target');
  // an indicator broken down by département, drawn on the map
  ids.mapIndicator = plan.axes.flatMap((ax) => ax.actions).flatMap((a) => a.indicators).find((i) => i.code === 'pdl-3.3-postes-peripherie').id;
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function loginApi(user) {
  const res = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: user.login, password: user.password }) });
  assert.equal(res.status, 200);
  return (await res.json()).data.user;
}

const frNumber = (v) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(v).replace(/\u202f|\u00a0/g, ' ');
const norm = (s) => String(s).replace(/\u202f|\u00a0/g, ' ');

async function indicatorFigure(page) {
  await page.click('[data-plam="axes-deplier"]'); // the axes open folded
  const card = page.locator(`[data-plam-indicator="${ids.indicator}"]`).first();
  await card.waitFor();
  return {
    figure: norm(await card.locator('[data-plam="figure"]').first().textContent()),
    progress: await card.locator('.plam-progress').first().getAttribute('data-plam-progress'),
    explanation: norm(await card.locator('details[data-plam="explication"]').first().evaluate((d) => d.textContent)),
  };
}

test('pilot proposes a value, staff validate it, the public plan page shows the new progress', { timeout: 240000 }, async () => {
  const anon = await newPage(browser, server.url);
  const pilot = await newPage(browser, server.url);
  const staff = await newPage(browser, server.url);
  try {
    // 1. Public page, no login: the figure and its explanation before.
    await open(anon.page, `/plan.html?id=${ids.plan}`);
    const before = await indicatorFigure(anon.page);
    assert.ok(await anon.page.locator('[data-plam-action="logout"]').count() === 0, 'anonymous visitor');
    assert.match(before.explanation, /Formule/);
    assert.match(before.explanation, /Couverture/);

    // The new value: between baseline and target, three quarters of the way.
    // (a whole number: the indicators found are counts, which take integers only)
    const value = Math.round(ids.baseline + 0.75 * (ids.target - ids.baseline));
    const expected = Math.max(0, Math.min(100, 100 * (value - ids.baseline) / (ids.target - ids.baseline)));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

    // 2. The pilot proposes it from the action page.
    await loginForm(pilot.page, PILOT);
    await open(pilot.page, `/action.html?id=${ids.action}&plan=${ids.plan}`);
    await waitFor(pilot.page, '#formulaire-mesure');
    await pilot.page.selectOption('#mesure-indicateur', String(ids.indicator));
    await pilot.page.selectOption('#mesure-territoire', ids.region);
    await pilot.page.fill('#mesure-date', today);
    // Client-side check first: no source.
    await pilot.page.fill('#mesure-valeur', String(value).replace('.', ','));
    await pilot.page.click('#formulaire-mesure button[type="submit"]');
    assert.equal(await pilot.page.getAttribute('#mesure-source', 'aria-invalid'), 'true');
    await pilot.page.fill('#mesure-source', 'Tableau de suivi du comité technique (test navigateur)');
    const [resp] = await Promise.all([
      pilot.page.waitForResponse((r) => r.url().endsWith(`/api/indicators/${ids.indicator}/measurements`) && r.request().method() === 'POST', { timeout: T_LONG }),
      pilot.page.click('#formulaire-mesure button[type="submit"]'),
    ]);
    assert.equal(resp.status(), 201);
    const proposed = (await resp.json()).data;
    await pilot.page.locator('#formulaire-mesure .fr-alert--success').waitFor();
    await screenshot(pilot.page, 'plan-pilote-proposition');

    // Still proposed: the public figure has not moved.
    await open(anon.page, `/plan.html?id=${ids.plan}`);
    assert.equal((await indicatorFigure(anon.page)).figure, before.figure, 'a proposed value does not count');

    // 3. Staff validate it.
    await loginForm(staff.page, STAFF);
    await open(staff.page, `/validation.html?plan=${ids.plan}`);
    await waitFor(staff.page, `[data-plam-validate="${proposed.id}"]`);
    await screenshot(staff.page, 'plan-validation');
    await Promise.all([
      staff.page.waitForResponse((r) => r.url().endsWith(`/api/measurements/${proposed.id}/validate`), { timeout: T_LONG }),
      staff.page.click(`[data-plam-validate="${proposed.id}"]`),
    ]);
    await staff.page.locator('.plam-notices .fr-alert--success').waitFor();
    assert.equal(await staff.page.locator(`[data-plam-validate="${proposed.id}"]`).count(), 0, 'the row left the list');

    // 4. The public page shows the new progress and explains it.
    await open(anon.page, `/plan.html?id=${ids.plan}`);
    const after = await indicatorFigure(anon.page);
    assert.notEqual(after.figure, before.figure, 'the figure changed');
    assert.equal(after.figure, `${frNumber(expected)} %`);
    assert.ok(Math.abs(Number(after.progress) - expected) < 0.11, `progress ${after.progress} ≈ ${expected}`);
    assert.notEqual(after.explanation, before.explanation, 'the explanation changed');
    assert.ok(after.explanation.includes(frNumber(value)), `the explanation shows the value ${value}: ${after.explanation}`);
    const card = anon.page.locator(`[data-plam-indicator="${ids.indicator}"] details[data-plam="explication"]`).first();
    await card.locator('summary').click();
    await card.scrollIntoViewIfNeeded();
    await screenshot(anon.page, 'plan-public-apres-validation');
    for (const p of [anon.page, pilot.page, staff.page]) assert.deepEqual(p.problems, []);
  } finally {
    await anon.context.close();
    await pilot.context.close();
    await staff.context.close();
  }
});

test('a reject needs a reason, and the rejected value stays out of the progress', { timeout: 180000 }, async () => {
  const pilot = await newPage(browser, server.url);
  const staff = await newPage(browser, server.url);
  try {
    await loginForm(pilot.page, PILOT);
    await open(pilot.page, `/action.html?id=${ids.action}&plan=${ids.plan}`);
    await waitFor(pilot.page, '#formulaire-mesure');
    await pilot.page.selectOption('#mesure-indicateur', String(ids.indicator));
    await pilot.page.fill('#mesure-valeur', '1');
    await pilot.page.fill('#mesure-source', 'Erreur de saisie');
    const [resp] = await Promise.all([
      pilot.page.waitForResponse((r) => r.url().includes('/measurements') && r.request().method() === 'POST', { timeout: T_LONG }),
      pilot.page.click('#formulaire-mesure button[type="submit"]'),
    ]);
    const m = (await resp.json()).data;

    await loginForm(staff.page, STAFF);
    await open(staff.page, `/validation.html?plan=${ids.plan}`);
    await waitFor(staff.page, `[data-plam-reject="${m.id}"]`);
    await staff.page.click(`[data-plam-reject="${m.id}"]`);
    await staff.page.locator(`#motif-${m.id}`).waitFor();
    await staff.page.click('[data-plam="formulaire-rejet"] button[type="submit"]');
    assert.equal(await staff.page.getAttribute(`#motif-${m.id}`, 'aria-invalid'), 'true', 'an empty reason is refused');
    await staff.page.fill(`#motif-${m.id}`, 'Valeur incohérente avec le bilan annuel');
    await Promise.all([
      staff.page.waitForResponse((r) => r.url().endsWith(`/api/measurements/${m.id}/reject`), { timeout: T_LONG }),
      staff.page.click('[data-plam="formulaire-rejet"] button[type="submit"]'),
    ]);
    await staff.page.locator('.plam-notices .fr-alert--success').waitFor();
    assert.equal(await staff.page.locator(`[data-plam-reject="${m.id}"]`).count(), 0);
    // The history on the indicator page (signed in) shows the rejection and its reason.
    await open(staff.page, `/indicateur.html?id=${ids.indicator}`);
    await waitFor(staff.page, '#historique-propositions');
    assert.match(await staff.page.textContent('#historique-propositions'), /Valeur incohérente avec le bilan annuel/);
  } finally {
    await pilot.context.close();
    await staff.context.close();
  }
});

test('a partner sees no propose form but sends a contribution, which staff answer', { timeout: 180000 }, async () => {
  const partner = await newPage(browser, server.url);
  const staff = await newPage(browser, server.url);
  try {
    await loginForm(partner.page, PARTNER);
    await open(partner.page, `/action.html?id=${ids.action}&plan=${ids.plan}`);
    await waitFor(partner.page, '#formulaire-contribution');
    assert.equal(await partner.page.locator('#formulaire-mesure').count(), 0, 'no propose form for a partner');
    assert.equal(await partner.page.locator('#formulaire-statut').count(), 0, 'no status form for a partner');
    const text = `Proposition de la fédération ${Date.now().toString(36)}`;
    await partner.page.fill('#contribution-texte', text);
    await Promise.all([
      partner.page.waitForResponse((r) => r.url().endsWith(`/api/plans/${ids.plan}/contributions`) && r.request().method() === 'POST', { timeout: T_LONG }),
      partner.page.click('#formulaire-contribution button[type="submit"]'),
    ]);
    await partner.page.locator(`[data-plam-contribution] >> text=${text}`).waitFor();

    await loginForm(staff.page, STAFF);
    await open(staff.page, `/contributions.html?plan=${ids.plan}`);
    const item = staff.page.locator('[data-plam-contribution]', { hasText: text });
    await item.waitFor();
    await item.locator('textarea').fill('Merci, la proposition sera examinée au prochain comité technique.');
    await item.locator('button[type="submit"]').click();
    await item.locator('[data-plam="reponse"]').waitFor();
    await screenshot(staff.page, 'plan-contributions');
    assert.deepEqual(partner.page.problems, []);
    assert.deepEqual(staff.page.problems, []);
  } finally {
    await partner.context.close();
    await staff.context.close();
  }
});

test('public pages work without login', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, server.url);
  try {
    await open(page, '/plans.html');
    await waitFor(page, `#tableau-plans a[href="/plan.html?id=${ids.plan}"]`);
    await Promise.all([page.waitForURL(/plan\.html/), page.click(`#tableau-plans a[href="/plan.html?id=${ids.plan}"]`)]);
    await page.waitForSelector('body[data-plam-ready="true"]');
    await waitFor(page, '#tableau-financeurs');
    assert.ok(await page.locator('details[data-plam="explication"]').count() > 3, 'figures explain themselves');
    await open(page, `/action.html?id=${ids.action}`);
    await waitFor(page, `[data-plam-indicator="${ids.indicator}"]`);
    assert.equal(await page.locator('#formulaire-mesure, #formulaire-contribution').count(), 0, 'no forms for visitors');
    await open(page, `/indicateur.html?id=${ids.indicator}`);
    await waitFor(page, 'svg.plam-chart');
    await open(page, `/budget.html?plan=${ids.plan}`);
    await waitFor(page, '#tableau-lignes');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

// name, path (function of ids), who, ready selector.
const PAGES = [
  { name: 'plans', path: () => '/plans.html', who: null, ready: '#tableau-plans' },
  { name: 'plan', path: () => `/plan.html?id=${ids.plan}`, who: null, ready: '#tableau-financeurs', openAll: true },
  { name: 'action', path: () => `/action.html?id=${ids.action}&plan=${ids.plan}`, who: null, ready: '[data-plam-figure]' },
  { name: 'action-pilote', path: () => `/action.html?id=${ids.action}&plan=${ids.plan}`, who: PILOT, ready: '#formulaire-mesure' },
  { name: 'action-partenaire', path: () => `/action.html?id=${ids.action}&plan=${ids.plan}`, who: PARTNER, ready: '#formulaire-contribution' },
  { name: 'indicateur', path: () => `/indicateur.html?id=${ids.indicator}`, who: null, ready: 'svg.plam-chart' },
  { name: 'indicateur-carte', path: () => `/indicateur.html?id=${ids.mapIndicator}`, who: null, ready: 'svg.plam-map' },
  { name: 'budget', path: () => `/budget.html?plan=${ids.plan}`, who: null, ready: '#tableau-lignes' },
  { name: 'validation', path: () => `/validation.html?plan=${ids.plan}`, who: STAFF, ready: '#liste-a-valider > *' },
  { name: 'contributions', path: () => `/contributions.html?plan=${ids.plan}`, who: STAFF, ready: '#liste-contributions > *' },
  { name: 'compte', path: () => '/compte.html', who: PILOT, ready: '#formulaire-mot-de-passe' },
  { name: 'organisation', path: () => '/organisation.html', who: PARTNER, ready: '#formulaire-mon-organisation' },
];

for (const viewport of [DESKTOP, MOBILE]) {
  const label = viewport === MOBILE ? 'mobile' : 'bureau';
  test(`plan pages: axe-core and layout at ${viewport.width} px`, { timeout: 420000 }, async (t) => {
    const sessions = new Map();
    try {
      for (const p of PAGES) {
        await t.test(`${p.name} (${viewport.width} px)`, async () => {
          const key = p.who ? p.who.login : '';
          if (!sessions.has(key)) {
            const s = await newPage(browser, server.url, viewport);
            if (p.who) await loginForm(s.page, p.who);
            sessions.set(key, s);
          }
          const { page } = sessions.get(key);
          page.problems.length = 0;
          const res = await open(page, p.path());
          assert.equal(res.status(), 200);
          await waitFor(page, p.ready, { timeout: T_LONG });
          if (p.openAll) await page.$$eval('details[data-plam="explication"]', (ds) => ds.slice(0, 6).forEach((d) => { d.open = true; }));
          const violations = await axeSerious(page);
          await screenshot(page, `plan-${p.name}-${label}`);
          assert.equal(violations.length, 0, describeViolations(violations));
          if (viewport === MOBILE) assert.ok(await horizontalOverflow(page) <= 0, `${p.name} scrolls horizontally at 320 px`);
          assert.equal(await page.locator('main#contenu h1').count(), 1, 'one h1 in main');
          assert.deepEqual(page.problems, []);
        });
      }
    } finally {
      for (const { context } of sessions.values()) await context.close();
    }
  });
}
