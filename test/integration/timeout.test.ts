/**
 * Safety catalogue row 17: a pathological traversal is ended by Neo4j's own transaction timeout,
 * and the client gets a bounded error with a code, not a hung request or internals: first at the
 * data layer with a runaway statement, then over HTTP with a path question on a dense cluster.
 */
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatError } from '../../src/app.js';
import { cypher, Database } from '../../src/data/database.js';
import { loadBundle, parseBundle } from '../../src/ingest/load-bundle.js';
import { snapshotGraph, startTestApi, testConfig, testDatabase } from '../support/test-api.js';
import { inject } from 'vitest';

let db: Database;
beforeAll(() => {
  const config = testConfig({ NEO4J_READ_TIMEOUT_MS: '300' });
  db = new Database({ ...config.neo4j, uri: inject('neo4jUri') });
});
afterAll(() => db?.close());

describe('the transaction timeout', () => {
  it('stops a runaway read on the server, and the client gets QUERY_TIMEOUT', async () => {
    const runaway = cypher('testRunaway', 'UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 0 RETURN count(x) AS n');
    const started = Date.now();
    const error = await db.read((tx) => tx.run(runaway)).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect((error as { code?: string }).code).toMatch(/^Neo\.ClientError\.Transaction\.TransactionTimedOut/);
    expect(elapsed).toBeLessThan(30_000); // bounded: the server ended it, far sooner than it would finish

    const wrapped = new GraphQLError('boom', { originalError: error as Error, path: ['paths'] });
    const formatted = formatError({ message: 'boom', path: ['paths'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, wrapped);
    expect(formatted.extensions?.code).toBe('QUERY_TIMEOUT');
    expect(JSON.stringify(formatted)).not.toMatch(/Neo\.|range\(|Transaction/);
  });
});

/**
 * A dense cluster (every member related to every other) with two outsiders tied to the same member:
 * one path joins them, but the walks through the cluster that a path search must rule out number in
 * the millions. Every argument is within the API's limits; only the timeout can stop the search.
 */
function clusterBundle(size: number) {
  const text = 'The members of the cluster all deal with one another. The source and the target each deal only with the first member.';
  const members = Array.from({ length: size }, (_, i) => `organization/member-${i}`);
  const outsiders = ['organization/source', 'organization/target'];
  return parseBundle(
    {
      document: { id: 'document/cluster', publisher: 'Test', text },
      entities: [...members, ...outsiders].map((id) => ({ id, kind: 'ORGANIZATION', name: id.split('/')[1], evidence: ['The members of the cluster'] })),
      relations: [
        ...members.flatMap((a, i) => members.slice(i + 1).map((b) => ({ type: 'PARTNER_OF', from: a, to: b, evidence: ['all deal with one another'] }))),
        ...outsiders.map((id) => ({ type: 'PARTNER_OF', from: id, to: members[0], evidence: ['each deal only with the first member'] })),
      ],
    },
    'cluster',
  );
}

describe('a pathological traversal over HTTP (catalogue row 17)', () => {
  it('is ended by the transaction timeout: the client gets QUERY_TIMEOUT, promptly, and nothing changed', async () => {
    const api = await startTestApi({ seed: false, env: { NODE_ENV: 'production', NEO4J_READ_TIMEOUT_MS: '1000', NEO4J_MAX_RETRY_MS: '0' } });
    const loader = testDatabase();
    try {
      // Loaded with the usual timeout: the API's short one is for the question, not for the setup.
      // 120 members: the search takes many times the timeout (80 took ~2 s, too close to Neo4j's
      // timeout check, which runs every ~2 s, to be certain it is stopped).
      // The snapshots too: a whole-graph read may outlast the API's 1 s on a busy machine.
      await loadBundle(loader, clusterBundle(120));
      const before = await snapshotGraph(loader);
      const started = Date.now();
      const response = await api.gql('{ paths(from: "organization/source", to: "organization/target", maxHops: 6, first: 10) { length } }');
      const elapsed = Date.now() - started;
      console.log(`pathological paths request answered in ${elapsed} ms: ${JSON.stringify(response.errors?.[0]?.extensions ?? response.data)}`);
      expect(response.errors?.[0]?.extensions?.code).toBe('QUERY_TIMEOUT');
      expect(JSON.stringify(response)).not.toMatch(/Neo\.|SHORTEST|MATCH|stack/i);
      expect(elapsed).toBeLessThan(30_000);
      expect(await snapshotGraph(loader)).toBe(before);
    } finally {
      await loader.close();
      await api.close();
    }
  });
});
