/**
 * Read statements of the analysis questions (neighbourhoods, paths, timelines). Like every statement, values are
 * parameters; relationship types come from the allowlist and the two integers a path pattern needs
 * as literals come from fixed ranges.
 */
import type { RelationType } from '../generated/graphql.js';
import { relationTypePattern } from '../domain/model.js';
import { cypher, statementFamily, type NamedQuery } from './database.js';
import { ACTIVE_RELATION, ACTIVE_STATEMENT, ENTITIES_OF_IDS, ENTITY_PROJECTION_OF, RELATION_MAP, REVISIONS_OF, visible } from './read-queries.js';
import { relationPageClause } from './relation-queries.js';
import type { EntityDetail } from './read-requests.js';

/**
 * One level of the path search (path-search.ts): every relation, of the types searched, of the
 * entities of a frontier, as ids only, with the degree of the entity it leads to (what expanding
 * that one would read: counted by Neo4j without reading a relation, retracted and hidden ones
 * included, so an upper bound). Bounded by $limit (what the search may still read).
 */
export const pathExpansionQuery = statementFamily(function pathExpansionQuery(types: readonly RelationType[]): NamedQuery {
  const pattern = relationTypePattern(types);
  return cypher(
    'pathExpansion',
    `UNWIND $ids AS id
     MATCH (:Entity {id: id})-[r${pattern}]-(o:Entity)
     WHERE ${ACTIVE_RELATION}
     RETURN id, r.id AS relationId, o.id AS otherId, COUNT { (o)-[${pattern}]-() } AS degree
     LIMIT $limit`,
  );
});

/** The degrees, as pathExpansionQuery counts them, of the entities a path search starts from. */
export const pathRootDegreesQuery = statementFamily(function pathRootDegreesQuery(types: readonly RelationType[]): NamedQuery {
  return cypher(
    'pathRootDegrees',
    `UNWIND $ids AS id
     MATCH (e:Entity {id: id})
     RETURN id, COUNT { (e)-[${relationTypePattern(types)}]-() } AS degree`,
  );
});

/** Overlap of an item's [start, end] with the requested range; items without a date fail it when a range is given. */
const IN_RANGE = `(($rangeStart IS NULL AND $rangeEnd IS NULL) OR
  (start IS NOT NULL AND ($rangeStart IS NULL OR end >= $rangeStart) AND ($rangeEnd IS NULL OR start <= $rangeEnd)))`;

/**
 * One string that sorts timeline items in their order, so that a cursor is just the last key:
 * dated before undated; by first day; coarser first (the last day, digits inverted, ascending);
 * for undated statements, earlier claims before their revisions; a start before an end; then the id.
 */
const SORT_KEY = `(CASE WHEN start IS NULL THEN '1' ELSE '0' END) + '|' + coalesce(start, '') + '|' +
  coalesce(reduce(inverted = '', c IN split(end, '') | inverted + CASE c WHEN '-' THEN '-' ELSE toString(9 - toInteger(c)) END), '') + '|' +
  right('00000' + toString(revisions), 6) + '|' + rank + '|' + subjectId`;

/**
 * Timeline items: events, statements (dated or not) and relation starts and ends, of one entity or
 * of the whole graph, in the order of SORT_KEY, after the key $after. A scoped timeline starts every
 * branch from the entity, so it never scans the graph.
 */
