/**
 * Fields that fan out are batched per request: a nested query over N entities makes the same
 * number of database round trips whatever N is.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadBundle, parseBundle } from '../../src/ingest/load-bundle.js';
import { CountingDatabase, startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
let db: CountingDatabase;

const TEXT = 'Fan Group owns plants. Each plant sits in a town. Each plant is run by a manager.';

/** An organization owning `count` plants, each located in its own town. */
function fanBundle(count: number) {
  const pad = (i: number) => String(i).padStart(3, '0');
  const plants = Array.from({ length: count }, (_, i) => ({ kind: 'PLANT', name: `Fan plant ${pad(i)}`, description: `Plant ${i} of the fan`, evidence: ['Fan Group owns plants'] }));
  const towns = Array.from({ length: count }, (_, i) => ({ kind: 'PLACE', name: `Fan town ${pad(i)}`, placeType: 'CITY', evidence: ['Each plant sits in a town'] }));
  return parseBundle(
    {
      document: { id: 'document/fan-test', publisher: 'Test Wire', text: TEXT },
      entities: [{ kind: 'ORGANIZATION', name: 'Fan Group', evidence: ['Fan Group'] }, ...plants, ...towns],
      relations: [
        ...plants.map((_, i) => ({ type: 'OWNS', from: 'organization/fan-group', to: `plant/fan-plant-${pad(i)}`, evidence: ['Fan Group owns plants'] })),
        ...plants.map((_, i) => ({ type: 'LOCATED_IN', from: `plant/fan-plant-${pad(i)}`, to: `place/fan-town-${pad(i)}`, evidence: ['Each plant sits in a town'] })),
      ],
    },
    'fan test bundle',
  );
}

beforeAll(async () => {
  api = await startTestApi({ seed: false, database: (config) => (db = new CountingDatabase({ ...config.neo4j, uri: inject('neo4jUri') })) });
});
afterAll(() => api?.close());

const NESTED = /* GraphQL */ `query($first: Int) {
  entity(id: "organization/fan-group") {
    evidence { quote document { id publisher } }
    relations(first: $first) {
      totalCount
      edges { node {
        evidence { quote document { id } }
        other {
          name
          evidence { quote }
          statements { id }
          ... on Plant { owner { name } location { name } }
          relations(first: 5) { edges { node { type other { name } evidence { quote } } } }
        }
      } }
    }
  }
}`;

async function roundTripsFor(first: number): Promise<number> {
  const before = db.reads;
  const response = await api.gql(NESTED, { first });
  expect(response.errors).toBeUndefined();
  expect(response.data.entity.relations.edges).toHaveLength(first);
  for (const edge of response.data.entity.relations.edges) {
    expect(edge.node.other.owner.name).toBe('Fan Group');
    expect(edge.node.other.location.name).toMatch(/^Fan town/);
  }
  return db.reads - before;
}

