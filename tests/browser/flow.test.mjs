// User journeys in a real browser against the real server: login errors,
// admin creates a user, logout, the new user logs in, what non-admins see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveDemo, open, loginForm, logoutClick, horizontalOverflow, ADMIN, DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const demo = serveDemo({});

test('a wrong password shows the server\'s French error and keeps focus usable', { timeout: 60000 }, async () => {
  const { context, page } = await demo.newPage();
  try {
    await open(page, '/connexion.html');
    // Empty form: client-side messages on both fields, focus on the first one.
    await page.click('#formulaire-connexion button[type="submit"]');
    assert.equal(await page.getAttribute('#identifiant', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#mot-de-passe', 'aria-invalid'), 'true');
    assert.match(await page.textContent('#identifiant-messages'), /Saisissez votre identifiant/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'identifiant');

    await page.fill('#identifiant', ADMIN.login);
    await page.fill('#mot-de-passe', 'ceci-n-est-pas-le-bon-mot-de-passe');
    const [resp] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST'),
      page.click('#formulaire-connexion button[type="submit"]'),
    ]);
    assert.equal(resp.status(), 401);
    const serverMessage = (await resp.json()).error.message;
    const alertBox = page.locator('.plam-notices .fr-alert--error');
    await alertBox.waitFor();
    const shown = await alertBox.textContent();
    assert.ok(shown.includes(serverMessage), `alert "${shown}" should contain the server message "${serverMessage}"`);
    assert.match(shown, /mot de passe/i, 'the message is in French');
    assert.equal(await page.getAttribute('.plam-notices', 'aria-live'), 'polite');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'mot-de-passe');
    assert.equal(await page.inputValue('#mot-de-passe'), '', 'the wrong password is cleared');
    assert.ok(new URL(page.url()).pathname.startsWith('/connexion'), 'still on the login page');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('admin creates a user, logs out, the new user logs in without admin links', { timeout: 120000 }, async () => {
  const suffix = Date.now().toString(36);
  const newUser = { login: `essai.${suffix}`, password: `Mot-de-passe-${suffix}!`, name: `Camille Essai ${suffix}` };
  const { context, page } = await demo.newPage();
  try {
    await loginForm(page, ADMIN);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.ok(await page.locator('#navigation-principale a[href="/admin/utilisateurs.html"]').count() > 0, 'admin sees the users link');
    assert.ok(await page.locator('[data-plam-section="users"] a[href="/admin/utilisateurs.html"]').count() > 0, 'admin sees the users tile');

    await open(page, '/admin/utilisateurs.html');
    await page.waitForSelector('#tableau-utilisateurs');
    await page.waitForSelector('#nouveau-role option[value="candidate"]', { state: 'attached' });
    // Submitting the empty form shows field errors, not a request.
    await page.click('#formulaire-utilisateur button[type="submit"]');
    assert.equal(await page.getAttribute('#nouvel-identifiant', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'nouvel-identifiant');

    await page.fill('#nouvel-identifiant', newUser.login);
    await page.fill('#nouveau-nom', newUser.name);
    await page.fill('#nouveau-courriel', `${suffix}@example.fr`);
    await page.selectOption('#nouveau-role', 'candidate');
    const orgValues = await page.$$eval('#nouvelle-organisation option', (os) => os.map((o) => o.value).filter(Boolean));
    assert.ok(orgValues.length > 0, 'the organisation select is filled from the API');
    await page.selectOption('#nouvelle-organisation', orgValues[0]);
    await page.fill('#nouveau-mot-de-passe-initial', newUser.password);
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/users') && r.request().method() === 'POST'),
      page.click('#formulaire-utilisateur button[type="submit"]'),
    ]);
    assert.equal(created.status(), 201, await created.text());
    assert.ok(created.request().headers()['x-csrf-token'], 'the CSRF token is sent');
    await page.locator('#formulaire-utilisateur .fr-alert--success').waitFor();

    // The new user is found by the search.
    await open(page, `/admin/utilisateurs.html?q=${encodeURIComponent(newUser.login)}`);
    await page.waitForSelector('#tableau-utilisateurs');
    assert.match(await page.textContent('#tableau-utilisateurs tbody'), new RegExp(newUser.login.replace('.', '\\.')));

    await logoutClick(page);
    assert.match(await page.textContent('.plam-notices'), /déconnecté/);
    const me = await page.request.get('/api/me');
    assert.equal(me.status(), 401, 'the session is gone after logout');

    await loginForm(page, { login: newUser.login, password: newUser.password });
    assert.match(await page.textContent('h1'), new RegExp(newUser.name));
    assert.equal(await page.locator('a[href^="/admin/"]').count(), 0, 'no admin link for a candidate');
    await open(page, '/admin/utilisateurs.html');
    assert.match(await page.textContent('#page'), /Accès refusé/);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('admin disables and re-enables an account; a disabled account cannot log in', { timeout: 90000 }, async () => {
  const { context, page } = await demo.newPage();
  const target = DEMO_USERS.find((u) => u.login === 'interne');
  try {
    await loginForm(page, ADMIN);
    await open(page, `/admin/utilisateurs.html?q=${target.login}`);
    const toggle = page.locator(`[data-plam-user="${target.login}"][data-plam-action="toggle"]`);
    await toggle.click();
    await page.locator('.plam-notices .fr-alert--success').waitFor();
    const other = await demo.browser.newContext({ baseURL: demo.server.url });
    try {
      const res = await other.request.post('/api/session', { data: { login: target.login, password: target.password } });
      assert.equal(res.status(), 403);
      assert.equal((await res.json()).error.code, 'account_disabled');
    } finally {
      await other.close();
    }
    // The first toggle's success notice may still be on screen: wait for the
    // account's own row to say it is active again rather than for a notice.
    await page.locator(`[data-plam-user="${target.login}"][data-plam-action="toggle"]`).click();
    const row = page.locator('#tableau-utilisateurs tbody tr', { has: page.locator(`[data-plam-user="${target.login}"]`) });
    await row.filter({ hasText: /Actif/ }).waitFor({ timeout: 15000 });
    assert.match(await row.textContent(), /Actif/);
    assert.doesNotMatch(await row.textContent(), /Désactivé/);
  } finally {
    await context.close();
  }
});

for (const viewport of [DESKTOP, MOBILE]) {
  test(`every non-admin role sees its home sections and only the admin links it may use (${viewport.width} px)`, { timeout: 180000 }, async () => {
    for (const user of DEMO_USERS) {
      const { context, page } = await demo.newPage(viewport);
      try {
        // Log in through the API (the form is covered above); the cookie is shared with the page.
        const res = await context.request.post('/api/session', { data: { login: user.login, password: user.password } });
        assert.equal(res.status(), 200, `${user.login} logs in`);
        await open(page, '/');
        const me = await (await page.request.get('/api/me')).json();
        assert.equal(me.data.user.role, user.role, `${user.login} has role ${user.role}`);
        assert.ok(await page.locator('[data-plam-section]').count() > 0, `${user.login} sees sections`);
        // Users and the audit log are for administrators only; the organisations
        // page is shown exactly to the roles the server lets write organisations.
        assert.equal(await page.locator('a[href="/admin/utilisateurs.html"], a[href="/admin/journal.html"]').count(), 0,
          `${user.login} sees no users/audit link`);
        const orgLinks = await page.locator('a[href="/admin/organisations.html"]').count();
        if (me.data.permissions.includes('org.write')) assert.ok(orgLinks > 0, `${user.login} may manage organisations`);
        else assert.equal(orgLinks, 0, `${user.login} sees no organisations link`);
        assert.ok(me.data.permissions.every((p) => !['user.read', 'audit.read'].includes(p)), `${user.login} is not an administrator`);
        assert.match(await page.textContent('[data-plam="user"]'), new RegExp(me.data.user.role_label.replace(/[()]/g, '.')));
        await logoutClick(page);
        assert.deepEqual(page.problems, []);
      } finally {
        await context.close();
      }
    }
  });
}

test('a protected page sends an anonymous visitor to the login page and back', { timeout: 60000 }, async () => {
  const { context, page } = await demo.newPage();
  try {
    await page.goto('/admin/journal.html');
    await page.waitForURL((u) => u.pathname === '/connexion.html');
    assert.equal(new URL(page.url()).searchParams.get('retour'), '/admin/journal.html');
    await page.waitForSelector('body[data-plam-ready="true"]');
    await page.fill('#identifiant', ADMIN.login);
    await page.fill('#mot-de-passe', ADMIN.password);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/admin/journal.html'),
      page.click('#formulaire-connexion button[type="submit"]'),
    ]);
    await page.waitForSelector('#tableau-journal');
    // An absolute or protocol-relative "retour" never leads off the site.
    await context.request.delete('/api/session', { headers: { 'X-CSRF-Token': (await (await context.request.get('/api/me')).json()).data.csrf_token } });
    await open(page, '/connexion.html?retour=//exemple.invalid/piege');
    await page.fill('#identifiant', ADMIN.login);
    await page.fill('#mot-de-passe', ADMIN.password);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/connexion')),
      page.click('#formulaire-connexion button[type="submit"]'),
    ]);
    assert.equal(new URL(page.url()).origin, demo.server.url);
    assert.equal(new URL(page.url()).pathname, '/');
  } finally {
    await context.close();
  }
});

