// Governance pages in a real browser against the real server (demo data):
// staff create a meeting of a body and a decision (past due date: shown as
// overdue), change the decision's status, revise a budget line citing that
// decision (both versions listed) and revise an indicator target; the
// public sees the governance page read-only. axe-core finds no serious or
// critical violation at 1280 and 320 px (forms open) and nothing scrolls
// sideways at 320 px. Screenshots go to build/screenshots/gouvernance-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import {
  launch, newPage, open, loginForm, checkScreen, waitFor,
  DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const STAFF = DEMO_USERS.find((u) => u.role === 'staff');

let server;
let browser;
let planId;
before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
  const plans = await (await fetch(`${server.url}/api/plans`)).json();
  planId = plans.data.find((p) => p.slug === 'pdl-plam-2022').id;
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const openFold = (page, text) => page.locator('details > summary', { hasText: text }).first().click();

test('staff record a meeting and a decision, change its status, revise a budget line and a target', { timeout: 180000 }, async () => {
  const { context, page } = await newPage(browser, server.url);
  try {
    await loginForm(page, STAFF);
    await open(page, `/gouvernance.html?plan=${planId}`);
    await waitFor(page, '#gouvernance [data-plam-body]');
    const body = page.locator('#gouvernance [data-plam-body]').first();
    const bodyId = await body.getAttribute('data-plam-body');
    const bodyName = (await body.locator('h3').textContent()).trim();

    // a meeting with an attendee and minutes
    await openFold(page, `Ajouter une réunion — ${bodyName}`);
    const mf = page.locator(`#form-reunion-nouvelle-${bodyId}`);
    await mf.getByLabel('Date').fill('2022-09-20');
    await mf.getByLabel('Intitulé').fill('COPIL de rentrée (navigateur)');
    await mf.getByLabel('Lieu').fill('Angers');
    await mf.getByLabel('État').selectOption('held');
    await mf.getByRole('button', { name: 'Ajouter un participant' }).click();
    const orgSelect = mf.getByLabel('Organisation du participant 1');
    assert.equal(await orgSelect.evaluate((el) => el === document.activeElement), true, 'focus goes to the new attendee');
    await orgSelect.selectOption({ index: 1 });
    await mf.getByLabel('Personne (participant 1)').fill('Mme Navigateur');
    await mf.getByLabel('Compte rendu').fill('Point d’étape sur les parcours.');
    await mf.getByRole('button', { name: 'Ajouter' }).last().click();
    await page.locator('.plam-notices .fr-alert--success', { hasText: 'Ajout enregistré' }).first().waitFor();
    const table = page.locator(`#tableau-reunions-${bodyId}`);
    await table.locator('td', { hasText: 'COPIL de rentrée (navigateur)' }).waitFor();
    assert.match(await table.textContent(), /Mme Navigateur/);

    // a decision taken at that meeting, due in the past: overdue
    await openFold(page, 'Enregistrer une décision');
    const df = page.locator('#form-decision-nouvelle');
    await df.getByLabel('Décision').fill('Relancer les établissements (navigateur)');
    await df.getByLabel('Réunion').selectOption({ label: new RegExp('COPIL de rentrée \\(navigateur\\)') }).catch(async () => {
      const value = await df.getByLabel('Réunion').evaluate((el) => [...el.options].find((o) => o.text.includes('COPIL de rentrée (navigateur)')).value);
      await df.getByLabel('Réunion').selectOption(value);
    });
    await df.getByLabel('Échéance').fill('2022-10-31');
    // validation on the page: the text is required
    await df.getByLabel('Décision').fill('');
    await df.getByRole('button', { name: 'Ajouter' }).click();
    await df.locator('.fr-message--error', { hasText: 'obligatoire' }).waitFor();
    await df.getByLabel('Décision').fill('Relancer les établissements (navigateur)');
    await df.getByRole('button', { name: 'Ajouter' }).click();
    await page.locator('.plam-notices .fr-alert--success', { hasText: 'Ajout enregistré' }).first().waitFor();
    const row = page.locator('#tableau-decisions tr', { hasText: 'Relancer les établissements (navigateur)' });
    await row.waitFor();
    assert.match(await row.textContent(), /En retard/);
    assert.match(await row.textContent(), /À faire/);
    const decisionId = (await row.textContent()).match(/Décision n° (\d+)/)[1];

    await checkScreen(page, 'gouvernance-staff', DESKTOP);

    // status: à faire -> en cours; the choices offered follow the allowed transitions
    await openFold(page, `Modifier la décision n° ${decisionId}`);
    const ef = page.locator(`#form-decision-${decisionId}`);
    const choices = await ef.getByLabel('État').evaluate((el) => [...el.options].map((o) => o.value));
    assert.deepEqual(choices, ['open', 'in_progress', 'done', 'dropped']);
    await ef.getByLabel('État').selectOption('in_progress');
    await ef.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('.plam-notices .fr-alert--success', { hasText: 'Modification enregistrée' }).first().waitFor();
    await page.locator('#tableau-decisions tr', { hasText: 'Relancer les établissements (navigateur)' }).locator('.fr-badge', { hasText: 'En cours' }).waitFor();
    await openFold(page, `Modifier la décision n° ${decisionId}`);
    await ef.getByLabel('État').selectOption('done');
    await ef.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('#tableau-decisions tr', { hasText: 'Relancer les établissements (navigateur)' }).locator('.fr-badge', { hasText: 'Faite' }).waitFor();
    const doneRow = await page.locator('#tableau-decisions tr', { hasText: 'Relancer les établissements (navigateur)' }).textContent();
    assert.doesNotMatch(doneRow, /En retard/, 'a done decision is not overdue');
    const afterDone = await page.locator(`#form-decision-${decisionId}`).getByLabel('État').evaluate((el) => [...el.options].map((o) => o.value));
    assert.deepEqual(afterDone, ['done', 'in_progress'], 'a done decision can only be reopened');

    // budget: revise the first line citing the decision; both versions are listed
    await open(page, `/budget.html?plan=${planId}`);
    await waitFor(page, '#gestion-budget');
    const summary = page.locator('#gestion-budget details > summary', { hasText: 'Réviser la ligne' }).first();
    const label = (await summary.textContent()).match(/« (.*) »/)[1];
    await summary.click();
    const bf = page.locator('#gestion-budget details[open] form');
    await bf.getByLabel('Montant prévu (€)').fill('123 456');
    await bf.getByRole('button', { name: 'Enregistrer' }).click();
    await bf.locator('.fr-message--error', { hasText: 'obligatoire' }).waitFor(); // the decision is required
    await bf.getByLabel('Décision qui arrête la révision').selectOption(decisionId);
    await bf.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('.plam-notices .fr-alert--success', { hasText: 'Révision enregistrée' }).first().waitFor();
    const line = page.locator('#tableau-lignes tr', { hasText: label }).first();
    assert.match((await line.textContent()).replace(/\s/g, ''), /123456€/);
    await line.locator('summary', { hasText: /Voir les \d+ versions/ }).click();
    assert.match(await line.textContent(), new RegExp(`Décision n° ${decisionId}`));
    await openFold(page, 'Créer une ligne budgétaire');
    await checkScreen(page, 'gouvernance-budget', DESKTOP);

    // target: revise the final target of indicator 1.1 citing the decision
    const plan = await (await fetch(`${server.url}/api/plans/${planId}`)).json();
    const ind = plan.data.axes.flatMap((a) => a.actions).flatMap((a) => a.indicators).find((i) => i.code === 'pdl-1.1-parcours');
    await open(page, `/indicateur.html?id=${ind.id}`);
    await waitFor(page, '#form-revision-cible');
    const tf = page.locator('#form-revision-cible');
    const finalOpt = await tf.getByLabel('Cible à réviser').evaluate((el) => [...el.options].find((o) => /Cible finale/.test(o.text)).value);
    await tf.getByLabel('Cible à réviser').selectOption(finalOpt);
    await tf.getByLabel('Nouvelle valeur').fill('450');
    await tf.getByLabel('Décision qui arrête la révision').selectOption(decisionId);
    await tf.getByRole('button', { name: 'Enregistrer la révision' }).click();
    await page.waitForSelector('#revision-cibles .fr-alert--success');
    const targets = await page.locator('#tableau-cibles').textContent();
    assert.match(targets, /Remplacée/);
    assert.match(targets.replace(/\s/g, ''), /450/);
    await checkScreen(page, 'gouvernance-cible', DESKTOP);
  } finally {
    await context.close();
  }
});

