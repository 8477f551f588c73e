/**
 * What every benchmark starts from: a throwaway Neo4j on loopback (port 17689, a temporary folder,
 * deleted afterwards) holding the seeded synthetic graph, loaded through the normal ingestion path,
 * and the API's production configuration with throttling out of the way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../src/config.js';
import { Database } from '../src/data/database.js';
import { applySchema } from '../src/data/schema-setup.js';
import type { Bundle } from '../src/ingest/bundle.js';
import { loadBundle } from '../src/ingest/load-bundle.js';
import { LocalNeo4j } from '../src/local-neo4j/local-neo4j.js';
import { generateSyntheticBundles } from '../src/synthetic/synthetic-graph.js';

export interface SyntheticDatabase {
  db: Database;
  config: Config;
  bundles: Bundle[];
}

export async function withSyntheticDatabase<T>(entities: number, task: (setup: SyntheticDatabase) => Promise<T>): Promise<T> {
  const instanceDir = mkdtempSync(path.join(os.tmpdir(), 'industry-graph-bench-neo4j-'));
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', RATE_LIMIT_PER_MINUTE: '10000000', NODE_ENV: 'production' });
  const local = new LocalNeo4j({ ...config.localNeo4j, boltPort: 17689, heap: '1g', pageCache: '256m', instanceDir, log: () => {} });
  await local.start();
  const db = new Database({ ...config.neo4j, uri: local.boltUri });
  try {
    await applySchema(db);
    const bundles = generateSyntheticBundles({ entities, seed: 99 });
    for (const bundle of bundles) await loadBundle(db, bundle);
    return await task({ db, config, bundles });
  } finally {
    await db.close();
    await local.stop();
    rmSync(instanceDir, { recursive: true, force: true });
  }
}
