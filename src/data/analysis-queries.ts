/**
 * Read statements of the analysis questions (neighbourhoods, paths, timelines). Like every statement, values are
 * parameters; relationship types come from the allowlist and the two integers a path pattern needs
 * as literals come from fixed ranges.
 */
import type { RelationType } from '../generated/graphql.js';
import { relationTypePattern } from '../domain/model.js';
import { LIMITS } from '../config.js';
import { cypher, statementFamily, type NamedQuery } from './database.js';
import { ACTIVE_RELATION, ACTIVE_STATEMENT, ENTITIES_OF_IDS, ENTITY_PROJECTION_OF, RELATION_MAP, REVISIONS_OF, visible } from './read-queries.js';
import { relationPageClause } from './relation-queries.js';
import type { EntityDetail } from './read-requests.js';

/**
 * The `first` shortest paths of up to `maxHops` steps. Cypher takes both numbers only as literals,
 * so they are checked against their ranges before they are written into the statement.
 */
export const shortestPathsQuery = statementFamily(function shortestPathsQuery(types: readonly RelationType[], maxHops: number, first: number): NamedQuery {
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > LIMITS.pathHops) throw new Error(`maxHops out of range: ${maxHops}`);
  if (!Number.isInteger(first) || first < 1 || first > LIMITS.paths) throw new Error(`first out of range: ${first}`);
  return cypher(
    'shortestPaths',
    // The node filter sits inside the selective pattern so that it applies before the shortest paths
    // are chosen: a path never passes the same entity twice, however many relations join two entities.
    `MATCH SHORTEST ${first} (p = (a:Entity {id: $from})-[r${relationTypePattern(types)} WHERE ${ACTIVE_RELATION}]-{1,${maxHops}}(b:Entity {id: $to})
       WHERE all(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..]))
     RETURN [n IN nodes(p) | n.id] AS nodeIds, [r IN relationships(p) | r ${RELATION_MAP}] AS relations
     ORDER BY length(p)`,
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
        `MATCH (:Entity {id: $entityId})-[r${pattern}]-(:Entity) WHERE ${ACTIVE_RELATION} AND r.validFrom IS NOT NULL RETURN ${RELATION_START_ITEM}`,
        `MATCH (:Entity {id: $entityId})-[r${pattern}]-(:Entity) WHERE ${ACTIVE_RELATION} AND r.validTo IS NOT NULL RETURN ${RELATION_END_ITEM}`,
      ]
    : [
        `MATCH (e:Event) WHERE e.date IS NOT NULL AND ${visible('e')} RETURN ${EVENT_ITEM}`,
        `MATCH (s:Statement) WHERE ${ACTIVE_STATEMENT} RETURN ${STATEMENT_ITEM}`,
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
const RELATION_START_ITEM = `'RELATION_START' AS kind, r.validFrom AS date, r.validFromStart AS start, r.validFromEnd AS end, r.id AS subjectId, 0 AS revisions, '2' AS rank`;
const RELATION_END_ITEM = `'RELATION_END' AS kind, r.validTo AS date, r.validToStart AS start, r.validToEnd AS end, r.id AS subjectId, 0 AS revisions, '3' AS rank`;

/**
 * The first two levels of a neighbourhood in one statement: the centre (an id merged into another
 * entity resolves to it), one page of its relations (level 1), and, when `twoLevels`, one page of
 * the relations of every entity that page reaches (level 2; the caller keeps those its caps let
 * in). Pages as relationPagesQuery's, with the same parameters.
 */
export const neighborhoodStartQuery = statementFamily(function neighborhoodStartQuery(types: readonly RelationType[] | null, twoLevels: boolean, nodeDetail: EntityDetail): NamedQuery {
  const page = { types, direction: 'BOTH', withEvidence: false, withTotal: true, otherDetail: nodeDetail } as const;
  return cypher(
    `neighborhoodStart${twoLevels ? '_twoLevels' : ''}${nodeDetail === 'names' ? '_names' : ''}`,
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