test('governance at 320 px (staff, forms open) and read-only for the public', { timeout: 120000 }, async () => {
  const staff = await newPage(browser, server.url, MOBILE);
  const anon = await newPage(browser, server.url, DESKTOP);
  try {
    await loginForm(staff.page, STAFF);
    await open(staff.page, `/gouvernance.html?plan=${planId}`);
    await waitFor(staff.page, '#gouvernance [data-plam-body]');
    await openFold(staff.page, 'Ajouter une réunion');
    await staff.page.locator('details[open] form').first().getByRole('button', { name: 'Ajouter un participant' }).click();
    await openFold(staff.page, 'Enregistrer une décision');
    await checkScreen(staff.page, 'gouvernance-staff', MOBILE);
    await open(staff.page, `/budget.html?plan=${planId}`);
    await waitFor(staff.page, '#gestion-budget');
    await openFold(staff.page, 'Réviser la ligne');
    await checkScreen(staff.page, 'gouvernance-budget', MOBILE);

    const p = anon.page;
    await open(p, `/gouvernance.html?plan=${planId}`);
    await waitFor(p, '#gouvernance [data-plam-body]');
    assert.equal(await p.locator('#gouvernance form').count(), 0, 'no form for the public');
    assert.match(await p.locator('#page').textContent(), /Consultation seule/);
    await checkScreen(p, 'gouvernance-public', DESKTOP);
    await p.setViewportSize(MOBILE);
    await checkScreen(p, 'gouvernance-public', MOBILE);
    await open(p, `/budget.html?plan=${planId}`);
    assert.equal(await p.locator('#gestion-budget').count(), 0, 'the public budget view is unchanged');
    assert.deepEqual([...staff.page.problems, ...p.problems], []);
  } finally {
    await staff.context.close();
    await anon.context.close();
  }
});
