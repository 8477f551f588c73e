/**
 * Claims per source: two articles that disagree about a position and a person, loaded in either
 * order, give the same graph: the values shown by the rule (domain/claims.ts), every source's
 * claim listed with its quotes, the disagreement flagged. A restricted source never moves what
 * everyone sees, a corrected article takes its claim back, and a graph written before claims were
 * kept gets them from its sources. What an editor said stays said: values their later additions
 * leave out, and aliases they removed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer } from '../support/requests.js';
import { cypher } from '../../src/data/database.js';
import { applySchema } from '../../src/data/schema-setup.js';
import { loadBundle, parseBundle } from '../../src/ingest/load-bundle.js';
import { EARLIER, LATER, POSITION, positionArticle as article } from '../support/disagreeing-articles.js';
import { loadArticle, resetGraph } from '../support/seed-builders.js';
import { makeApiKey } from '../support/api-keys.js';
import { HISTORY_LABELS, LOAD_PROPERTIES, snapshotGraph, startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ seed: false });
});
afterAll(() => api?.close());
beforeEach(() => resetGraph(api.db, { seed: false }));

const VIEW = `{
  relation(id: "${POSITION}") {
    validFrom validTo current disputed disputedFields
    claims { document { id } validFrom validTo current curated inherited evidence { quote document { id } } }
    in2021: heldOn(date: "2021") on2022: heldOn(date: "2022-06-15") late2023: heldOn(date: "2023-H2")
  }
  entity(id: "person/olga-varga") { description disputed disputedFields claims { document { id } description evidence { quote } } }
}`;

/**
 * The graph as it stands, without what tells how it came to be: history, when each claim was
 * loaded, and whether the comparison for duplicates ran after a document (only after one that
 * created entities).
 */
const stateOf = () => snapshotGraph(api.db, { without: HISTORY_LABELS, ignoring: [...LOAD_PROPERTIES, 'duplicatesProposed'] });

