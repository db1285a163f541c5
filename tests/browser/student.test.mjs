// The student's journey in Chromium at 1280 and 320 px (issue 11, session
// 12), against the real server with the demo data and a local SMTP sink: on
// "Créer un compte" a student picks "Étudiant ou élève en formation" (role
// intern), follows the verification link that reached the sink, logs in; the
// home page shows the tiles « Mon profil », « Mes offres » and « Campagnes
// saisonnières »; the demo campaign's page asks for a profile first and
// links to it; the student fills their profile (the situation already
// "Étudiant(e)"), comes back and applies; « Mes offres » shows their
// profile's summary. Every page state passes checkPage (axe-core, no
// sideways scroll, no technical word, no button without a label);
// screenshots go to build/screenshots/etudiant-*.png.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSmtpSink } from '../lib/smtp_sink.mjs';
import { serveDemo, open, checkPage, screenshot, waitFor, DESKTOP, MOBILE } from './browser.mjs';

const PASSWORD = 'vacances au soleil 2027';
// the sink first (top-level await), so that the demo server starts with its port
const sink = await startSmtpSink();
const options = { timeoutMs: 60000, args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--smtp-starttls', 'non',
  '--mail-from', 'plam@plam.test', '--mail-retry', '1', '--offer-tick', '0'] };
const demo = serveDemo(options);
const demoCampaign = async () => (await (await fetch(`${demo.server.url}/api/seasonal-campaigns`)).json()).data
  .find((c) => /démonstration/.test(c.name));
after(async () => { await sink.stop(); });

async function shot(page, name, vp) {
  await checkPage(page, name, vp);
  assert.equal(await page.locator('main#contenu h1').count(), 1, `${name}: one h1 in main`);
  assert.deepEqual(page.problems, [], name);
  await screenshot(page, `etudiant-${name}-${vp.width}`);
}

