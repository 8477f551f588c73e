/**
 * Writes a prepared bundle in one write transaction: it lands whole or not at all. Every statement
 * MERGEs on a constrained id and sets the same values each time, so loading a bundle twice changes
 * nothing, and a retry by the driver after a cut-off commit is harmless.
 */
import { partition, relationKeysOf, subjectTypeOf } from '../domain/model.js';
import { AlreadyExistsError, BundleError, BundleRefusedByGraph, CurationError } from '../errors.js';
import { readBundleContext } from './bundle-context.js';
import {
  CREATE_ENTITIES,
  CREATE_EVIDENCE,
  CREATE_RELATIONS,
  LINK_SUPERSEDED,
  MERGE_DOCUMENT,
  MERGE_EVIDENCE,
  MERGE_RELATIONS,
  MERGE_STATEMENTS,
  REMOVE_STALE_EVIDENCE,
  RESTRICT_CHANGES_OF_DOCUMENT,
  RETRACT_UNSUPPORTED,
  WRITTEN_FINGERPRINTS,
} from './bundle-queries.js';
import type { BundleMode, PreparedBundle } from './bundle-rows.js';

export type { BundleMode } from './bundle-rows.js';
import { cypher, type Database, type Transaction } from './database.js';
import { createdSnapshots, newEntityRows, newRelationRows, saysAgain } from './created-snapshots.js';
import { withHistory, type ChangeContext } from './history-store.js';
import { createdEntityOf, type CreatedEntity } from './duplicate-store.js';
import { MERGED_AMONG } from './merge-redirects.js';
import { claimRowsOf, heldClaimsOf, loadTime, publicationSpan, writeClaims, writeOutHeldClaims } from './claim-store.js';
import { claimIdFor } from '../domain/claims.js';
import { CREATED_IN, newCreationRecordId } from './creation-records.js';
import type { ActorRecord } from './records.js';


export interface WriteBundleOptions {
  actor: ActorRecord;
  mode?: BundleMode;
  /** Why the curator made the change, for history. */
  reason?: string | null;
  /** Entity ids the write must create: one already in the graph (or merged away) fails with ALREADY_EXISTS. */
  newEntityIds?: readonly string[];
  /**
   * Whether the writer may see restricted material (default: yes, for the seed and operators).
   * For one who may not, restricted entities are absent: referring to one is an unknown id.
   */
  seesRestricted?: boolean;
  /**
   * Problems the checks without the database found (checkBundle). The write adds what only the
   * graph can tell and refuses the bundle with all of them; it writes nothing while there are any.
   */
  problems?: readonly string[];
}


export interface BundleSummary {
  documentId: string;
  /** Ids of what the bundle wrote, so a caller can answer with them. */
  ids: { entities: string[]; relations: string[]; statements: string[] };
  entities: { created: number; updated: number };
  relations: { created: number; updated: number };
  statements: { created: number; updated: number };
  evidence: number;
  /** The entities the bundle created, with their names: what possible duplicates are looked for (duplicate-store.ts). */
  createdEntities: CreatedEntity[];
}

/**
 * A bundle says everything its document supports: quotes of that document which a corrected
 * bundle no longer carries are removed, and any relation or statement left without a quote is
 * retracted as unsupported (a later bundle that quotes it again brings it back).
 */
async function removeStaleEvidence(tx: Transaction, bundle: PreparedBundle, staleSubjects: readonly string[], actor: ActorRecord): Promise<void> {
  if (staleSubjects.length === 0) return;
  await tx.run(REMOVE_STALE_EVIDENCE, { documentId: bundle.document.id, keep: bundle.evidence.map((e) => e.id) });
  const retraction = {
    actorId: actor.id,
    actorKind: actor.kind,
    reason: `No quote supports it any more: the corrected ${bundle.document.id} no longer carries its last one.`,
  };
  await tx.run(RETRACT_UNSUPPORTED, {
    statementIds: staleSubjects.filter((id) => subjectTypeOf(id) === 'STATEMENT'),
    relationKeys: relationKeysOf(staleSubjects),
    ...retraction,
  });
}


/** Writes the bundle in one transaction, records what changed, and says what it created and matched. */
export async function writeBundle(db: Database, bundle: PreparedBundle, options: WriteBundleOptions): Promise<BundleSummary> {
  try {
    return await db.write((tx) => writeBundleIn(tx, bundle, options));
  } catch (error) {
    // What the write found absent it creates without looking (CREATE_ENTITIES, CREATE_RELATIONS,
    // CREATE_CLAIMS, CREATE_EVIDENCE);
    // another write that made the same ids meanwhile makes it fail whole. Once more, it finds them.
    if (!(error instanceof AlreadyExistsError)) throw error;
    return db.write((tx) => writeBundleIn(tx, bundle, options));
  }
}

/**
 * Writes the bundle inside a transaction the caller owns (a bulk import writes many bundles in
 * one). Its checks against the graph run first and write nothing: a BundleError thrown by them
 * leaves the transaction as it was, and the caller may go on with the next bundle. Any other
 * failure leaves the bundle half-written in the transaction, which must then be rolled back.
 */
