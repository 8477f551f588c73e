/**
 * The safety catalogue (../shared/docs/safety-catalogue.md), probe by probe, over HTTP against the
 * server in production mode: each checks the answer, and that the graph did not change. Each probe
 * of a document limit goes just past that limit and stays within every other (one error, naming its
 * limit), so that it fails if that limit is lifted. The same limits are probed in development mode,
 * where introspection is on. Two rows need a graph of their own and live beside this file: 17 (a
 * pathological traversal ended by the transaction timeout) in timeout.test.ts, and 19 (restricted
 * records) in restricted.test.ts.
 */
import { getIntrospectionQuery } from 'graphql';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cypher } from '../../src/data/database.js';
import { makeApiKey } from '../support/api-keys.js';
import { bearer, codeOf, INGEST, messageOf, postRaw } from '../support/requests.js';
import { snapshotGraph, startTestApi, type GraphQLResponse, type TestApi } from '../support/test-api.js';

/** The document limits the README documents (MAX_QUERY_DEPTH, MAX_ALIASES, directives, MAX_QUERY_TOKENS, MAX_QUERY_COST). */
const LIMITS = { depth: 12, aliases: 15, directives: 10, tokens: 400, cost: 20_000 };
/** The code of a refusal by the depth, alias, directive or cost limit (graphql-armor's). */
const LIMIT_CODE = 'BAD_USER_INPUT';

/** A refusal by exactly one document limit: HTTP 400, no data, one error, with this code and this message. */
function expectRefusedBy(response: GraphQLResponse, code: string, message: RegExp) {
  expect(response.status, JSON.stringify(response.errors ?? response.data).slice(0, 160)).toBe(400);
  expect(response.data).toBeUndefined();
  expect(response.errors?.map((e) => e.message)).toHaveLength(1);
  expect(codeOf(response)).toBe(code);
  expect(messageOf(response)).toMatch(message);
}

/** An answer with data and no error: the document passed every limit. */
function expectAllowed(response: GraphQLResponse) {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
  expect(response.data).toBeDefined();
}

const aliasesOf = (count: number, field: string) => Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ');

/** Fields nested `depth` deep in all: entity, then relations/edges/node/other steps, then a leaf. */
function nestedRelations(depth: number) {
  const steps = ['relations', 'edges', 'node', 'other'];
  const names = Array.from({ length: depth - 2 }, (_, i) => steps[i % 4]);
  const leaf = names.at(-1) === 'relations' ? 'totalCount' : names.at(-1) === 'edges' ? 'cursor' : 'id';
  return `{ entity(id: "person/nobody") { ${names.map((n) => `${n} {`).join(' ')} ${leaf} ${'} '.repeat(names.length)}} }`;
}

/** A wide request: the cost limit multiplies by its literal page sizes; depth 7, a few dozen tokens. */
const entitiesByRelations = (relationsFirst: number) =>
  `{ entities(first: 100) { edges { node { relations(first: ${relationsFirst}) { edges { node { id } } } } } } }`;

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

describe('the document limits in development mode, where introspection is on (rows 1, 2, 14, 16)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ seed: false, env: { NODE_ENV: 'development' } });
  });
  afterAll(() => api?.close());

  it('1. the standard introspection query passes every limit (the playground is built from it)', async () => {
    const response = await api.gql(getIntrospectionQuery());
    expectAllowed(response);
    expect(response.data.__schema.types.length).toBeGreaterThan(0);
  });

  it(`2. a deep introspection query through __type is refused by the depth limit (${LIMITS.depth}); one level less is not`, async () => {
    // __type, fields, type, then ofType steps: the depth limit skips only __schema in development;
    // ofType is not one of the steps graphql-js's own introspection depth rule counts.
    const introspect = (depth: number) => `{ __type(name: "Person") { fields { type { ${'ofType { '.repeat(depth - 4)}name ${'} '.repeat(depth - 4)}} } } }`;
    const response = await api.gql(introspect(LIMITS.depth + 1));
    expectRefusedBy(response, LIMIT_CODE, new RegExp(`Query depth limit of ${LIMITS.depth} exceeded, found ${LIMITS.depth + 1}\\b`));
    const allowed = await api.gql(introspect(LIMITS.depth));
    expectAllowed(allowed);
    expect(allowed.data.__type.fields.length).toBeGreaterThan(0);
  });

  it('2. circular introspection through __schema, which the depth and cost limits skip in development, is refused by graphql-js', async () => {
    // Not one of our limits: graphql-js 16's own rule (fields inside fields inside fields). Kept
    // because the armor limits let __schema through here, so this rule is all that stops it.
    let type = 'name';
    for (let i = 0; i < 9; i++) type = `fields { type { ofType { ${type} } } }`;
    const response = await api.gql(`{ __schema { types { ${type} } } }`);
    expectRefusedBy(response, 'GRAPHQL_VALIDATION_FAILED', /^Maximum introspection depth exceeded/);
  });

  it(`16. an introspection query whose fragments multiply its cost is refused by the cost limit (${LIMITS.cost})`, async () => {
    // Each fragment uses the one before twice: 6 levels cost about 35,000 with a depth of 9 and
    // about 100 tokens; 5 levels (about 9,000) pass.
    const bomb = (levels: number) => {
      let fragments = 'fragment F0 on __Type { name kind description specifiedByURL }';
      for (let i = 1; i <= levels; i++) fragments += ` fragment F${i} on __Type { ofType { ...F${i - 1} } ofType { ...F${i - 1} } name }`;
      return `{ __type(name: "Person") { ...F${levels} } } ${fragments}`;
    };
    const response = await api.gql(bomb(6));
    expectRefusedBy(response, LIMIT_CODE, new RegExp(`Query Cost limit of ${LIMITS.cost} exceeded, found \\d`));
    const allowed = await api.gql(bomb(5));
    expectAllowed(allowed);
    expect(allowed.data.__type.name).toBe('Person');
  });

  it('14 and 16. the depth and cost limits hold for the graph fields as in production', async () => {
    expectRefusedBy(await api.gql(nestedRelations(LIMITS.depth + 1)), LIMIT_CODE, new RegExp(`Query depth limit of ${LIMITS.depth} exceeded`));
    expectRefusedBy(await api.gql(entitiesByRelations(100)), LIMIT_CODE, new RegExp(`Query Cost limit of ${LIMITS.cost} exceeded`));
  });
});

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
