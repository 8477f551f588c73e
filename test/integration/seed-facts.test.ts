/**
 * Every fact the seed article supports, asked for over HTTP through the public contract, each
 * with the verbatim quote behind it. The quotes are checked against the document text the API
 * itself serves, not against strings written here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/data/database.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
let documentText: string;

const RELATION_FIELDS = /* GraphQL */ `
  id type role current validFrom validTo
  from { id name } to { id name } other { id name kind }
  evidence { quote document { id publisher text } }
`;

interface RelationView {
  id: string;
  type: string;
  role: string | null;
  current: boolean | null;
  validFrom: string | null;
  validTo: string | null;
  from: { id: string; name: string };
  to: { id: string; name: string };
  other: { id: string; name: string; kind: string };
  evidence: Array<{ quote: string; document: { id: string; publisher: string; text: string } }>;
}

async function relationsOf(id: string, types?: string[], direction = 'BOTH'): Promise<RelationView[]> {
  const response = await api.gql(
    `query($id: ID!, $types: [RelationType!], $direction: Direction) {
       entity(id: $id) { relations(types: $types, direction: $direction, first: 100) { edges { node { ${RELATION_FIELDS} } } } }
     }`,
    { id, types, direction },
  );
  expect(response.errors).toBeUndefined();
  return response.data.entity.relations.edges.map((edge: { node: RelationView }) => edge.node);
}

/** Every quote is verbatim in the document it names, and says what the test expects it to say. */
function expectSupported(evidence: RelationView['evidence'], ...words: string[]) {
  expect(evidence.length).toBeGreaterThan(0);
  for (const { quote, document } of evidence) {
    expect(document.text).toContain(quote);
    expect(document.publisher).toBe('TASS');
  }
  const quotes = evidence.map((e) => e.quote).join(' | ');
  for (const word of words) expect(quotes).toContain(word);
}

async function findByName(name: string, kind: string): Promise<string> {
  const response = await api.gql(`query($t: String!, $k: [EntityKind!]) { search(text: $t, kinds: $k, first: 1) { entity { id name } } }`, {
    t: name,
    k: [kind],
  });
  expect(response.errors).toBeUndefined();
  expect(response.data.search[0]?.entity.name).toBe(name);
  return response.data.search[0].entity.id;
}

beforeAll(async () => {
  api = await startTestApi();
  const response = await api.gql('{ documents { id publisher text } }');
  documentText = response.data.documents[0].text;
});
afterAll(() => api?.close());

