/**
 * An entity read together with the page of its relations that the client asks for below it
 * (graphql/lookahead.ts sees the `relations` field in the selection): one statement instead of
 * two round trips, one after the other. Both are remembered by the reader, the page under the key
 * its `relations` resolver will ask with, so that field then reads nothing.
 */
import { entitiesWithRelationPageQuery, queryShapeOf } from './relation-queries.js';
import type { EntityDetail, RelationPageShape } from './read-requests.js';
import type { ReadSession } from './read-session.js';
import type { EntityRecord } from './records.js';
import { relationPageParams, toRelationPage } from './relation-pages.js';
import { toEntityRecord, type Row } from './row-mappers.js';

export async function entityWithRelationPage(reader: ReadSession, id: string, relations: RelationPageShape, detail: EntityDetail): Promise<EntityRecord | null> {
  const [row] = await reader.read(entitiesWithRelationPageQuery(queryShapeOf(relations), detail), { ids: [id], ...relationPageParams(relations) });
  if (!row) {
    reader.primeEntityAs(id, null, 'all');
    return null;
  }
  const entity = toEntityRecord(row.entity as Row);
  // Under the id asked for and, when that id was merged into another, under the entity's own.
  reader.primeEntityAs(id, entity, detail);
  reader.primeEntity(entity, detail);
  reader.primeRelationPage({ entityId: entity.id, ...relations }, toRelationPage(reader, relations, entity.id, row.page as Row[], row.total as number));
  return entity;
}
