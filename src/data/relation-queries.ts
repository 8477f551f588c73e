/**
 * The statements that read an entity's relations: a page of them (an entity's `relations` field),
 * alone, with the entity (entity(id) read ahead), or as a clause of other statements (entity lists,
 * neighbourhoods); and all of one type, current first. Values are parameters; the only text that
 * varies is a relationship-type alternation and a direction pattern, both built from allowlists.
 */
import type { Direction, RelationType } from '../generated/graphql.js';
import { DIRECTION_PATTERN, RELATION_TYPES, relationIdPrefix, relationTypePattern } from '../domain/model.js';
import { cypher, statementFamily, type NamedQuery } from './database.js';
import { ACTIVE_RELATION, AS_OF_FILTER, ENTITIES_OF_IDS, ENTITY_PROJECTION, ENTITY_PROJECTION_OF, relationMap, visible } from './read-queries.js';
import type { EntityDetail } from './read-requests.js';

/**
 * The ids of a relation's ends, when it was reached from `e` to `o` in a known direction: the ids
 * at hand rather than its nodes looked up again.
 */
const ENDS_FROM_E: Record<Direction, string> = {
  OUTGOING: 'fromId: e.id, toId: o.id',
  INCOMING: 'fromId: o.id, toId: e.id',
  BOTH: 'fromId: startNode(r).id, toId: endNode(r).id',
};

/**
 * A relation reached from an entity `e` through ACTIVE_RELATION (so not retracted: no retraction to
 * read), with the entity at its other end (`o`) projected alongside (as much of it as the caller
 * shows): the answer nearly always shows that entity, and having it
 * here saves a round trip for it. With its quotes, as the evidence loader would read them
 * (EVIDENCE_BY_SUBJECTS), for a page whose caller asks for them, which then needs no further read.
 */
const relationWithOther = (direction: Direction, otherDetail: EntityDetail, withEvidence: boolean) =>
  `r ${relationMap(ENDS_FROM_E[direction], 'null').replace(/\s*}$/, '')}, otherEntity: o ${ENTITY_PROJECTION_OF[otherDetail]}${
    withEvidence
      ? `, evidence: COLLECT { MATCH (ev:Evidence {subjectId: r.id})-[:FROM]->(d:Document) WHERE ${visible('d')}
     RETURN { quote: ev.quote, documentId: d.id } ORDER BY d.id, ev.ordinal, ev.id }`
      : ''
  } }`;

/** Current relations first, then those the sources say nothing about, then ended ones. */
const CURRENT_FIRST = `CASE r.current WHEN true THEN 0 WHEN false THEN 2 ELSE 1 END, r.id`;

/** What a page of an entity's relations asks of the statement that reads it (RelationPageShape, less the cursor and sizes). */
export interface RelationPageQueryShape {
  types: readonly RelationType[] | null;
  direction: Direction;
  withEvidence: boolean;
  withTotal: boolean;
  otherDetail: EntityDetail;
}

/**
 * Reads one page of the relations of the entity bound to `e` (an entity's `relations` field), as
 * `page` (a list, one more than asked for) and `total` (0 unless counted). Keyset pagination on the
 * relation id: stable, and no offset to skip through. Parameters: $pageAfter, $pageLimit,
 * $asOfStart, $asOfEnd (relationPageParams); named apart from those of the statements it joins.
 */
export function relationPageClause({ types, direction, withEvidence, withTotal, otherDetail }: RelationPageQueryShape, carried: string): string {
  const pattern = DIRECTION_PATTERN[direction](relationTypePattern(types ?? RELATION_TYPES));
  // One type, outgoing: the ids of the page's relations all begin alike (domain/model.ts,
  // relationIdPrefix), so the page is a range of the type's id index, read in cursor order and
  // stopped at the page's end, rather than every relationship of the entity expanded and sorted
  // (a hub's page 10 of 3,200: 15,800 db hits before, 440 after; ordinary entities gain a little).
  const single = types?.length === 1 && direction === 'OUTGOING' ? types[0]! : null;
  const seek = single ? `USING INDEX r:${single}(id)\n       WHERE r.id STARTS WITH '${relationIdPrefix(single)}' + e.id + ':' AND ` : 'WHERE ';
  return `CALL (e) {
       MATCH ${pattern}
       ${seek}${ACTIVE_RELATION} AND ${AS_OF_FILTER} AND ($pageAfter IS NULL OR r.id > $pageAfter)
       WITH DISTINCT r, o ORDER BY r.id LIMIT $pageLimit
       RETURN collect(${relationWithOther(direction, otherDetail, withEvidence)}) AS page
     }
     WITH ${carried}, page, ${withTotal ? `COUNT { MATCH ${pattern} WHERE ${ACTIVE_RELATION} AND ${AS_OF_FILTER} }` : '0'} AS total`;
}

export const pageShapeName = ({ direction, withEvidence, withTotal, otherDetail }: RelationPageQueryShape) =>
  `${direction}${withEvidence ? '_withEvidence' : ''}${withTotal ? '' : '_noTotal'}${otherDetail === 'names' ? '_otherNames' : ''}`;

/** One page of relations for each of many entities, plus each entity's total, in one round trip. */
export const relationPagesQuery = statementFamily(function relationPagesQuery(shape: RelationPageQueryShape): NamedQuery {
  return cypher(
    `relationPages_${pageShapeName(shape)}`,
    `UNWIND $ids AS entityId
     MATCH (e:Entity {id: entityId})
     ${relationPageClause(shape, 'entityId')}
     RETURN entityId, page, total`,
  );
});

/**
 * Entities by id (as ENTITIES_BY_IDS) with one page of each one's relations, read in the same
 * statement: for `entity(id)` when the client asks for its relations below it.
 */
export const entitiesWithRelationPageQuery = statementFamily(function entitiesWithRelationPageQuery(shape: RelationPageQueryShape, detail: EntityDetail = 'all'): NamedQuery {
  return cypher(
    `entitiesWithRelationPage_${pageShapeName(shape)}${detail === 'names' ? '_names' : ''}`,
    `${ENTITIES_OF_IDS}
     ${relationPageClause(shape, 'id, e')}
     RETURN id AS requestedId, e ${ENTITY_PROJECTION_OF[detail]} AS entity, page, total`,
  );
});

/** For each entity, all its relations of one type and direction, current ones first (up to $limit). */
export const currentFirstRelationsQuery = statementFamily(function currentFirstRelationsQuery(type: RelationType, direction: Direction): NamedQuery {
  return cypher(
    `currentFirstRelations_${type}_${direction}`,
    `UNWIND $ids AS entityId
     MATCH (e:Entity {id: entityId})
     CALL (e) {
       MATCH ${DIRECTION_PATTERN[direction](relationTypePattern([type]))}
       WHERE ${ACTIVE_RELATION}
       WITH r, o ORDER BY ${CURRENT_FIRST} LIMIT $limit
       RETURN collect(${relationWithOther(direction, 'all', false)}) AS relations
     }
     RETURN entityId, relations`,
  );
});

