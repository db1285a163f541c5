// Internships (issue 12) in a real browser against the real server (demo
// data), at 1280 and 320 px: an intern fills the evaluation grid of an
// internship (evaluation.html) with the keyboard-free controls a phone offers,
// is told their answer is saved and that the comment will be read first, and
// the internship no longer offers a grid; staff open stages.html (sites,
// results under the >= 5 rule, alerts, reviews, tools) and a partner sees the
// results without the alerts. axe-core finds no serious violation and nothing
// scrolls sideways. Screenshots go to build/screenshots/stages-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import {
  launch, newPage, open, loginForm, screenshot, checkScreen, waitFor,
  DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const STAFF = DEMO_USERS.find((u) => u.role === 'staff');
const INTERN = DEMO_USERS.find((u) => u.login === 'interne');
const PARTNER = DEMO_USERS.find((u) => u.role === 'partner');

let server;
let browser;
let staffApi;
before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
  const r = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: STAFF.login, password: STAFF.password }) });
  assert.equal(r.status, 200);
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = (await r.json()).data.csrf_token;
  staffApi = (method, path, body) => fetch(server.url + path, { method, headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf, Origin: server.url }, body: body ? JSON.stringify(body) : undefined });
  // a second internship to evaluate, so each screen width fills one grid
  const sites = (await (await staffApi('GET', '/api/intern/sites')).json()).data;
  const site = sites.find((s) => s.label === 'Pédiatrie');
  assert.equal((await staffApi('POST', `/api/intern/sites/${site.id}/assignments`, { semester: '2026-05', login: 'interne' })).status, 201);
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

