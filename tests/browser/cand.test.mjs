// The candidate's own side in Chromium at 1280 and 320 px (cand, issue 11).
// A self-registered account that was never verified logs in: the login page
// says its address is not verified yet (not "disabled") and links to
// "Renvoyer le lien de vérification", which mails a new link that activates
// the account. Each page state passes axe-core (no serious or critical
// violation) and does not scroll sideways at 320 px; screenshots go to
// build/screenshots/cand-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp_sink.mjs';
import {
  launch, newPage, open, axeSerious, horizontalOverflow, screenshot, describeViolations, waitFor, visibleProblems,
  DESKTOP, MOBILE,
} from './browser.mjs';

let srv, sink, browser;
const PASSWORD = 'un mot de passe assez long';

before(async () => {
  sink = await startSmtpSink();
  srv = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--smtp-starttls', 'non',
    '--mail-from', 'plam@plam.test', '--mail-retry', '1', '--offer-tick', '0'], timeoutMs: 60000 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  await sink?.stop();
});

async function checkPage(page, name, viewport) {
  const v = await axeSerious(page);
  await screenshot(page, `cand-${name}-${viewport.width}`);
  assert.deepEqual(v, [], `${name}: ${describeViolations(v)}`);
  if (viewport === MOBILE) assert.equal(await horizontalOverflow(page), 0, `${name}: no sideways scroll at 320 px`);
  assert.equal(await page.locator('main#contenu h1').count(), 1, 'one h1 in main');
  assert.deepEqual(await visibleProblems(page), { words: [], buttons: [] });
  assert.deepEqual(page.problems, []);
}

for (const viewport of [DESKTOP, MOBILE]) {
  const w = viewport.width;
  test(`a pending account is told to verify its address and gets a new link (${w} px)`, async () => {
    const email = `paul.attente.${w}@exemple.fr`;
    const r = await srv.anon().post('/api/registrations', { email, display_name: 'Paul Attente', role: 'candidate', password: PASSWORD });
    assert.equal(r.status, 202, r.text);
    const first = await sink.waitFor((x) => x.to.includes(email));
    const { context, page } = await newPage(browser, srv.url, viewport);
    try {
      await open(page, '/connexion.html');
      await page.fill('#identifiant', email);
      await page.fill('#mot-de-passe', PASSWORD);
      await page.click('#formulaire-connexion button[type="submit"]');
      await waitFor(page, '.plam-notices .fr-alert--error');
      const text = await page.locator('.plam-notices').innerText();
      assert.match(text, /Adresse électronique pas encore vérifiée/);
      assert.match(text, /n'est pas encore vérifiée/);
      assert.doesNotMatch(text, /désactivé/);
      await checkPage(page, 'connexion-non-verifie', viewport);
      await page.click('#lien-verification');
      await waitFor(page, '#formulaire-verification');
      assert.equal(await page.inputValue('#adresse'), email, 'the address is carried over');
      await checkPage(page, 'verification', viewport);
      await page.click('#formulaire-verification button[type="submit"]');
      await waitFor(page, '.plam-notices .fr-alert--success');
      await checkPage(page, 'verification-envoyee', viewport);
      const m = await sink.waitFor((x) => x.to.includes(email) && x !== first);
      const link = /https?:\/\/[^\s]+#jeton=[A-Za-z0-9._-]+/.exec(m.text);
      const u = new URL(link[0]);
      await open(page, u.pathname + u.hash);
      await waitFor(page, '.plam-notices .fr-alert--success');
      await page.click('#page a.fr-btn[href="/connexion.html"]');
      await waitFor(page, '#formulaire-connexion');
      await page.fill('#identifiant', email);
      await page.fill('#mot-de-passe', PASSWORD);
      await Promise.all([page.waitForURL((x) => !x.pathname.startsWith('/connexion')),
        page.click('#formulaire-connexion button[type="submit"]')]);
    } finally {
      await context.close();
    }
  });
}
