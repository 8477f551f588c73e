/**
 * The safety catalogue (../shared/docs/safety-catalogue.md), probe by probe, over HTTP against the
 * server in production mode: each checks the answer, and that the graph did not change. Each probe
 * of a document limit goes just past that limit and stays within every other (one error, naming its
 * limit), so that it fails if that limit is lifted. The same limits are probed in development mode,
 * where introspection is on, in safety-development.test.ts; rows 22 (Cypher in written values) and
 * 18 (throttling) need an API of their own and live in safety-writes.test.ts. Two rows need a graph of their own and live beside this file: 17 (a
 * pathological traversal ended by the transaction timeout) in timeout.test.ts, and 19 (restricted
 * records) in restricted.test.ts.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cypher } from '../../src/data/database.js';
import { codeOf, postRaw } from '../support/requests.js';
import { aliasesOf, entitiesByRelations, expectAllowed, expectRefusedBy, LIMIT_CODE, LIMITS, nestedRelations } from '../support/safety-probes.js';
import { snapshotGraph, startTestApi, type TestApi } from '../support/test-api.js';

describe('the safety catalogue, in production mode', () => {
  let api: TestApi;
  let before: string;
  const post = (body: string, headers?: Record<string, string>) => postRaw(api.url, body, headers);

  beforeAll(async () => {
    api = await startTestApi({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => api?.close());
  beforeEach(async () => {
    before = await snapshotGraph(api.db);
  });
  afterEach(async () => {
    expect(await snapshotGraph(api.db)).toBe(before);
  });

  it('1. introspection is refused, with no data', async () => {
    const response = await api.gql('{ __schema { types { name } } }');
    expectRefusedBy(response, 'GRAPHQL_VALIDATION_FAILED', /^Introspection is off on this server/);
  });

  it('2. circular introspection nested deep is refused (introspection is off)', async () => {
    let type = 'name';
    for (let i = 0; i < 9; i++) type = `fields { type { ${type} } }`;
    const response = await api.gql(`{ __type(name: "Person") { ${type} } }`);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(response.errors).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/^Introspection is off on this server/), extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }) }));
  });

  it('3. a misspelled field, enum value or type condition gets no "Did you mean"', async () => {
    for (const query of [
      '{ entiti(id: "person/denis-manturov") { id } }',
      '{ search(text: "x", kinds: [PERSN]) { score } }',
      '{ entity(id: "x") { status } }',
    ]) {
      const response = await api.gql(query);
      expect(response.status).toBe(400);
      expect(codeOf(response), query).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(response), query).not.toMatch(/did you mean|"Plant"|PERSON/i);
    }
  });

  it('4. GET /graphql for a browser serves no IDE', async () => {
    const response = await fetch(api.url, { headers: { accept: 'text/html' } });
    const page = await response.text();
    expect(page).toMatch(/The playground is off on this server/); // a page, only not the IDE
    expect(page).not.toMatch(/graphiql/i);
    const playground = await fetch(api.url.replace('/graphql', '/playground/assets/graphiql.min.js'));
    expect(playground.status).toBe(404);
  });

  it(`5. aliases of one field past the alias limit (${LIMITS.aliases}) are refused by it; as many as the limit are not`, async () => {
    // 16 aliases of a field with a selection: 80 tokens, far under the token limit.
    const response = await api.gql(`{ ${aliasesOf(LIMITS.aliases + 1, 'documents { id }')} }`);
    expectRefusedBy(response, LIMIT_CODE, new RegExp(`Aliases limit of ${LIMITS.aliases} exceeded, found ${LIMITS.aliases + 1}\\b`));
    const allowed = await api.gql(`{ ${aliasesOf(LIMITS.aliases, 'documents { id }')} }`);
    expectAllowed(allowed);
    expect(Object.keys(allowed.data)).toHaveLength(LIMITS.aliases);
  });

  it('5. aliases of __typename count too: 101 of them (the probe scanners send, 305 tokens) and 16 are refused by the alias limit', async () => {
    for (const count of [101, LIMITS.aliases + 1]) {
      const response = await api.gql(`{ ${aliasesOf(count, '__typename')} }`);
      expectRefusedBy(response, LIMIT_CODE, new RegExp(`Aliases limit of ${LIMITS.aliases} exceeded, found ${count}\\b`));
    }
    const allowed = await api.gql(`{ ${aliasesOf(LIMITS.aliases, '__typename')} }`);
    expectAllowed(allowed);
    expect(Object.keys(allowed.data)).toHaveLength(LIMITS.aliases);
  });

  it('6. a JSON array of operations (batching) is a 400', async () => {
    const response = await post(JSON.stringify([{ query: '{ documents { id } }' }, { query: '{ documents { id } }' }]));
    expect(response.status).toBe(400);
  });

  it(`7. one field repeated 500 times is refused by the token limit (${LIMITS.tokens}); a document of exactly ${LIMITS.tokens} tokens is not`, async () => {
    // { documents { id x n } }: n + 5 tokens, and a cost far under the cost limit.
    const response = await api.gql(`{ documents { ${'id '.repeat(500)} } }`);
    expectRefusedBy(response, 'GRAPHQL_PARSE_FAILED', new RegExp(`^Syntax Error: Document contains more tha[nt] ${LIMITS.tokens} tokens`));
    expectAllowed(await api.gql(`{ documents { ${'id '.repeat(LIMITS.tokens - 5)} } }`));
  });

  it(`8. a directive repeated many times is refused before execution by the directive limit (${LIMITS.directives})`, async () => {
    // Once per field, so graphql-js's own rule (one @include per location) has nothing to refuse;
    // 40 of them are 325 tokens, under the token limit.
    for (const count of [40, LIMITS.directives + 1]) {
      const response = await api.gql(`{ documents { ${'id @include(if: true) '.repeat(count)} } }`);
      expectRefusedBy(response, LIMIT_CODE, new RegExp(`Directives limit of ${LIMITS.directives} exceeded, found ${count}\\b`));
    }
    expectAllowed(await api.gql(`{ documents { ${'id @include(if: true) '.repeat(LIMITS.directives)} } }`));
  });

  it('9. a GET query without a preflight header is refused (CSRF prevention)', async () => {
    const response = await fetch(`${api.url}?query=${encodeURIComponent('{ documents { id } }')}`);
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toMatch(/Cross-Site Request Forgery/);
    expect(body).not.toContain('document/');
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
    const text = await response.text();
    expect(text).toMatch(/Cross-Site Request Forgery|POST body missing/); // refused, and saying why
    expect(text).not.toContain('document/');
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

  it(`14. nesting one past the depth limit (${LIMITS.depth}) is refused by it; nesting up to it is not`, async () => {
    // Without literal page sizes, a depth of 13 costs a few hundred: only the depth limit applies.
    const response = await api.gql(nestedRelations(LIMITS.depth + 1));
    expectRefusedBy(response, LIMIT_CODE, new RegExp(`Query depth limit of ${LIMITS.depth} exceeded, found ${LIMITS.depth + 1}\\b`));
    const allowed = await api.gql(nestedRelations(LIMITS.depth));
    expectAllowed(allowed);
    expect(allowed.data.entity).toBeNull();
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

  it(`16. a wide request, 100 entities by 100 relations each, is refused by the cost limit (${LIMITS.cost}); 100 by 2 is not`, async () => {
    const response = await api.gql(entitiesByRelations(100));
    expectRefusedBy(response, LIMIT_CODE, new RegExp(`Query Cost limit of ${LIMITS.cost} exceeded, found \\d`));
    const allowed = await api.gql(entitiesByRelations(2));
    expectAllowed(allowed);
    expect(allowed.data.entities.edges.length).toBeGreaterThan(0);
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
