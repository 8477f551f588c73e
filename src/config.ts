/**
 * Configuration, parsed once from the environment. Nothing else in the code base reads
 * process.env: everything takes the typed Config below.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The project's root folder: the nearest one above this file with a package.json. Found by looking
 * rather than by counting folders, since this file runs both from src/ (tsx) and from dist/src/
 * (`npm start` runs the compiled build).
 */
export const PROJECT_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

/**
 * The fixed limits of what one request may ask for, in one place: the argument checks, the
 * validation rule and the queries read them here, and the SDL's descriptions state the same
 * numbers (test/unit/schema-descriptions.test.ts holds them to it). The page size maximum is
 * configurable (MAX_PAGE_SIZE); these are not, since the queries' costs were measured with them.
 */
export const LIMITS = {
  /** neighborhood(depth:): steps out from the centre. */
  neighborhoodDepth: 3,
  /** neighborhood(limit:): entities in one answer, the centre included. */
  neighborhoodEntities: 500,
  /** Relations of any one entity expanded in a neighbourhood. */
  neighborhoodRelationsPerEntity: 50,
  /** paths(maxHops:): steps in one path. */
  pathHops: 6,
  /** paths(first:): paths in one answer. */
  paths: 10,
  /** timeline(first:): items in one answer. */
  timelineItems: 500,
  /** search(text:): characters. */
  searchText: 200,
  /** Relations in a list without pages (a person's positions, a plant's owners). */
  unpagedRelations: 1000,
  /**
   * Index hits a search looks through per hit it returns, then at most, when its kind and
   * visibility filters (which run after the index) left it short: see data/entity-lists.ts.
   */
  searchCandidatesPerHit: 5,
  searchCandidates: 1000,
  /** Entity.sources(first:): documents listed with what each supports. */
  entitySources: 100,
  /** documents(first:) when not given (at most the page size maximum). */
  documentsPage: 100,
} as const;

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const port = (fallback: number, min = 1) => z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(65535).default(fallback));
const bool = (fallback: boolean) =>
  z.preprocess(emptyAsUndefined, z.enum(['true', 'false', '1', '0']).default(fallback ? 'true' : 'false')).transform((v) => v === 'true' || v === '1');
const memorySize = (fallback: string) =>
  z.preprocess(emptyAsUndefined, z.string().regex(/^\d+[kmg]$/i, 'a size such as 512m or 2g').default(fallback));

const EnvSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'production', 'test']).default('development')),
  HOST: z.preprocess(emptyAsUndefined, z.string().default('localhost')),
  PORT: port(4000, 0), // 0: any free port
  NEO4J_URI: optionalString,
  NEO4J_USERNAME: z.preprocess(emptyAsUndefined, z.string().default('neo4j')),
  NEO4J_PASSWORD: optionalString,
  NEO4J_DATABASE: z.preprocess(emptyAsUndefined, z.string().default('neo4j')),
  NEO4J_READ_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).default(15000)),
  NEO4J_WRITE_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).default(120000)),
  // The old name of NEO4J_READ_TIMEOUT_MS, from before writes had their own: refused with a pointer.
  NEO4J_TX_TIMEOUT_MS: optionalString,
  NEO4J_MAX_RETRY_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(5000)),
  LOCAL_NEO4J_DIR: z.preprocess(emptyAsUndefined, z.string().default('.neo4j')),
  LOCAL_NEO4J_BOLT_PORT: port(7687),
  LOCAL_NEO4J_HEAP: memorySize('1g'),
  LOCAL_NEO4J_PAGECACHE: memorySize('512m'),
  JAVA_HOME: optionalString,
  SEED_ON_EMPTY: bool(true),
  INGEST_BATCH_ROWS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1_000_000).default(20_000)),
  MAX_PAGE_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1000).default(100)),
  PATH_SEARCH_RELATIONS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10_000_000).default(300_000)),
  NEO4J_TEST_URI: optionalString,
  REQUIRE_BROWSER_TESTS: bool(false),
  REQUIRE_READ_KEY: bool(false),
  TRUST_PROXY_HOPS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(10).default(0)),
  JWT_ISSUER: optionalString,
  JWT_AUDIENCE: optionalString,
  JWT_JWKS_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  JWT_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'at least 32 characters').optional()),
  RATE_LIMIT_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(600)),
  MAX_QUERY_DEPTH: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(2).default(12)),
  MAX_QUERY_TOKENS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(50).default(400)),
  MAX_QUERY_COST: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).default(20000)),
  MAX_ALIASES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(15)),
  PLAYGROUND: z.preprocess(emptyAsUndefined, z.enum(['true', 'false', '1', '0']).optional()),
  EXPLORER: bool(true),
  // Comma-separated origins (https://app.example.org) whose pages may call the API; * or unset: any.
  CORS_ORIGINS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === '*' ? null : v.split(',').map((o) => o.trim()).filter((o) => o !== '')))
      .pipe(z.array(z.url().refine((o) => URL.canParse(o) && new URL(o).origin === o, 'each an origin: scheme, host and port only, e.g. https://app.example.org')).nullable()),
  ),
  // Set by npm to the folder `npm run` was typed in (scripts themselves run in the project's root).
  INIT_CWD: optionalString,
});

