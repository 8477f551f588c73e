/**
 * The claim a subject holds on itself (claim-queries.ts: ONLY_CLAIM_PROPERTIES): an article's word
 * about what it created, kept on the entity or relation rather than as a Claim node beside it,
 * until anything else is said of it. Clients see no difference: the API lists it as any claim,
 * and whatever comes next (another source, an editor, the same article again) finds it where it
 * expects, saying what the article said.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cypher } from '../../src/data/database.js';
import { bearer } from '../support/requests.js';
import { makeApiKey } from '../support/api-keys.js';
import { EARLIER, LATER, POSITION } from '../support/disagreeing-articles.js';
import { loadArticle, resetGraph } from '../support/seed-builders.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ seed: false });
});
afterAll(() => api?.close());
beforeEach(() => resetGraph(api.db, { seed: false }));

const CLAIM_NODES = cypher('testClaimNodesOf', 'UNWIND $ids AS id MATCH (c:Claim {subjectId: id}) RETURN c.documentId AS documentId, c.subjectId AS subjectId ORDER BY documentId, subjectId');
const claimNodesOf = (ids: string[]) => api.db.read((tx) => tx.run(CLAIM_NODES, { ids }));

const CLAIMS = `{
  relation(id: "${POSITION}") { claims { document { id } validFrom validTo current curated evidence { quote } } }
  entity(id: "person/olga-varga") { description claims { document { id } name description curated } }
}`;
const POSITION_QUOTE = 'Olga Varga, the minister of transport';
const earlierClaims = {
  relation: { claims: [{ document: { id: EARLIER.document.id }, validFrom: '2020', validTo: null, current: true, curated: false, evidence: [{ quote: POSITION_QUOTE }] }] },
  entity: { description: 'The minister of transport.', claims: [{ document: { id: EARLIER.document.id }, name: 'Olga Varga', description: 'The minister of transport.', curated: false }] },
};

describe('the claim a subject holds on itself', () => {
  it('is listed by the API as any claim, and no Claim node stands beside the subjects an article created', async () => {
    await loadArticle(api.db, EARLIER);
    const answer = await api.gql(CLAIMS);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual(earlierClaims);
    expect(await claimNodesOf(['person/olga-varga', 'organization/ministry-of-transport', POSITION])).toEqual([]);
  });

  it('is written out, saying what the article said, when another source speaks of the subject', async () => {
    await loadArticle(api.db, EARLIER);
    await loadArticle(api.db, LATER);
    const { relation } = (await api.gql(CLAIMS)).data;
    // The later article comes first by the rule; the earlier one's claim is as it was.
    expect(relation.claims.map((c: any) => c.document.id)).toEqual([LATER.document.id, EARLIER.document.id]);
    expect(relation.claims[1]).toEqual(earlierClaims.relation.claims[0]);
    expect(await claimNodesOf([POSITION])).toEqual([
      { documentId: EARLIER.document.id, subjectId: POSITION },
      { documentId: LATER.document.id, subjectId: POSITION },
    ]);
  });

  it('keeps the article\'s word when an editor changes what the entity shows', async () => {
    await loadArticle(api.db, EARLIER);
    const editor = bearer(await makeApiKey(api.db, ['editor']));
    const edited = await api.gql('mutation { updateEntity(id: "person/olga-varga", input: { description: "Minister since 2020." }, reason: "r") { description } }', {}, editor);
    expect(edited.errors).toBeUndefined();
    const { entity } = (await api.gql(CLAIMS)).data;
    expect(entity).toEqual({ description: 'Minister since 2020.', claims: earlierClaims.entity.claims });
  });

  it('is not given back to a survivor an editor changed between a merge and its undo: the article\'s word stays as it said it', async () => {
    await loadArticle(api.db, EARLIER);
    const twin = structuredClone(LATER) as typeof LATER & { entities: Array<{ name: string; evidence: string[] }> };
    // Another article naming a second Olga Varga entity, by another spelling, merged into the first.
    twin.entities[0]!.name = 'Olga Vargova';
    twin.document.text = `${twin.document.text} Olga Vargova was named.`;
    twin.entities[0]!.evidence = ['Olga Vargova was named'];
    twin.relations = [];
    await loadArticle(api.db, twin);
    const editor = bearer(await makeApiKey(api.db, ['editor']));
    const merged = await api.gql('mutation { mergeEntities(survivorId: "person/olga-varga", mergedId: "person/olga-vargova", reason: "one person") { id } }', {}, editor);
    expect(merged.errors).toBeUndefined();
    await api.gql('mutation { updateEntity(id: "person/olga-varga", input: { description: "Minister since 2020." }, reason: "r") { id } }', {}, editor);
    const undone = await api.gql('mutation { undoMerge(mergedId: "person/olga-vargova", reason: "two people") { id } }', {}, editor);
    expect(undone.errors).toBeUndefined();
    const { entity } = (await api.gql(CLAIMS)).data;
    expect(entity).toEqual({ description: 'Minister since 2020.', claims: earlierClaims.entity.claims });
    expect(await claimNodesOf(['person/olga-varga'])).toEqual([{ documentId: EARLIER.document.id, subjectId: 'person/olga-varga' }]);
  });

  it('stays where it is when the same article is loaded again, and is rewritten when the article is corrected', async () => {
    await loadArticle(api.db, EARLIER);
    await loadArticle(api.db, EARLIER);
    expect(await claimNodesOf([POSITION, 'person/olga-varga'])).toEqual([]);
    expect((await api.gql(CLAIMS)).data).toEqual(earlierClaims);

    const corrected = structuredClone(EARLIER) as typeof EARLIER & { relations: Array<{ validFrom?: string }> };
    corrected.relations[0]!.validFrom = '2018';
    await loadArticle(api.db, corrected);
    const { relation } = (await api.gql(`{ relation(id: "${POSITION}") { validFrom claims { document { id } validFrom } } }`)).data;
    expect(relation).toEqual({ validFrom: '2018', claims: [{ document: { id: EARLIER.document.id }, validFrom: '2018' }] });
  });
});
