/**
 * "Not ruled out at a date" is written twice: in Cypher (the `asOf` filter of relation pages and
 * neighbourhoods, read-queries.ts) and in TypeScript (`heldOn`, domain/as-of.ts, behind
 * `Relation.heldOn` and `Plant.ownerships`). This proves the two agree on every case of a grid of
 * partial dates of every precision, open and closed ends, over HTTP against the real Neo4j: a
 * relation is listed under `asOf: d` exactly when `heldOn(date: d)` is not NO.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePartialDate } from '../../src/domain/partial-date.js';
import { makeApiKey } from '../support/api-keys.js';
import { bearer, INGEST } from '../support/requests.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
const HUB = 'organization/as-of-hub';
const DATES = [null, '2023', '2024-H1', '2024-Q2', '2024-03', '2024-06-15', '2025'] as const;
const AS_OF = ['2022', '2023', '2024', '2024-H1', '2024-H2', '2024-Q2', '2024-03', '2024-06', '2024-06-15', '2024-06-16', '2025', '2026'];

/** Every (validFrom, validTo) pair of the grid that a bundle accepts: the start not after the end. */
const PERIODS = DATES.flatMap((from) =>
  DATES.filter((to) => from === null || to === null || parsePartialDate(from).start <= parsePartialDate(to).end).map((to) => ({ from, to })),
);

beforeAll(async () => {
  api = await startTestApi({ seed: false });
  const ingest = bearer(await makeApiKey(api.db, ['ingest']));
  const text = 'The hub owns many plants.';
  const bundle = {
    document: { id: 'document/as-of-grid', publisher: 'Grid', text },
    entities: [
      { id: HUB, kind: 'ORGANIZATION', name: 'Hub', evidence: [text] },
      ...PERIODS.map((_, i) => ({ id: `plant/grid-${i}`, kind: 'PLANT', name: `Plant ${i}`, evidence: [text] })),
    ],
    relations: PERIODS.map(({ from, to }, i) => ({ type: 'OWNS', from: HUB, to: `plant/grid-${i}`, validFrom: from, validTo: to, evidence: [text] })),
  };
  const response = await api.gql(INGEST, { bundle }, ingest);
  expect(response.errors).toBeUndefined();
  expect(response.data.ingestBundle.relationsCreated).toBe(PERIODS.length);
});
afterAll(() => api?.close());

describe('the as-of rule, in Cypher and in TypeScript', () => {
  it.each(AS_OF)('asOf %s lists exactly the relations whose heldOn is not NO', async (date) => {
    const response = await api.gql(
      `query($id: ID!, $date: PartialDate!) { entity(id: $id) {
         listed: relations(asOf: $date, first: 100) { edges { node { id } } }
         all: relations(first: 100) { totalCount edges { node { id heldOn(date: $date) } } } } }`,
      { id: HUB, date },
    );
    expect(response.errors).toBeUndefined();
    const all = response.data.entity.all;
    expect(all.totalCount).toBe(PERIODS.length);
    const listed = new Set(response.data.entity.listed.edges.map((e: { node: { id: string } }) => e.node.id));
    const notRuledOut = new Set(all.edges.filter((e: { node: { heldOn: string } }) => e.node.heldOn !== 'NO').map((e: { node: { id: string } }) => e.node.id));
    expect(listed).toEqual(notRuledOut);
  });

  it('the grid holds relations both ruled out and not at some date, so the comparison can tell them apart', async () => {
    const answers = new Set<string>();
    for (const date of AS_OF) {
      const response = await api.gql(`query($id: ID!, $d: PartialDate!) { entity(id: $id) { relations(first: 100) { edges { node { heldOn(date: $d) } } } } }`, { id: HUB, d: date });
      for (const edge of response.data.entity.relations.edges) answers.add(edge.node.heldOn);
    }
    expect([...answers].sort()).toEqual(['NO', 'UNKNOWN', 'YES']);
  });
});
