/**
 * Safety catalogue row 19: a restricted record is refused both by id and through a relation. A
 * confidential source (a restricted document) and whatever only it supports are invisible to
 * callers without the confidential role, by every path: by id, in lists and counts, in search, in
 * networks, paths and timelines, in quotes of open facts, and in history. A cleared key sees it all.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cypher } from '../../src/data/database.js';
import { loadBundle, parseBundle } from '../../src/ingest/load-bundle.js';
import { makeApiKey, makeApiKeys } from '../support/api-keys.js';
import { bearer, codeOf } from '../support/requests.js';
import { resetGraph } from '../support/seed-builders.js';
import { snapshotGraph, startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
const ROLES = ['reader', 'editor', 'ingest', 'confidential'] as const;
let keys: Record<(typeof ROLES)[number], string>;
const as = (role: (typeof ROLES)[number]) => bearer(keys[role]);

const MEMO = 'Memo: Art-Finance plans to sell the Kaluga plant to Orion Motors. Orion Motors is owned by Ivan Petrov.';
const memoBundle = () =>
  parseBundle(
    {
      document: { id: 'document/internal-memo', publisher: 'Internal', restricted: true, text: MEMO },
      entities: [
        { kind: 'ORGANIZATION', name: 'Orion Motors', category: 'COMPANY', evidence: ['Orion Motors is owned by Ivan Petrov'] },
        { kind: 'PERSON', name: 'Ivan Petrov', evidence: ['owned by Ivan Petrov'] },
        // An open entity that the memo also quotes: it stays open, the memo's quote does not show.
        // Nor may it change the open entity's fields or names, which everyone sees.
        { id: 'organization/art-finance', kind: 'ORGANIZATION', name: 'Art-Finance Holding', aliases: ['AF'], description: 'Plans to sell the plant.', evidence: ['Art-Finance plans to sell the Kaluga plant'] },
      ],
      relations: [
        { type: 'OWNS', from: 'person/ivan-petrov', to: 'organization/orion-motors', evidence: ['Orion Motors is owned by Ivan Petrov'] },
        { type: 'ASSOCIATED_WITH', from: 'organization/orion-motors', to: 'plant/kaluga-automotive-plant', role: 'prospective buyer', evidence: ['sell the Kaluga plant to Orion Motors'] },
      ],
    },
    'memo',
  );

/** A second memo, restricted unless `restricted: false` opens it. */
const secondMemoBundle = ({ restricted = true } = {}) =>
  parseBundle(
    { document: { id: 'document/second-memo', publisher: 'Internal', restricted, text: 'Memo two: Orion Motors hires.' }, entities: [{ kind: 'ORGANIZATION', name: 'Hidden Hire Agency', evidence: ['Memo two'] }] },
    restricted ? 'second memo' : 'second memo, opened',
  );

/** Everything an uncleared caller can see that the memo could touch, by every path. */
const OPEN_VIEW = `{
  documents { id }
  plant: entity(id: "plant/kaluga-automotive-plant") {
    relations(first: 100) { totalCount edges { node { id evidence { quote document { id } } } } }
    statements { id }
    history { totalCount }
  }
  artFinance: entity(id: "organization/art-finance") { name aliases description evidence { quote } relations(first: 100) { totalCount } history { totalCount edges { node { id } } } }
  search(text: "Orion Motors Petrov") { entity { id } }
  entities(first: 100) { totalCount edges { node { id } } }
  neighborhood(id: "plant/kaluga-automotive-plant", depth: 3) { nodes { id } edges { id } omitted { count } }
  timeline { subject { __typename } }
  changes(first: 100) { totalCount edges { node { id documents { id } } } }
}`;

const BY_ID = `{
  document(id: "document/internal-memo") { id restricted text }
  orion: entity(id: "organization/orion-motors") { id relations { edges { node { id evidence { quote } } } } }
  petrov: entity(id: "person/ivan-petrov") { id }
  owns: relation(id: "owns:person/ivan-petrov:organization/orion-motors", includeRetracted: true) { id }
  history(subjectId: "organization/orion-motors") { totalCount }
}`;

beforeAll(async () => {
  api = await startTestApi({ seed: false });
});
afterAll(() => api?.close());
// Every test starts from the seed alone, and loads the memos it is about.
beforeEach(async () => {
  await resetGraph(api.db);
  keys = await makeApiKeys(api.db, ROLES);
});
const loadMemo = () => loadBundle(api.db, memoBundle());

