import { describe, expect, it } from 'vitest';
import { DUPLICATE_THRESHOLD, nameSimilarity } from '../../src/domain/name-similarity.js';

describe('name similarity', () => {
  it('finds the same name in another script, word order, case or with hyphens', () => {
    expect(nameSimilarity(['Денис Мантуров'], ['Denis Manturov'])).toBe(1);
    expect(nameSimilarity(['Manturov, Denis'], ['Denis Manturov'])).toBe(1);
    expect(nameSimilarity(['ART-FINANCE'], ['Art Finance'])).toBe(1);
  });

  it('takes the best of all names and aliases, and holds a typo above the threshold', () => {
    expect(nameSimilarity(['D. Manturov', 'Denis Manturov'], ['Denis Manturov'])).toBe(1);
    expect(nameSimilarity(['Denis Mantorov'], ['Denis Manturov'])).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
  });

  it('keeps different names apart, a shared word notwithstanding', () => {
    expect(nameSimilarity(['Kaluga'], ['Kaluga region'])).toBeLessThan(DUPLICATE_THRESHOLD);
    expect(nameSimilarity(['Denis Manturov'], ['Denis Kravchenko'])).toBeLessThan(DUPLICATE_THRESHOLD);
    expect(nameSimilarity([''], ['Denis Manturov'])).toBe(0);
  });
});
