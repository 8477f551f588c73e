/**
 * Fields no other test asserted, read over HTTP and compared with the data they come from: the seed
 * bundle file (so nothing here restates what the article says), or a small article built here.
 * relation(id), document(id), Plant.status and products, Place.placeType, Event.date,
 * neighborhood(asOf:) and history(after:).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey } from '../support/api-keys.js';
import { bearer } from '../support/requests.js';
import { articleJson, loadArticle, seedBundleJson, type Article } from '../support/seed-builders.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

interface BundleRelation { type: string; from: string; to: string; role?: string | null; validFrom?: string | null; validTo?: string | null; current?: boolean | null; evidence: string[] }
interface BundleEntity { id?: string; kind: string; name: string; status?: string; products?: string[]; placeType?: string; date?: string | null }

const RELATION_FIELDS = 'id type role current validFrom validTo from { id } to { id } evidence { quote document { id } } retraction { reason }';

/** What relation(id) should answer for a relation of a bundle, from the bundle alone. */
const expectedRelation = (relation: BundleRelation, documentId: string) => ({
  type: relation.type,
  role: relation.role ?? null,
  current: relation.current ?? null,
  validFrom: relation.validFrom ?? null,
  validTo: relation.validTo ?? null,
  from: { id: relation.from },
  to: { id: relation.to },
  evidence: expect.arrayContaining(relation.evidence.map((quote) => ({ quote, document: { id: documentId } }))),
  retraction: null,
});

/**
 * Every relation of the bundle, found among its `from` entity's outgoing relations and then read by
 * its id through relation(id): each answer must be that relation as the bundle gives it.
 */
async function expectRelationsById(api: TestApi, relations: BundleRelation[], documentId: string) {
  expect(relations.length).toBeGreaterThan(0);
  for (const relation of relations) {
    const listed = await api.gql('query($id: ID!) { entity(id: $id) { relations(first: 100, direction: OUTGOING) { edges { node { id type role to { id } } } } } }', { id: relation.from });
    expect(listed.errors).toBeUndefined();
    const matches = listed.data.entity.relations.edges
      .map((edge: any) => edge.node)
      .filter((node: any) => node.type === relation.type && node.to.id === relation.to && node.role === (relation.role ?? null));
    expect(matches, JSON.stringify(relation)).toHaveLength(1);
    const byId = await api.gql(`query($id: ID!) { relation(id: $id) { ${RELATION_FIELDS} } }`, { id: matches[0].id });
    expect(byId.errors).toBeUndefined();
    expect(byId.data.relation).toEqual({ id: matches[0].id, ...expectedRelation(relation, documentId) });
  }
}

const KIND_FIELDS = 'id name kind ... on Plant { status products } ... on Place { placeType } ... on Event { date }';

/** The kind-specific fields of every plant, place and event of the bundle, found by name. */
async function expectKindFields(api: TestApi, entities: BundleEntity[]) {
  const wanted = entities.filter((entity) => ['PLANT', 'PLACE', 'EVENT'].includes(entity.kind));
  expect(wanted.map((entity) => entity.kind)).toEqual(expect.arrayContaining(['PLANT', 'PLACE', 'EVENT']));
  const response = await api.gql(`{ entities(kinds: [PLANT, PLACE, EVENT], first: 100) { edges { node { ${KIND_FIELDS} } } } }`);
  expect(response.errors).toBeUndefined();
  const byName = new Map<string, any>(response.data.entities.edges.map((edge: any) => [edge.node.name, edge.node]));
  for (const entity of wanted) {
    const node = byName.get(entity.name);
    expect(node, entity.name).toBeDefined();
    if (entity.id) expect(node.id).toBe(entity.id);
    const expected = {
      PLANT: { status: entity.status, products: entity.products ?? [] },
      PLACE: { placeType: entity.placeType },
      EVENT: { date: entity.date ?? null },
    }[entity.kind];
    expect(node, entity.name).toEqual({ id: node.id, name: entity.name, kind: entity.kind, ...expected });
  }
}

describe('the seed, read back through the API', () => {
  let api: TestApi;
  const seed = seedBundleJson();
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.close());

  it('relation(id) answers each relation of the seed as the bundle gives it', async () => {
    await expectRelationsById(api, seed.relations, seed.document.id);
  });

  it('document(id) answers the seed document with its text and publisher', async () => {
    const response = await api.gql('query($id: ID!) { document(id: $id) { id title publisher publishedOn url text restricted publisherEntity { id } } }', { id: seed.document.id });
    expect(response.errors).toBeUndefined();
    const { id, title, publisher, publishedOn, url, text, publisherEntity } = seed.document;
    expect(response.data.document).toEqual({
      id, title: title ?? null, publisher, publishedOn: publishedOn ?? null, url: url ?? null, text, restricted: false,
      publisherEntity: publisherEntity ? { id: publisherEntity } : null,
    });
  });

  it('Plant.status and products, Place.placeType and Event.date are those of the seed', async () => {
    await expectKindFields(api, seed.entities);
  });
});

