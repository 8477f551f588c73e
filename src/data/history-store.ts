/**
 * History: who changed what, when, and from which document. Every write snapshots the subjects it
 * touches before and after, inside its own transaction, and records one Change per subject that
 * actually changed. A write that changes nothing (the same bundle twice, a retry after a commit
 * whose answer was lost) therefore records nothing, and history never disagrees with the graph.
 */
import { randomUUID } from 'node:crypto';
import type { ChangeAction, ChangeSubjectType } from '../generated/graphql.js';
import { groupBy, relationKeysOf, subjectTypeOf } from '../domain/model.js';
import { ENTITY_FIELD_NAMES } from '../domain/entity-fields.js';
import { cypher, type Transaction } from './database.js';
import { callRelationByKey } from './relation-match.js';
import { refreshRestriction, restrictedChangeFlag } from './restriction.js';
import { writeOutOnlyClaims } from './claim-store.js';
import { recordCreations, sharesRecord } from './creation-records.js';
import type { ActorRecord, ChangeRecord, EvidenceRecord, FieldChangeRecord } from './records.js';

/** What a write knows about itself, to be written into the changes it makes. */
export interface ChangeContext {
  actor: ActorRecord;
  /** The document the write comes from (an ingested article), if any. */
  documentId?: string | null;
  reason?: string | null;
}

/** A change about to be recorded: its id and time are given when it is written. */
export type NewChange = Omit<ChangeRecord, 'id' | 'at'> & {
  /** Whether the change concerns restricted material (read queries filter on it). */
  restricted: boolean;
};

/** The state of one subject as history compares it: its fields and its quotes. */
export interface SubjectSnapshot {
  id: string;
  type: ChangeSubjectType;
  fields: Record<string, unknown>;
  evidence: EvidenceRecord[];
  /** Whether only restricted documents support the subject (not a field of history: it follows from the quotes). */
  restricted: boolean;
}

/**
 * Snapshots of entities, statements and relations (of any type) in one statement, so that a
 * write's history costs two statements (before and after) whatever it touches.
 */
const SUBJECT_SNAPSHOTS = cypher(
  'subjectSnapshots',
  `CALL () {
     UNWIND $entityIds AS id
     MATCH (e:Entity {id: id}) USING INDEX SEEK e:Entity(id)
     RETURN id, 'ENTITY' AS type,
            e { .kind, .name, .aliases, .unidentified, ${ENTITY_FIELD_NAMES.map((name) => `.${name}`).join(', ')} } AS fields,
            coalesce(e.restricted, false) AS restricted
     UNION ALL
     UNWIND $statementIds AS id
     MATCH (s:Statement {id: id}) USING INDEX SEEK s:Statement(id)
     RETURN id, 'STATEMENT' AS type,
            s { .summary, .madeOn, .concerns, retracted: s.retractionReason,
                speaker: head([(p:Entity)-[:MADE]->(s) | p.id]),
                about: COLLECT { MATCH (s)-[:ABOUT]->(a:Entity) RETURN a.id ORDER BY a.id },
                madeAt: head([(s)-[:MADE_AT]->(ev:Entity) | ev.id]),
                supersedes: head([(s)-[:SUPERSEDES]->(x:Statement) | x.id]) } AS fields,
            coalesce(s.restricted, false) AS restricted
     UNION ALL
     UNWIND $relationKeys AS key
     ${callRelationByKey('key')}
     RETURN key.id AS id, 'RELATION' AS type,
            { type: type(r), from: a.id, to: b.id, role: r.role, validFrom: r.validFrom, validTo: r.validTo,
              current: r.current, retracted: r.retractionReason } AS fields,
            coalesce(r.restricted, false) AS restricted
   }
   RETURN id, type, fields, restricted,
          COLLECT {
            MATCH (ev:Evidence {subjectId: id})-[:FROM]->(d:Document) USING INDEX SEEK ev:Evidence(subjectId)
            RETURN {quote: ev.quote, documentId: d.id} AS q ORDER BY d.id, q.quote
          } AS evidence`,
  { stablePlan: true },
);

