/**
 * Loading the seed through the ingestion path on the real Neo4j: idempotent, and all-or-nothing
 * whether the bundle is rejected before writing or fails half-way through its transaction.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSeed } from '../../src/bootstrap.js';
import { writeBundle } from '../../src/data/bundle-store.js';
import { SYSTEM_ACTOR } from '../../src/auth/actors.js';
import { Database, Transaction } from '../../src/data/database.js';
import { applySchema } from '../../src/data/schema-setup.js';
import { BundleError } from '../../src/errors.js';
import { loadBundle } from '../../src/ingest/load-bundle.js';
import { prepareBundle } from '../../src/ingest/prepare-bundle.js';
import { seedBundle, seedText } from '../support/seed-builders.js';
import { snapshotGraph, testDatabase, wipe } from '../support/test-api.js';

let db: Database;
beforeAll(async () => {
  db = testDatabase();
  await applySchema(db);
});
beforeEach(() => wipe(db));
afterAll(() => db?.close());

describe('loading the seed', () => {
  it('loads the whole article, and a second load changes nothing', async () => {
    await loadSeed(db, () => {});
    const once = await snapshotGraph(db);
    expect(JSON.parse(once).nodes.length).toBeGreaterThan(20);
    await loadSeed(db, () => {});
    expect(await snapshotGraph(db)).toBe(once);
  });

  it('reports a second load as matching everything and creating nothing', async () => {
    const first = await loadBundle(db, seedBundle());
    const second = await loadBundle(db, seedBundle());
    expect(first.entities.created).toBeGreaterThan(0);
    expect(second.entities).toEqual({ created: 0, updated: first.entities.created });
    expect(second.relations).toEqual({ created: 0, updated: first.relations.created });
    expect(second.statements).toEqual({ created: 0, updated: first.statements.created });
  });

  it('a quote not in the text fails the load with a message naming it, and loads nothing', async () => {
    const bad = seedBundle((raw) => {
      raw.relations[1].evidence = ['Manturov, Minister of Industry, Trade and Everything Else'];
    });
    const error = await loadBundle(db, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as Error).message).toContain('Manturov, Minister of Industry, Trade and Everything Else');
    expect((error as Error).message).toContain('relations[1]');
    expect(JSON.parse(await snapshotGraph(db))).toEqual({ nodes: [], relationships: [] });
  });

  it('a bundle rejected on a seeded graph leaves the graph exactly as it was', async () => {
    await loadSeed(db, () => {});
    const before = await snapshotGraph(db);
    const bad = seedBundle((raw) => {
      raw.entities[0].description = 'Changed, which must not land';
      raw.statements[0].evidence.push('a sentence the article never wrote');
    });
    await expect(loadBundle(db, bad)).rejects.toThrow(/a sentence the article never wrote/);
    expect(await snapshotGraph(db)).toBe(before);
  });

  it('a reference to an entity neither in the bundle nor in the graph rolls everything back', async () => {
    const bad = seedBundle((raw) => {
      raw.relations.push({ type: 'OWNS', from: 'organization/nobody-known', to: 'plant/kaluga-automotive-plant', evidence: ['Kaluga site'] });
    });
    await expect(loadBundle(db, bad)).rejects.toThrow(/organization\/nobody-known is referred to but neither defined/);
    expect(JSON.parse(await snapshotGraph(db)).nodes).toEqual([]);
  });

  it('a failure half-way through the write transaction leaves nothing half-written', async () => {
    // A Database whose transactions fail when they reach the statements, after the entities, the
    // document and the relations are written: the real Neo4j must roll all of it back.
    const written: string[] = [];
    class FailingDatabase extends Database {
      override write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
        return super.write((tx) => {
          const failing = new Proxy(tx, {
            get(target, property, receiver) {
              if (property !== 'run') return Reflect.get(target, property, receiver);
              return async (...args: Parameters<Transaction['run']>) => {
                const [query] = args;
                if (query.name === 'mergeStatements') throw new Error('injected failure after partial writes');
                if (/^(merge|create)/.test(query.name)) written.push(query.name);
                return target.run(...args);
              };
            },
          });
          return work(failing);
        });
      }
    }
    const failing = new FailingDatabase({ ...db.options, uri: db.uri });
    try {
      await expect(writeBundle(failing, prepareBundle(seedBundle(), seedText()), { actor: SYSTEM_ACTOR })).rejects.toThrow(/injected failure/);
      expect(written).toEqual(expect.arrayContaining(['createEntities', 'mergeDocument', 'createRelations']));
    } finally {
      await failing.close();
    }
    expect(JSON.parse(await snapshotGraph(db))).toEqual({ nodes: [], relationships: [] });
  });

  it('a document id already used for another text is refused', async () => {
    await loadSeed(db, () => {});
    const before = await snapshotGraph(db);
    const changed = seedBundle((raw) => {
      raw.document.text = `${seedText()}\nA correction was appended.`;
    });
    await expect(loadBundle(db, changed)).rejects.toThrow(/already in the graph with a different text/);
    expect(await snapshotGraph(db)).toBe(before);
  });
});
