// Territorial committee workbooks in a real browser against the real server:
// the demo pilot picks the Loire-Atlantique committee (a test fixture added
// to the demo database, see tests/lib/committee_fixture.mjs), downloads its
// workbook, fills it (the test edits the XLSX as a spreadsheet would save
// it), uploads it, reviews the cell-level diff table and approves it; staff
// then see the value pending validation. axe-core finds no serious or
// critical violation on the review at 1280 and 320 px, and nothing scrolls
// sideways at 320 px. Screenshots go to build/screenshots/comite-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { committeeDatabase, FIXTURE_NAME } from '../lib/committee_fixture.mjs';
import { fillWorkbook, unzip } from '../lib/xlsx_fill.mjs';
import {
  launch, newPage, open, loginForm, axeSerious, horizontalOverflow, screenshot, describeViolations, waitFor,
  DEMO_USERS, MOBILE,
} from './browser.mjs';

const STAFF = DEMO_USERS.find((u) => u.role === 'staff');
const PILOT = DEMO_USERS.find((u) => u.role === 'pilot');

let server;
let browser;
let dir;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-comite-'));
  server = await startServer({ db: committeeDatabase(dir), timeoutMs: 60000 });
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The sheet row holding an indicator name in the workbook (shared strings). */
function rowOfIndicator(buf, name) {
  const files = unzip(buf);
  const strings = [...files.find((f) => f.name === 'xl/sharedStrings.xml').data.toString('utf8').matchAll(/<t[^>]*>([^<]*)<\/t>/g)]
    .map((m) => m[1].replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  const idx = strings.indexOf(name);
  assert.ok(idx >= 0, `${name} in the workbook`);
  const sheet = files.find((f) => f.name === 'xl/worksheets/sheet1.xml').data.toString('utf8');
  const m = new RegExp(`<c r="G(\\d+)" [^>]*t="s"[^>]*><v>${idx}</v>`).exec(sheet);
  assert.ok(m, 'indicator name cell');
  return Number(m[1]);
}

test('a pilot downloads, fills, uploads, reviews and approves a committee workbook; staff see the value pending', { timeout: 180000 }, async () => {
  const pilot = await newPage(browser, server.url);
  const staff = await newPage(browser, server.url);
  try {
    const p = pilot.page;
    await loginForm(p, PILOT);
    // linked from the navigation
    const nav = p.locator('[data-plam-nav="committees"]').first();
    assert.equal(await nav.getAttribute('href'), '/comite.html');
    await open(p, '/comite.html');
    const option = p.locator('#choix-comite option', { hasText: FIXTURE_NAME });
    await p.selectOption('#choix-comite', await option.getAttribute('value'));
    await p.click('#formulaire-comite button[type="submit"]');
    await waitFor(p, '#telecharger-classeur');
    assert.match(await p.locator('#comite').innerText(), /1 ligne\(s\) sur 2/);

    const [download] = await Promise.all([p.waitForEvent('download'), p.click('#telecharger-classeur')]);
    assert.match(download.suggestedFilename(), /^comite-DEP-44-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const buf = fs.readFileSync(await download.path());
    const row = rowOfIndicator(buf, "Primo-arrivants réfugiés intégrés dans l'emploi ou en formation qualifiante");
    const filled = path.join(dir, 'rempli.xlsx');
    fs.writeFileSync(filled, fillWorkbook(buf, [{ ref: `P${row}`, number: 12 }, { ref: `Q${row}`, date: '2025-12-31' },
      { ref: `R${row}`, text: 'Bilan du comité' }]));

    await p.setInputFiles('#fichier-classeur', filled);
    await p.click('#formulaire-depot button[type="submit"]');
    await waitFor(p, '#ecart-depot');
    // focus moves to the review heading
    assert.equal(await p.evaluate(() => document.activeElement.id), 'titre-revue');
    const cells = await p.$$eval('#ecart-depot tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));
    assert.equal(cells.length, 3);
    assert.deepEqual(cells.map((c) => [c[0], c[1].split(' — ')[0], c[3], c[4], c[5]]), [
      [String(row), 'P', 'Loire-Atlantique (44)', '(vide)', '12'],
      [String(row), 'Q', 'Loire-Atlantique (44)', '(vide)', '31/12/2025'],
      [String(row), 'R', 'Loire-Atlantique (44)', '(vide)', 'Bilan du comité'],
    ]);
    assert.equal(await p.locator('#ecart-depot caption').count(), 1);
    assert.equal(await p.locator('#ecart-depot th[scope="col"]').count(), 6);

    const v = await axeSerious(p);
    assert.deepEqual(v, [], describeViolations(v));
    await screenshot(p, 'comite-revue');
    await p.setViewportSize(MOBILE);
    assert.ok(await horizontalOverflow(p) <= 0, 'no sideways scroll at 320 px');
    const vm = await axeSerious(p);
    assert.deepEqual(vm, [], describeViolations(vm));
    await screenshot(p, 'comite-revue-320');

    await p.click('[data-plam="approuver"]');
    await p.waitForFunction(() => /valeur\(s\) proposée\(s\)/.test(document.querySelector('.plam-notices')?.textContent || ''));
    assert.equal(await p.locator('[data-plam="statut-depot"]').textContent(), 'Approuvé');
    assert.deepEqual(p.problems, []);

    // staff see the value pending validation
    const s = staff.page;
    await loginForm(s, STAFF);
    const plans = await (await s.request.get('/api/plans')).json();
    const pdl = plans.data.find((x) => x.slug === 'pdl-plam-2022');
    await open(s, `/validation.html?plan=${pdl.id}`);
    await waitFor(s, '#tableau-a-valider');
    const pending = await s.locator('#tableau-a-valider tbody').innerText();
    assert.match(pending, /Bilan du comité/);
    assert.match(pending, /Classeur du comité territorial « Comité territorial de test — Loire-Atlantique »/);
    assert.deepEqual(s.problems, []);
  } finally {
    await pilot.context.close();
    await staff.context.close();
  }
});
