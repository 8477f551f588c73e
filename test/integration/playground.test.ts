/**
 * The playground in a real browser (Debian's Chromium, driven by playwright-core): it loads with
 * no request beyond this server, runs a saved example, and shows the answer. A screenshot is kept
 * in test-artifacts/ for people to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../src/config.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');

let api: TestApi;
let context: BrowserContext;
let userDataDir: string;
const foreignRequests: string[] = [];

// A developer without Chromium gets a skip that says why; CI (REQUIRE_BROWSER_TESTS=true) gets a failure.
const browserMissing = !existsSync(CHROMIUM);
if (browserMissing && loadConfig().requireBrowserTests) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
if (browserMissing) console.warn(`Skipping the browser tests: ${CHROMIUM} is missing (apt-get install chromium).`);

beforeAll(async () => {
  if (browserMissing) return;
  api = await startTestApi();
  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'ig-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  // Anything not for this server is recorded and refused: the playground must work offline.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    foreignRequests.push(url.href);
    return route.abort();
  });
}, 120_000);

afterAll(async () => {
  await context?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  await api?.close();
});

describe.skipIf(browserMissing)('the playground', () => {
  it('is what a browser gets at GET /graphql, while a GraphQL GET still gets JSON', async () => {
    const page = await fetch(api.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/playground/assets/graphiql.min.js');
    const query = await fetch(`${api.url}?query=${encodeURIComponent('{ documents { id } }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(query.status).toBe(200);
    expect(((await query.json()) as { data: { documents: unknown[] } }).data.documents).toHaveLength(1);
  });

  it('loads offline, runs a saved example and shows the answer', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(api.url, { waitUntil: 'networkidle' });
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });

    // The saved examples are there as tabs; the first is open.
    const tabs = page.locator('.graphiql-tab');
    expect(await tabs.count()).toBeGreaterThanOrEqual(6);
    await expect.poll(() => page.locator('.graphiql-query-editor').innerText()).toContain('WhoIsThis');

    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    await expect.poll(() => response.innerText(), { timeout: 30_000 }).toContain('Deputy Prime Minister');
    expect(await response.innerText()).toContain('Denis Manturov');

    // The schema's descriptions are browsable in the documentation explorer.
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    await expect.poll(() => page.locator('.graphiql-doc-explorer').innerText(), { timeout: 15_000 }).toContain('Query');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  }, 90_000);
});