export const timelineQuery = statementFamily(function timelineQuery(scoped: boolean, types: readonly RelationType[]): NamedQuery {
  const pattern = relationTypePattern(types);
  const branches = scoped
    ? [
        `MATCH (e:Event {id: $entityId}) WHERE e.date IS NOT NULL AND ${visible('e')} RETURN ${EVENT_ITEM}`,
        `MATCH (:Entity {id: $entityId})-[r${pattern}]-(e:Event) WHERE ${ACTIVE_RELATION} AND e.date IS NOT NULL RETURN ${EVENT_ITEM}`,
        `MATCH (:Entity {id: $entityId})-[:MADE]->(s:Statement) WHERE ${ACTIVE_STATEMENT} RETURN ${STATEMENT_ITEM}`,
        `MATCH (:Entity {id: $entityId})<-[:ABOUT]-(s:Statement) WHERE ${ACTIVE_STATEMENT} RETURN ${STATEMENT_ITEM}`,
        `MATCH (:Entity {id: $entityId})-[:MADE]->(s:Statement) WHERE ${ACTIVE_STATEMENT} AND s.concerns IS NOT NULL RETURN ${CLAIM_ITEM}`,
        `MATCH (:Entity {id: $entityId})<-[:ABOUT]-(s:Statement) WHERE ${ACTIVE_STATEMENT} AND s.concerns IS NOT NULL RETURN ${CLAIM_ITEM}`,
        `MATCH (:Entity {id: $entityId})-[r${pattern}]-(:Entity) WHERE ${ACTIVE_RELATION} AND r.validFrom IS NOT NULL RETURN ${RELATION_START_ITEM}`,
        `MATCH (:Entity {id: $entityId})-[r${pattern}]-(:Entity) WHERE ${ACTIVE_RELATION} AND r.validTo IS NOT NULL RETURN ${RELATION_END_ITEM}`,
      ]
    : [
        `MATCH (e:Event) WHERE e.date IS NOT NULL AND ${visible('e')} RETURN ${EVENT_ITEM}`,
        `MATCH (s:Statement) WHERE ${ACTIVE_STATEMENT} RETURN ${STATEMENT_ITEM}`,
        `MATCH (s:Statement) WHERE ${ACTIVE_STATEMENT} AND s.concerns IS NOT NULL RETURN ${CLAIM_ITEM}`,
        `MATCH (:Entity)-[r${pattern}]->(:Entity) WHERE ${ACTIVE_RELATION} AND r.validFrom IS NOT NULL RETURN ${RELATION_START_ITEM}`,
        `MATCH (:Entity)-[r${pattern}]->(:Entity) WHERE ${ACTIVE_RELATION} AND r.validTo IS NOT NULL RETURN ${RELATION_END_ITEM}`,
      ];
  return cypher(
    scoped ? 'timelineOfEntity' : 'timelineOfGraph',
    `CALL () {
       ${branches.join('\n       UNION\n       ')}
     }
     WITH kind, date, start, end, subjectId, revisions, rank
     WHERE ${IN_RANGE}
     WITH kind, date, subjectId, ${SORT_KEY} AS sortKey
     WHERE $after IS NULL OR sortKey > $after
     RETURN kind, date, subjectId, sortKey
     ORDER BY sortKey
     LIMIT $first`,
  );
});

const EVENT_ITEM = `'EVENT' AS kind, e.date AS date, e.dateStart AS start, e.dateEnd AS end, e.id AS subjectId, 0 AS revisions, '0' AS rank`;
const STATEMENT_ITEM = `'STATEMENT' AS kind, s.madeOn AS date, s.madeOnStart AS start, s.madeOnEnd AS end, s.id AS subjectId,
  ${REVISIONS_OF('s')} AS revisions, '1' AS rank`;
/** A statement again, at the period it speaks of (a promised start, a reported quarter): after the events and facts of that day. */
const CLAIM_ITEM = `'CLAIM_ABOUT_PERIOD' AS kind, s.concerns AS date, s.concernsStart AS start, s.concernsEnd AS end, s.id AS subjectId,
  ${REVISIONS_OF('s')} AS revisions, '4' AS rank`;
const RELATION_START_ITEM = `'RELATION_START' AS kind, r.validFrom AS date, r.validFromStart AS start, r.validFromEnd AS end, r.id AS subjectId, 0 AS revisions, '2' AS rank`;
const RELATION_END_ITEM = `'RELATION_END' AS kind, r.validTo AS date, r.validToStart AS start, r.validToEnd AS end, r.id AS subjectId, 0 AS revisions, '3' AS rank`;

/**
 * The first two levels of a neighbourhood in one statement: the centre (an id merged into another
 * entity resolves to it), one page of its relations (level 1), and, when `twoLevels`, one page of
 * the relations of every entity that page reaches (level 2; the caller keeps those its caps let
 * in). Pages as relationPagesQuery's, with the same parameters.
 */
export const neighborhoodStartQuery = statementFamily(function neighborhoodStartQuery(types: readonly RelationType[] | null, twoLevels: boolean, nodeDetail: EntityDetail, dated: boolean): NamedQuery {
  const page = { types, direction: 'BOTH', withEvidence: false, withTotal: true, otherDetail: nodeDetail, dated } as const;
  return cypher(
    `neighborhoodStart${twoLevels ? '_twoLevels' : ''}${nodeDetail === 'names' ? '_names' : ''}${dated ? '_dated' : ''}`,
    `${ENTITIES_OF_IDS}
     ${relationPageClause(page, 'e')}
     WITH e, page AS levelOne, total
     CALL (levelOne) {
       ${
         twoLevels
           ? `UNWIND levelOne AS reached
       WITH DISTINCT reached.otherEntity.id AS entityId
       MATCH (e:Entity {id: entityId})
       ${relationPageClause(page, 'entityId')}
       RETURN collect({ entityId: entityId, page: page, total: total }) AS next`
           : 'RETURN [] AS next'
       }
     }
     RETURN e ${ENTITY_PROJECTION_OF[nodeDetail]} AS entity, levelOne AS page, total, next`,
  );
});
