/**
 * The read statements of entity lists (read-queries.ts has the rest): a page of entities filtered
 * and sorted, its total, and full-text search. Sort keys and directions come from allowlists.
 */
import { cypher, statementFamily, type NamedQuery } from './database.js';
import { ENTITY_PROJECTION, ENTITY_PROJECTION_OF, visible } from './read-queries.js';
import { pageShapeName, relationPageClause, type RelationPageQueryShape } from './relation-queries.js';
import type { EntityDetail } from './read-requests.js';

/**
 * Ranked full-text hits of the kinds asked for that the caller may see, best first, from the
 * first $candidates hits of the index; with how many hits the index gave (`candidates`), so that
 * the caller can tell a search its filters left short from one the index had no more hits for.
 */
export const SEARCH_ENTITIES = cypher(
  'searchEntities',
  `CALL db.index.fulltext.queryNodes($index, $query, {limit: $candidates}) YIELD node, score
   WITH collect({node: node, score: score}) AS hits
   RETURN size(hits) AS candidates, COLLECT {
     UNWIND hits AS hit
     WITH hit.node AS node, hit.score AS score
     WHERE ($kinds IS NULL OR node.kind IN $kinds) AND ${visible('node')}
     RETURN { entity: node ${ENTITY_PROJECTION}, score: score } AS found
     ORDER BY score DESC, node.id
     LIMIT $first
   } AS found`,
);

/** Sort keys of entity lists: the only property expressions an order may write into Cypher. */
export const ENTITY_SORT_KEY = { NAME: 'e.name', ID: 'e.id' } as const;
const SORT_DIRECTION = { ASC: { order: 'ASC', after: '>' }, DESC: { order: 'DESC', after: '<' } } as const;

const ENTITY_LIST_FILTER = `${visible('e')} AND ($kinds IS NULL OR e.kind IN $kinds)
  AND ($categories IS NULL OR e.category IN $categories)
  AND ($needle IS NULL OR any(s IN coalesce(e.searchSpellings, []) WHERE s CONTAINS $needle OR s CONTAINS $compactNeedle))`;

/**
 * One page of entities in a stable order (the sort key, then the id), with keyset pagination.
 * `oneKind`: the list is of one kind ($kinds holds one), sorted by name. Then the (kind, name)
 * index yields the entities in order and the page reads only as many as it returns (an index seek
 * and a partial top, not a scan of every entity and a sort); ordering by the kind first changes
 * nothing when there is one.
 */
export const entityPageQuery = statementFamily(function entityPageQuery(
  field: keyof typeof ENTITY_SORT_KEY,
  direction: keyof typeof SORT_DIRECTION,
  oneKind = false,
  relations: RelationPageQueryShape | null = null,
  detail: EntityDetail = 'all',
): NamedQuery {
  const key = ENTITY_SORT_KEY[field];
  const { order, after } = SORT_DIRECTION[direction];
  const byIndex = oneKind && field === 'NAME';
  const name = `entityPage_${field}_${direction}${byIndex ? '_oneKind' : ''}${detail === 'names' ? '_names' : ''}`;
  const match = `MATCH (e:Entity)
     WHERE ${byIndex ? 'e.kind IN $kinds AND e.name IS NOT NULL AND ' : ''}${ENTITY_LIST_FILTER}
       AND ($afterId IS NULL OR ${key} ${after} $afterKey OR (${key} = $afterKey AND e.id ${after} $afterId))`;
  const orderBy = `${byIndex ? `e.kind ${order}, ` : ''}${key} ${order}, e.id ${order}`;
  if (!relations) {
    return cypher(name, `${match}
     RETURN e ${ENTITY_PROJECTION_OF[detail]} AS entity, ${key} AS sortKey
     ORDER BY ${orderBy}
     LIMIT $limit`);
  }
  // Each entity of the page with one page of its relations (its `relations` field, asked for below
  // the list), read after the page is cut: only for the entities shown. Sorted again at the end, as
  // a subquery need not keep the order of the rows it is called for.
  return cypher(`${name}_withRelations_${pageShapeName(relations)}`, `${match}
     WITH e ORDER BY ${orderBy} LIMIT $limit
     ${relationPageClause(relations, 'e')}
     RETURN e ${ENTITY_PROJECTION_OF[detail]} AS entity, ${key} AS sortKey, page, total
     ORDER BY ${orderBy}`);
});

export const COUNT_ENTITIES_FILTERED = cypher(
  'countEntitiesFiltered',
  `MATCH (e:Entity) WHERE ${ENTITY_LIST_FILTER} RETURN count(e) AS total`,
);
