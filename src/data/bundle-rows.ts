/**
 * The rows a bundle's write takes (data/bundle-store.ts): one document with the entities,
 * relations, statements and quotes it supports, already checked (ingest/prepare-bundle.ts builds
 * them). They are the data layer's, so that its writers depend on nothing above them.
 */
import type { EntityKind, RelationType } from '../generated/graphql.js';

/**
 * How a bundle relates to its document. An ARTICLE bundle says everything the document supports:
 * it may create or correct the document, and quotes of that document it no longer carries are
 * removed. An ADDITION (a curator's new entity, relation or statement) cites a document already in
 * the graph and adds to what it supports, removing nothing.
 */
export type BundleMode = 'ARTICLE' | 'ADDITION';

export interface EntityRow {
  id: string;
  /** True when the bundle named the entity by an id since merged into this one: its name becomes an alias. */
  keepName: boolean;
  kind: EntityKind;
  name: string;
  aliases: string[];
  searchSpellings: string[];
  unidentified: boolean;
  /**
   * The properties that store the fields the sources give (domain/entity-fields.ts'
   * STORED_PROPERTIES), each null where the bundle does not say: "keep what the graph has".
   */
  fields: Record<string, unknown>;
}

export interface RelationRow {
  id: string;
  type: RelationType;
  from: string;
  to: string;
  role: string | null;
  validFrom: string | null;
  validFromStart: string | null;
  validFromEnd: string | null;
  validTo: string | null;
  validToStart: string | null;
  validToEnd: string | null;
  current: boolean | null;
  statementId: string | null;
}

export interface StatementRow {
  id: string;
  speaker: string;
  about: string[];
  summary: string;
  madeOn: string | null;
  madeOnStart: string | null;
  madeOnEnd: string | null;
  madeAt: string | null;
  concerns: string | null;
  concernsStart: string | null;
  concernsEnd: string | null;
  supersedes: string | null;
}

export interface EvidenceRow {
  id: string;
  subjectId: string;
  quote: string;
  ordinal: number;
}

export interface DocumentRow {
  id: string;
  title: string | null;
  publisher: string;
  publisherEntity: string | null;
  publishedOn: string | null;
  url: string | null;
  text: string;
  restricted: boolean;
  /** The bundle's fingerprint (ingest/prepare-bundle.ts): an import skips a bundle whose document has it. */
  fingerprint: string;
}

/** What a bundle writes, ready for the data layer, plus what must already exist in the graph. */
export interface PreparedBundle {
  document: DocumentRow;
  entities: EntityRow[];
  relations: RelationRow[];
  statements: StatementRow[];
  evidence: EvidenceRow[];
  /** Entity ids the bundle refers to without defining them, with the kinds each must have (empty: any). */
  externalEntities: Array<{ id: string; kinds: EntityKind[] }>;
  /** Statement ids that revisions in the bundle point at without defining them. */
  externalStatements: string[];
}
