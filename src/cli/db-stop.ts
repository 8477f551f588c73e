/** `npm run db:stop`: stops the local Neo4j started by `npm run db:start`. */
import { localNeo4jFor } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { runCli } from './run-cli.js';

await runCli(async () => {
  const stopped = await localNeo4jFor(loadConfig()).stop();
  console.log(stopped ? 'Neo4j stopped.' : 'No local Neo4j was running.');
});
