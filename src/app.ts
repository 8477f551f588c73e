/**
 * The HTTP server: Express with Apollo Server on /graphql and a health check on /health.
 * Built from explicit dependencies (database, config) so tests can run it on any port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import cors from 'cors';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
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
  INTROSPECTION_OFF_MESSAGE,
  queryTimeoutAnswer,
  rateLimitedBody,
  requestBodyErrorBody,
  WriteTimeoutError,
  writeTimeoutAnswer,
} from './errors.js';
import { resolvers } from './graphql/resolvers/index.js';
import { loadTypeDefs } from './graphql/schema.js';
import { pageSizeRule } from './graphql/validation.js';
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

/** Largest request body accepted; an ingested article with its bundle fits well within it. */
export const BODY_LIMIT = '2mb';

/**
 * A client is its address. Not the API key it presents: throttling runs before the key is checked,
 * and a key id is no secret, so keying on it would let anyone mint fresh buckets or drain another's.
 */
function clientOf(req: express.Request): string {
  return `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
}

/**
 * Throttling per client and operation, plus a total per client three times as large, so that
 * renaming operations does not lift the limit. Answers 429 with a code when exceeded.
 */
function rateLimiters(config: Config) {
  const handler = (_req: express.Request, res: express.Response) => {
    res.status(429).json(rateLimitedBody());
  };
  const common = { windowMs: 60_000, standardHeaders: 'draft-8' as const, legacyHeaders: false, handler };
  return [
    rateLimit({
      ...common,
      limit: config.rateLimitPerMinute,
      keyGenerator: (req) => {
        const operation = typeof req.body?.operationName === 'string' ? req.body.operationName.slice(0, 100) : '';
        return `${clientOf(req)}|${operation}`;
      },
    }),
    rateLimit({ ...common, limit: config.rateLimitPerMinute * 3, keyGenerator: clientOf, identifier: 'per-client' }),
  ];
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
  const server = http.createServer(app);
  const apollo = createApolloServer(config, [ApolloServerPluginDrainHttpServer({ httpServer: server })]);
  await apollo.start();

  const verifyJwt = config.jwt ? jwtVerifier(config.jwt) : null;
  app.disable('x-powered-by');
  // Behind a reverse proxy, the client's address comes from X-Forwarded-For, trusted this many hops.
  if (config.trustProxyHops > 0) app.set('trust proxy', config.trustProxyHops);
  app.get('/health', async (_req, res) => {
    const up = await db.ping();
    res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down' });
  });
  app.use(config.playground ? playgroundRouter() : playgroundOffRouter());
  app.use(
    '/graphql',
    cors<cors.CorsRequest>(),
    express.json({ limit: BODY_LIMIT }),
    ...rateLimiters(config),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return createContext(db, config, await authenticate(req.headers, db, verifyJwt));
        } catch (error) {
          // Looking up an API key needs the database: its absence is a 503 the client can retry.
          if (isDatabaseUnavailable(error)) throw databaseUnavailable();
          throw error;
        }
      },
    }),
  );

  // Bodies that never reach Apollo (malformed JSON, over the size limit) still get a GraphQL-shaped
  // error with a code, never Express's HTML page with a stack trace.
  app.use((error: { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const tooLarge = error.type === 'entity.too.large';
    const status = tooLarge ? 413 : error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) console.error('Unexpected error outside GraphQL', error);
    res.status(status).json(requestBodyErrorBody(status, tooLarge));
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
