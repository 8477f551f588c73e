/**
 * Errors with codes, made in one place. Every failure a client can act on reaches it with an
 * extensions.code saying what happened, built by one function here per kind of failure, so that
 * codes, HTTP statuses and extensions cannot drift apart between the places that raise them.
 * Anything else is masked by the server's error formatter (app.ts).
 *
 * The layers below GraphQL (data, ingest, curation) do not build GraphQL errors: they throw the
 * error classes below, which `clientErrorOf` and the answers at the end turn into what the client
 * reads. The command-line tools print the same classes' messages (describe-failure.ts).
 */
import { GraphQLError, type ASTNode, type GraphQLFormattedError } from 'graphql';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  PATH_SEARCH_LIMIT: 'PATH_SEARCH_LIMIT',
  WRITE_TIMEOUT: 'WRITE_TIMEOUT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  AUTHENTICATION_UNAVAILABLE: 'AUTHENTICATION_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

// ---------------------------------------------------------------------------------------------
// Refusals raised below the GraphQL layer.

/** A bundle (seed or ingested article) that cannot be loaded, with every problem found. */
export class BundleError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'BundleError';
  }

  /** The error listing every problem found in the bundle for `documentId`, by any stage of the checks. */
  static refusing(documentId: string, problems: readonly string[]): BundleError {
    return new BundleError(`The bundle for ${documentId} cannot be loaded:\n${problems.join('\n')}`, problems);
  }
}

/**
 * A bundle refused by its checks against the graph, which run before it writes anything: the
 * transaction it was to be written in is untouched, and may go on (a bulk import writes the
 * next bundle in it).
 */
export class BundleRefusedByGraph extends BundleError {
  constructor(documentId: string, problems: readonly string[]) {
    super(BundleError.refusing(documentId, problems).message, problems);
    this.name = 'BundleRefusedByGraph';
  }
}

/** A curation request that cannot be carried out as asked; `code` and `argument` go into the GraphQL error. */
export class CurationError extends Error {
  constructor(
    message: string,
    readonly argument: string,
    readonly code: 'BAD_USER_INPUT' | 'NOT_FOUND' | 'ALREADY_EXISTS' = 'BAD_USER_INPUT',
  ) {
    super(message);
    this.name = 'CurationError';
  }
}

/**
 * A write transaction that Neo4j stopped at the write timeout. It was rolled back whole: nothing
 * of it was written. The message names the setting to raise.
 */
export class WriteTimeoutError extends Error {
  constructor(
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(
      `The write did not finish within NEO4J_WRITE_TIMEOUT_MS (${timeoutMs} ms) and was rolled back; nothing of it was written. ` +
        'Raise NEO4J_WRITE_TIMEOUT_MS, or split the bundle into smaller ones.',
      options,
    );
    this.name = 'WriteTimeoutError';
  }
}

/**
 * A path search stopped by its bounds (data/path-search.ts) before it could tell whether a path
 * exists: the next level would read more relations than it may, or its time ran out. Says how far
 * it got, and what to ask instead.
 */
export class PathSearchLimitError extends Error {
  constructor(
    readonly progress: {
      hopsSearched: number;
      relationsRead: number;
      nextLevelRelations: number;
      bounds: { relations: number; timeoutMs: number };
      elapsedMs: number;
    },
  ) {
    const { hopsSearched, relationsRead, nextLevelRelations, bounds, elapsedMs } = progress;
    const why =
      elapsedMs > bounds.timeoutMs
        ? `its time ran out (${Math.round(elapsedMs)} ms of ${bounds.timeoutMs})`
        : `the next step would read ${nextLevelRelations} more relations, past the limit of ${bounds.relations} (PATH_SEARCH_RELATIONS)`;
    super(
      `The path search stopped early: no path of up to ${hopsSearched} steps was found after reading ${relationsRead} relations, and ${why}. ` +
        'There may be a longer path: ask with fewer relation types, or between less connected entities.',
    );
    this.name = 'PathSearchLimitError';
  }
}

/** What a uniqueness constraint found already in the graph: a node label or relationship type, the property and its value. */
export interface ExistingRecord {
  /** A node label (`Entity`) or relationship type (`OWNS`). */
  label: string;
  property: string;
  /** The value, when it is short and printable enough to show; null otherwise. */
  value: string | null;
}

/**
 * A write that would have made a second record with a value a uniqueness constraint keeps unique
 * (two writes creating the same id at once: the second one loses). The transaction was rolled back
 * whole. `existing` is null when the database did not say plainly what exists.
 */
export class AlreadyExistsError extends Error {
  constructor(
    readonly existing: ExistingRecord | null,
    options?: { cause?: unknown },
  ) {
    super(`${existing ? describeExisting(existing) : 'Something this write creates'} already exists; nothing of the write was written.`, options);
    this.name = 'AlreadyExistsError';
  }
}

/** `An Entity with id "person/x"`, `An Entity with this id` when the value is not shown. */
function describeExisting({ label, property, value }: ExistingRecord): string {
  const article = /^[AEIOU]/i.test(label) ? 'An' : 'A';
  return `${article} ${label} with ${value === null ? `this ${property}` : `${property} ${JSON.stringify(value)}`}`;
}

// ---------------------------------------------------------------------------------------------
// GraphQL errors, thrown by resolvers, validation rules, the context and the authorization plugin.
// Apollo takes a response's HTTP status from `extensions.http`, and drops that from the body.

/**
 * Input the client sent that cannot be answered as asked; `argument` names the offending argument.
 * Bad input is HTTP 400 wherever it is found: in validation, before anything runs (`nodes` then
 * locates it in the document), or by a resolver, for a value that came as a variable.
 */
