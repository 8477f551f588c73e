/**
 * What a command that failed says (`npm start` and the command-line tools): what went wrong and
 * what to do, without a stack trace, for everything a user can meet (settings, Java and Maven, a
 * bundle's problems, the database's own errors); a stack only for a bug.
 */
import { ConfigError } from './config.js';
import { databaseFailure } from './data/driver-errors.js';
import { AlreadyExistsError, BundleError, WriteTimeoutError } from './errors.js';
import { Neo4jSetupError } from './local-neo4j/local-neo4j.js';

/** Errors whose message is already what the user should read. */
export class UserFacingError extends Error {}

export function describeFailure(error: unknown, doing: string): string {
  if (
    error instanceof ConfigError ||
    error instanceof Neo4jSetupError ||
    error instanceof WriteTimeoutError ||
    error instanceof AlreadyExistsError ||
    error instanceof BundleError ||
    error instanceof UserFacingError
  ) {
    return error.message;
  }
  const database = databaseFailure(error);
  if (database) {
    return [
      database.unreachable ? `Neo4j cannot be reached: ${database.summary}` : `Neo4j refused the work (${database.code}): ${database.summary}`,
      'Nothing was half-written: each write is all or nothing. Try again; if it fails the same way, check the',
      "NEO4J_* settings (README, Configuration) and the local Neo4j's logs in .neo4j/instance/logs/.",
    ].join('\n');
  }
  return `Unexpected failure while ${doing} (a bug; please report it with this trace):\n${(error as Error)?.stack ?? String(error)}`;
}
