// Accessibility and small-screen checks of every page: axe-core must report
// no serious or critical violation, at 1280 px and at 320 px wide, and the
// document must not scroll horizontally at 320 px. A screenshot of each
// page and width goes to build/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveDemo, open, loginForm, axeSerious, horizontalOverflow, screenshot, describeViolations, ADMIN, DEMO_USERS,
  DESKTOP, MOBILE,
} from './browser.mjs';

const demo = serveDemo({});

// name, path, who (null = anonymous), prepare(page) to reach a state worth checking.
const PAGES = [
  { name: 'accueil-public', path: '/', who: null },
  { name: 'accueil-marque', path: '/', who: null, brand: true },
  { name: 'connexion', path: '/connexion.html', who: null },
  {
    name: 'connexion-erreur', path: '/connexion.html', who: null,
    async prepare(page) {
      await page.fill('#identifiant', 'inconnu');
      await page.fill('#mot-de-passe', 'mauvais-mot-de-passe');
      await page.click('#formulaire-connexion button[type="submit"]');
      await page.locator('.plam-notices .fr-alert--error').waitFor();
    },
  },
  { name: '404', path: '/cette-page-n-existe-pas', who: null, status: 404 },
  { name: 'accueil-admin', path: '/', who: ADMIN },
  { name: 'accueil-candidat', path: '/', who: DEMO_USERS.find((u) => u.role === 'candidate') },
  {
    name: 'utilisateurs', path: '/admin/utilisateurs.html', who: ADMIN,
    async prepare(page) { await page.waitForSelector('#tableau-utilisateurs'); },
  },
  {
    name: 'utilisateurs-erreurs', path: '/admin/utilisateurs.html', who: ADMIN,
    async prepare(page) {
      await page.waitForSelector('#tableau-utilisateurs');
      await page.click('#formulaire-utilisateur button[type="submit"]');
      await page.locator('#formulaire-utilisateur .fr-alert--error').waitFor();
      await page.locator('[data-plam-action="password"]').first().click();
      await page.waitForSelector('#nouveau-mot-de-passe');
    },
  },
  {
    name: 'organisations', path: '/admin/organisations.html', who: ADMIN,
    async prepare(page) {
      await page.waitForSelector('#tableau-organisations');
      await page.locator('#tableau-organisations button').first().click();
    },
  },
  { name: 'journal', path: '/admin/journal.html', who: ADMIN },
  { name: 'acces-refuse', path: '/admin/journal.html', who: DEMO_USERS.find((u) => u.role === 'staff') },
];

for (const viewport of [DESKTOP, MOBILE]) {
  const label = viewport === MOBILE ? 'mobile' : 'bureau';
  test(`axe-core and layout at ${viewport.width} px`, { timeout: 240000 }, async (t) => {
    const sessions = new Map(); // who.login → {context, page}
    try {
      for (const p of PAGES) {
        await t.test(`${p.name} (${viewport.width} px)`, async () => {
          const key = p.who ? p.who.login : '';
          if (!sessions.has(key)) {
            const s = await demo.newPage(viewport);
            if (p.who) await loginForm(s.page, p.who);
            sessions.set(key, s);
          }
          const { page } = sessions.get(key);
          page.problems.length = 0;
          // The brand variant: /api/config answered as an operator who configured it would.
          if (p.brand) {
            await page.route('**/api/config', (route) => route.fulfill({
              status: 200,
              contentType: 'application/json',
              body: JSON.stringify({ data: { instance_name: 'plam', brand: { lines: ['Agence régionale', 'de santé'], operator: 'ARS Pays de la Loire' } } }),
            }));
          }
          const res = await open(page, p.path);
          if (p.brand) {
            await page.unroute('**/api/config');
            assert.equal(await page.locator('#en-tete .fr-logo').count(), 1, 'the brand block is shown');
          }
          assert.equal(res.status(), p.status || 200, `${p.path} status`);
          if (p.prepare) await p.prepare(page);
          const violations = await axeSerious(page);
          await screenshot(page, `${p.name}-${label}`);
          assert.equal(violations.length, 0, describeViolations(violations));
          if (viewport === MOBILE) {
            assert.ok(await horizontalOverflow(page) <= 0, `${p.path} scrolls horizontally at 320 px`);
          }
          assert.ok(await page.locator('main#contenu h1').count() === 1, 'one h1 in main');
          assert.notEqual(await page.title(), 'plam', 'the page title is set');
          assert.deepEqual(page.problems, []);
        });
      }
    } finally {
      for (const { context } of sessions.values()) await context.close();
    }
  });
}

test('skip link moves focus to the main content', { timeout: 60000 }, async () => {
  const { context, page } = await demo.newPage();
  try {
    await open(page, '/');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement.getAttribute('href'));
    assert.equal(first, '#contenu', 'the first focusable element is the skip link to the content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'contenu');
  } finally {
    await context.close();
  }
});
