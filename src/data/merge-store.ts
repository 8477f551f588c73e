/**
 * Merging two entities that turn out to be one, and undoing it. A merge moves everything the
 * merged entity has (relations, their quotes, its own quotes, statement and publisher links, its
 * names) onto the survivor, leaves the merged node behind as a MergedEntity pointing at the
 * survivor (so its id keeps resolving), and keeps a Merge record with what it moved and what it
 * created, which is what an undo puts back (merge-undo.ts). Each runs in one write transaction;
 * the plan is worked out without the database (merge-plan.ts).
 */
import type { EntityKind } from '../generated/graphql.js';
import { moveClaims, settleSubjects, writeOutOnlyClaims } from './claim-store.js';
import { groupBy } from '../domain/model.js';
import { searchSpellings } from '../domain/names.js';
import { evidenceIdFor } from '../domain/quotes.js';
import { CurationError } from '../errors.js';
import { type Database, type Transaction } from './database.js';
import { recordChanges, snapshotSubjects } from './history-store.js';
import { writeOutRelationCreations } from './creation-records.js';
import {
  CREATE_EVIDENCE,
  CREATE_MERGE_RECORD,
  DELETE_EVIDENCE,
  ENTITY_PROPERTIES,
  ENTITY_STATE,
  EXISTING_EVIDENCE,
  EXISTING_LINKS,
  LINK_ENTITY,
  LOCK_MERGED,
  MERGED_ENTITY_SNAPSHOT,
  SET_ENTITY_PROPERTIES,
  UNLINK_ENTITY,
  createRelationsQuery,
  deleteRelationsQuery,
  existingRelationsQuery,
  retireQuery,
} from './merge-queries.js';
import { mergeChanges, namesAndFieldsLent, relocateRelations, type MergedSnapshot, type MergePlan } from './merge-plan.js';
import { refreshRestriction } from './restriction.js';
import type { ActorRecord } from './records.js';

export interface MergeRequest {
  survivorId: string;
  mergedId: string;
  reason: string;
  actor: ActorRecord;
  /** Whether the writer may see restricted material; for one who may not, it does not exist. */
  seesRestricted: boolean;
}

/**
 * Checks that both ids name live entities of one kind; returns the kind, or null when the merge has
 * already been made (a driver retry of a merge that committed, or the same request twice).
 */
async function checkMergeable(tx: Transaction, survivorId: string, mergedId: string, seesRestricted: boolean): Promise<EntityKind | null> {
  if (survivorId === mergedId) throw new CurationError('An entity cannot be merged into itself.', 'mergedId');
  const rows = await tx.run(ENTITY_STATE, { ids: [survivorId, mergedId], seesRestricted });
  const state = new Map(rows.map((r) => [r.id as string, r]));
  if (state.get(mergedId)!.survivorId === survivorId && state.get(survivorId)!.kind !== null) return null;
  for (const [argument, id] of [['survivorId', survivorId], ['mergedId', mergedId]] as const) {
    const row = state.get(id)!;
    if (row.kind === null && row.survivorId !== null) {
      throw new CurationError(`${id} was already merged into ${row.survivorId as string}; use that id, or undo that merge first.`, argument);
    }
    if (row.kind === null) throw new CurationError(`No entity has the id "${id}".`, argument, 'NOT_FOUND');
  }
  const [survivorKind, mergedKind] = [state.get(survivorId)!.kind, state.get(mergedId)!.kind];
  if (survivorKind !== mergedKind) {
    throw new CurationError(`${mergedId} is ${mergedKind as string} and ${survivorId} is ${survivorKind as string}: only entities of one kind can be one.`, 'mergedId');
  }
  return survivorKind as EntityKind;
}

