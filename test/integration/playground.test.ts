/**
 * The playground in a real browser (Debian's Chromium, driven by playwright-core): it loads with
 * no request beyond this server, runs a saved example, and shows the answer. A screenshot is kept
 * in test-artifacts/ for people to look at.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browserMissing, launchBrowser, type Browser } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
let browser: Browser;
let context: BrowserContext;

const missing = browserMissing();

beforeAll(async () => {
  if (missing) return;
  api = await startTestApi();
  browser = await launchBrowser();
  context = browser.context;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe.skipIf(missing)('the playground', () => {
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
    expect(browser.foreignRequests).toEqual([]);
  }, 90_000);
});
