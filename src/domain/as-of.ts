/**
 * What was true at a date, from partial dates. A relation's known start and end either settle the
 * question or leave it open; what the sources leave open is answered as UNKNOWN, never guessed.
 */
import { parsePartialDate } from './partial-date.js';

export type HeldAnswer = 'YES' | 'NO' | 'UNKNOWN';

export interface DatedFact {
  validFrom: string | null;
  validTo: string | null;
  current: boolean | null;
  /**
   * Days between which sources dated then called it current (data/claim-queries.ts): a document
   * published on D saying "current" means it held on D. Null when none did.
   */
  heldSince?: string | null;
  heldUntil?: string | null;
}

/**
 * Did the fact hold throughout the date (an interval: "2024-H1" is all of January to June)?
 * - NO when its known dates rule the date out: it ended before the date began, or began after it ended.
 * - YES when its known dates cover the whole date: it had begun by the date's first day and
 *   ended no earlier than the date's last day.
 * - UNKNOWN otherwise: an unknown start or end, or a start or end that falls inside the date.
 *   "Current" settles it only through a dated source: a document published on D calling it current
 *   says it held on D (heldSince ... heldUntil); an undated source's "current" says nothing of when.
 */
export function heldOn(fact: DatedFact, date: string): HeldAnswer {
  const { start, end } = parsePartialDate(date);
  const from = fact.validFrom ? parsePartialDate(fact.validFrom) : null;
  const to = fact.validTo ? parsePartialDate(fact.validTo) : null;
  if (to && to.end < start) return 'NO';
  if (from && from.start > end) return 'NO';
  const begun = (from !== null && from.end <= start) || (fact.heldSince != null && fact.heldSince <= start);
  const lasted = (to !== null && to.start >= end) || (fact.heldUntil != null && fact.heldUntil >= end);
  return begun && lasted ? 'YES' : 'UNKNOWN';
}

/** Facts whose dates do not rule out the date: those known to hold then first, then those left open. */
export function relationsNotRuledOut<T extends DatedFact>(facts: readonly T[], date: string): T[] {
  return [...facts.filter((f) => heldOn(f, date) === 'YES'), ...facts.filter((f) => heldOn(f, date) === 'UNKNOWN')];
}
