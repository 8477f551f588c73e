/**
 * Pages of entities' relations, batched: the requests of a request that differ only in the entity
 * are answered by one statement (per shape: types, direction, date, size, cursor, whether quotes are
 * asked for). Each relation, the entity at its other end and, when asked for, its quotes are
 * remembered by the reader, so that showing them costs no further round trip. A page may also be
 * read with its entity (entity-lookahead.ts): toRelationPage turns its rows alike.
 */
import { relationCursor } from '../domain/cursor.js';
import { batchByShape } from './batching.js';
import { int } from './database.js';
import { queryShapeOf, relationPagesQuery } from './relation-queries.js';
import type { RelationPageRequest, RelationPageShape } from './read-requests.js';
import type { ReadSession } from './read-session.js';
import type { EvidenceRecord, RelationConnectionRecord } from './records.js';
import { edgeOf, toEntityRecord, toRelationRecord, type Row } from './row-mappers.js';

/** The parameters of a relation page's clause (relation-queries' relationPageClause). */
export function relationPageParams(shape: RelationPageShape): Record<string, unknown> {
  return { pageAfter: shape.afterId, pageLimit: int(shape.first + 1), asOfStart: shape.asOf?.start ?? null, asOfEnd: shape.asOf?.end ?? null };
}

/**
 * The cache key of a page request: its fields in a fixed order, so that a page read ahead
 * (entity-lookahead.ts) is found by the `relations` resolver that asks for it however either built it.
 */
export function relationPageKey(request: RelationPageRequest): string {
  const { entityId, types, direction, asOf, first, afterId, withEvidence, withTotal, otherDetail } = request;
  return JSON.stringify([entityId, types, direction, asOf?.start ?? null, asOf?.end ?? null, first, afterId, withEvidence, withTotal, otherDetail]);
}

/** One entity's page from a row's `page` (one relation more than asked for, to tell whether more follow) and `total`. */
export function toRelationPage(reader: ReadSession, shape: RelationPageShape, entityId: string, rows: Row[], total: number): RelationConnectionRecord {
  for (const r of rows) {
    reader.primeOtherEntity(r, shape.otherDetail);
    if (shape.withEvidence) reader.primeEvidence(r.id as string, r.evidence as EvidenceRecord[]);
  }
  const relations = rows.map((r) => ({ ...toRelationRecord(r, entityId), otherEntity: toEntityRecord(r.otherEntity as Row) }));
  const page = relations.slice(0, shape.first);
  for (const { otherEntity: _, ...relation } of page) reader.primeRelation({ ...relation, viewpointId: null });
  return {
    edges: page.map((node) => edgeOf(node, () => relationCursor.encode(node.id))),
    hasNextPage: relations.length > shape.first,
    totalCount: total,
  };
}

export async function relationPages(reader: ReadSession, requests: readonly RelationPageRequest[]): Promise<RelationConnectionRecord[]> {
  const empty: RelationConnectionRecord = { edges: [], hasNextPage: false, totalCount: 0 };
  return batchByShape('entityId', requests, empty, async (shape, ids) => {
    const rows = await reader.read(relationPagesQuery(queryShapeOf(shape)), { ids, ...relationPageParams(shape) });
    return new Map(rows.map((row) => [row.entityId as string, toRelationPage(reader, shape, row.entityId as string, row.page as Row[], row.total as number)]));
  });
}
