// "Import et export" page (donnees.html) in a real browser against the real
// server (demo data): plan staff reach it from the navigation, find the
// download links of a plan's structure (XLSX, CSV) and IATI XML, upload a
// structure file with errors and see the French report (sheet, row, column),
// then upload a valid copy and get a link to the new draft plan; a pilot has
// neither the link nor the page. axe-core reports no serious or critical
// violation at 1280 and 320 px (with the error report shown), and nothing
// scrolls sideways at 320 px. Screenshots: build/screenshots/donnees-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import {
  launch, newPage, open, loginForm, axeSerious, horizontalOverflow, screenshot, describeViolations, waitFor,
  DEMO_USERS, MOBILE,
} from './browser.mjs';

const STAFF = DEMO_USERS.find((u) => u.role === 'staff');
const PILOT = DEMO_USERS.find((u) => u.role === 'pilot');

let server;
let browser;
let pdl;
before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
  const plans = (await (await fetch(`${server.url}/api/plans`)).json()).data;
  pdl = plans.find((p) => p.slug === 'pdl-plam-2022');
  assert.ok(pdl);
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function noSerious(page, what) {
  const v = await axeSerious(page);
  assert.equal(v.length, 0, `${what}:\n${describeViolations(v)}`);
}

test('staff export a plan, see the error report of a bad file, import a copy', { timeout: 240000 }, async () => {
  const { context, page } = await newPage(browser, server.url);
  try {
    await loginForm(page, STAFF);
    const nav = page.locator('[data-plam-nav="donnees"]').first();
    assert.equal(await nav.getAttribute('href'), '/donnees.html');
    await open(page, `/donnees.html?plan=${pdl.id}`);
    assert.equal(await page.locator('h1').textContent(), 'Import et export');
    // download links of the chosen plan
    const links = page.locator('[data-plam="liens-export"] a');
    assert.equal(await links.count(), 3);
    assert.equal(await page.getAttribute('[data-plam-export="xlsx"]', 'href'), `/api/plans/${pdl.id}/structure.xlsx`);
    assert.equal(await page.getAttribute('[data-plam-export="csv"]', 'href'), `/api/plans/${pdl.id}/structure.csv`);
    assert.equal(await page.getAttribute('[data-plam-export="xml"]', 'href'), `/api/plans/${pdl.id}/iati.xml`);
    const csvRes = await page.request.get(`/api/plans/${pdl.id}/structure.csv`);
    assert.equal(csvRes.status(), 200);
    const csv = await csvRes.text();
    const xlsxRes = await page.request.get(`/api/plans/${pdl.id}/structure.xlsx`);
    assert.equal(xlsxRes.status(), 200);
    const xlsx = await xlsxRes.body();
    await noSerious(page, 'page at 1280 px');

    // a file with errors: nothing created, the report names sheet, row, column
    const bad = csv.replace(/\r\nAxes;1;[^;"]*;/, '\r\nAxes;1;;');
    await page.setInputFiles('#fichier-structure', { name: 'erreurs.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.fill('#nouvel-identifiant', 'copie-navigateur');
    await page.fill('#prefixe-codes', 'nav-');
    const [r1] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/plan-imports')),
      page.click('[data-plam="formulaire-import"] button[type="submit"]'),
    ]);
    assert.equal(r1.status(), 400);
    await waitFor(page, '#tableau-erreurs');
    const cells = await page.locator('#tableau-erreurs tbody tr').first().locator('td').allTextContents();
    assert.equal(cells[0], 'Axes');
    assert.match(cells[1], /^\d+$/);
    assert.equal(cells[2], 'titre');
    assert.match(cells[3], /valeur obligatoire manquante/);
    assert.match(await page.locator('.plam-notices .fr-alert--error').textContent(), /aucun plan n'a été créé/);
    await screenshot(page, 'donnees-erreurs');
    await noSerious(page, 'error report at 1280 px');
    const count = (await (await page.request.get('/api/plans')).json()).data.length;

    // the valid workbook as a copy
    await page.setInputFiles('#fichier-structure', { name: 'structure.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx });
    await page.fill('#nouvel-identifiant', 'copie-navigateur');
    await page.fill('#prefixe-codes', 'nav-');
    const [r2] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/plan-imports')),
      page.click('[data-plam="formulaire-import"] button[type="submit"]'),
    ]);
    assert.equal(r2.status(), 201, await r2.text());
    await waitFor(page, '.plam-notices .fr-alert--success');
    assert.match(await page.locator('.plam-notices .fr-alert--success').textContent(), /« copie-navigateur » a été créé en brouillon/);
    const created = (await r2.json()).data;
    assert.equal(await page.getAttribute('[data-plam="nouveau-plan"]', 'href'), `/plan.html?id=${created.id}`);
    assert.equal(await page.locator('#tableau-erreurs').count(), 0, 'the old report is gone');
    assert.equal((await (await page.request.get('/api/plans')).json()).data.length, count + 1);
    assert.equal(await page.locator(`#plan-export option[value="${created.id}"]`).count(), 1, 'the chooser lists the new plan');
    await screenshot(page, 'donnees-import');

    // 320 px
    await page.setViewportSize(MOBILE);
    await open(page, `/donnees.html?plan=${pdl.id}`);
    assert.ok(await horizontalOverflow(page) <= 0, 'no horizontal scroll at 320 px');
    await noSerious(page, 'page at 320 px');
    await screenshot(page, 'donnees-320');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a pilot has no link to the page and is refused', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, server.url);
  try {
    await loginForm(page, PILOT);
    assert.equal(await page.locator('[data-plam-nav="donnees"]').count(), 0);
    await open(page, '/donnees.html');
    assert.match(await page.locator('#page').textContent(), /Accès refusé/);
    assert.equal(await page.locator('[data-plam="formulaire-import"]').count(), 0);
  } finally {
    await context.close();
  }
});
