/** Search over names and aliases, through the full-text index of the real Neo4j. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySchema, ENTITY_SEARCH_INDEX } from '../../src/data/schema-setup.js';
import { loadArticle } from '../support/seed-builders.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

async function topHit(text: string, kinds?: string[]) {
  const response = await api.gql('query($t: String!, $k: [EntityKind!]) { search(text: $t, kinds: $k, first: 5) { score entity { id name kind } } }', {
    t: text,
    k: kinds,
  });
  expect(response.errors).toBeUndefined();
  return response.data.search as Array<{ score: number; entity: { id: string; name: string; kind: string } }>;
}

describe('search', () => {
  it.each([
    ['Manturov', 'Denis Manturov'],
    ['Мантуров', 'Denis Manturov'],
    ['Avilon', 'Avilon'],
    ['Авилон', 'Avilon'],
    ['art finance', 'Art-Finance'],
    ['ARTFINANCE', 'Art-Finance'],
    ['Арт-Финанс', 'Art-Finance'],
    ['Mantorov', 'Denis Manturov'],
    ['Shapsa', 'Vladislav Shapsha'],
    ['Kaluga plant', 'Kaluga automotive plant'],
    ['volkswagen', 'Volkswagen'],
  ])('%s finds %s first', async (text, name) => {
    const [first] = await topHit(text);
    expect(first?.entity.name).toBe(name);
  });

  it('ranks by relevance and filters by kind', async () => {
    const hits = await topHit('Kaluga');
    expect(hits.length).toBeGreaterThan(1);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    const places = await topHit('Kaluga', ['PLACE']);
    expect(places.map((h) => h.entity.kind)).toEqual(places.map(() => 'PLACE'));
    expect(places[0]?.entity.name).toBe('Kaluga region');
  });

  it('finds the one hit of a kind that many better hits of other kinds rank below', async () => {
    const text = 'Zephyr works here.';
    const organizations = Array.from({ length: 40 }, (_, i) => ({ id: `organization/zephyr-${i}`, kind: 'ORGANIZATION', name: `Zephyr ${i}`, evidence: [text] }));
    const person = { id: 'person/zephyr-quillon', kind: 'PERSON', name: 'Zephyr Quillon Abernathy Marchetti-Villanueva', evidence: [text] };
    await loadArticle(api.db, { document: { id: 'document/zephyr', text }, entities: [...organizations, person] });
    const everything = await topHit('zephyr');
    expect(everything.map((h) => h.entity.kind)).not.toContain('PERSON'); // outranked: not among the first five of all kinds
    const people = await api.gql('{ search(text: "zephyr", kinds: [PERSON], first: 1) { entity { id } } }');
    expect(people.data.search).toEqual([{ entity: { id: person.id } }]);
  });

  it('requires every word of the text, and falls back to any word when no name has them all', async () => {
    const text = 'Orvald Penhallow met Orvald Trescothick and Maren Penhallow.';
    const people = [['orvald-penhallow', 'Orvald Penhallow'], ['orvald-trescothick', 'Orvald Trescothick'], ['maren-penhallow', 'Maren Penhallow']];
    await loadArticle(api.db, {
      document: { id: 'document/penhallow', text },
      entities: people.map(([id, name]) => ({ id: `person/${id}`, kind: 'PERSON', name, evidence: [text] })),
    });
    // Each word as typed, the last still being typed, every word as a prefix, and with a typo: only the name holding both.
    for (const query of ['Orvald Penhallow', 'orvald penh', 'orv penhal', 'Orvald Penhalow']) {
      expect((await topHit(query)).map((h) => h.entity.name)).toEqual(['Orvald Penhallow']);
    }
    // A word in no name: the names with the others, rather than nothing.
    expect((await topHit('Penhallow Zyxwvut')).map((h) => h.entity.name).sort()).toEqual(['Maren Penhallow', 'Orvald Penhallow']);
  });

  it('takes an initial for a first name, not for a word that must be there', async () => {
    const text = 'Osric Marrowby and O. Marrowbyson signed.';
    await loadArticle(api.db, {
      document: { id: 'document/marrowby', text },
      entities: [['osric-marrowby', 'Osric Marrowby'], ['o-marrowbyson', 'O. Marrowbyson']].map(([id, name]) => ({ id: `person/${id}`, kind: 'PERSON', name, evidence: [text] })),
    });
    // "O." as a whole word would leave only the name that holds it, and the surname merely its start.
    expect((await topHit('O. Marrowby')).map((h) => h.entity.name)).toContain('Osric Marrowby');
  });

  it('respects first', async () => {
    const response = await api.gql('{ search(text: "kaluga", first: 1) { entity { id } } }');
    expect(response.data.search).toHaveLength(1);
  });

  it('moves a graph indexed by an earlier version to the spellings index, and still finds', async () => {
    const session = api.db.driver.session({ database: api.db.database });
    const fulltextIndexes = async () =>
      (await session.run('SHOW FULLTEXT INDEXES YIELD name RETURN name ORDER BY name')).records.map((r) => r.get('name') as string);
    try {
      // As an earlier version left it: names, aliases and spellings in one index of another name.
      await session.run(`DROP INDEX ${ENTITY_SEARCH_INDEX}`);
      await session.run('CREATE FULLTEXT INDEX entity_search FOR (n:Entity) ON EACH [n.name, n.aliases, n.searchSpellings]');
      await applySchema(api.db);
      expect(await fulltextIndexes()).toEqual([ENTITY_SEARCH_INDEX]);
      const [first] = await topHit('Мантуров');
      expect(first?.entity.name).toBe('Denis Manturov');
    } finally {
      await session.close();
    }
  });
});
