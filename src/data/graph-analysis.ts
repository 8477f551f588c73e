/**
 * The analysts' questions that go beyond one entity: the network around an entity, the paths
 * between two, and timelines. Each runs a bounded number of batched queries through the request's
 * GraphReader (whose methods they are), whatever the size of the graph.
 */
import type { Direction } from '../generated/graphql.js';
import { LIMITS } from '../config.js';
import { RELATION_TYPES, relationIdsByType } from '../domain/model.js';
import { timelineCursor } from '../domain/cursor.js';
import { int } from './database.js';
import { neighborhoodStartQuery, timelineQuery } from './analysis-queries.js';
import { searchShortestPaths } from './path-search.js';
import { relationsByIdsQuery } from './read-queries.js';
import { relationPagesQuery } from './relation-queries.js';
import type { NeighborhoodRequest, PathsRequest, TimelineRequest } from './read-requests.js';
import type { ReadSession } from './read-session.js';
import { toEntityRecord, toRelationRecord, type Row } from './row-mappers.js';
import type { PathRecord, RelationRecord, SubgraphRecord, TimelineItemRecord } from './records.js';

/**
 * Breadth-first: each entity of the frontier contributes up to LIMITS.neighborhoodRelationsPerEntity
 * relations (stable order) and its total, so what is left out can be counted per entity without
 * loading it. The centre and the first two levels come in one statement (the second for every
 * entity the first reaches, of which the caps keep some); a third level is one more. Null when
 * the centre does not exist or is hidden from the caller.
 */
export async function neighborhood(reader: ReadSession, request: NeighborhoodRequest): Promise<SubgraphRecord | null> {
  const params = {
    pageAfter: null,
    pageLimit: int(LIMITS.neighborhoodRelationsPerEntity),
    asOfStart: request.asOf?.start ?? null,
    asOfEnd: request.asOf?.end ?? null,
  };
  const [start] = await reader.read(neighborhoodStartQuery(request.types, request.depth >= 2, request.nodeDetail, request.asOf !== null), { ids: [request.id], ...params });
  if (!start) return null;
  const centre = toEntityRecord(start.entity as Row);
  reader.primeEntityAs(request.id, centre, request.nodeDetail);
  reader.primeEntity(centre, request.nodeDetail);
  /** The pages read so far, by entity. */
  const pages = new Map<string, Row>([[centre.id, { page: start.page, total: start.total }]]);
  for (const row of start.next as Row[]) pages.set(row.entityId as string, row);

  const nodes = [centre];
  const included = new Set([centre.id]);
  const edges = new Map<string, RelationRecord>();
  /** Totals of the entities expanded, to count at the end what the answer leaves out of each. */
  const totals = new Map<string, number>();
  let truncated = false;
  let frontier = [centre.id];
  const query = relationPagesQuery({ types: request.types, direction: 'BOTH' satisfies Direction, withEvidence: false, withTotal: true, otherDetail: request.nodeDetail, dated: request.asOf !== null });

  for (let level = 0; level < request.depth && frontier.length > 0; level++) {
    const unread = frontier.filter((id) => !pages.has(id));
    if (unread.length > 0) for (const row of await reader.read(query, { ids: unread, ...params })) pages.set(row.entityId as string, row);
    const next: string[] = [];
    for (const entityId of frontier) {
      const row = pages.get(entityId);
      if (!row) continue;
      totals.set(entityId, row.total as number);
      for (const raw of row.page as Array<Record<string, unknown>>) {
        reader.primeOtherEntity(raw, request.nodeDetail);
        const relation = toRelationRecord(raw, null);
        if (edges.has(relation.id)) continue; // already in the answer, reached from its other end
        const otherId = relation.fromId === entityId ? relation.toId : relation.fromId;
        if (!included.has(otherId)) {
          if (included.size >= request.limit) continue;
          included.add(otherId);
          nodes.push(toEntityRecord(raw.otherEntity as Row));
          next.push(otherId);
        }
        edges.set(relation.id, relation);
        reader.primeRelation(relation);
      }
    }
    frontier = next;
  }

  // An expanded entity's relations may enter the answer from its own page or from a neighbour's:
  // what is left out is its total less those in the answer, however they came.
  const inAnswer = new Map<string, number>();
  for (const edge of edges.values()) {
    for (const id of new Set([edge.fromId, edge.toId])) inAnswer.set(id, (inAnswer.get(id) ?? 0) + 1);
  }
  const omitted = [...totals]
    .map(([entityId, total]) => ({ entityId, count: total - (inAnswer.get(entityId) ?? 0) }))
    .filter((omission) => omission.count > 0);
  if (omitted.length > 0) truncated = true;
  return { nodes, edges: [...edges.values()], truncated, omitted };
}

/**
 * Up to `first` shortest paths, each as its steps in order from `from` to `to`: found by the
 * bounded search of path-search.ts, then their relations read whole, a statement per type.
 */
export async function paths(reader: ReadSession, request: PathsRequest, timeoutMs: number): Promise<PathRecord[]> {
  const types = request.types ?? RELATION_TYPES;
  const found = await searchShortestPaths(reader, { ...request, types }, { relations: request.searchRelations, timeoutMs });
  const relations = new Map<string, RelationRecord>();
  for (const [type, ids] of relationIdsByType([...new Set(found.flat().map((step) => step.relationId))])) {
    for (const row of await reader.read(relationsByIdsQuery(type), { ids })) {
      const relation = toRelationRecord(row.relation as Row, null);
      reader.primeRelation(relation);
      if (relation.retraction === null) relations.set(relation.id, relation);
    }
  }
  // A relation retracted or hidden since the search read it leaves its path out.
  return found
    .filter((steps) => steps.every((step) => relations.has(step.relationId)))
    .map((steps) => ({
      steps: steps.map(({ fromId, toId, relationId }) => ({ fromId, toId, relation: { ...relations.get(relationId)!, viewpointId: fromId } })),
    }));
}

/** The timeline's items in order; STATED_ABOUT relations are left out, their statements stand for them. */
export async function timeline(reader: ReadSession, request: TimelineRequest): Promise<TimelineItemRecord[]> {
  const types = RELATION_TYPES.filter((type) => type !== 'STATED_ABOUT');
  const rows = await reader.read(timelineQuery(request.entityId !== null, types), {
    entityId: request.entityId,
    rangeStart: request.range.start,
    rangeEnd: request.range.end,
    first: int(request.first),
    after: request.after,
  });
  return rows.map((row) => ({
    kind: row.kind as TimelineItemRecord['kind'],
    date: (row.date as string | null) ?? null,
    subjectId: row.subjectId as string,
    cursor: timelineCursor.encode(row.sortKey as string),
  }));
}