describe('a restricted document', () => {
  it('loads like any article', async () => {
    const summary = await loadMemo();
    expect(summary.entities.created).toBe(2);
    expect(summary.relations.created).toBe(2);
  });

  it.each<[string, 'reader' | 'editor' | null]>([
    ['an anonymous caller', null],
    ['a reader key', 'reader'],
    ['an editor key', 'editor'],
  ])('is invisible to %s by every path, as if it were not in the graph', async (_, who) => {
    const headers = who ? as(who) : {};
    const openBefore = await api.gql(OPEN_VIEW, {}, headers);
    expect(openBefore.errors).toBeUndefined();
    await loadMemo();
    const open = await api.gql(OPEN_VIEW, {}, headers);
    expect(open.errors).toBeUndefined();
    expect(open.data).toEqual(openBefore.data);

    const byId = await api.gql(BY_ID, {}, headers);
    expect(byId.errors).toBeUndefined();
    expect(byId.data).toEqual({ document: null, orion: null, petrov: null, owns: null, history: { totalCount: 0 } });

    // Through a relation too: a path question to a restricted entity finds no such entity.
    const path = await api.gql('{ paths(from: "plant/kaluga-automotive-plant", to: "person/ivan-petrov") { length } }', {}, headers);
    expect(codeOf(path)).toBe('NOT_FOUND');
  });

  it('is absent to an uncleared editor\'s writes too: NOT_FOUND, naming nothing, changing nothing', async () => {
    await loadMemo();
    const before = await snapshotGraph(api.db);
    const probes = [
      'mutation { updateEntity(id: "organization/orion-motors", input: { description: "x" }) { id } }',
      'mutation { retractRelation(id: "owns:person/ivan-petrov:organization/orion-motors", reason: "x") { id } }',
      'mutation { mergeEntities(survivorId: "organization/avilon", mergedId: "organization/orion-motors", reason: "x") { id } }',
      `mutation { addRelation(input: { type: PARTNER_OF, from: "organization/avilon", to: "organization/orion-motors",
         evidence: { documentId: "document/internal-memo", quotes: ["Orion Motors"] } }) { id } }`,
    ];
    for (const probe of probes) {
      const response = await api.gql(probe, {}, as('editor'));
      expect(['NOT_FOUND', 'BAD_USER_INPUT'], probe).toContain(codeOf(response));
      expect(JSON.stringify(response.errors)).not.toMatch(/Orion Motors|Ivan Petrov|COMPANY|ORGANIZATION is/);
    }
    expect(await snapshotGraph(api.db)).toBe(before);
  });

  it('an ingest key without clearance may load a restricted document, and gets no document back', async () => {
    const response = await api.gql(
      'mutation($b: JSONObject!) { ingestBundle(bundle: $b) { document { id } entitiesCreated } }',
      { b: { document: { id: 'document/second-memo', publisher: 'Internal', restricted: true, text: 'Memo two: Orion Motors hires.' }, entities: [{ kind: 'ORGANIZATION', name: 'Hidden Hire Agency', evidence: ['Memo two'] }] } },
      as('ingest'),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.ingestBundle).toEqual({ document: null, entitiesCreated: 1 });
  });

  it('is shown in full to a key with the confidential role', async () => {
    await loadMemo();
    const byId = await api.gql(BY_ID, {}, as('confidential'));
    expect(byId.errors).toBeUndefined();
    expect(byId.data.document).toEqual({ id: 'document/internal-memo', restricted: true, text: MEMO });
    expect(byId.data.orion.relations.edges.map((e: any) => e.node.id).sort()).toEqual([
      'associated-with:organization/orion-motors:plant/kaluga-automotive-plant:prospective-buyer',
      'owns:person/ivan-petrov:organization/orion-motors',
    ]);
    expect(byId.data.petrov).toEqual({ id: 'person/ivan-petrov' });
    expect(byId.data.history.totalCount).toBe(1);
    const artFinance = await api.gql('{ entity(id: "organization/art-finance") { evidence { quote document { id } } } }', {}, as('confidential'));
    expect(artFinance.data.entity.evidence).toContainEqual({ quote: 'Art-Finance plans to sell the Kaluga plant', document: { id: 'document/internal-memo' } });
    const path = await api.gql('{ paths(from: "plant/kaluga-automotive-plant", to: "person/ivan-petrov") { length } }', {}, as('confidential'));
    expect(path.data.paths[0].length).toBe(2);
  });

  it('stops hiding an entity once an open source names it, but not the facts only the memo supports', async () => {
    await loadMemo();
    const text = 'Orion Motors, a carmaker, opened a showroom.';
    await loadBundle(
      api.db,
      parseBundle({ document: { id: 'document/orion-showroom', publisher: 'Wire', text }, entities: [{ id: 'organization/orion-motors', kind: 'ORGANIZATION', name: 'Orion Motors', evidence: ['Orion Motors, a carmaker'] }] }, 'showroom'),
    );
    const open = await api.gql(BY_ID);
    expect(open.data.orion).toEqual({ id: 'organization/orion-motors', relations: { edges: [] } });
    expect(open.data.petrov).toBeNull();
    expect(open.data.owns).toBeNull();
    // What only the memo said of it (its category) went when it opened: the open source's word stands.
    const orion = await api.gql('{ entity(id: "organization/orion-motors") { name aliases ... on Organization { category } } }');
    expect(orion.data.entity).toEqual({ name: 'Orion Motors', aliases: [], category: 'OTHER' }); // OTHER: not said
  });

  it('an entity an editor\'s open quote revealed is not rewritten by a later restricted document', async () => {
    await loadMemo();
    const mention = 'Orion Motors sponsors the Kaluga race.';
    await loadBundle(api.db, parseBundle({ document: { id: 'document/race', publisher: 'Wire', text: mention }, entities: [{ kind: 'EVENT', name: 'Kaluga race', evidence: ['the Kaluga race'] }] }, 'race'));
    // A cleared editor cites the open article for the memo's entity: everyone may now see it.
    const clearedEditor = bearer(await makeApiKey(api.db, ['editor', 'confidential']));
    const cited = await api.gql(
      'mutation { updateEntity(id: "organization/orion-motors", input: { evidence: { documentId: "document/race", quotes: ["Orion Motors sponsors"] } }) { id } }',
      {},
      clearedEditor,
    );
    expect(cited.errors).toBeUndefined();
    const VIEW = '{ entity(id: "organization/orion-motors") { name aliases description ... on Organization { category } } }';
    const seen = await api.gql(VIEW);
    expect(seen.data.entity).not.toBeNull();
    // Another memo says more of it: uncleared readers must not learn it through the open entity.
    await loadBundle(api.db, parseBundle({
      document: { id: 'document/third-memo', publisher: 'Internal', restricted: true, publishedOn: '2030-01-01', text: 'Memo three: Orion Rocket Motors, a state agency, is a front.' },
      entities: [{ id: 'organization/orion-motors', kind: 'ORGANIZATION', name: 'Orion Rocket Motors', aliases: ['ORM'], category: 'GOVERNMENT_BODY', description: 'A front.', evidence: ['Orion Rocket Motors, a state agency'] }],
    }, 'third memo'));
    expect((await api.gql(VIEW)).data).toEqual(seen.data);
  });

  it('once the last restricted document is made open, shows everything it supported and leaves no flag set', async () => {
    // Writes skip the restriction flags while the graph has no restricted document; the write that
    // opens the last one must still clear them, since the graph had one when it began.
    await loadMemo();
    await loadBundle(api.db, secondMemoBundle());
    await loadBundle(api.db, secondMemoBundle({ restricted: false }));
    const opened = memoBundle();
    opened.document.restricted = false;
    await loadBundle(api.db, opened);
    const open = await api.gql(BY_ID);
    expect(open.errors).toBeUndefined();
    expect(open.data.document).toEqual({ id: 'document/internal-memo', restricted: false, text: MEMO });
    expect(open.data.petrov).toEqual({ id: 'person/ivan-petrov' });
    expect(open.data.owns).toEqual({ id: 'owns:person/ivan-petrov:organization/orion-motors' });
    expect(open.data.orion.relations.edges).toHaveLength(2);
    const flagged = await api.db.read((tx) =>
      tx.run(cypher('testRestrictedFlags', // History keeps what it recorded while the memo was restricted (Change and Creations nodes stay restricted).
        'RETURN COLLECT { MATCH (n) WHERE n.restricted AND NOT n:Change AND NOT n:Creations RETURN labels(n) } + COLLECT { MATCH ()-[r]->() WHERE r.restricted RETURN type(r) } AS n')),
    );
    expect(flagged[0]!.n).toEqual([]);
  });
});
