/**
 * `npm start`: the API, with a local Neo4j started (and fetched the first time) when NEO4J_URI is
 * not set. Ctrl-C (SIGINT) or SIGTERM drains requests in flight, then closes the driver, then stops
 * the local database.
 */
import { startServer, type RunningServer } from './app.js';
import { databaseFor, localNeo4jFor, prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { Neo4jSetupError } from './local-neo4j/local-neo4j.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const local = config.neo4j.uri === null ? localNeo4jFor(config) : null;
  // A server left running by `npm run db:start` is reused, and left running on exit.
  const ownsLocal = local !== null && local.runningPid() === null;
  if (local) await local.start();
  const uri = config.neo4j.uri ?? local!.boltUri;
  const db = databaseFor(config, uri);
  const stopDatabase = async () => {
    await db.close();
    if (local && ownsLocal) {
      console.log('Stopping the local Neo4j ...');
      await local.stop();
    }
  };

  let server: RunningServer;
  try {
    await prepareDatabase(db, config);
    server = await startServer(db, config);
  } catch (error) {
    await stopDatabase();
    throw error;
  }
  console.log(`industry-graph is serving GraphQL at ${server.url} (database ${uri})`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining requests in flight ...`);
    await server.stop();
    await stopDatabase();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof Neo4jSetupError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
