/**
 * `npm run seed`: loads the seed bundles into the configured database (the local one, started if
 * needed, when NEO4J_URI is not set). Idempotent: running it twice changes nothing.
 */
import { loadSeed, withDatabase } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { applySchema } from '../data/schema-setup.js';
import { runCli } from './run-cli.js';

await runCli(() =>
  withDatabase(loadConfig(), async (db) => {
    await applySchema(db);
    await loadSeed(db);
  }),
);
