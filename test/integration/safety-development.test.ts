/**
 * The safety catalogue's document limits in development mode, where introspection is on (and the
 * playground builds itself from it): the limits must hold for the graph's fields as in production,
 * and introspection that multiplies or nests must still be refused.
 */
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entitiesByRelations, expectAllowed, expectRefusedBy, LIMIT_CODE, LIMITS, nestedRelations } from '../support/safety-probes.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

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
