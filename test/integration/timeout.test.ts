/**
 * Safety catalogue row 17: a pathological traversal is ended by Neo4j's own transaction timeout,
 * and the client gets a bounded error with a code, not a hung request or internals.
 */
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatError } from '../../src/app.js';
import { cypher, Database } from '../../src/data/database.js';
import { testConfig } from '../support/test-api.js';
import { inject } from 'vitest';

let db: Database;
beforeAll(() => {
  const config = testConfig({ NEO4J_TX_TIMEOUT_MS: '300' });
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