export function badUserInput(message: string, argument?: string, problems?: readonly string[], nodes?: ASTNode): GraphQLError {
  return new GraphQLError(message, {
    ...(nodes ? { nodes } : {}),
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
      ...(argument ? { argument } : {}),
      ...(problems ? { problems } : {}),
      http: { status: 400 },
    },
  });
}

/** Something the client named (by id) does not exist, where the answer cannot simply be null. */
export function notFound(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND, ...(argument ? { argument } : {}) } });
}

/** No credential, or one that is malformed, unknown or revoked (HTTP 401). */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

/** A valid credential whose roles do not allow the operation (HTTP 403). */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } } });
}

/** A token that cannot be checked because the issuer's keys are out of reach: not the caller's fault (HTTP 503). */
export function authenticationUnavailable(): GraphQLError {
  return new GraphQLError("The token cannot be checked right now: the issuer's keys are out of reach; try again shortly.", {
    extensions: { code: ErrorCode.AUTHENTICATION_UNAVAILABLE, http: { status: 503 } },
  });
}

export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is not reachable right now; try again shortly.';

/** The database is away while a request is being set up (its API key looked up): 503, worth retrying. */
export function databaseUnavailable(): GraphQLError {
  return new GraphQLError(DATABASE_UNAVAILABLE_MESSAGE, { extensions: { code: ErrorCode.DATABASE_UNAVAILABLE, http: { status: 503 } } });
}

/**
 * The GraphQL error for a refusal raised below the GraphQL layer, or null for any other error. A
 * bundle's problems are about the argument that carried it (`bundleArgument`: the bundle itself, or
 * a curator's `input`, checked as a one-item bundle).
 */
export function clientErrorOf(error: unknown, bundleArgument: string): GraphQLError | null {
  if (error instanceof BundleError) return badUserInput(error.message, bundleArgument, error.problems);
  if (error instanceof CurationError) {
    // Bad input is HTTP 400 wherever it is found (see badUserInput), a curator's too.
    if (error.code === ErrorCode.BAD_USER_INPUT) return badUserInput(error.message, error.argument);
    return new GraphQLError(error.message, { extensions: { code: error.code, argument: error.argument } });
  }
  if (error instanceof AlreadyExistsError) return new GraphQLError(error.message, { extensions: { code: ErrorCode.ALREADY_EXISTS } });
  return null;
}

// ---------------------------------------------------------------------------------------------
// Answers made after execution, by the error formatter (app.ts), which keeps only `path` of the
// error it replaces: no locations, no internals.

type Path = GraphQLFormattedError['path'];

/** A write stopped at its timeout; the message names the setting to raise. */
export function writeTimeoutAnswer(error: WriteTimeoutError, path: Path): GraphQLFormattedError {
  return { message: error.message, path, extensions: { code: ErrorCode.WRITE_TIMEOUT } };
}

/** A path search stopped by its bounds, with how far it got. */
export function pathSearchLimitAnswer(error: PathSearchLimitError, path: Path): GraphQLFormattedError {
  const { hopsSearched, relationsRead } = error.progress;
  return { message: error.message, path, extensions: { code: ErrorCode.PATH_SEARCH_LIMIT, hopsSearched, relationsRead } };
}

/** A read stopped at its timeout. */
export function queryTimeoutAnswer(path: Path): GraphQLFormattedError {
  return { message: 'The query took too long and was stopped; ask for less (fewer hops, a smaller limit).', path, extensions: { code: ErrorCode.QUERY_TIMEOUT } };
}

/** The database went away while a field ran. */
export function databaseUnavailableAnswer(path: Path): GraphQLFormattedError {
  return { message: DATABASE_UNAVAILABLE_MESSAGE, path, extensions: { code: ErrorCode.DATABASE_UNAVAILABLE } };
}

/** Anything unexpected: a generic message, so that no internals leak (the operator's log has the error). */
export function internalErrorAnswer(path: Path): GraphQLFormattedError {
  return { message: 'Internal server error', path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/** Replaces Apollo's refusal of introspection, which speaks to the programmer, with one naming the setting. */
export const INTROSPECTION_OFF_MESSAGE =
  'Introspection is off on this server (production mode); operators turn it on, with the playground, by setting PLAYGROUND=true.';

// ---------------------------------------------------------------------------------------------
// Bodies of answers made before a request reaches GraphQL (throttling, a body Express refused).

/** The body of an HTTP error answer, in GraphQL's shape so that clients read every error the same way. */
function errorBody(message: string, code: ErrorCode): { errors: GraphQLFormattedError[] } {
  return { errors: [{ message, extensions: { code } }] };
}

/** A client over its request rate (HTTP 429). */
export function rateLimitedBody(): { errors: GraphQLFormattedError[] } {
  return errorBody('Too many requests; slow down and try again shortly.', ErrorCode.RATE_LIMITED);
}

/**
 * A request body refused before it was parsed as GraphQL: too large (413), not JSON (another 4xx),
 * or an unexpected failure (500).
 */
export function requestBodyErrorBody(status: number, tooLarge: boolean): { errors: GraphQLFormattedError[] } {
  if (tooLarge) return errorBody('The request body is too large.', ErrorCode.PAYLOAD_TOO_LARGE);
  if (status === 500) return errorBody('Internal server error', ErrorCode.INTERNAL_SERVER_ERROR);
  return errorBody('The request body is not valid JSON.', ErrorCode.BAD_REQUEST);
}
