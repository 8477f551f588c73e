/**
 * Possible duplicates, over HTTP: ingestion proposes existing entities whose names match those it
 * creates, across scripts; editors list them with the evidence on both sides, mark a pair distinct
 * (never proposed again) or merge it as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeDuplicates } from '../../src/data/duplicate-store.js';
import { makeApiKeys } from '../support/api-keys.js';
import { bearer } from '../support/requests.js';
import { articleJson, loadArticle, resetGraph } from '../support/seed-builders.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
let keys: Record<'ingest' | 'editor' | 'confidential', string>;
const SEEDED = 'person/denis-manturov';
const NEW_ID = 'person/manturov-denis';
const TEXT = 'Денис Мантуров посетил завод. Иван Петров-Водкин тоже был там.';
const article = articleJson({
  document: { id: 'document/visit-ru', text: TEXT },
  entities: [
    { id: NEW_ID, kind: 'PERSON', name: 'Денис Мантуров', evidence: ['Денис Мантуров посетил завод'] },
    { id: 'person/ivan-petrov-vodkin', kind: 'PERSON', name: 'Иван Петров-Водкин', evidence: ['Иван Петров-Водкин тоже был там'] },
  ],
});

const INGEST = `mutation($b: JSONObject!) { ingestBundle(bundle: $b) {
  entitiesCreated duplicateCandidates { id score status entities { id } document { id } } } }`;
const QUEUE = `query($after: String) { duplicateCandidates(kinds: [PERSON], first: 10, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id score status entities { id name evidence { quote document { id } } } } } } }`;

beforeAll(async () => {
  api = await startTestApi({ seed: false });
  await resetGraph(api.db);
  keys = await makeApiKeys(api.db, ['ingest', 'editor', 'confidential']);
});
afterAll(() => api?.close());

describe('possible duplicates', () => {
  it('reports the existing person a bundle names in another script under a new id, and lists the pair with the evidence on both sides', async () => {
    const ingested = await api.gql(INGEST, { b: article }, bearer(keys.ingest));
    expect(ingested.errors).toBeUndefined();
    expect(ingested.data.ingestBundle.entitiesCreated).toBe(2);
    const [pair, ...others] = ingested.data.ingestBundle.duplicateCandidates;
    expect(others).toEqual([]); // a name no one else has proposes nothing
    expect(pair).toMatchObject({ score: 1, status: 'OPEN', document: { id: 'document/visit-ru' } });
    expect(pair.entities.map((e: { id: string }) => e.id).sort()).toEqual([NEW_ID, SEEDED].sort());

    const queue = await api.gql(QUEUE, {});
    expect(queue.errors).toBeUndefined();
    expect(queue.data.duplicateCandidates.totalCount).toBe(1);
    const [listed] = queue.data.duplicateCandidates.edges;
    expect(listed.node.id).toBe(pair.id);
    for (const entity of listed.node.entities) expect(entity.evidence.length).toBeGreaterThan(0);
    expect(listed.node.entities.flatMap((e: any) => e.evidence.map((q: any) => q.document.id))).toContain('document/visit-ru');
  });

  it('refuses to mark a pair distinct without an editor, or with ids that cannot be a pair', async () => {
    const anonymous = await api.gql(`mutation { markDistinct(firstId: "${NEW_ID}", secondId: "${SEEDED}", reason: "x") { id } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const mark = (first: string, second: string, reason = 'different people') =>
      api.gql(`mutation($a: ID!, $b: ID!, $r: String!) { markDistinct(firstId: $a, secondId: $b, reason: $r) { id } }`, { a: first, b: second, r: reason }, bearer(keys.editor));
    expect((await mark(NEW_ID, NEW_ID)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await mark(NEW_ID, 'person/nobody')).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'secondId' });
    expect((await mark(NEW_ID, 'plant/kaluga-automotive-plant')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await mark(NEW_ID, SEEDED, '  ')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'reason' });
    expect((await api.gql(QUEUE, {})).data.duplicateCandidates.totalCount).toBe(1);
  });

  it('marks the pair distinct: it leaves the queue and is not proposed again', async () => {
    const marked = await api.gql(
      `mutation { markDistinct(firstId: "${SEEDED}", secondId: "${NEW_ID}", reason: "the minister's namesake") { id status reason decidedBy { kind } decidedAt } }`,
      {},
      bearer(keys.editor),
    );
    expect(marked.errors).toBeUndefined();
    expect(marked.data.markDistinct).toMatchObject({ status: 'DISTINCT', reason: "the minister's namesake", decidedBy: { kind: 'API_KEY' } });
    expect((await api.gql(QUEUE, {})).data.duplicateCandidates.edges).toEqual([]);
    // The ingestion's comparison, run again for the same entity, finds the pair decided.
    const again = await proposeDuplicates(api.db, [{ id: NEW_ID, kind: 'PERSON', names: ['Денис Мантуров'], documentId: 'document/visit-ru' }], []);
    expect(again).toEqual([]);
  });

  it('proposes a name with a middle initial against both, and a merge takes the merged pair out of the queue', async () => {
    const third = articleJson({
      document: { id: 'document/visit-en', text: 'Denis V. Manturov toured the plant.' },
      entities: [{ id: 'person/denis-v-manturov', kind: 'PERSON', name: 'Denis V. Manturov', evidence: ['Denis V. Manturov toured the plant'] }],
    });
    const ingested = await api.gql(INGEST, { b: third }, bearer(keys.ingest));
    const proposed = ingested.data.ingestBundle.duplicateCandidates;
    expect(proposed.map((p: any) => p.entities.map((e: any) => e.id).sort().join(' ')).sort()).toEqual(
      [['person/denis-v-manturov', NEW_ID].sort().join(' '), ['person/denis-v-manturov', SEEDED].sort().join(' ')].sort(),
    );
    for (const pair of proposed) expect(pair.score).toBeLessThan(1); // an initial apart
    // The queue a pair at a time, most alike first, through its cursor.
    const page = (after: string | null) =>
      api.gql('query($after: String) { duplicateCandidates(first: 1, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id score } } } }', { after });
    const first = (await page(null)).data.duplicateCandidates;
    const second = (await page(first.pageInfo.endCursor)).data.duplicateCandidates;
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect([...first.edges, ...second.edges].map((e: any) => e.node.id).sort()).toEqual(proposed.map((p: any) => p.id).sort());
    expect(first.edges[0].node.score).toBeGreaterThanOrEqual(second.edges[0].node.score);

    const merged = await api.gql(`mutation { mergeEntities(survivorId: "${SEEDED}", mergedId: "person/denis-v-manturov", reason: "same person") { id } }`, {}, bearer(keys.editor));
    expect(merged.errors).toBeUndefined();
    const queue = (await api.gql(QUEUE, {})).data.duplicateCandidates;
    expect(queue.edges.map((e: any) => e.node.entities.map((x: any) => x.id))).toEqual([]);
    expect(queue.totalCount).toBe(0);
  });

  it('tells no one of a pair with an entity they may not see, and keeps it for those who may', async () => {
    const memo = 'Memo: Orsolya Vantablack advises the buyer.';
    await loadArticle(api.db, {
      document: { id: 'document/memo-vantablack', restricted: true, text: memo },
      entities: [{ id: 'person/orsolya-vantablack', kind: 'PERSON', name: 'Orsolya Vantablack', evidence: ['Orsolya Vantablack advises the buyer'] }],
    });
    const open = articleJson({
      document: { id: 'document/wire-vantablack', text: 'Orsolya Vantablack spoke at the forum.' },
      entities: [{ id: 'person/o-vantablack', kind: 'PERSON', name: 'Orsolya Vantablack', evidence: ['Orsolya Vantablack spoke at the forum'] }],
    });
    const ingested = await api.gql(INGEST, { b: open }, bearer(keys.ingest));
    expect(ingested.errors).toBeUndefined();
    expect(ingested.data.ingestBundle.duplicateCandidates).toEqual([]);
    const ids = (queue: any) => queue.data.duplicateCandidates.edges.map((e: any) => e.node.id);
    expect(ids(await api.gql(QUEUE, {}))).toEqual([]);
    expect(ids(await api.gql(QUEUE, {}, bearer(keys.confidential)))).toEqual(['person/o-vantablack|person/orsolya-vantablack']);
  });
});
