/** `npm run db:start`: starts the local Neo4j in the background and leaves it running. */
import { localNeo4jFor } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { runCli } from './run-cli.js';

await runCli(async () => {
  const local = localNeo4jFor(loadConfig());
  await local.start({ detached: true });
  console.log(`Neo4j is running on ${local.boltUri}; stop it with npm run db:stop.`);
});
