/**
 * What the driver's errors mean. Neo4j reports every failure as a Neo4jError with a code; the few
 * the rest of the code base must tell apart (a timeout, the database being away, a uniqueness
 * constraint refusing a write) are named here, so that no layer above the data layer needs to
 * know the driver or its codes.
 */
import { Neo4jError } from 'neo4j-driver';
import type { ExistingRecord } from '../errors.js';

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
 * What a uniqueness constraint refused, from a Neo4j error: the record that already exists, as far
 * as the message says it plainly; null (nothing known of it) for a violation of another shape,
 * undefined when the error is no uniqueness violation at all.
 */
export function uniquenessViolation(error: unknown): ExistingRecord | null | undefined {
  if (!(error instanceof Neo4jError) || error.code !== 'Neo.ClientError.Schema.ConstraintValidationFailed') return undefined;
  // Community Neo4j has only uniqueness constraints; any other kind (existence, type) is not "already exists".
  if (!ALREADY_EXISTS.test(error.message)) return undefined;
  return existingRecordOf(error.message);
}

const ALREADY_EXISTS = /^(?:Node|Relationship)\(\d+\) already exists with /;

/**
 * Neo4j 5 says `Node(12) already exists with label `Entity` and property `id` = 'person/x'` (or
 * `Relationship(3) … with type `OWNS` …`), the value quoted as it is, unescaped, or bare when it is
 * a number. Only a name-shaped label and property are taken, and a value only when it is short and
 * has no control characters: the client reads what comes out, so nothing odd is echoed. Null when
 * the message has another shape (several properties, another wording).
 */
export function existingRecordOf(message: string): ExistingRecord | null {
  const match = /^(?:Node|Relationship)\(\d+\) already exists with (?:label|type) `([A-Za-z_][A-Za-z0-9_]*)` and property `([A-Za-z_][A-Za-z0-9_]*)` = (?:'([\s\S]*)'|(-?\d+(?:\.\d+)?))$/.exec(message);
  if (!match) return null;
  const value = match[3] ?? match[4]!;
  const showable = value.length > 0 && value.length <= MAX_SHOWN_VALUE && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value);
  return { label: match[1]!, property: match[2]!, value: showable ? value : null };
}

/** Longer values (nothing this API makes as an id comes near) are not repeated back. */
const MAX_SHOWN_VALUE = 200;

/**
 * A driver error as a command reports it: its code, the first line of its message (the rest is
 * detail for the server's log), and whether the server could not be reached at all. Null for any
 * other error.
 */
export function databaseFailure(error: unknown): { code: string; summary: string; unreachable: boolean } | null {
  if (!(error instanceof Neo4jError)) return null;
  return { code: error.code, summary: error.message.split('\n')[0]!, unreachable: ['ServiceUnavailable', 'SessionExpired'].includes(error.code) };
}
