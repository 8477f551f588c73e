/**
 * Creations recorded in bulk (creation-records.ts): what an article creates is one Creations record
 * per write, and every reader of history sees one CREATED change per entity and relation, as a
 * Change node would give it: a subject's history, the feed of every change (paged through a
 * record, mixed with Change nodes), the totals, and a document made restricted taking them along.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cypher } from '../../src/data/database.js';
import { bearer } from '../support/requests.js';
import { makeApiKey } from '../support/api-keys.js';
import { EARLIER, LATER, POSITION, positionArticle } from '../support/disagreeing-articles.js';
import { loadArticle, resetGraph } from '../support/seed-builders.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ seed: false });
});
afterAll(() => api?.close());
beforeEach(() => resetGraph(api.db, { seed: false }));

const CHANGE_FIELDS = 'id at action subjectType subjectId actor { id kind } documents { id } fields { field before after } quotesAdded { quote document { id } } quotesRemoved { quote }';
const STORED = cypher(
  'testHistoryNodes',
  `RETURN COUNT { MATCH (r:Creations) } AS records, COLLECT { MATCH (c:Change) RETURN c.action + ' ' + c.subjectId } AS changeNodes`,
);

/** Every change of the feed, newest first, read in pages of `first`. */
async function wholeFeed(first: number): Promise<any[]> {
  const seen: any[] = [];
  let after: string | null = null;
  for (;;) {
    const response: any = await api.gql(`query($after: String) { changes(first: ${first}, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${CHANGE_FIELDS} } } } }`, { after });
    expect(response.errors).toBeUndefined();
    seen.push(...response.data.changes.edges.map((edge: any) => edge.node));
    if (!response.data.changes.pageInfo.hasNextPage) return seen;
    after = response.data.changes.pageInfo.endCursor;
  }
}

describe('creations recorded in bulk', () => {
  it('are one record for what an article creates, and read as one CREATED change per entity and relation', async () => {
    await loadArticle(api.db, EARLIER);
    const [stored] = await api.db.read((tx) => tx.run(STORED));
    expect(stored!.records).toBe(1);
    expect(stored!.changeNodes).toEqual([]);

    const answer = await api.gql(`{
      person: history(subjectId: "person/olga-varga") { totalCount edges { node { ${CHANGE_FIELDS} } } }
      position: history(subjectId: "${POSITION}") { totalCount edges { node { ${CHANGE_FIELDS} } } }
      changes(first: 100) { totalCount edges { node { ${CHANGE_FIELDS} } } }
    }`);
    expect(answer.errors).toBeUndefined();
    const { person, position, changes } = answer.data;
    expect(person.totalCount).toBe(1);
    expect(person.edges[0].node).toMatchObject({
      action: 'CREATED', subjectType: 'ENTITY', subjectId: 'person/olga-varga', documents: [{ id: EARLIER.document.id }], quotesRemoved: [],
    });
    expect(person.edges[0].node.fields).toContainEqual({ field: 'name', before: null, after: 'Olga Varga' });
    expect(person.edges[0].node.fields).toContainEqual({ field: 'description', before: null, after: 'The minister of transport.' });
    expect(position.edges.map((edge: any) => edge.node)).toEqual([
      expect.objectContaining({ action: 'CREATED', subjectType: 'RELATION', subjectId: POSITION, quotesAdded: [{ quote: 'Olga Varga, the minister of transport', document: { id: EARLIER.document.id } }] }),
    ]);
    // The feed holds the same changes, with the same ids: one per subject the article created.
    const created = ['organization/ministry-of-transport', 'person/olga-varga', POSITION];
    expect(changes.totalCount).toBe(created.length);
    expect(changes.edges.map((edge: any) => edge.node.subjectId).sort()).toEqual(created.sort());
    expect(changes.edges.find((edge: any) => edge.node.subjectId === 'person/olga-varga').node).toEqual(person.edges[0].node);
  });

  it('are paged through one at a time, in order, mixed with Change nodes, each once', async () => {
    await loadArticle(api.db, EARLIER);
    // The second article changes what the first created (Change nodes) and creates nothing new.
    await loadArticle(api.db, LATER);
    const all = await wholeFeed(100);
    const [stored] = await api.db.read((tx) => tx.run(STORED));
    expect((stored!.changeNodes as string[]).length).toBeGreaterThan(0);
    expect(all.length).toBe((stored!.changeNodes as string[]).length + all.filter((c) => c.action === 'CREATED' && c.documents[0].id === EARLIER.document.id).length);
    // Newest first: by time, then id.
    const order = all.map((c) => [Date.parse(c.at), c.id] as const);
    const sorted = [...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
    expect(order).toEqual(sorted);
    for (const first of [1, 2, 3]) expect(await wholeFeed(first)).toEqual(all);
  });

  it('follow their document when it is made restricted', async () => {
    await loadArticle(api.db, EARLIER);
    // The same article again, now restricted: what it created is hidden, its history with it.
    await loadArticle(api.db, positionArticle(EARLIER.document.id, '2022-06-15', { validFrom: '2020', current: true, description: 'The minister of transport.' }, true));
    const cleared = bearer(await makeApiKey(api.db, ['confidential']));
    const totals = async (headers?: Record<string, string>) => {
      const answer = await api.gql('{ changes(first: 1) { totalCount } person: history(subjectId: "person/olga-varga") { totalCount } }', {}, headers);
      expect(answer.errors).toBeUndefined();
      return { changes: answer.data.changes.totalCount, person: answer.data.person.totalCount };
    };
    expect(await totals(cleared)).toEqual({ changes: 3, person: 1 });
    expect(await totals()).toEqual({ changes: 0, person: 0 });
  });
});
