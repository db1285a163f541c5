// What a new user sees (issue 9, items 4–7), in a real browser against the
// real server (demo data), at 1280 and 320 px:
// - every main page of each role's journey shows no technical text ("null",
//   "undefined", "[object …]", "NaN", a seed file name such as
//   "003_ed117161373012df.txt") and every visible button has a readable
//   label (not an icon alone, not a label clipped out of the button);
// - what the sources do not say is not shown as known: no source gives an
//   action's status ("Statut non renseigné", not "À venir"), BFC action
//   numbers are plam's ("réf. interne 1.1"), and qualifiers stay with their
//   figures ("au moins 20 %", "au moins 6 projets", "au moins 80 000 000 €",
//   "environ 11 000 000 €");
// - the demo data says what the seeds say: "professionnels de santé" act on
//   sheet 2.2, the IPA committee was set up "début 2021", the first BFC COPIL
//   had "les deux rectorats", the "plus de 80 millions" have no single
//   funder, one organisation record per région;
// - units agree with their number ("1 poste"), the campaign's run buttons say
//   what they do and the final round asks for confirmation.
// Screenshots go to build/screenshots/connu-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import {
  launch, newPage, open, loginForm, screenshot, visibleProblems, waitFor, ADMIN, DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const user = (login) => (login === 'admin' ? ADMIN : DEMO_USERS.find((u) => u.login === login));
const norm = (s) => String(s).replace(/[\u202f\u00a0]/g, ' ');

let server;
let browser;
let ids; // plans, actions and indicators of the demo, found through the API
before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
  const get = async (path) => (await (await fetch(server.url + path)).json()).data;
  const plans = await get('/api/plans');
  const plan = async (slug) => get(`/api/plans/${plans.find((p) => p.slug === slug).id}`);
  const [pdl, bfc, bzh] = await Promise.all([plan('pdl-plam-2022'), plan('bfc-mobilisation-2023'), plan('bzh-attractivite')]);
  const actions = (p) => p.axes.flatMap((a) => a.actions);
  const action = (p, n) => actions(p).find((a) => a.number === n);
  const indicator = (p, code) => actions(p).flatMap((a) => a.indicators).find((i) => i.code === code);
  ids = {
    pdl, bfc, bzh,
    pdl22: action(pdl, '2.2'), pdl33: action(pdl, '3.3'), bfc11: action(bfc, '1.1'),
    ruptures: indicator(pdl, 'pdl-2.4-ruptures-ifsi'), projets: indicator(pdl, 'pdl-3.3-nouveaux-projets'),
    peripherie: indicator(pdl, 'pdl-3.3-postes-peripherie'),
  };
  for (const [k, v] of Object.entries(ids)) assert.ok(v, `demo data: ${k}`);
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// The main pages of each role's journey (null: anonymous).
function journeys() {
  const { pdl, bfc, bzh } = ids;
  const planPages = (p) => [`/plan.html?id=${p.id}`, `/gouvernance.html?plan=${p.id}`, `/budget.html?plan=${p.id}`];
  return [
    [null, ['/', '/plans.html', ...planPages(pdl), ...planPages(bfc), ...planPages(bzh),
      `/action.html?id=${ids.pdl22.id}&plan=${pdl.id}`, `/action.html?id=${ids.bfc11.id}&plan=${bfc.id}`,
      `/indicateur.html?id=${ids.ruptures.id}`, `/indicateur.html?id=${ids.projets.id}`, `/indicateur.html?id=${ids.peripherie.id}`,
      '/connexion.html']],
    ['staff', ['/', `/plan.html?id=${pdl.id}`, `/gouvernance.html?plan=${pdl.id}`, `/gouvernance.html?plan=${bfc.id}`,
      `/budget.html?plan=${bfc.id}`, `/validation.html?plan=${pdl.id}`, `/contributions.html?plan=${pdl.id}`,
      `/action.html?id=${ids.pdl33.id}&plan=${pdl.id}`, '/campagnes.html', '/campagne.html?id=1', '/comite.html',
      `/donnees.html?plan=${pdl.id}`, '/compte.html']],
    ['admin', ['/', '/admin/utilisateurs.html', '/admin/organisations.html', '/admin/journal.html']],
    ['pilote', ['/', `/plan.html?id=${pdl.id}`, '/comite.html', '/organisation.html', '/compte.html']],
    ['partenaire', ['/', `/contributions.html?plan=${pdl.id}`, '/organisation.html']],
    ['employeur', ['/', '/campagnes.html', '/compte.html']],
    ['candidat', ['/', '/campagnes.html']],
    ['institut', ['/', '/campagnes.html']],
    ['interne', ['/', '/campagnes.html', '/campagne.html?id=1']],
    ['collectivite', ['/', '/compte.html']],
  ];
}

const SEED_FILE = /\b\d{3}_[0-9a-f]{16}\.txt\b/;

