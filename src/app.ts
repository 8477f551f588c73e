/**
 * The HTTP server: Express with Apollo Server on /graphql and a health check on /health.
 * Built from explicit dependencies (database, config) so tests can run it on any port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { isRetryableError, Neo4jError } from 'neo4j-driver';
import type { Config } from './config.js';
import { createContext, type GraphQLContext } from './context.js';
import type { Database } from './data/database.js';
import { DATABASE_UNAVAILABLE_MESSAGE, ErrorCode } from './errors.js';
import { resolvers } from './graphql/resolvers/index.js';
import { loadTypeDefs } from './graphql/schema.js';
import { playgroundRouter } from './playground.js';

/** Driver errors that mean "the database is not there right now", as opposed to a bad query. */
function isDatabaseUnavailable(error: unknown): boolean {
  return error instanceof Neo4jError && (isRetryableError(error) || error.code === 'Neo.ClientError.Database.DatabaseNotFound');
}

/**
 * Errors the client can act on keep their message and code; anything else (a bug, a driver
 * failure) becomes a generic message, so no internals leak. The database being down is named.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isDatabaseUnavailable(original)) {
    return { message: DATABASE_UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: ErrorCode.DATABASE_UNAVAILABLE } };
  }
  let code = formatted.extensions?.code;
  // A scalar that rejects a literal in the query (a malformed PartialDate) fails validation, but it
  // is bad input like the same value sent as a variable, so it gets the same code.
  // (Checked by shape: Apollo's error classes may come from another copy of graphql-js than ours.)
  const cause = (error as { originalError?: { extensions?: { code?: unknown } } } | null)?.originalError;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && cause?.extensions?.code === ErrorCode.BAD_USER_INPUT) {
    code = ErrorCode.BAD_USER_INPUT;
    formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
  }
  if (code === ErrorCode.INTERNAL_SERVER_ERROR || code === undefined) {
    // The client gets a generic message; the operator gets the real error.
    console.error('Unexpected error', formatted.path?.join('.') ?? '', original);
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  }
  // Keep only what the client needs: no stack traces, no exception objects.
  const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions };
}

export interface RunningServer {
  url: string;
  port: number;
  server: http.Server;
  apollo: ApolloServer<GraphQLContext>;
  /** Stops accepting requests and waits for those in flight. Does not close the database. */
  stop(): Promise<void>;
}

/** Starts the API on config.http (port 0 picks a free port). */
export async function startServer(db: Database, config: Config): Promise<RunningServer> {
  const app = express();
  const server = http.createServer(app);
  const apollo = new ApolloServer<GraphQLContext>({
    typeDefs: loadTypeDefs(),
    resolvers,
    formatError,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns shutdown: it drains the API first, then closes the driver and the local database.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      // Apollo's default landing page loads its IDE from a CDN; ours is served by playground.ts.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    const up = await db.ping();
    res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down' });
  });
  if (config.playground) app.use(playgroundRouter());
  app.use(
    '/graphql',
    cors<cors.CorsRequest>(),
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, { context: async () => createContext(db, config) }),
  );

  // Bodies that never reach Apollo (malformed JSON, over the size limit) still get a GraphQL-shaped
  // error with a code, never Express's HTML page with a stack trace.
  app.use((error: { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const tooLarge = error.type === 'entity.too.large';
    const status = tooLarge ? 413 : error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) console.error('Unexpected error outside GraphQL', error);
    const code = tooLarge ? ErrorCode.PAYLOAD_TOO_LARGE : status === 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_REQUEST;
    const message = tooLarge ? 'The request body is too large.' : status === 500 ? 'Internal server error' : 'The request body is not valid JSON.';
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    server,
    apollo,
    stop: () => apollo.stop(),
  };
}
