// The employer's journey in a real browser against the real server (issue
// 11, session 11), at 1280 and 320 px: the demo employer chooses one of its
// organisation's establishments and one of its units from lists (no id to
// type), posts a need, opens the offers page of a need whose candidate
// accepted, reads that candidate's qualifications and verifies one (who and
// when then shown); plan staff find an establishment by département and by
// name or FINESS number before posting; anyone finds on the plan's sheet
// 1.6 the two indicators the demo adds, the sheet showing the value the
// recruitment feed gave them as its current value (the current year's figure
// is dated the day it was computed, not 31 December), and, on their page,
// that value with its source. axe-core finds no serious or critical
// violation and nothing scrolls sideways at 320 px. Accepted
// offers are seeded with SQL and accepted through their link
// (tests/lib/offer_fixture.mjs). Screenshots: build/screenshots/employeur-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dbQuery, startServer } from '../lib/server.mjs';
import { seedBase, seedCandidates, seedNeed, seedOffers } from '../lib/offer_fixture.mjs';
import {
  launch, newPage, open, loginForm, checkScreen, waitFor,
  DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const EMPLOYER = DEMO_USERS.find((u) => u.role === 'employer');
const STAFF = DEMO_USERS.find((u) => u.role === 'staff');

let server;
let browser;
before(async () => {
  server = await startServer({ args: ['--offer-tick', '0'], timeoutMs: 60000 });
  seedBase(server);
  seedCandidates(server, 96001, 2);
  dbQuery(server, `INSERT INTO candidate_qualifications(candidate_id, code, valid_until) VALUES
    (96001, 'AFGSU2', '2031-06-30'), (96001, 'PSC1', NULL), (96002, 'AFGSU2', '2030-12-31');`, { write: true });
  // one need per width, seeded before the needs the journey posts (their ids come after)
  for (const [need, day] of [[96101, 25], [96102, 26]])
    seedNeed(server, { id: need, headcount: 1, mode: 'choose', start: `2030-03-${day}T08:00+01:00`, end: `2030-03-${day}T20:00+01:00`, nextWaveAt: 4102444800 });
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const optionTexts = (page, sel) => page.locator(`${sel} option`).allTextContents();

for (const viewport of [DESKTOP, MOBILE]) {
  const mobile = viewport === MOBILE;

  test(`the plan's sheet 1.6 lists the two fed indicators; their page shows the fed value with its source (${viewport.width} px)`, { timeout: 120000 }, async () => {
    const [action, ind] = dbQuery(server, `SELECT a.id, i.id FROM indicators i JOIN plan_actions a ON a.id = i.action_id
      WHERE i.code = 'pdl-1.6-besoins-publies'`)[0];
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await open(page, `/action.html?id=${action}`);
      const item = page.locator(`[data-plam-indicator="${ind}"]`);
      await item.waitFor();
      assert.match(await item.textContent(), /Besoins de recrutement publiés sur la plateforme d.emplois de plam/);
      // the sheet's current value is the fed one, of this year, dated the day the demo's load computed it
      const series = await page.evaluate(async (id) => (await (await fetch(`/api/indicators/${id}`)).json()).data.series, ind);
      assert.equal(series.length, 1, JSON.stringify(series));
      const { value, value_on: on } = series[0];
      assert.ok(on.startsWith(new Date().toISOString().slice(0, 4)) && on <= new Date().toISOString().slice(0, 10), on);
      const line = (await item.locator('[data-plam="valeur-actuelle"]').textContent()).replace(/\s+/g, ' ');
      const day = new Date(`${on}T12:00:00Z`).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
      assert.ok(line.includes(`: ${Number(value)} besoins (${day})`), `${line} — want ${value} on ${day}`);
      await checkScreen(page, 'employeur-fiche-1-6', viewport);
      await open(page, `/indicateur.html?id=${ind}`);
      await waitFor(page, '#tableau-valeurs');
      assert.match(await page.textContent('main'), /ajouté par la démonstration de plam, absent de la source/i);
      assert.match(await page.textContent('#tableau-valeurs'), /plam — recrutement/);
      await checkScreen(page, 'employeur-indicateur-1-6', viewport);
    } finally {
      await context.close();
    }
  });

  test(`an employer chooses its establishment and unit, and posts a need (${viewport.width} px)`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, EMPLOYER);
      await open(page, '/besoins.html');
      await waitFor(page, '#choix-etablissement select[name="establishment_id"]');
      const names = await optionTexts(page, 'select[name="establishment_id"]');
      assert.ok(names.some((t) => /EHPAD Les Tilleuls \(démo\)/.test(t)), names.join(' | '));
      assert.ok(names.some((t) => /CH Fixture/.test(t)), 'the fixture establishment of the same organisation');
      assert.ok(!names.some((t) => /Clinique Fixture|CHU|Cholet/.test(t)), 'no other organisation\'s establishment');
      assert.equal(await page.locator('input[name="establishment_id"]').count(), 0, 'no id to type');
      const ehpad = await page.locator('select[name="establishment_id"] option', { hasText: 'EHPAD Les Tilleuls' }).getAttribute('value');
      await page.selectOption('select[name="establishment_id"]', ehpad);
      await page.waitForFunction(() => !document.querySelector('select[name="unit_id"]').disabled);
      assert.deepEqual((await optionTexts(page, 'select[name="unit_id"]')).slice(1).sort(), ['Hébergement permanent', 'Unité Alzheimer']);
      await page.selectOption('select[name="unit_id"]', { label: 'Unité Alzheimer' });
      await checkScreen(page, 'employeur-besoin-etablissement', viewport);
      await page.selectOption('select[name="profession"]', 'AS');
      const day = mobile ? '12' : '11';
      await page.fill('input[name="start"]', `2027-03-${day}T07:00`);
      await page.fill('input[name="end"]', `2027-03-${day}T19:00`);
      await page.locator('#viviers-vises .fr-checkbox-group label').first().click(); // the DSFR label covers its box
      await page.locator('#nouveau-besoin button[type="submit"]').click();
      await page.locator('.plam-notices .fr-alert--success').waitFor();
      const id = Number((await page.textContent('.plam-notices .fr-alert--success')).match(/n° (\d+)/)[1]);
      const row = dbQuery(server, `SELECT n.establishment_id, u.name FROM needs n JOIN establishment_units u ON u.id = n.unit_id WHERE n.id = ${id}`)[0];
      assert.deepEqual(row, [String(ehpad), 'Unité Alzheimer']);
      await page.locator('#liste-besoins li', { hasText: `${day}/03/2027 07:00` }).first().waitFor();
    } finally {
      await context.close();
    }
  });

  test(`an employer reads an accepted candidate's qualifications and verifies one (${viewport.width} px)`, { timeout: 120000 }, async () => {
    const need = mobile ? 96102 : 96101;
    const cand = mobile ? 96002 : 96001;
    const [o] = seedOffers(server, need, [cand]);
    assert.equal((await server.anon().post('/api/offer-link/answer', { token: o.token, answer: 'accept' })).status, 200);
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, EMPLOYER);
      await open(page, `/besoin-offres.html?id=${need}`);
      await waitFor(page, `#qualifications-${cand}`);
      const table = page.locator(`#qualifications-${cand}`);
      assert.match(await table.textContent(), /AFGSU/);
      assert.match(await table.textContent(), /Non vérifiée/);
      await checkScreen(page, 'employeur-qualifications', viewport);
      page.once('dialog', (d) => d.accept());
      await page.locator(`[data-verifier="${cand}:AFGSU2"]`).click();
      await page.locator('.plam-notices .fr-alert--success').waitFor();
      assert.match(await page.textContent('.plam-notices'), /vérifiée/);
      await page.locator(`#qualifications-${cand}`, { hasText: 'par Employeur' }).waitFor();
      const text = await page.textContent(`#qualifications-${cand}`);
      const who = dbQuery(server, "SELECT display_name FROM users WHERE login = 'employeur'")[0][0];
      const esc = who.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      assert.match(text, new RegExp(`Vérifiéepar ${esc}, le \\d{2}/\\d{2}/\\d{4}`));
      assert.equal(await page.locator(`[data-verifier="${cand}:AFGSU2"]`).count(), 0, 'verified: no button left');
      assert.equal(dbQuery(server, `SELECT count(*) FROM candidate_qualifications WHERE candidate_id = ${cand} AND code = 'AFGSU2' AND verified_by IS NOT NULL`)[0][0], '1');
      await checkScreen(page, 'employeur-qualification-verifiee', viewport);
    } finally {
      await context.close();
    }
  });

  test(`plan staff find an establishment by département, name or FINESS (${viewport.width} px)`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, STAFF);
      await open(page, '/besoins.html');
      await waitFor(page, '#recherche-etablissement');
      assert.match(await page.textContent('#etablissements-trouves'), /Choisissez un département/);
      assert.equal((await optionTexts(page, 'select[name="establishment_id"]')).length, 1, 'nothing listed before a search');
      await page.selectOption('select[name="recherche_departement"]', 'DEP-72');
      await page.waitForFunction(() => document.querySelector('select[name="establishment_id"]').options.length > 1);
      const sarthe = await optionTexts(page, 'select[name="establishment_id"]');
      assert.ok(sarthe.some((t) => /EHPAD Les Tilleuls/.test(t)));
      assert.ok(!sarthe.some((t) => /Nantes/.test(t)), 'only the Sarthe');
      await page.selectOption('select[name="recherche_departement"]', '');
      await page.fill('input[name="recherche_etablissement"]', 'Cholet');
      await page.locator('#chercher-etablissement').click();
      await page.waitForFunction(() => {
        const sel = document.querySelector('select[name="establishment_id"]');
        return sel.value !== '' && /Cholet/.test(sel.selectedOptions[0].textContent);
      });
      await page.waitForFunction(() => !document.querySelector('select[name="unit_id"]').disabled);
      assert.match(await page.textContent('#etablissements-trouves'), /1 établissement\(s\) proposé\(s\)/);
      await checkScreen(page, 'employeur-recherche-equipe', viewport);
    } finally {
      await context.close();
    }
  });
}
