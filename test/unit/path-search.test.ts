/**
 * The path search's logic (data/path-search.ts) on small graphs held in memory: which paths it puts
 * together, in which order, and where its bounds stop it. The statements it sends are answered here
 * from the graph's edges as Neo4j would answer them; the same search on Neo4j is tested in
 * test/integration (seed-analysis, synthetic-scale, timeout).
 */
import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import type { NamedQuery } from '../../src/data/database.js';
import { searchShortestPaths } from '../../src/data/path-search.js';
import type { ReadSession } from '../../src/data/read-session.js';
import { PathSearchLimitError } from '../../src/errors.js';

/** A reader over edges [relationId, from, to], answering the search's two statements. */
function graphReader(edges: Array<[string, string, string]>): ReadSession & { statements: string[] } {
  const incident = (id: string) => edges.filter(([, a, b]) => a === id || b === id);
  const statements: string[] = [];
  return {
    statements,
    async read(query: NamedQuery, params: Record<string, unknown> = {}) {
      statements.push(query.name);
      const ids = params.ids as string[];
      if (query.name === 'pathRootDegrees') return ids.map((id) => ({ id, degree: incident(id).length }));
      const rows = ids.flatMap((id) =>
        incident(id).map(([relationId, a, b]) => {
          const otherId = a === id ? b : a;
          return { id, relationId, otherId, degree: incident(otherId).length };
        }),
      );
      return rows.slice(0, Number(params.limit));
    },
    primeOtherEntity() {},
    primeRelation() {},
    primeEntity() {},
    primeEntityAs() {},
    primeRelationPage() {},
    primeEvidence() {},
  };
}

const ask = (reader: ReadSession, from: string, to: string, { maxHops = 4, first = 3, relations = 1000 } = {}) =>
  searchShortestPaths(reader, { from, to, types: ['OWNS'], maxHops, first }, { relations, timeoutMs: 10_000 });
const relationsOf = (paths: Array<Array<{ relationId: string }>>) => paths.map((steps) => steps.map((step) => step.relationId));

describe('the path search', () => {
  it('finds every shortest path, in a stable order, each entity once, whichever way relations point', async () => {
    // a - b - d and a - c - d (c -> a points backwards), and a longer way a - e - f - d.
    const reader = graphReader([['r1', 'a', 'b'], ['r2', 'b', 'd'], ['r3', 'c', 'a'], ['r4', 'c', 'd'], ['r5', 'a', 'e'], ['r6', 'e', 'f'], ['r7', 'f', 'd']]);
    const paths = await ask(reader, 'a', 'd');
    expect(relationsOf(paths)).toEqual([['r1', 'r2'], ['r3', 'r4']]);
    expect(paths[1]).toEqual([{ fromId: 'a', toId: 'c', relationId: 'r3' }, { fromId: 'c', toId: 'd', relationId: 'r4' }]);
  });

  it('counts two relations between the same entities as two paths, and stops at `first`', async () => {
    const reader = graphReader([['r1', 'a', 'b'], ['r2', 'a', 'b'], ['r3', 'b', 'c'], ['r4', 'c', 'd'], ['r5', 'b', 'd']]);
    expect(relationsOf(await ask(reader, 'a', 'd'))).toEqual([['r1', 'r5'], ['r2', 'r5']]);
    expect(relationsOf(await ask(reader, 'a', 'd', { first: 1 }))).toEqual([['r1', 'r5']]);
  });

  it('finds paths longer than two levels from each end, and none past maxHops or between parts of the graph', async () => {
    const chain = Array.from({ length: 6 }, (_, i) => [`r${i}`, `n${i}`, `n${i + 1}`] as [string, string, string]);
    const reader = graphReader([...chain, ['x', 'island', 'islet']]);
    expect(relationsOf(await ask(reader, 'n0', 'n6', { maxHops: 6 }))).toEqual([['r0', 'r1', 'r2', 'r3', 'r4', 'r5']]);
    expect(await ask(reader, 'n0', 'n6', { maxHops: 5 })).toEqual([]);
    expect(await ask(reader, 'n0', 'island')).toEqual([]);
  });

  it('expands the end with fewer relations first: from a hub to a leaf, it reads the leaf side', async () => {
    const spokes = Array.from({ length: 50 }, (_, i) => [`s${i}`, 'hub', `leaf${i}`] as [string, string, string]);
    const reader = graphReader(spokes);
    expect(relationsOf(await ask(reader, 'hub', 'leaf7', { relations: 5 }))).toEqual([['s7']]);
  });

  it('stops, saying how far it got, when the next level would read more relations than it may', async () => {
    const left = Array.from({ length: 20 }, (_, i) => [`l${i}`, 'a', `a${i}`] as [string, string, string]);
    const right = Array.from({ length: 20 }, (_, i) => [`q${i}`, 'z', `z${i}`] as [string, string, string]);
    const reader = graphReader([...left, ...right, ['bridge', 'a3', 'z3']]);
    expect(relationsOf(await ask(reader, 'a', 'z'))).toEqual([['l3', 'bridge', 'q3']]);
    const stopped = await ask(reader, 'a', 'z', { relations: 30 }).catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(PathSearchLimitError);
    expect((stopped as PathSearchLimitError).progress).toMatchObject({ hopsSearched: 1, relationsRead: 20 });
  });

  it('gives each level what is left of its time, and says it stopped when a level runs out of it', async () => {
    const reader = graphReader([['r1', 'a', 'b'], ['r2', 'b', 'c'], ['r3', 'c', 'd']]);
    const timeouts: number[] = [];
    const timing: ReadSession = {
      ...reader,
      async read(query, params, options) {
        if (query.name === 'pathExpansion') {
          timeouts.push(options!.timeoutMs!);
          // The second level outlasts what is left: Neo4j ends its transaction.
          if (timeouts.length === 2) throw new Neo4jError('timed out', 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', '', '');
        }
        return reader.read(query, params);
      },
    };
    const stopped = await ask(timing, 'a', 'd').catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(PathSearchLimitError);
    expect((stopped as PathSearchLimitError).message).toMatch(/time ran out/);
    expect((stopped as PathSearchLimitError).progress).toMatchObject({ hopsSearched: 1, relationsRead: 1 });
    expect(timeouts[0]).toBeLessThanOrEqual(10_000);
    expect(timeouts[1]).toBeLessThanOrEqual(timeouts[0]!);
  });

  it('stops rather than answer from a level cut short, when a level holds more relations than its degrees promised', async () => {
    // `a` has six relations, the one to `d` last; its degree was read before five of them were written.
    const reader = graphReader([...Array.from({ length: 5 }, (_, i) => [`new${i}`, 'a', `n${i}`] as [string, string, string]), ['r1', 'a', 'd']]);
    const stale: ReadSession = {
      ...reader,
      async read(query, params) {
        const rows = await reader.read(query, params);
        return query.name === 'pathRootDegrees' ? rows.map((row) => (row.id === 'a' ? { ...row, degree: 1 } : row)) : rows;
      },
    };
    expect(relationsOf(await ask(stale, 'a', 'd', { maxHops: 1 }))).toEqual([['r1']]);
    // Cut at the bound, the level would miss `r1`, and the answer would be "no path".
    const stopped = await ask(stale, 'a', 'd', { maxHops: 1, relations: 3 }).catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(PathSearchLimitError);
  });
});
