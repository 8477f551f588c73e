/**
 * Shortest paths by a bidirectional breadth-first search run here, a level at a time, rather than
 * by Cypher's path matching: a pattern that must keep paths free of repeated entities makes Neo4j
 * enumerate walks, millions of them around a dense cluster or between two hubs. Here each level is
 * one statement that reads the relations of a whole frontier, the side whose frontier has fewer
 * relations is expanded next, and the search ends when the two sides meet. Its work is bounded
 * twice: by the relations it may read (PATH_SEARCH_RELATIONS), checked before each level from the
 * frontier's degrees, and by the read timeout over all its levels (each level's statement gets what
 * is left of it). Past either it stops and says so
 * (PathSearchLimitError) rather than answer wrongly.
 *
 * Every path it returns has the shortest length: once the sides meet, every shortest path passes
 * through exactly one entity of the level just reached, and they are put together from the parents
 * each side kept. A shortest path never passes the same entity twice.
 */
import type { RelationType } from '../generated/graphql.js';
import { PathSearchLimitError } from '../errors.js';
import { int } from './database.js';
import { isTransactionTimeout } from './driver-errors.js';
import type { Row } from './row-mappers.js';
import { pathExpansionQuery, pathRootDegreesQuery } from './analysis-queries.js';
import type { ReadSession } from './read-session.js';

/** One step of a path as the search found it: a relation and the entities it joins, in the path's direction. */
export interface FoundStep {
  fromId: string;
  toId: string;
  relationId: string;
}

export interface PathSearchRequest {
  from: string;
  to: string;
  types: readonly RelationType[];
  maxHops: number;
  first: number;
}

export interface PathSearchBounds {
  /** Relations the search may read, over all its levels. */
  relations: number;
  /** Milliseconds the search may take, over all its levels. */
  timeoutMs: number;
}

/** A relation that led to an entity from the level before it. */
interface Parent {
  relationId: string;
  previousId: string;
}

/** One end of the search: how far each entity it reached is from its root, and how it got there. */
class SearchSide {
  readonly level = new Map<string, number>();
  /** Every relation from the level before that reached each entity (several: several shortest paths). */
  readonly parents = new Map<string, Parent[]>();
  frontier: string[];
  depth = 0;
  /** Relations of the frontier's entities: what expanding it would read. */
  cost = 0;

  constructor(readonly rootId: string) {
    this.level.set(rootId, 0);
    this.frontier = [rootId];
  }

  /** Every chain of steps from the root to `id`, in order (an empty one for the root itself). */
  *chainsTo(id: string): Generator<FoundStep[]> {
    if (id === this.rootId) {
      yield [];
      return;
    }
    for (const parent of this.parents.get(id) ?? []) {
      for (const chain of this.chainsTo(parent.previousId)) yield [...chain, { fromId: parent.previousId, toId: id, relationId: parent.relationId }];
    }
  }
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Up to `first` shortest paths from `from` to `to` of at most `maxHops` steps (none when there is
 * no such path), each as its steps in order. Throws PathSearchLimitError when the bounds stop the
 * search before it could tell.
 */
export async function searchShortestPaths(reader: ReadSession, request: PathSearchRequest, bounds: PathSearchBounds): Promise<FoundStep[][]> {
  const started = performance.now();
  const fromSide = new SearchSide(request.from);
  const toSide = new SearchSide(request.to);
  const degrees = new Map((await reader.read(pathRootDegreesQuery(request.types), { ids: [request.from, request.to] })).map((row) => [row.id as string, Number(row.degree)]));
  fromSide.cost = degrees.get(request.from) ?? 0;
  toSide.cost = degrees.get(request.to) ?? 0;
  let read = 0;

  while (fromSide.depth + toSide.depth < request.maxHops) {
    // A side with nothing left to reach has reached all it can: the other end is not among it.
    if (fromSide.frontier.length === 0 || toSide.frontier.length === 0) return [];
    const side = fromSide.cost <= toSide.cost ? fromSide : toSide;
    const other = side === fromSide ? toSide : fromSide;
    const elapsedMs = performance.now() - started;
    if (read + side.cost > bounds.relations || elapsedMs > bounds.timeoutMs) {
      throw new PathSearchLimitError({ hopsSearched: fromSide.depth + toSide.depth, relationsRead: read, nextLevelRelations: side.cost, bounds, elapsedMs });
    }
    const stopped = (elapsed: number) =>
      new PathSearchLimitError({ hopsSearched: fromSide.depth + toSide.depth, relationsRead: read, nextLevelRelations: side.cost, bounds, elapsedMs: elapsed });
    // Each level gets what is left of the time budget, so that the whole search ends within it.
    const left = Math.max(1, Math.ceil(bounds.timeoutMs - elapsedMs));
    let rows: Row[];
    try {
      rows = await reader.read(pathExpansionQuery(request.types), { ids: side.frontier, limit: int(bounds.relations - read + 1) }, { timeoutMs: left });
    } catch (error) {
      if (isTransactionTimeout(error)) throw stopped(Math.max(performance.now() - started, bounds.timeoutMs + 1));
      throw error;
    }
    // More than the degrees promised (relations written meanwhile): a level cut short would answer wrongly.
    if (rows.length > bounds.relations - read) throw stopped(performance.now() - started);
    read += rows.length;

    side.depth += 1;
    const reached: string[] = [];
    let cost = 0;
    for (const row of rows) {
      const previousId = row.id as string;
      const id = row.otherId as string;
      if (id === previousId) continue; // a relation of an entity with itself leads nowhere
      const level = side.level.get(id);
      if (level === undefined) {
        side.level.set(id, side.depth);
        side.parents.set(id, []);
        reached.push(id);
        cost += Number(row.degree);
      } else if (level !== side.depth) continue; // reached before, by a shorter way
      side.parents.get(id)!.push({ relationId: row.relationId as string, previousId });
    }
    side.frontier = reached;
    side.cost = cost;

    const meetings = reached.filter((id) => other.level.has(id));
    if (meetings.length > 0) return assemblePaths(fromSide, toSide, meetings, request.first);
  }
  return [];
}

/**
 * The shortest paths through the entities where the sides met (all on the level just reached, so
 * each shortest path passes exactly one of them), up to `first`, in a stable order.
 */
function assemblePaths(fromSide: SearchSide, toSide: SearchSide, meetings: string[], first: number): FoundStep[][] {
  const length = (id: string) => fromSide.level.get(id)! + toSide.level.get(id)!;
  const shortest = Math.min(...meetings.map(length));
  for (const side of [fromSide, toSide]) {
    for (const parents of side.parents.values()) parents.sort((a, b) => byId(a.relationId, b.relationId));
  }
  const paths: FoundStep[][] = [];
  for (const meeting of meetings.filter((id) => length(id) === shortest).sort(byId)) {
    for (const head of fromSide.chainsTo(meeting)) {
      for (const tail of toSide.chainsTo(meeting)) {
        // The other side's chain runs from `to` to the meeting entity: turned round, step by step.
        const rest = tail.reverse().map((step) => ({ fromId: step.toId, toId: step.fromId, relationId: step.relationId }));
        paths.push([...head, ...rest]);
        if (paths.length >= first) return paths;
      }
    }
  }
  return paths;
}
