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
import { dbQuery, startServer } from '../lib/server.mjs';
import { seedBase, seedCandidates, seedNeed, seedOffers } from '../lib/offer_fixture.mjs';
import {
  launch, newPage, open, loginForm, checkScreen, waitFor,
  DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const EMPLOYER = DEMO_USERS.find((u) => u.role === 'employer');

const AREA = 97001;
let server;
let browser;
before(async () => {
  server = await startServer({ args: ['--offer-tick', '0'], timeoutMs: 60000 });
  seedBase(server);
  seedCandidates(server, 97001, 12);
  // an establishment in a commune of an employment area, for the visitor's filters
  const commune = dbQuery(server, "SELECT code FROM communes WHERE departement = 'DEP-44' ORDER BY code LIMIT 1")[0][0];
  dbQuery(server, `INSERT INTO establishments(id, name, category, departement, commune, lat, lon) VALUES
      (90003, 'EHPAD Fixture', 'ehpad', 'DEP-44', '${commune}', 47.3, -1.5);
    INSERT INTO areas(id, code, name, kind, region) VALUES (${AREA}, 'ZE-B1', 'Bassin de test (Pays de la Loire)', 'employment', 'REG-52');
    INSERT INTO area_communes(area_id, commune) VALUES (${AREA}, '${commune}');`, { write: true });
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

let nextNeed = 98000;
for (const viewport of [DESKTOP, MOBILE]) {
  test(`a visitor filters the public offers and opens one at ${viewport.width} px`, { timeout: 120000 }, async () => {
    const id = (nextNeed += 1);
    seedNeed(server, { id, estab: 90003, contract: 'fixed_term', pay: '2100 € brut par mois', start: '2030-03-20T08:00+01:00', end: '2030-03-20T16:00+01:00' });
    const { page, context } = await newPage(browser, server.url, viewport);
    try {
      await open(page, '/offres.html');
      // no account: every filter is a list of names
      await page.selectOption('select[name="departement"]', { label: 'Loire-Atlantique' });
      await page.selectOption('select[name="area"]', { label: 'Bassin de test (Pays de la Loire)' });
      await page.selectOption('select[name="profession"]', { label: 'Infirmier ou infirmière diplômé(e) d\'État (IDE)' });
      await page.selectOption('select[name="contract"]', { label: 'CDD' });
      await Promise.all([page.waitForURL((u) => u.search.includes('area=')), page.click('#filtres-offres button[type="submit"]')]);
      await page.waitForSelector('body[data-plam-ready="true"]');
      await waitFor(page, '#liste-offres ul');
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('departement'), 'DEP-44');
      assert.equal(url.searchParams.get('profession'), 'IDE');
      assert.equal(url.searchParams.get('contract'), 'fixed_term');
      const list = await page.textContent('#liste-offres');
      assert.match(list, /Infirmier ou infirmière diplômé\(e\) d'État \(IDE\) — EHPAD Fixture/);
      assert.doesNotMatch(list, /IDE — /, 'a code in a title');
      const rows = await page.locator('#liste-offres li').allTextContents();
      assert.ok(rows.length >= 1 && rows.every((r) => r.includes('EHPAD Fixture') && r.includes('CDD')), `only the area's fixed-term offers: ${rows}`);
      assert.equal(await page.locator('select[name="area"]').inputValue(), String(AREA));
      assert.equal(await page.locator('main#contenu a[href="/inscription.html"]').count(), 1, 'a visitor is shown how to receive offers');
      await checkScreen(page, 'offre-liste', viewport);
      await page.locator(`#liste-offres a[href="/offres/${id}"]`).first().click();
      await page.waitForSelector('body[data-plam-ready="true"]');
      await waitFor(page, '#offre-details');
      assert.match(await page.textContent('main#contenu h1'), /^Infirmier ou infirmière diplômé\(e\) d'État \(IDE\) — EHPAD Fixture$/);
      const blocks = await page.evaluate(() => [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent));
      assert.equal(blocks.length, 1, 'one JSON-LD block, the server\'s');
      const ld = JSON.parse(blocks[0]);
      assert.equal(ld['@type'], 'JobPosting');
      assert.equal(ld.employmentType, 'TEMPORARY');
      assert.equal(ld.baseSalary.value.value, 2100);
      // what a job search engine reads without running a script
      const html = await (await page.request.get(`/offres/${id}`)).text();
      assert.ok(html.includes('"@type":"JobPosting"'), 'the JSON-LD is in the served HTML');
      assert.ok(html.includes('<ul id="offre-details">'), 'the facts are in the served HTML');
      await checkScreen(page, 'offre-publique', viewport);
      // signed in: no sign-up invitation, and nothing else in its place (the page once printed "null")
      await loginForm(page, DEMO_USERS.find((u) => u.login === 'candidat'));
      for (const path of ['/offres.html', `/offres/${id}`]) {
        await open(page, path);
        await waitFor(page, path === '/offres.html' ? '#liste-offres ul' : '#offre-details');
        assert.equal(await page.locator('main#contenu a[href="/inscription.html"]').count(), 0, `${path}: no sign-up link once signed in`);
        await checkScreen(page, path === '/offres.html' ? 'offre-liste-connecte' : 'offre-publique-connecte', viewport);
      }
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
