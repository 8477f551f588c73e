/**
 * Errors with codes. Every failure a client can act on is a GraphQLError whose extensions.code
 * says what happened; anything else is masked by the server's error formatter.
 */
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  WRITE_TIMEOUT: 'WRITE_TIMEOUT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  AUTHENTICATION_UNAVAILABLE: 'AUTHENTICATION_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Input the client sent that cannot be answered as asked; `argument` names the offending argument.
 * Bad input is HTTP 400 wherever it is found: in validation, before anything runs, or by a
 * resolver, for a value that came as a variable (Apollo takes the status from `http`).
 */
export function badUserInput(message: string, argument?: string, problems?: readonly string[]): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
      ...(argument ? { argument } : {}),
      ...(problems ? { problems } : {}),
      http: { status: 400 },
    },
  });
}

export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is not reachable right now; try again shortly.';

/** Something the client named (by id) does not exist, where the answer cannot simply be null. */
export function notFound(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND, ...(argument ? { argument } : {}) } });
}

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
