/**
 * Curation over HTTP with an editor key: creating and updating entities, adding relations and
 * statements with their quotes, retracting them (gone from every default answer, kept in history
 * with who, when and why), and the history itself. Each refusal is checked to change nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/ingest/load-bundle.js';
import { makeApiKey } from '../support/api-keys.js';
import { bearer } from '../support/requests.js';
import { resetGraph, seedBundle } from '../support/seed-builders.js';
import { snapshotGraph, startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
let editorKey: string;
const DOC = 'document/tass-kaluga-plant';
const edit = (query: string, variables: Record<string, unknown> = {}) => api.gql(query, variables, bearer(editorKey));

const CHANGE_FIELDS = `action subjectType subjectId reason actor { id kind } documents { id } fields { field before after } quotesAdded { quote document { id } } quotesRemoved { quote }`;
const history = async (id: string) => {
  const response = await api.gql(`query($id: ID!) { history(subjectId: $id, first: 100) { totalCount edges { node { ${CHANGE_FIELDS} } } } }`, { id });
  expect(response.errors).toBeUndefined();
  return response.data.history as { totalCount: number; edges: Array<{ node: any }> };
};
const countChanges = async () => (await api.gql('{ changes(first: 1) { totalCount } }')).data.changes.totalCount as number;

beforeAll(async () => {
  api = await startTestApi({ seed: false });
});
afterAll(() => api?.close());
// Every test starts from the seed alone, and makes the edits it is about.
beforeEach(async () => {
  await resetGraph(api.db);
  editorKey = await makeApiKey(api.db, ['editor']);
});

const CREATE = `mutation($input: CreateEntityInput!) { createEntity(input: $input, reason: "named in the article") {
  id name ... on Organization { category } evidence { quote document { id } } } }`;
/** An entity an editor adds from a sentence of the seed article. */
const authorities = {
  kind: 'ORGANIZATION',
  name: 'Kaluga regional authorities',
  category: 'GOVERNMENT_BODY',
  evidence: { documentId: DOC, quotes: ['Earlier statements from regional authorities'] },
};
/** Creates that entity, for the tests that start from it. */
async function createAuthorities() {
  const response = await edit(CREATE, { input: authorities });
  expect(response.errors).toBeUndefined();
  return response.data.createEntity as { id: string };
}

describe('history of ingestion', () => {
  it('records what the seed created, by whom and from which document; loading it again records nothing', async () => {
    const plant = await history('plant/kaluga-automotive-plant');
    expect(plant.totalCount).toBe(1);
    expect(plant.edges[0]!.node).toMatchObject({ action: 'CREATED', subjectType: 'ENTITY', actor: { id: 'system', kind: 'SYSTEM' }, documents: [{ id: DOC }] });
    expect(plant.edges[0]!.node.fields).toEqual(expect.arrayContaining([{ field: 'name', before: null, after: 'Kaluga automotive plant' }]));
    expect(plant.edges[0]!.node.quotesAdded.length).toBeGreaterThan(0);

    const before = await snapshotGraph(api.db);
    await loadBundle(api.db, seedBundle());
    expect(await snapshotGraph(api.db)).toBe(before);
  });
});

