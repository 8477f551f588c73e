/**
 * GET /health says whether the database is reachable; with the database gone the API stays up,
 * says 503, and answers queries with DATABASE_UNAVAILABLE instead of internals.
 */
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/app.js';
import { Database } from '../../src/data/database.js';
import { bearer } from '../support/requests.js';
import { postGraphQL, startTestApi, testConfig } from '../support/test-api.js';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const toClose: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of toClose.reverse()) await close();
});

describe('health', () => {
  it('answers 200 with the database reachable', async () => {
    const api = await startTestApi({ seed: false });
    toClose.push(() => api.close());
    const response = await fetch(api.url.replace('/graphql', '/health'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'up' });
  });

  it('answers 503 when the database cannot be reached, and queries get DATABASE_UNAVAILABLE', async () => {
    const config = testConfig({ NEO4J_MAX_RETRY_MS: '500' });
    const db = new Database({ ...config.neo4j, uri: `bolt://127.0.0.1:${await closedPort()}` });
    const server: RunningServer = await startServer(db, config);
    toClose.push(async () => {
      await server.stop();
      await db.close();
    });

    const health = await fetch(server.url.replace('/graphql', '/health'));
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', database: 'down' });

    const response = await postGraphQL(server.url, '{ entity(id: "person/denis-manturov") { name } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    expect(JSON.stringify(response)).not.toMatch(/ECONNREFUSED|bolt:|stack/i);

    // A write with a key needs the database to check the key: also DATABASE_UNAVAILABLE, as a 503.
    const write = await postGraphQL(server.url, 'mutation { ingestBundle(bundle: {}) { quotes } }', {}, bearer(`igk_aaaaaaaaaaaa_${'A'.repeat(43)}`));
    expect(write.status).toBe(503);
    expect(write.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    expect(write.errors?.[0]?.message).not.toMatch(/Context creation failed|ECONNREFUSED/);
  }, 90_000);
});
