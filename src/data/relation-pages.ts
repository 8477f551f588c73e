/**
 * Pages of entities' relations, batched: the requests of a request that differ only in the entity
 * are answered by one statement (per shape: types, direction, date, size, cursor, whether quotes are
 * asked for). Each relation, the entity at its other end and, when asked for, its quotes are
 * remembered by the reader, so that showing them costs no further round trip.
 */
import { RELATION_TYPES } from '../domain/model.js';
import { relationCursor } from '../domain/cursor.js';
import { batchByShape } from './batching.js';
import { int } from './database.js';
import { relationPagesQuery } from './read-queries.js';
import type { RelationPageRequest } from './read-requests.js';
import type { ReadSession } from './read-session.js';
import type { EvidenceRecord, RelationConnectionRecord } from './records.js';
import { toRelationRecord, type Row } from './row-mappers.js';

export async function relationPages(reader: ReadSession, requests: readonly RelationPageRequest[]): Promise<RelationConnectionRecord[]> {
  const empty: RelationConnectionRecord = { edges: [], hasNextPage: false, totalCount: 0 };
  return batchByShape('entityId', requests, empty, async (shape, ids) => {
    const rows = await reader.read(relationPagesQuery(shape.types ?? RELATION_TYPES, shape.direction, shape.withEvidence, shape.withTotal), {
      ids,
      after: shape.afterId,
      limit: int(shape.first + 1),
      asOfStart: shape.asOf?.start ?? null,
      asOfEnd: shape.asOf?.end ?? null,
    });
    const pages = new Map<string, RelationConnectionRecord>();
    for (const row of rows) {
      const entityId = row.entityId as string;
      for (const r of row.page as Row[]) {
        reader.primeOtherEntity(r);
        if (shape.withEvidence) reader.primeEvidence(r.id as string, r.evidence as EvidenceRecord[]);
      }
      const relations = (row.page as Row[]).map((r) => toRelationRecord(r, entityId));
      const page = relations.slice(0, shape.first);
      for (const relation of page) reader.primeRelation({ ...relation, viewpointId: null });
      pages.set(entityId, {
        edges: page.map((node) => ({ cursor: relationCursor.encode(node.id), node })),
        hasNextPage: relations.length > shape.first,
        totalCount: row.total as number,
      });
    }
    return pages;
  });
}
