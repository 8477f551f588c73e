/**
 * The safety catalogue (../shared/docs/safety-catalogue.md), probe by probe, over HTTP against the
 * server in production mode: each checks the answer, and that the graph did not change. Two rows
 * need a graph of their own and live beside this file: 17 (a pathological traversal ended by the
 * transaction timeout) in timeout.test.ts, and 19 (restricted records) in restricted.test.ts.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cypher } from '../../src/data/database.js';
import { codeOf, postRaw } from '../support/requests.js';
import { snapshotGraph, startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
let before: string;

beforeAll(async () => {
  api = await startTestApi({ env: { NODE_ENV: 'production' } });
});
afterAll(() => api?.close());

const post = (body: string, headers?: Record<string, string>) => postRaw(api.url, body, headers);

describe('the safety catalogue, in production mode', () => {
  beforeEach(async () => {
    before = await snapshotGraph(api.db);
  });
  afterEach(async () => {
    expect(await snapshotGraph(api.db)).toBe(before);
  });

  it('1. introspection is refused, with no data', async () => {
    const response = await api.gql('{ __schema { types { name } } }');
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.data).toBeUndefined();
  });

  it('2. circular introspection nested deep is refused', async () => {
    let type = 'name';
    for (let i = 0; i < 9; i++) type = `fields { type { ${type} } }`;
    const response = await api.gql(`{ __type(name: "Person") { ${type} } }`);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
  });

  it('3. a misspelled field, enum value or type condition gets no "Did you mean"', async () => {
    for (const query of [
      '{ entiti(id: "person/denis-manturov") { id } }',
      '{ search(text: "x", kinds: [PERSN]) { score } }',
      '{ entity(id: "x") { status } }',
    ]) {
      const response = await api.gql(query);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response), query).not.toMatch(/did you mean|"Plant"|PERSON/i);
    }
  });

  it('4. GET /graphql for a browser serves no IDE', async () => {
    const response = await fetch(api.url, { headers: { accept: 'text/html' } });
    expect(await response.text()).not.toMatch(/graphiql/i);
    const playground = await fetch(api.url.replace('/graphql', '/playground/assets/graphiql.min.js'));
    expect(playground.status).toBe(404);
  });

  it('5. 100+ aliases of one field are a 400', async () => {
    const aliases = Array.from({ length: 101 }, (_, i) => `a${i}: documents { id }`).join(' ');
    const response = await api.gql(`{ ${aliases} }`);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
  });

  it('5. aliases of __typename count too: 101 of them (the probe scanners send) and 16 are refused by the alias limit', async () => {
    for (const count of [101, 16]) {
      const aliases = Array.from({ length: count }, (_, i) => `t${i}: __typename`).join(' ');
      const response = await api.gql(`{ ${aliases} }`);
      expect(response.status, `${count} aliases`).toBe(400);
      expect(response.data).toBeUndefined();
      expect(response.errors?.[0]?.message, `${count} aliases`).toMatch(/Aliases limit of 15 exceeded/);
    }
    const allowed = await api.gql(`{ ${Array.from({ length: 15 }, (_, i) => `t${i}: __typename`).join(' ')} }`);
    expect(allowed.errors).toBeUndefined();
    expect(Object.keys(allowed.data)).toHaveLength(15);
  });

  it('6. a JSON array of operations (batching) is a 400', async () => {
    const response = await post(JSON.stringify([{ query: '{ documents { id } }' }, { query: '{ documents { id } }' }]));
    expect(response.status).toBe(400);
  });

  it('7. one field repeated 500 times is refused', async () => {
    const response = await api.gql(`{ documents { ${'id '.repeat(500)} } }`);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
  });

  it('8. a directive repeated many times is refused before execution', async () => {
    const response = await api.gql(`{ documents ${'@include(if: true) '.repeat(50)} { id } }`);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
  });

  it('9. a GET query without a preflight header is refused (CSRF prevention)', async () => {
    const response = await fetch(`${api.url}?query=${encodeURIComponent('{ documents { id } }')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('document/');
  });

  it('10. a mutation over GET is a 405', async () => {
    const response = await fetch(`${api.url}?query=${encodeURIComponent('mutation { ingestBundle(bundle: {}) { quotes } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(405);
  });

  it.each([
    ['application/x-www-form-urlencoded', 'query=%7B%20documents%20%7B%20id%20%7D%20%7D'],
    ['text/plain', JSON.stringify({ query: '{ documents { id } }' })],
  ])('11. a %s POST is refused, never executed', async (contentType, body) => {
    const response = await post(body, { 'content-type': contentType });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.text()).not.toContain('document/');
  });

  it('12. answers carry no tracing or debug extensions', async () => {
    const response = await api.gql('{ documents { id } }');
    expect(response.errors).toBeUndefined();
    expect(response.extensions).toBeUndefined();
  });

  it('13. a malformed document and a resolver that fails get a generic message and a code, no internals', async () => {
    const malformed = await api.gql('{ documents { id ');
    expect(malformed.status).toBe(400);
    expect(codeOf(malformed)).toBe('GRAPHQL_PARSE_FAILED');

    // A statement whose speaker is missing makes the speaker resolver fail.
    const broken = cypher('testBrokenStatement', 'CREATE (:Statement {id: "statement/broken-probe", summary: "x"})');
    const remove = cypher('testRemoveBrokenStatement', 'MATCH (s:Statement {id: "statement/broken-probe"}) DETACH DELETE s');
    await api.db.write((tx) => tx.run(broken));
    try {
      const response = await api.gql('{ statement(id: "statement/broken-probe") { speaker { name } } }');
      expect(codeOf(response)).toBe('INTERNAL_SERVER_ERROR');
      expect(response.errors![0]!.message).toBe('Internal server error');
      expect(JSON.stringify(response)).not.toMatch(/stack|\.ts:|node_modules|neo4j|Statement \{|refers to/i);
    } finally {
      await api.db.write((tx) => tx.run(remove));
    }
  });

  it('14. nesting beyond the depth limit is refused', async () => {
    let selection = 'name';
    for (let i = 0; i < 5; i++) selection = `relations { edges { node { other { ${selection} } } } }`;
    const response = await api.gql(`{ entity(id: "person/denis-manturov") { ${selection} } }`);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
  });

  it('15. first: 99999999 is BAD_USER_INPUT', async () => {
    const response = await api.gql('{ search(text: "kaluga", first: 99999999) { score } }');
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
  });

  it('16. a very wide neighbourhood or path request is refused, or capped and marked truncated', async () => {
    expect(codeOf(await api.gql('{ neighborhood(id: "person/denis-manturov", limit: 100000) { truncated } }'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await api.gql('{ paths(from: "person/denis-manturov", to: "organization/tass", maxHops: 50) { length } }'))).toBe('BAD_USER_INPUT');
    const capped = await api.gql('{ neighborhood(id: "plant/kaluga-automotive-plant", depth: 3, limit: 2) { truncated nodes { id } } }');
    expect(capped.data.neighborhood.truncated).toBe(true);
    expect(capped.data.neighborhood.nodes).toHaveLength(2);
  });

  it('20. variables of the wrong type are a 400', async () => {
    const response = await api.gql('query($id: ID!) { entity(id: $id) { id } }', { id: { nested: true } });
    expect(response.status).toBe(400);
  });

  it('21. a body over the size limit is a 413', async () => {
    const response = await post(JSON.stringify({ query: `{ documents { id } } #${'x'.repeat(3_000_000)}` }));
    expect(response.status).toBe(413);
  });

  it('22. Cypher in a value, an enum-like argument or a sort key is matched literally or refused', async () => {
    const values = ['"}) DETACH DELETE n //', "' OR 1=1 //", '\\u0027}) MATCH (n) DETACH DELETE n', 'Мантуров"; DROP'];
    for (const value of values) {
      const response = await api.gql(
        `query($v: String!, $id: ID!) { entity(id: $id) { id } search(text: $v) { entity { id } } entities(nameContains: $v) { totalCount } }`,
        { v: value, id: value },
      );
      expect(response.errors, value).toBeUndefined();
      expect(response.data.entity).toBeNull();
      expect(response.data.entities.totalCount).toBe(0);
    }
    const enumProbe = await api.gql('{ entities(orderBy: { field: "NAME) DETACH DELETE n //" }) { totalCount } }');
    expect(enumProbe.status).toBe(400);
    const typeProbe = await api.gql('query($t: [RelationType!]) { neighborhood(id: "person/denis-manturov", types: $t) { truncated } }', {
      t: ['OWNS]-() DETACH DELETE n //'],
    });
    expect(typeProbe.status).toBe(400);
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
