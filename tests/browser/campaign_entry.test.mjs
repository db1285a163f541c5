// Campaign entry and empty committee workbooks (issue 9, item 10), in a real
// browser against the real server (demo data), at 1280 and 320 px:
// - the post form's "Site" list holds only the organisations that can host a
//   post in the campaign's région (GET /api/campaigns/{id}/sites: no
//   "Étudiants", no "Employeurs", no other région), and an empty post form
//   marks every missing required field at once, not only the code;
// - a second candidate with a rank already held is refused, the message under
//   the rank field naming who holds it;
// - a candidate's result names each post by its title (with its code) and
//   shows the seniority and rank that ordered the candidates;
// - /comite.html offers no empty workbook: a committee without any row (the
//   BFC département committees) says why instead of a download link.
// axe-core finds no serious violation and nothing scrolls sideways.
// Screenshots go to build/screenshots/campagne-saisie-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import {
  launch, newPage, open, loginForm, axeSerious, horizontalOverflow, screenshot, describeViolations, waitFor,
  DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const STAFF = DEMO_USERS.find((u) => u.role === 'staff');
const INTERN = DEMO_USERS.find((u) => u.login === 'interne');
const norm = (s) => String(s).replace(/[\u202f\u00a0]/g, ' ');

let server;
let browser;
let demo;
let sites;
before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
  // The intern's wishes and a simulation, through the API.
  const session = async (user) => {
    const r = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: user.login, password: user.password }) });
    assert.equal(r.status, 200);
    const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = (await r.json()).data.csrf_token;
    return (method, path, body) => fetch(server.url + path, { method, headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf, Origin: server.url }, body: body ? JSON.stringify(body) : undefined });
  };
  const staff = await session(STAFF);
  const intern = await session(INTERN);
  demo = (await (await staff('GET', '/api/campaigns')).json()).data.find((c) => /démonstration/i.test(c.title));
  sites = (await (await staff('GET', `/api/campaigns/${demo.id}/sites`)).json()).data;
  const posts = (await (await staff('GET', `/api/campaigns/${demo.id}/posts`)).json()).data;
  const id = (code) => posts.find((p) => p.code === code).id;
  assert.equal((await intern('PUT', `/api/campaigns/${demo.id}/wishes`, { posts: [id('NAN-PED-1'), id('SAR-GER-1')] })).status, 200);
  assert.equal((await staff('POST', `/api/campaigns/${demo.id}/runs`, { round: 'simulation' })).status, 201);
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function checkPage(page, name) {
  await screenshot(page, name);
  const v = await axeSerious(page);
  assert.deepEqual(v, [], describeViolations(v));
  assert.ok(await horizontalOverflow(page) <= 0, 'no sideways scroll');
}

for (const viewport of [DESKTOP, MOBILE]) {
  const tag = viewport.width;
  test(`post and candidate forms (${tag} px)`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, STAFF);
      await open(page, `/campagne.html?id=${demo.id}`);
      await waitFor(page, '#nouveau-poste');
      const offered = await page.locator('#nouveau-poste select[data-plam="sites"] option').evaluateAll((n) => n.filter((o) => o.value).map((o) => o.textContent));
      assert.deepEqual(offered, sites.map((s) => s.name));
      for (const bad of ['Étudiants', 'Employeurs', 'CHU']) assert.ok(!offered.includes(bad), `${bad} is not offered`);
      assert.ok(offered.includes('CHU de Nantes'));
      // empty form: every missing required field at once
      await page.fill('#nouveau-poste input[name="capacity"]', '');
      await page.click('#nouveau-poste button[type="submit"]');
      const invalid = await page.locator('#nouveau-poste [aria-invalid="true"]').evaluateAll((n) => n.map((x) => x.name));
      assert.deepEqual(invalid, ['code', 'label', 'org_id', 'territory_id', 'capacity']);
      assert.equal(await page.evaluate(() => document.activeElement.name), 'code', 'the first missing field has the focus');
      await checkPage(page, `campagne-saisie-poste-${tag}`);
      // a rank already held
      await page.fill('#nouveau-candidat input[name="name"]', `Doublon ${tag}`);
      await page.fill('#nouveau-candidat input[name="rank"]', '1');
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/campaigns/${demo.id}/candidates`) && r.request().method() === 'POST'),
        page.click('#nouveau-candidat button[type="submit"]'),
      ]);
      const rank = page.locator('#nouveau-candidat input[name="rank"]');
      await page.waitForFunction(() => document.querySelector('#nouveau-candidat input[name="rank"]').getAttribute('aria-invalid') === 'true');
      const msg = norm(await page.locator(`#${await rank.getAttribute('id')}-messages`).textContent());
      assert.match(msg, /le rang 1 est déjà celui de « Interne A \(démo\) »/);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });

  test(`a candidate's result names posts by title and shows the priority (${tag} px)`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, INTERN);
      await open(page, `/campagne.html?id=${demo.id}`);
      await waitFor(page, '#mon-resultat [data-plam="priorite"]');
      const text = norm(await page.locator('#mon-resultat').textContent());
      assert.match(text, /Poste obtenu : Gériatrie — EHPAD de démonstration \(Sarthe\) \(SAR-GER-1\), votre vœu 2\./);
      assert.match(text, /au poste « Gériatrie — EHPAD de démonstration \(Sarthe\) » \(SAR-GER-1\)/);
      assert.match(text, /Votre ancienneté : 2 semestre\(s\) validé\(s\) ; votre rang de classement : 3\./);
      assert.match(text, /vœu 1 \(« Pédiatrie — CHU de Nantes », NAN-PED-1\) : 1 place/);
      assert.match(text, /vœu 1 — Pédiatrie — CHU de Nantes \(NAN-PED-1\) :/);
      await checkPage(page, `campagne-saisie-resultat-${tag}`);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });

  test(`committee workbooks without a row are not offered; the page says why (${tag} px)`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await loginForm(page, STAFF);
      await open(page, '/comite.html');
      await waitFor(page, '#choix-comite');
      const options = await page.locator('#choix-comite option').evaluateAll((n) => n.filter((o) => o.value).map((o) => ({ value: o.value, text: o.textContent })));
      assert.ok(options.length >= 8, JSON.stringify(options));
      assert.ok(options.every((o) => /aucune ligne : classeur vide/.test(o.text)), 'the demo committees have no row');
      await page.selectOption('#choix-comite', options[0].value);
      await page.click('#formulaire-comite button[type="submit"]');
      await waitFor(page, '[data-plam="comite-vide"]');
      assert.match(norm(await page.textContent('[data-plam="comite-vide"]')), /n’est suivi sur .* : aucun n’y est décliné par département/);
      assert.equal(await page.locator('#telecharger-classeur').count(), 0, 'no empty file offered');
      assert.equal(await page.locator('#formulaire-depot').count(), 0, 'nothing to upload');
      await checkPage(page, `campagne-saisie-comite-${tag}`);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}
