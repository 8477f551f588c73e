/**
 * Creations recorded in bulk: the changes that create what an article brings new (the entities and
 * relations that hold their claim on themselves, claim-queries.ts) are one Creations node per
 * write, not one Change node each. It carries what the changes share (time, actor, reason,
 * documents, restriction) and, in aligned lists, each one's subject, fields and quotes; each
 * subject names it in `createdIn`. Readers unfold it into one change per subject (read-queries.ts:
 * HISTORY_PAGES, CHANGES_PAGE), whose id is the record's followed by the subject's: the same
 * change, one id, wherever it is read. A bulk import of new material creates most of what it
 * writes, and a Change node for each (ten properties, three index entries) was a third of its
 * work. A subject that is deleted (a relation a merge moves) takes its creation out as a Change
 * node first, so that its history stays under its id.
 */
import { randomUUID } from 'node:crypto';
import { relationKeysOf, subjectTypeOf } from '../domain/model.js';
import { cypher, type Transaction } from './database.js';
import type { ChangeRecord } from './records.js';
import type { ReadSession } from './read-session.js';
import { callRelationByKey } from './relation-match.js';
import { restrictedChangeFlag } from './restriction.js';

/** The property a subject names its creation's record with. */
export const CREATED_IN = 'createdIn';

/** A new record's id: in the change ids' form, so that ordering by id keeps a record's changes together. */
export const newCreationRecordId = () => `change/${randomUUID()}`;

/** A change that creates a subject, as history-store.ts makes it (NewChange). */
export type Creation = Pick<ChangeRecord, 'subjectId' | 'actor' | 'reason' | 'documentIds' | 'fields' | 'quotesAdded'> & { restricted: boolean };

const RECORD_CREATIONS = cypher(
  'recordCreations',
  `CREATE (:Creations {
     id: $id, at: datetime.transaction(), actorId: $actorId, actorKind: $actorKind, reason: $reason,
     documentIds: $documentIds, subjectIds: $subjectIds, fields: $fields, quotesAdded: $quotesAdded,
     // How many it holds, for the total of the feed without reading the lists.
     subjectCount: size($subjectIds),
     restricted: ${restrictedChangeFlag('$restricted', '$documentIds')} })`,
  { stablePlan: true },
);

/**
 * Writes the changes that create the subjects naming `recordId` as one record. They share the
 * write's actor, reason and document (an article's creations cite it alone), so those are kept once.
 */
export async function recordCreations(tx: Transaction, recordId: string, changes: readonly Creation[], { restrictedDocuments }: { restrictedDocuments: boolean }): Promise<void> {
  if (changes.length === 0) return;
  const sorted = [...changes].sort((a, b) => (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0));
  const [first] = sorted;
  await tx.run(RECORD_CREATIONS, {
    id: recordId,
    actorId: first!.actor.id,
    actorKind: first!.actor.kind,
    reason: first!.reason,
    documentIds: [...new Set(sorted.flatMap((c) => c.documentIds))].sort(),
    subjectIds: sorted.map((c) => c.subjectId),
    // Neo4j properties hold no maps: the details travel as JSON text, as a Change's do.
    fields: sorted.map((c) => JSON.stringify(c.fields)),
    quotesAdded: sorted.map((c) => JSON.stringify(c.quotesAdded)),
    restricted: sorted.some((c) => c.restricted),
    restrictedDocuments,
  });
}

/** Whether two creations can share one record: by one actor, for one reason, citing the same documents, alike restricted. */
export function sharesRecord(change: Creation, other: Creation): boolean {
  return change.actor.id === other.actor.id && change.actor.kind === other.actor.kind &&
    change.reason === other.reason && change.restricted === other.restricted && change.documentIds.join('\u0000') === other.documentIds.join('\u0000');
}

