/**
 * Claims (domain/claims.ts): what each document says of the entities and relations it supports,
 * written with its bundle, and the values each subject shows chosen from them by the rule
 * (claim-queries.ts), in the same transaction. Read back per subject for the API.
 */
import { claimIdFor } from '../domain/claims.js';
import { parsePartialDate } from '../domain/partial-date.js';
import { partition, presentValues, relationKeysOf, subjectTypeOf } from '../domain/model.js';
import { CLAIMS_BY_SUBJECTS, CLAIMS_OF_SUBJECTS, CREATE_CLAIMS, DELETE_CLAIMS, EXISTING_CLAIMS, FORGET_ONLY_CLAIMS, HOLD_ONLY_CLAIMS, MOVE_CLAIMS, ONLY_CLAIMS, RESTORE_CLAIMS, SETTLE_ENTITIES, SETTLE_RELATIONS, WRITE_CLAIMS, WRITE_OUT_CLAIMS } from './claim-queries.js';
import type { BundleMode, PreparedBundle } from './bundle-rows.js';
import type { Transaction } from './database.js';
import type { ReadSession } from './read-session.js';
import type { ClaimRecord } from './records.js';

/** A claim as written: its id and its properties. */
export interface ClaimRow {
  id: string;
  values: Record<string, unknown>;
}

let lastLoadTime = 0;
/**
 * When a claim is first written, in milliseconds: strictly increasing within this process, so that
 * the bundles of one transaction (a bulk import's batch) are "loaded" in order, as alone they would be.
 */
export function loadTime(): number {
  lastLoadTime = Math.max(Date.now(), lastLoadTime + 1);
  return lastLoadTime;
}

/** The days a document's publication date covers, for the rule's "most recent" and for heldOn. */
export function publicationSpan(publishedOn: string | null): { start: string | null; end: string | null } {
  if (publishedOn === null) return { start: null, end: null };
  const { start, end } = parsePartialDate(publishedOn);
  return { start, end };
}

/** The claims a bundle makes: one about each entity and relation it writes (an ADDITION's are an editor's). */
export function claimRowsOf(bundle: PreparedBundle, mode: BundleMode): ClaimRow[] {
  const curated = mode === 'ADDITION';
  const { document } = bundle;
  const span = publicationSpan(document.publishedOn);
  const common = (subjectId: string) => ({
    subjectId,
    documentId: document.id,
    curated,
    publishedOn: document.publishedOn,
    publishedOnStart: span.start,
    publishedOnEnd: span.end,
  });
  // An editor's further additions citing the same document add to what they said before: a value
  // they leave out keeps the earlier one rather than erasing it (a document's own claim is its whole word).
  const given = (values: Record<string, unknown>) => (curated ? presentValues(values) : values);
  return [
    ...bundle.entities.map((e) => ({
      id: claimIdFor(document.id, e.id, curated),
      values: given({
        ...common(e.id),
        name: e.name,
        aliases: e.aliases,
        keepName: e.keepName,
        unidentified: e.unidentified,
        searchSpellings: e.searchSpellings,
        ...e.fields,
      }),
    })),
    ...bundle.relations.map((r) => ({
      id: claimIdFor(document.id, r.id, curated),
      values: given({
        ...common(r.id),
        validFrom: r.validFrom,
        validFromStart: r.validFromStart,
        validFromEnd: r.validFromEnd,
        validTo: r.validTo,
        validToStart: r.validToStart,
        validToEnd: r.validToEnd,
        current: r.current,
      }),
    })),
  ];
}

/**
 * Writes the bundle's claims, removes those of its document about subjects it no longer speaks of
 * (`dropped`), and sets what the subjects in `settle` show by the rule. Subjects the write created
 * (`createdSubjects`) need no settling: their one claim is what they were created with, and it is
 * created without looking for it. `loadedAt`: when the claims are loaded (loadTime).
 */
