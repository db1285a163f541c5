// Home cards that lead where their words say, and the plan page's summary
// (issue 9, item 8), in a real browser against the real server (demo data),
// at 1280 and 320 px:
// - the pilot's "Mes fiches actions" opens their actions with what is due,
//   "Saisie des mesures" the entry of their indicators (each row links to the
//   action's value form), "Tableau de bord" their plan's summary;
// - staff cards say what waits (values to validate, contributions to answer)
//   and every staff card opens a page that works without a plan in the
//   address (a plan to choose, never "Aucun plan n'est indiqué");
// - the plan page opens on its summary (headline progress, actions by météo
//   and status, late items, values awaiting validation for staff, money with
//   unknown amounts said so) and its actions filter by axis, pilot, météo and
//   status, with labels and a count read out.
// Screenshots go to build/screenshots/travail-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import {
  launch, newPage, open, loginForm, checkScreen, waitFor,
  DEMO_USERS, DESKTOP, MOBILE,
} from './browser.mjs';

const STAFF = DEMO_USERS.find((u) => u.role === 'staff');
const PILOT = DEMO_USERS.find((u) => u.role === 'pilot');
const norm = (s) => String(s).replace(/[\u202f\u00a0]/g, ' ');

let server;
let browser;
let ids;
before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
  const get = async (path) => (await (await fetch(server.url + path)).json()).data;
  const plans = await get('/api/plans');
  const pdlRef = plans.find((p) => p.slug === 'pdl-plam-2022');
  const [pdl, dash] = await Promise.all([get(`/api/plans/${pdlRef.id}`), get(`/api/plans/${pdlRef.id}/dashboard`)]);
  const res = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: PILOT.login, password: PILOT.password }) });
  const me = (await res.json()).data.user;
  const actions = pdl.axes.flatMap((ax) => ax.actions.map((a) => ({ ...a, axis_id: ax.id })));
  const mine = [];
  for (const p of plans) {
    const plan = p.id === pdl.id ? pdl : await get(`/api/plans/${p.id}`);
    for (const ax of plan.axes) for (const a of ax.actions) if (a.partners.some((x) => x.org_id === me.org_id && (x.role === 'pilot' || x.role === 'copilot'))) mine.push(a);
  }
  ids = { plans, pdl, dash, me, actions, mine };
  assert.ok(mine.length > 0, 'the demo pilot pilots actions');
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const tileHref = (page, key) => page.getAttribute(`[data-plam-section="${key}"] a`, 'href');
const tileDetail = async (page, key) => norm(await page.locator(`[data-plam-section="${key}"] [data-plam="a-faire"]`).innerText());

