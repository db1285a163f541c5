// Browser helpers for the tests: Debian's Chromium through playwright-core,
// a test file's demo server and browser (serveDemo), axe-core evaluated in
// the page, the common page checks (checkPage, checkScreen), screenshots, CSP violation
// capture and the demo accounts created by `plam init --demo`.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { ROOT, startServer } from './server.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const SCREENSHOTS = path.join(ROOT, 'build', 'screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const MOBILE = { width: 320, height: 640 };

export const ADMIN = { login: 'admin', password: 'demo-admin-2026' };
export const DEMO_USERS = [
  { login: 'staff', password: 'demo-staff-2026', role: 'staff' },
  { login: 'pilote', password: 'demo-pilote-2026', role: 'pilot' },
  { login: 'partenaire', password: 'demo-partenaire-2026', role: 'partner' },
  { login: 'employeur', password: 'demo-employeur-2026', role: 'employer' },
  { login: 'candidat', password: 'demo-candidat-2026', role: 'candidate' },
  { login: 'institut', password: 'demo-institut-2026', role: 'institute' },
  { login: 'interne', password: 'demo-interne-2026', role: 'intern' },
  { login: 'collectivite', password: 'demo-collectivite-2026', role: 'local_authority' },
];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A new context and page. page.problems collects page errors, console
 * errors about the Content-Security-Policy, and failed same-origin requests
 * other than the expected ones (the caller filters).
 */
export async function newPage(browser, baseURL, viewport = DESKTOP) {
  const context = await browser.newContext({ baseURL, viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) page.problems.push(`CSP: ${m.text()}`);
  });
  return { context, page };
}

/**
 * The demo server (startServer, options passed on) and Chromium of a test
 * file: started by a before() hook, both stopped by an after() hook. Call it
 * once at the top of the file; the returned object's server and browser are
 * set when the tests run, and its newPage(viewport) opens a page on the
 * server (newPage below).
 */
export function serveDemo(options = { timeoutMs: 60000 }) {
  const demo = { server: null, browser: null, newPage: (viewport) => newPage(demo.browser, demo.server.url, viewport) };
  before(async () => {
    demo.server = await startServer(options);
    demo.browser = await launch();
  });
  after(async () => {
    if (demo.browser) await demo.browser.close();
    if (demo.server) await demo.server.stop();
  });
  return demo;
}

/** Navigates and waits until the page module has rendered (body[data-plam-ready]). */
export async function open(page, url) {
  const res = await page.goto(url);
  await page.waitForSelector('body[data-plam-ready="true"]');
  return res;
}

/** Logs in through the login form and waits for the home page. */
export async function loginForm(page, { login, password }) {
  await open(page, '/connexion.html');
  await page.fill('#identifiant', login);
  await page.fill('#mot-de-passe', password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/connexion')),
    page.click('#formulaire-connexion button[type="submit"]'),
  ]);
  await page.waitForSelector('body[data-plam-ready="true"]');
}

/** Runs axe-core in the page; resolves the serious and critical violations. */
export async function axeSerious(page) {
  // page.evaluate is not subject to the page's CSP, unlike an injected <script>.
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Horizontal overflow of the document in CSS pixels (0 = no horizontal scroll). */
export function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Visible table captions drawn over their own table (header or rows): the
 * DSFR places a caption above the scrolling part, and a stray positioned
 * ancestor once put it on the first rows. Resolves the captions' texts.
 */
export function overlappingCaptions(page) {
  return page.evaluate(() => [...document.querySelectorAll('table > caption')].filter((cap) => {
    const c = cap.getBoundingClientRect();
    if (c.height <= 1 || c.width <= 1 || getComputedStyle(cap).visibility === 'hidden') return false;
    const parts = [...cap.parentElement.querySelectorAll(':scope > thead, :scope > tbody')];
    return parts.some((el) => {
      const r = el.getBoundingClientRect();
      return r.height > 0 && c.bottom > r.top + 1 && c.top < r.bottom - 1 && c.right > r.left && c.left < r.right;
    });
  }).map((cap) => cap.textContent.trim()));
}

/**
 * Values a person should never read: a JavaScript "undefined", "NaN" or
 * "[object Object]" anywhere in the visible page, and a table cell whose value
 * is a raw ISO date (2026-12-06, 2026-12-06T22:58:50Z, or a range of two), where
 * dates are shown the French way. Returns the offending texts.
 */
export async function rawValues(page) {
  return page.evaluate(() => {
    const found = [];
    const body = document.body.innerText;
    for (const m of body.matchAll(/[^\n]{0,40}\b(undefined|NaN)\b[^\n]{0,40}|[^\n]{0,40}\[object Object\][^\n]{0,40}/g)) found.push(m[0].trim());
    for (const td of document.querySelectorAll('td')) {
      // a cell that holds a date value (or a range of two), not a message that quotes the format
      if (td.offsetParent !== null && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?( → \d{4}-\d{2}-\d{2}\S*)?$/.test(td.innerText.trim())) found.push(td.innerText.trim());
    }
    return found;
  });
}

/**
 * Full-page screenshot in build/screenshots; fails when a caption covers its
 * table or the page shows a raw value (rawValues).
 */
export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const covering = await overlappingCaptions(page);
  if (covering.length) throw new Error(`${name}: légende de tableau dessinée sur le tableau : ${covering.join(' | ')}`);
  const raw = await rawValues(page);
  if (raw.length) throw new Error(`${name}: valeur brute affichée (undefined, NaN, objet ou date ISO dans un tableau) : ${raw.join(' | ')}`);
}

