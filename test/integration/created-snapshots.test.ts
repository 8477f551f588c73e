/**
 * History's snapshots of the subjects a bundle creates are derived from its rows, not read back
 * (data/created-snapshots.ts): they must be what the database would read back, field by field and
 * quote by quote, or history would record what the graph does not hold. Checked on the seed article
 * (names, aliases, kind-specific fields, statements with events and revisions) and a synthetic graph.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdSnapshots } from '../../src/data/created-snapshots.js';
import type { Database } from '../../src/data/database.js';
import { snapshotSubjects } from '../../src/data/history-store.js';
import { applySchema } from '../../src/data/schema-setup.js';
import type { Bundle } from '../../src/ingest/bundle.js';
import { loadBundle } from '../../src/ingest/load-bundle.js';
import { checkBundle } from '../../src/ingest/prepare-bundle.js';
import { generateSyntheticBundles } from '../../src/synthetic/synthetic-graph.js';
import { seedBundle, seedText } from '../support/seed-builders.js';
import { testDatabase, wipe } from '../support/test-api.js';

let db: Database;
beforeAll(async () => {
  db = testDatabase();
  await wipe(db);
  await applySchema(db);
});
afterAll(() => db?.close());

/** Each subject of each bundle, as derived and as read back from the graph the bundles built. */
async function compare(bundles: Array<{ bundle: Bundle; text: string }>) {
  for (const { bundle } of bundles) await loadBundle(db, bundle);
  for (const { bundle, text } of bundles) {
    const derived = createdSnapshots(checkBundle(bundle, text).prepared);
    const read = await db.read((tx) => snapshotSubjects(tx, derived.keys()));
    expect(derived.size).toBeGreaterThan(0);
    for (const [id, snapshot] of derived) expect(snapshot, id).toEqual(read.get(id));
  }
}

describe('the snapshot of a subject a bundle created', () => {
  it('is what the database reads back, for every subject of the seed article', async () => {
    await compare([{ bundle: seedBundle(), text: seedText() }]);
  });

  it('is what the database reads back, for every subject of a synthetic graph', async () => {
    await compare(generateSyntheticBundles({ entities: 400, seed: 11, documents: 4 }).map((bundle) => ({ bundle, text: bundle.document.text! })));
  });

  it('is what the database reads back when a bundle gives a quote, a name or an alias twice', async () => {
    await wipe(db);
    await applySchema(db);
    const bundle = seedBundle((raw) => {
      const [first] = raw.entities;
      first.evidence = [...first.evidence, ...first.evidence];
      first.aliases = [first.name, ...first.aliases, ...first.aliases];
    });
    await compare([{ bundle, text: seedText() }]);
  });
});
