/**
 * How alike the names of two entities are, across scripts and spellings: the possible duplicates
 * that ingestion proposes for review. Names are compared as their transliterated words in sorted
 * order ("Мантуров Денис" and "Denis Manturov" are the same), by edit distance.
 */
import { distance } from 'fastest-levenshtein';
import { nameTokens } from './names.js';

/** Pairs of entities at least this alike are proposed as possible duplicates. */
export const DUPLICATE_THRESHOLD = 0.8;

/** A name's words, transliterated, lower-case and sorted, joined by spaces. */
function comparable(name: string): string {
  return nameTokens(name).sort().join(' ');
}

/** 1 for the same name in any script and word order, falling towards 0 as more letters differ. Pure, for unit tests. */
export function nameSimilarity(namesA: readonly string[], namesB: readonly string[]): number {
  let best = 0;
  for (const a of new Set(namesA.map(comparable))) {
    for (const b of new Set(namesB.map(comparable))) {
      const longest = Math.max(a.length, b.length);
      if (longest === 0) continue;
      best = Math.max(best, 1 - distance(a, b) / longest);
    }
  }
  return best;
}
