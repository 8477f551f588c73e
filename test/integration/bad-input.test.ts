/**
 * Bad input to every query gets a clear error with a code, over HTTP, and the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, postRaw } from '../support/requests.js';
import { snapshotGraph, startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
let before: string;

beforeAll(async () => {
  api = await startTestApi();
  before = await snapshotGraph(api.db);
});
afterAll(async () => {
  // No bad input changed the graph, and the server still answers.
  expect(await snapshotGraph(api.db)).toBe(before);
  const alive = await api.gql('{ entity(id: "person/denis-manturov") { name } }');
  expect(alive.data.entity.name).toBe('Denis Manturov');
  await api.close();
});

describe('bad input', () => {
  it.each(['person/nobody', 'not-an-id', '', '"}) DETACH DELETE n //', 'x'.repeat(5000)])('an unknown entity id (%#) answers null', async (id) => {
    const response = await api.gql('query($id: ID!) { entity(id: $id) { id } }', { id });
    expect(response.errors).toBeUndefined();
    expect(response.data.entity).toBeNull();
  });

  it.each([
    ['relation', 'owns:organization/x:plant/y'],
    ['relation', 'nonsense'],
    ['statement', 'statement/none'],
    ['document', 'document/none'],
  ])('an unknown %s id answers null', async (field, id) => {
    const response = await api.gql(`query($id: ID!) { ${field}(id: $id) { id } }`, { id });
    expect(response.errors).toBeUndefined();
    expect(response.data[field]).toBeNull();
  });

  it.each(['2024-13', '2024-H3', 'yesterday', '2023-02-29', '24'])('a malformed date %j as a variable is BAD_USER_INPUT', async (asOf) => {
    const response = await api.gql(
      'query($asOf: PartialDate) { entity(id: "person/denis-manturov") { relations(asOf: $asOf) { totalCount } } }',
      { asOf },
    );
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.message).toMatch(/partial date/);
  });

  it('a malformed date written in the query is BAD_USER_INPUT too', async () => {
    const response = await api.gql('{ entity(id: "person/denis-manturov") { relations(asOf: "2024-99") { totalCount } } }');
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['search', '{ search(text: "kaluga", first: 101) { score } }'],
    ['relations', '{ entity(id: "person/denis-manturov") { relations(first: 99999999) { totalCount } } }'],
    ['negative', '{ search(text: "kaluga", first: -1) { score } }'],
  ])('first above the maximum or below zero (%s) is BAD_USER_INPUT', async (_, query) => {
    const response = await api.gql(query);
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.message).toMatch(/first/);
  });

  it('a cursor the API did not make is BAD_USER_INPUT', async () => {
    const response = await api.gql('{ entity(id: "person/denis-manturov") { relations(after: "garbage!") { totalCount } } }');
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.extensions).toMatchObject({ argument: 'after' });
  });

  it.each(['', '   ', 'x'.repeat(201)])('search text %# that is empty or too long is BAD_USER_INPUT', async (text) => {
    const response = await api.gql('query($t: String!) { search(text: $t) { score } }', { t: text });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
  });

  it('search text made only of symbols or Lucene syntax finds nothing and breaks nothing', async () => {
    for (const text of ['*:*', '"}) DETACH DELETE n //', 'name:~ AND OR NOT', '\\', '(((']) {
      const response = await api.gql('query($t: String!) { search(text: $t) { entity { id } } }', { t: text });
      expect(response.errors, text).toBeUndefined();
    }
  });

  it('an unknown enum value or a wrong variable type is a 400 with a code', async () => {
    const enumResponse = await api.gql('{ search(text: "x", kinds: [ROBOT]) { score } }');
    expect(enumResponse.status).toBe(400);
    expect(codeOf(enumResponse)).toBe('GRAPHQL_VALIDATION_FAILED');
    const typeResponse = await api.gql('query($f: Int) { search(text: "x", first: $f) { score } }', { f: 'ten' });
    expect(typeResponse.status).toBe(400);
    expect(codeOf(typeResponse)).toBe('BAD_USER_INPUT');
  });

  it('a malformed document is a 400 with a code and no stack trace', async () => {
    const response = await api.gql('{ entity(id: ');
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(response)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });
});

describe('bodies that never reach GraphQL', () => {
  it('malformed JSON is a 400 with a code, not an HTML page with a stack trace', async () => {
    const response = await postRaw(api.url, '{"query": "{ documents { id } ');
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(text).not.toMatch(/<html|at .*\.(js|ts):\d+|node_modules/i);
  });

  it('a body over 2 MB is a 413 with a code', async () => {
    const query = `{ documents { id } } # ${'x'.repeat(2_200_000)}`;
    const response = await postRaw(api.url, JSON.stringify({ query }));
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe('bad input to the analysis queries', () => {
  it.each([
    ['depth 4', '{ neighborhood(id: "person/denis-manturov", depth: 4) { truncated } }', 'depth'],
    ['depth 0', '{ neighborhood(id: "person/denis-manturov", depth: 0) { truncated } }', 'depth'],
    ['limit 501', '{ neighborhood(id: "person/denis-manturov", limit: 501) { truncated } }', 'limit'],
    ['maxHops 7', '{ paths(from: "person/denis-manturov", to: "organization/volkswagen", maxHops: 7) { length } }', 'maxHops'],
    ['paths first 11', '{ paths(from: "person/denis-manturov", to: "organization/volkswagen", first: 11) { length } }', 'first'],
    ['timeline first 501', '{ timeline(first: 501) { kind } }', 'first'],
    ['entities first 101', '{ entities(first: 101) { totalCount } }', 'first'],
    ['entities cursor', '{ entities(after: "nonsense") { totalCount } }', 'after'],
  ])('%s is BAD_USER_INPUT naming the argument', async (_, query, argument) => {
    const response = await api.gql(query);
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.extensions).toMatchObject({ argument });
  });

  it('a cursor of the same list in another order, or of a timeline, is BAD_USER_INPUT', async () => {
    const byName = await api.gql('{ entities(first: 1) { pageInfo { endCursor } } }');
    const cursor = byName.data.entities.pageInfo.endCursor;
    const other = await api.gql('query($after: String) { entities(after: $after, orderBy: { field: ID, direction: DESC }) { totalCount } }', { after: cursor });
    expect(codeOf(other)).toBe('BAD_USER_INPUT');
    const timeline = await api.gql('query($after: String) { timeline(after: $after) { kind } }', { after: cursor });
    expect(codeOf(timeline)).toBe('BAD_USER_INPUT');
  });

  it('a cursor of another list is BAD_USER_INPUT', async () => {
    const relations = await api.gql('{ entity(id: "person/denis-manturov") { relations(first: 1) { pageInfo { endCursor } } } }');
    const cursor = relations.data.entity.relations.pageInfo.endCursor;
    const response = await api.gql('query($after: String) { entities(after: $after) { totalCount } }', { after: cursor });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['neighborhood', '{ neighborhood(id: "person/nobody") { truncated } }'],
    ['paths', '{ paths(from: "person/denis-manturov", to: "person/nobody") { length } }'],
    ['timeline', '{ timeline(entityId: "person/nobody") { kind } }'],
  ])('an unknown id in %s is NOT_FOUND', async (_, query) => {
    const response = await api.gql(query);
    expect(codeOf(response)).toBe('NOT_FOUND');
  });

  it('a malformed timeline date is BAD_USER_INPUT', async () => {
    const response = await api.gql('{ timeline(from: "2024-Q5") { kind } }');
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
  });
});
