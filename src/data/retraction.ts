/**
 * The Cypher fragments of retraction, shared by every store that retracts or reinstates: a
 * retracted relationship or node keeps its place, with who retracted it, when, why, and whether
 * an editor did (EDITORIAL) or it lost its last quote (UNSUPPORTED).
 */

/** The properties a retraction sets; reinstating removes them all. */
const RETRACTION_PROPERTIES = ['retractedAt', 'retractedById', 'retractedByKind', 'retractionReason', 'retractionKind'] as const;

export type RetractionKind = 'EDITORIAL' | 'UNSUPPORTED';

/** SET items retracting `v` now, by $actorId/$actorKind, for $reason. */
export function retractionSet(v: string, kind: RetractionKind): string {
  return `${v}.retractedAt = datetime.transaction(), ${v}.retractedById = $actorId, ${v}.retractedByKind = $actorKind,
       ${v}.retractionReason = $reason, ${v}.retractionKind = '${kind}'`;
}

/**
 * Lifts the retraction of `v` when a write cites it again: a subject retracted because its last
 * quote went (UNSUPPORTED) comes back when a bundle quotes it again; one an editor retracted comes
 * back only through an explicit addition ($reinstateAll).
 */
export function reinstateClause(v: string): string {
  return `FOREACH (_ IN CASE WHEN ${v}.retractedAt IS NOT NULL AND ($reinstateAll OR ${v}.retractionKind = 'UNSUPPORTED') THEN [1] ELSE [] END |
     REMOVE ${RETRACTION_PROPERTIES.map((p) => `${v}.${p}`).join(', ')})`;
}