for (const viewport of [DESKTOP, MOBILE]) {
  test(`no technical text and no button without a readable label on the journeys at ${viewport.width} px`, { timeout: 600000 }, async () => {
    const found = [];
    for (const [login, pages] of journeys()) {
      const { context, page } = await newPage(browser, server.url, viewport);
      try {
        if (login) await loginForm(page, user(login));
        for (const url of pages) {
          await open(page, url);
          const { words, buttons } = await visibleProblems(page);
          const text = await page.evaluate(() => document.body.innerText);
          const seed = SEED_FILE.exec(text);
          for (const w of words) found.push(`${login || 'public'} ${url}: « ${w} »`);
          for (const b of buttons) found.push(`${login || 'public'} ${url}: button without a readable label ${b}`);
          if (seed) found.push(`${login || 'public'} ${url}: seed file name « ${seed[0]} » instead of the document's title`);
          assert.deepEqual(page.problems, [], `${url}: ${page.problems.join('\n')}`);
        }
      } finally {
        await context.close();
      }
    }
    assert.deepEqual(found, []);
  });
}

test('statuses, numbers and qualifiers the sources do not give are not shown as known', { timeout: 180000 }, async () => {
  for (const viewport of [DESKTOP, MOBILE]) {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      const w = viewport.width;
      // BFC: no status in any source, numbers given by plam
      await open(page, `/plan.html?id=${ids.bfc.id}`);
      await page.click('[data-plam="axes-deplier"]'); // the axes open folded
      const cards = page.locator('.plam-action-card');
      const n = await cards.count();
      assert.ok(n >= 8, 'the BFC actions are listed');
      for (let i = 0; i < n; i += 1) {
        // the accordions open with a transition: read each card once it is shown
        await cards.nth(i).locator('.plam-badges').waitFor({ state: 'visible' });
        const badges = norm(await cards.nth(i).locator('.plam-badges').innerText());
        assert.match(badges, /statut non renseigné/i, `card ${i}: ${badges}`);
        assert.doesNotMatch(badges, /à venir/i);
      }
      const heading = norm(await page.locator(`[data-plam-action-id="${ids.bfc11.id}"] h4`).innerText());
      assert.match(heading, /\(réf\. interne 1\.1\)$/, heading);
      assert.doesNotMatch(heading, /^1\.1/);
      // the money of the plan keeps "plus de" and "près de"
      const money = norm(await page.locator('#tableau-financeurs').innerText());
      assert.match(money, /au moins 80 000 000 €/);
      assert.match(money, /environ 11 000 000 €/);
      await screenshot(page, `connu-plan-bfc-${w}`);
      // the action page says the number is plam's
      await open(page, `/action.html?id=${ids.bfc11.id}&plan=${ids.bfc.id}`);
      assert.match(norm(await page.locator('[data-plam="ref-interne"]').innerText()), /réf\. interne 1\.1 — .*la source ne numérote pas/);
      assert.doesNotMatch(norm(await page.locator('h1').innerText()), /1\.1/);
      assert.match(norm(await page.locator('#badges-action').innerText()), /statut non renseigné/i);
      // PDL: the source numbers its sheets
      await open(page, `/plan.html?id=${ids.pdl.id}#action-${ids.pdl22.id}`); // the anchor opens its axis
      assert.match(norm(await page.locator(`[data-plam-action-id="${ids.pdl22.id}"] h4`).innerText()), /^2\.2 — /);
      // "+ de 20 %" and "au moins 6" on the indicator pages
      await open(page, `/indicateur.html?id=${ids.ruptures.id}`);
      assert.match(norm(await page.locator('#tableau-valeurs').innerText()), /au moins 20 %/);
      await open(page, `/indicateur.html?id=${ids.projets.id}`);
      assert.match(norm(await page.locator('#tableau-cibles').innerText()), /au moins 6 projets/);
      await page.locator('details[data-plam="explication"] summary').first().click();
      assert.match(norm(await page.locator('details[data-plam="explication"]').first().innerText()), /au moins 6 au 31 mai 2023/);
      await screenshot(page, `connu-indicateur-${w}`);
      // budget lines: the qualifier and no invented funder
      await open(page, `/budget.html?plan=${ids.bfc.id}`);
      const lines = norm(await page.locator('#tableau-lignes').innerText());
      assert.match(lines, /crédits santé nationaux[^\n]*\n?[^\n]*Financeur non précisé/);
      assert.match(lines, /au moins 80 000 000 €/);
      assert.match(lines, /environ 11 000 000 €/);
    } finally {
      await context.close();
    }
  }
});