export async function writeClaims(
  tx: Transaction,
  claims: readonly ClaimRow[],
  dropped: readonly string[],
  settle: readonly string[],
  { createdSubjects = new Set(), loadedAt }: { createdSubjects?: ReadonlySet<string>; loadedAt: number },
): Promise<void> {
  const [aboutCreated, aboutKnown] = partition(claims, (claim) => createdSubjects.has(claim.values.subjectId as string));
  // A new claim's absent values are simply not set (setting null sets nothing); an existing one's
  // must be erased by them (an article's word is whole), so WRITE_CLAIMS is given every value an
  // article's claim has (an editor's carries only what they give: claimRowsOf).
  if (aboutCreated.length > 0) await tx.run(CREATE_CLAIMS, { rows: aboutCreated.map((claim) => ({ id: claim.id, values: presentValues(claim.values) })), loadedAt });
  if (aboutKnown.length > 0) await tx.run(WRITE_CLAIMS, { rows: aboutKnown, loadedAt });
  if (dropped.length > 0) await tx.run(DELETE_CLAIMS, { ids: dropped });
  await settleSubjects(tx, settle);
}

/** A claim a subject holds on itself (claim-queries.ts: ONLY_CLAIM_PROPERTIES), as a Claim node would hold it. */
export type HeldClaim = ClaimRow & { loadedAt: number; restricted: boolean };

function onlyClaimOf(row: Record<string, unknown>): HeldClaim {
  const subjectId = row.subjectId as string;
  const documentId = row.documentId as string;
  const span = publicationSpan(row.publishedOn as string | null);
  return {
    id: claimIdFor(documentId, subjectId, false),
    loadedAt: row.loadedAt as number,
    restricted: row.restricted === true,
    values: presentValues({
      subjectId,
      documentId,
      curated: false,
      publishedOn: row.publishedOn,
      publishedOnStart: span.start,
      publishedOnEnd: span.end,
      ...(subjectTypeOf(subjectId) === 'ENTITY' ? { keepName: false } : {}),
      ...(row.values as Record<string, unknown>),
    }),
  };
}

/** Entity ids and relation keys among `subjectIds` (statements hold no claims). */
function claimSubjects(subjectIds: Iterable<string>): { entityIds: string[]; relationKeys: ReturnType<typeof relationKeysOf> } {
  const unique = [...new Set(subjectIds)];
  return { entityIds: unique.filter((id) => subjectTypeOf(id) === 'ENTITY'), relationKeys: relationKeysOf(unique) };
}

/** The claims these subjects hold on themselves (those that hold one), as Claim nodes would hold them. */
export async function heldClaimsOf(tx: Transaction, subjectIds: Iterable<string>): Promise<HeldClaim[]> {
  const subjects = claimSubjects(subjectIds);
  if (subjects.entityIds.length === 0 && subjects.relationKeys.length === 0) return [];
  return (await tx.run(ONLY_CLAIMS, { ...subjects, seesRestricted: true })).map(onlyClaimOf);
}

/**
 * Writes out, as Claim nodes, the claims these subjects hold on themselves (ONLY_CLAIM_PROPERTIES):
 * what every write runs first on the subjects it may change (history-store.ts: withHistory; merges),
 * so that what it changes, and the rule, find the claim where every other claim is. Returns the
 * subjects that held theirs.
 */
export async function writeOutOnlyClaims(tx: Transaction, subjectIds: Iterable<string>): Promise<string[]> {
  return writeOutHeldClaims(tx, await heldClaimsOf(tx, subjectIds));
}

/** Writes out claims already read (heldClaimsOf); returns the subjects that held them. */
export async function writeOutHeldClaims(tx: Transaction, held: readonly HeldClaim[]): Promise<string[]> {
  if (held.length === 0) return [];
  const holders = held.map((claim) => claim.values.subjectId as string);
  await tx.run(WRITE_OUT_CLAIMS, { rows: held.map(({ id, values, loadedAt }) => ({ id, values, loadedAt })) });
  await tx.run(FORGET_ONLY_CLAIMS, claimSubjects(holders));
  return holders;
}