/** Tells a relation of the article by its ends and type. */
const edgeKey = (edge: { type: string; from: { id: string } | string; to: { id: string } | string }) =>
  `${edge.type} ${typeof edge.from === 'string' ? edge.from : edge.from.id} -> ${typeof edge.to === 'string' ? edge.to : edge.to.id}`;

/**
 * A made-up article with what the seed lacks: dated relations (one ended, one yet to begin, one
 * open-ended), a dated event, a document with a title and a URL.
 */
const HARBOR: Article = {
  document: {
    id: 'document/harbor-works',
    title: 'Harbor works to grow',
    publisher: 'Port Gazette',
    publisherEntity: 'organization/port-gazette',
    publishedOn: '2024-07',
    url: 'https://gazette.example/harbor-works',
    text:
      'Delta Steel has owned the Harbor works in Portville since May 2019. The Harbor works makes steel beams and rails. ' +
      'Gamma Capital held a stake in the Harbor works from 2021 until 2023. Beta Logistics will partner with Delta Steel from 2026. ' +
      'At the Portville Expo on 15 June 2024, Mia Stone said the Harbor works would grow.',
  },
  entities: [
    { id: 'organization/delta-steel', kind: 'ORGANIZATION', name: 'Delta Steel', evidence: ['Delta Steel has owned the Harbor works'] },
    { id: 'organization/gamma-capital', kind: 'ORGANIZATION', name: 'Gamma Capital', evidence: ['Gamma Capital held a stake'] },
    { id: 'organization/beta-logistics', kind: 'ORGANIZATION', name: 'Beta Logistics', evidence: ['Beta Logistics will partner'] },
    { id: 'plant/harbor-works', kind: 'PLANT', name: 'Harbor works', status: 'OPERATING', products: ['steel beams', 'rails'], evidence: ['The Harbor works makes steel beams and rails'] },
    { id: 'place/portville', kind: 'PLACE', name: 'Portville', placeType: 'CITY', evidence: ['the Harbor works in Portville'] },
    { id: 'event/portville-expo', kind: 'EVENT', name: 'Portville Expo', date: '2024-06-15', evidence: ['At the Portville Expo on 15 June 2024'] },
    { id: 'person/mia-stone', kind: 'PERSON', name: 'Mia Stone', evidence: ['Mia Stone said'] },
    { id: 'organization/port-gazette', kind: 'ORGANIZATION', name: 'Port Gazette', evidence: ['At the Portville Expo'] },
  ],
  relations: [
    { type: 'OWNS', from: 'organization/delta-steel', to: 'plant/harbor-works', role: 'owner', validFrom: '2019-05', current: true, evidence: ['Delta Steel has owned the Harbor works in Portville since May 2019'] },
    { type: 'OWNS', from: 'organization/gamma-capital', to: 'plant/harbor-works', role: 'stake holder', validFrom: '2021', validTo: '2023', current: false, evidence: ['Gamma Capital held a stake in the Harbor works from 2021 until 2023'] },
    { type: 'PARTNER_OF', from: 'organization/beta-logistics', to: 'organization/delta-steel', validFrom: '2026', evidence: ['Beta Logistics will partner with Delta Steel from 2026'] },
    { type: 'LOCATED_IN', from: 'plant/harbor-works', to: 'place/portville', evidence: ['the Harbor works in Portville'] },
    { type: 'PARTICIPATED_IN', from: 'person/mia-stone', to: 'event/portville-expo', role: 'speaker', evidence: ['At the Portville Expo on 15 June 2024, Mia Stone said'] },
  ],
  statements: [
    { id: 'statement/mia-stone-harbor-works-will-grow', speaker: 'person/mia-stone', about: ['plant/harbor-works'], madeAt: 'event/portville-expo', madeOn: '2024-06-15', summary: 'The Harbor works will grow.', evidence: ['Mia Stone said the Harbor works would grow'] },
  ],
};
const harbor = articleJson(HARBOR);

