/**
 * The HTTP server: Apollo Server on /graphql (src/http/graphql-endpoint.ts), Express for the rest
 * (the health check on /health, the playground or the page that says it is off, the explorer). Built from explicit
 * dependencies (database, config) so tests can run it on any port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { authenticate, jwtVerifier } from './auth/authenticate.js';
import { authorizationPlugin } from './auth/authorization-plugin.js';
import type { Config } from './config.js';
import { createContext, type GraphQLContext } from './context.js';
import type { Database } from './data/database.js';
import { isDatabaseUnavailable, isTransactionTimeout } from './data/driver-errors.js';
import {
  databaseUnavailable,
  databaseUnavailableAnswer,
  ErrorCode,
  internalErrorAnswer,
  PathSearchLimitError,
  pathSearchLimitAnswer,
  INTROSPECTION_OFF_MESSAGE,
  queryTimeoutAnswer,
  WriteTimeoutError,
  writeTimeoutAnswer,
} from './errors.js';
import { resolvers } from './graphql/resolvers/index.js';
import { loadTypeDefs } from './graphql/schema.js';
import { pageSizeRule } from './graphql/validation.js';
import { graphqlEndpoint, refuseBody } from './http/graphql-endpoint.js';
import { Throttle } from './http/throttle.js';
import { explorerRouter } from './explorer.js';
import { playgroundOffRouter, playgroundRouter } from './playground.js';

/**
 * Errors the client can act on keep their message and code; anything else (a bug, a driver
 * failure) becomes a generic message, so no internals leak. The database being down is named.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  // A failure while building the context (looking up an API key) arrives wrapped once more; and
  // Apollo's error classes may come from another copy of graphql-js than ours, so look by shape too.
  const cause = (error as { originalError?: unknown } | null)?.originalError;
  const writeTimeout = [original, cause].find((e) => e instanceof WriteTimeoutError);
  if (writeTimeout) return writeTimeoutAnswer(writeTimeout, formatted.path);
  if (original instanceof PathSearchLimitError) return pathSearchLimitAnswer(original, formatted.path);
  if (isTransactionTimeout(original) || isTransactionTimeout(cause)) return queryTimeoutAnswer(formatted.path);
  if (isDatabaseUnavailable(original) || isDatabaseUnavailable(cause)) return databaseUnavailableAnswer(formatted.path);
  // Apollo's refusal speaks to the programmer ("pass introspection: true to ApolloServer"); ours
  // names the setting.
  if (/^GraphQL introspection is not allowed/.test(formatted.message)) {
    formatted = { ...formatted, message: INTROSPECTION_OFF_MESSAGE };
  }
  let code = formatted.extensions?.code;
  // A scalar that rejects a literal in the query (a malformed PartialDate) fails validation, but it
  // is bad input like the same value sent as a variable, so it gets the same code.
  // (Checked by shape: Apollo's error classes may come from another copy of graphql-js than ours.)
  const scalarError = cause as { extensions?: { code?: unknown } } | undefined;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && scalarError?.extensions?.code === ErrorCode.BAD_USER_INPUT) {
    code = ErrorCode.BAD_USER_INPUT;
    formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
  }
  if (code === ErrorCode.INTERNAL_SERVER_ERROR || code === undefined) {
    // The client gets a generic message; the operator gets the real error.
    console.error('Unexpected error', formatted.path?.join('.') ?? '', original);
    return internalErrorAnswer(formatted.path);
  }
  // Keep only what the client needs: no stack traces, no exception objects, and no word of where
  // in the server the error arose (Apollo prefixes errors thrown while building the context).
  const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, message: formatted.message.replace(/^Context creation failed: /, ''), extensions };
}

export interface RunningServer {
  url: string;
  port: number;
  server: http.Server;
  apollo: ApolloServer<GraphQLContext>;
  /** Stops accepting requests and waits for those in flight. Does not close the database. */
  stop(): Promise<void>;
}

