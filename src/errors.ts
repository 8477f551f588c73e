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
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  AUTHENTICATION_UNAVAILABLE: 'AUTHENTICATION_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Input the client sent that cannot be answered as asked; `argument` names the offending argument. */
export function badUserInput(message: string, argument?: string, problems?: readonly string[]): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argument } : {}), ...(problems ? { problems } : {}) },
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
