// Campaign pages in a real browser against the real server (demo data):
// the demo intern orders their wishes with the "Monter"/"Descendre" buttons
// and the keyboard, staff run a simulation, the intern then sees their own
// result and explanation; axe-core finds no serious or critical violation
// at 1280 and 320 px and nothing scrolls sideways at 320 px. Screenshots go
// to build/screenshots/campagne-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveDemo, open, loginForm, axeSerious, horizontalOverflow, screenshot, describeViolations, waitFor, DEMO_USERS,
  DESKTOP, MOBILE,
} from './browser.mjs';

const STAFF = DEMO_USERS.find((u) => u.role === 'staff');
const INTERN = DEMO_USERS.find((u) => u.role === 'intern');
const EMPLOYER = DEMO_USERS.find((u) => u.role === 'employer');

const demo = serveDemo();

async function demoCampaignHref(page) {
  await open(page, '/campagnes.html');
  const link = page.locator('#liste-campagnes a', { hasText: 'Choix de stage des internes' }).first();
  return link.getAttribute('href');
}

const wishOrder = (page) => page.$$eval('#mes-voeux > li', (lis) => lis.map((li) => li.querySelector('strong').textContent));

test('an intern orders wishes with buttons and keys, staff run a simulation, the intern sees their result', { timeout: 120000 }, async () => {
  const intern = await demo.newPage();
  const staff = await demo.newPage();
  try {
    await loginForm(intern.page, INTERN);
    const href = await demoCampaignHref(intern.page);
    assert.match(href, /^\/campagne\.html\?id=\d+$/);
    await open(intern.page, href);
    await waitFor(intern.page, '#autres-postes');
    const p = intern.page;
    // eligibility: the intern's own specialty, and the rule of the paediatrics post
    assert.match(await p.textContent('#mon-eligibilite'), /Votre phase : .* ; votre spécialité : Pédiatrie\./);
    assert.match(await p.textContent('#autres-postes'), /NAN-PED-1[\s\S]*réservé à la spécialité « Pédiatrie »/);
    // add the three posts in list order
    for (let i = 0; i < 3; i += 1) await p.locator('#autres-postes [data-plam-add]').first().click();
    let order = await wishOrder(p);
    assert.equal(order.length, 3);
    assert.match(order[0], /^Vœu 1 : /);
    const first = order[0].replace(/^Vœu 1 : /, '');
    // "Descendre" on the first wish: it becomes the second, focus follows it
    await p.locator('#mes-voeux > li').first().locator('[data-plam-move="down"]').click();
    order = await wishOrder(p);
    assert.equal(order[1], `Vœu 2 : ${first}`);
    assert.equal(await p.evaluate(() => document.activeElement.getAttribute('data-plam-move')), 'down');
    // the live region is filled a moment after the move (so screen readers re-read it): wait for it
    await p.waitForFunction(() => /position 2/.test(document.querySelector('#annonces')?.textContent || ''), null, { timeout: 10000 });
    assert.match(await p.textContent('#annonces'), /position 2/);
    // keyboard: focus the item and press ArrowUp
    await p.locator('#mes-voeux > li').nth(1).focus();
    await p.keyboard.press('ArrowUp');
    order = await wishOrder(p);
    assert.equal(order[0], `Vœu 1 : ${first}`);
    // the wanted order: SAR-GER-1 first (its label starts with the code)
    while (!(await wishOrder(p))[0].includes('SAR-GER-1')) {
      const idx = (await wishOrder(p)).findIndex((t) => t.includes('SAR-GER-1'));
      await p.locator('#mes-voeux > li').nth(idx).locator('[data-plam-move="up"]').click();
    }
    await p.click('#enregistrer-voeux');
    await waitFor(p, '.plam-notices .fr-alert--success');
    assert.match(await p.textContent('.plam-notices'), /3/);
    assert.deepEqual(p.problems, []);

    await loginForm(staff.page, STAFF);
    await open(staff.page, href);
    await waitFor(staff.page, '#lancer-simulation');
    await staff.page.click('#lancer-simulation');
    await waitFor(staff.page, '#statistiques');
    assert.match(await staff.page.textContent('.plam-notices'), /Simulation : résultat enregistré/);
    assert.match(await staff.page.textContent('#statistiques'), /Sarthe/);
    assert.deepEqual(staff.page.problems, []);

    await open(p, href);
    await waitFor(p, '#mon-resultat .fr-alert');
    const summary = await p.textContent('#mon-resultat .fr-alert');
    // the post by its title, then its code
    assert.match(summary, /Simulation \(résultat provisoire\) : vous êtes affecté\(e\) au poste « Gériatrie — EHPAD de démonstration \(Sarthe\) » \(SAR-GER-1\), votre vœu 1/);
    assert.doesNotMatch(await p.textContent('#mon-resultat'), /Interne [A-D]/);
  } finally {
    await intern.context.close();
    await staff.context.close();
  }
});

const PAGES = [
  { name: 'liste-interne', who: INTERN, path: '/campagnes.html', ready: '#liste-campagnes table' },
  { name: 'campagne-interne', who: INTERN, campaign: true, ready: '#mon-resultat' },
  { name: 'liste-equipe', who: STAFF, path: '/campagnes.html', ready: '#nouvelle-campagne' },
  { name: 'campagne-equipe', who: STAFF, campaign: true, ready: '#nouveau-candidat' },
  { name: 'campagne-site', who: EMPLOYER, campaign: true, ready: 'table' },
];

for (const viewport of [DESKTOP, MOBILE]) {
  const label = viewport === MOBILE ? 'mobile' : 'bureau';
  test(`campaign pages: axe-core and layout at ${viewport.width} px`, { timeout: 240000 }, async (t) => {
    const sessions = new Map();
    try {
      for (const pg of PAGES) {
        await t.test(`${pg.name} (${viewport.width} px)`, async () => {
          if (!sessions.has(pg.who.login)) {
            const s = await demo.newPage(viewport);
            await loginForm(s.page, pg.who);
            sessions.set(pg.who.login, s);
          }
          const { page } = sessions.get(pg.who.login);
          page.problems.length = 0;
          const url = pg.campaign ? await demoCampaignHref(page) : pg.path;
          const res = await open(page, url);
          assert.equal(res.status(), 200);
          await waitFor(page, pg.ready);
          const violations = await axeSerious(page);
          await screenshot(page, `campagne-${pg.name}-${label}`);
          assert.equal(violations.length, 0, describeViolations(violations));
          if (viewport === MOBILE) assert.ok(await horizontalOverflow(page) <= 0, `${pg.name} scrolls horizontally at 320 px`);
          assert.equal(await page.locator('main#contenu h1').count(), 1, 'one h1 in main');
          assert.deepEqual(page.problems, []);
        });
      }
    } finally {
      for (const { context } of sessions.values()) await context.close();
    }
  });
}
