/**
 * Relations page by opaque cursor over a stable order, with a total that does not depend on the
 * page, direction and type filters, and an as-of filter that respects what the sources leave open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/data/database.js';
import { applySchema } from '../../src/data/schema-setup.js';
import { loadBundle, parseBundle } from '../../src/ingest/load-bundle.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;

const HUB_TEXT = 'Hub Holding owns many plants. It bought them over the years. Some were sold in 2019.';
/** A bundle of its own (not the seed): one organization that owns 25 plants, with dated ownerships. */
function hubBundle() {
  const plants = Array.from({ length: 25 }, (_, i) => ({ kind: 'PLANT', name: `Hub plant ${String(i).padStart(2, '0')}`, evidence: ['owns many plants'] }));
  return parseBundle(
    {
      document: { id: 'document/hub-test', publisher: 'Test Wire', text: HUB_TEXT },
      entities: [{ kind: 'ORGANIZATION', name: 'Hub Holding', category: 'COMPANY', evidence: ['Hub Holding'] }, ...plants],
      relations: plants.map((plant, i) => ({
        type: 'OWNS',
        from: 'organization/hub-holding',
        to: `plant/hub-plant-${String(i).padStart(2, '0')}`,
        ...(i < 5 ? { validFrom: '2010', validTo: '2019', current: false } : {}),
        ...(i >= 5 && i < 10 ? { validFrom: '2021-Q3' } : {}),
        evidence: i < 5 ? ['Some were sold in 2019'] : ['Hub Holding owns many plants'],
      })),
    },
    'hub test bundle',
  );
}

beforeAll(async () => {
  api = await startTestApi();
  await loadBundle(api.db, hubBundle());
});
afterAll(() => api?.close());

const PAGE = `query($id: ID!, $first: Int, $after: String, $asOf: PartialDate, $direction: Direction, $types: [RelationType!]) {
  entity(id: $id) { relations(first: $first, after: $after, asOf: $asOf, direction: $direction, types: $types) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id other { id } } }
  } }
}`;

async function page(variables: Record<string, unknown>) {
  const response = await api.gql(PAGE, { id: 'organization/hub-holding', ...variables });
  expect(response.errors).toBeUndefined();
  return response.data.entity.relations;
}

describe('relation pages', () => {
  it('walks every relation exactly once, in a stable order, with the same total on every page', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result = await page({ first: 10, after });
      expect(result.totalCount).toBe(25);
      seen.push(...result.edges.map((e: { node: { id: string } }) => e.node.id));
      pages += 1;
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(25);
    expect(seen).toEqual([...seen].sort());
    const again = await page({ first: 25 });
    expect(again.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(seen);
  });

  it('continues from any edge cursor', async () => {
    const first = await page({ first: 5 });
    const next = await page({ first: 5, after: first.edges[2].cursor });
    expect(next.edges[0].node.id).toBe(first.edges[3].node.id);
  });

  it('an empty last page has no end cursor', async () => {
    const all = await page({ first: 25 });
    const after = await page({ first: 5, after: all.pageInfo.endCursor });
    expect(after).toMatchObject({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 25 });
  });

  it('filters by direction and type', async () => {
    expect((await page({ first: 1, direction: 'INCOMING' })).totalCount).toBe(0);
    expect((await page({ first: 1, direction: 'OUTGOING', types: ['OWNS'] })).totalCount).toBe(25);
    expect((await page({ first: 1, types: ['PART_OF'] })).totalCount).toBe(0);
    const plant = await api.gql(PAGE, { id: 'plant/hub-plant-07', first: 5, direction: 'INCOMING' });
    expect(plant.data.entity.relations.edges[0].node.other.id).toBe('organization/hub-holding');
  });

  it('as of a date keeps what the known dates do not rule out', async () => {
    // 2015: the 5 sold in 2019 held; the 5 bought in 2021-Q3 did not yet; 15 undated ones may have.
    expect((await page({ first: 1, asOf: '2015' })).totalCount).toBe(20);
    // 2022-H1: the sold ones are ruled out, the 2021 purchases hold.
    expect((await page({ first: 1, asOf: '2022-H1' })).totalCount).toBe(20);
    // 2021 overlaps 2021-Q3: it cannot rule those out.
    expect((await page({ first: 1, asOf: '2021' })).totalCount).toBe(20);
    expect((await page({ first: 1, asOf: '2020' })).totalCount).toBe(15);
  });

  it('relations written before pages were read by their keys are brought up to date once, at the next start', async () => {
    // As an earlier version left them: no page keys, and no record that the migration ran.
    await api.db.write((tx) =>
      tx.run(cypher('testDropRelationKeys', 'MATCH ()-[r:OWNS]->() REMOVE r.toKey, r.hiddenFrom, r.hiddenTo WITH count(*) AS n MATCH (m:SchemaMigration) DELETE m')),
    );
    const before = await api.gql(PAGE, { id: 'plant/hub-plant-07', first: 5, direction: 'INCOMING' });
    expect(before.data.entity.relations.edges).toEqual([]);
    await applySchema(api.db);
    const after = await api.gql(PAGE, { id: 'plant/hub-plant-07', first: 5, direction: 'INCOMING' });
    expect(after.data.entity.relations).toMatchObject({ totalCount: 1, edges: [{ node: { other: { id: 'organization/hub-holding' } } }] });
    expect((await page({ first: 25 })).edges).toHaveLength(25);
  });
});
