/**
 * What a caller of the reader asks for: each list or analysis question as a plain request, its
 * arguments already checked (graphql/arguments.ts) and its cursor already read.
 */
import type { Direction, EntityKind, EntitySortField, OrganizationCategory, RelationType, SortDirection } from '../generated/graphql.js';

/**
 * How much of an entity a read brings: its names (`id`, `kind`, `name`, `aliases`, `unidentified`)
 * when the answer shows nothing more of it, or all its fields. Most answers show only the name of
 * the entity at a relation's other end, and the other fields cost the database and the wire.
 */
export type EntityDetail = 'names' | 'all';

/** A page request for the relations of one entity. */
export interface RelationPageRequest {
  entityId: string;
  types: readonly RelationType[] | null;
  direction: Direction;
  /** Interval of the as-of date, or null for no date filter. */
  asOf: { start: string; end: string } | null;
  first: number;
  /** Relation id after which the page starts. */
  afterId: string | null;
  /** Whether the caller asks for the relations' quotes: the page then brings them along, in the same read. */
  withEvidence: boolean;
  /** Whether to count every relation that matches (totalCount): a hub's count reads all its relations. */
  withTotal: boolean;
  /** How much of the entity at each relation's other end the caller shows. */
  otherDetail: EntityDetail;
}

/** A page of relations as asked for below an entity, before the entity is known (entity-lookahead.ts). */
export type RelationPageShape = Omit<RelationPageRequest, 'entityId'>;

/**
 * The entity of one kind at the other end of an entity's relations of one type: without a date,
 * through a relation not known to have ended; with one, through a relation that held then (YES)
 * or, failing that, one the sources leave open (UNKNOWN).
 */
export interface RelatedEntityRequest {
  entityId: string;
  type: RelationType;
  direction: Direction;
  kind: EntityKind;
  asOf?: string | null;
}

/** All of an entity's relations of one type and direction, current ones first. */
export interface RelationListRequest {
  entityId: string;
  type: RelationType;
  direction: Direction;
}

/** A page request for a list of entities. */
export interface EntityListRequest {
  /** How much of each entity the caller shows: only whole entities are remembered for the rest of the request. */
  detail: EntityDetail;
  kinds: readonly EntityKind[] | null;
  categories: readonly OrganizationCategory[] | null;
  nameContains: string | null;
  orderBy: { field: EntitySortField; direction: SortDirection };
  first: number;
  /** The sort key and id of the entity after which the page starts. */
  after: { key: string; id: string } | null;
  /** Whether to count every match (totalCount): a count reads them all, so it is skipped when nobody asks. */
  withTotal: boolean;
  /** The page of relations asked for below each entity of the list, read with it; null: none, or left to the relations field. */
  relations: RelationPageShape | null;
}

/** A page request for the history of one subject. */
export interface HistoryPageRequest {
  /** The subject's id: an entity's, a relation's or a statement's. */
  subjectId: string;
  first: number;
  /** Time and id of the change after which the page starts. */
  after: { at: string; id: string } | null;
}

export interface NeighborhoodRequest {
  id: string;
  depth: number;
  types: readonly RelationType[] | null;
  asOf: { start: string; end: string } | null;
  /** Most entities in the answer, the centre included. */
  limit: number;
  /** How much of each entity in the answer the caller shows: only whole entities are remembered for the rest of the request. */
  nodeDetail: EntityDetail;
}

export interface PathsRequest {
  from: string;
  to: string;
  maxHops: number;
  types: readonly RelationType[] | null;
  first: number;
  /** Relations the search may read before it stops and says so (PATH_SEARCH_RELATIONS). */
  searchRelations: number;
}

export interface TimelineRequest {
  entityId: string | null;
  range: { start: string | null; end: string | null };
  first: number;
  /** Sort key of the item after which to start. */
  after: string | null;
}
