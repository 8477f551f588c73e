/**
 * Writes over HTTP: refused without the right role (and then nothing changes), accepted with it;
 * an article ingested with an ingest key is then searchable with its quotes.
 */
import { buildASTSchema, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUTATION_POLICY } from '../../src/auth/roles.js';
import { loadTypeDefs } from '../../src/graphql/schema.js';
import { makeApiKey, makeApiKeys } from '../support/api-keys.js';
import { bearer, codeOf, INGEST } from '../support/requests.js';
import { wireStory as bundle } from '../support/seed-builders.js';
import { postGraphQL, snapshotGraph, startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
const keys: Record<string, string> = {};

/** Every mutation the schema has, with arguments that would be valid, to try without the right role. */
const MUTATIONS = (() => {
  const schema = buildASTSchema(parse(loadTypeDefs().join('\n')));
  return Object.keys(schema.getMutationType()!.getFields());
})();

// The tests that need an API of another configuration start their own, which wipes the graph: so
// the seeded API and its keys are started in this describe, and the others are beside it.
describe('on the seeded API, with a key of each role', () => {
  beforeAll(async () => {
    api = await startTestApi();
    Object.assign(keys, await makeApiKeys(api.db, ['ingest', 'reader', 'editor', 'admin']));
    keys.revoked = await makeApiKey(api.db, ['ingest'], { revoked: true });
    // A real ingest key's id with another secret: only the secret check can refuse it.
    keys.wrongSecret = keys.ingest!.slice(0, 'igk_'.length + 13) + 'B'.repeat(43);
  });
  afterAll(() => api?.close());

  describe('who may write', () => {
    it('every mutation has a policy, so none is open by accident', () => {
      expect(MUTATIONS.length).toBeGreaterThan(0);
      for (const mutation of MUTATIONS) expect(MUTATION_POLICY[mutation], mutation).toBeDefined();
    });

    it.each([
      ['no credential', {}, 401, 'UNAUTHENTICATED'],
      ['a malformed key', { authorization: 'Bearer not-a-key' }, 401, 'UNAUTHENTICATED'],
      ['a wrong secret for a real key', 'wrongSecret', 401, 'UNAUTHENTICATED'],
      ['an unknown key', { 'x-api-key': 'igk_aaaaaaaaaaaa_' + 'A'.repeat(43) }, 401, 'UNAUTHENTICATED'],
      ['a revoked key', 'revoked', 401, 'UNAUTHENTICATED'],
      ['a reader key', 'reader', 403, 'FORBIDDEN'],
      ['an editor key', 'editor', 403, 'FORBIDDEN'],
    ] as const)('ingestBundle with %s is refused (%s %s) and writes nothing', async (_, credential, status, code) => {
      const before = await snapshotGraph(api.db);
      const headers = typeof credential === 'string' ? bearer(keys[credential]!) : credential;
      const response = await api.gql(INGEST, { bundle: bundle() }, headers);
      expect(response.status, JSON.stringify(response.errors)).toBe(status);
      expect(codeOf(response)).toBe(code);
      expect(response.data?.ingestBundle ?? null).toBeNull();
      expect(await snapshotGraph(api.db)).toBe(before);
    });

    it('a refusal holds however the mutation is spelled (aliases, fragments, several fields)', async () => {
      const before = await snapshotGraph(api.db);
      const sneaky = `mutation($bundle: JSONObject!) { ...F } fragment F on Mutation { innocent: ingestBundle(bundle: $bundle) { quotes } }`;
      for (const headers of [{}, bearer(keys.reader!)]) {
        const response = await api.gql(sneaky, { bundle: bundle() }, headers);
        expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(codeOf(response));
      }
      expect(await snapshotGraph(api.db)).toBe(before);
    });

    it('a mutation over GET is refused with 405', async () => {
      const url = `${api.url}?query=${encodeURIComponent('mutation { ingestBundle(bundle: {}) { quotes } }')}`;
      const response = await fetch(url, { headers: { ...bearer(keys.ingest!), 'apollo-require-preflight': 'true' } });
      expect(response.status).toBe(405);
    });
  });

  /**
   * One valid call of every mutation, on the seed's facts: what a caller without the right role tries.
   * A mutation added to the schema without a sample here fails the first test below.
   */
  const SEED_DOC = 'document/tass-kaluga-plant';
  const SAMPLES: Record<string, { query: string; variables?: Record<string, unknown> }> = {
    ingestBundle: { query: INGEST, variables: { bundle: bundle() } },
    createEntity: {
      query: `mutation { createEntity(input: { kind: ORGANIZATION, name: "Regional authorities", evidence: { documentId: "${SEED_DOC}", quotes: ["regional authorities"] } }) { id } }`,
    },
    updateEntity: { query: `mutation { updateEntity(id: "organization/avilon", input: { description: "A dealer group." }) { id } }` },
    addRelation: {
      query: `mutation { addRelation(input: { type: PART_OF, from: "organization/ministry-of-industry-and-trade", to: "organization/government-of-russia",
        evidence: { documentId: "${SEED_DOC}", quotes: ["Deputy Prime Minister and Minister of Industry and Trade"] } }) { id } }`,
    },
    addStatement: {
      query: `mutation { addStatement(input: { speaker: "person/denis-manturov", about: ["organization/art-finance"], summary: "Art-Finance owns the site.",
        evidence: { documentId: "${SEED_DOC}", quotes: ["has become the new owner of the Kaluga site"] } }) { id } }`,
    },
    retractRelation: { query: `mutation { retractRelation(id: "owns:organization/art-finance:plant/kaluga-automotive-plant:new-owner", reason: "test") { id } }` },
    retractStatement: { query: `mutation { retractStatement(id: "statement/manturov-art-finance-new-owner", reason: "test") { id } }` },
    markDistinct: { query: `mutation { markDistinct(firstId: "organization/art-finance", secondId: "organization/volkswagen", reason: "test") { id } }` },
    mergeEntities: { query: `mutation { mergeEntities(survivorId: "organization/art-finance", mergedId: "organization/avilon", reason: "test") { id } }` },
    undoMerge: { query: `mutation { undoMerge(mergedId: "organization/avilon", reason: "test") { id } }` },
  };

  describe('every mutation', () => {
    it('has a sample call in this test', () => {
      expect(Object.keys(SAMPLES).sort()).toEqual([...MUTATIONS].sort());
    });

    it.each(Object.keys(SAMPLES))('%s is refused without a credential, with a reader key and with a key of another role, writing nothing', async (mutation) => {
      const { query, variables = {} } = SAMPLES[mutation]!;
      const otherRole = MUTATION_POLICY[mutation]!.includes('ingest') ? keys.editor! : keys.ingest!;
      const before = await snapshotGraph(api.db);
      for (const [headers, status, code] of [
        [{}, 401, 'UNAUTHENTICATED'],
        [bearer(keys.reader!), 403, 'FORBIDDEN'],
        [bearer(otherRole), 403, 'FORBIDDEN'],
      ] as const) {
        const response = await api.gql(query, variables, headers);
        expect(response.status, `${mutation} ${JSON.stringify(response.errors)}`).toBe(status);
        expect(codeOf(response)).toBe(code);
        expect(response.data?.[mutation] ?? null).toBeNull();
      }
      expect(await snapshotGraph(api.db)).toBe(before);
    });

    it('the samples are valid: each runs with an admin key (ingestBundle has its own tests below)', async () => {
      for (const mutation of Object.keys(SAMPLES).filter((m) => m !== 'ingestBundle')) {
        const { query, variables = {} } = SAMPLES[mutation]!;
        const response = await api.gql(query, variables, bearer(keys.admin!));
        expect(response.errors, mutation).toBeUndefined();
      }
    });
  });

  describe('ingesting an article with an ingest key', () => {
    it('rejects a bundle whose quote is not in the text, naming it, and writes nothing', async () => {
      const before = await snapshotGraph(api.db);
      const response = await api.gql(INGEST, { bundle: bundle({ quote: 'Northwind Motors acquired the Riverside plant' }) }, bearer(keys.ingest!));
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(response.errors?.[0]?.extensions?.problems)).toContain('Northwind Motors acquired the Riverside plant');
      expect(await snapshotGraph(api.db)).toBe(before);
    });

    it('loads it whole; it is then searchable with its quotes; loading it again changes nothing, matching all it holds', async () => {
      const story = bundle();
      // A statement brings a STATED_ABOUT relation from its speaker to each entity it is about.
      const relations = story.relations.length + story.statements.flatMap((statement) => statement.about).length;
      const first = await api.gql(INGEST, { bundle: story }, bearer(keys.ingest!));
      expect(first.errors).toBeUndefined();
      const quotes = first.data.ingestBundle.quotes;
      expect(quotes).toBeGreaterThanOrEqual([...story.entities, ...story.relations, ...story.statements].flatMap((part) => part.evidence).length);
      expect(first.data.ingestBundle).toEqual({
        document: { id: story.document.id, publisher: story.document.publisher },
        entitiesCreated: story.entities.length, entitiesMatched: 0,
        relationsCreated: relations, relationsMatched: 0,
        statementsCreated: story.statements.length, statementsMatched: 0,
        quotes,
      });

      const found = await postGraphQL(api.url, `{ search(text: "riverside", kinds: [PLANT]) { entity { id ... on Plant { owner { name } ownerships(asOf: "2025-06") { from { name } heldOn(date: "2025-06") evidence { quote document { publisher } } } } } } }`);
      const plant = found.data.search[0].entity;
      expect(plant.owner.name).toBe('Northwind Motors');
      // Southgate's ownership ended in 2025-03, so it is ruled out; Northwind's began then and has no
      // known end: it is the owner, though the article cannot say it held all through June.
      expect(plant.ownerships).toEqual([
        { from: { name: 'Northwind Motors' }, heldOn: 'UNKNOWN', evidence: [{ quote: 'Northwind Motors bought the Riverside plant', document: { publisher: 'Reuters' } }] },
      ]);

      const before = await snapshotGraph(api.db);
      const again = await api.gql(INGEST, { bundle: story }, bearer(keys.ingest!));
      expect(again.data.ingestBundle).toEqual({
        document: { id: story.document.id, publisher: story.document.publisher },
        entitiesCreated: 0, entitiesMatched: story.entities.length,
        relationsCreated: 0, relationsMatched: relations,
        statementsCreated: 0, statementsMatched: story.statements.length,
        quotes,
      });
      expect(await snapshotGraph(api.db)).toBe(before);
    });

    it('an admin key may ingest too', async () => {
      // A story of its own, so that it creates what it loads whichever test ran first.
      const story = bundle({ buyer: 'Eastwind Motors', seller: 'Northgate Holding', town: 'Lakeside', chief: 'Omar Reyes' });
      const response = await api.gql(INGEST, { bundle: story }, { 'x-api-key': keys.admin! });
      expect(response.errors).toBeUndefined();
      expect(response.data.ingestBundle).toMatchObject({ entitiesCreated: story.entities.length, entitiesMatched: 0, statementsCreated: story.statements.length, statementsMatched: 0 });
    });
  });

  it('reads are open by default', async () => {
    const response = await api.gql('{ documents { id } }');
    expect(response.errors).toBeUndefined();
    expect(response.data.documents.length).toBeGreaterThan(0);
  });
});

describe('reads', () => {
  it('can be made to require a key', async () => {
    const closed = await startTestApi({ seed: false, env: { REQUIRE_READ_KEY: 'true' } });
    try {
      const key = await makeApiKey(closed.db, ['reader']);
      const anonymous = await closed.gql('{ documents { id } }');
      expect(anonymous.status).toBe(401);
      expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
      const withKey = await closed.gql('{ documents { id } }', {}, bearer(key));
      expect(withKey.errors).toBeUndefined();
    } finally {
      await closed.close();
    }
  });
});
