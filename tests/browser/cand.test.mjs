// The candidate's own side in Chromium at 1280 and 320 px (cand, issue 11).
// A self-registered account that was never verified logs in: the login page
// says its address is not verified yet (not "disabled") and links to
// "Renvoyer le lien de vérification", which mails a new link that activates
// the account. "Mes offres": a candidate sees the offers waiting for them,
// accepts one (it moves to the confirmed shifts), cancels it with a
// standard reason (it moves to the past offers), sees an expired one among
// the past, and a summary of their profile linking to candidat.html. "Mes
// données personnelles": the JSON download holds their record; the erasure
// asks for the box and the password, then closes the account. Each page state passes axe-core (no serious or critical
// violation) and does not scroll sideways at 320 px; screenshots go to
// build/screenshots/cand-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer, dbQuery } from '../lib/server.mjs';
import { seedBase, seedCandidates, seedNeed, seedOffers } from '../lib/offer_fixture.mjs';
import { startSmtpSink } from '../lib/smtp_sink.mjs';
import {
  launch, newPage, open, loginForm, checkScreen, waitFor,
  DESKTOP, MOBILE,
} from './browser.mjs';

let srv, sink, browser;
const PASSWORD = 'un mot de passe assez long';

before(async () => {
  sink = await startSmtpSink();
  srv = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--smtp-starttls', 'non',
    '--mail-from', 'plam@plam.test', '--mail-retry', '1', '--offer-tick', '0'], timeoutMs: 60000 });
  seedBase(srv);
  seedCandidates(srv, 97501, 4);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  await sink?.stop();
});

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
      await checkScreen(page, 'cand-connexion-non-verifie', viewport);
      await page.click('#lien-verification');
      await waitFor(page, '#formulaire-verification');
      assert.equal(await page.inputValue('#adresse'), email, 'the address is carried over');
      await checkScreen(page, 'cand-verification', viewport);
      await page.click('#formulaire-verification button[type="submit"]');
      await waitFor(page, '.plam-notices .fr-alert--success');
      await checkScreen(page, 'cand-verification-envoyee', viewport);
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

