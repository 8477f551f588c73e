/**
 * `npm run ingest -- <bundle.json> [...]`: loads article bundles into the configured database, through
 * the same checks and single transaction as the ingestBundle mutation. For operators on the
 * database's machine; over the network, use the mutation with an ingest key.
 */
import { cliActor } from '../auth/actors.js';
import { withDatabase } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { applySchema } from '../data/schema-setup.js';
import { describeSummary, loadBundleFile } from '../ingest/load-bundle.js';
import { runCli, UsageError } from './run-cli.js';

await runCli(async () => {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new UsageError('usage: npm run ingest -- <bundle.json> [more bundles ...]');
  await withDatabase(loadConfig(), async (db) => {
    await applySchema(db);
    for (const file of files) console.log(`Ingested ${describeSummary(await loadBundleFile(db, file, { actor: cliActor() }))}`);
  });
});
