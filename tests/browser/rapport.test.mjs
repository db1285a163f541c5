// The printable plan report in a real browser (Chromium, demo data): the page
// GET /api/plans/{id}/rapport.html loads under the server's CSP with its
// stylesheet and no error, axe-core reports no serious or critical violation
// at 1280 and 320 px, nothing scrolls sideways at 320 px, printing puts each
// axis on a new page; the public plan page links to the COPIL workbook, the
// report and the open data. Screenshots: build/screenshots/rapport-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launch, newPage, open, axeSerious, horizontalOverflow, screenshot, describeViolations, DESKTOP, MOBILE } from './browser.mjs';

let server;
let browser;
let pdl;
before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
  const plans = (await (await fetch(`${server.url}/api/plans`)).json()).data;
  pdl = plans.find((p) => p.slug === 'pdl-plam-2022');
  assert.ok(pdl, 'the demo has the Pays de la Loire plan');
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

for (const [label, viewport] of [['desktop', DESKTOP], ['mobile', MOBILE]]) {
  test(`the report passes axe and loads under the CSP (${label})`, { timeout: 60000 }, async () => {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      const css = [];
      page.on('response', (r) => { if (r.url().endsWith('/css/report.css')) css.push(r.status()); });
      const res = await page.goto(`/api/plans/${pdl.id}/rapport.html`);
      assert.equal(res.status(), 200);
      assert.equal(await page.getAttribute('html', 'lang'), 'fr');
      assert.match(await page.title(), /^Rapport d’avancement|^Rapport d'avancement/);
      assert.deepEqual(css, [200]);
      // the stylesheet applies (a rule of report.css, not a browser default)
      const border = await page.evaluate(() => getComputedStyle(document.querySelector('.rapport-chiffre')).borderLeftWidth);
      assert.equal(border, '4px');
      assert.equal(await page.locator('h1').count(), 1);
      assert.ok(await page.locator('section.rapport-axe').count() >= 4);
      const violations = await axeSerious(page);
      assert.deepEqual(violations, [], describeViolations(violations));
      if (viewport === MOBILE) assert.ok(await horizontalOverflow(page) <= 0, 'no horizontal scroll at 320 px');
      assert.deepEqual(page.problems, []);
      await screenshot(page, `rapport-${label}`);
    } finally {
      await context.close();
    }
  });
}

test('printing starts each axis on a new page', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser, server.url, DESKTOP);
  try {
    await page.goto(`/api/plans/${pdl.id}/rapport.html`);
    await page.emulateMedia({ media: 'print' });
    const breaks = await page.evaluate(() => [...document.querySelectorAll('section.rapport-axe')].map((s) => getComputedStyle(s).breakBefore));
    assert.ok(breaks.length >= 4);
    assert.ok(breaks.every((b) => b === 'page'), breaks.join(','));
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10000);
  } finally {
    await context.close();
  }
});

for (const [label, viewport] of [['desktop', DESKTOP], ['mobile', MOBILE]]) test(`the public plan page links to the workbook, the report and the open data (${label})`, { timeout: 90000 }, async () => {
  const { context, page } = await newPage(browser, server.url, viewport);
  try {
    await open(page, `/plan.html?id=${pdl.id}`);
    const nav = page.locator('#documents-plan');
    const links = await nav.locator('a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    assert.deepEqual(links, [
      ['Dossier COPIL (XLSX)', `/api/plans/${pdl.id}/copil.xlsx`],
      ['Rapport imprimable', `/api/plans/${pdl.id}/rapport.html`],
      ['Données ouvertes (JSON)', `/api/open-data/plans/${pdl.id}`],
    ]);
    const violations = await axeSerious(page);
    assert.deepEqual(violations, [], describeViolations(violations));
    if (viewport === MOBILE) assert.ok(await horizontalOverflow(page) <= 0, 'no horizontal scroll at 320 px');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
