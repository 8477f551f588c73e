/**
 * The resolvers' own logic, run through the whole GraphQL pipeline of the API (its validation
 * rules, limits and authorization plugin) with `executeOperation` and a stand-in reader instead of
 * the database: which arguments are refused with which code before anything is read, and what the
 * reader is asked for once they pass. What the database answers is the integration tests' part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApolloServer } from '@apollo/server';
import { createApolloServer } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { GraphQLContext } from '../../src/context.js';
import type { Database } from '../../src/data/database.js';
import type { GraphReader } from '../../src/data/graph-reader.js';
import type { EntityRecord } from '../../src/data/records.js';
import { entityCursor } from '../../src/domain/cursor.js';
import { entityFieldValues } from '../../src/domain/entity-fields.js';

const config = loadConfig({ NODE_ENV: 'test' });
let server: ApolloServer<GraphQLContext>;
beforeAll(async () => {
  server = createApolloServer(config);
  await server.start();
});
afterAll(() => server?.stop());

const PLANT: EntityRecord = {
  id: 'plant/a',
  kind: 'PLANT',
  name: 'A',
  aliases: [],
  unidentified: false,
  ...entityFieldValues('PLANT', { status: 'IDLE', products: ['cars'] }),
};

/** A reader that answers from a fixed entity and records what it is asked: only what resolvers call. */
function standInReader() {
  const calls: Array<{ method: string; request: unknown }> = [];
  const record = <T>(method: string, answer: T) => async (request: unknown) => {
    calls.push({ method, request });
    return answer;
  };
  const reader = {
    seesRestricted: false,
    entity: { load: async (id: string) => (id === PLANT.id ? PLANT : null) },
    entityWithRelations: async (id: string, relations: unknown, detail: unknown) => {
      calls.push({ method: 'entityWithRelations', request: { id, relations, detail } });
      return id === PLANT.id ? PLANT : null;
    },
    relationsOf: record('relationsOf', { edges: [], hasNextPage: false, totalCount: 0 }),
    entities: record('entities', { edges: [{ cursor: 'c', node: PLANT }], hasNextPage: false, totalCount: 1 }),
    search: record('search', []),
    neighborhood: record('neighborhood', { nodes: [PLANT], edges: [], truncated: false, omitted: [] }),
    paths: record('paths', []),
    timeline: record('timeline', []),
  };
  return { reader: reader as unknown as GraphReader, calls };
}

async function run(query: string, variables: Record<string, unknown> = {}) {
  const { reader, calls } = standInReader();
  const contextValue: GraphQLContext = { data: reader, config, db: {} as Database, principal: null };
  const response = await server.executeOperation({ query, variables }, { contextValue });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  const { data, errors } = response.body.singleResult;
  return { data: data as Record<string, any> | null | undefined, errors, status: response.http.status ?? 200, calls };
}

describe('arguments refused before anything is read', () => {
  it.each([
    ['a page size over the maximum, as a literal', '{ entities(first: 101) { totalCount } }', {}, 'first'],
    ['a page size over the maximum, as a variable', 'query($n: Int) { entities(first: $n) { totalCount } }', { n: 101 }, 'first'],
    ['path hops out of range', 'query($n: Int) { paths(from: "plant/a", to: "plant/a", maxHops: $n) { length } }', { n: 7 }, 'maxHops'],
    ['a neighbourhood too deep', 'query($n: Int) { neighborhood(id: "plant/a", depth: $n) { nodes { id } } }', { n: 4 }, 'depth'],
    ['a cursor that is no cursor', '{ timeline(after: "not a cursor") { cursor } }', {}, 'after'],
    ['an entity cursor of another order', `{ entities(orderBy: {field: NAME, direction: DESC}, after: "${entityCursor.encode('NAME:ASC', 'a', 'plant/a')}") { totalCount } }`, {}, 'after'],
    ['blank search text', '{ search(text: "   ") { score } }', {}, 'text'],
  ])('%s: BAD_USER_INPUT naming the argument, HTTP 400', async (_, query, variables, argument) => {
    const { errors, status, calls } = await run(query, variables);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(errors)).toContain(argument);
    expect(status).toBe(400);
    expect(calls).toEqual([]);
  });

  it('an unknown entity at the start of an analysis is NOT_FOUND naming the argument', async () => {
    const { errors, calls } = await run('{ paths(from: "plant/a", to: "plant/nowhere") { length } }');
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'to' });
    expect(calls).toEqual([]);
  });

  it('a write without a credential is UNAUTHENTICATED, before any resolver runs', async () => {
    const { errors, calls } = await run('mutation { retractRelation(id: "owns:a:b", reason: "x") { id } }');
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(calls).toEqual([]);
  });
});

