// Site ranking in a junior doctors' campaign (deferred acceptance: posts rank
// candidates), in a real browser against the real server. Staff set up the
// campaign through the API (two posts, one of them at the demo employer's
// EHPAD; the demo intern and candidate ask for it); the employer orders the
// candidates for its post with the "Classer"/"Monter"/"Descendre" buttons and
// the arrow keys, and saves; staff run a simulation from the page; the
// candidate sees their provisional result and the intern the explanation of
// why the post went to someone else. axe-core finds no serious or critical
// violation on the site's, staff's and candidate's pages at 1280 and 320 px,
// and nothing scrolls sideways at 320 px. A second test drives the staff
// forms (reserved seats, CESP) and the CSV import with its error report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { Client } from '../lib/server.mjs';
import {
  launch, newPage, open, loginForm, axeSerious, horizontalOverflow, screenshot, describeViolations, waitFor,
  DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const user = (role) => DEMO_USERS.find((u) => u.role === role);
const STAFF = user('staff');
const INTERN = user('intern');
const CANDIDATE = user('candidate');
const EMPLOYER = user('employer');

let server;
let browser;
let campaign; // {id, href, ehpad, chu, interne, candidat}

async function api(who) {
  const c = new Client({ url: server.url });
  const r = await c.login(who.login, who.password);
  assert.equal(r.status, 200, r.text);
  return c;
}

/** Ticks or unticks a DSFR checkbox by clicking its label, as a user does. */
async function tick(page, sel, checked) {
  const id = await page.getAttribute(sel, 'id');
  if ((await page.isChecked(sel)) !== checked) await page.click(`label[for="${id}"]`);
  assert.equal(await page.isChecked(sel), checked);
}

/** Waits until the page's notice area says what the test expects. */
function notice(page, re) {
  return page.waitForFunction((src) => new RegExp(src).test(document.querySelector('.plam-notices')?.textContent || ''), re.source, { timeout: 30000 });
}

async function ok(res, status = 200) {
  assert.equal(res.status, status, res.text);
  return res.json.data;
}

before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
  const staff = await api(STAFF);
  const c = await ok(await staff.post('/api/campaigns', { kind: 'junior_doctors', region: 'REG-52', title: 'Docteurs juniors — test de classement', seed: 11 }), 201);
  const org = async (q) => (await ok(await staff.get(`/api/organisations?q=${encodeURIComponent(q)}`)))[0].id;
  const ehpad = await ok(await staff.post(`/api/campaigns/${c.id}/posts`, { code: 'DJ-EHPAD-1', label: 'Gériatrie — EHPAD (Sarthe)', org_id: await org('EHPAD de démonstration'), territory_id: 'DEP-72', capacity: 1, fragile: true }), 201);
  const chu = await ok(await staff.post(`/api/campaigns/${c.id}/posts`, { code: 'DJ-CHU-1', label: 'Médecine interne — CHU de Nantes', org_id: await org('CHU de Nantes'), territory_id: 'DEP-44', capacity: 1 }), 201);
  const interne = await ok(await staff.post(`/api/campaigns/${c.id}/candidates`, { login: 'interne', rank: 1 }), 201);
  const candidat = await ok(await staff.post(`/api/campaigns/${c.id}/candidates`, { login: 'candidat', rank: 2 }), 201);
  await ok(await staff.patch(`/api/campaigns/${c.id}`, { status: 'wishes' }));
  await ok(await (await api(INTERN)).put(`/api/campaigns/${c.id}/wishes`, { posts: [ehpad.id, chu.id] }));
  await ok(await (await api(CANDIDATE)).put(`/api/campaigns/${c.id}/wishes`, { posts: [ehpad.id] }));
  campaign = { id: c.id, href: `/campagne.html?id=${c.id}`, ehpad, chu, interne, candidat };
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const rankingList = (page) => page.locator('ol[aria-label^="Classement du poste « DJ-EHPAD-1"]');
const rankingOrder = (page) => rankingList(page).locator('> li strong').allTextContents();

test('a site ranks candidates with buttons and keys; staff simulate; candidates see result and explanation', { timeout: 180000 }, async () => {
  const site = await newPage(browser, server.url);
  const staff = await newPage(browser, server.url);
  const cand = await newPage(browser, server.url);
  const intern = await newPage(browser, server.url);
  try {
    const p = site.page;
    await loginForm(p, EMPLOYER);
    await open(p, campaign.href);
    await waitFor(p, 'button[aria-label="Classer Interne (démo)"]');
    // only the site's own post gets a ranking section
    assert.equal(await p.locator('ol[aria-label^="Classement du poste « DJ-CHU-1"]').count(), 0);
    // rank both applicants in list order (by rank): the intern, then the candidate
    await p.click('button[aria-label="Classer Interne (démo)"]');
    assert.equal(await p.evaluate(() => document.activeElement.tagName), 'LI', 'focus moves to the new item');
    await p.click('button[aria-label="Classer Candidate (démo)"]');
    assert.deepEqual(await rankingOrder(p), ['1. Interne (démo)', '2. Candidate (démo)']);
    // "Monter" on the candidate: first; focus follows the moved button
    await rankingList(p).locator('> li').nth(1).locator('[data-plam-move="up"]').click();
    assert.deepEqual(await rankingOrder(p), ['1. Candidate (démo)', '2. Interne (démo)']);
    await p.waitForFunction(() => /position 1/.test(document.querySelector('#annonces')?.textContent || ''), null, { timeout: 10000 });
    // keyboard: ArrowDown on the first item, then ArrowUp on the second
    await rankingList(p).locator('> li').first().focus();
    await p.keyboard.press('ArrowDown');
    assert.deepEqual(await rankingOrder(p), ['1. Interne (démo)', '2. Candidate (démo)']);
    await rankingList(p).locator('> li').nth(1).focus();
    await p.keyboard.press('ArrowUp');
    assert.deepEqual(await rankingOrder(p), ['1. Candidate (démo)', '2. Interne (démo)']);
    await p.click('button:has-text("Enregistrer le classement")');
    await waitFor(p, '.plam-notices .fr-alert--success');
    assert.match(await p.textContent('.plam-notices'), /Classement enregistré \(2 candidat/);
    // what the server stored
    const rk = await ok(await (await api(EMPLOYER)).get(`/api/campaign-posts/${campaign.ehpad.id}/ranking`));
    assert.deepEqual(rk.ranking.map((x) => x.candidate_id), [campaign.candidat.id, campaign.interne.id]);
    // after a reload the saved order is shown
    await open(p, campaign.href);
    await waitFor(p, 'ol[aria-label^="Classement du poste"] > li');
    assert.deepEqual(await rankingOrder(p), ['1. Candidate (démo)', '2. Interne (démo)']);
    assert.deepEqual(p.problems, []);

    await loginForm(staff.page, STAFF);
    await open(staff.page, campaign.href);
    await waitFor(staff.page, '#lancer-simulation');
    await staff.page.click('#lancer-simulation');
    await waitFor(staff.page, '#statistiques');
    assert.match(await staff.page.textContent('.plam-notices'), /Simulation : résultat enregistré/);
    assert.deepEqual(staff.page.problems, []);

    await loginForm(cand.page, CANDIDATE);
    await open(cand.page, campaign.href);
    await waitFor(cand.page, '#mon-resultat .fr-alert');
    assert.match(await cand.page.textContent('#mon-resultat .fr-alert'), /Simulation \(résultat provisoire\) : vous êtes affecté\(e\) au poste « Gériatrie — EHPAD \(Sarthe\) » \(DJ-EHPAD-1\), votre vœu 1/);

    await loginForm(intern.page, INTERN);
    await open(intern.page, campaign.href);
    await waitFor(intern.page, '#mon-resultat [data-plam="explication"]');
    const why = await intern.page.textContent('#mon-resultat');
    assert.match(why, /Simulation \(résultat provisoire\) : aucun de vos vœux n'a pu être satisfait/);
    assert.match(why, /vœu 1 \(« Gériatrie — EHPAD \(Sarthe\) », DJ-EHPAD-1\) : 1 place, admis classé 1er, vous 2e/);
    assert.match(await intern.page.textContent('#mon-resultat [data-plam="postes-demandes"]'), /vœu 1 — Gériatrie — EHPAD \(Sarthe\) \(DJ-EHPAD-1\) : 1 place pourvue sur 1 : rang 2 ; admis classé 1er/);
    // posts by title, then code (the engine's sentences name codes only)
    assert.match(why, /vœu 2 \(« Médecine interne — CHU de Nantes », DJ-CHU-1\) : le poste ne vous a pas classé\(e\)/);
    assert.doesNotMatch(why, /Candidat \(démo\)/, 'other candidates appear by rank only');
    assert.deepEqual(cand.page.problems, []);
    assert.deepEqual(intern.page.problems, []);
  } finally {
    for (const s of [site, staff, cand, intern]) await s.context.close();
  }
});

test('staff forms: reserved seats and CESP fields, CSV import with its error report', { timeout: 120000 }, async () => {
  const staff = await newPage(browser, server.url);
  try {
    const p = staff.page;
    await loginForm(p, STAFF);
    await open(p, campaign.href);
    await waitFor(p, '#nouveau-poste');
    // reserved seats above the capacity: the error is attached to the field
    await p.fill('#nouveau-poste input[name="code"]', 'DJ-FORM-1');
    await p.fill('#nouveau-poste input[name="label"]', 'Poste saisi au formulaire');
    await p.selectOption('#nouveau-poste select[name="org_id"]', { label: 'CHU de Nantes' });
    await p.selectOption('#nouveau-poste select[name="territory_id"]', { label: 'Loire-Atlantique' });
    await p.fill('#nouveau-poste input[name="phase"]', 'socle');
    await p.fill('#nouveau-poste input[name="specialty"]', 'Pédiatrie');
    await p.fill('#nouveau-poste input[name="capacity"]', '1');
    await p.fill('#nouveau-poste input[name="reserved_seats"]', '2');
    await tick(p, '#nouveau-poste input[name="cesp_only"]', true);
    await p.click('#nouveau-poste button[type="submit"]');
    await waitFor(p, '#nouveau-poste input[name="reserved_seats"][aria-invalid="true"]');
    const describedBy = await p.getAttribute('#nouveau-poste input[name="reserved_seats"]', 'aria-describedby');
    assert.match(await p.textContent(`#${describedBy}`), /ne peuvent dépasser la capacité/);
    await p.fill('#nouveau-poste input[name="reserved_seats"]', '1');
    await p.click('#nouveau-poste button[type="submit"]');
    await notice(p, /Poste « DJ-FORM-1 » ajouté/);
    const staffApi = await api(STAFF);
    const post = (await ok(await staffApi.get(`/api/campaigns/${campaign.id}/posts`))).find((x) => x.code === 'DJ-FORM-1');
    assert.deepEqual([post.phase, post.specialty, post.reserved_seats, post.cesp_only], ['socle', 'Pédiatrie', 1, true]);

    // a candidate without account, CESP signatory, not of the subdivision
    await p.fill('#nouveau-candidat input[name="name"]', 'Docteur Sans Compte');
    await p.fill('#nouveau-candidat input[name="rank"]', '3');
    await p.fill('#nouveau-candidat input[name="phase"]', 'socle');
    await p.fill('#nouveau-candidat input[name="specialty"]', 'Pédiatrie');
    await tick(p, '#nouveau-candidat input[name="cesp"]', true);
    await tick(p, '#nouveau-candidat input[name="subdivision"]', false);
    await p.click('#nouveau-candidat button[type="submit"]');
    await notice(p, /Candidat « Docteur Sans Compte » ajouté/);
    const k = (await ok(await staffApi.get(`/api/campaigns/${campaign.id}/candidates`))).find((x) => x.name === 'Docteur Sans Compte');
    assert.deepEqual([k.user_id, k.cesp, k.subdivision, k.rank, k.phase, k.specialty], [null, true, false, 3, 'socle', 'Pédiatrie']);

    // CSV import: a file with errors shows them by row and column, nothing changes
    const before = (await ok(await staffApi.get(`/api/campaigns/${campaign.id}/posts`))).length;
    const bad = 'code;libellé;organisation;territoire;capacité\nDJ-CSV-1;Poste CSV;CHU de Nantes;DEP-44;deux\nDJ-CSV-2;Poste CSV;Inconnue;DEP-44;1\n';
    await p.setInputFiles('[data-plam="csv-posts"] input[type="file"]', { name: 'postes.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await p.click('[data-plam-import="posts"]');
    await waitFor(p, '[data-plam="rapport-posts"] table');
    const report = await p.textContent('[data-plam="rapport-posts"]');
    assert.match(report, /Le fichier contient 2 erreurs : rien n'a été importé/);
    assert.match(report, /capacité \(colonne 5\)/);
    assert.match(report, /organisation « Inconnue » inconnue/);
    assert.equal(await p.evaluate(() => document.activeElement.closest('[data-plam="rapport-posts"]') !== null), true, 'focus on the report');
    assert.equal((await ok(await staffApi.get(`/api/campaigns/${campaign.id}/posts`))).length, before);
    const violations = await axeSerious(p);
    assert.equal(violations.length, 0, describeViolations(violations));
    // a good file is imported
    const good = 'code;libellé;organisation;territoire;capacité;réservé CESP\nDJ-CSV-1;Poste CSV;CHU de Nantes;DEP-44;2;oui\n';
    await p.setInputFiles('[data-plam="csv-posts"] input[type="file"]', { name: 'postes.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await p.click('[data-plam-import="posts"]');
    await notice(p, /Fichier importé/);
    assert.match(await p.textContent('.plam-notices'), /1 ligne\(s\), 1 créée\(s\), 0 modifiée\(s\)/);
    // the notice comes first, then the page redraws its lists: the new post appears in the table
    await p.locator('td', { hasText: 'DJ-CSV-1' }).first().waitFor({ timeout: 30000 });
    assert.deepEqual(p.problems, []);
  } finally {
    await staff.context.close();
  }
});

const PAGES = [
  { name: 'site', who: EMPLOYER, ready: 'ol[aria-label^="Classement du poste"] > li' },
  { name: 'equipe', who: STAFF, ready: '[data-plam="csv-candidates"]' },
  { name: 'candidat', who: CANDIDATE, ready: '#mon-resultat' },
];

for (const viewport of [DESKTOP, MOBILE]) {
  const label = viewport === MOBILE ? 'mobile' : 'bureau';
  test(`junior doctors' campaign pages: axe-core and layout at ${viewport.width} px`, { timeout: 180000 }, async (t) => {
    for (const pg of PAGES) {
      await t.test(`${pg.name} (${viewport.width} px)`, async () => {
        const { context, page } = await newPage(browser, server.url, viewport);
        try {
          await loginForm(page, pg.who);
          const res = await open(page, campaign.href);
          assert.equal(res.status(), 200);
          await waitFor(page, pg.ready);
          const violations = await axeSerious(page);
          await screenshot(page, `classement-${pg.name}-${label}`);
          assert.equal(violations.length, 0, describeViolations(violations));
          if (viewport === MOBILE) assert.ok(await horizontalOverflow(page) <= 0, `${pg.name} scrolls horizontally at 320 px`);
          assert.equal(await page.locator('main#contenu h1').count(), 1, 'one h1 in main');
          assert.deepEqual(page.problems, []);
        } finally {
          await context.close();
        }
      });
    }
  });
}