describe('the seed graph, over HTTP', () => {
  it('has the TASS article as its source document, verbatim', async () => {
    const response = await api.gql('{ documents { id title publisher publishedOn text publisherEntity { name kind } } }');
    expect(response.errors).toBeUndefined();
    expect(response.data.documents).toHaveLength(1);
    const [document] = response.data.documents;
    expect(document.publisher).toBe('TASS');
    expect(document.publisherEntity).toEqual({ name: 'TASS', kind: 'ORGANIZATION' });
    // No date is invented: the article does not state when it was published.
    expect(document.publishedOn).toBeNull();
    expect(document.text).toContain('(Source: TASS)');
  });

  it('Denis Manturov is Deputy Prime Minister of Russia and Minister of Industry and Trade', async () => {
    const id = await findByName('Denis Manturov', 'PERSON');
    const positions = await relationsOf(id, ['HOLDS_POSITION'], 'OUTGOING');
    const roles = Object.fromEntries(positions.map((p) => [p.role, p]));
    expect(Object.keys(roles).sort()).toEqual(['Deputy Prime Minister', 'Minister of Industry and Trade']);
    expect(roles['Deputy Prime Minister']!.to.name).toBe('Government of Russia');
    expect(roles['Minister of Industry and Trade']!.to.name).toBe('Ministry of Industry and Trade');
    for (const position of positions) {
      expect(position.current).toBe(true);
      expect(position.validFrom).toBeNull();
      expectSupported(position.evidence, 'Denis Manturov', position.role!);
    }
    const person = await api.gql(`query($id: ID!) { entity(id: $id) { ... on Person { positions { role } } } }`, { id });
    expect(person.data.entity.positions.map((p: { role: string }) => p.role).sort()).toEqual(Object.keys(roles).sort());
  });

  it('Vladislav Shapsha is governor of the Kaluga region', async () => {
    const id = await findByName('Vladislav Shapsha', 'PERSON');
    const [position, ...rest] = await relationsOf(id, ['HOLDS_POSITION'], 'OUTGOING');
    expect(rest).toHaveLength(0);
    expect(position!.role).toBe('Governor');
    expect(position!.to.name).toBe('Kaluga region');
    expect(position!.other.kind).toBe('PLACE');
    expectSupported(position!.evidence, 'Kaluga governor Vladislav Shapsha');
  });

  it('the Kaluga automotive plant is in Kaluga, owned by Art-Finance, and no longer associated with Volkswagen', async () => {
    const id = await findByName('Kaluga automotive plant', 'PLANT');
    const response = await api.gql(
      `query($id: ID!) { entity(id: $id) { kind name ... on Plant { status products location { name } owner { id name } } } }`,
      { id },
    );
    expect(response.errors).toBeUndefined();
    const plant = response.data.entity;
    expect(plant.kind).toBe('PLANT');
    expect(plant.location.name).toBe('Kaluga region');
    expect(plant.owner.name).toBe('Art-Finance');

    const relations = await relationsOf(id);
    const volkswagen = relations.find((r) => r.other.name === 'Volkswagen');
    expect(volkswagen).toMatchObject({ type: 'ASSOCIATED_WITH', current: false, validTo: null });
    expectSupported(volkswagen!.evidence, 'once associated with Volkswagen');

    const ownership = relations.find((r) => r.type === 'OWNS');
    expect(ownership).toMatchObject({ role: 'new owner', current: true, from: { name: 'Art-Finance' }, to: { id } });
    expectSupported(ownership!.evidence, 'has become the new owner');

    const location = relations.find((r) => r.type === 'LOCATED_IN');
    expect(location).toMatchObject({ from: { id }, to: { name: 'Kaluga region' } });
    expectSupported(location!.evidence, 'Kaluga site');
  });

  it('Art-Finance is a domestic company with ties to the Avilon dealer group and an unnamed international technology partner', async () => {
    const id = await findByName('Art-Finance', 'ORGANIZATION');
    const response = await api.gql(`query($id: ID!) { entity(id: $id) { description evidence { quote } ... on Organization { category } } }`, { id });
    expect(response.data.entity.category).toBe('COMPANY');
    expect(response.data.entity.evidence.map((e: { quote: string }) => e.quote).join(' ')).toContain('domestic firm');

    const relations = await relationsOf(id, undefined, 'OUTGOING');
    const avilon = relations.find((r) => r.type === 'AFFILIATED_WITH');
    expect(avilon).toMatchObject({ role: 'has ties to', to: { name: 'Avilon' } });
    expectSupported(avilon!.evidence, 'has ties to the Avilon dealer group');

    const partner = relations.find((r) => r.type === 'PARTNER_OF');
    expectSupported(partner!.evidence, 'international technology partner');
    const partnerEntity = await api.gql(
      `query($id: ID!) { entity(id: $id) { name unidentified kind } }`,
      { id: partner!.to.id },
    );
    expect(partnerEntity.data.entity).toMatchObject({ unidentified: true, kind: 'ORGANIZATION' });
  });

  it('Avilon is a dealer group and Volkswagen a company', async () => {
    const avilon = await api.gql(`query($id: ID!) { entity(id: $id) { ... on Organization { category } } }`, {
      id: await findByName('Avilon', 'ORGANIZATION'),
    });
    expect(avilon.data.entity.category).toBe('DEALER_GROUP');
    const volkswagen = await api.gql(`query($id: ID!) { entity(id: $id) { ... on Organization { category } } }`, {
      id: await findByName('Volkswagen', 'ORGANIZATION'),
    });
    expect(volkswagen.data.entity.category).toBe('COMPANY');
  });

  it("keeps Shapsha's earlier timeline and Manturov's later one, the later revising the earlier", async () => {
    const manturov = await findByName('Denis Manturov', 'PERSON');
    const response = await api.gql(
      `query($id: ID!) { entity(id: $id) { statements {
         id summary madeOn concerns speaker { name } about { name } madeAt { name unidentified ... on Event { venue { name } } }
         evidence { quote document { id publisher text } }
         supersedes { id summary concerns speaker { name } supersededBy { id } evidence { quote } }
       } } }`,
      { id: manturov },
    );
    expect(response.errors).toBeUndefined();
    const timeline = response.data.entity.statements.find((s: { concerns: string | null }) => s.concerns === '2024-H1');
    expect(timeline.speaker.name).toBe('Denis Manturov');
    expect(timeline.about.map((a: { name: string }) => a.name)).toContain('Kaluga automotive plant');
    expect(timeline.madeOn).toBeNull();
    expect(timeline.madeAt.name).toBe('Russian exhibition and forum at the Government Coordination Center');
    expect(timeline.madeAt.unidentified).toBe(true);
    expect(timeline.madeAt.venue.name).toBe('Government Coordination Center');
    expectSupported(timeline.evidence, 'first six months of 2024');

    const earlier = timeline.supersedes;
    expect(earlier.speaker.name).toBe('Vladislav Shapsha');
    expect(earlier.supersededBy.id).toBe(timeline.id);
    const earlierQuotes = earlier.evidence.map((e: { quote: string }) => e.quote);
    expect(earlierQuotes.join(' ')).toContain('from late 2023 to the beginning of 2024');
    for (const quote of earlierQuotes) expect(documentText).toContain(quote);
  });

  it('every entity, relation and statement in the graph carries at least one verbatim quote', async () => {
    // The ids come from the database itself, so nothing in the graph escapes the check.
    const ids = (await api.db.read((tx) => tx.run(cypher('testAllEntityIds', 'MATCH (e:Entity) RETURN e.id AS id')))).map((r) => r.id as string);
    expect(ids.length).toBeGreaterThanOrEqual(10);
    let relations = 0;
    let statements = 0;
    for (const id of ids) {
      const response = await api.gql(`query($id: ID!) { entity(id: $id) { evidence { quote document { id publisher text } } statements { evidence { quote document { id publisher text } } } } }`, { id });
      expectSupported(response.data.entity.evidence);
      for (const statement of response.data.entity.statements) expectSupported(statement.evidence);
      statements += response.data.entity.statements.length;
      for (const relation of await relationsOf(id)) {
        expectSupported(relation.evidence);
        relations += 1;
      }
    }
    expect(relations).toBeGreaterThan(0);
    expect(statements).toBeGreaterThan(0);
  });
});