for (const viewport of [DESKTOP, MOBILE]) {
  const tag = viewport.width;
  test(`an intern fills the evaluation grid (${tag} px)`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, INTERN);
      // the home page leads to the grid
      assert.ok(await page.locator('a[href="/evaluation.html"]').count() >= 1, 'a link to the grid on the home page');
      await open(page, '/evaluation.html');
      await waitFor(page, '#grille-evaluation');
      const offered = await page.locator('#grille-evaluation select[name="internship"] option').count();
      assert.equal(offered, tag === 1280 ? 2 : 1);
      await checkScreen(page, 'stages-grille', viewport);
      // a missing answer is named under its field
      await page.click('#grille-evaluation button[type="submit"]');
      await page.waitForSelector('#grille-evaluation [aria-invalid="true"]');
      await page.selectOption('#grille-evaluation select[name="supervision"]', '3');
      await page.selectOption('#grille-evaluation select[name="conditions"]', '3');
      await page.fill('#grille-evaluation input[name="hours"]', '52');
      await page.check('#grille-evaluation input[name="rest_taken"][value="0"]', { force: true });
      await page.fill('#grille-evaluation input[name="training_half_days"]', '1');
      await page.selectOption('#grille-evaluation select[name="non_medical"]', '2');
      await page.selectOption('#grille-evaluation select[name="respect"]', '4');
      await page.fill('#grille-evaluation textarea[name="comment"]', `Bonne équipe, gardes lourdes (${tag} px).`);
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/intern/evaluations') && r.request().method() === 'POST' && r.status() === 201),
        page.click('#grille-evaluation button[type="submit"]'),
      ]);
      await page.waitForSelector('.fr-alert--success');
      assert.match(await page.locator('.fr-alert--success').textContent(), /commentaire sera relu avant publication/);
      await checkScreen(page, 'stages-grille-envoyee', viewport);
    } finally {
      await context.close();
    }
  });

  test(`the IPA offers on a map of the région's départements, the list kept (${tag} px)`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, INTERN);
      await open(page, '/stages.html');
      const map = page.locator('#offres-ipa svg[role="img"]');
      await map.waitFor();
      // an image with its title and a description that says what it shows, département by département
      const titleId = (await map.getAttribute('aria-labelledby')).split(' ')[0];
      assert.equal(await page.locator(`[id="${titleId}"]`).textContent(), 'Carte des offres de stage IPA — Pays de la Loire');
      const desc = await map.locator('desc').textContent();
      assert.match(desc, /Carte des 5 départements de la région Pays de la Loire ; 1 offre\(s\)/);
      assert.match(desc, /Vendée \(85\) : 1 offre\(s\), \d+ place\(s\) par semestre/);
      assert.match(desc, /Sarthe \(72\) : aucune offre/);
      // the five départements drawn from their communes, Vendée in blue with its numbered circle
      const deps = await map.locator('path[data-departement]').evaluateAll((ps) => ps.map((p) => [p.getAttribute('data-departement'), p.getAttribute('fill'), (p.getAttribute('d').match(/M/g) || []).length]));
      assert.deepEqual(deps.map((d) => d[0]).sort(), ['DEP-44', 'DEP-49', 'DEP-53', 'DEP-72', 'DEP-85']);
      assert.ok(deps.every((d) => d[2] > 100), 'each département has its communes');
      assert.deepEqual(deps.filter((d) => d[1] === '#6a6af4').map((d) => d[0]), ['DEP-85']);
      assert.equal(await map.locator('circle[data-offres]').count(), 1);
      // it fits the screen, is tall enough to read, and the Vendée (south-west) lies below and left of the Sarthe (east)
      const box = await map.boundingBox();
      // (on a phone it takes most of the width; on a wide screen it stops at 40rem so the list below stays in view)
      assert.ok(box.width <= viewport.width && box.width > Math.min(viewport.width * 0.6, 480) && box.width <= 640, `width ${box.width}`);
      assert.ok(box.height > box.width * 0.5, `height ${box.height}`);
      const centre = async (id) => map.locator(`[data-departement-label="${id}"] text`).first().boundingBox();
      const [v, sa] = [await centre('DEP-85'), await centre('DEP-72')];
      assert.ok(v.y > sa.y && v.x < sa.x, 'Vendée south-west of Sarthe');
      // the list stays, after the map, as the accessible alternative
      assert.match(await page.locator('#liste-offres-ipa').textContent(), /Vendée/);
      await map.screenshot({ path: `build/screenshots/stages-carte-ipa-${tag}.png` });
      await checkScreen(page, 'stages-ipa', viewport);
    } finally {
      await context.close();
    }
  });

  test(`staff and partner pages of the internship sites (${tag} px)`, { timeout: 120000 }, async () => {
    for (const [user, alerts] of [[STAFF, true], [PARTNER, false]]) {
      const { context, page } = await newPage(browser, server.url, viewport);
      try {
        await loginForm(page, user);
        await open(page, '/stages.html');
        await waitFor(page, '#terrains table');
        assert.equal(await page.locator('#alertes').count(), alerts ? 1 : 0);
        // the accreditation end date reads the French way (31/10/2027), not as an ISO date
        assert.match(await page.locator('#terrains tbody tr').first().textContent(), /\d{2}\/\d{2}\/\d{4}/);
        assert.doesNotMatch(await page.locator('#terrains tbody').textContent(), /\d{4}-\d{2}-\d{2}/);
        assert.equal(await page.locator('#liste-offres-ipa li').first().textContent().then((t) => /Vendée|DEP-85/.test(t)), true);
        // results of the médecine interne site: the year only (6 + 3 answers)
        const sites = (await (await staffApi('GET', '/api/intern/sites')).json()).data;
        await page.selectOption('#resultats select[name="site"]', String(sites.find((s) => s.label === 'Médecine interne').id));
        await page.click('#resultats button');
        await waitFor(page, '#resultats-terrain table');
        const cells = await page.locator('#resultats-terrain tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent));
        assert.match(cells[0], /2024-2025\s*9/);
        assert.match(cells[1], /Non publié/);
        assert.match(cells[2], /Non publié/);
        await checkScreen(page, `stages-${user.role}`, viewport);
      } finally {
        await context.close();
      }
    }
  });
}