export interface Config {
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number };
  /**
   * Reads and writes have their own server-side timeouts: a read answers a person waiting (short),
   * a write may load a large bundle in one transaction (long).
   */
  neo4j: {
    /** Set when the API should use an existing Neo4j; null means start the project's own local server. */
    uri: string | null;
    username: string;
    password: string | null;
    database: string;
    readTimeoutMs: number;
    writeTimeoutMs: number;
    maxRetryTimeMs: number;
  };
  localNeo4j: { dir: string; boltPort: number; heap: string; pageCache: string; javaHome: string | null };
  seedOnEmpty: boolean;
  /**
   * `npm run ingest` writes bundles together in one transaction until they hold this many rows
   * (entities, relations, statements, quotes): fewer commits, each within NEO4J_WRITE_TIMEOUT_MS.
   */
  ingestBatchRows: number;
  maxPageSize: number;
  /** Relations one paths question may read before it stops and says so (data/path-search.ts). */
  pathSearchRelations: number;
  /** Serve the GraphQL playground at GET /graphql (browsers) and /playground; on unless production. */
  playground: boolean;
  /** Serve the explorer (a page for analysts, built on the public API) at /explore; on unless EXPLORER=false. */
  explorer: boolean;
  /** Origins whose pages may call the API from a browser (CORS); null: any origin. */
  corsOrigins: string[] | null;
  /** Production hides the schema: no introspection (unless the playground is on), no field suggestions. */
  production: boolean;
  /** Whether the schema may be introspected: outside production, and wherever the playground is served (it needs it). */
  introspection: boolean;
  /** Reads need an API key too (any role), not only writes. */
  requireReadKey: boolean;
  /**
   * JWTs accepted besides API keys, when an issuer is configured: verified against a JWKS URL or an
   * HS256 secret, with the roles in the token's `roles` claim.
   */
  jwt: { issuer: string; audience: string; jwksUrl: string | null; secret: string | null } | null;
  /** Requests per minute per client (its address) and operation; three times that per client in all. */
  rateLimitPerMinute: number;
  /** Reverse proxies in front of the API whose X-Forwarded-For is trusted for the client's address. */
  trustProxyHops: number;
  /** Limits on a GraphQL document, enforced before it runs. */
  limits: { depth: number; tokens: number; cost: number; aliases: number; directives: number };
  /** For the test suite only: an existing Neo4j to test against instead of a throwaway local one. */
  testNeo4jUri: string | null;
  /** For the test suite only: fail (rather than skip) the browser tests when Chromium is missing; CI sets it. */
  requireBrowserTests: boolean;
  /** The folder the user ran the command in, against which the command-line tools resolve relative paths. */
  invocationDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into a Config, reporting every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  if (e.NEO4J_TX_TIMEOUT_MS !== undefined) {
    throw new ConfigError(['NEO4J_TX_TIMEOUT_MS: renamed; set NEO4J_READ_TIMEOUT_MS (reads) and, if needed, NEO4J_WRITE_TIMEOUT_MS (writes)']);
  }
  if (e.JWT_ISSUER && !e.JWT_JWKS_URL && !e.JWT_SECRET) {
    throw new ConfigError(['JWT_ISSUER: needs JWT_JWKS_URL or JWT_SECRET to verify tokens with']);
  }
  if (e.JWT_ISSUER && !e.JWT_AUDIENCE) {
    // Without an audience, a token the same issuer made for another application would be accepted.
    throw new ConfigError(['JWT_AUDIENCE: required with JWT_ISSUER']);
  }
  return {
    env: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT },
    neo4j: {
      uri: e.NEO4J_URI ?? null,
      username: e.NEO4J_USERNAME,
      password: e.NEO4J_PASSWORD ?? null,
      database: e.NEO4J_DATABASE,
      readTimeoutMs: e.NEO4J_READ_TIMEOUT_MS,
      writeTimeoutMs: e.NEO4J_WRITE_TIMEOUT_MS,
      maxRetryTimeMs: e.NEO4J_MAX_RETRY_MS,
    },
    localNeo4j: {
      dir: path.resolve(PROJECT_ROOT, e.LOCAL_NEO4J_DIR),
      boltPort: e.LOCAL_NEO4J_BOLT_PORT,
      heap: e.LOCAL_NEO4J_HEAP,
      pageCache: e.LOCAL_NEO4J_PAGECACHE,
      javaHome: e.JAVA_HOME ?? null,
    },
    seedOnEmpty: e.SEED_ON_EMPTY,
    ingestBatchRows: e.INGEST_BATCH_ROWS,
    maxPageSize: e.MAX_PAGE_SIZE,
    pathSearchRelations: e.PATH_SEARCH_RELATIONS,
    playground: e.PLAYGROUND === undefined ? e.NODE_ENV !== 'production' : e.PLAYGROUND === 'true' || e.PLAYGROUND === '1',
    explorer: e.EXPLORER,
    corsOrigins: e.CORS_ORIGINS,
    testNeo4jUri: e.NEO4J_TEST_URI ?? null,
    requireBrowserTests: e.REQUIRE_BROWSER_TESTS,
    production: e.NODE_ENV === 'production',
    introspection: e.NODE_ENV !== 'production' || e.PLAYGROUND === 'true' || e.PLAYGROUND === '1',
    requireReadKey: e.REQUIRE_READ_KEY,
    jwt: e.JWT_ISSUER ? { issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE!, jwksUrl: e.JWT_JWKS_URL ?? null, secret: e.JWT_SECRET ?? null } : null,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    trustProxyHops: e.TRUST_PROXY_HOPS,
    invocationDir: e.INIT_CWD ?? process.cwd(),
    limits: { depth: e.MAX_QUERY_DEPTH, tokens: e.MAX_QUERY_TOKENS, cost: e.MAX_QUERY_COST, aliases: e.MAX_ALIASES, directives: 10 },
  };
}
