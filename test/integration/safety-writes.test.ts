/**
 * The safety catalogue's rows that need an API of their own: 22 (Cypher carried in written values
 * is stored and matched literally) and 18 (throttling per client and operation).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey } from '../support/api-keys.js';
import { bearer, codeOf, INGEST } from '../support/requests.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

describe('22. Cypher in a value that is written is stored, and matched, literally', () => {
  let api: TestApi;
  let key: string;
  beforeAll(async () => {
    api = await startTestApi();
    key = await makeApiKey(api.db, ['ingest']);
  });
  afterAll(() => api?.close());

  it('an article whose names, descriptions and quotes carry Cypher reads back character for character, and deletes nothing', async () => {
    const values = ['"}) DETACH DELETE n //', "' OR 1=1 //", '\\u0027}) MATCH (m) SET m.gone = true', '`x`) SET n.name = "pwned" //'];
    const sentences = values.map((value, i) => `Company ${i} is called ${value}.`);
    const bundle = {
      document: { id: 'document/literal-probe', publisher: values[0], text: sentences.join(' ') },
      entities: values.map((value, i) => ({
        id: `organization/literal-probe-${i}`, kind: 'ORGANIZATION', name: `Probe ${i} ${value}`, aliases: [value], description: value, evidence: [sentences[i]!.slice(0, -1)],
      })),
    };
    const entitiesBefore = (await api.gql('{ entities(first: 0) { totalCount } }')).data.entities.totalCount;
    expect(entitiesBefore).toBeGreaterThan(0);

    const ingested = await api.gql(INGEST, { bundle }, bearer(key));
    expect(ingested.errors).toBeUndefined();
    expect(ingested.data.ingestBundle).toMatchObject({ entitiesCreated: values.length, quotes: values.length });

    const entitiesAfter = (await api.gql('{ entities(first: 0) { totalCount } }')).data.entities.totalCount;
    expect(entitiesAfter).toBe(entitiesBefore + values.length);
    const document = await api.gql('{ document(id: "document/literal-probe") { publisher text } }');
    expect(document.data.document).toEqual({ publisher: values[0], text: bundle.document.text });
    for (const [i, value] of values.entries()) {
      const response = await api.gql(
        `query($id: ID!, $v: String!) { entity(id: $id) { name aliases description evidence { quote } } entities(nameContains: $v) { totalCount edges { node { id } } } }`,
        { id: `organization/literal-probe-${i}`, v: value },
      );
      expect(response.errors, value).toBeUndefined();
      expect(response.data.entity).toEqual({ name: `Probe ${i} ${value}`, aliases: [value], description: value, evidence: [{ quote: sentences[i]!.slice(0, -1) }] });
      // Matched literally: the value finds the one entity named with it, not every entity.
      expect(response.data.entities, value).toEqual({ totalCount: 1, edges: [{ node: { id: `organization/literal-probe-${i}` } }] });
    }
  });
});

describe('18. many operations per client are throttled per client and operation', () => {
  it('answers 429 with a code past the limit, per operation and per key', async () => {
    const limited = await startTestApi({ seed: false, env: { RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      const ask = (operationName: string, headers: Record<string, string> = {}) =>
        fetch(limited.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: `query ${operationName} { documents { id } }`, operationName }),
        });
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await ask('First')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const refused = await ask('First');
      expect(codeOf((await refused.json()) as any)).toBe('RATE_LIMITED');
      // Another operation of the same client has its own allowance...
      expect((await ask('Second')).status).toBe(200);
      // ...but renaming operations, or presenting made-up keys, does not lift the client's total
      // (three times the per-operation limit).
      const renamed = [];
      for (let i = 0; i < 12; i++) renamed.push((await ask(`Renamed${i}`, { 'x-api-key': `igk_${String(i).padStart(12, 'z')}_${'A'.repeat(43)}` })).status);
      expect(renamed).toContain(429);
      // 15 in all: 5 of First and 1 of Second came before (the refused ones never reached the total).
      expect(renamed.filter((status) => status === 200).length).toBeLessThanOrEqual(9);
    } finally {
      await limited.close();
    }
  });
});