describe('a small article with dates, read back through the API', () => {
  let api: TestApi;
  let editorKey: string;
  beforeAll(async () => {
    api = await startTestApi({ seed: false });
    await loadArticle(api.db, HARBOR);
    editorKey = await makeApiKey(api.db, ['editor']);
  });
  afterAll(() => api?.close());

  it('relation(id) answers each relation with its dates; document(id) the document with its title and URL', async () => {
    await expectRelationsById(api, harbor.relations as BundleRelation[], harbor.document.id);
    const response = await api.gql('query($id: ID!) { document(id: $id) { id title publisher publisherEntity { id } publishedOn url text restricted } }', { id: harbor.document.id });
    const { id, title, publisher, publisherEntity, publishedOn, url, text } = harbor.document;
    expect(response.data.document).toEqual({ id, title, publisher, publisherEntity: { id: publisherEntity }, publishedOn, url, text, restricted: false });
  });

  it('Plant.status and products, Place.placeType and Event.date are those of the article', async () => {
    await expectKindFields(api, harbor.entities as BundleEntity[]);
  });

  it('neighborhood(asOf:) keeps the relations whose dates do not rule the date out, and only the entities they reach', async () => {
    const NETWORK = 'query($asOf: PartialDate) { neighborhood(id: "plant/harbor-works", depth: 2, asOf: $asOf) { truncated nodes { id } edges { type from { id } to { id } } } }';
    // Every relation of the article, and the one its statement brings (speaker STATED_ABOUT subject).
    const relations = [
      ...(harbor.relations as BundleRelation[]),
      ...(harbor.statements as Array<{ speaker: string; about: string[] }>).flatMap((s) => s.about.map((to) => ({ type: 'STATED_ABOUT', from: s.speaker, to }) as BundleRelation)),
    ];
    // At 2024, by year: ended before it (validTo < 2024) or begun after it (validFrom > 2024) is ruled out.
    const year = (date: string | null | undefined) => (date ? Number(date.slice(0, 4)) : null);
    const ruledOut = (relation: BundleRelation) => (year(relation.validTo) ?? Infinity) < 2024 || (year(relation.validFrom) ?? -Infinity) > 2024;
    const kept = relations.filter((relation) => !ruledOut(relation));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(relations.length); // the article has relations to rule out

    const all = await api.gql(NETWORK, { asOf: null });
    const at2024 = await api.gql(NETWORK, { asOf: '2024' });
    expect(all.errors).toBeUndefined();
    expect(at2024.errors).toBeUndefined();
    expect(all.data.neighborhood.truncated).toBe(false);
    expect(all.data.neighborhood.edges.map(edgeKey).sort()).toEqual(relations.map(edgeKey).sort());
    expect(at2024.data.neighborhood.edges.map(edgeKey).sort()).toEqual(kept.map(edgeKey).sort());
    const reached = new Set(['plant/harbor-works', ...kept.flatMap((relation) => [relation.from, relation.to])]);
    expect(at2024.data.neighborhood.nodes.map((node: { id: string }) => node.id).sort()).toEqual([...reached].sort());
  });

  it('history(after:) pages through an entity\'s changes, each once, in the order of one long read', async () => {
    const id = 'organization/gamma-capital';
    for (const description of ['A fund.', 'An investment fund.', 'An investment fund in Portville.']) {
      const updated = await api.gql('mutation($id: ID!, $d: String!) { updateEntity(id: $id, input: { description: $d }, reason: "detail") { id } }', { id, d: description }, bearer(editorKey));
      expect(updated.errors).toBeUndefined();
    }
    const whole = await api.gql('query($id: ID!) { history(subjectId: $id, first: 100) { totalCount edges { node { id action } } } }', { id });
    expect(whole.data.history.totalCount).toBe(4);
    expect(whole.data.history.edges.map((edge: any) => edge.node.action)).toEqual(['UPDATED', 'UPDATED', 'UPDATED', 'CREATED']);

    // The same through Query.history and through the entity's own history field, two at a time.
    for (const [query, pick] of [
      ['query($id: ID!, $after: String) { page: history(subjectId: $id, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }', (data: any) => data.page],
      ['query($id: ID!, $after: String) { entity(id: $id) { history(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }', (data: any) => data.entity.history],
    ] as const) {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const response: any = await api.gql(query, { id, after });
        expect(response.errors).toBeUndefined();
        const page = pick(response.data);
        expect(page.totalCount).toBe(4);
        expect(page.edges.length).toBeGreaterThan(0);
        seen.push(...page.edges.map((edge: any) => edge.node.id));
        pages += 1;
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(pages).toBe(2);
      expect(seen).toEqual(whole.data.history.edges.map((edge: any) => edge.node.id));
    }
  });
});