test('the State brand block appears only when /api/config returns a brand', { timeout: 60000 }, async () => {
  const { context, page } = await demo.newPage();
  try {
    await open(page, '/');
    const config = await (await page.request.get('/api/config')).json();
    const expected = config.data.brand ? 1 : 0;
    assert.equal(await page.locator('[data-plam="state-brand"]').count(), expected);
    if (!config.data.brand) assert.doesNotMatch(await page.textContent('#en-tete'), /République/i);

    // The same page with a configured brand (response rewritten in the browser).
    await page.route('**/api/config', (route) => route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ data: { instance_name: 'plam ARS', brand: { lines: ['Agence régionale', 'de santé'], operator: 'ARS Pays de la Loire' } } }),
    }));
    await open(page, '/');
    assert.equal(await page.locator('#en-tete [data-plam="state-brand"]').count(), 1);
    assert.match(await page.textContent('#en-tete .fr-logo'), /Agence régionale\s*de santé/);
    assert.match(await page.textContent('#en-tete'), /ARS Pays de la Loire/);
  } finally {
    await context.close();
  }
});

// Wrong passwords for `login` straight to the API until a 429 asks for a wait
// of at least minWait seconds (waits double after five free failures; refused
// attempts are not counted, so shorter waits are sat out).
async function throttle(login, minWait) {
  for (let i = 0; i < 14; i += 1) {
    const res = await fetch(`${demo.server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login, password: `mauvais-mot-de-passe-${i}` }) });
    await res.arrayBuffer();
    const wait = Number(res.headers.get('retry-after'));
    if (res.status === 429 && wait >= minWait) return wait;
    if (res.status === 429) await new Promise((r) => setTimeout(r, wait * 1000 + 200));
  }
  throw new Error(`no wait of ${minWait} s for ${login}`);
}

for (const viewport of [DESKTOP, MOBILE]) {
  test(`too many wrong passwords: the login page says how long to wait (${viewport.width} px)`, { timeout: 90000 }, async () => {
    // an account name of its own (unknown accounts wait too): the demo accounts stay usable
    const login = `essais-${viewport.width}`;
    const { context, page } = await demo.newPage(viewport);
    try {
      await open(page, '/connexion.html');
      await page.fill('#identifiant', login);
      await page.fill('#mot-de-passe', 'un-mot-de-passe-quelconque');
      // throttled only now, with the form ready: the wait cannot run out while a loaded machine opens the page
      await throttle(login, 4);
      const [resp] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST'),
        page.click('#formulaire-connexion button[type="submit"]'),
      ]);
      assert.equal(resp.status(), 429);
      const alertBox = page.locator('.plam-notices .fr-alert--error');
      await alertBox.waitFor();
      assert.match(await alertBox.textContent(), /Trop de tentatives ; réessayez dans \d+ secondes?\./);
      assert.equal(await horizontalOverflow(page), 0);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}