test('the demo data says what the seeds say', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, server.url, DESKTOP);
  try {
    await open(page, `/action.html?id=${ids.pdl22.id}&plan=${ids.pdl.id}`);
    assert.match(await page.locator('#tableau-partenaires').innerText(), /Professionnels de santé des Pays de la Loire/);
    await open(page, `/gouvernance.html?plan=${ids.pdl.id}`);
    const ipa = page.locator('section[data-plam-body]', { hasText: 'Comité de concertation régional IPA' });
    const ipaText = norm(await ipa.innerText());
    assert.match(ipaText, /début 2021/);
    assert.doesNotMatch(ipaText, /31 décembre 2021|31\/12\/2021/);
    await open(page, `/gouvernance.html?plan=${ids.bfc.id}`);
    const first = norm(await page.locator('tr', { hasText: 'Premier comité de pilotage' }).first().innerText());
    assert.match(first, /Les deux rectorats de Bourgogne-Franche-Comté/);
    await screenshot(page, 'connu-gouvernance-bfc-1280');
  } finally {
    await context.close();
  }
  // one organisation record per région: no name shared by two régions, one
  // Région and one France Travail per région
  const res = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const orgs = (await (await fetch(`${server.url}/api/organisations?limit=500`, { headers: { cookie } })).json()).data;
  const per = (kind, terr) => orgs.filter((o) => o.kind === kind && o.territory_id === terr).map((o) => o.name);
  for (const terr of ['REG-52', 'REG-27', 'REG-53']) {
    assert.ok(per('region', terr).length <= 1, `one Région record in ${terr}: ${per('region', terr)}`);
    assert.ok(per('france_travail', terr).length <= 1, `one France Travail record in ${terr}: ${per('france_travail', terr)}`);
  }
  const stem = (o) => o.name.toLowerCase().replace(/\s*(\(|de |des |du )?(pays de la loire|bourgogne-franche-comté|bretagne)\)?$/, '');
  for (const terr of ['REG-52', 'REG-27', 'REG-53']) {
    const names = orgs.filter((o) => o.territory_id === terr).map(stem);
    const dup = names.filter((x, i) => names.indexOf(x) !== i);
    assert.deepEqual(dup, [], `organisations named twice in ${terr}`);
  }
  assert.deepEqual(orgs.filter((o) => /^conseils départementaux$/i.test(o.name)).map((o) => o.territory_id), [],
    'no "Conseils départementaux" record shared by the régions');
});

test('units agree with their number, run buttons say what they do, the final round asks first', { timeout: 180000 }, async () => {
  for (const viewport of [DESKTOP, MOBILE]) {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      await open(page, `/indicateur.html?id=${ids.peripherie.id}`);
      const text = norm(await page.locator('#page').innerText());
      assert.doesNotMatch(text, /(^|[^\d,])1(,\d+)? postes/m, 'a value below 2 takes a singular unit');
      assert.match(text, /1 poste\b/);
      await loginForm(page, user('staff'));
      await open(page, '/campagne.html?id=1');
      const sim = page.locator('#lancer-simulation');
      const fin = page.locator('#lancer-definitif');
      assert.equal(norm(await sim.innerText()), 'Lancer une simulation');
      assert.equal(norm(await fin.innerText()), 'Lancer le tour définitif');
      for (const b of [sim, fin]) {
        const box = await b.boundingBox();
        assert.ok(box.width > 100, `the label is shown, not a ${box.width}-px icon`);
      }
      const runs = async () => (await page.locator('table', { hasText: 'Tours enregistrés' }).count()) ? page.locator('table', { hasText: 'Tours enregistrés' }).locator('tbody tr').count() : 0;
      const before = await runs();
      await fin.click();
      await waitFor(page, '#confirmer-definitif:not([hidden])');
      assert.match(norm(await page.locator('#confirmer-definitif').innerText()), /Confirmez-vous le tour définitif/);
      assert.equal(await runs(), before, 'the first click does not run the final round');
      await screenshot(page, `connu-campagne-${viewport.width}`);
      if (viewport === DESKTOP) {
        await page.locator('#confirmer-definitif button', { hasText: 'Annuler' }).click();
        await sim.click();
        await page.locator('.plam-notices .fr-alert').first().waitFor();
        const notice = norm(await page.locator('.plam-notices').innerText());
        assert.match(notice, /^Simulation : résultat enregistré, \d+ candidat\(s\) affecté\(s\)/);
      }
    } finally {
      await context.close();
    }
  }
});

test('the printable report says the same: unknown statuses, plam\'s numbers, qualifiers, no technical text', { timeout: 60000 }, async () => {
  for (const viewport of [DESKTOP, MOBILE]) {
    const { context, page } = await newPage(browser, server.url, viewport);
    try {
      const res = await page.goto(`/api/plans/${ids.bfc.id}/rapport.html`);
      assert.equal(res.status(), 200);
      const action = page.locator('article.rapport-action', { hasText: 'Cordées de la réussite' }).first();
      const text = norm(await action.innerText());
      assert.match(text, /^réf\. interne 1\.1 — /);
      assert.match(text, /Statut\s+Statut non renseigné/);
      assert.doesNotMatch(norm(await page.locator('body').innerText()), /À venir/);
      const { words, buttons } = await visibleProblems(page);
      assert.deepEqual([...words, ...buttons], []);
      await screenshot(page, `connu-rapport-bfc-${viewport.width}`);
      // a target's qualifier stays in the report ("Au moins 6 nouveaux projets")
      await page.goto(`/api/plans/${ids.pdl.id}/rapport.html`);
      assert.match(norm(await page.locator('article.rapport-action', { hasText: 'universitarisation' }).first().innerText()), /Finale au 31\/05\/2023 : au moins 6\b/);
    } finally {
      await context.close();
    }
  }
});