export async function writeBundleIn(tx: Transaction, bundle: PreparedBundle, options: WriteBundleOptions): Promise<BundleSummary> {
  const mode = options.mode ?? 'ARTICLE';
  const context: ChangeContext = { actor: options.actor, documentId: bundle.document.id, reason: options.reason ?? null };
  const ids = {
    entities: bundle.entities.map((e) => e.id),
    relations: bundle.relations.map((r) => r.id),
    statements: bundle.statements.map((s) => s.id),
  };
  const graph = await readBundleContext(tx, bundle, mode, options.seesRestricted ?? true, options.problems ?? []);
  // Checked here, in the transaction, so that two concurrent creations cannot both succeed.
  for (const id of options.newEntityIds ?? []) {
    if (graph.kinds.has(id)) throw new CurationError(`${id} already exists; change it with updateEntity.`, 'input.id', 'ALREADY_EXISTS');
  }
  const subjects = [...ids.entities, ...ids.relations, ...ids.statements, ...graph.staleSubjectIds, ...graph.switchedSubjectIds];
  const reinstateAll = mode === 'ADDITION';
  const superseding = bundle.statements.filter((s) => s.supersedes !== null);

  // One statement per kind of write, each for every label and type at once: a bundle of any size
  // is a handful of statements, whose plans the server caches after their first use.
  // Whether the graph holds a restricted document before this write or after it (refreshRestriction).
  const restrictedDocuments = graph.anyRestrictedDocument || bundle.document.restricted;
  // What cannot have been in the graph before: entities and statements the context did not find,
  // and relations with such an end. Their history starts from nothing, without a read (in a bulk import of new
  // material, that read was a tenth of the time), and they are created without a search (another
  // write creating the same ids meanwhile makes this one fail whole: see writeBundle).
  const absentBefore = new Set([
    ...ids.entities.filter((id) => !graph.kinds.has(id)),
    ...ids.statements.filter((id) => !graph.statements.has(id)),
    ...bundle.relations.filter((r) => !graph.kinds.has(r.from) || !graph.kinds.has(r.to)).map((r) => r.id),
  ]);
  // An article's claim about a subject it creates is held by the subject itself (claim-queries.ts:
  // ONLY_CLAIM_PROPERTIES), unless the claim names it by a merged id (keepName: its names must stay
  // apart). An editor's claims are always nodes.
  const loadedAt = loadTime();
  const holdsOwnClaim = new Set(
    mode === 'ARTICLE' ? [...bundle.entities.filter((e) => !e.keepName).map((e) => e.id), ...ids.relations].filter((id) => absentBefore.has(id)) : [],
  );
  // Their creations are recorded together, in one record each names (creation-records.ts).
  const creations = { recordId: newCreationRecordId(), subjectIds: holdsOwnClaim };
  const onlyClaim = (id: string) => (holdsOwnClaim.has(id) ? { onlyClaimFrom: bundle.document.id, onlyClaimLoadedAt: loadedAt, [CREATED_IN]: creations.recordId } : null);
  // Subjects holding this article's claim, which it says again word for word (the same article
  // loaded again), are left as they are: their claim is neither written out nor rewritten. The
  // other claims held by what the bundle names are written out here, read once with those.
  const unsettled = new Set([...graph.staleSubjectIds, ...graph.switchedSubjectIds]);
  const checked = mode === 'ARTICLE' && !graph.switched ? [...ids.entities, ...ids.relations].filter((id) => !absentBefore.has(id) && !unsettled.has(id)) : [];
  const [kept, writtenOut] = partition(await heldClaimsOf(tx, checked), (held) => saysAgain(held, bundle));
  const saidAgain = new Set(kept.map((held) => held.values.subjectId as string));
  await writeOutHeldClaims(tx, writtenOut);
  const { before } = await withHistory(tx, subjects, context, async () => {
    // New entities and relations are created with their one claim's values; what the graph knew
    // already is settled from all its claims by the rule (claim-store.ts), once they are written.
    const newEntities = bundle.entities.filter((e) => absentBefore.has(e.id));
    if (newEntities.length > 0) await tx.run(CREATE_ENTITIES, { rows: newEntityRows(newEntities, onlyClaim) });
    if (mode === 'ARTICLE') await tx.run(MERGE_DOCUMENT, { doc: bundle.document });
    const [newRelations, knownRelations] = partition(bundle.relations, (r) => absentBefore.has(r.id));
    const held = publicationSpan(bundle.document.publishedOn);
    if (newRelations.length > 0) await tx.run(CREATE_RELATIONS, { rows: newRelationRows(newRelations, held, onlyClaim) });
    if (knownRelations.length > 0) await tx.run(MERGE_RELATIONS, { rows: knownRelations, reinstateAll });
    const written = new Set([...ids.entities, ...ids.relations]);
    // This document's claims about what it no longer speaks of (a corrected article) go with its quotes.
    const dropped = graph.staleSubjectIds.filter((id) => !written.has(id)).map((id) => claimIdFor(bundle.document.id, id, false));
    const claims = claimRowsOf(bundle, mode).filter((claim) => !holdsOwnClaim.has(claim.values.subjectId as string) && !saidAgain.has(claim.values.subjectId as string));
    await writeClaims(tx, claims, dropped, [
      ...[...written].filter((id) => !absentBefore.has(id) && !saidAgain.has(id)),
      ...graph.staleSubjectIds,
      ...graph.switchedSubjectIds,
    ], { createdSubjects: absentBefore, loadedAt });
    if (bundle.statements.length > 0) await tx.run(MERGE_STATEMENTS, { rows: bundle.statements, reinstateAll });
    if (superseding.length > 0) await tx.run(LINK_SUPERSEDED, { rows: superseding });
    if (bundle.evidence.length > 0) {
      await tx.run(graph.documentExists ? MERGE_EVIDENCE : CREATE_EVIDENCE, { documentId: bundle.document.id, rows: bundle.evidence, curated: mode === 'ADDITION' });
    }
    await removeStaleEvidence(tx, bundle, graph.staleSubjectIds, options.actor);
    if (graph.switched && bundle.document.restricted) await tx.run(RESTRICT_CHANGES_OF_DOCUMENT, { id: bundle.document.id });
    // Ids were resolved through merges before this transaction (load-bundle.ts); a merge that
    // committed since would leave facts on an entity no query reaches. Checked after the writes,
    // once this transaction holds its locks, so that no merge can slip in after the check.
    const mergedMeanwhile = await tx.run(MERGED_AMONG, { ids: [...ids.entities, ...bundle.externalEntities.map((e) => e.id)] });
    if (mergedMeanwhile.length > 0) {
      throw new BundleError(`An entity of the bundle was merged while it was being written (${String(mergedMeanwhile[0]!.id)}); send it again.`);
    }
  }, { restrictedDocuments, created: restrictedDocuments ? undefined : createdSnapshots(bundle), absentBefore, ownClaimsHandled: new Set(checked), creations });

  const tally = (list: string[]) => {
    const matched = list.filter((id) => before.has(id)).length;
    return { created: list.length - matched, updated: matched };
  };
  return {
    documentId: bundle.document.id,
    ids,
    entities: tally(ids.entities),
    relations: tally(ids.relations),
    statements: tally(ids.statements),
    evidence: bundle.evidence.length,
    createdEntities: bundle.entities.filter((e) => !before.has(e.id)).map((e) => createdEntityOf(e, bundle.document.id)),
  };
}

