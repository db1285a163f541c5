// The plan page folds its axes (issue 9, item 8): each axis is a DSFR
// accordion whose title and figure show and whose actions open with its
// button (keyboard: Tab then Enter), a filter, "Déplier tous les axes" or a
// deep link (#action-N, #axe-N opens that axis). The page of the Pays de la
// Loire plan was 12,240 px tall at 1280 px with every axis open (issue 9);
// its height folded is measured here and bounded. At 1280 and 320 px, for a
// visitor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import {
  launch, newPage, open, axeSerious, horizontalOverflow, screenshot, describeViolations, visibleProblems, DESKTOP, MOBILE,
} from './browser.mjs';

let server;
let browser;
let pdl;
before(async () => {
  server = await startServer({ timeoutMs: 60000 });
  browser = await launch();
  const get = async (path) => (await (await fetch(server.url + path)).json()).data;
  const plans = await get('/api/plans');
  pdl = await get(`/api/plans/${plans.find((p) => p.slug === 'pdl-plam-2022').id}`);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const height = (page) => page.evaluate(() => document.documentElement.scrollHeight);
const expanded = (page) => page.locator('[data-plam-axis] .fr-accordion__btn').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-expanded')));

// Measured on the demo data (dev build, chromium): before, every axis open,
// 11,516 px at 1280 px and 17,830 px at 320 px; folded, 4,050 px and 6,486 px.
// The bounds leave about 15 % for small changes elsewhere on the page.
for (const [vp, bound] of [[DESKTOP, 4700], [MOBILE, 7500]]) {
  test(`the plan page opens with its axes folded, ${bound} px tall at most (${vp.width} px)`, { timeout: 120000 }, async () => {
    const { page, context } = await newPage(browser, server.url, vp);
    try {
      await open(page, `/plan.html?id=${pdl.id}`);
      const axes = pdl.axes.length;
      assert.deepEqual(await expanded(page), Array(axes).fill('false'));
      const folded = await height(page);
      console.log(`plan page at ${vp.width} px: ${folded} px tall, axes folded`);
      assert.ok(folded <= bound, `${folded} px`);
      // each folded axis still shows its title and its figure, not its actions
      for (const ax of pdl.axes) {
        assert.ok(await page.locator(`[data-plam-figure="axe-${ax.id}"] [data-plam="figure"]`).first().isVisible(), `axis ${ax.number}`);
        for (const a of ax.actions) assert.equal(await page.locator(`#action-${a.id}`).isVisible(), false, `action ${a.id}`);
      }
      const v = await axeSerious(page);
      assert.deepEqual(v, [], describeViolations(v));
      assert.ok(await horizontalOverflow(page) <= 0, 'no sideways scroll');
      const seen = await visibleProblems(page);
      assert.deepEqual(seen.buttons, [], 'every button says what it does');
      await screenshot(page, `plan-axes-replies-${vp.width}`);

      // the keyboard opens an axis: Tab to its button, Enter
      const ax = pdl.axes.filter((x) => x.actions.length)[1];
      const btn = page.locator(`[data-plam-axis="${ax.id}"] .fr-accordion__btn`);
      await page.locator(`[data-plam-axis="${pdl.axes[0].id}"] .fr-accordion__btn`).focus();
      await page.keyboard.press('Tab');
      if (!(await btn.evaluate((b) => b === document.activeElement))) await btn.focus(); // links of the first axis's figure come between
      await page.keyboard.press('Enter');
      await page.locator(`#action-${ax.actions[0].id}`).waitFor({ state: 'visible' });
      assert.equal(await btn.getAttribute('aria-expanded'), 'true');
      // "Déplier tous les axes" opens them all, "Replier" folds them
      await page.click('[data-plam="axes-deplier"]');
      await page.waitForFunction(() => [...document.querySelectorAll('[data-plam-axis] .fr-accordion__btn')].every((b) => b.getAttribute('aria-expanded') === 'true'));
      for (const a of pdl.axes.flatMap((x) => x.actions)) await page.locator(`#action-${a.id}`).waitFor({ state: 'visible' });
      const unfolded = await height(page);
      console.log(`plan page at ${vp.width} px: ${unfolded} px tall, axes open`);
      assert.ok(unfolded > folded);
      await page.click('[data-plam="axes-replier"]');
      await page.waitForFunction(() => [...document.querySelectorAll('[data-plam-axis] .fr-accordion__btn')].every((b) => b.getAttribute('aria-expanded') === 'false'));
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });

  test(`a link to an action opens its axis and shows it (${vp.width} px)`, { timeout: 120000 }, async () => {
    const { page, context } = await newPage(browser, server.url, vp);
    try {
      const ax = pdl.axes.filter((x) => x.actions.length).pop();
      const a = ax.actions[ax.actions.length - 1];
      await open(page, `/plan.html?id=${pdl.id}#action-${a.id}`);
      const card = page.locator(`#action-${a.id}`);
      await card.waitFor({ state: 'visible' });
      assert.deepEqual(await expanded(page), pdl.axes.map((x) => String(x.id === ax.id)));
      await page.waitForFunction((id) => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= -1 && r.top < window.innerHeight; }, `action-${a.id}`);
      // and an axis anchor, followed in the page
      const first = pdl.axes[0];
      await page.evaluate((id) => { location.hash = `axe-${id}`; }, first.id);
      await page.locator(`#action-${first.actions[0].id}`).waitFor({ state: 'visible' });
      assert.equal(await page.locator(`[data-plam-axis="${first.id}"] .fr-accordion__btn`).getAttribute('aria-expanded'), 'true');
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  });
}