describe('what the reader is asked once the arguments pass', () => {
  it('entities: defaults filled in, empty filters as none, and the page passed through', async () => {
    const { data, errors, calls } = await run('{ entities(kinds: [], first: 5) { totalCount edges { node { id ... on Plant { status products } } } } }');
    expect(errors).toBeUndefined();
    expect(calls).toEqual([
      { method: 'entities', request: { kinds: null, categories: null, nameContains: null, orderBy: { field: 'NAME', direction: 'ASC' }, first: 5, after: null, withTotal: true, relations: null, detail: 'all' } },
    ]);
    expect(data?.entities).toEqual({ totalCount: 1, edges: [{ node: { id: 'plant/a', status: 'IDLE', products: ['cars'] } }] });
  });

  it('entities: the total is counted only when some selection asks for it (directly, aliased or in a fragment)', async () => {
    const withTotal = async (query: string) => ((await run(query)).calls[0]?.request as { withTotal: boolean }).withTotal;
    expect(await withTotal('{ entities { edges { cursor } } }')).toBe(false);
    expect(await withTotal('{ entities { n: totalCount } }')).toBe(true);
    expect(await withTotal('{ entities { ... on EntityConnection { totalCount } } }')).toBe(true);
    expect(await withTotal('query { entities { ...Page } } fragment Page on EntityConnection { totalCount }')).toBe(true);
  });

  it('entity and entities read ahead the one page of relations asked for below them, built as the relations field builds it', async () => {
    const query = `query($types: [RelationType!]) { entity(id: "plant/a") { ...Owners } }
      fragment Owners on Plant { relations(types: $types, direction: INCOMING, first: 3) { totalCount edges { node { evidence { quote } } } } }`;
    const { errors, calls } = await run(query, { types: ['PART_OF', 'OWNS', 'OWNS'] });
    expect(errors).toBeUndefined();
    const page = { types: ['OWNS', 'PART_OF'], direction: 'INCOMING', asOf: null, first: 3, afterId: null, withEvidence: true, withTotal: true, otherDetail: 'names' };
    // The relations resolver then asks for the very page the entity was read with (the loader has it).
    expect(calls).toEqual([
      { method: 'entityWithRelations', request: { id: 'plant/a', relations: page, detail: 'names' } },
      { method: 'relationsOf', request: { entityId: 'plant/a', ...page } },
    ]);

    const list = await run('{ entities { edges { node { relations(types: OWNS, first: 2, asOf: "2024") { edges { cursor } } } } } }');
    expect((list.calls[0]?.request as { relations: unknown }).relations).toEqual({
      types: ['OWNS'], direction: 'BOTH', asOf: { start: '2024-01-01', end: '2024-12-31' }, first: 2, afterId: null, withEvidence: false, withTotal: false, otherDetail: 'names',
    });
  });

  it('an entity is read whole only when a field beyond its names is asked of it', async () => {
    const detail = async (fields: string) => ((await run(`{ entity(id: "plant/a") { ${fields} } }`)).calls[0]?.request as { detail: string }).detail;
    expect(await detail('id name aliases')).toBe('names');
    expect(await detail('name ... on Plant { products }')).toBe('all');
  });

  it('a list of entities reads all of each only when a field beyond its names is asked of it', async () => {
    const detail = async (node: string) => ((await run(`{ entities { edges { node { ${node} } } } }`)).calls[0]?.request as { detail: string }).detail;
    expect(await detail('id name relations { totalCount }')).toBe('names');
    expect(await detail('name ... on Plant { status }')).toBe('all');
    expect(await detail('description')).toBe('all');
  });

  it('a relation page reads all of the entities at its other ends only when a field beyond their names is asked of them', async () => {
    const detail = async (below: string) =>
      ((await run(`query { entity(id: "plant/a") { relations { edges { node { ${below} } } } } }${below.includes('...Described') ? ' fragment Described on Entity { description }' : ''}`)).calls[0]
        ?.request as { relations: { otherDetail: string } }).relations.otherDetail;
    expect(await detail('id')).toBe('names');
    expect(await detail('to { __typename id name aliases } other { kind unidentified }')).toBe('names');
    expect(await detail('from { evidence { quote } relations { totalCount } history { totalCount } mergedIds statements { id } }')).toBe('names');
    expect(await detail('to { name ... on Plant { status } }')).toBe('all');
    expect(await detail('other { ...Described }')).toBe('all');
    expect(await detail('from { name description }')).toBe('all');
  });

  it('nothing is read ahead for no relations, two pages under two names, or a bad argument (refused at the field, with its path)', async () => {
    const ahead = async (query: string) => ((await run(query)).calls[0]?.request as { relations: unknown }).relations;
    expect(await ahead('{ entity(id: "plant/a") { id } }')).toBeNull();
    expect(await ahead('{ entity(id: "plant/a") { a: relations(first: 1) { totalCount } b: relations(first: 2) { totalCount } } }')).toBeNull();
    const { errors, calls } = await run('{ entity(id: "plant/a") { relations(after: "not a cursor") { totalCount } } }');
    expect(calls[0]).toEqual({ method: 'entityWithRelations', request: { id: 'plant/a', relations: null, detail: 'names' } });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.path).toEqual(['entity', 'relations']);
  });

  it('timeline: a date range becomes the days it covers, and defaults pass through', async () => {
    const { errors, calls } = await run('{ timeline(entityId: "plant/a", from: "2024-H1", to: "2024-Q3", first: 10) { cursor } }');
    expect(errors).toBeUndefined();
    expect(calls).toEqual([{ method: 'timeline', request: { entityId: 'plant/a', range: { start: '2024-01-01', end: '2024-09-30' }, first: 10, after: null } }]);
  });

  it('neighborhood: the defaults of depth and limit, no type filter for an empty list', async () => {
    const { errors, calls } = await run('{ neighborhood(id: "plant/a", types: []) { truncated } }');
    expect(errors).toBeUndefined();
    expect(calls).toEqual([{ method: 'neighborhood', request: { id: 'plant/a', depth: 1, types: null, asOf: null, limit: 100, nodeDetail: 'names' } }]);
  });

  it('neighborhood: all of each entity is read when more than names is asked of its nodes, or any edge end or omission is asked for', async () => {
    const detail = async (below: string) => ((await run(`{ neighborhood(id: "plant/a") { ${below} } }`)).calls[0]?.request as { nodeDetail: string }).nodeDetail;
    expect(await detail('nodes { id name kind } edges { id type }')).toBe('names');
    expect(await detail('nodes { ... on Plant { status } }')).toBe('all');
    expect(await detail('nodes { id } edges { from { id } }')).toBe('all');
    expect(await detail('omitted { entity { id } count }')).toBe('all');
  });
});
