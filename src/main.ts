/**
 * `npm start`: the API, with a local Neo4j started (and fetched the first time) when NEO4J_URI is
 * not set. Ctrl-C (SIGINT) or SIGTERM drains requests in flight, then closes the driver, then stops
 * the local database.
 */
import { startServer, type RunningServer } from './app.js';
import { databaseFor, localNeo4jFor, prepareDatabase } from './bootstrap.js';
import { loadConfig } from './config.js';
import { describeFailure } from './describe-failure.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const local = config.neo4j.uri === null ? localNeo4jFor(config) : null;
  // A server left running by `npm run db:start` (or another `npm start`) is reused, and left running on exit.
  const ownsLocal = local !== null && (await local.start()).started;
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
    // Said first, so that an `npm start` run while this one drains waits for the database to go.
    if (local && ownsLocal) local.markStopping();
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
  console.error(describeFailure(error, 'starting'));
  process.exit(1);
});
