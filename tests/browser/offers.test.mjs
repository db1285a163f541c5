// Offer pages in a real browser against the real server (issue 11): the
// public list and an offer's page (with its schema.org JobPosting data), a
// candidate who accepts through the link of the e-mail then takes it back
// within the undo window, and an employer who chooses among those who
// accepted; axe-core finds no serious or critical violation, nothing scrolls
// sideways at 320 px, at 1280 and 320 px. Needs, candidates and offers are
// seeded with SQL (tests/lib/offer_fixture.mjs). Screenshots go to
// build/screenshots/offre-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { seedBase, seedCandidates, seedNeed, seedOffers } from '../lib/offer_fixture.mjs';
import {
  launch, newPage, open, loginForm, checkScreen, waitFor,
  DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const EMPLOYER = DEMO_USERS.find((u) => u.role === 'employer');

let server;
let browser;
before(async () => {
  server = await startServer({ args: ['--offer-tick', '0'], timeoutMs: 60000 });
  seedBase(server);
  seedCandidates(server, 97001, 12);
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

let nextNeed = 98000;
for (const viewport of [DESKTOP, MOBILE]) {
  test(`public list and offer page at ${viewport.width} px`, { timeout: 120000 }, async () => {
    const id = (nextNeed += 1);
    seedNeed(server, { id, contract: 'permanent', pay: 'Grille de la fonction publique hospitalière', start: '2030-03-20T08:00+01:00', end: '2030-03-20T16:00+01:00' });
    const { page, context } = await newPage(browser, server.url, viewport);
    try {
      await open(page, '/offres.html?departement=DEP-44&contract=permanent');
      await waitFor(page, '#liste-offres table');
      assert.match(await page.textContent('#liste-offres'), /IDE — CH Fixture/);
      await checkScreen(page, 'offre-liste', viewport);
      await page.locator(`#liste-offres a[href="/offre.html?id=${id}"]`).first().click();
      await page.waitForSelector('body[data-plam-ready="true"]');
      await waitFor(page, '#offre-details');
      const ld = JSON.parse(await page.evaluate(() => document.querySelector('script[type="application/ld+json"]').textContent));
      assert.equal(ld['@type'], 'JobPosting');
      assert.equal(ld.employmentType, 'FULL_TIME');
      await checkScreen(page, 'offre-publique', viewport);
    } finally {
      await context.close();
    }
  });

  test(`a candidate accepts through the link, then takes it back, at ${viewport.width} px`, { timeout: 120000 }, async () => {
    const id = (nextNeed += 1);
    seedNeed(server, { id, headcount: 1, start: '2030-03-21T08:00+01:00', end: '2030-03-21T20:00+01:00' });
    const [o] = seedOffers(server, id, [97001 + (viewport === MOBILE ? 1 : 0)]);
    const { page, context } = await newPage(browser, server.url, viewport);
    try {
      await open(page, `/offre.html#jeton=${o.token}`);
      await waitFor(page, '#accepter');
      assert.match(await page.textContent('#etat-offre'), /en attente de votre réponse/);
      await checkScreen(page, 'offre-candidat', viewport);
      await page.click('#accepter');
      await waitFor(page, '.plam-notices .fr-alert--success');
      await page.waitForFunction(() => /mission confirmée/.test(document.querySelector('#etat-offre')?.textContent || ''));
      assert.equal(await page.locator('#annuler').count(), 1, 'a confirmed mission can be cancelled with a reason');
      await checkScreen(page, 'offre-candidat-confirme', viewport);
      await page.click('#revenir');
      await page.waitForFunction(() => /annulée par vous/.test(document.querySelector('#etat-offre')?.textContent || ''));
    } finally {
      await context.close();
    }
  });

  test(`an employer chooses among those who accepted, at ${viewport.width} px`, { timeout: 120000 }, async () => {
    const id = (nextNeed += 1);
    seedNeed(server, { id, headcount: 1, mode: 'choose', start: '2030-03-22T08:00+01:00', end: '2030-03-22T20:00+01:00',
      nextWaveAt: 4102444800 });
    const base = viewport === MOBILE ? 97008 : 97004;
    const offers = seedOffers(server, id, [base, base + 1, base + 2]);
    const anon = server.anon();
    for (const o of offers.slice(0, 2)) {
      const r = await anon.post('/api/offer-link/answer', { token: o.token, answer: 'accept' });
      assert.equal(r.status, 200, r.text);
    }
    const { page, context } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, EMPLOYER);
      await open(page, `/besoin-offres.html?id=${id}`);
      await waitFor(page, '#table-offres');
      const text = await page.textContent('#table-offres');
      assert.match(text, new RegExp(`c${base}@exemple\\.fr`));
      assert.doesNotMatch(text, new RegExp(`c${base + 2}@exemple\\.fr`)); // not accepted: no contact details
      await checkScreen(page, 'offre-employeur', viewport);
      await page.locator('[data-choisir]').nth(1).click();
      await waitFor(page, '.plam-notices .fr-alert--success');
      assert.match(await page.textContent('.plam-notices'), /Candidat confirmé/);
      await waitFor(page, '#table-offres');
      assert.match(await page.textContent('#besoin'), /pourvu/);
      assert.equal(await page.locator('[data-choisir]').count(), 0);
      await checkScreen(page, 'offre-employeur-choisi', viewport);
    } finally {
      await context.close();
    }
  });
}
