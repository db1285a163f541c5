// Seasonal campaigns, session 12 (module "season"), in a real browser with the
// demo data at 1280 and 320 px:
// - the public list puts the open campaigns first and the closed ones in a
//   section of their own with a badge; a campaign whose last day was yesterday
//   is there, closed by itself, and its page says so with no button to apply;
// - plan staff's opening form groups the posts and programmes by family, in
//   columns at 1280 px and one column at 320 px, with « Tout cocher » and
//   « Tout décocher » per group; a campaign opened with a whole group ticked
//   carries exactly that group's posts, with an area (migration 0027) as its
//   territory, shown by name in the table; the table tells the ended campaign
//   apart (no « Rouvrir »).
// checkPage (axe, sideways scroll, technical words, unlabelled buttons) on each
// page; screenshots build/screenshots/saison-periode-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveDemo, open, loginForm, checkPage, screenshot, waitFor, DEMO_USERS, DESKTOP, MOBILE } from './browser.mjs';

const STAFF = DEMO_USERS.find((u) => u.role === 'staff');
const demo = serveDemo();
const isoDay = (offsetDays) => new Date(Date.now() + offsetDays * 86400000).toISOString().slice(0, 10);
const DEMO_CAMPAIGN = 'Été 2027 : étudiants en renfort (démonstration)';

/** A JSON request from the logged-in page (its cookie and CSRF token). */
async function call(page, method, url, body) {
  return page.evaluate(async ([m, u, b]) => {
    const me = await (await fetch('/api/me', { credentials: 'same-origin' })).json();
    const r = await fetch(u, { method: m, credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.data.csrf_token },
      body: b === undefined ? undefined : JSON.stringify(b) });
    return { status: r.status, json: await r.json().catch(() => null) };
  }, [method, url, body]);
}

const tag = (vp) => (vp === MOBILE ? 'mobile' : 'bureau');

