/**
 * The explorer and CORS over HTTP: the page at every view's address with a policy that keeps it to
 * this server, an allowlist of assets, EXPLORER=false turning it off, and CORS_ORIGINS deciding which
 * other sites' pages may call the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';

describe('the explorer over HTTP', () => {
  let api: TestApi;
  let origin: string;
  beforeAll(async () => {
    api = await startTestApi({ seed: false });
    origin = new URL(api.url).origin;
  }, 60_000);
  afterAll(() => api?.close());

  it('is the same page at every view address, kept to this server by its content security policy', async () => {
    for (const view of ['/explore', '/explore/entity/person/someone', '/explore/connect?from=a&to=b']) {
      const response = await fetch(`${origin}${view}`);
      expect(response.status, view).toBe(200);
      expect(await response.text()).toContain('/explore/assets/explorer.js');
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("connect-src 'self'");
    }
  });

  it('serves its built assets and nothing else', async () => {
    const script = await fetch(`${origin}/explore/assets/explorer.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    for (const other of ['/explore/assets/index.html', '/explore/assets/..%2F..%2Fpackage.json', '/explore/assets/explorer.js.LEGAL.txt']) {
      expect((await fetch(`${origin}${other}`)).status, other).toBe(404);
    }
  });

  it('lets any origin call the API when CORS_ORIGINS is not set', async () => {
    const preflight = await fetch(api.url, { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('with settings', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ seed: false, env: { EXPLORER: 'false', CORS_ORIGINS: 'https://app.example.org' } });
  }, 60_000);
  afterAll(() => api?.close());

  it('EXPLORER=false: no explorer', async () => {
    const origin = new URL(api.url).origin;
    expect((await fetch(`${origin}/explore`)).status).toBe(404);
    expect((await fetch(`${origin}/explore/assets/explorer.js`)).status).toBe(404);
  });

  it('CORS_ORIGINS: a listed origin may call the API from its pages, another may not', async () => {
    const ask = (from: string) => fetch(api.url, { method: 'OPTIONS', headers: { origin: from, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    const allowed = await ask('https://app.example.org');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    const refused = await ask('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    // An answer to a listed origin's actual request carries the header too.
    const answer = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://app.example.org' },
      body: JSON.stringify({ query: '{ documents { id } }' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
  });
});
