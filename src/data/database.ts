/**
 * The one gateway to Neo4j. Each unit of work opens its own session on the configured database,
 * runs in an explicit read or write transaction (so a cluster can route it and the driver can
 * retry it), and closes the session in `finally`. Queries are named constants (see queries.ts).
 */
import neo4j, { type Driver, type ManagedTransaction, type RecordShape } from 'neo4j-driver';

/** A named Cypher statement; the name is also written into the text as a comment for logs and profiles. */
export interface NamedQuery {
  readonly name: string;
  readonly text: string;
}

/** Defines a named query: `cypher('entityById', 'MATCH ...')`. */
export function cypher(name: string, text: string): NamedQuery {
  return { name, text: `/* ${name} */\n${text.trim()}` };
}

export interface DatabaseOptions {
  uri: string;
  username: string;
  password: string | null;
  database: string;
  txTimeoutMs: number;
  /** How long the driver keeps retrying a transaction that failed for a transient reason. */
  maxRetryTimeMs: number;
}

export class Database {
  readonly driver: Driver;
  readonly uri: string;
  readonly database: string;
  private readonly txTimeoutMs: number;

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
    this.txTimeoutMs = options.txTimeoutMs;
  }

  /** Runs `work` in a read transaction; the driver retries it on transient failures. */
  async read<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead((tx) => work(new Transaction(tx)), { timeout: this.txTimeoutMs });
    } finally {
      // The transaction has ended; closing only hands the connection back to the pool, which costs a
      // round trip that the answer need not wait for (it halves the time of a small read).
      session.close().catch(() => {});
    }
  }

  /** Runs `work` in a write transaction; it must be idempotent, since the driver may retry it. */
  async write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite((tx) => work(new Transaction(tx)), { timeout: this.txTimeoutMs });
    } finally {
      await session.close();
    }
  }

  /** Runs a schema statement (constraints, indexes), which Neo4j will not run inside a managed transaction. */
  async runSchema(query: NamedQuery): Promise<void> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      await session.run(query.text);
    } finally {
      await session.close();
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
  constructor(private readonly tx: ManagedTransaction) {}

  /** Runs the query and returns its rows as plain objects. */
  async run<Row extends RecordShape = RecordShape>(query: NamedQuery, params: Record<string, unknown> = {}): Promise<Row[]> {
    const result = await this.tx.run<Row>(query.text, params);
    return result.records.map((record) => record.toObject());
  }
}
