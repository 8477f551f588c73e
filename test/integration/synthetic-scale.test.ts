/**
 * The analysts' questions on a synthetic graph of 10,000 entities with power-law degrees and dated
 * relations: caps, pagination, as-of, ordering and batching on more than the article.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cypher } from '../../src/data/database.js';
import { heldOn } from '../../src/domain/as-of.js';
import { parsePartialDate } from '../../src/domain/partial-date.js';
import { loadBundle } from '../../src/ingest/load-bundle.js';
import { generateSyntheticBundles } from '../../src/synthetic/synthetic-graph.js';
import { CountingDatabase, startTestApi, type TestApi } from '../support/test-api.js';

const ENTITIES = 10_000;
let api: TestApi;
let db: CountingDatabase;
let hub: { id: string; degree: number };

beforeAll(async () => {
  api = await startTestApi({ seed: false, database: (config) => (db = new CountingDatabase({ ...config.neo4j, uri: inject('neo4jUri') })) });
  const started = Date.now();
  const bundles = generateSyntheticBundles({ entities: ENTITIES, seed: 2024 });
  for (const bundle of bundles) await loadBundle(db, bundle);
  console.log(`loaded ${ENTITIES} synthetic entities in ${bundles.length} bundles in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const [top] = await db.read((tx) =>
    tx.run(
      cypher(
        'testTopHub',
        `MATCH (e:Entity) RETURN e.id AS id, COUNT { (e)-[:HOLDS_POSITION|OWNS|AFFILIATED_WITH|PARTNER_OF|LOCATED_IN|ASSOCIATED_WITH|PART_OF|PARTICIPATED_IN|STATED_ABOUT]-() } AS degree
         ORDER BY degree DESC LIMIT 1`,
      ),
    ),
  );
  hub = { id: top!.id as string, degree: top!.degree as number };
}, 600_000);
afterAll(() => api?.close());

const ids = (edges: Array<{ node: { id: string } }>) => edges.map((e) => e.node.id);

describe('at 10,000 entities', () => {
  it('has a hub with hundreds of relations', () => {
    expect(hub.degree).toBeGreaterThan(300);
  });

  it('finds an entity among 10,000 from a lower-case, hyphenated or misspelt name', async () => {
    const [row] = await db.read((tx) =>
      tx.run(cypher('testSomePlant', `MATCH (p:Plant) WHERE p.name =~ '^[A-Za-z]{9,} plant$' RETURN p.id AS id, p.name AS name ORDER BY p.id LIMIT 1`)),
    );
    const name = row!.name as string;
    const stem = name.split(' ')[0]!;
    const typo = stem.slice(0, 3) + (stem[3] === 'x' ? 'y' : 'x') + stem.slice(4);
    for (const text of [name.toLowerCase(), `${stem}-plant`, `${typo} plant`]) {
      const response = await api.gql('query($t: String!) { search(text: $t, kinds: [PLANT], first: 5) { entity { id } } }', { t: text });
      expect(response.errors).toBeUndefined();
      expect(response.data.search.map((hit: { entity: { id: string } }) => hit.entity.id), text).toContain(row!.id);
    }
  });

  it('caps the neighbourhood of a hub and says what it left out', async () => {
    const response = await api.gql(
      `query($id: ID!) { neighborhood(id: $id, depth: 2, limit: 100) {
         truncated nodes { id } edges { id from { id } to { id } evidence { quote } } omitted { entity { id } count } } }`,
      { id: hub.id },
    );
    expect(response.errors).toBeUndefined();
    const subgraph = response.data.neighborhood;
    expect(subgraph.truncated).toBe(true);
    expect(subgraph.nodes.length).toBeLessThanOrEqual(100);
    expect(subgraph.nodes[0].id).toBe(hub.id);
    const hubOmission = subgraph.omitted.find((o: { entity: { id: string } }) => o.entity.id === hub.id);
    const hubEdges = subgraph.edges.filter((e: { from: { id: string }; to: { id: string } }) => e.from.id === hub.id || e.to.id === hub.id).length;
    expect(hubOmission.count).toBe(hub.degree - hubEdges);
    // Every edge joins two nodes of the answer and carries its quote.
    const nodeIds = new Set(subgraph.nodes.map((n: { id: string }) => n.id));
    expect(subgraph.edges.length).toBeGreaterThan(0);
    for (const edge of subgraph.edges) {
      expect(nodeIds.has(edge.from.id) && nodeIds.has(edge.to.id)).toBe(true);
      expect(edge.evidence.length).toBeGreaterThan(0);
    }
  });

  it("pages through all of a hub's relations by cursor, each once, with the same total", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response: any = await api.gql(
        `query($id: ID!, $after: String) { entity(id: $id) { relations(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`,
        { id: hub.id, after },
      );
      const page = response.data.entity.relations;
      expect(page.totalCount).toBe(hub.degree);
      seen.push(...ids(page.edges));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.length).toBe(hub.degree);
    expect(new Set(seen).size).toBe(hub.degree);
  });

  it('as of a date, keeps exactly the relations whose dates do not rule it out', async () => {
    // Every relation of the hub, to compute by hand which ones each date rules out.
    const everything: Array<{ id: string; validFrom: string | null; validTo: string | null; current: boolean | null }> = [];
    for (let after: string | null = null; ; ) {
      const response: any = await api.gql(
        `query($id: ID!, $after: String) { entity(id: $id) { relations(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id validFrom validTo current } } } } }`,
        { id: hub.id, after },
      );
      const page = response.data.entity.relations;
      everything.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    for (const asOf of ['2005', '2012-H2', '2019-03']) {
      const expected = everything.filter((r) => heldOn(r, asOf) !== 'NO').length;
      const response = await api.gql(
        `query($id: ID!, $asOf: PartialDate!) { entity(id: $id) {
           all: relations(first: 100) { totalCount }
           kept: relations(first: 100, asOf: $asOf) { totalCount edges { node { id validFrom validTo current heldOn(date: $asOf) } } } } }`,
        { id: hub.id, asOf },
      );
      expect(response.errors).toBeUndefined();
      const { all, kept } = response.data.entity;
      expect(all.totalCount).toBe(everything.length);
      expect(kept.totalCount).toBe(expected);
      expect(kept.totalCount).toBeLessThan(all.totalCount);
      expect(kept.edges.length).toBeGreaterThan(0);
      for (const { node } of kept.edges) {
        expect(node.heldOn).not.toBe('NO');
        expect(heldOn(node, asOf)).toBe(node.heldOn);
      }
    }
  });

  it('orders a whole-graph timeline by date, coarser dates first on the same day', async () => {
    const response = await api.gql(`{ timeline(first: 500, from: "2010", to: "2012") { date kind summary subject { __typename } } }`);
    expect(response.errors).toBeUndefined();
    const items = response.data.timeline;
    expect(items.length).toBe(500);
    for (let i = 1; i < items.length; i++) {
      const a = parsePartialDate(items[i - 1].date);
      const b = parsePartialDate(items[i].date);
      expect(a.start <= b.start).toBe(true);
      if (a.start === b.start) expect(a.end >= b.end).toBe(true);
      expect(b.end >= '2010-01-01' && b.start <= '2012-12-31').toBe(true);
    }
  });

  it('pages through a timeline by cursor, each item once, in the same order as one long read', async () => {
    const query = `query($after: String, $first: Int) { timeline(from: "2001", to: "2003", first: $first, after: $after) { cursor kind subject { ... on Relation { id } ... on Statement { id } ... on Event { id } } } }`;
    const whole = (await api.gql(query, { first: 300 })).data.timeline;
    const paged: any[] = [];
    let after: string | null = null;
    for (let i = 0; i < 3; i++) {
      const page: any[] = (await api.gql(query, { first: 100, after })).data.timeline;
      paged.push(...page);
      after = page.at(-1).cursor;
    }
    const key = (item: any) => `${item.kind} ${item.subject.id}`;
    expect(paged.map(key)).toEqual(whole.map(key));
    expect(new Set(paged.map(key)).size).toBe(300);
  });

  it('finds shortest paths whose steps chain and carry evidence', async () => {
    const [pair] = await db.read((tx) =>
      tx.run(cypher('testFarPair', `MATCH (a:Person), (b:Plant) WHERE a.id < b.id RETURN a.id AS a, b.id AS b ORDER BY a.id DESC, b.id LIMIT 1`)),
    );
    const response = await api.gql(
      `query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxHops: 6, first: 5) { length steps { from { id } to { id } direction relation { from { id } to { id } evidence { quote } } } } }`,
      { a: pair!.a, b: pair!.b },
    );
    expect(response.errors).toBeUndefined();
    const found = response.data.paths;
    expect(found.length).toBeGreaterThan(0);
    for (let i = 1; i < found.length; i++) expect(found[i].length).toBeGreaterThanOrEqual(found[i - 1].length);
    for (const path of found) {
      const visited = [path.steps[0].from.id, ...path.steps.map((step: any) => step.to.id)];
      expect(new Set(visited).size).toBe(visited.length); // no entity twice on a path
      expect(path.steps[0].from.id).toBe(pair!.a);
      expect(path.steps.at(-1).to.id).toBe(pair!.b);
      path.steps.forEach((step: any, i: number) => {
        if (i > 0) expect(step.from.id).toBe(path.steps[i - 1].to.id);
        const forward = step.relation.from.id === step.from.id && step.relation.to.id === step.to.id;
        expect(step.direction).toBe(forward ? 'FORWARD' : 'BACKWARD');
        expect(step.relation.evidence.length).toBeGreaterThan(0);
      });
    }
  });

  it('lists entities by kind in name order across pages, with a count that needs no page', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let pages = 0; pages < 5; pages++) {
      const response: any = await api.gql(
        `query($after: String) { entities(kinds: [PLANT], first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name kind } } } }`,
        { after },
      );
      const page = response.data.entities;
      total = page.totalCount;
      for (const { node } of page.edges) {
        expect(node.kind).toBe('PLANT');
        seen.push(node.name);
      }
      after = page.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThan(1000);
    expect(seen).toEqual([...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(seen).size).toBe(500);
  });

  it('answers a nested query over 100 entities in as many round trips as over 5', async () => {
    const nested = `query($first: Int) { entities(kinds: [ORGANIZATION], first: $first) { edges { node {
      evidence { quote document { id } }
      statements { speaker { name } }
      relations(first: 10) { totalCount edges { node { type heldOn(date: "2015") other { name } evidence { quote } } } }
      ... on Organization { category }
    } } } }`;
    const count = async (first: number) => {
      const before = db.reads;
      const response = await api.gql(nested, { first });
      expect(response.errors).toBeUndefined();
      expect(response.data.entities.edges).toHaveLength(first);
      return db.reads - before;
    };
    const few = await count(5);
    const many = await count(100);
    console.log(`round trips of a nested entity list: 5 entities ${few}, 100 entities ${many}`);
    // No round trip per entity. One more is allowed: a loader fed by two reads that come back in
    // different ticks runs twice (seen when this test runs first in its file: 7 and 8 round trips;
    // after the other tests, 7 and 7).
    expect(many).toBeGreaterThanOrEqual(few);
    expect(many).toBeLessThanOrEqual(few + 1);
  });
});