/** A bundle of a batch: what it wrote, or why the graph refused it (nothing of it written). */
export type BatchOutcome = { summary: BundleSummary } | { refused: BundleRefusedByGraph };

/**
 * Writes bundles in one transaction, in order, each exactly as writeBundle would alone: its checks
 * see what the bundles before it wrote, and `problems` (those found without the database) join the
 * graph's before it is refused with all of them. A bundle the graph refuses is left out, writing
 * nothing, and the rest go on (with `stopAtRefusal`, they stop there). Any other failure rolls the
 * whole batch back and is thrown; the caller may then write the bundles one at a time to find the
 * one at fault. One commit for many bundles: what makes a bulk import fast. `beforeCommit` is
 * awaited once everything is written, before the commit (a failure rolls the batch back).
 */
export async function writeBundles(
  db: Database,
  bundles: ReadonlyArray<{ bundle: PreparedBundle; problems?: readonly string[] }>,
  options: WriteBundleOptions,
  { stopAtRefusal = false, beforeCommit }: { stopAtRefusal?: boolean; beforeCommit?: () => Promise<unknown> } = {},
): Promise<BatchOutcome[]> {
  return db.write(async (tx) => {
    const outcomes: BatchOutcome[] = [];
    for (const { bundle, problems = [] } of bundles) {
      try {
        outcomes.push({ summary: await writeBundleIn(tx, bundle, { ...options, problems }) });
      } catch (error) {
        if (!(error instanceof BundleRefusedByGraph)) throw error;
        outcomes.push({ refused: error });
        // The bundles after it are not written (there is one outcome for each bundle that was).
        if (stopAtRefusal) break;
      }
    }
    await beforeCommit?.();
    return outcomes;
  });
}

/**
 * The documents that hold these fingerprints already (bundles an import has written before), each
 * with whether its entities have been compared for possible duplicates since (duplicate-store.ts).
 */
export async function alreadyWritten(db: Database, documents: ReadonlyArray<{ id: string; fingerprint: string }>): Promise<Map<string, { duplicatesProposed: boolean }>> {
  if (documents.length === 0) return new Map();
  const rows = await db.read((tx) => tx.run(WRITTEN_FINGERPRINTS, { documents }));
  return new Map(rows.map((row) => [row.id as string, { duplicatesProposed: row.duplicatesProposed === true }]));
}

const COUNT_ENTITIES = cypher('countEntities', 'MATCH (e:Entity) RETURN count(e) AS count');

/** True when the graph holds no entity yet (a new database, to be seeded). */
export async function isGraphEmpty(db: Database): Promise<boolean> {
  const [row] = await db.read((tx) => tx.run(COUNT_ENTITIES));
  return (row?.count as number) === 0;
}