describe('claims per source', () => {
  it('two articles that disagree give the same graph in either order: the newer one shown, both listed with their quotes, disputed', async () => {
    await loadArticle(api.db, EARLIER);
    await loadArticle(api.db, LATER);
    const oneOrder = await stateOf();
    const answer = await api.gql(VIEW);
    expect(answer.errors).toBeUndefined();

    await resetGraph(api.db, { seed: false });
    await loadArticle(api.db, LATER);
    await loadArticle(api.db, EARLIER);
    expect(JSON.parse(await stateOf())).toEqual(JSON.parse(oneOrder));
    expect((await api.gql(VIEW)).data).toEqual(answer.data);

    const { relation, entity } = answer.data;
    // The most recent publication decides its start and its end together with `current`.
    expect(relation).toMatchObject({ validFrom: '2019', validTo: '2023-03', current: false, disputed: true });
    expect(relation.disputedFields).toEqual(['validFrom', 'current']);
    expect(relation.claims.map((c: any) => c.document.id)).toEqual(['document/wire-2023', 'document/wire-2022']);
    expect(relation.claims[1]).toMatchObject({ validFrom: '2020', validTo: null, current: true, curated: false, inherited: false });
    for (const claim of relation.claims) {
      expect(claim.evidence.length).toBeGreaterThan(0);
      expect(claim.evidence.every((quote: any) => quote.document.id === claim.document.id)).toBe(true);
    }
    // Current on 2022-06-15 by a source of that day, begun by 2019: held in 2021; ended 2023-03.
    expect(relation).toMatchObject({ in2021: 'YES', on2022: 'YES', late2023: 'NO' });

    expect(entity.description).toBe('The former minister of transport.');
    expect(entity).toMatchObject({ disputed: true, disputedFields: ['description'] });
    expect(entity.claims.map((c: any) => c.description)).toEqual(['The former minister of transport.', 'The minister of transport.']);
  });

  it('sources that agree are not disputed', async () => {
    await loadArticle(api.db, EARLIER);
    await loadArticle(api.db, article('document/wire-2022b', '2022-07-01', { validFrom: '2020', current: true, description: 'The minister of transport.' }));
    const { relation, entity } = (await api.gql(VIEW)).data;
    expect(relation).toMatchObject({ disputed: false, disputedFields: [], validFrom: '2020', current: true });
    // No end is known, but sources of 2022-06-15 and 2022-07-01 called it current: it held in 2021.
    expect(relation).toMatchObject({ in2021: 'YES', late2023: 'UNKNOWN' });
    expect(relation.claims).toHaveLength(2);
    expect(entity.disputed).toBe(false);
  });

  it('a restricted source changes nothing anyone sees, and shows its claim only to those cleared for it', async () => {
    await loadArticle(api.db, EARLIER);
    const before = (await api.gql(VIEW)).data;
    await loadArticle(api.db, article('document/memo-2024', '2024-01-10', { validTo: '2023-12', current: false, description: 'A former minister of transport.' }, true));

    expect((await api.gql(VIEW)).data).toEqual(before);
    const confidential = bearer(await makeApiKey(api.db, ['confidential']));
    const cleared = (await api.gql(VIEW, {}, confidential)).data;
    // Open sources come first: the memo is listed, and disagrees, but does not decide.
    expect(cleared.relation).toMatchObject({ current: true, validTo: null, disputed: true });
    expect(cleared.relation.claims.map((c: any) => c.document.id)).toEqual(['document/wire-2022', 'document/memo-2024']);
  });

  it('a corrected article that no longer speaks of a fact takes its claim back', async () => {
    await loadArticle(api.db, EARLIER);
    await loadArticle(api.db, LATER);
    // The later article, corrected: it no longer speaks of the post or of her description.
    const corrected = { ...LATER, entities: [LATER.entities![1]], relations: [] };
    await loadArticle(api.db, corrected);
    const { relation, entity } = (await api.gql(VIEW)).data;
    expect(relation).toMatchObject({ validFrom: '2020', validTo: null, current: true, disputed: false });
    expect(relation.claims.map((c: any) => c.document.id)).toEqual(['document/wire-2022']);
    expect(entity.description).toBe('The minister of transport.');
  });

  it('an editor adding quotes to a relation they dated, citing the same document, keeps the dates they gave', async () => {
    await loadArticle(api.db, EARLIER);
    const editor = bearer(await makeApiKey(api.db, ['editor']));
    const ADD = 'mutation($input: AddRelationInput!) { addRelation(input: $input) { validFrom } }';
    const position = { type: 'HOLDS_POSITION', from: 'person/olga-varga', to: 'organization/ministry-of-transport', role: 'minister' };
    const dated = await api.gql(ADD, { input: { ...position, validFrom: '2018', evidence: { documentId: EARLIER.document.id, quotes: ['Olga Varga, the minister of transport'] } } }, editor);
    expect(dated.data).toEqual({ addRelation: { validFrom: '2018' } });
    // More words from the same article, saying nothing of the dates: they take nothing away.
    const quoted = await api.gql(ADD, { input: { ...position, evidence: { documentId: EARLIER.document.id, quotes: ['spoke on 2022-06-15'] } } }, editor);
    expect(quoted.errors).toBeUndefined();
    const { relation } = (await api.gql(`{ relation(id: "${POSITION}") { validFrom claims { curated validFrom } } }`)).data;
    expect(relation).toEqual({ validFrom: '2018', claims: [{ curated: true, validFrom: '2018' }, { curated: false, validFrom: '2020' }] });
  });

  it('a graph written before claims were kept gets one from each of its sources, with what it shows', async () => {
    await loadArticle(api.db, EARLIER);
    await loadArticle(api.db, LATER);
    const shown = (await api.gql(VIEW)).data;
    await api.db.write((tx) => tx.run(cypher('testForgetClaims', "MATCH (c:Claim) DETACH DELETE c WITH count(*) AS n MATCH (m:SchemaMigration {id: 'claims-per-source'}) DELETE m")));
    await applySchema(api.db);
    const migrated = (await api.gql(VIEW)).data;
    expect(migrated.relation).toMatchObject({ validFrom: shown.relation.validFrom, validTo: shown.relation.validTo, current: shown.relation.current, disputed: false });
    expect(migrated.relation.claims.map((c: any) => [c.document.id, c.inherited, c.validTo])).toEqual([
      ['document/wire-2023', true, '2023-03'],
      ['document/wire-2022', true, '2023-03'],
    ]);
    expect(migrated.entity.description).toBe(shown.entity.description);
  });
});

describe('aliases an editor removed', () => {
  it('stay removed when another article speaks of the entity, and come back when the editor puts them back', async () => {
    await resetGraph(api.db);
    const editorKey = await makeApiKey(api.db, ['editor']);
    const edit = (query: string, variables: Record<string, unknown>) => api.gql(query, variables, bearer(editorKey));
    const ALIASES = '{ entity(id: "person/denis-manturov") { aliases } }';
    const seeded = (await api.gql(ALIASES)).data.entity.aliases as string[];
    const [wrong, ...kept] = seeded;
    const update = (aliases: string[]) => edit('mutation($a: [String!]) { updateEntity(id: "person/denis-manturov", input: { aliases: $a }, reason: "r") { aliases } }', { a: aliases });
    expect((await update(kept)).data.updateEntity.aliases).toEqual(kept);
    // Another article about him: the sources' claims are settled again, the seed's among them.
    const text = 'Denis Manturov visited the plant.';
    await loadBundle(api.db, parseBundle({ document: { id: 'document/visit', publisher: 'Wire', text }, entities: [{ id: 'person/denis-manturov', kind: 'PERSON', name: 'Denis Manturov', evidence: ['Denis Manturov visited'] }] }, 'visit'));
    expect((await api.gql(ALIASES)).data.entity.aliases).toEqual(kept);
    expect((await update(seeded)).data.updateEntity.aliases).toEqual(seeded);
    await loadBundle(api.db, parseBundle({ document: { id: 'document/second-visit', publisher: 'Wire', text }, entities: [{ id: 'person/denis-manturov', kind: 'PERSON', name: 'Denis Manturov', evidence: ['Denis Manturov visited'] }] }, 'second visit'));
    expect([...(await api.gql(ALIASES)).data.entity.aliases].sort()).toEqual([...seeded].sort());
    expect(wrong).toBeDefined();
  });
});