for (const vp of [DESKTOP, MOBILE]) {
  test(`a student signs up, makes a profile and applies to the demo seasonal campaign (${vp.width} px)`, { timeout: 180000 }, async () => {
    const campaign = await demoCampaign();
    assert.ok(campaign && campaign.status === 'open', 'the demo campaign runs until 31 August 2027');
    const email = `lina.etudiante.${vp.width}@exemple.fr`;
    const { context, page } = await demo.newPage(vp);
    try {
      // sign-up as a student
      await open(page, '/connexion.html');
      await page.click('a[href="/inscription.html"]');
      await waitFor(page, '#formulaire-inscription');
      await page.fill('#adresse', email);
      await page.fill('#nom', 'Lina Étudiante');
      await page.click('label[for="role-intern"]');
      await page.fill('#mot-de-passe', PASSWORD);
      await page.fill('#confirmation', PASSWORD);
      await page.click('#formulaire-inscription button[type="submit"]');
      await waitFor(page, '.plam-notices .fr-alert--success');
      await shot(page, 'inscription-envoyee', vp);
      // the link of the e-mail that reached the sink
      const m = await sink.waitFor((x) => x.to.includes(email) && /Confirmez/.test(x.subject));
      const link = new URL(/https?:\/\/[^\s]+#jeton=[A-Za-z0-9._-]+/.exec(m.text)[0]);
      await open(page, link.pathname + link.hash);
      await waitFor(page, '.plam-notices .fr-alert--success');
      await page.click('#page a.fr-btn[href="/connexion.html"]');
      await waitFor(page, '#formulaire-connexion');
      await page.fill('#identifiant', email);
      await page.fill('#mot-de-passe', PASSWORD);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/connexion')),
        page.click('#formulaire-connexion button[type="submit"]')]);
      await page.waitForSelector('body[data-plam-ready="true"]');

      // home: the student's tiles
      for (const href of ['/candidat.html', '/mes-offres.html', '/saisons.html', '/evaluation.html'])
        assert.ok(await page.locator(`#contenu a[href="${href}"]`).count() >= 1, `home tile ${href}`);
      await shot(page, 'accueil', vp);

      // the demo campaign: no profile yet, so a link to make it instead of the button
      await page.locator('#contenu a[href="/saisons.html"]').first().click();
      await page.waitForSelector('body[data-plam-ready="true"]');
      await page.click(`a[href="/saisons.html?id=${campaign.id}"]`);
      await page.waitForSelector('body[data-plam-ready="true"]');
      await waitFor(page, '#creer-profil');
      assert.equal(await page.locator('#postuler').count(), 0);
      assert.match(await page.locator('#candidature').innerText(), /créez d’abord votre profil/);
      await shot(page, 'campagne-sans-profil', vp);

      // the profile
      await page.click('#creer-profil');
      await page.waitForSelector('body[data-plam-ready="true"]');
      await waitFor(page, '#profil');
      assert.equal(await page.inputValue('select[name="situation"]'), 'student', 'a student starts as a student');
      assert.ok(await page.locator('#profil input[id^="case-vivier-"]').count() >= 1, 'the open pools are offered');
      assert.equal(await page.locator(`#case-vivier-${campaign.pool_id}`).count(), 0, 'the campaign is joined by applying');
      await shot(page, 'profil-vide', vp);
      await page.fill('input[name="first_name"]', 'Lina');
      await page.fill('input[name="last_name"]', 'Étudiante');
      await page.fill('input[name="email"]', email);
      await page.selectOption('select[name="profession"]', 'ETU-IDE-2');
      await page.fill('input[name="lat"]', '48.005');
      await page.fill('input[name="lon"]', '0.197');
      await page.selectOption('select[name="departement"]', 'DEP-72');
      await page.fill('input[name="max_km"]', '30');
      await page.getByRole('button', { name: 'Ajouter une période' }).click();
      await page.fill('#disponibilites input[name="avail_start"]', '2027-07-01T00:00');
      await page.fill('#disponibilites input[name="avail_end"]', '2027-08-31T23:00');
      await page.locator('#profil button[type="submit"]').click();
      await waitFor(page, '.plam-notices .fr-alert--success');
      await waitFor(page, '#resume');
      await shot(page, 'profil', vp);

      // back to the campaign: apply
      await open(page, `/saisons.html?id=${campaign.id}`);
      await waitFor(page, '#postuler');
      await shot(page, 'campagne-postuler', vp);
      await page.click('#postuler');
      await waitFor(page, '.plam-notices .fr-alert--success');
      await waitFor(page, '#candidature .fr-badge');
      assert.match(await page.locator('#candidature').innerText(), /Vous avez postulé/i);
      await shot(page, 'campagne-postule', vp);
      // reloaded, the page remembers it
      await open(page, `/saisons.html?id=${campaign.id}`);
      await waitFor(page, '#candidature .fr-badge');
      assert.equal(await page.locator('#postuler').count(), 0);

      // the profile keeps the application: its pool is ticked there
      await open(page, '/candidat.html');
      await waitFor(page, '#profil');
      assert.equal(await page.isChecked(`#case-vivier-${campaign.pool_id}`), true);

      // « Mes offres »: reachable, with the profile's summary
      await open(page, '/mes-offres.html');
      assert.equal(await page.title(), 'Mes offres — plam');
      await shot(page, 'mes-offres', vp);
    } finally {
      await context.close();
    }
  });
}

test('an employer on a campaign page is told why there is no apply button', { timeout: 120000 }, async () => {
  const campaign = await demoCampaign();
  const { context, page } = await demo.newPage(DESKTOP);
  try {
    await open(page, '/connexion.html');
    await page.fill('#identifiant', 'employeur');
    await page.fill('#mot-de-passe', 'demo-employeur-2026');
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/connexion')),
      page.click('#formulaire-connexion button[type="submit"]')]);
    await open(page, `/saisons.html?id=${campaign.id}`);
    await waitFor(page, '#candidature-reservee');
    assert.equal(await page.locator('#postuler').count(), 0);
    await shot(page, 'campagne-employeur', DESKTOP);
  } finally {
    await context.close();
  }
});
