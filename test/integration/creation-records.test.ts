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

describe('creations taken out of a record', () => {
  const BASE = 'Anna Berg and Boris Lind were named.';
  const LATER_TEXT = 'A. Berg and B. Lind spoke at the Summit.';
  const base = { document: { id: 'document/names', text: BASE }, entities: [{ kind: 'PERSON', name: 'Anna Berg', evidence: ['Anna Berg'] }, { kind: 'PERSON', name: 'Boris Lind', evidence: ['Boris Lind'] }] };
  const summit = {
    document: { id: 'document/summit', text: LATER_TEXT },
    entities: [
      { kind: 'PERSON', name: 'A. Berg', evidence: ['A. Berg'] },
      { kind: 'PERSON', name: 'B. Lind', evidence: ['B. Lind'] },
      { kind: 'EVENT', name: 'Summit', evidence: ['the Summit'] },
    ],
    relations: [
      { type: 'PARTICIPATED_IN', from: 'person/a-berg', to: 'event/summit', role: 'speaker', evidence: [LATER_TEXT] },
      { type: 'PARTICIPATED_IN', from: 'person/b-lind', to: 'event/summit', role: 'speaker', evidence: [LATER_TEXT] },
    ],
  };
  const moved = ['participated-in:person/a-berg:event/summit:speaker', 'participated-in:person/b-lind:event/summit:speaker'];

  it('by two merges at once, leave each creation once, under its relation', async () => {
    await loadArticle(api.db, base as any);
    await loadArticle(api.db, summit as any);
    const editor = bearer(await makeApiKey(api.db, ['editor']));
    // Both merges take a relation out of the one record the summit article's creations are in.
    const merges = await Promise.all([
      api.gql('mutation { mergeEntities(survivorId: "person/anna-berg", mergedId: "person/a-berg", reason: "one person") { id } }', {}, editor),
      api.gql('mutation { mergeEntities(survivorId: "person/boris-lind", mergedId: "person/b-lind", reason: "one person") { id } }', {}, editor),
    ]);
    for (const merge of merges) expect(merge.errors).toBeUndefined();
    for (const id of moved) {
      const answer = await api.gql(`{ history(subjectId: "${id}") { totalCount edges { node { id action } } } }`);
      expect(answer.errors).toBeUndefined();
      const created = answer.data.history.edges.filter((edge: any) => edge.node.action === 'CREATED');
      expect(created).toHaveLength(1);
      expect(answer.data.history.totalCount).toBe(answer.data.history.edges.length);
    }
    const feed = await wholeFeed(4);
    expect(new Set(feed.map((change) => change.id)).size).toBe(feed.length);
    expect((await api.gql('{ changes(first: 1) { totalCount } }')).data.changes.totalCount).toBe(feed.length);
    expect(feed.filter((change) => change.action === 'CREATED' && moved.includes(change.subjectId))).toHaveLength(2);
  });
});