/**
 * The GraphQL server with every limit, check and plugin of the API, without HTTP: startServer puts
 * it on Express, and tests may run operations on it directly (`executeOperation`) with a context of
 * their own. `plugins` are added to ours (the HTTP server's drain, for one).
 */
export function createApolloServer(config: Config, plugins: ApolloServerPlugin<GraphQLContext>[] = []): ApolloServer<GraphQLContext> {
  // Limits on the document itself, checked before anything runs. Introspection is on wherever the
  // playground is (it builds itself from it), so the depth and cost limits let the standard
  // introspection query through there; in production without a playground it is off altogether.
  const introspection = config.introspection;
  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.depth, ignoreIntrospection: introspection, flattenFragments: true },
    costLimit: { maxCost: config.limits.cost, ignoreIntrospection: introspection, flattenFragments: true },
    // Aliased __typename counts too (armor lets it through by default): 100 of them is the alias
    // overloading probe that scanners such as graphql-cop send.
    maxAliases: { n: config.limits.aliases, allowList: [] },
    maxDirectives: { n: config.limits.directives },
    // Tokens are limited by graphql-js's own parser (parseOptions below): armor's token plugin turns
    // every syntax error into a 500 (graphql-armor#571, #751).
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.production },
  }).protect();
  return new ApolloServer<GraphQLContext>({
    typeDefs: loadTypeDefs(),
    resolvers,
    formatError,
    ...armor,
    validationRules: [pageSizeRule(config.maxPageSize), ...armor.validationRules],
    parseOptions: { maxTokens: config.limits.tokens },
    introspection,
    // graphql-armor masks only field suggestions; this hides enum and type hints too.
    hideSchemaDetailsFromClientErrors: config.production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns shutdown: it drains the API first, then closes the driver and the local database.
    stopOnTerminationSignals: false,
    plugins: [
      // graphql-armor's typings come from Apollo's CommonJS build, ours from its ES build: same plugins.
      ...(armor.plugins as unknown as ApolloServerPlugin<GraphQLContext>[]),
      authorizationPlugin<GraphQLContext>({ requireReadKey: config.requireReadKey }),
      ...plugins,
      // Apollo's default landing page loads its IDE from a CDN; ours is served by playground.ts.
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used: Apollo's default cache-control plugin would wrap every field's resolver for nothing.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
}

/** Starts the API on config.http (port 0 picks a free port). */
export async function startServer(db: Database, config: Config): Promise<RunningServer> {
  const app = express();
  const throttle = new Throttle(config.rateLimitPerMinute, config.trustProxyHops);
  const verifyJwt = config.jwt ? jwtVerifier(config.jwt) : null;
  const server = http.createServer();
  const apollo = createApolloServer(config, [ApolloServerPluginDrainHttpServer({ httpServer: server })]);
  await apollo.start();
  const graphql = graphqlEndpoint<GraphQLContext>({
    apollo,
    throttle,
    corsOrigins: config.corsOrigins,
    context: async (req) => {
      try {
        return createContext(db, config, await authenticate(req.headers, db, verifyJwt));
      } catch (error) {
        // Looking up an API key needs the database: its absence is a 503 the client can retry.
        if (isDatabaseUnavailable(error)) throw databaseUnavailable();
        throw error;
      }
    },
  });
  // POST /graphql, nearly every request, goes straight to the endpoint, and so does a browser's
  // CORS preflight (Express would answer it for the playground's GET route, without CORS headers).
  // Express routes the rest.
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if ((req.method === 'POST' || req.method === 'OPTIONS') && (req.url === '/graphql' || req.url?.startsWith('/graphql?'))) graphql(req, res);
    else app(req, res);
  });

  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    const up = await db.ping();
    res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down' });
  });
  app.use(config.playground ? playgroundRouter() : playgroundOffRouter());
  if (config.explorer) app.use(explorerRouter());
  app.use('/graphql', (req, res) => graphql(req, res));
  app.use((error: { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    refuseBody(res, error);
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
    stop: async () => {
      await apollo.stop();
      throttle.shutdown();
    },
  };
}