let nextNeed = 97600;
for (const viewport of [DESKTOP, MOBILE]) {
  const w = viewport.width;
  test(`Mes offres: accept, cancel with a reason, the past ones, the profile (${w} px)`, async () => {
    const cand = w === DESKTOP.width ? 97501 : 97502;
    const login = `mes.offres.${w}`;
    const admin = await srv.login('admin');
    const u = await admin.post('/api/users', { login, display_name: 'Claire Offres', email: `${login}@exemple.fr`, role: 'candidate', password: PASSWORD });
    assert.equal(u.status, 201, u.text);
    dbQuery(srv, `UPDATE candidates SET user_id = ${u.json.data.id} WHERE id = ${cand}`, { write: true });
    const [a, b] = [(nextNeed += 1), (nextNeed += 1)];
    seedNeed(srv, { id: a, start: '2030-03-12T08:00+01:00', end: '2030-03-12T20:00+01:00', pay: '250 € la garde' });
    seedNeed(srv, { id: b, start: '2030-03-14T08:00+01:00', end: '2030-03-14T20:00+01:00' });
    seedOffers(srv, a, [cand]);
    seedOffers(srv, b, [cand]);
    dbQuery(srv, `UPDATE offers SET status = 'expired' WHERE need_id = ${b}`, { write: true });
    const offerA = dbQuery(srv, `SELECT id FROM offers WHERE need_id = ${a}`)[0][0];

    const { context, page } = await newPage(browser, srv.url, viewport);
    page.on('dialog', (d) => d.accept());
    try {
      await loginForm(page, { login, password: PASSWORD });
      await page.locator('#contenu a[href="/mes-offres.html"]').first().click(); // the home tile
      await page.waitForSelector('body[data-plam-ready="true"]');
      await waitFor(page, '#offres-en-attente article');
      assert.equal(await page.title(), 'Mes offres — plam');
      assert.match(await page.locator('#offres-en-attente').innerText(), /d'État \(IDE\) — CH Fixture[\s\S]*250 € la garde/);
      assert.match(await page.locator('#offres-passees').innerText(), /expirée/);
      assert.match(await page.locator('#mon-profil').innerText(), /Vivier régional \(test\)/);
      assert.equal(await page.locator('#modifier-profil').getAttribute('href'), '/candidat.html');
      await checkScreen(page, 'cand-mes-offres', viewport);

      await page.click(`#accepter-${offerA}`);
      await waitFor(page, '.plam-notices .fr-alert--success');
      await waitFor(page, `#missions-confirmees #offre-${offerA}`);
      assert.match(await page.locator('#missions-confirmees').innerText(), /mission confirmée/);
      assert.equal(dbQuery(srv, `SELECT status FROM offers WHERE id = ${offerA}`)[0][0], 'confirmed');
      await checkScreen(page, 'cand-mes-offres-confirmee', viewport);

      // offers by SMS: the demo fixture's phone reads as a number
      await page.click('label[for="mode-contact-both"]');
      await page.click('#formulaire-contact button[type="submit"]');
      await page.waitForFunction(() => /Votre choix est enregistré/.test(document.querySelector('.plam-notices').innerText));
      assert.equal(dbQuery(srv, `SELECT contact_by FROM candidates WHERE id = ${cand}`)[0][0], 'both');

      // cancel: the reason is required, then chosen among the candidate's standard reasons
      await page.click(`#annuler-${offerA} button[type="submit"]`);
      await waitFor(page, `#annuler-${offerA} .fr-select-group--error`);
      await page.selectOption(`#annuler-${offerA} select`, 'transport');
      await page.click(`#annuler-${offerA} button[type="submit"]`);
      await waitFor(page, '#tableau-offres-passees');
      await page.waitForFunction(() => /mission annulée/.test(document.querySelector('#offres-passees').innerText));
      assert.equal(dbQuery(srv, `SELECT reason FROM offer_events WHERE offer_id = ${offerA}`)[0][0], 'transport');
      assert.match(await page.locator('#missions-confirmees').innerText(), /Aucune mission confirmée/);
      await checkScreen(page, 'cand-mes-offres-annulee', viewport);
    } finally {
      await context.close();
    }
  });
}

for (const viewport of [DESKTOP, MOBILE]) {
  const w = viewport.width;
  test(`Mes données personnelles: download, then erase after the confirmation step (${w} px)`, async () => {
    const cand = w === DESKTOP.width ? 97503 : 97504;
    const login = `mes.donnees.${w}`;
    const admin = await srv.login('admin');
    const u = await admin.post('/api/users', { login, display_name: 'Dora Données', email: `${login}@exemple.fr`, role: 'candidate', password: PASSWORD });
    assert.equal(u.status, 201, u.text);
    dbQuery(srv, `UPDATE candidates SET user_id = ${u.json.data.id} WHERE id = ${cand}`, { write: true });
    const { context, page } = await newPage(browser, srv.url, viewport);
    try {
      await loginForm(page, { login, password: PASSWORD });
      await open(page, '/mes-offres.html');
      await waitFor(page, '#lien-mes-donnees');
      await page.click('#lien-mes-donnees');
      await page.waitForSelector('body[data-plam-ready="true"]');
      await waitFor(page, '#formulaire-effacement');
      assert.equal(await page.title(), 'Mes données personnelles — plam');
      await checkScreen(page, 'cand-mes-donnees', viewport);

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#telecharger')]);
      assert.equal(download.suggestedFilename(), 'mes-donnees-plam.json');
      const doc = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
      assert.equal(doc.candidate.id, cand);
      assert.equal(doc.account.login, login);
      await waitFor(page, '.plam-notices .fr-alert--success');

      // the confirmation step: the box, then the password
      await page.click('#effacer');
      await waitFor(page, '.fr-checkbox-group--error');
      await checkScreen(page, 'cand-mes-donnees-confirmer', viewport);
      await page.click('label[for="comprendre"]');
      await page.fill('#mot-de-passe', 'pas le bon mot de passe');
      await page.click('#effacer');
      await waitFor(page, '#mot-de-passe[aria-invalid="true"], .fr-input-group--error');
      assert.equal(dbQuery(srv, `SELECT first_name FROM candidates WHERE id = ${cand}`)[0][0], `Prénom${cand}`);
      await page.fill('#mot-de-passe', PASSWORD);
      await page.click('#effacer');
      await waitFor(page, '.fr-alert--success');
      assert.match(await page.locator('main#contenu').innerText(), /Données effacées/);
      await checkScreen(page, 'cand-mes-donnees-effacees', viewport);
      assert.equal(dbQuery(srv, `SELECT first_name, coalesce(user_id, 0) FROM candidates WHERE id = ${cand}`)[0].join(' '), 'Effacé 0');
      assert.equal(dbQuery(srv, `SELECT login FROM users WHERE id = ${u.json.data.id}`)[0][0], `efface-${u.json.data.id}`);
    } finally {
      await context.close();
    }
  });
}