describe('batching', () => {
  it('answers a nested query over 3 or 60 plants in the same number of round trips', async () => {
    await loadBundle(db, fanBundle(60));
    const few = await roundTripsFor(3);
    const many = await roundTripsFor(60);
    console.log(`database round trips for a nested query: 3 plants ${few}, 60 plants ${many}`);
    expect(many).toBe(few);
    // About one round trip per kind of lookup per level of nesting (13 when this was written).
    expect(many).toBeLessThanOrEqual(16);
  });

  it("a relation page brings its relations' quotes along when they are asked for: one read, the same quotes", async () => {
    await loadBundle(db, fanBundle(12));
    const page = (withQuotes: boolean) =>
      `{ entity(id: "organization/fan-group") { relations(types: [OWNS], first: 12) { edges { node { id ${withQuotes ? 'evidence { quote }' : ''} } } } } }`;
    const reads = async (query: string) => {
      const before = db.reads;
      const response = await api.gql(query);
      expect(response.errors).toBeUndefined();
      return { reads: db.reads - before, edges: response.data.entity.relations.edges as Array<{ node: { id: string; evidence?: unknown[] } }> };
    };
    const without = await reads(page(false));
    const withQuotes = await reads(page(true));
    expect(withQuotes.edges).toHaveLength(12);
    expect(withQuotes.reads).toBe(without.reads);
    // The same quotes as the relation answers alone (through the evidence loader).
    for (const { node } of withQuotes.edges.slice(0, 3)) {
      expect(node.evidence!.length).toBeGreaterThan(0);
      const alone = await api.gql('query($id: ID!) { relation(id: $id) { evidence { quote } } }', { id: node.id });
      expect(alone.data.relation.evidence).toEqual(node.evidence);
    }
  });

  it('a relation page asked without its totalCount (which it then does not count) gives the same edges, and the total is right when asked', async () => {
    await loadBundle(db, fanBundle(12));
    const page = (withTotal: boolean) =>
      api.gql(`{ entity(id: "organization/fan-group") { relations(types: [OWNS], first: 5) { ${withTotal ? 'totalCount' : ''} edges { cursor node { id } } } } }`);
    const [without, withTotal] = await Promise.all([page(false), page(true)]);
    expect(without.errors).toBeUndefined();
    expect(withTotal.data.entity.relations.totalCount).toBe(12);
    expect(without.data.entity.relations.edges).toHaveLength(5);
    expect(without.data.entity.relations.edges).toEqual(withTotal.data.entity.relations.edges);
  });

  it('an entity, a list of entities and a neighbourhood are read in one statement with the relations below them', async () => {
    await loadBundle(db, fanBundle(8));
    const reads = async (query: string) => {
      const before = db.reads;
      const response = await api.gql(query);
      expect(response.errors).toBeUndefined();
      return { reads: db.reads - before, data: response.data };
    };
    // The relations resolver finds the page read with its entity: no second read, the same answer.
    const entity = await reads('{ entity(id: "organization/fan-group") { name relations(types: [OWNS], first: 3) { edges { node { id to { name } } } } } }');
    expect(entity.reads).toBe(1);
    expect(entity.data.entity.relations.edges.map((e: any) => e.node.to.name)).toEqual(['Fan plant 000', 'Fan plant 001', 'Fan plant 002']);
    const list = await reads('{ entities(kinds: [PLANT], first: 3) { edges { node { name relations(types: [LOCATED_IN], direction: OUTGOING) { edges { node { to { name } } } } } } } }');
    expect(list.reads).toBe(1);
    expect(list.data.entities.edges.map((e: any) => [e.node.name, e.node.relations.edges[0].node.to.name])).toEqual([
      ['Fan plant 000', 'Fan town 000'],
      ['Fan plant 001', 'Fan town 001'],
      ['Fan plant 002', 'Fan town 002'],
    ]);
    // Depth 2: the group, its plants, and their towns.
    const network = await reads('{ neighborhood(id: "organization/fan-group", depth: 2) { nodes { id } } }');
    expect(network.reads).toBe(1);
    expect(network.data.neighborhood.nodes).toHaveLength(1 + 8 + 8);
  });

  it('an entity, a list, a relation page or a neighbourhood that shows only names reads only those, and lends them to no other field', async () => {
    await loadBundle(db, fanBundle(3));
    // Below, `from` of each plant's LOCATED_IN relation is the plant itself, met first with its name only.
    const response = await api.gql(`{ entity(id: "organization/fan-group") { relations(types: [OWNS], direction: OUTGOING, first: 3) { edges { node {
      to { name relations(types: [LOCATED_IN], direction: OUTGOING) { edges { node { from { description } to { name } } } } }
    } } } } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data.entity.relations.edges.map((e: any) => [e.node.to.name, e.node.to.relations.edges[0].node.from.description])).toEqual([
      ['Fan plant 000', 'Plant 0 of the fan'],
      ['Fan plant 001', 'Plant 1 of the fan'],
      ['Fan plant 002', 'Plant 2 of the fan'],
    ]);
    // A list that shows only names does not lend them either: `from` here is the listed plant itself.
    const list = await api.gql('{ entities(kinds: [PLANT], first: 2) { edges { node { name relations(types: [LOCATED_IN], direction: OUTGOING) { edges { node { from { description } } } } } } } }');
    expect(list.errors).toBeUndefined();
    expect(list.data.entities.edges.map((e: any) => [e.node.name, e.node.relations.edges[0].node.from.description])).toEqual([
      ['Fan plant 000', 'Plant 0 of the fan'],
      ['Fan plant 001', 'Plant 1 of the fan'],
    ]);
    // Nor does an entity asked for its names, read with its relations or alone.
    const withRelations = await api.gql('{ entity(id: "plant/fan-plant-001") { name relations(types: [LOCATED_IN], direction: OUTGOING) { edges { node { from { description } } } } } }');
    expect(withRelations.data.entity.relations.edges[0].node.from.description).toBe('Plant 1 of the fan');
    const alone = await api.gql('{ entity(id: "plant/fan-plant-001") { name } located: relation(id: "located-in:plant/fan-plant-001:place/fan-town-001") { from { description } } }');
    expect(alone.data).toEqual({ entity: { name: 'Fan plant 001' }, located: { from: { description: 'Plant 1 of the fan' } } });
    // Nor does a neighbourhood that shows only names.
    const network = await api.gql(`{ neighborhood(id: "organization/fan-group", types: [OWNS]) { nodes { name
      relations(types: [LOCATED_IN], direction: OUTGOING) { edges { node { from { description } } } } } } }`);
    expect(network.errors).toBeUndefined();
    expect(network.data.neighborhood.nodes.map((n: any) => [n.name, n.relations.edges[0]?.node.from.description ?? null])).toEqual([
      ['Fan Group', null],
      ['Fan plant 000', 'Plant 0 of the fan'],
      ['Fan plant 001', 'Plant 1 of the fan'],
      ['Fan plant 002', 'Plant 2 of the fan'],
    ]);
    // A field of one kind, asked through a fragment, is read along with the page.
    const before = db.reads;
    const fragment = await api.gql('{ entity(id: "organization/fan-group") { relations(types: [OWNS], first: 2) { edges { node { to { name ... on Plant { description } } } } } } }');
    expect(db.reads - before).toBe(1);
    expect(fragment.data.entity.relations.edges.map((e: any) => e.node.to.description)).toEqual(['Plant 0 of the fan', 'Plant 1 of the fan']);
  });
});
