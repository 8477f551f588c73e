/**
 * Debian's Chromium, driven by playwright-core (which downloads no browser), for the browser tests:
 * a developer without it gets a skip that says why; CI (REQUIRE_BROWSER_TESTS=true) gets a failure.
 * Every request for another host than this machine is recorded and refused: the pages must work offline.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { loadConfig, PROJECT_ROOT } from '../../src/config.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Where the browser tests leave their screenshots (ignored by git). */
export const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');

/** True (with a note) when the tests must be skipped; throws when they must not be. */
export function browserMissing(): boolean {
  if (existsSync(CHROMIUM)) return false;
  if (loadConfig().requireBrowserTests) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  console.warn(`Skipping the browser tests: ${CHROMIUM} is missing (apt-get install chromium).`);
  return true;
}

export interface Browser {
  context: BrowserContext;
  /** Requests for other hosts, refused. */
  foreignRequests: string[];
  close(): Promise<void>;
}

export async function launchBrowser({ viewport }: { viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'ig-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    ...(viewport ? { viewport } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const foreignRequests: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    foreignRequests.push(url.href);
    return route.abort();
  });
  return {
    context,
    foreignRequests,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
