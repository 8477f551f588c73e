import type { QueryResolvers } from '../../generated/graphql.js';
import { MAX_PATH_HOPS, MAX_PATHS } from '../../data/analysis-queries.js';
import { neighborhood, paths, timeline, TIMELINE_CURSOR } from '../../data/graph-analysis.js';
import { notFound } from '../../errors.js';
import { parsePartialDate } from '../../domain/partial-date.js';
import {
  afterKeyset,
  afterTagged,
  asOfInterval,
  intInRange,
  MAX_NEIGHBORHOOD_DEPTH,
  MAX_NEIGHBORHOOD_LIMIT,
  MAX_TIMELINE_ITEMS,
  optionalList,
  pageSize,
  searchText,
} from '../arguments.js';
import type { GraphReader } from '../../data/graph-reader.js';

/** Loads the entities an analysis starts from; an unknown id is NOT_FOUND, naming the argument. */
async function requireEntities(data: GraphReader, ids: Record<string, string>): Promise<void> {
  const found = await Promise.all(Object.values(ids).map((id) => data.entity.load(id)));
  Object.keys(ids).forEach((argument, i) => {
    if (!found[i]) throw notFound(`No entity has the id "${ids[argument]}"`, argument);
  });
}


export const Query: QueryResolvers = {
  entity: (_, { id }, { data }) => data.entity.load(id),
  relation: (_, { id }, { data }) => data.relation.load(id),
  statement: (_, { id }, { data }) => data.statement.load(id),
  document: (_, { id }, { data }) => data.document.load(id),
  documents: (_, __, { data }) => data.documents(),
  search: (_, { text, kinds, first }, { data, config }) =>
    data.search(searchText(text), optionalList(kinds), pageSize(first, 10, config.maxPageSize)),
  neighborhood: async (_, { id, depth, types, asOf, limit }, { data }) => {
    const request = {
      id,
      depth: intInRange(depth, 1, 1, MAX_NEIGHBORHOOD_DEPTH, 'depth'),
      types: optionalList(types),
      asOf: asOfInterval(asOf),
      limit: intInRange(limit, 100, 1, MAX_NEIGHBORHOOD_LIMIT, 'limit'),
    };
    await requireEntities(data, { id });
    return neighborhood(data, request);
  },
  paths: async (_, { from, to, maxHops, types, first }, { data }) => {
    const request = {
      from,
      to,
      maxHops: intInRange(maxHops, 4, 1, MAX_PATH_HOPS, 'maxHops'),
      types: optionalList(types),
      first: intInRange(first, 3, 1, MAX_PATHS, 'first'),
    };
    await requireEntities(data, { from, to });
    if (from === to) return [];
    return paths(data, request);
  },
  timeline: async (_, { entityId, from, to, first, after }, { data }) => {
    const request = {
      entityId: entityId ?? null,
      range: { start: from ? parsePartialDate(from).start : null, end: to ? parsePartialDate(to).end : null },
      first: intInRange(first, 200, 1, MAX_TIMELINE_ITEMS, 'first'),
      after: afterTagged(after, TIMELINE_CURSOR),
    };
    if (entityId) await requireEntities(data, { entityId });
    return timeline(data, request);
  },
  entities: (_, { kinds, categories, nameContains, orderBy, first, after }, { data, config }) =>
    data.entities({
      kinds: optionalList(kinds),
      categories: optionalList(categories),
      nameContains: nameContains ?? null,
      orderBy: { field: orderBy?.field ?? 'NAME', direction: orderBy?.direction ?? 'ASC' },
      first: pageSize(first, 20, config.maxPageSize),
      after: afterKeyset(after, `${orderBy?.field ?? 'NAME'}:${orderBy?.direction ?? 'ASC'}`),
    }),
};
