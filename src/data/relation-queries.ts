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
import type { EntityDetail, RelationPageShape } from './read-requests.js';

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
  /** Whether an as-of date filters the page: its count then reads the relations instead of counting by degree. */
  dated: boolean;
}

/** The statement's shape of a page request: what changes its text, and nothing else (so one statement serves every cursor and date). */
export function queryShapeOf({ types, direction, withEvidence, withTotal, otherDetail, asOf }: RelationPageShape): RelationPageQueryShape {
  return { types, direction, withEvidence, withTotal, otherDetail, dated: asOf !== null };
}

/**
 * The relations of `e` of one type in one direction that come after the cursor, in the order of
 * their ids, read from an index in that order and stopped at the page's size: a hub's page touches
 * a page's worth of relations, not all of them. Outgoing ones are a range of the type's id index
 * (their ids begin alike: domain/model.ts, relationIdPrefix); incoming ones a range of its `toKey`
 * index (the id of the relation's end, a colon, then its id: see schema-setup.ts).
 */
function relationsAfterCursor(type: RelationType, direction: 'OUTGOING' | 'INCOMING', filter: string): string {
  if (direction === 'OUTGOING') {
    const prefix = `'${relationIdPrefix(type)}' + e.id + ':'`;
    return `MATCH (e)-[r${relationTypePattern([type])}]->(o:Entity) USING INDEX r:${type}(id)
       WHERE r.id > CASE WHEN $pageAfter IS NULL OR $pageAfter < ${prefix} THEN ${prefix} ELSE $pageAfter END
         AND r.id < '${relationIdPrefix(type)}' + e.id + ';' AND ${filter}
       WITH r, o ORDER BY r.id LIMIT $pageLimit RETURN r, o`;
  }
  return `MATCH (e)<-[r${relationTypePattern([type])}]-(o:Entity) USING INDEX r:${type}(toKey)
       WHERE r.toKey > e.id + ':' + coalesce($pageAfter, '') AND r.toKey < e.id + ';' AND ${filter}
       WITH r, o ORDER BY r.toKey LIMIT $pageLimit RETURN r, o`;
}

/**
 * How many relations of `e` of these types and direction the caller sees, as `total`: the degree Neo4j keeps for each type and direction, less the entity's relations that are
 * retracted or hidden from the caller, found by their `hiddenFrom`/`hiddenTo` keys (relation-keys.ts).
 * A hub's count reads no relation it counts.
 */
function countByDegree(types: readonly RelationType[], direction: Direction): string {
  const sorted = [...new Set(types)].sort();
  const degree = (type: string) =>
    direction === 'OUTGOING' ? `COUNT { (e)-[:${type}]->() }` : direction === 'INCOMING' ? `COUNT { (e)<-[:${type}]-() }` : `COUNT { (e)-[:${type}]-() }`;
  const hidden = sorted.flatMap((type) => [
    ...(direction === 'INCOMING' ? [] : [`MATCH ()-[r:${type}]->() USING INDEX r:${type}(hiddenFrom) WHERE r.hiddenFrom = e.id RETURN r`]),
    // (Both ways, a relation of the entity with itself is found once, as the degree counts it.)
    ...(direction === 'OUTGOING' ? [] : [`MATCH ()-[r:${type}]->() USING INDEX r:${type}(hiddenTo) WHERE r.hiddenTo = e.id${direction === 'BOTH' ? ' AND r.hiddenFrom <> e.id' : ''} RETURN r`]),
  ]);
  return `CALL (e) {
       CALL (e) {
         CALL (e) {
         ${hidden.join('\n         UNION ALL\n         ')}
         }
         // Retracted relations are left out for everyone, restricted ones for those who may not see them.
         RETURN count(CASE WHEN r.retractedAt IS NOT NULL OR NOT ${visible('r')} THEN 1 END) AS hidden
       }
       RETURN ${sorted.map(degree).join(' + ')} - hidden AS total
     }`;
}

/**
 * Reads one page of the relations of the entity bound to `e` (an entity's `relations` field), as
 * `page` (a list, one more than asked for) and `total` (0 unless counted). Keyset pagination on the
 * relation id: stable, and no offset to skip through. Each type and direction asked for is read in
 * id order from its index (relationsAfterCursor), up to a page each, and the page is the first of
 * those. Parameters: $pageAfter, $pageLimit, $asOfStart, $asOfEnd (relationPageParams); named
 * apart from those of the statements it joins.
 */
export function relationPageClause({ types, direction, withEvidence, withTotal, otherDetail, dated }: RelationPageQueryShape, carried: string): string {
  const filter = `${ACTIVE_RELATION} AND ${AS_OF_FILTER}`;
  const directions = direction === 'BOTH' ? (['OUTGOING', 'INCOMING'] as const) : ([direction] as const);
  const branches = [...new Set(types ?? RELATION_TYPES)].sort().flatMap((type) => directions.map((way) => relationsAfterCursor(type, way, filter)));
  const total = !withTotal
    ? '0'
    : dated
      ? `COUNT { MATCH ${DIRECTION_PATTERN[direction](relationTypePattern(types ?? RELATION_TYPES))} WHERE ${filter} }`
      : 'total';
  return `CALL (e) {
       CALL (e) {
       ${branches.join('\n       UNION ALL\n       ')}
       }
       // A relation of an entity with itself comes both ways: once.
       WITH DISTINCT r, o ORDER BY r.id LIMIT $pageLimit
       RETURN collect(${relationWithOther(direction, otherDetail, withEvidence)}) AS page
     }
     ${withTotal && !dated ? countByDegree(types ?? RELATION_TYPES, direction) : ''}
     WITH ${carried}, page, ${total} AS total`;
}

export const pageShapeName = ({ direction, withEvidence, withTotal, otherDetail, dated }: RelationPageQueryShape) =>
  `${direction}${withEvidence ? '_withEvidence' : ''}${withTotal ? (dated ? '_datedTotal' : '') : '_noTotal'}${otherDetail === 'names' ? '_otherNames' : ''}`;

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

