/**
 * Pages of entities, read through to the end by cursor, give the whole list once, in order, in
 * either direction, for one kind (read in order from the (kind, name) index) and for several kinds
 * (sorted), with names shared by several entities (the id breaks the tie) and a filter on top.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey } from '../support/api-keys.js';
import { bearer, INGEST } from '../support/requests.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
const TEXT = 'Several companies and plants share names here.';
const NAMES = ['Delta', 'alpha', 'Charlie', 'Bravo', 'Delta', 'Echo', 'Alpha', 'Bravo', 'Foxtrot', 'Charlie', 'Golf'];

beforeAll(async () => {
  api = await startTestApi({ seed: false });
  const bundle = {
    document: { id: 'document/entity-pages', publisher: 'Pages', text: TEXT },
    entities: NAMES.flatMap((name, i) => [
      { id: `organization/page-${i}`, kind: 'ORGANIZATION', name, category: i % 2 ? 'COMPANY' : 'MEDIA', evidence: [TEXT] },
      { id: `plant/page-${i}`, kind: 'PLANT', name: `${name} works`, evidence: [TEXT] },
    ]),
  };
  const response = await api.gql(INGEST, { bundle }, bearer(await makeApiKey(api.db, ['ingest'])));
  expect(response.errors).toBeUndefined();
});
afterAll(() => api?.close());

const PAGE = `query($kinds: [EntityKind!], $categories: [OrganizationCategory!], $direction: SortDirection!, $first: Int, $after: String) {
  entities(kinds: $kinds, categories: $categories, orderBy: { field: NAME, direction: $direction }, first: $first, after: $after) {
    totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }`;

async function readAll(variables: Record<string, unknown>, first: number) {
  const seen: Array<{ id: string; name: string }> = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const response: { errors?: unknown; data?: any } = await api.gql(PAGE, { ...variables, first, after });
    expect(response.errors).toBeUndefined();
    const { edges, pageInfo } = response.data.entities as { edges: Array<{ node: { id: string; name: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
    seen.push(...edges.map((e) => e.node));
    if (!pageInfo.hasNextPage) return seen;
    after = pageInfo.endCursor;
  }
  throw new Error('no last page');
}

describe.each([
  ['one kind', { kinds: ['ORGANIZATION'] }, NAMES.length],
  ['two kinds', { kinds: ['ORGANIZATION', 'PLANT'] }, NAMES.length * 2],
  ['one kind and a category', { kinds: ['ORGANIZATION'], categories: ['COMPANY'] }, Math.floor(NAMES.length / 2)],
])('%s', (_, filter, expected) => {
  it.each(['ASC', 'DESC'])('pages of 3 in %s order give the whole list once, in order, as one long read does', async (direction) => {
    const paged = await readAll({ ...filter, direction }, 3);
    const whole = await readAll({ ...filter, direction }, 100);
    expect(paged).toHaveLength(expected);
    expect(paged).toEqual(whole);
    // Sorted by name, then id, as Cypher compares strings (by code point), in the direction asked.
    const sorted = [...whole].sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
    expect(whole).toEqual(direction === 'ASC' ? sorted : sorted.reverse());
  });
});