for (const vp of [DESKTOP, MOBILE]) {
  test(`the public list: open campaigns first, the closed ones apart, one closed by its period (${vp.width} px)`, { timeout: 180000 }, async () => {
    const ended = `Vacances d’automne : terminée (${vp.width} px)`;
    const { context, page } = await demo.newPage(vp);
    try {
      await loginForm(page, STAFF);
      const r = await call(page, 'POST', '/api/seasonal-campaigns', { name: ended, starts_on: isoDay(-15), ends_on: isoDay(-1),
        posts: [{ code: 'ASH' }], admitted: [{ code: 'ETU-AUTRE' }] });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      assert.equal(r.json.data.status, 'closed');
      await context.clearCookies(); // a visitor from here on

      await open(page, '/saisons.html');
      await waitFor(page, '#campagnes-closes');
      const openPart = page.locator('#campagnes-ouvertes'), closedPart = page.locator('#campagnes-closes');
      assert.match(await openPart.locator('h2').innerText(), /Campagnes ouvertes \(\d+\)/);
      assert.equal(await openPart.locator('a', { hasText: DEMO_CAMPAIGN }).count(), 1);
      assert.equal(await openPart.locator('a', { hasText: ended }).count(), 0);
      assert.equal(await openPart.locator('.fr-badge').count(), 0, 'no badge among the open ones');
      const item = closedPart.locator('li', { has: page.locator('a', { hasText: ended }) });
      assert.equal(await item.count(), 1);
      assert.equal(await item.locator('.fr-badge').textContent(), 'Clôturée\u00a0: période terminée'); // upper case on screen
      // the open section comes first on screen
      const [o, c] = [await openPart.boundingBox(), await closedPart.boundingBox()];
      assert.ok(o.y + o.height <= c.y, 'open campaigns above the closed ones');
      await checkPage(page, 'saisons.html (liste)', vp);
      await screenshot(page, `saison-periode-liste-${tag(vp)}`);

      // its own page says it is over, and offers no button
      await item.locator('a').click();
      await waitFor(page, '#offres-campagne');
      assert.match(await page.locator('main .fr-alert').innerText(), /sa période est terminée/);
      assert.equal(await page.locator('#postuler').count(), 0);
      assert.doesNotMatch(await page.textContent('main'), /Pour postuler/, 'no invitation to apply to a closed campaign');
      await checkPage(page, 'saisons.html?id (terminée)', vp);
      await screenshot(page, `saison-periode-terminee-${tag(vp)}`);
    } finally {
      await context.close();
    }
  });

  test(`plan staff's opening form: posts grouped by family, in columns, with select all (${vp.width} px)`, { timeout: 180000 }, async () => {
    const name = `Noël 2031 : renfort infirmier (${vp.width} px)`;
    const { context, page } = await demo.newPage(vp);
    try {
      await loginForm(page, STAFF);
      await open(page, '/saisons.html');
      await waitFor(page, '#campagne-postes');
      // the ended campaign of the previous test: said so, no Rouvrir
      const row = page.locator('#tableau-campagnes tbody tr', { hasText: `Vacances d’automne : terminée (${vp.width} px)` });
      assert.match(await row.innerText(), /Période terminée\s: ne peut plus être rouverte/);
      assert.equal(await row.locator('button').count(), 0);

      const groups = page.locator('#campagne-postes fieldset.plam-check-group');
      const legends = await groups.locator('legend').allInnerTexts();
      assert.deepEqual(legends, ['Soins infirmiers', 'Aide et soins du quotidien', 'Maïeutique', 'Rééducation', 'Médico-technique', 'Médecins']);
      assert.equal(await page.locator('#campagne-postes input[type="checkbox"]').count(), 24, 'every post, each once');
      assert.deepEqual(await page.locator('#campagne-admis fieldset.plam-check-group legend').allInnerTexts(),
        ['Soins infirmiers', 'Médecine', 'Autres formations']);
      // the layout: three columns at 1280 px, one at 320 px
      const boxes = [];
      for (let i = 0; i < 6; i++) boxes.push(await groups.nth(i).boundingBox());
      if (vp === DESKTOP) {
        assert.equal(new Set(boxes.slice(0, 3).map((b) => Math.round(b.y))).size, 1, 'the first three groups side by side');
        assert.equal(new Set(boxes.map((b) => Math.round(b.x))).size, 3, 'three columns');
      } else {
        assert.equal(new Set(boxes.map((b) => Math.round(b.x))).size, 1, 'one column');
        for (let i = 1; i < 6; i++) assert.ok(boxes[i].y >= boxes[i - 1].y + boxes[i - 1].height, 'one under the other');
      }
      // select all, unselect all, in one group only
      const physicians = page.locator('#campagne-postes-physician');
      await physicians.locator('button[data-plam-check="all"]').click();
      assert.equal(await physicians.locator('input:checked').count(), 10);
      assert.equal(await page.locator('#campagne-postes input:checked').count(), 10, 'only that group');
      await physicians.locator('button[data-plam-check="none"]').click();
      assert.equal(await page.locator('#campagne-postes input:checked').count(), 0);
      await checkPage(page, 'saisons.html (formulaire)', vp);
      await page.locator('#nouvelle-campagne').scrollIntoViewIfNeeded();
      await screenshot(page, `saison-periode-formulaire-${tag(vp)}`);

      // open a campaign with the whole nursing group and one programme group
      await page.fill('#campagne-nom', name);
      await page.fill('#campagne-debut', '2031-12-20');
      await page.fill('#campagne-fin', '2032-01-04');
      await page.locator('#campagne-postes-nursing button[data-plam-check="all"]').click();
      await page.locator('#campagne-admis-ETU-IDE button[data-plam-check="all"]').click();
      // its territory: the demo's area, among the areas after the départements
      const areaOption = page.locator('#campagne-departement optgroup[label="Zones définies par l’équipe du plan"] option',
        { hasText: 'Agglomération nantaise (démo) (Zonage de l’ARS)' });
      await page.selectOption('#campagne-departement', await areaOption.getAttribute('value'));
      await page.locator('#nouvelle-campagne button[type="submit"]').click();
      await page.locator('.plam-notices .fr-alert--success').waitFor();
      const created = (await call(page, 'GET', '/api/seasonal-campaigns')).json.data.find((x) => x.name === name);
      assert.deepEqual(created.posts.map((p) => p.code), ['IADE', 'IBODE', 'IDE', 'IPA', 'PUER']);
      assert.deepEqual(created.admitted.map((p) => p.code), ['ETU-IDE-1', 'ETU-IDE-2', 'ETU-IDE-3']);
      assert.equal(created.area_name, 'Agglomération nantaise (démo)');
      assert.equal(created.departement, null);
      assert.equal(await page.locator('#campagne-postes input:checked').count(), 0, 'the form is emptied');
      const newRow = page.locator('#tableau-campagnes tbody tr', { hasText: name });
      await newRow.waitFor();
      assert.match(await newRow.innerText(), /Agglomération nantaise \(démo\)/);
      await checkPage(page, 'saisons.html (campagne d’une zone)', vp);
      await screenshot(page, `saison-periode-zone-${tag(vp)}`);
    } finally {
      await context.close();
    }
  });
}
