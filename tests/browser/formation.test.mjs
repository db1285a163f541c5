// Formation (formation.html) in a real browser against the real server
// (demo data), at 1280 and 320 px: the institute account follows its home
// tile "Capacités de formation", sees only its own institute's rows, enters
// a capacity and gets the French report of a dropout file with errors; plan
// staff see the région's row (the seed's + 200 AS and + 120 IDE against the
// announced increases), the 14 sessions and 164 places of sheet 1.3, the
// départements split, and the plan indicators these figures feed. axe-core
// finds no serious or critical violation, nothing scrolls sideways at 320
// px, no button lacks a visible label and no "null" shows.
// Screenshots: build/screenshots/formation-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveDemo, checkPage, open, loginForm, screenshot, waitFor, DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const STAFF = DEMO_USERS.find((u) => u.role === 'staff');
const INSTITUTE = DEMO_USERS.find((u) => u.role === 'institute');

const demo = serveDemo();

for (const vp of [DESKTOP, MOBILE]) {
  test(`an institute enters its capacity and imports dropouts (${vp.width} px)`, { timeout: 240000 }, async () => {
    const { context, page } = await demo.newPage(vp);
    try {
      await loginForm(page, INSTITUTE);
      const tile = page.locator('[data-plam-section="capacities"] a');
      assert.equal(await tile.getAttribute('href'), '/formation.html');
      await open(page, '/formation.html');
      assert.equal(await page.locator('h1').textContent(), 'Formation');
      // its own institute only (Maine-et-Loire), no région total
      const terr = await page.locator('#tableau-capacites tbody tr td:first-child').allTextContents();
      assert.deepEqual([...new Set(terr)], ['Maine-et-Loire']);
      assert.equal(await page.locator('#tableau-apprentis').count(), 0, 'no contract of its own institute');
      assert.equal(await page.locator('#indicateurs').count(), 0, 'the links are the staff\'s');
      await checkPage(page, 'institute page', vp);
      await screenshot(page, `formation-institut-${vp.width}`);

      // a capacity of its own institute
      await page.selectOption('#cap-institut', { label: 'IFSI de démonstration (Angers)' });
      await page.selectOption('#cap-formation', 'ap');
      await page.selectOption('#cap-annee', String(vp.width === 320 ? 2024 : 2025));
      await page.fill('#cap-places', '30');
      await page.fill('#cap-entrants', '40');
      await page.click('#formulaire-capacite button[type="submit"]');
      await waitFor(page, '#cap-entrants[aria-invalid="true"]');
      assert.match(await page.locator('#cap-entrants-messages').textContent(), /plus d'entrants que de places/);
      await page.fill('#cap-entrants', '28');
      const [r] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith('/api/training/capacities') && x.request().method() === 'POST'),
        page.click('#formulaire-capacite button[type="submit"]'),
      ]);
      assert.equal(r.status(), 201, await r.text());
      await waitFor(page, '#formulaire-capacite .fr-alert--success');

      // a dropout file with errors: nothing imported, the report names row and column
      const bad = 'uai;formation;annee;annee_etude;effectif;cause;lien_stage;ruptures\n0490001X;ide;2023;1;100;sante;non;1\n';
      await page.setInputFiles('#fichier-ruptures', { name: 'ruptures.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      const [r2] = await Promise.all([
        page.waitForResponse((x) => x.url().includes('/api/training/dropout-imports')),
        page.click('#formulaire-ruptures button[type="submit"]'),
      ]);
      assert.equal(r2.status(), 400);
      await waitFor(page, '#erreurs-ruptures');
      const cells = await page.locator('#erreurs-ruptures tbody tr').first().locator('td').allTextContents();
      assert.deepEqual(cells.slice(0, 2), ['2', 'uai']);
      assert.match(cells[2], /lettre clé/);
      await checkPage(page, 'dropout report', vp);

      // a prevention action of its own institute, then its result
      await page.selectOption('#action-type', 'immersion_days');
      await page.fill('#action-intitule', `Journées d'immersion (${vp.width} px)`);
      await page.selectOption('#action-institut', { label: 'IFSI de démonstration (Angers)' });
      await page.click('#formulaire-action button[type="submit"]');
      await waitFor(page, '#formulaire-action .fr-alert--success');
      const a = (await (await page.request.get('/api/training/actions')).json()).data.find((x) => x.title === `Journées d'immersion (${vp.width} px)`);
      assert.equal(a.status, 'planned');
      await screenshot(page, `formation-erreurs-${vp.width}`);
    } finally {
      await context.close();
    }
  });

  test(`an institute corrects one of its dropout lines by hand, with the history kept (${vp.width} px)`, { timeout: 240000 }, async () => {
    const { context, page } = await demo.newPage(vp);
    try {
      await loginForm(page, INSTITUTE);
      await open(page, '/formation.html');
      // the detail of its own lines (Angers, 2022 in the demo), then the correction form
      await waitFor(page, '#tableau-lignes-ruptures');
      const inst = await page.locator('#tableau-lignes-ruptures tbody tr td:first-child').allTextContents();
      assert.deepEqual([...new Set(inst)], ['IFSI de démonstration (Angers)']);
      const option = page.locator('#correction-ligne option', { hasText: 'orientation' });
      await page.selectOption('#correction-ligne', await option.getAttribute('value'));
      // more dropouts than enrolled: refused, the field named in French
      await page.fill('#correction-nombre', '500');
      await page.click('#formulaire-correction-ruptures button[type="submit"]');
      await waitFor(page, '#correction-nombre[aria-invalid="true"]');
      assert.match(await page.locator('#correction-nombre-messages').textContent(), /plus de ruptures \(\d+\) que d'inscrits \(236\)/);
      // a site named while the line is not linked to an internship: the flag is named
      await page.fill('#correction-nombre', '');
      const site = await page.locator('#correction-terrain option').nth(2).getAttribute('value');
      await page.selectOption('#correction-terrain', site);
      await page.click('#formulaire-correction-ruptures button[type="submit"]');
      await waitFor(page, '#correction-stage[aria-invalid="true"]');
      assert.match(await page.locator('#correction-stage-messages').textContent(), /liée à un stage/);
      await page.selectOption('#correction-terrain', '');
      // a real correction, with its reason
      const n = vp.width === 320 ? 21 : 20;
      await page.fill('#correction-nombre', String(n));
      await page.fill('#correction-note', `Doublon retiré (${vp.width} px)`);
      const [r] = await Promise.all([
        page.waitForResponse((x) => /\/api\/training\/dropouts\/\d+$/.test(x.url()) && x.request().method() === 'PATCH'),
        page.click('#formulaire-correction-ruptures button[type="submit"]'),
      ]);
      assert.equal(r.status(), 200, await r.text());
      await waitFor(page, '#formulaire-correction-ruptures .fr-alert--success');
      await waitFor(page, '#historique-ruptures li');
      const hist = await page.locator('#historique-ruptures li').allTextContents();
      assert.ok(hist.some((t) => t.includes('institut') && t.includes(`→ ${n}`)), hist.join('\n'));
      // the time of the correction reads the French way (dd/mm/yyyy hh:mm:ss), not as a raw ISO stamp
      assert.ok(hist.every((t) => /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} — /.test(t)), hist.join('\n'));
      await checkPage(page, 'dropout correction', vp);
      await screenshot(page, `formation-correction-${vp.width}`);
    } finally {
      await context.close();
    }
  });

  test(`staff see the région against its targets, the sessions and the indicators fed (${vp.width} px)`, { timeout: 240000 }, async () => {
    const { context, page } = await demo.newPage(vp);
    try {
      await loginForm(page, STAFF);
      assert.equal(await page.locator('[data-plam-section="training"] a').getAttribute('href'), '/formation.html');
      await open(page, '/formation.html?year=2022');
      const row = (terr, prog) => page.locator('#tableau-capacites tbody tr', { hasText: terr }).filter({ hasText: prog }).first();
      const as = await row('Pays de la Loire', 'Aide-soignant').locator('td').allTextContents();
      assert.equal(as[5], '200'); // increase
      assert.equal(as[6], '200'); // announced
      assert.equal(as[7], '0');   // gap
      const ide = await row('Pays de la Loire', 'Infirmier (IDE)').locator('td').allTextContents();
      assert.deepEqual([ide[5], ide[6]], ['120', '120']);
      assert.ok(await page.locator('#tableau-capacites tbody tr', { hasText: 'Sarthe' }).count() >= 2, 'départements split');
      const year = await page.locator('#tableau-sessions-annees tbody tr').first().locator('td').allTextContents();
      assert.deepEqual(year.slice(0, 3), ['2022', '14', '164']);
      assert.equal(await page.locator('#tableau-liens tbody tr').count(), 5);
      assert.match(await page.locator('#tableau-liens').textContent(), /pdl-2.4-ruptures-ifsi/);
      assert.ok(await page.locator('#tableau-ruptures-departements tbody tr').count() >= 5);
      // follow a contract: its status, employment after the diploma and a note
      await page.selectOption('#suivi-contrat', { index: 1 });
      const cid = await page.locator('#suivi-contrat').inputValue();
      await page.selectOption('#suivi-emploi', 'region');
      await page.fill('#suivi-note', `Point d'étape (${vp.width} px)`);
      await page.click('#formulaire-suivi button[type="submit"]');
      await waitFor(page, '#formulaire-suivi .fr-alert--success');
      const c = (await (await page.request.get(`/api/training/apprentices/${cid}`)).json()).data;
      assert.equal(c.employment, 'region');
      assert.ok(c.notes.some((n) => n.text === `Point d'étape (${vp.width} px)`));
      await checkPage(page, 'staff page', vp);
      await screenshot(page, `formation-equipe-${vp.width}`);
      // the filter by département
      await page.selectOption('#filtre-territoire', 'DEP-72');
      await Promise.all([page.waitForURL(/territory=DEP-72/), page.click('[data-plam="filtres"] button[type="submit"]')]);
      await page.waitForSelector('body[data-plam-ready="true"]');
      const terr = await page.locator('#tableau-capacites tbody tr td:first-child').allTextContents();
      assert.deepEqual([...new Set(terr)], ['Sarthe']);
    } finally {
      await context.close();
    }
  });
}
