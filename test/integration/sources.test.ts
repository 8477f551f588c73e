/** Which documents speak of an entity: Entity.sources with what each supports, and documents(mentioning:) paged by id. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArticle, wireStory } from '../support/seed-builders.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
const story = wireStory({ town: 'Quarrytown', buyer: 'Flintmoor Motors', seller: 'Ashgrove Holding' });
const [buyer, , plant] = story.entities as Array<{ id: string }>;
const followUpText = 'Quarrytown plant stood idle for a week.';
const followUp = {
  document: { id: `${story.document.id}-zz-follow-up`, text: followUpText },
  entities: [{ id: plant!.id, kind: 'PLANT', name: 'Quarrytown plant', evidence: ['Quarrytown plant stood idle'] }],
};

beforeAll(async () => {
  api = await startTestApi();
  await loadArticle(api.db, story);
  await loadArticle(api.db, followUp);
});
afterAll(() => api?.close());

const ids = (documents: Array<{ id: string }>) => documents.map((d) => d.id);

describe('sources of an entity', () => {
  it('lists the documents that speak of it, most facts first, with the facts and quotes each supports', async () => {
    const response = await api.gql('query($id: ID!) { entity(id: $id) { sources { document { id publisher } facts quotes } } }', { id: plant!.id });
    expect(response.errors).toBeUndefined();
    // The story supports the plant, its two owners' relations and the statement about it; the follow-up the plant alone.
    expect(response.data.entity.sources).toEqual([
      { document: { id: story.document.id, publisher: 'Reuters' }, facts: 4, quotes: 4 },
      { document: { id: followUp.document.id, publisher: 'Test Wire' }, facts: 1, quotes: 1 },
    ]);
    const one = await api.gql('query($id: ID!) { entity(id: $id) { sources(first: 1) { document { id } } } }', { id: plant!.id });
    expect(one.data.entity.sources).toEqual([{ document: { id: story.document.id } }]);
    const tooMany = await api.gql('query($id: ID!, $n: Int) { entity(id: $id) { sources(first: $n) { facts } } }', { id: plant!.id, n: 101 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });

  it('filters documents by the entity they speak of, a page at a time', async () => {
    const page = (args: Record<string, unknown>) =>
      api.gql('query($m: ID, $first: Int, $after: ID) { documents(mentioning: $m, first: $first, after: $after) { id } }', args);
    expect(ids((await page({ m: plant!.id })).data.documents)).toEqual([story.document.id, followUp.document.id]);
    expect(ids((await page({ m: buyer!.id })).data.documents)).toEqual([story.document.id]);
    const first = (await page({ m: plant!.id, first: 1 })).data.documents;
    expect(ids(first)).toEqual([story.document.id]);
    expect(ids((await page({ m: plant!.id, first: 1, after: first[0].id })).data.documents)).toEqual([followUp.document.id]);
    expect(ids((await page({ m: plant!.id, after: followUp.document.id })).data.documents)).toEqual([]);
  });

  it('pages through all documents in id order', async () => {
    const all = ids((await api.gql('{ documents { id } }')).data.documents);
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining([story.document.id, followUp.document.id]));
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response = await api.gql('query($after: ID) { documents(first: 1, after: $after) { id } }', { after });
      const page = ids(response.data.documents);
      if (page.length === 0) break;
      paged.push(...page);
      after = page.at(-1)!;
    }
    expect(paged).toEqual(all);
  });

  it('names an unknown entity as not found rather than answering with no documents', async () => {
    const response = await api.gql('{ documents(mentioning: "organization/no-such-company") { id } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(response.data).toBeNull();
  });
});
