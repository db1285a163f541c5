// Establishments and areas pages in a real browser against the real server
// (demo data): staff filter the establishments, create one (a bad FINESS key
// is named on its field), open it and add a unit; the demo employer sees only
// their EHPAD and adds, renames and deletes a unit of it; staff import an
// areas file with an error (its row and column are listed, nothing changes),
// then a good one, and open the communes of an area. axe-core finds no
// serious or critical violation at 1280 and 320 px, nothing scrolls sideways
// at 320 px, no technical word shows. Screenshots: build/screenshots/geo-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './server.mjs';
import {
  launch, newPage, open, loginForm, axeSerious, horizontalOverflow, screenshot, describeViolations, waitFor, visibleProblems,
  DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const STAFF = DEMO_USERS.find((u) => u.role === 'staff');
const EMPLOYER = DEMO_USERS.find((u) => u.role === 'employer');

let server;
let browser;
let dir;
before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-geo-browser-'));
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('staff filter, create an establishment and add a unit', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, server.url);
  try {
    await loginForm(page, STAFF);
    await open(page, '/etablissements.html');
    await waitFor(page, '#tableau-etablissements');
    await page.selectOption('#filtre-departement', 'DEP-72');
    await Promise.all([page.waitForURL(/departement=DEP-72/), page.click('#filtres-etablissements button[type="submit"]')]);
    await page.waitForSelector('body[data-plam-ready="true"]');
    const names = await page.$$eval('#tableau-etablissements tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
    // the demo's two Sarthe establishments (geo's EHPAD, the internship site's hospital), by name
    assert.deepEqual(names, ['Centre hospitalier du Mans', 'EHPAD Les Tilleuls (démo) — Le Mans']);

    await page.fill('#etab-nom', 'Centre hospitalier (navigateur)');
    await page.selectOption('#etab-categorie', 'ch');
    await page.fill('#etab-commune', '44109');
    await page.fill('#etab-finess', '440000288');
    await page.click('#nouvel-etablissement button[type="submit"]');
    await waitFor(page, '#etab-finess[aria-invalid="true"]');
    assert.match(await page.textContent('#nouvel-etablissement'), /clé de contrôle incorrecte/);
    await page.fill('#etab-finess', '');
    await page.click('#nouvel-etablissement button[type="submit"]');
    await waitFor(page, '[data-plam="nouvel-etablissement"]');
    await Promise.all([page.waitForURL(/etablissements\.html\?id=\d+/), page.click('[data-plam="nouvel-etablissement"]')]);
    await page.waitForSelector('body[data-plam-ready="true"]');
    assert.match(await page.textContent('#fiche-etablissement'), /Nantes \(44109\)/);
    await page.fill('#unite-nom', 'Urgences');
    await page.click('#nouvelle-unite button[type="submit"]');
    await waitFor(page, '#tableau-unites');
    assert.match(await page.textContent('#tableau-unites'), /Urgences/);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the employer sees their establishment only and manages its units', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, server.url, MOBILE);
  try {
    await loginForm(page, EMPLOYER);
    // the home tile
    await waitFor(page, 'a[href="/etablissements.html"]');
    await open(page, '/etablissements.html');
    await waitFor(page, '#tableau-etablissements');
    const rows = await page.$$eval('#tableau-etablissements tbody tr', (trs) => trs.length);
    assert.equal(rows, 1);
    assert.equal(await page.locator('#nouvel-etablissement').count(), 0, 'no create form for an employer');
    await Promise.all([page.waitForURL(/\?id=\d+/), page.click('#tableau-etablissements tbody a')]);
    await page.waitForSelector('body[data-plam-ready="true"]');
    await page.fill('#unite-nom', 'Pôle d’activités (PASA)');
    await page.fill('#unite-specialite', 'Gériatrie');
    await page.click('#nouvelle-unite button[type="submit"]');
    await waitFor(page, '#tableau-unites >> text=Pôle d’activités (PASA)');
    page.once('dialog', (d) => d.accept('PASA'));
    await page.click('[data-plam-rename="Pôle d’activités (PASA)"]');
    await waitFor(page, '#tableau-unites >> text=PASA');
    page.once('dialog', (d) => d.accept());
    await page.click('[data-plam-delete="PASA"]');
    await waitFor(page, '.plam-notices >> text=Unité « PASA » supprimée.');
    assert.equal(await page.locator('#modifier-etablissement').count(), 0, 'no edit form for an employer');
    assert.ok(await horizontalOverflow(page) <= 0, 'no sideways scroll at 320 px');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('staff import areas: errors by row and column, then a good file, then the communes of an area', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, server.url);
  try {
    await loginForm(page, STAFF);
    await open(page, '/zones.html');
    await waitFor(page, '#tableau-zones');
    const bad = path.join(dir, 'zones-erreur.csv');
    fs.writeFileSync(bad, 'code zone;nom zone;type;code commune\nZE-NAV;Zone navigateur;emploi;4410\n');
    await page.setInputFiles('#fichier-zones', bad);
    await page.click('#fichier-zones-formulaire button[type="submit"]');
    await waitFor(page, '#fichier-zones-erreurs');
    assert.match(await page.textContent('#fichier-zones-erreurs'), /2[\s\S]*code commune[\s\S]*code commune INSEE de 5 caractères attendu/);
    assert.equal(await page.locator('#tableau-zones >> text=ZE-NAV').count(), 0);
    const good = path.join(dir, 'zones.csv');
    fs.writeFileSync(good, 'code zone;nom zone;type;code commune\nZE-NAV;Zone navigateur;emploi;44109\nZE-NAV;Zone navigateur;emploi;44160\n');
    await page.setInputFiles('#fichier-zones', good);
    await page.click('#fichier-zones-formulaire button[type="submit"]');
    await waitFor(page, '#fichier-zones-remarques');
    assert.match(await page.textContent('.plam-notices'), /2 ligne\(s\) lue\(s\) : 1 zone\(s\) \(1 créée\(s\)/);
    assert.match(await page.textContent('#fichier-zones-remarques'), /44160 fusionnée depuis 2018/);
    await waitFor(page, '#tableau-zones >> text=ZE-NAV');
    await Promise.all([page.waitForURL(/id=\d+/), page.click('#tableau-zones a:has-text("Zone navigateur")')]);
    await page.waitForSelector('body[data-plam-ready="true"]');
    await waitFor(page, '#tableau-communes');
    assert.match(await page.textContent('#tableau-communes'), /44003[\s\S]*Ancenis-Saint-Géréon[\s\S]*44109[\s\S]*Nantes/);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

const PAGES = [
  { name: 'etablissements-equipe', who: STAFF, path: '/etablissements.html', ready: '#nouvel-etablissement' },
  { name: 'etablissement-equipe', who: STAFF, first: true, ready: '#modifier-etablissement' },
  { name: 'zones-equipe', who: STAFF, path: '/zones.html', ready: '#fichier-zones-formulaire' },
  { name: 'etablissements-employeur', who: EMPLOYER, path: '/etablissements.html', ready: '#tableau-etablissements' },
  { name: 'etablissement-employeur', who: EMPLOYER, first: true, ready: '#nouvelle-unite' },
];

for (const viewport of [DESKTOP, MOBILE]) {
  const label = viewport === MOBILE ? 'mobile' : 'bureau';
  test(`establishments and areas pages: axe-core and layout at ${viewport.width} px`, { timeout: 240000 }, async (t) => {
    const sessions = new Map();
    try {
      for (const pg of PAGES) {
        await t.test(`${pg.name} (${viewport.width} px)`, async () => {
          if (!sessions.has(pg.who.login)) {
            const s = await newPage(browser, server.url, viewport);
            await loginForm(s.page, pg.who);
            sessions.set(pg.who.login, s);
          }
          const { page } = sessions.get(pg.who.login);
          page.problems.length = 0;
          let url = pg.path;
          if (pg.first) {
            await open(page, '/etablissements.html');
            url = await page.locator('#tableau-etablissements tbody a').first().getAttribute('href');
          }
          const res = await open(page, url);
          assert.equal(res.status(), 200);
          await waitFor(page, pg.ready);
          const violations = await axeSerious(page);
          await screenshot(page, `geo-${pg.name}-${label}`);
          assert.equal(violations.length, 0, describeViolations(violations));
          if (viewport === MOBILE) assert.ok(await horizontalOverflow(page) <= 0, `${pg.name} scrolls horizontally at 320 px`);
          assert.equal(await page.locator('main#contenu h1').count(), 1, 'one h1 in main');
          const { words, buttons } = await visibleProblems(page);
          assert.deepEqual(words, [], 'no technical word shows');
          assert.deepEqual(buttons, [], 'every visible button has a readable label');
          assert.deepEqual(page.problems, []);
        });
      }
    } finally {
      for (const { context } of sessions.values()) await context.close();
    }
  });
}
