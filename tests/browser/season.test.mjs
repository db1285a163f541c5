// Session 10 recruitment work (module "season") in a real browser against
// the real server with the demo data, at 1280 and 320 px: the employer posts
// a need with an expiry and reads it back in the needs list; imports needs
// from an XLSX workbook built in the test through the page's upload control,
// then sees a refused workbook's errors by row and column; a seasonal
// campaign for students (opened by plan staff, a need attached by the
// employer through the API) on its public page (saisons.html), where a
// student applies. Session 11: plan staff open a campaign with the form of
// saisons.html, see it in the table with its counts and close it (confirmed);
// a student follows the home tile « Campagnes saisonnières » to the demo
// campaign and applies. axe-core finds
// no serious or critical violation and nothing scrolls sideways at 320 px.
// Screenshots go to build/screenshots/saison-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { makeXlsx } from '../lib/xlsx_make.mjs';
import {
  launch, newPage, open, loginForm, checkScreen, waitFor,
  DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const EMPLOYER = DEMO_USERS.find((u) => u.role === 'employer');
const STAFF = DEMO_USERS.find((u) => u.role === 'staff');
const STUDENT = DEMO_USERS.find((u) => u.role === 'candidate');

/** A JSON request from the logged-in page (its cookie and CSRF token). */
async function call(page, method, url, body) {
  return page.evaluate(async ([m, u, b]) => {
    const me = await (await fetch('/api/me', { credentials: 'same-origin' })).json();
    const r = await fetch(u, { method: m, credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.data.csrf_token },
      body: b === undefined ? undefined : JSON.stringify(b) });
    return { status: r.status, json: await r.json().catch(() => null) };
  }, [method, url, body]);
}

let server;
let browser;
before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