for (const vp of [DESKTOP, MOBILE]) {
  test(`pilot: the home cards lead to their actions, the measurement entry and their plan (${vp.width} px)`, { timeout: 180000 }, async () => {
    const { page, context } = await newPage(browser, server.url, vp);
    try {
      await loginForm(page, PILOT);
      await waitFor(page, '[data-plam-section="myActions"] [data-plam="a-faire"]');
      assert.equal(await tileHref(page, 'myActions'), '/mes-actions.html');
      assert.equal(await tileHref(page, 'measurements'), '/mes-actions.html#saisie-mesures');
      assert.equal(await tileHref(page, 'dashboard'), `/plan.html?id=${ids.pdl.id}#synthese`);
      assert.match(await tileDetail(page, 'myActions'), new RegExp(`action\\(s\\) sur ${ids.mine.length} avec`));
      assert.match(await tileDetail(page, 'measurements'), /indicateur\(s\) à renseigner|Aucune valeur à saisir/);
      await checkScreen(page, 'travail-accueil-pilote', vp);

      // "Mes fiches actions": every action of the organisation, each with what is due
      await page.locator('[data-plam-section="myActions"] a').click();
      await page.waitForURL(/mes-actions\.html/);
      await waitFor(page, '[data-plam-my-action]');
      assert.equal(await page.locator('h1').innerText(), 'Mes fiches actions');
      const cards = page.locator('[data-plam-my-action]');
      assert.equal(await cards.count(), ids.mine.length);
      for (const a of ids.mine) {
        const card = page.locator(`[data-plam-my-action="${a.id}"]`);
        const text = norm(await card.innerText());
        assert.ok(/À faire/.test(text) || /Rien en attente/.test(text), text);
        if (a.status_known === false) assert.match(text, /Renseigner le statut/);
      }
      await checkScreen(page, 'travail-mes-actions', vp);

      // "Saisie des mesures": the indicators, each with a link to the value form
      await open(page, '/');
      await page.locator('[data-plam-section="measurements"] a').click();
      await page.waitForURL(/mes-actions\.html#saisie-mesures/);
      await waitFor(page, '#tableau-saisie');
      const nInd = ids.mine.reduce((n, a) => n + a.indicators.length, 0);
      assert.equal(await page.locator('#tableau-saisie tbody tr').count(), nInd);
      const link = page.locator('#tableau-saisie tbody a[href*="#formulaire-mesure"]').first();
      await link.click();
      await page.waitForURL(/action\.html/);
      await waitFor(page, '#formulaire-mesure');

      // "Tableau de bord": the plan's summary
      await open(page, '/');
      await page.locator('[data-plam-section="dashboard"] a').click();
      await waitFor(page, '#synthese');
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });

  test(`staff: cards count what waits and open pages that work without a plan in the address (${vp.width} px)`, { timeout: 180000 }, async () => {
    const { page, context } = await newPage(browser, server.url, vp);
    const pilot = await newPage(browser, server.url, vp);
    try {
      // a value proposed by the pilot now waits for staff
      await loginForm(pilot.page, PILOT);
      const ind = ids.mine.flatMap((a) => a.indicators)[0];
      const csrf = await pilot.page.evaluate(async () => (await (await fetch('/api/me')).json()).data.csrf_token);
      const posted = await pilot.page.evaluate(async ({ id, csrf: token, scope }) => (await fetch(`/api/indicators/${id}/measurements`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
        body: JSON.stringify({ territory_id: scope, value_on: '2026-01-31', value: 1, source: 'test des cartes' }),
      })).status, { id: ind.id, csrf, scope: ind.scope_id });
      assert.equal(posted, 201);

      await loginForm(page, STAFF);
      await waitFor(page, '[data-plam-section="validation"] [data-plam="a-faire"]');
      const pend = (await (await page.evaluate(async (pid) => (await fetch(`/api/plans/${pid}/measurements/pending`)).json(), ids.pdl.id))).data.length;
      assert.ok(pend >= 1);
      assert.match(await tileDetail(page, 'validation'), new RegExp(pend === 1 ? '^1 valeur à valider$' : `^${pend} valeurs à valider$`));
      assert.equal(await tileHref(page, 'validation'), `/validation.html?plan=${ids.pdl.id}`);
      assert.match(await tileDetail(page, 'contributions'), /contribution/);
      await checkScreen(page, 'travail-accueil-equipe', vp);
      for (const key of ['validation', 'budgets', 'contributions', 'governance', 'planSteering', 'indicators']) {
        const href = await tileHref(page, key);
        assert.ok(href, key);
        await open(page, href);
        const text = norm(await page.locator('#page').innerText());
        assert.doesNotMatch(text, /Aucun plan n.est indiqué/, `${key} → ${href}`);
        if (!/plan=|\/plans\.html/.test(href)) assert.ok(await page.locator('[data-plam="choix-plan"] a').count() >= 1, `${key}: a plan to choose`);
        await open(page, '/');
      }
      await open(page, '/validation.html');
      assert.match(norm(await page.locator('[data-plam="choix-plan"]').innerText()), new RegExp(`${pend} à valider`, "i"));
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
      await pilot.context.close();
    }
  });

  test(`the plan page opens on its summary and filters its actions (${vp.width} px)`, { timeout: 180000 }, async () => {
    const { page, context } = await newPage(browser, server.url, vp);
    try {
      await loginForm(page, STAFF);
      await open(page, `/plan.html?id=${ids.pdl.id}`);
      const top = (sel) => page.locator(sel).first().evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
      assert.ok(await top('#synthese') < await top('#titre-axes'), 'the summary comes before the actions');
      assert.ok(await top('#synthese') < 3 * vp.height, 'the summary is near the top');
      const sum = page.locator('#synthese');
      assert.match(norm(await sum.locator('[data-plam="couverture"]').first().innerText()), /sur 3 indicateurs renseignés sur \d+/);
      // météo and status counts add up to the actions
      const counts = async (block) => (await sum.locator(`[data-plam-summary="${block}"] li`).allInnerTexts()).map((t) => Number(/(\d+)\s*$/.exec(norm(t))[1]));
      const total = ids.actions.length;
      assert.equal((await counts('meteo')).reduce((a, b) => a + b, 0), total);
      assert.equal((await counts('statut')).reduce((a, b) => a + b, 0), total);
      assert.ok(await sum.locator('[data-plam-summary="retards"]').count() === 1);
      assert.match(norm(await sum.locator('[data-plam-summary="validation"]').innerText()), /valeur\(s\) proposée\(s\)/);
      const m = ids.dash.money.plan;
      const committed = norm(await sum.locator('[data-plam-money="committed"]').innerText());
      if (m.committed_known_lines === 0) assert.equal(committed, 'Inconnu');
      const planned = norm(await sum.locator('[data-plam-money="planned"]').innerText());
      if (m.planned_known_lines < m.lines) assert.match(planned, new RegExp(`total des montants connus : .* \\(${m.planned_known_lines} ligne\\(s\\) sur ${m.lines}\\)`));
      assert.doesNotMatch(norm(await sum.innerText()), /(^|\s)0 €/);

      // filters: labelled selects, the count read out, the cards hidden
      const status = page.locator('[data-plam="filtres-resultat"]');
      assert.equal(norm(await status.innerText()), `${total} action(s) affichée(s) sur ${total}.`);
      assert.equal(await status.getAttribute('aria-live'), 'polite');
      for (const id of ['filtre-axe', 'filtre-pilote', 'filtre-meteo', 'filtre-statut']) assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, id);
      // the cards a filter finds show once their axis has opened (a DSFR accordion: a frame later)
      const visible = async (want) => {
        for (let t = 0; t < 40 && await page.locator('.plam-action-card:visible').count() !== want; t++) await page.waitForTimeout(50);
        return page.locator('.plam-action-card:visible').count();
      };
      const ax = ids.pdl.axes[1];
      await page.selectOption('#filtre-axe', String(ax.id));
      assert.equal(await visible(ax.actions.length), ax.actions.length);
      assert.equal(norm(await status.innerText()), `${ax.actions.length} action(s) affichée(s) sur ${total}.`);
      assert.equal(await page.locator(`[data-plam-axis="${ids.pdl.axes[0].id}"]`).isVisible(), false);
      await page.click('#filtres-actions button[type="reset"]');
      await page.waitForFunction((n) => document.querySelectorAll('.plam-action-card:not([hidden])').length === n, total);
      // pilot: the demo pilot's organisation, with the keyboard
      await page.focus('#filtre-pilote');
      await page.selectOption('#filtre-pilote', String(ids.me.org_id));
      const piloted = ids.actions.filter((a) => a.partners.some((p) => p.role === 'pilot' && p.org_id === ids.me.org_id)).length;
      assert.equal(await visible(piloted), piloted);
      await page.selectOption('#filtre-statut', 'en_retard').catch(() => null);
      await page.click('#filtres-actions button[type="reset"]');
      await page.selectOption('#filtre-meteo', 'none');
      const noWeather = ids.actions.filter((a) => !(ids.dash.actions.find((d) => d.id === a.id) || {}).weather).length;
      assert.equal(await visible(noWeather), noWeather);
      await page.click('#filtres-actions button[type="reset"]');
      await checkScreen(page, 'travail-plan-synthese', vp);
    } finally {
      await context.close();
    }
  });
}
