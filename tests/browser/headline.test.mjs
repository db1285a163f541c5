// What a COPIL reads first (issue 9, items 1–3 and the current value's
// qualifier), in a real browser against the real server (demo data), at 1280
// and 320 px:
// - headline progress: /plans.html and the plan page give the Pays de la
//   Loire plan and its measured axes a figure computed from the indicators
//   that have one, with the coverage beside it ("sur 3 indicateurs
//   renseignés sur 19") and the explanation one click away; "non calculé"
//   only where no indicator below has a value (the BFC plan);
// - the printable report prints no unknown amount as "0 €" and its totals
//   say what they cover;
// - a cumulative indicator (the "parcours qualifiants" of PDL: 284 then 100)
//   is drawn as its running total (284, then 384) and labelled "cumul";
// - "plus de 20 %" keeps its qualifier on the plan and action pages.
// Screenshots go to build/screenshots/tete-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import {
  launch, newPage, open, screenshot, checkScreen, waitFor,
  DESKTOP, MOBILE,
} from './browser.mjs';

const norm = (s) => String(s).replace(/[\u202f\u00a0]/g, ' ');
const frPct = (v) => `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(v)} %`;

let server;
let browser;
let ids;
before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
  const get = async (path) => (await (await fetch(server.url + path)).json()).data;
  const plans = await get('/api/plans');
  const pdl = plans.find((p) => p.slug === 'pdl-plam-2022');
  const bfc = plans.find((p) => p.slug === 'bfc-mobilisation-2023');
  const [plan, dash, bdash] = await Promise.all([get(`/api/plans/${pdl.id}`), get(`/api/plans/${pdl.id}/dashboard`), get(`/api/plans/${bfc.id}/dashboard`)]);
  const inds = plan.axes.flatMap((a) => a.actions.flatMap((ac) => ac.indicators.map((i) => ({ ...i, action: ac }))));
  ids = {
    pdl, bfc, plan, dash, bdash,
    cumul: inds.find((i) => i.accumulation === 'cumulative' && dash.indicators.find((d) => d.id === i.id).result.values_used > 1),
    ruptures: inds.find((i) => i.code === 'pdl-2.4-ruptures-ifsi'),
  };
  for (const [k, v] of Object.entries(ids)) assert.ok(v, `demo data: ${k}`);
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

