import { describe, expect, it } from 'vitest';
import { BundleSchema } from '../../src/ingest/bundle.js';
import { prepareBundle } from '../../src/ingest/prepare-bundle.js';
import { generateSyntheticBundles } from '../../src/synthetic/synthetic-graph.js';

describe('the synthetic graph generator', () => {
  const bundles = generateSyntheticBundles({ entities: 2000, seed: 7 });

  it('is deterministic for a seed, and differs between seeds', () => {
    expect(JSON.stringify(generateSyntheticBundles({ entities: 2000, seed: 7 }))).toBe(JSON.stringify(bundles));
    expect(JSON.stringify(generateSyntheticBundles({ entities: 2000, seed: 8 }))).not.toBe(JSON.stringify(bundles));
  });

  it('writes valid bundles whose every quote is in its text, each referring only to earlier bundles', () => {
    const defined = new Set<string>();
    let references = 0;
    expect(bundles.length).toBeGreaterThan(1);
    for (const bundle of bundles) {
      expect(BundleSchema.safeParse(bundle).success).toBe(true);
      const prepared = prepareBundle(bundle, bundle.document.text!);
      for (const entity of prepared.entities) defined.add(entity.id);
      for (const { id } of prepared.externalEntities) expect(defined.has(id)).toBe(true);
      references += prepared.externalEntities.length;
    }
    expect(defined.size).toBe(2000);
    expect(references).toBeGreaterThan(0); // bundles do refer to earlier ones: the check above ran
  });

  it('has power-law degrees: hubs far above the median, and dated relations', () => {
    const degree = new Map<string, number>();
    const relations = bundles.flatMap((b) => b.relations);
    for (const r of relations) for (const id of [r.from, r.to]) degree.set(id, (degree.get(id) ?? 0) + 1);
    const degrees = [...degree.values()].sort((a, b) => a - b);
    const median = degrees[Math.floor(degrees.length / 2)]!;
    expect(degrees.at(-1)!).toBeGreaterThan(50 * median);
    const dated = relations.filter((r) => r.validFrom !== null).length / relations.length;
    expect(dated).toBeGreaterThan(0.4);
    expect(relations.some((r) => r.validTo !== null && r.current === false)).toBe(true);
  });
});
