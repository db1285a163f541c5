// The full need form and the pools page in a real browser against the demo
// server (recruit, issue 11), at 1280 and 320 px. The demo employer posts a
// need with two shift slots and two required qualifications, the fill mode
// "the establishment chooses", a description and pay: a second slot ending
// before its start is refused with the API's message under that slot's end;
// the need is then listed with its slots and qualifications, its ranking
// opens, and it is closed as filled, reopened and cancelled (each change
// confirmed; the list drops the buttons of a cancelled need). Plan staff
// reach viviers.html from the home tile, see the pools tree with member
// counts, get the API's error under the name field, create a crisis pool
// under the region, and close it after a confirmation (a dismissed
// confirmation changes nothing). Screenshots: build/screenshots/viviers-*.png,
// besoin-complet-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveDemo, open, loginForm, checkPage, screenshot, waitFor, DEMO_USERS, DESKTOP, MOBILE } from './browser.mjs';

const EMPLOYER = DEMO_USERS.find((u) => u.role === 'employer');
const STAFF = DEMO_USERS.find((u) => u.role === 'staff');
const demo = serveDemo();

const getJson = (page, url) => page.evaluate(async (u) => (await fetch(u, { credentials: 'same-origin' })).json(), url);

for (const viewport of [DESKTOP, MOBILE]) {
  const tag = viewport === MOBILE ? 'mobile' : 'bureau';
  test(`an employer posts a need with two slots and two qualifications, then closes, reopens and cancels it (${viewport.width} px)`, { timeout: 150000 }, async () => {
    const { context, page } = await demo.newPage(viewport);
    try {
      await loginForm(page, EMPLOYER);
      await open(page, '/besoins.html');
      await waitFor(page, '#nouveau-besoin #creneaux');
      // an establishment's own pool is offered only when that establishment is chosen
      const { data: pools } = await getJson(page, '/api/pools');
      const own = pools.find((p) => p.level === 'establishment' && p.status === 'open');
      const offered = await page.locator('select[name="establishment_id"] option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
      assert.ok(own && offered.includes(String(own.establishment_id)), 'the demo employer owns the establishment of the demo establishment pool');
      // another of its establishments, or none chosen
      const other = offered.find((v) => v !== String(own.establishment_id)) || '';
      const ownShown = () => page.locator(`#viviers-vises input[value="${own.id}"]`)
        .evaluate((box) => box.closest('.fr-fieldset__element').checkVisibility());
      await page.selectOption('select[name="establishment_id"]', other);
      assert.equal(await ownShown(), false, 'the pool of an establishment not chosen is hidden');
      await page.selectOption('select[name="establishment_id"]', String(own.establishment_id));
      assert.equal(await ownShown(), true, 'the chosen establishment\'s pool is offered');
      const day = viewport === MOBILE ? 14 : 12;
      await page.selectOption('select[name="profession"]', 'IDE');
      // the DSFR draws the box with the label, which covers the input: a person clicks the label
      await page.locator('#qualifications-exigees label', { hasText: 'AFGSU 2' }).click();
      await page.locator('#qualifications-exigees label', { hasText: 'hygiène hospitalière' }).click();
      await page.fill('#creneaux [data-slot="1"] input[name="start"]', `2027-01-${day}T07:00`);
      await page.fill('#creneaux [data-slot="1"] input[name="end"]', `2027-01-${day}T19:00`);
      await page.click('#creneaux-ajouter');
      assert.equal(await page.locator('#creneaux [data-slot]').count(), 2);
      // a third slot added then removed: two are left, numbered 1 and 2
      await page.click('#creneaux-ajouter');
      await page.getByRole('button', { name: 'Retirer le créneau 3' }).click();
      assert.equal(await page.locator('#creneaux [data-slot]').count(), 2);
      // the second slot ends before it starts: refused, the message under that slot's end
      await page.fill('#creneaux [data-slot="2"] input[name="start"]', `2027-01-${day + 1}T19:00`);
      await page.fill('#creneaux [data-slot="2"] input[name="end"]', `2027-01-${day + 1}T07:00`);
      await page.fill('input[name="headcount"]', '2');
      await page.selectOption('select[name="urgency"]', 'within_24h');
      await page.selectOption('select[name="contract"]', 'shift');
      await page.fill('input[name="pay"]', '250 € brut la vacation de 12 h');
      await page.fill('textarea[name="description"]', 'Renfort de nuit en médecine polyvalente.');
      await page.locator('label[for="mode-pourvoi-choose"]').click();
      await page.locator('#viviers-vises .fr-checkbox-group label').first().click();
      await page.locator('#nouveau-besoin button[type="submit"]').click();
      await page.locator('.plam-notices .fr-alert--error').waitFor();
      const secondEnd = page.locator('#creneaux [data-slot="2"] .fr-message--error');
      await secondEnd.waitFor();
      assert.match(await secondEnd.textContent(), /la fin doit suivre le début/);
      assert.equal(await page.locator('#creneaux [data-slot="1"] .fr-message--error').count(), 0, 'the first slot is not blamed');
      await checkPage(page, 'need form with an error', viewport);
      await screenshot(page, `besoin-complet-erreur-${tag}`);
      await page.fill('#creneaux [data-slot="2"] input[name="end"]', `2027-01-${day + 2}T07:00`);
      await page.locator('#nouveau-besoin button[type="submit"]').click();
      await page.locator('.plam-notices .fr-alert--success').waitFor();
      const id = Number((await page.textContent('.plam-notices .fr-alert--success')).match(/n° (\d+)/)[1]);
      // stored as typed: two slots, two qualifications, the fill mode, description, pay, urgency, headcount
      const { data: need } = await getJson(page, `/api/needs/${id}`);
      assert.equal(need.slots.length, 2);
      assert.deepEqual(need.qualifications.map((q) => q.code).sort(), ['AFGSU2', 'HYGIENE']);
      assert.equal(need.fill_mode, 'choose');
      assert.equal(need.description, 'Renfort de nuit en médecine polyvalente.');
      assert.equal(need.pay, '250 € brut la vacation de 12 h');
      assert.equal(need.urgency, 'within_24h');
      assert.equal(need.headcount, 2);
      assert.equal(need.status, 'open');
      // listed with its slots, its qualifications and its fill mode
      const row = page.locator('#liste-besoins tr', { has: page.locator(`[data-need-row="${id}"]`) });
      await row.waitFor();
      const text = await row.textContent();
      assert.match(text, new RegExp(`${day}/01/2027 07:00 → ${day}/01/2027 19:00`));
      assert.match(text, new RegExp(`${day + 1}/01/2027 19:00 → ${day + 2}/01/2027 07:00`));
      assert.match(text, /AFGSU 2/);
      assert.match(text, /hygiène hospitalière/);
      assert.match(text, /L’établissement choisit parmi ceux qui ont accepté/);
      // its ranking: HYGIENE is held by no demo candidate, so each is excluded by the qualification rule
      await row.locator(`button[data-need="${id}"]`).click();
      await waitFor(page, '#classement h2');
      assert.match(await page.textContent('#classement h2'), new RegExp(`besoin n° ${id}`));
      assert.match(await page.textContent('#exclus'), /Qualification/);
      await checkPage(page, 'need posted and ranked', viewport);
      await screenshot(page, `besoin-complet-classement-${tag}`);
      // close as filled (confirmed), reopen, then cancel (confirmed)
      page.on('dialog', (d) => d.accept());
      await row.locator(`[data-need-status="${id}:filled"]`).click();
      await page.locator('.plam-notices .fr-alert--success', { hasText: 'clos comme pourvu' }).waitFor();
      assert.equal((await getJson(page, `/api/needs/${id}`)).data.status, 'filled');
      await row.locator(`[data-need-status="${id}:open"]`).click();
      await page.locator('.plam-notices .fr-alert--success', { hasText: 'ouvert' }).waitFor();
      assert.equal((await getJson(page, `/api/needs/${id}`)).data.status, 'open');
      await row.locator(`[data-need-status="${id}:cancelled"]`).click();
      await page.locator('.plam-notices .fr-alert--success', { hasText: 'annulé' }).waitFor();
      assert.equal((await getJson(page, `/api/needs/${id}`)).data.status, 'cancelled');
      await row.locator('.fr-badge', { hasText: 'Annulé' }).waitFor();
      assert.equal(await row.locator('[data-need-status]').count(), 0, 'a cancelled need offers no status change');
      await checkPage(page, 'need cancelled', viewport);
      await screenshot(page, `besoin-complet-annule-${tag}`);
    } finally {
      await context.close();
    }
  });

  test(`plan staff create a crisis pool and close it (${viewport.width} px)`, { timeout: 150000 }, async () => {
    const { context, page } = await demo.newPage(viewport);
    try {
      await loginForm(page, STAFF);
      const tile = page.locator('a[href="/viviers.html"]').first();
      assert.ok(await tile.count(), 'home tile "Viviers de candidats" links to viviers.html');
      await open(page, '/viviers.html');
      await waitFor(page, '#liste-viviers');
      // the tree: the region at the top, the demo département's pool inside it, member counts shown
      const { data: pools } = await getJson(page, '/api/pools');
      const region = pools.find((p) => p.level === 'region');
      const dep = pools.find((p) => p.level === 'departement' && p.parent_id === region.id);
      assert.ok(region && dep, 'the demo has a region pool and a département pool inside it');
      const regionItem = page.locator(`#liste-viviers > li[data-pool="${region.id}"]`);
      assert.equal(await regionItem.count(), 1, 'the region is a root of the tree');
      assert.equal(await regionItem.locator(`li[data-pool="${dep.id}"]`).count(), 1, 'the département sits inside the region');
      assert.match(await regionItem.locator('.plam-pool__line').first().textContent(), new RegExp(`${region.members} membre`));
      await checkPage(page, 'pools page', viewport);
      await screenshot(page, `viviers-${tag}`);
      // the API's error under the field it names: an empty name
      await page.selectOption('#vivier-niveau', 'crisis');
      await page.locator('#nouveau-vivier button[type="submit"]').click();
      await page.locator('.plam-notices .fr-alert--error').waitFor();
      assert.ok((await page.textContent('#vivier-nom-messages')).trim().length > 0, 'the name field carries the error');
      // a crisis pool under the region
      const name = `Renfort RH — épidémie (${tag})`;
      await page.fill('#vivier-nom', name);
      await page.selectOption('#vivier-parent', String(region.id));
      await page.locator('#nouveau-vivier button[type="submit"]').click();
      await page.locator('.plam-notices .fr-alert--success', { hasText: name }).waitFor();
      const item = page.locator('#liste-crise li', { hasText: name });
      await item.waitFor();
      assert.match(await item.textContent(), /Ouvert/);
      const created = (await getJson(page, '/api/pools')).data.find((p) => p.name === name);
      assert.equal(created.level, 'crisis');
      assert.equal(created.parent_id, region.id);
      assert.equal(created.status, 'open');
      // a dismissed confirmation changes nothing
      page.once('dialog', (d) => d.dismiss());
      await item.locator(`[data-pool-toggle="${created.id}"]`).click();
      assert.equal((await getJson(page, '/api/pools')).data.find((p) => p.id === created.id).status, 'open');
      // confirmed: closed
      page.once('dialog', (d) => { assert.match(d.message(), /Fermer le vivier/); d.accept(); });
      await item.locator(`[data-pool-toggle="${created.id}"]`).click();
      await page.locator('.plam-notices .fr-alert--success', { hasText: 'fermé' }).waitFor();
      await page.locator('#liste-crise li', { hasText: name }).locator('.fr-badge', { hasText: 'Fermé' }).waitFor();
      assert.equal((await getJson(page, '/api/pools')).data.find((p) => p.id === created.id).status, 'closed');
      await checkPage(page, 'crisis pool closed', viewport);
      await screenshot(page, `viviers-crise-fermee-${tag}`);
    } finally {
      await context.close();
    }
  });
}
