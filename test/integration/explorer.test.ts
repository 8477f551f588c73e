/**
 * The explorer in a real browser (Debian's Chromium, driven by playwright-core), used as an analyst
 * would: search in Cyrillic, open the person, read the quote of a position in its document; the
 * network of a plant, expanded and dated; how two entities are connected; a shared link; the
 * database stopped under an open page. axe-core checks each view for serious or critical accessibility problems, and a
 * screenshot of each goes to test-artifacts/. The entities are found through the UI by name,
 * as a user finds them.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { loadSeed } from '../../src/bootstrap.js';
import { Database } from '../../src/data/database.js';
import { applySchema } from '../../src/data/schema-setup.js';
import { LocalNeo4j } from '../../src/local-neo4j/local-neo4j.js';
import { EXPLORER_DIR } from '../../src/explorer.js';
import { ARTIFACTS, browserMissing, launchBrowser, type Browser } from '../support/browser.js';
import { startTestApi, testConfig, type TestApi } from '../support/test-api.js';
import { EARLIER, LATER } from '../support/disagreeing-articles.js';
import { loadArticle } from '../support/seed-builders.js';

/** The Neo4j the database-away case stops (the fault test has 17688). */
const AWAY_BOLT_PORT = 17689;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const missing = browserMissing();
if (!existsSync(path.join(EXPLORER_DIR, 'index.html'))) throw new Error('The explorer is not built: npm test builds it first (npm run build).');

let api: TestApi;
let browser: Browser;
let context: BrowserContext;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (missing) return;
  api = await startTestApi();
  browser = await launchBrowser({ viewport: { width: 1100, height: 900 } });
  context = browser.context;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const origin = () => new URL(api.url).origin;

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** axe-core's serious and critical findings on the page as it stands (evaluated over CDP, which the page's CSP does not govern). */
async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  // As text: the test's own types know no DOM.
  const violations = (await page.evaluate(
    'axe.run().then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, count: v.nodes.length })))',
  )) as Array<{ id: string; impact: string; help: string; count: number }>;
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.count})`);
}

async function keep(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `explorer-${name}.png`), fullPage: true });
}

/** Types into a search box and opens the first result of `kind` with the keyboard. */
async function searchAndOpen(page: Page, inputId: string, text: string, name: RegExp): Promise<void> {
  const input = page.locator(`#${inputId}`);
  await input.fill(text);
  const option = page.locator(`#${inputId}-results [role=option]`, { hasText: name }).first();
  await option.waitFor({ timeout: 15_000 });
  const options = await page.locator(`#${inputId}-results [role=option]`).allInnerTexts();
  const index = options.findIndex((o) => name.test(o));
  for (let i = 0; i <= index; i += 1) await input.press('ArrowDown');
  await input.press('Enter');
}

