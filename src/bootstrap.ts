/**
 * Getting a database ready for the API: connect to the configured Neo4j or start the local one,
 * apply constraints and indexes, and load the seed into an empty graph. Used by `npm start`,
 * `npm run seed` and the test suite alike.
 */
import path from 'node:path';
import { PROJECT_ROOT, type Config } from './config.js';
import { Database } from './data/database.js';
import { isGraphEmpty } from './data/bundle-store.js';
import { applySchema } from './data/schema-setup.js';
import { describeSummary, loadBundleFile, SEED_BUNDLES, SEED_DIR } from './ingest/load-bundle.js';
import { LocalNeo4j } from './local-neo4j/local-neo4j.js';

export function localNeo4jFor(config: Config, log?: (line: string) => void): LocalNeo4j {
  return new LocalNeo4j({ ...config.localNeo4j, ...(log ? { log } : {}) });
}

export function databaseFor(config: Config, uri: string): Database {
  return new Database({ ...config.neo4j, uri });
}

/** Loads every seed bundle, in order; each is idempotent, so this is safe to repeat. */
export async function loadSeed(db: Database, log: (line: string) => void = console.log): Promise<void> {
  for (const file of SEED_BUNDLES) {
    const summary = await loadBundleFile(db, path.join(PROJECT_ROOT, SEED_DIR, file));
    log(`Seeded ${describeSummary(summary)}`);
  }
}

/** Applies the schema and, if the graph is empty and seeding is on, loads the seed. */
export async function prepareDatabase(db: Database, config: Config, log: (line: string) => void = console.log): Promise<void> {
  await applySchema(db);
  if (config.seedOnEmpty && (await isGraphEmpty(db))) await loadSeed(db, log);
}

/**
 * Runs a task against the configured database: NEO4J_URI when set, otherwise the local server,
 * started for the task (and stopped after it) unless it was already running.
 */
export async function withDatabase<T>(config: Config, task: (db: Database) => Promise<T>): Promise<T> {
  // What the tool says of its database goes to stderr, so that its output (a new key) stays clean.
  const say = (line: string) => console.error(line);
  let local: LocalNeo4j | null = null;
  let uri = config.neo4j.uri;
  if (uri === null) {
    const candidate = localNeo4jFor(config, say);
    if ((await candidate.start()).started) {
      local = candidate;
      say(`(the local Neo4j was not running: started for this command, stopped after it)`);
    }
    uri = candidate.boltUri;
  } else {
    say(`Using Neo4j at ${uri} (NEO4J_URI), database ${config.neo4j.database}.`);
  }
  const db = databaseFor(config, uri);
  try {
    return await task(db);
  } finally {
    await db.close();
    if (local) await local.stop();
  }
}
