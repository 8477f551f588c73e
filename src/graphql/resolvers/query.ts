import type { QueryResolvers } from '../../generated/graphql.js';
import { LIMITS } from '../../config.js';
import { notFound } from '../../errors.js';
import { parsePartialDate } from '../../domain/partial-date.js';
import {
  afterChange,
  afterDuplicate,
  afterKeyset,
  afterTimelineItem,
  asOfInterval,
  argumentInRange,
  optionalList,
  pageSize,
  searchText,
} from '../arguments.js';
import type { GraphReader } from '../../data/graph-reader.js';
import { entityCursor } from '../../domain/cursor.js';
import { entityDetailAt, neighborhoodNodeDetail, relationPageAhead } from '../lookahead.js';
import { scopeOf, selects } from '../selection.js';
import { historyField } from './history.js';

/**
 * Loads the entities an analysis starts from and returns their ids as the graph now has them (an
 * id merged into another entity becomes the survivor's); an unknown id is NOT_FOUND, naming the argument.
 */
async function requireEntities<K extends string>(data: GraphReader, ids: Record<K, string>): Promise<Record<K, string>> {
  const arguments_ = Object.keys(ids) as K[];
  const found = await Promise.all(arguments_.map((argument) => data.entity.load(ids[argument])));
  const resolved = {} as Record<K, string>;
  arguments_.forEach((argument, i) => {
    const entity = found[i];
    if (!entity) throw notFound(`No entity has the id "${ids[argument]}"`, argument);
    resolved[argument] = entity.id;
  });
  return resolved;
}


/** A retracted relation or statement is answered by id only when asked for explicitly. */
function shownUnlessRetracted<T extends { retraction: unknown }>(subject: T | null, includeRetracted: boolean | null | undefined): T | null {
  return subject && (subject.retraction === null || includeRetracted === true) ? subject : null;
}

export const Query: QueryResolvers = {
  entity: (_, { id }, { data, config }, info) => data.entityWithRelations(id, relationPageAhead(info, [], config), entityDetailAt(scopeOf(info), [[]])),
  relation: async (_, { id, includeRetracted }, { data }) => shownUnlessRetracted(await data.relation.load(id), includeRetracted),
  statement: async (_, { id, includeRetracted }, { data }) => shownUnlessRetracted(await data.statement.load(id), includeRetracted),
  history: (_, { subjectId, first, after }, context) => historyField({ id: subjectId }, { first, after }, context),
  changes: (_, { first, after }, { data, config }) =>
    data.changes(pageSize(first, 20, config.maxPageSize), afterChange(after)),
  document: (_, { id }, { data }) => data.document.load(id),
  duplicateCandidates: (_, { kinds, first, after }, { data, config }, info) =>
    data.duplicateCandidates({ kinds: optionalList(kinds), first: pageSize(first, 20, config.maxPageSize), after: afterDuplicate(after), withTotal: selects(info, 'totalCount') }),
  documents: async (_, { mentioning, first, after }, { data, config }) => {
    // An unknown entity is NOT_FOUND rather than no documents: a mistyped id must not look like an unsourced entity.
    const entityId = mentioning ? (await requireEntities(data, { mentioning })).mentioning : null;
    return data.documents({ mentioning: entityId, first: pageSize(first, Math.min(LIMITS.documentsPage, config.maxPageSize), config.maxPageSize), after: after ?? null });
  },
  search: (_, { text, kinds, first }, { data, config }) =>
    data.search(searchText(text), optionalList(kinds), pageSize(first, 10, config.maxPageSize)),
  neighborhood: async (_, { id, depth, types, asOf, limit }, { data }, info) => {
    const request = {
      id,
      depth: argumentInRange('neighborhood', 'depth', depth, 1),
      types: optionalList(types),
      asOf: asOfInterval(asOf),
      limit: argumentInRange('neighborhood', 'limit', limit, 100),
      nodeDetail: neighborhoodNodeDetail(info),
    };
    // The centre is looked up in the same statement as its first relations (an id merged into another entity resolves to it).
    const subgraph = await data.neighborhood(request);
    if (!subgraph) throw notFound(`No entity has the id "${id}"`, 'id');
    return subgraph;
  },
  paths: async (_, { from, to, maxHops, types, first }, { data, config }) => {
    const request = {
      from,
      to,
      maxHops: argumentInRange('paths', 'maxHops', maxHops, 4),
      types: optionalList(types),
      first: argumentInRange('paths', 'first', first, 3),
      searchRelations: config.pathSearchRelations,
    };
    const resolved = await requireEntities(data, { from, to });
    if (resolved.from === resolved.to) return [];
    return data.paths({ ...request, ...resolved });
  },
  timeline: async (_, { entityId, from, to, first, after }, { data }) => {
    const request = {
      entityId: entityId ?? null,
      range: { start: from ? parsePartialDate(from).start : null, end: to ? parsePartialDate(to).end : null },
      first: argumentInRange('timeline', 'first', first, 200),
      after: afterTimelineItem(after),
    };
    if (entityId) Object.assign(request, await requireEntities(data, { entityId }));
    return data.timeline(request);
  },
  entities: (_, { kinds, categories, nameContains, orderBy, first, after }, { data, config }, info) => {
    const order = { field: orderBy?.field ?? 'NAME', direction: orderBy?.direction ?? 'ASC' } as const;
    return data.entities({
      kinds: optionalList(kinds),
      categories: optionalList(categories),
      nameContains: nameContains ?? null,
      orderBy: order,
      first: pageSize(first, 20, config.maxPageSize),
      after: afterKeyset(after, entityCursor.order(order.field, order.direction)),
      withTotal: selects(info, 'totalCount'),
      relations: relationPageAhead(info, ['edges', 'node'], config),
      detail: entityDetailAt(scopeOf(info), [['edges', 'node']]),
    });
  },
};