/** The record each of these subjects names, for those that name one (entities, merged ones included, and relations). */
const RECORDS_OF_SUBJECTS = cypher(
  'creationRecordsOfSubjects',
  `CALL () {
     UNWIND $entityIds AS id
     MATCH (x:Entity {id: id}) USING INDEX SEEK x:Entity(id)
     RETURN id, x.${CREATED_IN} AS recordId
     UNION ALL
     UNWIND $entityIds AS id
     MATCH (x:MergedEntity {id: id}) USING INDEX SEEK x:MergedEntity(id)
     RETURN id, x.${CREATED_IN} AS recordId
     UNION ALL
     UNWIND $relationKeys AS key
     ${callRelationByKey('key')}
     RETURN key.id AS id, r.${CREATED_IN} AS recordId
   }
   WITH id, recordId WHERE recordId IS NOT NULL
   RETURN id, recordId`,
  { stablePlan: true },
);

/** Subject id → the id of the record its creation may be in (the record is asked whether it holds it). */
export async function creationRecordsOf(reader: ReadSession, subjectIds: readonly string[]): Promise<Map<string, string>> {
  const entityIds = subjectIds.filter((id) => subjectTypeOf(id) === 'ENTITY');
  const relationKeys = relationKeysOf(subjectIds);
  if (entityIds.length === 0 && relationKeys.length === 0) return new Map();
  const rows = await reader.read(RECORDS_OF_SUBJECTS, { entityIds, relationKeys });
  return new Map(rows.map((row) => [row.id as string, row.recordId as string]));
}

/**
 * The records holding these relations' creations, each with the relations it holds of them, locked:
 * two writes taking creations out of one record take turns, the second reading what the first left.
 */
const LOCK_RECORDS = cypher(
  'lockCreationRecords',
  `UNWIND $relationKeys AS key
   ${callRelationByKey('key')}
   WITH key.id AS subjectId, r.${CREATED_IN} AS recordId WHERE recordId IS NOT NULL
   MATCH (record:Creations {id: recordId})
   SET record.writingOut = true
   RETURN recordId, collect(subjectId) AS gone`,
);

/**
 * The creations of relations about to be deleted, taken out of their records (locked by
 * LOCK_RECORDS, in a statement before this one) as Change nodes with the ids they had there; a
 * record left empty goes.
 */
const WRITE_OUT_CREATIONS = cypher(
  'writeOutCreations',
  `UNWIND $records AS row
   MATCH (record:Creations {id: row.recordId})
   REMOVE record.writingOut
   WITH record, [i IN range(0, size(record.subjectIds) - 1) WHERE record.subjectIds[i] IN row.gone] AS out,
               [i IN range(0, size(record.subjectIds) - 1) WHERE NOT record.subjectIds[i] IN row.gone] AS kept
   CALL (record, out) {
     UNWIND out AS i
     MERGE (c:Change {id: record.id + '/' + record.subjectIds[i]})
     ON CREATE SET c.at = record.at, c.action = 'CREATED', c.subjectType = 'RELATION', c.subjectId = record.subjectIds[i],
                   c.actorId = record.actorId, c.actorKind = record.actorKind, c.reason = record.reason, c.documentIds = record.documentIds,
                   c.fields = record.fields[i], c.quotesAdded = record.quotesAdded[i], c.restricted = record.restricted
   }
   WITH record, [i IN kept | record.subjectIds[i]] AS subjectIds, [i IN kept | record.fields[i]] AS fields, [i IN kept | record.quotesAdded[i]] AS quotesAdded
   SET record.subjectIds = subjectIds, record.fields = fields, record.quotesAdded = quotesAdded, record.subjectCount = size(subjectIds)
   WITH record, subjectIds WHERE size(subjectIds) = 0
   DELETE record`,
);

/** Takes the creations of these relations out of their records before they are deleted (see WRITE_OUT_CREATIONS). */
export async function writeOutRelationCreations(tx: Transaction, relationIds: readonly string[]): Promise<void> {
  const relationKeys = relationKeysOf(relationIds);
  if (relationKeys.length === 0) return;
  const records = await tx.run(LOCK_RECORDS, { relationKeys });
  if (records.length > 0) await tx.run(WRITE_OUT_CREATIONS, { records });
}
