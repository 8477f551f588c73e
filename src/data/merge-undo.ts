/**
 * Undoing a merge (see data/merge-store.ts), in one write transaction: the merged entity comes
 * back with what it had, and what the merge created on the survivor goes.
 */
import type { EntityKind } from '../generated/graphql.js';
import { groupBy, relationIdsByType } from '../domain/model.js';
import { searchSpellings } from '../domain/names.js';
import { CurationError } from '../errors.js';
import { type Database } from './database.js';
import { recordChanges, snapshotSubjects } from './history-store.js';
import {
  ACTIVE_MERGE,
  CHANGED_SINCE_MERGE,
  CLOSE_MERGE_RECORD,
  CREATE_EVIDENCE,
  DELETE_EVIDENCE,
  ENTITY_PROPERTIES,
  LATEST_UNDONE_MERGE,
  LINK_ENTITY,
  SET_ENTITY_PROPERTIES,
  UNLINK_ENTITY,
  createRelationsQuery,
  deleteRelationsQuery,
  restoreQuery,
} from './merge-queries.js';
import { holdOnlyClaimsAgain, restoreClaims, settleSubjects, writeOutOnlyClaims } from './claim-store.js';
import { MERGED_AMONG } from './merge-redirects.js';
import { mergeChanges, type MergePlan } from './merge-plan.js';
import { refreshRestriction } from './restriction.js';
import type { ActorRecord } from './records.js';

export interface UndoMergeRequest {
  mergedId: string;
  reason: string;
  actor: ActorRecord;
  /** Whether the writer may see restricted material; for one who may not, it does not exist. */
  seesRestricted: boolean;
}

/**
 * Undoes the merge of `mergedId`: the merged entity comes back with its own relations, quotes,
 * names and links; what the merge created on the survivor goes, unless a later write has quoted
 * it since. Returns the survivor's id.
 */
export async function undoMerge(db: Database, request: UndoMergeRequest): Promise<string> {
  const { mergedId, actor, reason } = request;
  return db.write(async (tx) => {
    const [record] = await tx.run(ACTIVE_MERGE, { mergedId, seesRestricted: request.seesRestricted });
    if (!record) {
      // Undone already (a retry of an undo that committed, or the same request twice): nothing to do.
      const [undone] = await tx.run(LATEST_UNDONE_MERGE, { mergedId, seesRestricted: request.seesRestricted });
      if (undone) return undone.survivorId as string;
      throw new CurationError(`${mergedId} is not merged into another entity; there is nothing to undo.`, 'mergedId');
    }
    const survivorId = record.survivorId as string;
    if (record.survivorIsEntity !== true) {
      throw new CurationError(`${survivorId}, which ${mergedId} was merged into, was itself merged into ${record.survivorMergedInto as string} since; undo that merge first.`, 'mergedId');
    }
    const plan = JSON.parse(record.plan as string) as MergePlan;
    const { snapshot } = plan;
    // An undo puts back what the merge moved; it cannot do so faithfully once that has changed again.
    const targets = [...new Set([...plan.createdRelationIds, ...Object.values(plan.moved).filter((id): id is string => id !== null)])];
    const changed = (await tx.run(CHANGED_SINCE_MERGE, { mergeId: record.id, ids: targets })).map((r) => r.id as string);
    if (changed.length > 0) {
      throw new CurationError(
        `The merge cannot be undone: since it, ${changed.join(', ')} changed (a later merge, an edit or a retraction). Undo those first.`,
        'mergedId',
      );
    }
    const mergedSince = await tx.run(MERGED_AMONG, { ids: [...new Set(snapshot.relations.map((r) => r.otherId))] });
    if (mergedSince.length > 0) {
      const names = mergedSince.map((r) => `${r.id as string} (into ${r.survivorId as string})`).join(', ');
      throw new CurationError(`The merge cannot be undone: ${names} has been merged since. Undo that merge first.`, 'mergedId');
    }
    const kind = snapshot.props.kind as EntityKind;
    const restoredRelationIds = snapshot.relations.map((r) => r.id);
    const uniqueHistoryIds = [survivorId, ...targets];
    await writeOutOnlyClaims(tx, uniqueHistoryIds);
    const before = await snapshotSubjects(tx, uniqueHistoryIds);

    // Off the survivor: what the merge added to it.
    await tx.run(DELETE_EVIDENCE, { ids: plan.createdEvidenceIds });
    for (const [type, ids] of relationIdsByType(plan.createdRelationIds)) await tx.run(deleteRelationsQuery(type, true), { ids });
    await tx.run(UNLINK_ENTITY, { entityId: survivorId, links: plan.createdLinks });
    const [current] = await tx.run(ENTITY_PROPERTIES, { id: survivorId });
    const survivorProps = current!.props as Record<string, unknown>;
    const aliases = ((survivorProps.aliases as string[] | null) ?? []).filter((a) => !plan.addedAliases.includes(a));
    const kept = new Set(searchSpellings([survivorProps.name as string, ...aliases]));
    const dropped = new Set(searchSpellings(plan.addedAliases).filter((s) => !kept.has(s)));
    const props: Record<string, unknown> = {
      aliases,
      searchSpellings: ((survivorProps.searchSpellings as string[] | null) ?? []).filter((s) => !dropped.has(s)),
    };
    if ((plan.addedCuratedFields ?? []).length > 0) {
      props.curatedFields = ((survivorProps.curatedFields as string[] | null) ?? []).filter((field) => !plan.addedCuratedFields!.includes(field));
    }
    // A field the merge filled goes back to empty, unless someone has changed it since.
    for (const [field, value] of Object.entries(plan.filledFields)) {
      if (JSON.stringify(survivorProps[field] ?? null) === JSON.stringify(value)) props[field] = null;
    }
    await tx.run(SET_ENTITY_PROPERTIES, { id: survivorId, props });

    // Back onto the merged entity: itself, its relations, quotes and links, as they were.
    await tx.run(restoreQuery(kind), { mergedId });
    const relationRows = snapshot.relations.map((r) => ({
      id: r.id,
      type: r.type,
      props: r.props,
      fromId: r.outgoing ? mergedId : r.otherId,
      toId: r.outgoing ? r.otherId : mergedId,
    }));
    for (const [type, rows] of groupBy(relationRows, (r) => r.type)) await tx.run(createRelationsQuery(type), { rows });
    await tx.run(CREATE_EVIDENCE, { rows: snapshot.evidence });
    await restoreClaims(tx, plan.claims);
    await tx.run(LINK_ENTITY, { entityId: mergedId, links: { made: snapshot.made, about: snapshot.about, madeAt: snapshot.madeAt, published: snapshot.published } });
    await tx.run(CLOSE_MERGE_RECORD, { id: record.id, actorId: actor.id, actorKind: actor.kind, reason });

    await settleSubjects(tx, [...uniqueHistoryIds, mergedId, ...restoredRelationIds]);
    await holdOnlyClaimsAgain(tx, plan.heldClaims ?? []);
    await refreshRestriction(tx, [...uniqueHistoryIds, mergedId, ...restoredRelationIds]);
    const after = await snapshotSubjects(tx, uniqueHistoryIds);
    await recordChanges(tx, mergeChanges('MERGE_UNDONE', { mergedId, survivorId, snapshot, moved: plan.moved, before, after, context: { actor, reason } }));
    return survivorId;
  });
}
