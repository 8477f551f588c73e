/**
 * The part of the request's GraphReader that its list and analysis methods (entity-lists.ts,
 * graph-analysis.ts) work through, so that they live in files of their own without reaching into
 * the reader's internals.
 */
import type { NamedQuery } from './database.js';
import type { EntityDetail, RelationPageRequest } from './read-requests.js';
import type { EntityRecord, EvidenceRecord, RelationConnectionRecord, RelationRecord } from './records.js';
import type { Row } from './row-mappers.js';

/**
 * What the reader's list and analysis methods may use of it: its round trips and its caches, and
 * nothing else. An entity is remembered only when read whole (EntityDetail 'all'): one read with
 * its names alone must not answer for it elsewhere in the request, so the entity primes ignore it.
 */
export interface ReadSession {
  /** One round trip; `timeoutMs`, when given, replaces the read timeout for it (a search with a time budget over several reads). */
  read(query: NamedQuery, params?: Record<string, unknown>, options?: { timeoutMs?: number }): Promise<Row[]>;
  /** Remembers the entity a relation row carries at its other end (see relation-queries' relationWithOther). */
  primeOtherEntity(row: Row, detail: EntityDetail): void;
  primeRelation(relation: RelationRecord): void;
  primeEntity(entity: EntityRecord, detail: EntityDetail): void;
  /** Remembers an entity (or its absence) under an id that names it, such as one merged into it. */
  primeEntityAs(id: string, entity: EntityRecord | null, detail: EntityDetail): void;
  /** Remembers a page of relations read ahead of the `relations` field that will ask for it. */
  primeRelationPage(request: RelationPageRequest, page: RelationConnectionRecord): void;
  primeEvidence(subjectId: string, evidence: EvidenceRecord[]): void;
}
