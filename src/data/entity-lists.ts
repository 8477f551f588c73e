/**
 * Lists of entities: a page of them filtered and sorted, and ranked full-text search. Methods of
 * the request's GraphReader, like the analyses; each entity listed is remembered by the reader,
 * so that showing it again costs no round trip.
 */
import type { EntityKind } from '../generated/graphql.js';
import { LIMITS } from '../config.js';
import { entityCursor } from '../domain/cursor.js';
import { luceneQueriesFor, nameTokens } from '../domain/names.js';
import { int } from './database.js';
import { relationPageParams, toRelationPage } from './relation-pages.js';
import { queryShapeOf } from './relation-queries.js';
import type { ReadSession } from './read-session.js';
import * as q from './entity-list-queries.js';
import type { EntityListRequest } from './read-requests.js';
import type { EntityConnectionRecord, SearchHitRecord } from './records.js';
import { edgeOf, toEntityRecord, type Row } from './row-mappers.js';
import { ENTITY_SEARCH_INDEX } from './schema-setup.js';

/** One page of entities, filtered and sorted, with the total that match when asked for (0 when not: no one reads it). */
export async function entityPage(reader: ReadSession, request: EntityListRequest): Promise<EntityConnectionRecord> {
  const tokens = request.nameContains === null ? null : nameTokens(request.nameContains);
  const filter = {
    kinds: request.kinds,
    categories: request.categories,
    needle: tokens && tokens.length > 0 ? tokens.join(' ') : null,
    compactNeedle: tokens && tokens.length > 0 ? tokens.join('') : null,
  };
  const { relations } = request;
  const query = q.entityPageQuery(request.orderBy.field, request.orderBy.direction, request.kinds?.length === 1, relations && queryShapeOf(relations), request.detail);
  const [rows, [count]] = await Promise.all([
    reader.read(query, {
      ...filter,
      afterKey: request.after?.key ?? null,
      afterId: request.after?.id ?? null,
      limit: int(request.first + 1),
      ...(relations ? relationPageParams(relations) : {}),
    }),
    request.withTotal ? reader.read(q.COUNT_ENTITIES_FILTERED, filter) : Promise.resolve([]),
  ]);
  const page = rows.slice(0, request.first);
  const order = entityCursor.order(request.orderBy.field, request.orderBy.direction);
  return {
    edges: page.map((row) => {
      const node = toEntityRecord(row.entity as Row);
      reader.primeEntity(node, request.detail);
      // The page of relations asked for below each entity, read with the list (see GraphReader.entityWithRelations).
      if (relations) reader.primeRelationPage({ entityId: node.id, ...relations }, toRelationPage(reader, relations, node.id, row.page as Row[], row.total as number));
      return edgeOf(node, () => entityCursor.encode(order, row.sortKey as string, node.id));
    }),
    hasNextPage: rows.length > request.first,
    totalCount: (count?.total as number) ?? 0,
  };
}

export async function searchEntities(reader: ReadSession, text: string, kinds: readonly EntityKind[] | null, first: number): Promise<SearchHitRecord[]> {
  const queries = luceneQueriesFor(text);
  if (queries === null || first === 0) return [];
  // The kind and visibility filters run after the index, so ask it for more hits than are kept; a
  // few times more is nearly always enough, and only a search they leave short asks for many more.
  const ask = async (query: string, candidates: number) => {
    const [row] = await reader.read(q.SEARCH_ENTITIES, { index: ENTITY_SEARCH_INDEX, query, kinds, first: int(first), candidates: int(candidates) });
    return { exhausted: (row?.candidates as number) < candidates, found: (row?.found as Row[]) ?? [] };
  };
  const searchWith = async (query: string) => {
    const candidates = Math.min(LIMITS.searchCandidates, Math.max(first * LIMITS.searchCandidatesPerHit, first));
    const result = await ask(query, candidates);
    return result.found.length < first && !result.exhausted && candidates < LIMITS.searchCandidates ? ask(query, LIMITS.searchCandidates) : result;
  };
  // Prefixes for every word, then typos, widen a search only when the words as typed find nothing
  // (their expansion is what costs most, and grows with the names in the graph); any word, only
  // when no name has every word.
  let { found } = await searchWith(queries.asTyped);
  if (found.length === 0 && queries.allWords !== null) ({ found } = await searchWith(queries.allWords));
  if (found.length === 0) ({ found } = await searchWith(queries.allWordsWithTypos));
  if (found.length === 0 && queries.anyWord !== null) ({ found } = await searchWith(queries.anyWord));
  return found.map((hit) => {
    const entity = toEntityRecord(hit.entity as Row);
    reader.primeEntity(entity, 'all');
    return { entity, score: hit.score as number };
  });
}
