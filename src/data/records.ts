/**
 * The plain records the data layer returns and the resolvers receive (codegen mappers).
 * They hold ids of related records, not the records themselves: relation fields have resolvers
 * that load what they point at, batched per request.
 */
import type { ActorKind, ChangeAction, ChangeSubjectType, EntityKind, RelationType } from '../generated/graphql.js';
import type { EntityFieldValues } from '../domain/entity-fields.js';

/**
 * An entity: its names, and the value of every field its sources give (domain/entity-fields.ts),
 * null where its kind does not have the field.
 */
export interface EntityRecord extends EntityFieldValues {
  id: string;
  kind: EntityKind;
  name: string;
  aliases: string[];
  unidentified: boolean;
}

export interface RelationRecord {
  id: string;
  type: RelationType;
  role: string | null;
  fromId: string;
  toId: string;
  validFrom: string | null;
  validTo: string | null;
  current: boolean | null;
  /** The first and last days on which dated sources called it current (domain/claims.ts), or null. */
  heldSince: string | null;
  heldUntil: string | null;
  /** For STATED_ABOUT relations, the statement they stand for. */
  statementId: string | null;
  /** The entity the relation was reached from, which decides `other`; null when reached directly. */
  viewpointId: string | null;
  /**
   * The entity at the other end from the viewpoint, when it was read along with the relation: the
   * resolvers of `from`, `to` and `other` then need no loader. It may hold only the entity's names
   * (EntityDetail), what the caller asked for, so it is never lent to any other field.
   */
  otherEntity?: EntityRecord;
  /** Set when the relation has been retracted: hidden from default answers, kept for history. */
  retraction: RetractionRecord | null;
}

/** Who did something: an API key, a JWT subject, an operator at the command line, or the system itself. */
export interface ActorRecord {
  id: string;
  kind: ActorKind;
}

export interface RetractionRecord {
  /** RFC 3339 timestamp. */
  at: string;
  actor: ActorRecord;
  reason: string;
}


export interface FieldChangeRecord {
  field: string;
  before: unknown;
  after: unknown;
}

/** One recorded change of one subject. */
export interface ChangeRecord {
  id: string;
  /** RFC 3339 timestamp of the transaction that made the change. */
  at: string;
  action: ChangeAction;
  subjectType: ChangeSubjectType;
  subjectId: string;
  actor: ActorRecord;
  reason: string | null;
  documentIds: string[];
  fields: FieldChangeRecord[];
  quotesAdded: EvidenceRecord[];
  quotesRemoved: EvidenceRecord[];
}

export interface ChangeEdgeRecord {
  cursor: string;
  node: ChangeRecord;
}

export interface ChangeConnectionRecord {
  edges: ChangeEdgeRecord[];
  hasNextPage: boolean;
  totalCount: number;
}

export interface RelationEdgeRecord {
  cursor: string;
  node: RelationRecord;
}

export interface RelationConnectionRecord {
  edges: RelationEdgeRecord[];
  hasNextPage: boolean;
  totalCount: number;
}

export interface EvidenceRecord {
  quote: string;
  documentId: string;
}

export interface DocumentRecord {
  id: string;
  title: string | null;
  publisher: string;
  publisherEntityId: string | null;
  publishedOn: string | null;
  url: string | null;
  text: string;
  /** A confidential source, shown only to callers cleared for it. */
  restricted: boolean;
}

/** A document that supports facts about an entity, and how many (Entity.sources). */
export interface EntitySourceRecord {
  documentId: string;
  /** The entity itself, its relations and statements by or about it that the document's quotes support. */
  facts: number;
  quotes: number;
}

/** What one document says of an entity or a relation (domain/claims.ts). */
export interface ClaimRecord {
  id: string;
  documentId: string;
  /** An editor's addition citing the document, rather than the document itself. */
  curated: boolean;
  /** Made from the graph as it stood before claims were kept per source: the values may be another source's. */
  inherited: boolean;
  /** The claim's properties as stored: the fields it gives, null or absent where it says nothing. */
  values: Record<string, unknown>;
}

/** A pair of entities that may be one (duplicate-store.ts); leftId sorts before rightId. */
export interface DuplicateCandidateRecord {
  id: string;
  leftId: string;
  rightId: string;
  kind: string;
  score: number;
  status: 'OPEN' | 'DISTINCT';
  /** The document whose ingestion proposed the pair; null for one marked before any proposed it. */
  documentId: string | null;
  foundAt: string | null;
  decidedAt: string | null;
  decidedById: string | null;
  decidedByKind: ActorKind | null;
  reason: string | null;
}

export interface DuplicateCandidateEdgeRecord {
  cursor: string;
  node: DuplicateCandidateRecord;
}

export interface DuplicateCandidateConnectionRecord {
  edges: DuplicateCandidateEdgeRecord[];
  hasNextPage: boolean;
  totalCount: number;
}

export interface StatementRecord {
  id: string;
  speakerId: string;
  aboutIds: string[];
  summary: string;
  madeOn: string | null;
  madeAtId: string | null;
  concerns: string | null;
  supersedesId: string | null;
  supersededById: string | null;
  retraction: RetractionRecord | null;
}

export interface SearchHitRecord {
  entity: EntityRecord;
  score: number;
}

export interface EntityEdgeRecord {
  cursor: string;
  node: EntityRecord;
}

export interface EntityConnectionRecord {
  edges: EntityEdgeRecord[];
  hasNextPage: boolean;
  totalCount: number;
}

export interface OmissionRecord {
  entityId: string;
  count: number;
}

export interface SubgraphRecord {
  /** The entities in the answer, the centre first, as much of each as the caller shows (NeighborhoodRequest.nodeDetail). */
  nodes: EntityRecord[];
  edges: RelationRecord[];
  truncated: boolean;
  omitted: OmissionRecord[];
}

export interface PathStepRecord {
  fromId: string;
  toId: string;
  relation: RelationRecord;
}

export interface PathRecord {
  steps: PathStepRecord[];
}

/** A timeline item: what kind, when, and the id of the statement, relation or event. */
export interface TimelineItemRecord {
  kind: 'EVENT' | 'STATEMENT' | 'CLAIM_ABOUT_PERIOD' | 'RELATION_START' | 'RELATION_END';
  date: string | null;
  subjectId: string;
  cursor: string;
}

export interface IngestResultRecord {
  documentId: string;
  entitiesCreated: number;
  entitiesMatched: number;
  relationsCreated: number;
  relationsMatched: number;
  statementsCreated: number;
  statementsMatched: number;
  quotes: number;
  duplicateCandidates: DuplicateCandidateRecord[];
}
