/**
 * What the safety tests share: the document limits as the README states them, the one check that a
 * document was refused by exactly one limit, and the documents that go just past a limit.
 */
import { expect } from 'vitest';
import { codeOf, messageOf } from './requests.js';
import type { GraphQLResponse } from './test-api.js';

/** The document limits the README documents (MAX_QUERY_DEPTH, MAX_ALIASES, directives, MAX_QUERY_TOKENS, MAX_QUERY_COST). */
export const LIMITS = { depth: 12, aliases: 15, directives: 10, tokens: 400, cost: 20_000 };
/** The code of a refusal by the depth, alias, directive or cost limit (graphql-armor's). */
export const LIMIT_CODE = 'BAD_USER_INPUT';

/** A refusal by exactly one document limit: HTTP 400, no data, one error, with this code and this message. */
export function expectRefusedBy(response: GraphQLResponse, code: string, message: RegExp) {
  expect(response.status, JSON.stringify(response.errors ?? response.data).slice(0, 160)).toBe(400);
  expect(response.data).toBeUndefined();
  expect(response.errors?.map((e) => e.message)).toHaveLength(1);
  expect(codeOf(response)).toBe(code);
  expect(messageOf(response)).toMatch(message);
}

/** An answer with data and no error: the document passed every limit. */
export function expectAllowed(response: GraphQLResponse) {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
  expect(response.data).toBeDefined();
}

export const aliasesOf = (count: number, field: string) => Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ');

/** Fields nested `depth` deep in all: entity, then relations/edges/node/other steps, then a leaf. */
export function nestedRelations(depth: number) {
  const steps = ['relations', 'edges', 'node', 'other'];
  const names = Array.from({ length: depth - 2 }, (_, i) => steps[i % 4]);
  const leaf = names.at(-1) === 'relations' ? 'totalCount' : names.at(-1) === 'edges' ? 'cursor' : 'id';
  return `{ entity(id: "person/nobody") { ${names.map((n) => `${n} {`).join(' ')} ${leaf} ${'} '.repeat(names.length)}} }`;
}

/** A wide request: the cost limit multiplies by its literal page sizes; depth 7, a few dozen tokens. */
export const entitiesByRelations = (relationsFirst: number) =>
  `{ entities(first: 100) { edges { node { relations(first: ${relationsFirst}) { edges { node { id } } } } } } }`;