describe.skipIf(missing)('the explorer', () => {
  it('opens on a first screen of at most 3 requests, then finds a person typed in Cyrillic and reads the quote of his position in its document', async () => {
    const page = await newPage();
    const graphqlRequests: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/graphql') graphqlRequests.push(r.postData() ?? '');
    });
    await page.goto(`${origin()}/explore`, { waitUntil: 'networkidle' });
    await page.locator('main h1').waitFor();
    expect(graphqlRequests.length).toBeGreaterThan(0);
    expect(graphqlRequests.length).toBeLessThanOrEqual(3);
    expect(await accessibilityProblems(page)).toEqual([]);
    await keep(page, 'home');

    await searchAndOpen(page, 'search', 'Мантуров', /Manturov/);
    await expect.poll(() => page.locator('main h1').innerText(), { timeout: 15_000 }).toContain('Manturov');
    expect(new URL(page.url()).pathname).toMatch(/^\/explore\/entity\/person\//);
    // His positions, each with the sentence that supports it.
    const positions = page.locator('main h3', { hasText: 'Holds a position at' }).locator('xpath=following-sibling::ul[1]');
    const position = positions.locator('li.fact').first();
    await expect.poll(() => position.locator('.role').innerText()).not.toBe('');
    const quote = await position.locator('blockquote').first().innerText();
    expect(quote.length).toBeGreaterThan(10);
    // The documents that speak of him, each with how much of what is said of him it supports.
    const sources = page.locator('main ul.sources li');
    expect(await sources.count()).toBeGreaterThan(0);
    expect(await sources.first().innerText()).toMatch(/\d+ facts?, \d+ quotes?/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await keep(page, 'entity');

    await position.locator('a.source').first().click();
    const mark = page.locator('main mark');
    await mark.waitFor({ timeout: 15_000 });
    expect(await mark.innerText()).toBe(quote);
    // The quote sits in a paragraph of the document, and focus is on it.
    expect((await mark.locator('xpath=..').innerText()).length).toBeGreaterThan(quote.length);
    expect(await page.evaluate('document.activeElement?.tagName')).toBe('MARK');
    expect(await accessibilityProblems(page)).toEqual([]);
    await keep(page, 'document');
    await page.close();
  }, 90_000);

  it('draws the network of a plant, expands a node, and re-asks as of a date; the link opens the same view in a fresh page', async () => {
    const page = await newPage();
    await page.goto(`${origin()}/explore`, { waitUntil: 'networkidle' });
    await searchAndOpen(page, 'search', 'plant', /Plant/);
    await page.locator('main h1 .kind-plant').waitFor({ timeout: 15_000 });
    await page.locator('main nav a', { hasText: 'Network' }).click();
    await page.locator('#network-canvas canvas').first().waitFor({ timeout: 15_000 });
    const entities = page.locator('.network-list > li');
    await expect.poll(() => entities.count(), { timeout: 15_000 }).toBeGreaterThan(1);
    const before = await entities.count();

    // Expanding neighbours (from the list, with the keyboard) brings their own relations in: at
    // least one of them has a neighbour not yet drawn.
    const expandButtons = page.locator('.network-list > li button', { hasText: 'Expand' });
    expect(await expandButtons.count()).toBeGreaterThan(0);
    while ((await entities.count()) === before && (await expandButtons.count()) > 0) {
      const remaining = await expandButtons.count();
      await expandButtons.first().focus();
      await page.keyboard.press('Enter');
      // Done when the node has lost its button or brought new ones in.
      await expect.poll(async () => (await expandButtons.count()) < remaining || (await entities.count()) > before, { timeout: 15_000 }).toBe(true);
    }
    expect(await entities.count()).toBeGreaterThan(before);

    // A relation's quotes, from the list.
    await page.locator('.network-list .link-button').first().click();
    await expect.poll(() => page.locator('#edge-panel blockquote').count()).toBeGreaterThan(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await keep(page, 'network');

    await page.locator('#as-of').fill('2021');
    await page.locator('form.as-of button[type=submit]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('asOf')).toBe('2021');
    await page.locator('#network-canvas canvas').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.network-list > li').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const datedHeading = await page.locator('main h1').innerText();
    const datedList = await page.locator('.network-list').innerText();
    // Relations the date leaves open are marked as such.
    expect(datedList).toContain('open on 2021');
    await keep(page, 'network-as-of');

    const shared = page.url();
    const fresh = await newPage();
    await fresh.goto(shared, { waitUntil: 'networkidle' });
    await fresh.locator('#network-canvas canvas').first().waitFor({ timeout: 15_000 });
    expect(await fresh.locator('main h1').innerText()).toBe(datedHeading);
    expect(await fresh.locator('#as-of').inputValue()).toBe('2021');
    expect(await fresh.locator('.network-list').innerText()).toBe(datedList);
    await fresh.close();
    await page.close();
  }, 90_000);

  it('says how two entities are connected, with the quote of each step, at a link that can be shared', async () => {
    const page = await newPage();
    await page.goto(`${origin()}/explore/connect`, { waitUntil: 'networkidle' });
    await searchAndOpen(page, 'pick-from-input', 'Мантуров', /Manturov/);
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toMatch(/^person\//);
    await page.locator('#pick-to-input').waitFor();
    await searchAndOpen(page, 'pick-to-input', 'Volkswagen', /Volkswagen/);
    const paths = page.locator('figure.path');
    await paths.first().waitFor({ timeout: 20_000 });
    const steps = paths.first().locator('li.step');
    expect(await steps.count()).toBeGreaterThan(0);
    for (const step of await steps.all()) expect(await step.locator('blockquote').count()).toBeGreaterThan(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await keep(page, 'connect');

    const fresh = await newPage();
    await fresh.goto(page.url(), { waitUntil: 'networkidle' });
    await fresh.locator('figure.path').first().waitFor({ timeout: 20_000 });
    expect(await fresh.locator('main').innerText()).toBe(await page.locator('main').innerText());
    await fresh.close();
    await page.close();
  }, 90_000);

  it('shows the timeline of an entity; every view is readable 375 px wide', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 375, height: 800 });
    const fitsWidth = async (view: string) => expect((await page.evaluate('document.documentElement.scrollWidth')) as number, view).toBeLessThanOrEqual(375);
    await page.goto(`${origin()}/explore`, { waitUntil: 'networkidle' });
    await fitsWidth('home');
    await searchAndOpen(page, 'search', 'Мантуров', /Manturov/);
    await page.locator('main nav a', { hasText: 'Timeline' }).waitFor({ timeout: 15_000 });
    await fitsWidth('entity');
    const entityPath = new URL(page.url()).pathname;
    await page.locator('main nav a', { hasText: 'Timeline' }).click();
    await page.locator('.timeline-item').first().waitFor({ timeout: 15_000 });
    await fitsWidth('timeline');
    expect(await accessibilityProblems(page)).toEqual([]);
    await keep(page, 'timeline-375');
    await page.goto(`${origin()}${entityPath.replace('/entity/', '/network/')}`, { waitUntil: 'networkidle' });
    await page.locator('#network-canvas canvas').first().waitFor({ timeout: 15_000 });
    await fitsWidth('network');
    await keep(page, 'network-375');
    await page.close();
  }, 60_000);

  it('shows where sources disagree on an entity and its relation, and what each says, the one shown first', async () => {
    await loadArticle(api.db, EARLIER);
    await loadArticle(api.db, LATER);
    const page = await newPage();
    await page.goto(`${origin()}/explore`, { waitUntil: 'networkidle' });
    await searchAndOpen(page, 'search', 'Olga Varga', /Olga Varga/);
    const onEntity = page.locator('main article > details.disagreement');
    await onEntity.waitFor({ timeout: 15_000 });
    expect(await onEntity.locator('summary').innerText()).toContain('description');
    const onRelation = page.locator('main li.fact details.disagreement').first();
    expect(await onRelation.locator('summary').innerText()).toMatch(/validFrom.*current/);
    await onRelation.locator('summary').click();
    const claims = onRelation.locator('li');
    expect(await claims.count()).toBe(2);
    expect(await claims.first().innerText()).toContain('(shown)');
    expect(await claims.first().innerText()).toContain(LATER.document.publishedOn!);
    expect(await claims.nth(1).innerText()).toContain('current');
    expect(await accessibilityProblems(page)).toEqual([]);
    await keep(page, 'disagreement');
    await page.close();
  }, 60_000);

  it('says plainly that the database is away, with its code, when it stops under an open page', async () => {
    // A Neo4j of its own, seeded, which the test stops while the page is open.
    const instanceDir = await mkdtemp(path.join(os.tmpdir(), 'ig-explorer-neo4j-'));
    const local = new LocalNeo4j({ ...loadConfig().localNeo4j, boltPort: AWAY_BOLT_PORT, heap: '512m', pageCache: '64m', instanceDir, log: () => {} });
    const config = testConfig({ NEO4J_MAX_RETRY_MS: '1000' });
    let db: Database | null = null;
    let server: RunningServer | null = null;
    try {
      await local.start();
      db = new Database({ ...config.neo4j, uri: local.boltUri });
      await applySchema(db);
      await loadSeed(db, () => {});
      server = await startServer(db, config);
      const page = await newPage();
      await page.goto(`${new URL(server.url).origin}/explore`, { waitUntil: 'networkidle' });
      await searchAndOpen(page, 'search', 'Мантуров', /Manturov/);
      await page.locator('main nav a', { hasText: 'Network' }).waitFor({ timeout: 15_000 });

      await local.stop();
      await page.locator('main nav a', { hasText: 'Timeline' }).click();
      const alert = page.locator('main [role=alert]');
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.innerText()).toMatch(/database is not available/i);
      expect(await alert.innerText()).toContain('DATABASE_UNAVAILABLE');
      // The header and its search stay usable: the page is not blank.
      expect(await page.locator('#search').isEditable()).toBe(true);
      expect(await accessibilityProblems(page)).toEqual([]);
      await keep(page, 'database-away');
      await page.close();
    } finally {
      await server?.stop();
      await db?.close();
      await local.stop();
      await rm(instanceDir, { recursive: true, force: true });
    }
  }, 300_000);

  it('loaded nothing from elsewhere and raised no error in the page', () => {
    expect(browser.foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