/** Subjects whose one claim is an article's node, saying what they show, hold it on themselves again (an undone merge puts back what it wrote out). */
export async function holdOnlyClaimsAgain(tx: Transaction, subjectIds: readonly string[]): Promise<void> {
  const subjects = claimSubjects(subjectIds);
  if (subjects.entityIds.length > 0 || subjects.relationKeys.length > 0) await tx.run(HOLD_ONLY_CLAIMS, subjects);
}

/** Sets what these entities and relations show from their claims (statements and other ids are passed over). */
export async function settleSubjects(tx: Transaction, subjectIds: readonly string[]): Promise<void> {
  const { entityIds, relationKeys } = claimSubjects(subjectIds);
  if (entityIds.length > 0) await tx.run(SETTLE_ENTITIES, { ids: entityIds });
  if (relationKeys.length > 0) await tx.run(SETTLE_RELATIONS, { keys: relationKeys });
}

/** The claims about each subject that the reader may see, in the rule's order (a subject holding its one claim has no other). */
export async function claimsOfSubjects(session: ReadSession, subjectIds: readonly string[]): Promise<Map<string, ClaimRecord[]>> {
  const [rows, held] = await Promise.all([session.read(CLAIMS_BY_SUBJECTS, { ids: subjectIds }), session.read(ONLY_CLAIMS, claimSubjects(subjectIds))]);
  const record = (values: Record<string, unknown>): ClaimRecord => ({
    id: values.id as string,
    documentId: values.documentId as string,
    curated: values.curated === true,
    inherited: values.inherited === true,
    values,
  });
  return new Map([
    ...rows.map((row): [string, ClaimRecord[]] => [row.subjectId as string, (row.claims as Array<Record<string, unknown>>).map(record)]),
    ...held.map(onlyClaimOf).map(({ id, values, loadedAt, restricted }): [string, ClaimRecord[]] => [values.subjectId as string, [record({ ...values, id, loadedAt, restricted })]]),
  ]);
}

/** What a merge did to claims, for its undo: the claims it moved off, and those it created. */
export interface MovedClaims {
  snapshot: ClaimRow[];
  createdIds: string[];
}

/**
 * Moves the claims about merged subjects to the subjects they became (`newSubject`; a subject
 * mapped to nothing loses its claims). Claims about the merged entity name it by an id that is no
 * longer its own: their names become aliases of the survivor's (keepName).
 */
export async function moveClaims(tx: Transaction, mergedEntityId: string, subjectIds: readonly string[], newSubject: (id: string) => string | undefined): Promise<MovedClaims> {
  const snapshot = (await tx.run(CLAIMS_OF_SUBJECTS, { ids: subjectIds })).map((row) => {
    const values = row.claim as Record<string, unknown>;
    return { id: values.id as string, values };
  });
  const rows = snapshot.flatMap(({ values }) => {
    const subjectId = newSubject(values.subjectId as string);
    if (subjectId === undefined) return [];
    const id = claimIdFor(values.documentId as string, subjectId, values.curated === true);
    const keepName = values.subjectId === mergedEntityId ? { keepName: true } : {};
    return [{ id, values: { ...values, id, subjectId, ...keepName } }];
  });
  const existing = new Set((await tx.run(EXISTING_CLAIMS, { ids: rows.map((r) => r.id) })).map((row) => row.id as string));
  if (rows.length > 0) await tx.run(MOVE_CLAIMS, { rows });
  if (snapshot.length > 0) await tx.run(DELETE_CLAIMS, { ids: snapshot.map((c) => c.id) });
  return { snapshot, createdIds: [...new Set(rows.map((r) => r.id).filter((id) => !existing.has(id)))] };
}

/** Undoes moveClaims: the claims it created go, the ones it moved off come back. */
export async function restoreClaims(tx: Transaction, moved: MovedClaims | undefined): Promise<void> {
  if (moved === undefined) return; // A merge made before claims were kept.
  if (moved.createdIds.length > 0) await tx.run(DELETE_CLAIMS, { ids: moved.createdIds });
  if (moved.snapshot.length > 0) await tx.run(RESTORE_CLAIMS, { rows: moved.snapshot });
}
