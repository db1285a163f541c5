// The public account journeys in Chromium at 1280 and 320 px (mail): from
// the login page to "Créer un compte", the registration form (with its
// errors), the verification link from the e-mail that reached the local
// SMTP sink, logging in; then "Mot de passe oublié ?", the reset link and
// the new password. Each page state passes axe-core (no serious or critical
// violation) and does not scroll sideways at 320 px; screenshots go to
// build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp_sink.mjs';
import {
  launch, newPage, open, checkScreen, waitFor,
  DESKTOP, MOBILE,
} from './browser.mjs';

let srv, sink, browser;

before(async () => {
  sink = await startSmtpSink();
  srv = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--smtp-starttls', 'non',
    '--mail-from', 'plam@plam.test', '--mail-retry', '1'] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  await sink?.stop();
});

/** The path and fragment of the link in the newest message to `to` whose subject matches. */
async function linkFor(to, subject) {
  const m = await sink.waitFor((x) => x.to.includes(to) && subject.test(x.subject));
  const link = /https?:\/\/[^\s]+#jeton=[A-Za-z0-9._-]+/.exec(m.text);
  assert.ok(link, m.text);
  const u = new URL(link[0]);
  assert.equal(u.origin, srv.url, 'links point at the public URL (here the listen address)');
  return u.pathname + u.hash;
}

for (const viewport of [DESKTOP, MOBILE]) {
  const w = viewport.width;
  test(`register, confirm by e-mail, log in; forgot the password, reset it (${w} px)`, async () => {
    const { context, page } = await newPage(browser, srv.url, viewport);
    try {
      const email = `marie.${w}@exemple.fr`;
      await open(page, '/connexion.html');
      await page.click('a[href="/inscription.html"]');
      await waitFor(page, '#formulaire-inscription');
      assert.equal(await page.title(), 'Créer un compte — plam');
      // errors first: nothing filled
      await page.click('#formulaire-inscription button[type="submit"]');
      await waitFor(page, '#adresse[aria-invalid="true"], .fr-input-group--error');
      await checkScreen(page, 'inscription-erreurs', viewport);
      await page.fill('#adresse', email);
      await page.fill('#nom', 'Marie Curie');
      await page.click('label[for="role-candidate"]');
      await page.fill('#mot-de-passe', 'radium et polonium 1898');
      await page.fill('#confirmation', 'radium et polonium 1898');
      await page.click('#formulaire-inscription button[type="submit"]');
      await waitFor(page, '.plam-notices .fr-alert--success');
      assert.match(await page.locator('.plam-notices').innerText(), /Vérifiez votre messagerie/);
      await checkScreen(page, 'inscription-envoyee', viewport);

      await open(page, await linkFor(email, /Confirmez/));
      await waitFor(page, '.plam-notices .fr-alert--success');
      assert.match(await page.locator('.plam-notices').innerText(), new RegExp(`identifiant ${email.replace('.', '\\.')}`));
      assert.equal(new URL(page.url()).hash, '', 'the token leaves the address bar');
      await checkScreen(page, 'inscription-confirmee', viewport);
      await page.click('#page a.fr-btn[href="/connexion.html"]');
      await waitFor(page, '#formulaire-connexion');
      await page.fill('#identifiant', email);
      await page.fill('#mot-de-passe', 'radium et polonium 1898');
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/connexion')),
        page.click('#formulaire-connexion button[type="submit"]')]);
      await context.clearCookies();

      // forgotten password
      await open(page, '/connexion.html');
      await page.click('#lien-mot-de-passe-oublie');
      await waitFor(page, '#formulaire-oubli');
      await checkScreen(page, 'mot-de-passe-oublie', viewport);
      await page.fill('#adresse', email);
      await page.click('#formulaire-oubli button[type="submit"]');
      await waitFor(page, '.plam-notices .fr-alert--success');
      await checkScreen(page, 'mot-de-passe-oublie-envoye', viewport);
      await open(page, await linkFor(email, /Réinitialisation/));
      await waitFor(page, '#formulaire-reinitialisation');
      await page.fill('#nouveau-mot-de-passe', 'court');
      await page.fill('#confirmation', 'court');
      await page.click('#formulaire-reinitialisation button[type="submit"]');
      await waitFor(page, '.fr-input-group--error');
      await checkScreen(page, 'reinitialiser-erreur', viewport);
      await page.fill('#nouveau-mot-de-passe', 'rayons X et prix Nobel');
      await page.fill('#confirmation', 'rayons X et prix Nobel');
      await page.click('#formulaire-reinitialisation button[type="submit"]');
      await waitFor(page, '.plam-notices .fr-alert--success');
      await checkScreen(page, 'reinitialiser-fait', viewport);
      await page.click('#page a.fr-btn[href="/connexion.html"]');
      await waitFor(page, '#formulaire-connexion');
      await page.fill('#identifiant', email);
      await page.fill('#mot-de-passe', 'rayons X et prix Nobel');
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/connexion')),
        page.click('#formulaire-connexion button[type="submit"]')]);

      // a reset page without its link says so
      await open(page, '/reinitialiser.html');
      await waitFor(page, '#page .fr-alert--error');
      await checkScreen(page, 'reinitialiser-sans-lien', viewport);
    } finally {
      await context.close();
    }
  });
}