for (const viewport of [DESKTOP, MOBILE]) {
  test(`an employer posts a need with an expiry (${viewport.width} px)`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, EMPLOYER);
      await open(page, '/besoins.html');
      await waitFor(page, '#liste-besoins table');
      const day = viewport === MOBILE ? '21' : '20';
      await page.selectOption('select[name="profession"]', 'IDE');
      await page.fill('input[name="start"]', `2027-02-${day}T07:00`);
      await page.fill('input[name="end"]', `2027-02-${day}T19:00`);
      // after the first slot's start: refused, the field named
      await page.fill('input[name="expires_at"]', `2027-02-${day}T08:00`);
      await page.locator('#viviers-vises .fr-checkbox-group label').first().click(); // the DSFR label covers its box
      await page.locator('#nouveau-besoin button[type="submit"]').click();
      await page.locator('.plam-notices .fr-alert--error').waitFor();
      assert.match(await page.textContent('.plam-notices'), /premier créneau/);
      await page.fill('input[name="expires_at"]', `2027-02-${Number(day) - 1}T18:30`);
      await page.locator('#nouveau-besoin button[type="submit"]').click();
      await page.locator('.plam-notices .fr-alert--success').waitFor();
      const shown = page.locator('#liste-besoins [data-expires]', { hasText: `${Number(day) - 1}/02/2027 18:30` });
      await shown.first().waitFor();
      assert.equal((await shown.first().textContent()).trim(), `Échéance : ${Number(day) - 1}/02/2027 18:30`);
      await checkScreen(page, 'saison-besoin-echeance', viewport);
    } finally {
      await context.close();
    }
  });

  test(`an employer imports needs from an XLSX workbook (${viewport.width} px)`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, EMPLOYER);
      await open(page, '/besoins.html');
      await waitFor(page, '#import-besoins form');
      const estab = await page.inputValue('select[name="establishment_id"]');
      const pool = await page.locator('input[name="pools"]').first().getAttribute('value');
      const day = viewport === MOBILE ? '24' : '23';
      const head = ['établissement', 'profession', 'créneaux', 'motif', 'contrat', 'distance_max_km', 'viviers'];
      const good = makeXlsx([head, [Number(estab), 'AS', `2027-02-${day}T07:00+01:00/2027-02-${day}T19:00+01:00`, 'seasonal', 'shift', 25, Number(pool)]]);
      await page.setInputFiles('#import-besoins-fichier', { name: 'besoins.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: good });
      await page.locator('#import-besoins-formulaire button[type="submit"]').click();
      await page.locator('#import-besoins .fr-alert--success').waitFor();
      assert.match(await page.textContent('#import-besoins .fr-alert--success'), /1 besoin\(s\) importé\(s\)/);
      await page.locator('#liste-besoins li', { hasText: `${day}/02/2027 07:00` }).first().waitFor();
      const bad = makeXlsx([head, [Number(estab), 'AS', { date: `2027-02-${day}` }, 'seasonal', 'shift', 'loin', Number(pool)]]);
      await page.setInputFiles('#import-besoins-fichier', { name: 'besoins.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bad });
      await page.locator('#import-besoins-formulaire button[type="submit"]').click();
      await waitFor(page, '#import-besoins-erreurs');
      const text = await page.textContent('#import-besoins-erreurs');
      assert.match(text, /ligne 2, colonne 3 \(creneaux\) : cellule au format date/);
      assert.match(text, /ligne 2, colonne 6 \(distance_max_km\) : nombre attendu, lu « loin »/);
      await checkScreen(page, 'saison-import-besoins', viewport);
    } finally {
      await context.close();
    }
  });

  test(`an employer attaches a need to the demo seasonal campaign from the needs page (${viewport.width} px)`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, EMPLOYER);
      await open(page, '/besoins.html');
      await waitFor(page, '#liste-besoins table');
      const day = viewport === MOBILE ? '27' : '26';
      await page.selectOption('select[name="profession"]', 'ASH');
      await page.fill('input[name="start"]', `2027-07-${day}T07:00`);
      await page.fill('input[name="end"]', `2027-07-${day}T14:00`);
      await page.selectOption('select[name="reason"]', 'seasonal');
      await page.selectOption('select[name="contract"]', 'fixed_term');
      await page.selectOption('select[name="campaign_id"]', { label: 'Été 2027 : étudiants en renfort (démonstration)' });
      // no pool chosen: the campaign's pool is the one reached
      await page.locator('#nouveau-besoin button[type="submit"]').click();
      await page.locator('.plam-notices .fr-alert--success').waitFor();
      const row = page.locator('#liste-besoins tr', { hasText: `${day}/07/2027 07:00` }).first();
      await row.locator('[data-campaign]').waitFor();
      assert.equal((await row.locator('[data-campaign]').textContent()).trim(), 'Campagne : Été 2027 : étudiants en renfort (démonstration)');
      await checkScreen(page, 'saison-besoin-campagne', viewport);
      // the campaign's public page lists it
      const list = await call(page, 'GET', '/api/seasonal-campaigns');
      const demo = list.json.data.find((c) => c.name === 'Été 2027 : étudiants en renfort (démonstration)');
      await open(page, `/saisons.html?id=${demo.id}`);
      await waitFor(page, '#offres-campagne table');
      await page.locator('#offres-campagne tr', { hasText: `${day}/07/2027 07:00` }).waitFor();
    } finally {
      await context.close();
    }
  });

  test(`plan staff open a seasonal campaign, see its counts and close it (${viewport.width} px)`, { timeout: 180000 }, async () => {
    const mobile = viewport === MOBILE;
    const name = `Vacances de printemps 2031 (${viewport.width} px)`;
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, STAFF);
      await page.locator('[data-plam-section="seasonalCampaigns"] a').click(); // the home tile
      await page.waitForURL('**/saisons.html');
      await waitFor(page, '#tableau-campagnes');
      // the demo campaign, with its counts
      const demo = page.locator('#tableau-campagnes tbody tr', { hasText: 'Été 2027 : étudiants en renfort (démonstration)' });
      await demo.waitFor();
      assert.match(await demo.innerText(), new RegExp(`${mobile ? 5 : 4} ouvert\\(s\\) sur ${mobile ? 5 : 4}`)); // 3 + one per employer test run before
      // refused: no post ticked, the fieldset says so
      await page.fill('#campagne-nom', name);
      await page.fill('#campagne-debut', '2031-04-12');
      await page.fill('#campagne-fin', '2031-04-27');
      await page.locator('#nouvelle-campagne button[type="submit"]').click();
      await page.locator('.plam-notices .fr-alert--error').waitFor();
      await page.locator('#campagne-postes.fr-fieldset--error').waitFor();
      assert.match(await page.textContent('#campagne-postes'), /au moins un code de profession/);
      await checkScreen(page, 'saison-gestion-erreur', viewport);
      await page.locator('#campagne-postes label', { hasText: 'Agent ou agente de service hospitalier (ASH)' }).click();
      await page.locator('#campagne-admis label', { hasText: 'hors santé' }).click();
      await page.selectOption('#campagne-departement', 'DEP-53');
      await page.fill('#campagne-description', mobile ? 'Postes d’ASH en EHPAD.' : 'Postes d’ASH en EHPAD, formation sur place le premier jour.');
      await page.locator('#nouvelle-campagne button[type="submit"]').click();
      await page.locator('.plam-notices .fr-alert--success').waitFor();
      assert.match(await page.textContent('.plam-notices'), new RegExp(`Campagne « ${name.replace(/[()]/g, '\\$&')} » ouverte`));
      const row = page.locator('#tableau-campagnes tbody tr', { hasText: name });
      await row.waitFor();
      assert.match(await row.textContent(), /Ouverte/); // the badge is upper case on screen
      assert.match(await row.textContent(), /0 ouvert\(s\) sur 0/);
      assert.match(await row.textContent(), /Mayenne/);
      await checkScreen(page, 'saison-gestion', viewport);
      // close, after the confirmation
      page.once('dialog', (d) => d.accept());
      await row.locator('button', { hasText: 'Clore' }).click();
      await page.locator('.plam-notices .fr-alert--success', { hasText: 'close' }).waitFor();
      await page.locator('#tableau-campagnes tbody tr', { hasText: name }).locator('button', { hasText: 'Rouvrir' }).waitFor();
      assert.match(await page.locator('#tableau-campagnes tbody tr', { hasText: name }).textContent(), /Clôturée/);
      await checkScreen(page, 'saison-gestion-close', viewport);
      // its public page says it is closed
      await page.locator('#tableau-campagnes a', { hasText: name }).click();
      await waitFor(page, '#offres-campagne');
      assert.match(await page.textContent('main'), /Cette campagne est close/);
    } finally {
      await context.close();
    }
  });

  test(`a student follows the home tile to the demo campaign and applies (${viewport.width} px)`, { timeout: 180000 }, async () => {
    const mobile = viewport === MOBILE;
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await open(page, '/');
      await page.locator('[data-plam-section="seasonalCampaigns"] a').click(); // the anonymous home's tile
      await page.waitForURL('**/saisons.html');
      await waitFor(page, '#liste-campagnes');
      const link = page.locator('#liste-campagnes a', { hasText: 'Été 2027 : étudiants en renfort (démonstration)' });
      await link.click();
      await waitFor(page, '#offres-campagne table');
      // the demo's three needs and the one the employer test attached at each width run so far
      assert.equal(await page.locator('#offres-campagne tbody tr').count(), mobile ? 5 : 4);
      assert.match(await page.textContent('main'), /Du 01\/07\/2027 au 31\/08\/2027 — Sarthe/);
      const url = page.url();
      await loginForm(page, STUDENT);
      const me = await call(page, 'GET', '/api/me/candidate');
      // a profile of an admitted programme, in no pool yet (a saved profile keeps the pools it lists)
      const profile = { first_name: mobile ? 'Mobile' : 'Bureau', last_name: 'Étudiant', email: 'etudiant.ete@example.org', profession: 'ETU-IDE-2',
        lat: 48.0, lon: 0.2, departement: 'DEP-72', max_km: 25, accepts_fixed_term: true, pools: [] };
      const saved = me.status === 200 ? await call(page, 'PUT', `/api/candidates/${me.json.data.id}`, profile) : await call(page, 'POST', '/api/candidates', profile);
      assert.ok(saved.status === 200 || saved.status === 201, JSON.stringify(saved.json));
      await open(page, new URL(url).pathname + new URL(url).search);
      await waitFor(page, '#postuler');
      await page.locator('#postuler').click();
      await page.locator('.plam-notices .fr-alert--success').waitFor();
      assert.match(await page.textContent('.plam-notices'), /Votre candidature est enregistrée/);
      await checkScreen(page, 'saison-ete-2027-candidature', viewport);
      // the button gives way to the mark, and stays so when the page is opened again
      assert.equal(await page.locator('#postuler').count(), 0);
      assert.match(await page.textContent('#candidature'), /Vous avez postulé à cette campagne/);
      await open(page, new URL(url).pathname + new URL(url).search);
      await waitFor(page, '#candidature .fr-badge');
      assert.equal(await page.locator('#postuler').count(), 0);
      // a second application through the API is refused in French
      const again = await call(page, 'POST', `/api/seasonal-campaigns/${new URL(url).searchParams.get('id')}/applications`);
      assert.match(JSON.stringify(again.json), /déjà postulé/);
    } finally {
      await context.close();
    }
  });

  test(`a seasonal campaign's public page; a student applies (${viewport.width} px)`, { timeout: 180000 }, async () => {
    const mobile = viewport === MOBILE;
    const name = `Été 2030 : étudiants en renfort (${viewport.width} px)`;
    let id, needId;
    {
      const { context, page } = await newPage(browser, server.url, viewport);
      await loginForm(page, STAFF);
      const r = await call(page, 'POST', '/api/seasonal-campaigns', { name, starts_on: '2030-07-01', ends_on: '2030-08-31',
        description: 'Postes d’agent de service hospitalier avec formation sur place.', posts: [{ code: 'ASH' }], admitted: [{ code: 'ETU-AUTRE' }, { code: 'ETU-IDE-2' }] });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      id = r.json.data.id;
      await context.close();
    }
    {
      const { context, page } = await newPage(browser, server.url, viewport);
      await loginForm(page, EMPLOYER);
      const mine = await call(page, 'GET', '/api/needs');
      const r = await call(page, 'POST', '/api/needs', { establishment_id: mine.json.data[0].establishment_id, profession: 'ASH', reason: 'seasonal',
        contract: 'fixed_term', max_km: 40, campaign_id: id, slots: [{ start: '2030-07-15T07:00+02:00', end: '2030-07-15T15:00+02:00' }] });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      needId = r.json.data.id;
      await context.close();
    }
    // anonymous: the list, then the campaign's page with its offer
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await open(page, '/saisons.html');
      await waitFor(page, '#liste-campagnes');
      await page.locator('#liste-campagnes a', { hasText: name }).waitFor();
      await checkScreen(page, 'saison-campagnes', viewport);
      await page.locator('#liste-campagnes a', { hasText: name }).click();
      await page.waitForURL(`**/saisons.html?id=${id}`);
      await waitFor(page, '#offres-campagne table');
      assert.equal(await page.locator(`#offres-campagne a[href="/offre.html?id=${needId}"]`).count(), 1);
      assert.match(await page.textContent('#offres-campagne'), /Agent ou agente de service hospitalier \(ASH\)/);
      assert.match(await page.textContent('main'), /Du 01\/07\/2030 au 31\/08\/2030/);
      await checkScreen(page, 'saison-campagne', viewport);
      // a student: profile of an admitted programme, then the button
      await loginForm(page, STUDENT);
      const me = await call(page, 'GET', '/api/me/candidate');
      const profile = { first_name: mobile ? 'Mobile' : 'Bureau', last_name: 'Étudiante', email: 'etudiante@example.org', profession: 'ETU-AUTRE',
        lat: 48.0, lon: 0.2, departement: 'DEP-72', max_km: 25, accepts_fixed_term: true };
      const saved = me.status === 200 ? await call(page, 'PUT', `/api/candidates/${me.json.data.id}`, profile) : await call(page, 'POST', '/api/candidates', profile);
      assert.ok(saved.status === 200 || saved.status === 201, JSON.stringify(saved.json));
      await open(page, `/saisons.html?id=${id}`);
      await waitFor(page, '#postuler');
      await page.locator('#postuler').click();
      await page.locator('.plam-notices .fr-alert--success').waitFor();
      await checkScreen(page, 'saison-campagne-candidature', viewport);
    } finally {
      await context.close();
    }
  });
}
