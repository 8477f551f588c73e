/**
 * A running API over HTTP on a free port, against the test Neo4j, with a clean graph: what the
 * integration tests talk to, exactly as a client would.
 */
import { inject } from 'vitest';
import { startServer, type RunningServer } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { RecordShape } from 'neo4j-driver';
import { cypher, Database, type NamedQuery, type Transaction } from '../../src/data/database.js';
import { applySchema } from '../../src/data/schema-setup.js';
import { loadSeed } from '../../src/bootstrap.js';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; [key: string]: unknown }; path?: unknown[] }>;
  extensions?: unknown;
}

export interface TestApi {
  url: string;
  db: Database;
  config: Config;
  server: RunningServer;
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', ...overrides });
}

export function testDatabase(config: Config = testConfig()): Database {
  return new Database({ ...config.neo4j, uri: inject('neo4jUri') });
}

/** A real Database that counts the read transactions it runs: the database round trips of reads. */
export class CountingDatabase extends Database {
  reads = 0;
  override read<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    this.reads += 1;
    return super.read(work);
  }
  override readOne<Row extends RecordShape = RecordShape>(query: NamedQuery, params?: Record<string, unknown>): Promise<Row[]> {
    this.reads += 1;
    return super.readOne<Row>(query, params);
  }
}

const WIPE = cypher('testWipe', 'MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');

/** Deletes everything in the test database. */
export async function wipe(db: Database): Promise<void> {
  const session = db.driver.session({ database: db.database });
  try {
    await session.run(WIPE.text);
  } finally {
    await session.close();
  }
}

/** Posts a GraphQL operation and returns the status with the parsed body. */
export async function postGraphQL<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/** Starts the API on a wiped, schema-applied database, seeded unless `seed: false`. */
export async function startTestApi({
  seed = true,
  database,
  env = {},
}: { seed?: boolean; database?: (config: Config) => Database; env?: Record<string, string> } = {}): Promise<TestApi> {
  const config = testConfig(env);
  const db = database ? database(config) : testDatabase(config);
  await wipe(db);
  await applySchema(db);
  if (seed) await loadSeed(db, () => {});
  const server = await startServer(db, config);
  return {
    url: server.url,
    db,
    config,
    server,
    gql: (query, variables, headers) => postGraphQL(server.url, query, variables, headers),
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}

/**
 * Every node and relationship with its properties, in a stable order: to prove that nothing
 * changed. `without` leaves out nodes with these labels (e.g. the history a write adds), `ignoring`
 * properties (of nodes and relationships) with these names (e.g. when a possible duplicate was found).
 */
/** The labels of history: Change nodes, and records of creations (creation-records.ts). */
export const HISTORY_LABELS = ['Change', 'Creations'];

/** Properties that differ between two loads of the same material: when, and which record holds a creation. */
export const LOAD_PROPERTIES = ['loadedAt', 'onlyClaimLoadedAt', 'createdIn'];

/** Cypher counting the changes whose `documentIds` satisfy `cites` (given the list's expression): Change nodes and creations in records. */
export const countChangesCiting = (cites: (documentIds: string) => string) =>
  `COUNT { MATCH (c:Change) WHERE ${cites('c.documentIds')} } +
   reduce(n = 0, r IN COLLECT { MATCH (r:Creations) WHERE ${cites('r.documentIds')} RETURN r } | n + size(r.subjectIds))`;

export async function snapshotGraph(db: Database, { without = [] as string[], ignoring = [] as string[] } = {}): Promise<string> {
  const nodes = cypher(
    'testSnapshotNodes',
    'MATCH (n) WHERE none(l IN labels(n) WHERE l IN $without) RETURN labels(n) AS labels, properties(n) AS props',
  );
  const rels = cypher(
    'testSnapshotRelationships',
    `MATCH (a)-[r]->(b)
     WHERE none(l IN labels(a) + labels(b) WHERE l IN $without)
     RETURN type(r) AS type, coalesce(a.id, "") AS from, coalesce(b.id, "") AS to, properties(r) AS props`,
  );
  const [nodeRows, relRows] = await db.read(async (tx) => [await tx.run(nodes, { without }), await tx.run(rels, { without })]);
  const sortKeys = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(sortKeys) : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]))
      : value;
  const canonical = (rows: unknown[]) => rows.map((row) => JSON.stringify(sortKeys(row))).sort().map((row) => JSON.parse(row));
  // Labels are a set: their order in labels(n) is not part of the graph's state.
  const kept = (props: unknown) => Object.fromEntries(Object.entries(props as Record<string, unknown>).filter(([name]) => !ignoring.includes(name)));
  const nodeValues = nodeRows.map((row) => ({ labels: [...(row.labels as string[])].sort(), props: kept(row.props) }));
  const relValues = relRows.map((row) => ({ ...row, props: kept(row.props) }));
  return JSON.stringify({ nodes: canonical(nodeValues), relationships: canonical(relValues) });
}
