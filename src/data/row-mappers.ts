/**
 * The records (data/records.ts) built from the rows the read queries return (data/read-queries.ts
 * projects them): the one place that knows both shapes.
 */
import type { EntityKind, RelationType } from '../generated/graphql.js';
import { entityFieldValues } from '../domain/entity-fields.js';
import { subjectTypeOf } from '../domain/model.js';
import { changeCursor } from '../domain/cursor.js';
import type { ActorRecord, ChangeEdgeRecord, ChangeRecord, DocumentRecord, EntityRecord, RelationRecord, RetractionRecord, StatementRecord } from './records.js';

export type Row = Record<string, unknown>;

export function toEntityRecord(row: Row): EntityRecord {
  const kind = row.kind as EntityKind;
  return {
    id: row.id as string,
    kind,
    name: row.name as string,
    aliases: (row.aliases as string[] | null) ?? [],
    unidentified: row.unidentified === true,
    ...entityFieldValues(kind, row),
  };
}

export function toRelationRecord(row: Row, viewpointId: string | null): RelationRecord {
  return {
    id: row.id as string,
    type: row.type as RelationType,
    role: (row.role as string | null) ?? null,
    fromId: row.fromId as string,
    toId: row.toId as string,
    validFrom: (row.validFrom as string | null) ?? null,
    validTo: (row.validTo as string | null) ?? null,
    current: (row.current as boolean | null) ?? null,
    heldSince: (row.heldSince as string | null) ?? null,
    heldUntil: (row.heldUntil as string | null) ?? null,
    statementId: (row.statementId as string | null) ?? null,
    viewpointId,
    retraction: toRetractionRecord(row.retraction),
  };
}

/** A retraction as the read queries project it (see read-queries.ts), or null. */
export function toRetractionRecord(raw: unknown): RetractionRecord | null {
  if (raw === null || raw === undefined) return null;
  const row = raw as Row;
  return { at: row.at as string, actor: { id: row.actorId as string, kind: row.actorKind as ActorRecord['kind'] }, reason: row.reason as string };
}

export function toStatementRecord(row: Row): StatementRecord {
  return {
    id: row.id as string,
    speakerId: row.speakerId as string,
    aboutIds: (row.aboutIds as string[]) ?? [],
    summary: row.summary as string,
    madeOn: (row.madeOn as string | null) ?? null,
    madeAtId: (row.madeAtId as string | null) ?? null,
    concerns: (row.concerns as string | null) ?? null,
    supersedesId: (row.supersedesId as string | null) ?? null,
    supersededById: (row.supersededById as string | null) ?? null,
    retraction: toRetractionRecord(row.retraction),
  };
}

export function toChangeRecord(row: Row): ChangeRecord {
  const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : []);
  return {
    id: row.id as string,
    at: row.at as string,
    action: row.action as ChangeRecord['action'],
    // A creation read from a record has none of its own: it follows from the id.
    subjectType: (row.subjectType as ChangeRecord['subjectType'] | null) ?? subjectTypeOf(row.subjectId as string),
    subjectId: row.subjectId as string,
    actor: { id: row.actorId as string, kind: row.actorKind as ActorRecord['kind'] },
    reason: (row.reason as string | null) ?? null,
    documentIds: (row.documentIds as string[] | null) ?? [],
    fields: json(row.fields),
    quotesAdded: json(row.quotesAdded),
    quotesRemoved: json(row.quotesRemoved),
  };
}

/**
 * An edge of a page whose cursor is encoded only when read: most clients ask a page for its nodes
 * alone, and encoding a cursor for each of them was a measurable part of answering a list.
 */
export function edgeOf<Node>(node: Node, encodeCursor: () => string): { node: Node; readonly cursor: string } {
  return {
    node,
    get cursor() {
      return encodeCursor();
    },
  };
}

export function toChangeEdge(change: ChangeRecord): ChangeEdgeRecord {
  return { cursor: changeCursor.encode(change.at, change.id), node: change };
}

export function toDocumentRecord(row: Row): DocumentRecord {
  return {
    id: row.id as string,
    title: (row.title as string | null) ?? null,
    publisher: row.publisher as string,
    publisherEntityId: (row.publisherEntityId as string | null) ?? null,
    publishedOn: (row.publishedOn as string | null) ?? null,
    url: (row.url as string | null) ?? null,
    text: row.text as string,
    restricted: row.restricted === true,
  };
}
