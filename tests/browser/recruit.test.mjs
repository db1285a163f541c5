// Recruitment pages in a real browser against the real server (demo data,
// issue 11): the demo candidate creates their profile (a public agent sees
// the rules on combining activities), the demo employer reaches "Besoins de
// recrutement" from the home tile, posts a need with a slot and reads the
// ranking of a demo need with its reasons and the excluded candidates with
// their rule; axe-core finds no serious or critical violation at 1280 and
// 320 px and nothing scrolls sideways at 320 px. Screenshots go to
// build/screenshots/recrutement-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import {
  launch, newPage, open, loginForm, checkScreen, waitFor,
  DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const CANDIDATE = DEMO_USERS.find((u) => u.role === 'candidate');
const EMPLOYER = DEMO_USERS.find((u) => u.role === 'employer');

let server;
let browser;
before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

for (const viewport of [DESKTOP, MOBILE]) {
  test(`a candidate creates their profile (${viewport.width} px)`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, CANDIDATE);
      await open(page, '/candidat.html');
      await waitFor(page, '#profil');
      const first = viewport === MOBILE ? 'Mobile' : 'Bureau';
      if (!(await page.locator('#resume').count())) {
        await checkScreen(page, 'recrutement-profil-vide', viewport);
        await page.fill('input[name="first_name"]', first);
        await page.fill('input[name="last_name"]', 'Candidate');
        await page.fill('input[name="email"]', 'candidate@example.org');
        await page.selectOption('select[name="profession"]', 'AS');
        await page.selectOption('select[name="situation"]', 'public_agent');
        await page.fill('input[name="lat"]', '48.0');
        await page.fill('input[name="lon"]', '0.2');
        await page.selectOption('select[name="departement"]', 'DEP-72');
        await page.fill('input[name="max_km"]', '25');
        await page.getByRole('button', { name: 'Ajouter une qualification' }).click();
        await page.selectOption('#qualifications select', 'AFGSU2');
        await page.fill('#qualifications input[type="date"]', '2029-06-30');
        await page.getByRole('button', { name: 'Ajouter une période' }).click();
        await page.fill('#disponibilites input[name="avail_start"]', '2027-01-10T08:00');
        await page.fill('#disponibilites input[name="avail_end"]', '2027-01-30T20:00');
        await page.locator('#profil button[type="submit"]').click();
        await page.locator('.plam-notices .fr-alert--success').waitFor();
      }
      await waitFor(page, '#resume');
      assert.match(await page.textContent('#resume'), /AFGSU 2/);
      assert.match(await page.textContent('#cumul'), /décret n° 2020-69/);
      await checkScreen(page, 'recrutement-profil', viewport);
    } finally {
      await context.close();
    }
  });

  test(`an employer posts a need and reads a ranking (${viewport.width} px)`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, EMPLOYER);
      const tile = page.locator('a[href="/besoins.html"]').first();
      assert.ok(await tile.count(), 'home tile "Besoins de recrutement" links to besoins.html');
      await open(page, '/besoins.html');
      await waitFor(page, '#liste-besoins table');
      await checkScreen(page, 'recrutement-besoins', viewport);
      await page.selectOption('select[name="profession"]', 'IDE');
      await page.fill('input[name="start"]', '2027-02-10T07:00');
      await page.fill('input[name="end"]', '2027-02-10T19:00');
      await page.locator('#viviers-vises .fr-checkbox-group label').first().click(); // the DSFR label covers its box
      await page.locator('#nouveau-besoin button[type="submit"]').click();
      await page.locator('.plam-notices .fr-alert--success').waitFor();
      // the demo AS night-shift need: ranked with reasons, the others excluded with their rule
      // (not the demo seasonal campaign's AS post, marked data-campaign)
      const row = page.locator('#liste-besoins tr', { hasText: 'Aide-soignant' }).filter({ hasNot: page.locator('[data-campaign]') }).first();
      // each need links to its offers page
      const needId = await row.locator('button[data-need]').getAttribute('data-need');
      const offersLink = row.locator(`a[href="/besoin-offres.html?id=${needId}"]`);
      assert.equal(await offersLink.count(), 1, 'the need links to besoin-offres.html?id=N');
      assert.equal((await offersLink.textContent()).trim(), `Offres du besoin n° ${needId}`);
      await row.locator('button[data-need]').click();
      await waitFor(page, '#classement h2');
      assert.match(await page.textContent('#classement'), /à \d+,\d km/);
      assert.match(await page.textContent('#exclus'), /Qualification/);
      assert.ok(!(await page.textContent('#classement')).includes('example.org'), 'no contact detail');
      await checkScreen(page, 'recrutement-classement', viewport);
      await offersLink.click();
      await page.waitForURL(`**/besoin-offres.html?id=${needId}`);
      await page.locator('h1', { hasText: `Offres du besoin n° ${needId}` }).waitFor();
    } finally {
      await context.close();
    }
  });
}
