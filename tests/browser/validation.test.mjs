// Validation with context and the proposal form (issue 9, item 9), in a real
// browser against the real server (demo data), at 1280 and 320 px:
// - /validation.html shows, for each proposed value, the previous validated
//   value and the target, and flags a value far from them (more than 10
//   times the previous value, more than twice the target);
// - one's own proposal offers no "Valider" button but says why (the server
//   refuses it too); another reviewer's proposal can be validated;
// - the proposal form on an action page offers only the territories the
//   chosen indicator is measured on: a region-only indicator offers no
//   département, a département indicator only its départements; a count
//   offers no numerator/denominator.
// axe-core finds no serious violation and nothing scrolls sideways at 320 px.
// Screenshots go to build/screenshots/validation-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import {
  launch, newPage, open, loginForm, axeSerious, horizontalOverflow, screenshot, describeViolations, waitFor,
  ADMIN, DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const STAFF = DEMO_USERS.find((u) => u.role === 'staff');
const norm = (s) => String(s).replace(/[\u202f\u00a0]/g, ' ');

let server;
let browser;
let ids;
before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
  const get = async (path) => (await (await fetch(server.url + path)).json()).data;
  const pdlRef = (await get('/api/plans')).find((p) => p.slug === 'pdl-plam-2022');
  const pdl = await get(`/api/plans/${pdlRef.id}`);
  const actions = pdl.axes.flatMap((a) => a.actions);
  const indicator = (code) => actions.flatMap((a) => a.indicators).find((i) => i.code === code);
  ids = {
    plan: pdl.id, region: pdl.region_id,
    civique: indicator('pdl-1.2-service-civique'), // previous 187, target 200
    refugies: indicator('pdl-1.5-refugies'), // by département: DEP-44 and DEP-49
    a15: actions.find((a) => a.number === '1.5'),
    a33: actions.find((a) => a.number === '3.3'),
    peripherie: indicator('pdl-3.3-postes-peripherie'),
    projets: indicator('pdl-3.3-nouveaux-projets'),
  };
  for (const [k, v] of Object.entries(ids)) assert.ok(v, `demo data: ${k}`);
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// Proposes through the API as `user`; returns the measurement.
async function proposeAs(user, indicatorId, body) {
  const login = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: user.login, password: user.password }) });
  assert.equal(login.status, 200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = (await login.json()).data.csrf_token;
  const r = await fetch(`${server.url}/api/indicators/${indicatorId}/measurements`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf, Origin: server.url }, body: JSON.stringify({ source: 'test navigateur', ...body }) });
  assert.equal(r.status, 201, await r.clone().text());
  return (await r.json()).data;
}

for (const viewport of [DESKTOP, MOBILE]) {
  const tag = viewport.width;
  test(`validation page shows the context and offers no self-validation (${tag} px)`, { timeout: 180000 }, async () => {
    const far = await proposeAs(STAFF, ids.civique.id, { value_on: `2031-0${tag === 320 ? 2 : 1}-28`, value: 2500 });
    const other = await proposeAs(ADMIN, ids.civique.id, { value_on: `2031-0${tag === 320 ? 4 : 3}-30`, value: 190 });
    const staff = await newPage(browser, server.url, viewport);
    try {
      await loginForm(staff.page, STAFF);
      await open(staff.page, `/validation.html?plan=${ids.plan}`);
      await waitFor(staff.page, `[data-plam-validate="${other.id}"]`);
      const row = (id) => staff.page.locator('#tableau-a-valider tr', { has: staff.page.locator(`[data-plam-reject="${id}"]`) });
      // own proposal: no Valider button, a note instead; Rejeter stays
      assert.equal(await staff.page.locator(`[data-plam-validate="${far.id}"]`).count(), 0, 'no validate button on one\'s own proposal');
      assert.match(norm(await row(far.id).locator('[data-plam="ma-proposition"]').textContent()), /un autre membre de l’équipe du plan doit la valider/);
      // context: previous validated value and target, and the flags
      const farText = norm(await row(far.id).textContent());
      assert.match(farText, /Précédente valeur validée : 187 \(/);
      assert.match(farText, /Cible finale : 200/);
      assert.deepEqual(await row(far.id).locator('[data-plam-flag]').evaluateAll((n) => n.map((x) => x.getAttribute('data-plam-flag'))),
        ['far_from_previous', 'beyond_target']);
      assert.equal(await row(other.id).locator('[data-plam-flag]').count(), 0, 'a value near the series is not flagged');
      assert.ok(await row(far.id).locator('[data-plam-flag="far_from_previous"]').isVisible());
      await screenshot(staff.page, `validation-contexte-${tag}`);
      const v = await axeSerious(staff.page);
      assert.deepEqual(v, [], describeViolations(v));
      assert.ok(await horizontalOverflow(staff.page) <= 0, 'no sideways scroll');
      // someone else's proposal can be validated
      await Promise.all([
        staff.page.waitForResponse((r) => r.url().endsWith(`/api/measurements/${other.id}/validate`)),
        staff.page.click(`[data-plam-validate="${other.id}"]`),
      ]);
      await staff.page.locator('.plam-notices .fr-alert--success').waitFor();
      assert.deepEqual(staff.page.problems, []);
    } finally {
      await staff.context.close();
    }
  });

  test(`the proposal form offers only the territories the indicator allows (${tag} px)`, { timeout: 120000 }, async () => {
    const staff = await newPage(browser, server.url, viewport);
    const options = () => staff.page.locator('#mesure-territoire option').evaluateAll((n) => n.map((o) => o.value).filter(Boolean));
    try {
      await loginForm(staff.page, STAFF);
      await open(staff.page, `/action.html?id=${ids.a33.id}&plan=${ids.plan}`);
      await waitFor(staff.page, '#formulaire-mesure');
      await staff.page.selectOption('#mesure-indicateur', String(ids.projets.id));
      assert.deepEqual(await options(), [ids.region], 'a region-only indicator offers its region only');
      assert.equal(await staff.page.inputValue('#mesure-territoire'), ids.region, 'and chooses it');
      assert.ok(await staff.page.locator('#mesure-type').isHidden(), 'a count takes a value only');
      await staff.page.selectOption('#mesure-indicateur', String(ids.peripherie.id));
      assert.deepEqual(await options(), ['DEP-44', 'DEP-49', 'DEP-53', 'DEP-72', 'DEP-85']);
      await screenshot(staff.page, `validation-formulaire-${tag}`);
      const v = await axeSerious(staff.page);
      assert.deepEqual(v, [], describeViolations(v));
      assert.ok(await horizontalOverflow(staff.page) <= 0, 'no sideways scroll');
      await open(staff.page, `/action.html?id=${ids.a15.id}&plan=${ids.plan}`);
      await waitFor(staff.page, '#formulaire-mesure');
      await staff.page.selectOption('#mesure-indicateur', String(ids.refugies.id));
      assert.deepEqual(await options(), ['DEP-44', 'DEP-49'], 'the départements the indicator lists');
      assert.deepEqual(staff.page.problems, []);
    } finally {
      await staff.context.close();
    }
  });
}
