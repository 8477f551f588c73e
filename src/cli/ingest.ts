/**
 * `npm run ingest -- <bundle.json> [...]`: loads article bundles into the configured database, through
 * the same checks and single transaction as the ingestBundle mutation. For operators on the
 * database's machine; over the network, use the mutation with an ingest key.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cliActor } from '../auth/actors.js';
import { withDatabase } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { applySchema } from '../data/schema-setup.js';
import { describeSummary, loadBundleFile } from '../ingest/load-bundle.js';
import { runCli, UsageError } from './run-cli.js';

await runCli(async () => {
  const config = loadConfig();
  const given = process.argv.slice(2);
  if (given.length === 0) throw new UsageError('usage: npm run ingest -- <bundle.json> [more bundles ...]');
  // npm runs scripts in the project's root: a relative path means the folder the user typed it in.
  const files = given.map((file) => path.resolve(config.invocationDir, file));
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new UsageError(
      `No bundle file at ${missing.join(', ')} (relative paths are taken from ${config.invocationDir}, where npm was run).`,
    );
  }
  await withDatabase(config, async (db) => {
    await applySchema(db);
    for (const file of files) console.log(`Ingested ${describeSummary(await loadBundleFile(db, file, { actor: cliActor() }))}`);
  });
});
