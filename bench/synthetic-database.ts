/**
 * What every benchmark starts from: a throwaway Neo4j on loopback (port 17689, a temporary folder,
 * deleted afterwards), and the API's configuration as `npm start` reads it from the environment
 * (timeouts, limits, memory), in production mode with throttling out of the way. Most benchmarks
 * then load the seeded synthetic graph through the normal ingestion path.
 */
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../src/config.js';
import { Database, type StatementListener } from '../src/data/database.js';
import { applySchema } from '../src/data/schema-setup.js';
import type { Bundle } from '../src/ingest/bundle.js';
import { loadBundle } from '../src/ingest/load-bundle.js';
import { LocalNeo4j } from '../src/local-neo4j/local-neo4j.js';
import { generateSyntheticBundles, syntheticBundles } from '../src/synthetic/synthetic-graph.js';

export interface ThrowawayDatabase {
  db: Database;
  /** The server's process id, while it runs (for its CPU time). */
  serverPid: number | null;
  config: Config;
  /** The server's folder (its data, logs and configuration), deleted afterwards. */
  instanceDir: string;
  /** How long the server took from launch until it answered. */
  startupMs: number;
  /** How many query plans the server has discarded as stale so far (replanned as statistics changed). */
  stalePlansDiscarded: () => number;
}

export interface SyntheticDatabase extends ThrowawayDatabase {
  bundles: Bundle[];
}

/** Bytes under a folder (a server's store, its transaction logs). */
export function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

/** The configuration `npm start` would use, for a benchmark: production, any port, no throttling. */
export function benchConfig(): Config {
  return loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0', RATE_LIMIT_PER_MINUTE: '10000000', NODE_ENV: 'production' });
}

/** Runs `task` on a new, empty Neo4j (schema applied) in a temporary folder, and removes it afterwards. */
export async function withThrowawayDatabase<T>(
  task: (setup: ThrowawayDatabase) => Promise<T>,
  { onStatement }: { onStatement?: StatementListener } = {},
): Promise<T> {
  const instanceDir = mkdtempSync(path.join(os.tmpdir(), 'industry-graph-bench-neo4j-'));
  const config = benchConfig();
  const local = new LocalNeo4j({ ...config.localNeo4j, boltPort: 17689, instanceDir, log: () => {} });
  const started = performance.now();
  await local.start();
  const startupMs = performance.now() - started;
  const db = new Database({ ...config.neo4j, uri: local.boltUri, ...(onStatement ? { onStatement } : {}) });
  try {
    await applySchema(db);
    const stalePlansDiscarded = () => {
      const log = path.join(instanceDir, 'logs', 'debug.log');
      return existsSync(log) ? readFileSync(log, 'utf8').split('Discarded stale query from the query cache').length - 1 : 0;
    };
    return await task({ db, config, instanceDir, startupMs, stalePlansDiscarded, serverPid: local.runningPid() });
  } finally {
    await db.close();
    await local.stop();
    rmSync(instanceDir, { recursive: true, force: true });
  }
}

/** Runs `task` on a throwaway Neo4j holding the synthetic graph of `entities` entities. */
export async function withSyntheticDatabase<T>(entities: number, task: (setup: SyntheticDatabase) => Promise<T>): Promise<T> {
  return withThrowawayDatabase(async (setup) => {
    const bundles = generateSyntheticBundles({ entities, seed: 99 });
    for (const bundle of bundles) await loadBundle(setup.db, bundle);
    return task({ ...setup, bundles });
  });
}

/** Writes the synthetic graph of `entities` to a JSON-lines file, a bundle at a time. */
export async function writeSyntheticFile(entities: number, file: string): Promise<void> {
  const out = createWriteStream(file);
  for (const bundle of syntheticBundles({ entities, seed: 99 })) {
    if (!out.write(`${JSON.stringify(bundle)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
