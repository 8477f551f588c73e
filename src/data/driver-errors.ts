/**
 * What the driver's errors mean. Neo4j reports every failure as a Neo4jError with a code; the few
 * the rest of the code base must tell apart (a timeout, the database being away) are named here,
 * so that no layer above the data layer needs to know the driver or its codes.
 */
import { Neo4jError } from 'neo4j-driver';

/** Driver errors that mean "the database is not there right now", as opposed to a bad query. */
const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.ClientError.Database.DatabaseNotFound',
  'Neo.TransientError.General.DatabaseUnavailable',
]);

/** True when the database is away; other transient failures (a deadlock, memory) are not "down". */
export function isDatabaseUnavailable(error: unknown): boolean {
  return error instanceof Neo4jError && UNAVAILABLE_CODES.has(error.code);
}

/** True when Neo4j ended a transaction because it outlasted its timeout. */
export function isTransactionTimeout(error: unknown): boolean {
  return error instanceof Neo4jError && error.code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut');
}

/**
 * True when Neo4j ended a transaction from outside: its timeout (when it was waiting for a lock),
 * an operator, or a shutdown. Which one, the time it ran tells.
 */
export function isTermination(error: unknown): boolean {
  return (
    error instanceof Neo4jError &&
    ['Neo.ClientError.Transaction.LockClientStopped', 'Neo.TransientError.Transaction.LockClientStopped', 'Neo.ClientError.Transaction.Terminated', 'Neo.TransientError.Transaction.Terminated'].includes(error.code)
  );
}

/**
 * A driver error as a command reports it: its code, the first line of its message (the rest is
 * detail for the server's log), and whether the server could not be reached at all. Null for any
 * other error.
 */
export function databaseFailure(error: unknown): { code: string; summary: string; unreachable: boolean } | null {
  if (!(error instanceof Neo4jError)) return null;
  return { code: error.code, summary: error.message.split('\n')[0]!, unreachable: ['ServiceUnavailable', 'SessionExpired'].includes(error.code) };
}
