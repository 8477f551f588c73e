/**
 * The one gateway to Neo4j. Each unit of work opens its own session on the configured database,
 * runs in an explicit read or write transaction (so a cluster can route it and the driver can
 * retry it), and closes the session in `finally`. Queries are named constants, made with `cypher()`
 * below by the store that runs them.
 */
import neo4j, { type Driver, type ManagedTransaction, type RecordShape } from 'neo4j-driver';
import { AlreadyExistsError, WriteTimeoutError } from '../errors.js';
import { isTermination, isTransactionTimeout, uniquenessViolation } from './driver-errors.js';

/** A named Cypher statement; the name is also written into the text as a comment for logs and profiles. */
export interface NamedQuery {
  readonly name: string;
  readonly text: string;
  /** Planned once and kept (see `stablePlan` below). */
  readonly stablePlan: boolean;
}

export interface QueryOptions {
  /**
   * The statement finds everything through index seeks that it forces (`USING INDEX SEEK`), so its
   * plan is the same for an empty graph and a huge one: the server keeps its first plan instead of
   * planning it again each time the statistics move (`CYPHER replan=skip`). While a graph grows, as
   * in a bulk load, replanning the large statements of a write costs more than running them. A
   * MERGE takes no hint, but on a uniquely constrained id it always seeks that constraint's index
   * (with a lock: that is how MERGE keeps ids unique).
   * test/integration/stable-plans.test.ts checks that each such plan, made on an empty database,
   * scans nothing.
   */
  stablePlan?: boolean;
}

/** Every statement defined with `stablePlan`, for the test that checks their plans. */
export const STABLE_PLAN_QUERIES: NamedQuery[] = [];

/** Defines a named query: `cypher('entityById', 'MATCH ...')`. */
export function cypher(name: string, text: string, { stablePlan = false }: QueryOptions = {}): NamedQuery {
  const query = { name, text: `/* ${name} */\n${stablePlan ? 'CYPHER replan=skip\n' : ''}${text.trim()}`, stablePlan };
  if (stablePlan) STABLE_PLAN_QUERIES.push(query);
  return query;
}

/**
 * A family of statements built from code (per relationship type, direction, page shape), each
 * built once: building one is string work that a request should not repeat. Bounded, as the
 * shapes a client can ask for are many: past 1,000 the family starts again.
 */
export function statementFamily<Args extends unknown[]>(build: (...args: Args) => NamedQuery): (...args: Args) => NamedQuery {
  const built = new Map<string, NamedQuery>();
  return (...args) => {
    const key = JSON.stringify(args);
    let query = built.get(key);
    if (!query) {
      if (built.size >= 1000) built.clear();
      query = build(...args);
      built.set(key, query);
    }
    return query;
  };
}

export interface DatabaseOptions {
  uri: string;
  username: string;
  password: string | null;
  database: string;
  /** Server-side timeout of each read transaction. */
  readTimeoutMs: number;
  /** Server-side timeout of each write transaction (a bundle is written in one). */
  writeTimeoutMs: number;
  /** Told the time each statement took (benchmarks use it to show where a write spends its time). */
  onStatement?: StatementListener;
  /** How long the driver keeps retrying a transaction that failed for a transient reason. */
  maxRetryTimeMs: number;
}

/** Called after each statement with its name and how long it took to answer, in milliseconds. */
export type StatementListener = (name: string, milliseconds: number) => void;

export class Database {
  readonly driver: Driver;
  readonly uri: string;
  readonly database: string;

  constructor(readonly options: DatabaseOptions) {
    const auth = options.password === null ? undefined : neo4j.auth.basic(options.username, options.password);
    this.driver = neo4j.driver(options.uri, auth, {
      // Integers come back as JS numbers: ids and counts here stay far below 2^53.
      disableLosslessIntegers: true,
      connectionAcquisitionTimeout: 10_000,
      connectionTimeout: 5_000,
      maxTransactionRetryTime: options.maxRetryTimeMs,
    });
    this.uri = options.uri;
    this.database = options.database;
  }

