/**
 * `npm start`: the API, with a local Neo4j started (and fetched the first time) when NEO4J_URI is
 * not set. Ctrl-C stops the API and then the database cleanly.
 */
import { startServer } from './app.js';
import { databaseFor, localNeo4jFor, prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { Neo4jSetupError, type LocalNeo4j } from './local-neo4j/local-neo4j.js';

async function main(): Promise<void> {
  const config = loadConfig();
  let local: LocalNeo4j | null = null;
  let uri = config.neo4j.uri;
  if (uri === null) {
    local = localNeo4jFor(config);
    // A server left running by `npm run db:start` is reused and left running on exit.
    const ownsDatabase = local.runningPid() === null;
    await local.start();
    if (!ownsDatabase) local = null;
    uri = `bolt://127.0.0.1:${config.localNeo4j.boltPort}`;
  }
  const db = databaseFor(config, uri);
  await prepareDatabase(db, config);
  const server = await startServer(db, config);
  console.log(`industry-graph is serving GraphQL at ${server.url} (database ${uri})`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining requests in flight ...`);
    await server.stop();
    await db.close();
    if (local) {
      console.log('Stopping the local Neo4j ...');
      await local.stop();
    }
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