/** Clicks "Se déconnecter", opening the mobile menu first when needed. */
export async function logoutClick(page) {
  const visible = page.locator('[data-plam-action="logout"]:visible');
  if (await visible.count() === 0) await page.click('#bouton-menu');
  await Promise.all([
    page.waitForURL((u) => u.pathname.startsWith('/connexion')),
    page.locator('[data-plam-action="logout"]:visible').first().click(),
  ]);
  await page.waitForSelector('body[data-plam-ready="true"]');
}

export function describeViolations(v) {
  return v.map((x) => `${x.impact} ${x.id}: ${x.help} → ${x.nodes.join(' | ')}`).join('\n');
}

/** waitForSelector that, on failure, says where the page was and what it showed. */
export async function waitFor(page, selector, options = {}) {
  try {
    return await page.waitForSelector(selector, options);
  } catch (e) {
    const text = await page.evaluate(() => (document.getElementById('page') || document.body).innerText).catch(() => '?');
    throw new Error(`${selector} not found on ${page.url()}\n--- page text ---\n${text.slice(0, 2000)}\n--- ${e.message.split('\n')[0]}`);
  }
}

/**
 * What a person sees that they should not (issue 9): technical words in the
 * visible text ("null", "undefined", "[object …]", "NaN", each with some
 * context), and visible buttons whose label cannot be read (no text, or
 * text clipped out of the button as in a DSFR icon-only button). Text in
 * closed <details>, hidden elements and .fr-sr-only spans is not visible.
 */
export function visibleProblems(page) {
  return page.evaluate(() => {
    const text = `${document.title}\n${document.body.innerText}`;
    const words = [];
    for (const re of [/\bnull\b/g, /\bundefined\b/g, /\[object\b/g, /\bNaN\b/g]) {
      for (const m of text.matchAll(re)) words.push(text.slice(Math.max(0, m.index - 50), m.index + 30).replace(/\s+/g, ' '));
    }
    const seen = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const clipped = (el) => { const s = getComputedStyle(el); return s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)'; };
    const buttons = [];
    for (const b of document.querySelectorAll('button, .fr-btn, [role="button"], input[type="submit"], input[type="button"]')) {
      if (!seen(b)) continue;
      const box = b.getBoundingClientRect();
      if (box.width < 1 || box.height < 1) continue;
      let shown = 0;
      if (b.tagName === 'INPUT') shown = b.value.trim().length;
      const walker = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent.trim() || !seen(n.parentElement)) continue;
        let hidden = false;
        for (let p = n.parentElement; p && p !== b.parentElement; p = p.parentElement) if (clipped(p)) hidden = true;
        if (hidden) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) {
          const w = Math.min(r.right, box.right) - Math.max(r.left, box.left);
          // a label counts when most of it lies inside the button
          if (r.width > 0 && w >= 0.9 * r.width) shown += 1;
        }
      }
      if (!shown) buttons.push(b.outerHTML.slice(0, 160));
    }
    return { words, buttons };
  });
}

/**
 * What every page of a test must pass at viewport vp (what names the page
 * in the messages): no serious or critical axe-core violation, no sideways
 * scroll, no technical word shown and no button without a visible label.
 */
export async function checkPage(page, what, vp) {
  const v = await axeSerious(page);
  assert.deepEqual(v, [], `${what} at ${vp.width} px:\n${describeViolations(v)}`);
  assert.ok(await horizontalOverflow(page) <= 0, `${what} scrolls sideways at ${vp.width} px`);
  const seen = await visibleProblems(page);
  assert.deepEqual(seen.words, [], `${what}: technical text`);
  assert.deepEqual(seen.buttons, [], `${what}: buttons without a visible label`);
}

/**
 * The one check of a page state in a test (name: its screenshot's name, the
 * width appended): its screenshot in build/screenshots/NAME-WIDTH.png, taken
 * first so that a failing page can be seen, then checkPage, one h1 in main,
 * and no page error, CSP refusal or unexpected failed request
 * (page.problems).
 */
export async function checkScreen(page, name, vp) {
  await screenshot(page, `${name}-${vp.width}`);
  await checkPage(page, name, vp);
  assert.equal(await page.locator('main#contenu h1').count(), 1, `${name}: one h1 in main`);
  assert.deepEqual(page.problems, [], `${name}: page errors, CSP refusals or failed requests`);
}
