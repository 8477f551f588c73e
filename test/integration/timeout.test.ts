/**
 * Safety catalogue row 17: a pathological traversal is ended by Neo4j's own transaction timeout,
 * and the client gets a bounded error with a code, not a hung request or internals (at the data
 * layer, with a runaway statement). Path questions, once the traversal only the timeout could end,
 * are a bounded search of their own (data/path-search.ts): over HTTP, on dense clusters.
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

/** Every member of a cluster related to every other: what makes a path search that enumerates walks explode. */
function cluster(name: string, size: number) {
  const members = Array.from({ length: size }, (_, i) => `organization/${name}-${i}`);
  return {
    members,
    relations: members.flatMap((a, i) => members.slice(i + 1).map((b) => ({ type: 'PARTNER_OF', from: a, to: b, evidence: ['all deal with one another'] }))),
  };
}

/**
 * Two dense clusters (120 and 60 members) joined through two links, and two outsiders tied to the
 * same member of the first: one path joins the outsiders, but the walks through the cluster that a
 * search by walks must rule out number in the millions. Every argument asked is within the API's limits.
 */
function clustersBundle() {
  const text = 'The members of each cluster all deal with one another. The source and the target each deal only with the first member. Two links join the clusters.';
  const a = cluster('a', 120);
  const b = cluster('b', 60);
  const outsiders = ['organization/source', 'organization/target'];
  const links = ['organization/link-1', 'organization/link-2'];
  return parseBundle(
    {
      document: { id: 'document/clusters', publisher: 'Test', text },
      entities: [...a.members, ...b.members, ...outsiders, ...links].map((id) => ({ id, kind: 'ORGANIZATION', name: id.split('/')[1], evidence: ['The members of each cluster'] })),
      relations: [
        ...a.relations,
        ...b.relations,
        ...outsiders.map((id) => ({ type: 'PARTNER_OF', from: id, to: a.members[0], evidence: ['each deal only with the first member'] })),
        ...[[a.members[1], links[0]], [links[0], links[1]], [links[1], b.members[1]]].map(([from, to]) => ({ type: 'PARTNER_OF', from, to, evidence: ['Two links join the clusters'] })),
      ],
    },
    'clusters',
  );
}

describe('a pathological traversal over HTTP (catalogue row 17)', () => {
  it('cannot run away: paths through dense clusters are answered by a bounded search, which says when it stopped early; nothing changed', async () => {
    const api = await startTestApi({ seed: false, env: { NODE_ENV: 'production', PATH_SEARCH_RELATIONS: '2000' } });
    const loader = testDatabase();
    try {
      await loadBundle(loader, clustersBundle());
      const before = await snapshotGraph(loader);
      const query = 'query($from: ID!, $to: ID!) { paths(from: $from, to: $to, maxHops: 6, first: 10) { length steps { from { id } to { id } } } }';

      // Once a question that only Neo4j's transaction timeout could end (a search by walks).
      const started = Date.now();
      const outsiders = await api.gql(query, { from: 'organization/source', to: 'organization/target' });
      console.log(`paths between the outsiders answered in ${Date.now() - started} ms`);
      expect(outsiders.errors).toBeUndefined();
      expect(outsiders.data.paths).toEqual([
        { length: 2, steps: [{ from: { id: 'organization/source' }, to: { id: 'organization/a-0' } }, { from: { id: 'organization/a-0' }, to: { id: 'organization/target' } }] },
      ]);

      // From inside one cluster to inside the other: each side's next level holds thousands of
      // relations, more than the search may read (PATH_SEARCH_RELATIONS), so it stops and says so.
      const stopped = await api.gql(query, { from: 'organization/a-5', to: 'organization/b-5' });
      expect(stopped.data?.paths ?? null).toBeNull();
      expect(stopped.errors?.[0]?.extensions).toMatchObject({ code: 'PATH_SEARCH_LIMIT', hopsSearched: 2 });
      expect(stopped.errors?.[0]?.message).toMatch(/stopped early.*PATH_SEARCH_RELATIONS/);
      expect(JSON.stringify(stopped)).not.toMatch(/Neo\.|MATCH|stack/i);

      // Within its bounds it finds the way through the links.
      const linked = await api.gql(query, { from: 'organization/a-5', to: 'organization/link-2' });
      expect(linked.errors).toBeUndefined();
      expect(linked.data.paths.map((path: { steps: Array<{ to: { id: string } }> }) => path.steps.map((step) => step.to.id))).toEqual([
        ['organization/a-1', 'organization/link-1', 'organization/link-2'],
      ]);
      expect(await snapshotGraph(loader)).toBe(before);
    } finally {
      await loader.close();
      await api.close();
    }
  });
});