/** Merges `mergedId` into `survivorId` in one write transaction; a merge made before is left as it is (idempotent). */
export async function mergeEntities(db: Database, request: MergeRequest): Promise<void> {
  const { survivorId, mergedId, actor, reason } = request;
  return db.write(async (tx) => {
    const kind = await checkMergeable(tx, survivorId, mergedId, request.seesRestricted);
    if (kind === null) return;
    await tx.run(LOCK_MERGED, { mergedId });
    const mergedSnapshot = async () => (await tx.run(MERGED_ENTITY_SNAPSHOT, { id: mergedId }))[0] as unknown as MergedSnapshot;
    let snapshot = await mergedSnapshot();
    // Claims the entities or relations involved hold on themselves become Claim nodes first: the
    // merge moves claims between them, and the record an undo restores from must not hold them.
    const involved = [mergedId, survivorId, ...snapshot.relations.map((r) => r.id), ...relocateRelations(snapshot.relations, survivorId).toCreate.map((r) => r.id)];
    const heldClaims = await writeOutOnlyClaims(tx, involved);
    if (heldClaims.length > 0) snapshot = await mergedSnapshot();
    const [survivor] = await tx.run(ENTITY_PROPERTIES, { id: survivorId });
    const survivorProps = survivor!.props as Record<string, unknown>;

    const { moved, toCreate } = relocateRelations(snapshot.relations, survivorId);
    const existingRelations = new Set<string>();
    for (const [type, rows] of groupBy(toCreate, (r) => r.type)) {
      for (const row of await tx.run(existingRelationsQuery(type), { ids: rows.map((r) => r.id) })) existingRelations.add(row.id as string);
    }
    const createdRelationIds = toCreate.map((r) => r.id).filter((id) => !existingRelations.has(id));

    const newSubject = (subjectId: string) => (subjectId === mergedId ? survivorId : moved[subjectId]);
    // A fact retracted on the merged side does not lend its quotes to the survivor's standing copy of it.
    const retracted = new Set(snapshot.relations.filter((r) => r.props.retractedAt !== null).map((r) => r.id));
    const evidenceRows = snapshot.evidence
      .filter((ev) => newSubject(ev.subjectId))
      .filter((ev) => !(retracted.has(ev.subjectId) && existingRelations.has(moved[ev.subjectId]!)))
      .map((ev) => {
        const subjectId = newSubject(ev.subjectId)!;
        return { ...ev, subjectId, id: evidenceIdFor(subjectId, ev.documentId, ev.quote) };
      });
    const existingEvidence = new Set((await tx.run(EXISTING_EVIDENCE, { ids: evidenceRows.map((e) => e.id) })).map((r) => r.id as string));
    const createdEvidenceIds = [...new Set(evidenceRows.map((e) => e.id).filter((id) => !existingEvidence.has(id)))];

    const [linksBefore] = await tx.run(EXISTING_LINKS, { survivorId });
    const minus = (list: string[], existing: unknown) => list.filter((id) => !(existing as string[]).includes(id));
    const createdLinks = {
      made: minus(snapshot.made, linksBefore!.made),
      about: minus(snapshot.about, linksBefore!.about),
      madeAt: minus(snapshot.madeAt, linksBefore!.madeAt),
      published: minus(snapshot.published, linksBefore!.published),
    };

    const survivorName = survivorProps.name as string;
    const survivorAliases = (survivorProps.aliases as string[] | null) ?? [];
    const { addedAliases, filledFields, addedCuratedFields } = namesAndFieldsLent(snapshot.props, survivorProps);
    const plan: MergePlan = { snapshot, moved, createdRelationIds, createdEvidenceIds, createdLinks, addedAliases, filledFields, addedCuratedFields, heldClaims };

    const historyIds = [survivorId, ...new Set(toCreate.map((r) => r.id))];
    const before = await snapshotSubjects(tx, historyIds);

    for (const [type, rows] of groupBy(toCreate, (r) => r.type)) await tx.run(createRelationsQuery(type), { rows });
    await tx.run(CREATE_EVIDENCE, { rows: evidenceRows });
    await tx.run(DELETE_EVIDENCE, { ids: snapshot.evidence.map((e) => e.id) });
    // What each source said of the merged entity and its relations now speaks of the survivor's.
    plan.claims = await moveClaims(tx, mergedId, [mergedId, ...snapshot.relations.map((r) => r.id)], (id) => newSubject(id) ?? undefined);
    // A relation's history stays under its id: its creation leaves the record it is in before the relation goes.
    await writeOutRelationCreations(tx, snapshot.relations.map((r) => r.id));
    for (const [type, relations] of groupBy(snapshot.relations, (r) => r.type)) {
      await tx.run(deleteRelationsQuery(type, false), { ids: relations.map((r) => r.id) });
    }
    await tx.run(LINK_ENTITY, { entityId: survivorId, links: createdLinks });
    await tx.run(UNLINK_ENTITY, { entityId: mergedId, links: { made: snapshot.made, about: snapshot.about, madeAt: snapshot.madeAt, published: snapshot.published } });
    const aliases = [...survivorAliases, ...addedAliases];
    await tx.run(SET_ENTITY_PROPERTIES, {
      id: survivorId,
      props: {
        ...filledFields,
        ...(addedCuratedFields.length > 0 ? { curatedFields: [...((survivorProps.curatedFields as string[] | null) ?? []), ...addedCuratedFields].sort() } : {}),
        aliases,
        searchSpellings: [...new Set([...((survivorProps.searchSpellings as string[] | null) ?? []), ...searchSpellings([survivorName, ...aliases])])],
      },
    });
    const mergeId = `merge/${mergedId.replace('/', '-')}-into-${survivorId.replace('/', '-')}-${Date.now().toString(36)}`;
    await tx.run(retireQuery(kind), { mergedId, survivorId, mergeId });
    await tx.run(CREATE_MERGE_RECORD, {
      id: mergeId,
      survivorId,
      mergedId,
      actorId: actor.id,
      actorKind: actor.kind,
      reason,
      plan: JSON.stringify(plan),
    });

    // What the survivor and its relations show now follows from all their claims, by the rule.
    await settleSubjects(tx, historyIds);
    await refreshRestriction(tx, historyIds);
    const after = await snapshotSubjects(tx, historyIds);
    await recordChanges(tx, mergeChanges('MERGED', { mergedId, survivorId, snapshot, moved, before, after, context: { actor, reason } }));

  });
}