describe('creating and updating entities', () => {
  it('creates an entity from a quote; it is then searchable, and its history says who, why and from where', async () => {
    const response = await edit(CREATE, { input: authorities });
    expect(response.errors).toBeUndefined();
    expect(response.data.createEntity).toEqual({
      id: 'organization/kaluga-regional-authorities',
      name: 'Kaluga regional authorities',
      category: 'GOVERNMENT_BODY',
      evidence: [{ quote: 'Earlier statements from regional authorities', document: { id: DOC } }],
    });
    const found = await api.gql('{ search(text: "regional authorities") { entity { id } } }');
    expect(found.data.search[0].entity.id).toBe('organization/kaluga-regional-authorities');

    const { edges } = await history('organization/kaluga-regional-authorities');
    expect(edges).toHaveLength(1);
    const change = edges[0]!.node;
    expect(change).toMatchObject({ action: 'CREATED', reason: 'named in the article', actor: { kind: 'API_KEY' }, documents: [{ id: DOC }] });
    expect(editorKey).toContain(`_${change.actor.id}_`);
  });

  it('refuses a taken id (ALREADY_EXISTS), a quote not in the text, and a field of another kind, changing nothing', async () => {
    await createAuthorities();
    const before = await snapshotGraph(api.db);
    const taken = await edit(CREATE, { input: authorities });
    expect(taken.errors?.[0]?.extensions?.code).toBe('ALREADY_EXISTS');

    const misquoted = await edit(CREATE, { input: { ...authorities, name: 'Kaluga officials', evidence: { documentId: DOC, quotes: ['Kaluga officials said'] } } });
    expect(misquoted.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(misquoted.errors?.[0]?.message).toContain('Kaluga officials said');

    const unknownDocument = await edit(CREATE, { input: { ...authorities, name: 'Other', evidence: { documentId: 'document/nope', quotes: ['x'] } } });
    expect(unknownDocument.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const wrongKind = await edit(`mutation { updateEntity(id: "person/denis-manturov", input: { status: IDLE }) { id } }`);
    expect(wrongKind.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrongKind.errors?.[0]?.message).toMatch(/"status" applies to PLANT entities only/);
    expect(await snapshotGraph(api.db)).toBe(before);
  });

  it('renames an entity, keeping the old name findable, and records the change field by field', async () => {
    const response = await edit(`mutation { updateEntity(id: "organization/avilon", input: { name: "Avilon Group", description: "A dealer group." }, reason: "full name") {
      id name aliases description } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data.updateEntity).toMatchObject({ id: 'organization/avilon', name: 'Avilon Group', description: 'A dealer group.' });
    expect(response.data.updateEntity.aliases).toContain('Avilon');
    for (const text of ['Avilon Group', 'Avilon']) {
      const found = await api.gql(`{ search(text: "${text}") { entity { id } } }`);
      expect(found.data.search[0].entity.id, text).toBe('organization/avilon');
    }
    const latest = (await history('organization/avilon')).edges[0]!.node;
    expect(latest).toMatchObject({ action: 'UPDATED', reason: 'full name', documents: [] });
    expect(latest.fields).toEqual(expect.arrayContaining([{ field: 'name', before: 'Avilon', after: 'Avilon Group' }]));
  });
});

describe('relations: added, retracted, reinstated', () => {
  const ADD = `mutation($input: AddRelationInput!) { addRelation(input: $input) { id type role from { id } to { id } evidence { quote } retraction { reason } } }`;
  const relation = {
    type: 'AFFILIATED_WITH',
    from: 'person/vladislav-shapsha',
    to: 'organization/kaluga-regional-authorities',
    role: 'governor',
    evidence: { documentId: DOC, quotes: ['regional authorities indicated a shift in timelines for resuming vehicle production at the plant, with Kaluga governor Vladislav Shapsha'] },
  };
  const ID = 'affiliated-with:person/vladislav-shapsha:organization/kaluga-regional-authorities:governor';
  const addRelation = async () => {
    const added = await edit(ADD, { input: relation });
    expect(added.errors).toBeUndefined();
    return added;
  };
  const shapshaRelations = async () =>
    (await api.gql(`{ entity(id: "person/vladislav-shapsha") { relations(types: [AFFILIATED_WITH]) { totalCount edges { node { id } } } } }`)).data.entity.relations;

  it('adds a relation with its quote; adding it again changes nothing', async () => {
    await createAuthorities();
    const added = await edit(ADD, { input: relation });
    expect(added.errors).toBeUndefined();
    expect(added.data.addRelation).toMatchObject({ id: ID, role: 'governor', retraction: null, from: { id: 'person/vladislav-shapsha' } });
    expect((await shapshaRelations()).totalCount).toBe(1);

    const before = await snapshotGraph(api.db);
    expect((await edit(ADD, { input: relation })).errors).toBeUndefined();
    expect(await snapshotGraph(api.db)).toBe(before);
  });

  it('refuses a STATED_ABOUT relation, an unknown entity, and a self-relation, changing nothing', async () => {
    await createAuthorities();
    const before = await snapshotGraph(api.db);
    for (const input of [
      { ...relation, type: 'STATED_ABOUT' },
      { ...relation, to: 'organization/nobody' },
      { ...relation, to: relation.from },
    ]) {
      const response = await edit(ADD, { input });
      expect(response.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
      // The error points at the mutation's own argument, for a form to show it beside the field.
      expect(response.errors?.[0]?.extensions?.argument).toMatch(/^input/);
    }
    expect(await snapshotGraph(api.db)).toBe(before);
  });

  it('a retracted relation leaves lists, networks and paths, stays reachable by id on request, and its history says why', async () => {
    await createAuthorities();
    await addRelation();
    expect((await shapshaRelations()).totalCount).toBe(1);
    const retracted = await edit(`mutation { retractRelation(id: "${ID}", reason: "the article does not say he is part of them") {
      id retraction { reason actor { kind } at } } }`);
    expect(retracted.errors).toBeUndefined();
    expect(retracted.data.retractRelation.retraction).toMatchObject({ reason: 'the article does not say he is part of them', actor: { kind: 'API_KEY' } });
    expect(Date.parse(retracted.data.retractRelation.retraction.at)).toBeGreaterThan(Date.now() - 60_000);

    expect(await shapshaRelations()).toEqual({ totalCount: 0, edges: [] });
    const answers = await api.gql(`{
      byId: relation(id: "${ID}") { id }
      onRequest: relation(id: "${ID}", includeRetracted: true) { id retraction { reason } }
      paths(from: "person/vladislav-shapsha", to: "organization/kaluga-regional-authorities") { length }
      neighborhood(id: "organization/kaluga-regional-authorities") { edges { id } }
    }`);
    expect(answers.errors).toBeUndefined();
    expect(answers.data).toEqual({
      byId: null,
      onRequest: { id: ID, retraction: { reason: 'the article does not say he is part of them' } },
      paths: [],
      neighborhood: { edges: [] },
    });
    const { edges } = await history(ID);
    expect(edges.map((e) => e.node.action)).toEqual(['RETRACTED', 'CREATED']);
    expect(edges[0]!.node).toMatchObject({ reason: 'the article does not say he is part of them', fields: [{ field: 'retracted', before: null, after: 'the article does not say he is part of them' }] });

    // Retracting it again is harmless and records nothing.
    const before = await snapshotGraph(api.db);
    expect((await edit(`mutation { retractRelation(id: "${ID}", reason: "again") { id } }`)).errors).toBeUndefined();
    expect(await snapshotGraph(api.db)).toBe(before);
  });

  it('adding a retracted relation again reinstates it', async () => {
    await createAuthorities();
    await addRelation();
    expect((await edit(`mutation { retractRelation(id: "${ID}", reason: "not so") { id } }`)).errors).toBeUndefined();
    expect((await shapshaRelations()).totalCount).toBe(0);
    const added = await edit(ADD, { input: relation });
    expect(added.data.addRelation.retraction).toBeNull();
    expect((await shapshaRelations()).totalCount).toBe(1);
    expect((await history(ID)).edges[0]!.node.action).toBe('REINSTATED');
  });

  it("an editor's retraction of a seed fact survives loading the seed again", async () => {
    const owns = 'owns:organization/art-finance:plant/kaluga-automotive-plant:new-owner';
    expect((await edit(`mutation { retractRelation(id: "${owns}", reason: "disputed") { id } }`)).errors).toBeUndefined();
    const owner = async () => (await api.gql('{ entity(id: "plant/kaluga-automotive-plant") { ... on Plant { owner { id } ownerships(asOf: "2024") { id } } } }')).data.entity;
    expect(await owner()).toEqual({ owner: null, ownerships: [] });

    const before = await snapshotGraph(api.db);
    await loadBundle(api.db, seedBundle());
    expect(JSON.parse(await snapshotGraph(api.db))).toEqual(JSON.parse(before));
    expect(await owner()).toEqual({ owner: null, ownerships: [] });
  });
});

describe('statements: added and retracted', () => {
  it('adds a statement with its quote, and the STATED_ABOUT relation that follows from it', async () => {
    const response = await edit(`mutation($input: AddStatementInput!) { addStatement(input: $input) { id speaker { id } about { id } summary evidence { quote } } }`, {
      input: {
        speaker: 'person/denis-manturov',
        about: ['organization/international-technology-partner-of-art-finance'],
        summary: 'Art-Finance has engaged an international technology partner for the relaunch.',
        evidence: { documentId: DOC, quotes: ['Art-Finance has already engaged an international technology partner'] },
      },
    });
    expect(response.errors).toBeUndefined();
    const statement = response.data.addStatement;
    expect(statement.id).toMatch(/^statement\/denis-manturov-art-finance-has-engaged/);
    const partner = await api.gql(`{ entity(id: "organization/international-technology-partner-of-art-finance") {
      statements { id } relations(types: [STATED_ABOUT]) { edges { node { from { id } statement { id } } } } } }`);
    expect(partner.data.entity.statements.map((s: { id: string }) => s.id)).toEqual([statement.id]);
    expect(partner.data.entity.relations.edges).toEqual([{ node: { from: { id: 'person/denis-manturov' }, statement: { id: statement.id } } }]);
  });

  it('a retracted statement leaves statements, revisions, timelines and paths, with its derived relations', async () => {
    const id = 'statement/manturov-production-starts-2024-h1';
    const retracted = await edit(`mutation { retractStatement(id: "${id}", reason: "misattributed") { id retraction { reason } } }`);
    expect(retracted.errors).toBeUndefined();
    expect(retracted.data.retractStatement.retraction.reason).toBe('misattributed');

    const answers = await api.gql(`{
      plant: entity(id: "plant/kaluga-automotive-plant") { statements { id } }
      earlier: statement(id: "statement/shapsha-restart-moves-to-early-2024") { supersededBy { id } }
      byId: statement(id: "${id}") { id }
      onRequest: statement(id: "${id}", includeRetracted: true) { retraction { reason } }
      timeline(entityId: "plant/kaluga-automotive-plant") { subject { ... on Statement { id } } }
      manturov: entity(id: "person/denis-manturov") { relations(types: [STATED_ABOUT]) { edges { node { statement { id } } } } }
    }`);
    expect(answers.errors).toBeUndefined();
    // The plant, the timeline and Manturov keep their other statements: what is left is not empty.
    expect(answers.data.plant.statements.length).toBeGreaterThan(0);
    expect(answers.data.timeline.length).toBeGreaterThan(0);
    expect(answers.data.manturov.relations.edges.length).toBeGreaterThan(0);
    expect(answers.data.plant.statements.map((s: { id: string }) => s.id)).not.toContain(id);
    expect(answers.data.earlier.supersededBy).toBeNull();
    expect(answers.data.byId).toBeNull();
    expect(answers.data.onRequest.retraction.reason).toBe('misattributed');
    expect(JSON.stringify(answers.data.timeline)).not.toContain(id);
    expect(JSON.stringify(answers.data.manturov)).not.toContain(id);
    const derived = 'stated-about:person/denis-manturov:plant/kaluga-automotive-plant:manturov-production-starts-2024-h1';
    expect((await history(derived)).edges[0]!.node).toMatchObject({ action: 'RETRACTED', reason: 'misattributed' });
  });
});

describe('the change feed', () => {
  it('lists every change newest first, in pages that join up', async () => {
    const total = await countChanges();
    expect(total).toBeGreaterThan(7 * 2); // several pages of 7
    const seen: string[] = [];
    let after: string | null = null;
    let previous = Infinity;
    for (;;) {
      const response: any = await api.gql(`query($after: String) { changes(first: 7, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id at } } } }`, { after });
      expect(response.errors).toBeUndefined();
      for (const { node } of response.data.changes.edges) {
        const at = Date.parse(node.at);
        expect(at).toBeLessThanOrEqual(previous);
        previous = at;
        seen.push(node.id);
      }
      if (!response.data.changes.pageInfo.hasNextPage) break;
      after = response.data.changes.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });
});