  /** Runs `work` in a read transaction; the driver retries it on transient failures. */
  async read<T>(work: (tx: Transaction) => Promise<T>, { timeoutMs = this.options.readTimeoutMs } = {}): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead((tx) => work(new Transaction(tx, this.options.onStatement)), { timeout: timeoutMs });
    } finally {
      // The transaction has ended; closing only hands the connection back to the pool, which costs a
      // round trip that the answer need not wait for (it halves the time of a small read).
      session.close().catch(() => {});
    }
  }

  /**
   * Runs one read statement on its own (auto-commit): one round trip, where a transaction takes
   * three (BEGIN, the statement, COMMIT) and the server's work for each. Most of a request's reads
   * are one statement. A failure the driver would retry (the database briefly away) is tried again
   * in a managed read transaction, which carries on retrying as `read` does.
   */
  async readOne<Row extends RecordShape = RecordShape>(query: NamedQuery, params: Record<string, unknown> = {}, { timeoutMs = this.options.readTimeoutMs } = {}): Promise<Row[]> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    const started = this.options.onStatement ? performance.now() : 0;
    try {
      const result = await session.run<Row>(query.text, params, { timeout: timeoutMs });
      this.options.onStatement?.(query.name, performance.now() - started);
      return result.records.map((record) => record.toObject());
    } catch (error) {
      if (!neo4j.isRetryableError(error as Error)) throw error;
    } finally {
      session.close().catch(() => {});
    }
    return this.read((tx) => tx.run<Row>(query, params), { timeoutMs });
  }

  /**
   * Runs `work` in a write transaction; it must be idempotent, since the driver may retry it. One
   * that runs past the write timeout is rolled back whole and fails with WriteTimeoutError; one
   * that would break a uniqueness constraint (another write made the same id first) is rolled back
   * whole and fails with AlreadyExistsError.
   */
  async write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    const started = Date.now();
    try {
      return await session.executeWrite((tx) => work(new Transaction(tx, this.options.onStatement)), { timeout: this.options.writeTimeoutMs });
    } catch (error) {
      // A write stopped while it waited for a lock is reported as terminated, not as timed out.
      const terminatedLate = isTermination(error) && Date.now() - started >= this.options.writeTimeoutMs;
      if (isTransactionTimeout(error) || terminatedLate) throw new WriteTimeoutError(this.options.writeTimeoutMs, { cause: error });
      const existing = uniquenessViolation(error);
      if (existing !== undefined) throw new AlreadyExistsError(existing, { cause: error });
      throw error;
    } finally {
      await session.close();
    }
  }

  /**
   * Runs a schema statement (constraints, indexes), which Neo4j will not run inside a managed
   * transaction, so the driver does not retry it: a failure Neo4j calls transient (a just-started
   * database not yet available, a deadlock on a label with Neo4j's own start-up work, both seen on
   * a busy machine's first start) is tried again here, for as long as a managed transaction would be.
   * Schema statements here are all IF NOT EXISTS: running one twice is harmless.
   */
  async runSchema(query: NamedQuery, params: Record<string, unknown> = {}): Promise<void> {
    const deadline = Date.now() + this.options.maxRetryTimeMs;
    for (let attempt = 1; ; attempt++) {
      const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
      try {
        await session.run(query.text, params);
        return;
      } catch (error) {
        if (!neo4j.isRetryableError(error as Error) || Date.now() >= deadline) throw error;
      } finally {
        await session.close();
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 100 * 2 ** attempt)));
    }
  }

  /** True when the database answers a trivial query. One try, no retries: a health check must answer fast. */
  async ping(): Promise<boolean> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      await session.run(PING.text, {}, { timeout: 2_000 });
      return true;
    } catch {
      return false;
    } finally {
      await session.close();
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

const PING = cypher('ping', 'RETURN 1 AS ok');

/** A whole number as Cypher needs it for LIMIT and SKIP: JS numbers travel as floats. */
export function int(value: number) {
  return neo4j.int(value);
}

/** A transaction that only runs named queries, with values always passed as parameters. */
export class Transaction {
  constructor(
    private readonly tx: ManagedTransaction,
    private readonly onStatement?: StatementListener,
  ) {}

  /** Runs the query and returns its rows as plain objects. */
  async run<Row extends RecordShape = RecordShape>(query: NamedQuery, params: Record<string, unknown> = {}): Promise<Row[]> {
    const started = this.onStatement ? performance.now() : 0;
    const result = await this.tx.run<Row>(query.text, params);
    this.onStatement?.(query.name, performance.now() - started);
    return result.records.map((record) => record.toObject());
  }
}
