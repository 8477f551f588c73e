/**
 * A second article about entities already in the graph: they are matched, not duplicated; what it
 * does not say leaves the first article's facts in place; a corrected bundle drops the quotes it no
 * longer carries.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadBundle, parseBundle } from '../../src/ingest/load-bundle.js';
import { resetGraph, seedBundle } from '../support/seed-builders.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
const FOLLOW_UP = 'Arthur Finance Ltd, as Art-Finance now calls itself, said the Kaluga plant produced its first cars in 2024-06. Volkswagen sold the Kaluga plant in 2023.';

beforeAll(async () => {
  api = await startTestApi({ seed: false });
});
afterAll(() => api?.close());
// Every test starts from the seed alone, and loads the follow-up itself.
beforeEach(() => resetGraph(api.db));

function followUp(edit: (raw: any) => void = () => {}) {
  const raw = {
    document: { id: 'document/follow-up', publisher: 'Test Wire', publishedOn: '2024-07', text: FOLLOW_UP },
    entities: [
      // Same id as in the seed, a new name, and no description: the seed's description must stay.
      { id: 'organization/art-finance', kind: 'ORGANIZATION', name: 'Arthur Finance Ltd', evidence: ['Arthur Finance Ltd, as Art-Finance now calls itself'] },
    ],
    relations: [
      {
        type: 'OWNS',
        from: 'organization/volkswagen',
        to: 'plant/kaluga-automotive-plant',
        role: 'former owner',
        validTo: '2023',
        current: false,
        evidence: ['Volkswagen sold the Kaluga plant in 2023'],
      },
    ],
    statements: [],
  };
  edit(raw);
  return parseBundle(raw, 'follow-up bundle');
}

describe('a second article', () => {
  it('matches existing entities, keeps earlier facts and names, and adds its own', async () => {
    const summary = await loadBundle(api.db, followUp());
    expect(summary.entities).toEqual({ created: 0, updated: 1 });

    const response = await api.gql(`{
      entity(id: "organization/art-finance") { name aliases description ... on Organization { category } }
      plant: entity(id: "plant/kaluga-automotive-plant") { ... on Plant { owner { id } } relations(types: [OWNS]) { totalCount edges { node { role current validTo from { id } evidence { quote document { id } } } } } }
      documents { id }
    }`);
    expect(response.errors).toBeUndefined();
    const entity = response.data.entity;
    expect(entity.name).toBe('Arthur Finance Ltd');
    expect(entity.aliases).toEqual(expect.arrayContaining(['Art-Finance', 'Art Finance', 'Арт-Финанс']));
    expect(entity.description).toMatch(/domestic firm/);
    expect(entity.category).toBe('COMPANY');

    // Two owners now: the current one is the owner, the one that sold is not.
    expect(response.data.plant.relations.totalCount).toBe(2);
    expect(response.data.plant.owner.id).toBe('organization/art-finance');
    const former = response.data.plant.relations.edges.find((e: any) => e.node.from.id === 'organization/volkswagen').node;
    expect(former).toMatchObject({ role: 'former owner', current: false, validTo: '2023' });
    expect(former.evidence).toEqual([{ quote: 'Volkswagen sold the Kaluga plant in 2023', document: { id: 'document/follow-up' } }]);
    expect(response.data.documents.map((d: { id: string }) => d.id).sort()).toEqual(['document/follow-up', 'document/tass-kaluga-plant']);

    // As of 2022 Volkswagen's ownership is not ruled out (it ended in 2023, its start is unknown),
    // and neither is Art-Finance's: both are listed, each saying it is left open.
    const asOf = await api.gql(`{ entity(id: "plant/kaluga-automotive-plant") { ... on Plant {
      ownerships(asOf: "2022") { from { id } heldOn(date: "2022") }
      later: ownerships(asOf: "2024") { from { id } } } } }`);
    expect(asOf.errors).toBeUndefined();
    expect(asOf.data.entity.ownerships.map((r: any) => [r.from.id, r.heldOn]).sort()).toEqual([
      ['organization/art-finance', 'UNKNOWN'],
      ['organization/volkswagen', 'UNKNOWN'],
    ]);
    expect(asOf.data.entity.later.map((r: any) => r.from.id)).toEqual(['organization/art-finance']);

    // Both spellings find it.
    for (const text of ['Arthur Finance', 'Арт-Финанс']) {
      const hits = await api.gql('query($t: String!) { search(text: $t, first: 1) { entity { id } } }', { t: text });
      expect(hits.data.search[0].entity.id).toBe('organization/art-finance');
    }
  });

  it('a corrected bundle drops the quotes it no longer carries, and a relation left with none', async () => {
    await loadBundle(api.db, followUp());
    await loadBundle(
      api.db,
      followUp((raw) => {
        raw.relations = [];
      }),
    );
    const response = await api.gql(`{ entity(id: "plant/kaluga-automotive-plant") { relations(types: [OWNS]) { totalCount edges { node { from { id } } } } } }`);
    expect(response.data.entity.relations.totalCount).toBe(1);
    expect(response.data.entity.relations.edges[0].node.from.id).toBe('organization/art-finance');
  });

  it('the seed, loaded again after the follow-up, leaves the follow-up intact', async () => {
    await loadBundle(api.db, followUp());
    await loadBundle(api.db, seedBundle());
    const response = await api.gql(`{ entity(id: "organization/art-finance") { name aliases evidence { document { id } } } }`);
    // Loading the (undated) seed again does not take the name back: the dated follow-up's name
    // stands by the rule (domain/claims.ts), and the seed's stays an alias; the quotes of both stay.
    expect(response.data.entity.name).toBe('Arthur Finance Ltd');
    expect(response.data.entity.aliases).toContain('Art-Finance');
    expect(response.data.entity.evidence.map((e: { document: { id: string } }) => e.document.id)).toContain('document/follow-up');
  });
});