/** Snapshots of the subjects with these ids that exist. */
export async function snapshotSubjects(tx: Transaction, ids: Iterable<string>): Promise<Map<string, SubjectSnapshot>> {
  const byType = groupBy(new Set(ids), subjectTypeOf);
  const snapshots = new Map<string, SubjectSnapshot>();
  if (byType.size === 0) return snapshots;
  const rows = await tx.run(SUBJECT_SNAPSHOTS, {
    entityIds: byType.get('ENTITY') ?? [],
    statementIds: byType.get('STATEMENT') ?? [],
    relationKeys: relationKeysOf(byType.get('RELATION') ?? []),
  });
  for (const row of rows) {
    const id = row.id as string;
    snapshots.set(id, {
      id,
      type: row.type as ChangeSubjectType,
      fields: row.fields as Record<string, unknown>,
      evidence: row.evidence as EvidenceRecord[],
      restricted: row.restricted === true,
    });
  }
  return snapshots;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const quoteKey = (e: EvidenceRecord) => `${e.documentId}\u0000${e.quote}`;

/** The change between two snapshots of a subject, or null when nothing changed. Pure, for unit tests. */
export function diffSnapshots(before: SubjectSnapshot | undefined, after: SubjectSnapshot | undefined): Omit<NewChange, 'actor' | 'reason'> | null {
  const subject = after ?? before;
  if (!subject) return null;
  const fieldNames = [...new Set([...Object.keys(before?.fields ?? {}), ...Object.keys(after?.fields ?? {})])].sort();
  const fields: FieldChangeRecord[] = fieldNames
    .filter((field) => !sameValue(before?.fields[field], after?.fields[field]))
    .filter((field) => before !== undefined || (after!.fields[field] ?? null) !== null)
    .map((field) => ({ field, before: before?.fields[field] ?? null, after: after?.fields[field] ?? null }));
  const beforeQuotes = new Set((before?.evidence ?? []).map(quoteKey));
  const afterQuotes = new Set((after?.evidence ?? []).map(quoteKey));
  const quotesAdded = (after?.evidence ?? []).filter((e) => !beforeQuotes.has(quoteKey(e)));
  const quotesRemoved = (before?.evidence ?? []).filter((e) => !afterQuotes.has(quoteKey(e)));
  if (before && after && fields.length === 0 && quotesAdded.length === 0 && quotesRemoved.length === 0) return null;

  const retraction = fields.find((f) => f.field === 'retracted');
  const action = !before
    ? 'CREATED'
    : !after
      ? 'REMOVED'
      : retraction && retraction.before === null
        ? 'RETRACTED'
        : retraction && retraction.after === null
          ? 'REINSTATED'
          : 'UPDATED';
  const documentIds = [...new Set([...quotesAdded, ...quotesRemoved].map((e) => e.documentId))].sort();
  // Restricted before or after: either way its values would show what a restricted source said.
  const restricted = (before?.restricted ?? false) || (after?.restricted ?? false);
  return { action, subjectType: subject.type, subjectId: subject.id, documentIds, fields, quotesAdded, quotesRemoved, restricted };
}

/**
 * The changes between two sets of snapshots, attributed to the write's actor, document and reason.
 * A merge or its undo gives its own `action` for every change, and `extraFields` to add to some
 * (e.g. the survivor's "absorbed"); a subject with extra fields is recorded even if its snapshot
 * did not change.
 */
export function changesBetween(
  before: Map<string, SubjectSnapshot>,
  after: Map<string, SubjectSnapshot>,
  context: ChangeContext,
  { action, extraFields = {} }: { action?: ChangeAction; extraFields?: Record<string, FieldChangeRecord[]> } = {},
): NewChange[] {
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: NewChange[] = [];
  for (const id of ids) {
    const extra = extraFields[id] ?? [];
    const diff = diffSnapshots(before.get(id), after.get(id));
    if (!diff && extra.length === 0) continue;
    const subject = (after.get(id) ?? before.get(id))!;
    const base = diff ?? { action: 'UPDATED' as const, subjectType: subject.type, subjectId: id, documentIds: [], fields: [], quotesAdded: [], quotesRemoved: [], restricted: subject.restricted };
    const documentIds = context.documentId ? [...new Set([context.documentId, ...base.documentIds])].sort() : base.documentIds;
    const retraction = base.fields.find((f) => f.field === 'retracted');
    const reason = context.reason ?? (retraction && typeof retraction.after === 'string' ? retraction.after : null);
    changes.push({ ...base, action: action ?? base.action, fields: [...extra, ...base.fields], documentIds, actor: context.actor, reason });
  }
  return changes;
}

/** A change written by hand, for what a snapshot diff cannot say (an id that moved, a merge). */
export function explicitChange(
  change: Pick<NewChange, 'action' | 'subjectId' | 'subjectType' | 'fields' | 'restricted'>,
  context: ChangeContext,
): NewChange {
  return { ...change, actor: context.actor, reason: context.reason ?? null, documentIds: [], quotesAdded: [], quotesRemoved: [] };
}

const nonEmpty = <T>(list: readonly T[]) => (list.length > 0 ? list : null);

const RECORD_CHANGES = cypher(
  'recordChanges',
  `UNWIND $changes AS c
   CREATE (:Change {
     id: c.id, at: datetime.transaction(), action: c.action, subjectType: c.subjectType, subjectId: c.subjectId,
     actorId: c.actorId, actorKind: c.actorKind, reason: c.reason, documentIds: c.documentIds,
     fields: c.fields, quotesAdded: c.quotesAdded, quotesRemoved: c.quotesRemoved,
     // A change that cites a restricted document, or is about a subject only they support, is restricted too.
     restricted: ${restrictedChangeFlag('c.restricted', 'c.documentIds')} })`,
  { stablePlan: true },
);

/**
 * Writes changes into the transaction (they commit, or roll back, with the write they describe).
 * `restrictedDocuments`: whether the graph may hold a restricted document (see refreshRestriction);
 * when the caller knows it holds none, the documents the changes cite are not looked up.
 */
export async function recordChanges(tx: Transaction, changes: readonly NewChange[], { restrictedDocuments = true }: { restrictedDocuments?: boolean } = {}): Promise<void> {
  if (changes.length === 0) return;
  await tx.run(RECORD_CHANGES, {
    restrictedDocuments,
    changes: changes.map((c) => ({
      id: `change/${randomUUID()}`,
      action: c.action,
      subjectType: c.subjectType,
      subjectId: c.subjectId,
      actorId: c.actor.id,
      actorKind: c.actor.kind,
      reason: c.reason,
      // What is empty is left out (a null sets no property): most changes of a bulk import create,
      // removing nothing, and every property is a record written.
      documentIds: nonEmpty(c.documentIds),
      // Neo4j properties hold no maps: the details travel as JSON text.
      fields: nonEmpty(c.fields) && JSON.stringify(c.fields),
      quotesAdded: nonEmpty(c.quotesAdded) && JSON.stringify(c.quotesAdded),
      quotesRemoved: nonEmpty(c.quotesRemoved) && JSON.stringify(c.quotesRemoved),
      restricted: c.restricted,
    })),
  });
}

/**
 * Runs a write between two snapshots of the subjects it touches, refreshes their restriction
 * flags (see refreshRestriction for `restrictedDocuments`), and records what changed.
 * `subjects` may grow while the write runs (e.g. subjects found to lose quotes); they are
 * snapshotted before the write starts, so list them up front. `created` gives the snapshots of
 * subjects the write creates, if the caller knows them, so that they need not be read back;
 * `absentBefore`, subjects the caller knows were not in the graph before it (not read before);
 * `ownClaimsHandled`, subjects whose held claims (if any) the caller has read and written out or keeps;
 * `creations`, subjects the write creates naming `recordId` (creation-records.ts), whose creations
 * are recorded there (all alike: one that is not, a Change node).
 */
export async function withHistory<T>(
  tx: Transaction,
  subjectIds: Iterable<string>,
  context: ChangeContext,
  write: () => Promise<T>,
  {
    restrictedDocuments,
    created,
    absentBefore,
    ownClaimsHandled,
    creations,
  }: {
    restrictedDocuments?: boolean;
    created?: ReadonlyMap<string, SubjectSnapshot>;
    absentBefore?: ReadonlySet<string>;
    ownClaimsHandled?: ReadonlySet<string>;
    creations?: { recordId: string; subjectIds: ReadonlySet<string> };
  } = {},
): Promise<{ result: T; before: Map<string, SubjectSnapshot>; after: Map<string, SubjectSnapshot> }> {
  const ids = [...new Set(subjectIds)];
  const known = absentBefore ? ids.filter((id) => !absentBefore.has(id)) : ids;
  // What the write may change, and the rule, must find every claim of these subjects as a node
  // (but those whose held claims the caller has written out or keeps: `ownClaimsHandled`).
  await writeOutOnlyClaims(tx, ownClaimsHandled ? known.filter((id) => !ownClaimsHandled.has(id)) : known);
  const before = await snapshotSubjects(tx, known);
  const result = await write();
  await refreshRestriction(tx, ids, restrictedDocuments);
  // A subject the write created is as `created` says, when the caller knows (created-snapshots.ts); the rest are read.
  const isCreated = (id: string) => !before.has(id) && created?.has(id) === true;
  const after = await snapshotSubjects(tx, ids.filter((id) => !isCreated(id)));
  for (const id of ids) if (isCreated(id)) after.set(id, created!.get(id)!);
  const changes = changesBetween(before, after, context);
  const candidates = changes.filter((change) => change.action === 'CREATED' && creations?.subjectIds.has(change.subjectId) === true);
  const inRecord = new Set(candidates.filter((change) => sharesRecord(change, candidates[0]!)));
  await recordChanges(tx, changes.filter((change) => !inRecord.has(change)), { restrictedDocuments: restrictedDocuments ?? true });
  if (creations) await recordCreations(tx, creations.recordId, [...inRecord], { restrictedDocuments: restrictedDocuments ?? true });
  return { result, before, after };
}
