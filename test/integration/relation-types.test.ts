/**
 * Every relation type of the allowlist (src/domain/model.ts) works end to end over HTTP against the
 * real Neo4j: a bundle states it, `relation(id)` answers it, a relation page filtered by its type
 * lists it, and a path runs through it. The types are read from the allowlist, so a new type is
 * tested here without a line of this file changing; one missing its uniqueness constraint or its
 * branch of the id lookup fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DERIVED_RELATION_TYPES, RELATION_TYPES } from '../../src/domain/model.js';
import { makeApiKey } from '../support/api-keys.js';
import { bearer, INGEST } from '../support/requests.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
const STATED = RELATION_TYPES.filter((type) => !DERIVED_RELATION_TYPES.includes(type));
const TEXT = 'Each of these is related to the next one.';
const endsOf = (type: string) => ({ from: `organization/${type.toLowerCase().replaceAll('_', '-')}-from`, to: `organization/${type.toLowerCase().replaceAll('_', '-')}-to` });

beforeAll(async () => {
  api = await startTestApi({ seed: false });
  const ingest = bearer(await makeApiKey(api.db, ['ingest']));
  const bundle = {
    document: { id: 'document/relation-types', publisher: 'Types', text: TEXT },
    entities: STATED.flatMap((type) => Object.values(endsOf(type)).map((id) => ({ id, kind: 'ORGANIZATION', name: id.split('/')[1], evidence: [TEXT] }))),
    relations: STATED.map((type) => ({ type, ...endsOf(type), role: 'a role', evidence: [TEXT] })),
  };
  const response = await api.gql(INGEST, { bundle }, ingest);
  expect(response.errors).toBeUndefined();
  expect(response.data.ingestBundle.relationsCreated).toBe(STATED.length);
});
afterAll(() => api?.close());

describe.each(STATED)('relation type %s', (type) => {
  it('is answered by id, listed by a page filtered by its type, and joins a path', async () => {
    const { from, to } = endsOf(type);
    const page = await api.gql(
      `query($id: ID!, $types: [RelationType!]) { entity(id: $id) { relations(types: $types, direction: OUTGOING) { totalCount edges { node { id type } } } } }`,
      { id: from, types: [type] },
    );
    expect(page.errors).toBeUndefined();
    expect(page.data.entity.relations.totalCount).toBe(1);
    const { id } = page.data.entity.relations.edges[0].node;
    expect(page.data.entity.relations.edges[0].node.type).toBe(type);

    const byId = await api.gql(
      'query($id: ID!) { relation(id: $id) { id type role from { id } to { id } evidence { quote document { id } } } }',
      { id },
    );
    expect(byId.errors).toBeUndefined();
    expect(byId.data.relation).toEqual({ id, type, role: 'a role', from: { id: from }, to: { id: to }, evidence: [{ quote: TEXT, document: { id: 'document/relation-types' } }] });

    const path = await api.gql('query($a: ID!, $b: ID!) { paths(from: $a, to: $b) { steps { relation { id } } } }', { a: from, b: to });
    expect(path.errors).toBeUndefined();
    expect(path.data.paths).toEqual([{ steps: [{ relation: { id } }] }]);
  });
});
