/**
 * Read statements of the analysis questions (paths, timelines). Like every statement, values are
 * parameters; relationship types come from the allowlist and the two integers a path pattern needs
 * as literals come from fixed ranges.
 */
import type { RelationType } from '../generated/graphql.js';
import { relationTypePattern } from '../domain/model.js';
import { cypher, type NamedQuery } from './database.js';

export const MAX_PATH_HOPS = 6;
export const MAX_PATHS = 10;

const RELATION_PROJECTION = `{ .id, .role, .validFrom, .validTo, .current, .statementId, type: type(r), fromId: startNode(r).id, toId: endNode(r).id }`;

/**
 * The `first` shortest paths of up to `maxHops` steps. Cypher takes both numbers only as literals,
 * so they are checked against their ranges before they are written into the statement.
 */
export function shortestPathsQuery(types: readonly RelationType[], maxHops: number, first: number): NamedQuery {
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > MAX_PATH_HOPS) throw new Error(`maxHops out of range: ${maxHops}`);
  if (!Number.isInteger(first) || first < 1 || first > MAX_PATHS) throw new Error(`first out of range: ${first}`);
  return cypher(
    'shortestPaths',
    `MATCH p = SHORTEST ${first} (a:Entity {id: $from})-[${relationTypePattern(types)}]-{1,${maxHops}}(b:Entity {id: $to})
     RETURN [n IN nodes(p) | n.id] AS nodeIds, [r IN relationships(p) | r ${RELATION_PROJECTION}] AS relations
     ORDER BY length(p)`,
  );
}

/** Overlap of an item's [start, end] with the requested range; items without a date fail it when a range is given. */
const IN_RANGE = `(($rangeStart IS NULL AND $rangeEnd IS NULL) OR
  (start IS NOT NULL AND ($rangeStart IS NULL OR end >= $rangeStart) AND ($rangeEnd IS NULL OR start <= $rangeEnd)))`;

/**
 * Timeline items: events, statements (dated or not) and relation starts and ends, of one entity or
 * of the whole graph, sorted by the first day each date covers, coarser dates first; undated
 * statements last, earlier claims before their revisions.
 */
export function timelineQuery(scoped: boolean, types: readonly RelationType[]): NamedQuery {
  const relations = scoped
    ? `MATCH (:Entity {id: $entityId})-[r${relationTypePattern(types)}]-(:Entity)`
    : `MATCH (:Entity)-[r${relationTypePattern(types)}]->(:Entity)`;
  const events = scoped
    ? `MATCH (e:Event) WHERE (e.id = $entityId OR EXISTS { MATCH (e)-[${relationTypePattern(types)}]-(:Entity {id: $entityId}) })`
    : `MATCH (e:Event) WHERE true`;
  const statements = scoped
    ? `MATCH (s:Statement) WHERE EXISTS { MATCH (:Entity {id: $entityId})-[:MADE]->(s) } OR EXISTS { MATCH (s)-[:ABOUT]->(:Entity {id: $entityId}) }`
    : `MATCH (s:Statement)`;
  return cypher(
    scoped ? 'timelineOfEntity' : 'timelineOfGraph',
    `CALL () {
       ${events} AND e.date IS NOT NULL
       RETURN 'EVENT' AS kind, e.date AS date, e.dateStart AS start, e.dateEnd AS end, e.id AS subjectId, 0 AS revisions
       UNION ALL
       ${statements}
       RETURN 'STATEMENT' AS kind, s.madeOn AS date, s.madeOnStart AS start, s.madeOnEnd AS end, s.id AS subjectId,
              COUNT { (s)-[:SUPERSEDES*1..]->(:Statement) } AS revisions
       UNION ALL
       ${relations} WHERE r.validFrom IS NOT NULL
       RETURN DISTINCT 'RELATION_START' AS kind, r.validFrom AS date, r.validFromStart AS start, r.validFromEnd AS end, r.id AS subjectId, 0 AS revisions
       UNION ALL
       ${relations} WHERE r.validTo IS NOT NULL
       RETURN DISTINCT 'RELATION_END' AS kind, r.validTo AS date, r.validToStart AS start, r.validToEnd AS end, r.id AS subjectId, 0 AS revisions
     }
     WITH kind, date, start, end, subjectId, revisions
     WHERE ${IN_RANGE}
     RETURN kind, date, subjectId
     ORDER BY start IS NULL, start, end DESC, revisions, kind, subjectId
     LIMIT $first`,
  );
}
