// Recruitment dashboards (tableau-recrutement.html, issue 11) in a real
// browser against the real server (demo data), at 1280 and 320 px: plan
// staff follow the home tile "Tableau de bord du recrutement", read the
// summary cards (the figures the API gives for the same filters), filter by
// profession and by week through the form (the filters go to the URL and
// to the CSV link), read the weekly series and the definitions, and see the
// indicators fed by the measures with "Recalculer maintenant"; the demo
// employer sees its organisation's figures and no link section. axe-core
// finds no serious or critical violation, nothing scrolls sideways at 320
// px, no button lacks a visible label, no "null" shows, no CSP refusal.
// Screenshots: build/screenshots/tableau-recrutement-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveDemo, open, loginForm, checkScreen, waitFor,
  DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const STAFF = DEMO_USERS.find((u) => u.role === 'staff');
const EMPLOYER = DEMO_USERS.find((u) => u.role === 'employer');

const demo = serveDemo();

/** The API's answer for the same query, fetched in the page (same session). */
const apiData = (page, qs) => page.evaluate(async (q) => (await (await fetch(`/api/recruit-dashboard${q}`)).json()).data, qs);

for (const vp of [DESKTOP, MOBILE]) {
  test(`plan staff read and filter the recruitment dashboard (${vp.width} px)`, { timeout: 240000 }, async () => {
    const { context, page } = await demo.newPage(vp);
    try {
      await loginForm(page, STAFF);
      const tile = page.locator('[data-plam-section="recruitDashboard"] a');
      assert.equal(await tile.getAttribute('href'), '/tableau-recrutement.html');
      await tile.click();
      await page.waitForSelector('body[data-plam-ready="true"]');
      await waitFor(page, '#kpi-besoins');
      assert.equal(await page.locator('h1').textContent(), 'Tableau de bord du recrutement');
      const all = await apiData(page, '');
      assert.ok(all.total.needs_posted >= 2, 'the demo posts needs');
      assert.equal((await page.locator('#kpi-besoins strong').textContent()).trim(), String(all.total.needs_posted));
      assert.equal((await page.locator('#kpi-vivier strong').textContent()).trim(), `${all.total.pool_size} / ${all.total.deployed}`);
      const rows = await page.locator('#tableau tbody tr').count();
      assert.equal(rows, all.rows.length);
      assert.equal(await page.locator('#definitions li').count(), 6);
      assert.equal(await page.locator('#recalculer').count(), 1, 'staff recompute the linked indicators');
      await checkScreen(page, 'tableau-recrutement-equipe', vp);

      // filter: nurses, one line per week
      await page.selectOption('#filtres select[name="profession"]', 'IDE');
      await page.selectOption('#filtres select[name="by"]', 'week');
      await Promise.all([page.waitForURL(/profession=IDE/), page.locator('#filtres button[type="submit"]').click()]);
      await page.waitForSelector('body[data-plam-ready="true"]');
      await waitFor(page, '#kpi-besoins');
      assert.match(page.url(), /by=week/);
      const ide = await apiData(page, '?profession=IDE&by=week');
      assert.equal((await page.locator('#kpi-besoins strong').textContent()).trim(), String(ide.total.needs_posted));
      assert.ok(ide.total.needs_posted < all.total.needs_posted, 'the filter narrows the needs');
      assert.equal(await page.locator('#tableau tbody tr').count(), ide.rows.length);
      if (ide.rows.length) assert.match(await page.locator('#tableau tbody tr td').first().textContent(), /^Semaine \d+ de \d{4}$/);
      assert.equal(await page.locator('#semaines tbody tr').count(), ide.weeks.length);
      assert.equal(await page.locator('#export-csv').getAttribute('href'), '/api/recruit-dashboard.csv?profession=IDE&by=week');
      const csv = await page.evaluate(async () => { const r = await fetch('/api/recruit-dashboard.csv?profession=IDE&by=week'); return [r.status, (await r.text()).split('\r\n')[0]]; });
      assert.equal(csv[0], 200);
      assert.match(csv[1], /Clé;Libellé;Besoins publiés/);
      await checkScreen(page, 'tableau-recrutement-filtre', vp);
    } finally {
      await context.close();
    }
  });

  test(`an employer sees its organisation's figures (${vp.width} px)`, { timeout: 240000 }, async () => {
    const { context, page } = await demo.newPage(vp);
    try {
      await loginForm(page, EMPLOYER);
      assert.equal(await page.locator('[data-plam-section="recruitDashboard"] a').getAttribute('href'), '/tableau-recrutement.html');
      await open(page, '/tableau-recrutement.html');
      await waitFor(page, '#kpi-besoins');
      const mine = await apiData(page, '');
      assert.equal(mine.scope, 'organisation');
      assert.match(await page.locator('#portee').textContent(), /votre organisation/);
      assert.equal((await page.locator('#kpi-besoins strong').textContent()).trim(), String(mine.total.needs_posted));
      assert.equal(await page.locator('#recalculer').count(), 0, 'the links are the staff\'s');
      await checkScreen(page, 'tableau-recrutement-employeur', vp);
    } finally {
      await context.close();
    }
  });
}
