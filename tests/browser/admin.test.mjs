// Administration pages against the real server: pagination and search of
// users, organisation creation and edition through the form, the audit log
// showing that edition with its before/after values and filtering by object,
// and an expired session sending the user back to the login page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveDemo, open, loginForm, waitFor, ADMIN } from './browser.mjs';

const demo = serveDemo({});

async function csrf(context) {
  return (await (await context.request.get('/api/me')).json()).data.csrf_token;
}

test('the users list paginates and searches', { timeout: 120000 }, async () => {
  const { context, page } = await demo.newPage();
  try {
    await loginForm(page, ADMIN);
    const token = await csrf(context);
    const total0 = (await (await context.request.get('/api/users?limit=1')).json()).meta.total;
    // Enough users for a second page of 20.
    for (let i = total0; i <= 21; i += 1) {
      const res = await context.request.post('/api/users', {
        headers: { 'X-CSRF-Token': token },
        data: { login: `pagination.${i}`, display_name: `Pagination ${i}`, email: null, role: 'candidate', org_id: null, password: 'Mot-de-passe-pagination' },
      });
      assert.equal(res.status(), 201, await res.text());
    }
    const total = (await (await context.request.get('/api/users?limit=1')).json()).meta.total;
    assert.ok(total > 20);

    await open(page, '/admin/utilisateurs.html');
    await waitFor(page, '#tableau-utilisateurs');
    assert.equal(await page.locator('#tableau-utilisateurs tbody tr').count(), 20);
    assert.match(await page.textContent('[data-plam="count"]'), new RegExp(`^${total}\\b`));
    assert.equal(await page.getAttribute('.fr-pagination [aria-current="page"]', 'title'), 'Page 1');
    await Promise.all([page.waitForURL(/page=2/), page.click('.fr-pagination a[title="Page 2"]')]);
    await waitFor(page, '#tableau-utilisateurs');
    assert.equal(await page.locator('#tableau-utilisateurs tbody tr').count(), total - 20);
    assert.equal(await page.getAttribute('.fr-pagination [aria-current="page"]', 'title'), 'Page 2');

    // Search through the search form (a plain GET form).
    await page.fill('#recherche-utilisateurs', 'pagination.12');
    await Promise.all([page.waitForURL(/q=pagination\.12/), page.press('#recherche-utilisateurs', 'Enter')]);
    await waitFor(page, '#tableau-utilisateurs');
    const logins = await page.$$eval('#tableau-utilisateurs tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
    assert.deepEqual(logins, ['pagination.12']);
    assert.equal(await page.locator('.fr-pagination').count(), 0, 'one page, no pagination');
  } finally {
    await context.close();
  }
});

test('an organisation is created and edited through the form, and the audit log shows it', { timeout: 120000 }, async () => {
  const { context, page } = await demo.newPage();
  const name = `Centre hospitalier d'essai ${Date.now().toString(36)}`;
  try {
    await loginForm(page, ADMIN);
    await open(page, '/admin/organisations.html');
    await waitFor(page, '#tableau-organisations');
    await waitFor(page, '#org-territoire option[value="DEP-44"]', { state: 'attached' });

    // Client-side checks first: an empty name and a short FINESS.
    await page.fill('#org-finess', '123');
    await page.click('#formulaire-organisation button[type="submit"]');
    assert.equal(await page.getAttribute('#org-nom', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#org-finess', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'org-nom');

    await page.fill('#org-nom', name);
    await page.selectOption('#org-type', 'establishment');
    await page.fill('#org-finess', '449999999');
    await page.selectOption('#org-territoire', 'DEP-44');
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/organisations') && r.request().method() === 'POST'),
      page.click('#formulaire-organisation button[type="submit"]'),
    ]);
    assert.equal(created.status(), 201, await created.text());
    const org = (await created.json()).data;
    await page.locator('.plam-notices .fr-alert--success').first().waitFor();

    // Edit: the row's button fills the form; change the territory.
    await open(page, `/admin/organisations.html?q=${encodeURIComponent(name)}`);
    await page.click(`#tableau-organisations button[data-plam-org="${org.id}"]`);
    assert.equal(await page.inputValue('#org-nom'), name);
    assert.equal(await page.inputValue('#org-territoire'), 'DEP-44');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'titre-formulaire-org');
    await page.selectOption('#org-territoire', 'DEP-49');
    const [patched] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/organisations/${org.id}`) && r.request().method() === 'PATCH'),
      page.click('#formulaire-organisation button[type="submit"]'),
    ]);
    assert.equal(patched.status(), 200, await patched.text());
    await waitFor(page, '#tableau-organisations');
    assert.match(await page.textContent('#tableau-organisations tbody'), /Maine-et-Loire/);

    // The audit log, filtered on organisations, shows the change readably.
    await open(page, '/admin/journal.html');
    await page.selectOption('#filtre-objet', 'organisation');
    await Promise.all([page.waitForURL(/entity=organisation/), page.click('form[aria-labelledby="titre-filtres"] button[type="submit"]')]);
    await waitFor(page, '#tableau-journal');
    const objects = await page.$$eval('#tableau-journal > tbody > tr > td:nth-child(4)', (tds) => tds.map((t) => t.textContent));
    assert.ok(objects.length > 0 && objects.every((t) => t.startsWith('Organisation')), objects.join(', '));
    const first = page.locator('#tableau-journal > tbody > tr').first();
    assert.equal(await first.locator('> td:nth-child(3)').textContent(), 'Modification');
    const diffText = await first.locator('.plam-diff').textContent();
    assert.match(diffText, /territory/);
    assert.match(diffText, /DEP-44|Loire-Atlantique/);
    assert.match(diffText, /DEP-49|Maine-et-Loire/);
  } finally {
    await context.close();
  }
});

test('an expired session sends the user to the login page with a message', { timeout: 60000 }, async () => {
  const { context, page } = await demo.newPage();
  try {
    await loginForm(page, ADMIN);
    await open(page, '/admin/utilisateurs.html');
    await waitFor(page, '#tableau-utilisateurs');
    // The session ends on the server side (as when it expires).
    await context.request.delete('/api/session', { headers: { 'X-CSRF-Token': await csrf(context) } });
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/connexion.html'),
      page.locator('[data-plam-action="password"]').first().click().then(() => page.fill('#nouveau-mot-de-passe', 'un-mot-de-passe-long'))
        .then(() => page.click('#zone-mot-de-passe button[type="submit"]')),
    ]);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('motif'), 'expiree');
    assert.equal(url.searchParams.get('retour'), '/admin/utilisateurs.html');
    await page.waitForSelector('body[data-plam-ready="true"]');
    assert.match(await page.textContent('.plam-notices'), /session a expiré/);
  } finally {
    await context.close();
  }
});