for (const vp of [DESKTOP, MOBILE]) {
  test(`headline progress with its coverage on /plans.html and the plan page (${vp.width} px)`, { timeout: 180000 }, async () => {
    const { page, context } = await newPage(browser, server.url, vp);
    try {
      const hp = ids.dash.progress;
      assert.equal(hp.has_progress, false, 'the demo plan has indicators without values');
      assert.equal(hp.headline.has_progress, true);
      const cov = `sur ${hp.coverage.indicators_with_value} indicateurs renseignés sur ${hp.coverage.indicators_expected}`;

      await open(page, '/plans.html');
      const row = page.locator('#tableau-plans tr', { has: page.locator(`[data-plam-plan="${ids.pdl.id}"]`) });
      const cell = norm(await row.innerText());
      assert.ok(cell.includes(norm(frPct(hp.headline.progress))), cell);
      assert.ok(cell.includes(cov), cell);
      const brow = norm(await page.locator('#tableau-plans tr', { has: page.locator(`[data-plam-plan="${ids.bfc.id}"]`) }).innerText());
      assert.equal(ids.bdash.progress.headline.has_progress, false, 'no BFC indicator has a value');
      assert.match(brow, /Non calculé/);
      await checkScreen(page, 'tete-plans', vp);

      await open(page, `/plan.html?id=${ids.pdl.id}`);
      const panel = page.locator('#avancement-plan');
      assert.equal(norm(await panel.locator('[data-plam="figure"]').first().innerText()), norm(frPct(hp.headline.progress)));
      assert.equal(norm(await panel.locator('[data-plam="couverture"]').first().innerText()), cov);
      assert.equal(await panel.locator('progress').count(), 1, 'the bar is drawn');
      // the explanation, one click away
      const details = panel.locator('details[data-plam="explication"]').first();
      assert.equal(await details.evaluate((d) => d.open), false);
      await details.locator('summary').click();
      const text = norm(await details.innerText());
      assert.match(text, /Chiffre de tête/);
      assert.match(text, /indicateurs renseignés/);
      // each axis: a figure where an indicator below has one, "non calculé" elsewhere
      for (const ax of ids.dash.axes) {
        const fig = norm(await page.locator(`[data-plam-figure="axe-${ax.id}"] [data-plam="figure"]`).first().innerText());
        if (ax.progress.headline.has_progress) assert.equal(fig, norm(frPct(ax.progress.headline.progress)), `axis ${ax.number}`);
        else assert.equal(fig, 'Avancement non calculé', `axis ${ax.number}`);
      }
      await checkScreen(page, 'tete-plan', vp);
    } finally {
      await context.close();
    }
  });

  test(`the report says "Inconnu" and what its totals cover; the headline has its coverage (${vp.width} px)`, { timeout: 120000 }, async () => {
    const { page, context } = await newPage(browser, server.url, vp);
    try {
      await page.goto(`/api/plans/${ids.pdl.id}/rapport.html`);
      const synth = norm(await page.locator('.rapport-synthese').innerText());
      assert.match(synth, /sur 3 indicateurs renseignés sur \d+/);
      const total = norm(await page.locator('.rapport-synthese tr.rapport-total').innerText());
      const m = ids.dash.money.plan;
      assert.ok(m.committed_known_lines === 0 && total.includes('Inconnu'), total);
      assert.match(total, new RegExp(`total des montants connus : [\\d ]+ € \\(${m.planned_known_lines} lignes sur ${m.lines}\\)`));
      assert.doesNotMatch(norm(await page.locator('body').innerText()), /(^|\s)0 €/);
      await screenshot(page, `tete-rapport-${vp.width}`);
    } finally {
      await context.close();
    }
  });

  test(`a cumulative indicator is drawn cumulated and labelled as a cumul (${vp.width} px)`, { timeout: 120000 }, async () => {
    const { page, context } = await newPage(browser, server.url, vp);
    try {
      await open(page, `/indicateur.html?id=${ids.cumul.id}`);
      const svg = page.locator('svg[data-plam-chart="cumul"]');
      await svg.waitFor();
      // the drawn points rise: each is the running total
      const ys = await svg.locator('circle').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('cy'))));
      assert.ok(ys.length >= 2);
      for (let i = 1; i < ys.length; i += 1) assert.ok(ys[i] <= ys[i - 1], `point ${i} is not below the previous one (${ys})`);
      assert.match(norm(await page.locator('#titre-graphique').innerText()), /Cumul/);
      const table = norm(await page.locator('#tableau-valeurs').innerText());
      assert.match(table, /Cumul depuis la référence/);
      const r = ids.dash.indicators.find((d) => d.id === ids.cumul.id).result;
      assert.ok(table.includes(norm(new Intl.NumberFormat('fr-FR').format(r.current))), `the table ends on the cumul ${r.current}: ${table}`);
      const facts = norm(await page.locator('.plam-dl').first().innerText());
      assert.match(facts, /cumul des valeurs validées depuis la référence/);
      const details = page.locator('[data-plam-indicator] details[data-plam="explication"]').first();
      await details.locator('summary').click();
      assert.match(norm(await details.innerText()), /Cumul des valeurs validées depuis la référence/);
      // its per-territory table says the figure is a cumul, not a "Valeur" (384 is 284 + 100)
      const heads = (await details.locator('table thead th').allInnerTexts()).map((x) => norm(x).trim());
      assert.ok(heads.includes('Cumul depuis la référence'), heads.join(' | '));
      assert.ok(!heads.includes('Valeur'), heads.join(' | '));
      await checkScreen(page, 'tete-indicateur-cumul', vp);
    } finally {
      await context.close();
    }
  });

  test(`"plus de 20 %" keeps its qualifier on the plan and action pages (${vp.width} px)`, { timeout: 120000 }, async () => {
    const { page, context } = await newPage(browser, server.url, vp);
    try {
      const ind = ids.ruptures;
      for (const url of [`/plan.html?id=${ids.pdl.id}#action-${ind.action.id}`, `/action.html?id=${ind.action.id}&plan=${ids.pdl.id}`]) { // the anchor opens its axis
        await open(page, url);
        const card = page.locator(`[data-plam-indicator="${ind.id}"]`).first();
        await card.waitFor();
        const details = card.locator('details[data-plam="explication"]').first();
        await details.locator('summary').click();
        assert.match(norm(await details.innerText()), /Dernière valeur validée\s+au moins 20 au 30 novembre 2021/, url);
        assert.match(norm(await card.innerText()), /au moins 20 %/, `${url}: the value shown with the figure`);
      }
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}
