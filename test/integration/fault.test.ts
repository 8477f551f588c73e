/**
 * A fault test: while clients send a stream of writes through the API, the database process is
 * killed (SIGKILL) and restarted. Afterwards every write the API acknowledged is there, none is
 * half-written, and the API recovered by itself. Runs on a Neo4j of its own, so that killing it
 * disturbs no other test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/app.js';
import { Database, cypher } from '../../src/data/database.js';
import { applySchema } from '../../src/data/schema-setup.js';
import { LocalNeo4j } from '../../src/local-neo4j/local-neo4j.js';
import { loadConfig } from '../../src/config.js';
import { makeApiKey } from '../support/api-keys.js';
import { bearer } from '../support/requests.js';
import { countChangesCiting, postGraphQL, testConfig } from '../support/test-api.js';

const FAULT_BOLT_PORT = 17688;
let local: LocalNeo4j;
let instanceDir: string;
let db: Database;
let server: RunningServer;
let key: string;

beforeAll(async () => {
  instanceDir = mkdtempSync(path.join(os.tmpdir(), 'industry-graph-fault-neo4j-'));
  local = new LocalNeo4j({ ...loadConfig().localNeo4j, boltPort: FAULT_BOLT_PORT, heap: '512m', pageCache: '64m', instanceDir, log: () => {} });
  await local.start();
  const config = testConfig({ NEO4J_MAX_RETRY_MS: '3000', RATE_LIMIT_PER_MINUTE: '100000' });
  db = new Database({ ...config.neo4j, uri: local.boltUri });
  await applySchema(db);
  key = await makeApiKey(db, ['ingest']);
  server = await startServer(db, config);
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await db?.close();
  await local?.stop();
  if (instanceDir) rmSync(instanceDir, { recursive: true, force: true });
});

/** A small article: one document, two entities, one relation, three quotes. */
function article(n: number) {
  const text = `Writer ${n} Holding owns Writer ${n} plant, report ${n} says.`;
  return {
    document: { id: `document/fault-${n}`, publisher: 'Fault Wire', text },
    entities: [
      { kind: 'ORGANIZATION', name: `Writer ${n} Holding`, evidence: [`Writer ${n} Holding`] },
      { kind: 'PLANT', name: `Writer ${n} plant`, evidence: [`Writer ${n} plant`] },
    ],
    relations: [{ type: 'OWNS', from: `organization/writer-${n}-holding`, to: `plant/writer-${n}-plant`, evidence: [`Writer ${n} Holding owns Writer ${n} plant`] }],
  };
}

const QUOTES = 3;
const SUBJECTS = 3;
const INGEST = 'mutation($bundle: JSONObject!) { ingestBundle(bundle: $bundle) { quotes } }';

describe('a database killed under a stream of writes', () => {
  it('loses no acknowledged write, half-writes nothing, and recovers by itself', async () => {
    const acknowledged: number[] = [];
    const refused: Record<string, number> = {};
    let next = 0;
    let stop = false;
    const CLIENTS = 4;

    const client = async () => {
      while (!stop) {
        const n = next++;
        try {
          const response = await postGraphQL(server.url, INGEST, { bundle: article(n) }, bearer(key));
          if (response.data?.ingestBundle?.quotes === QUOTES) acknowledged.push(n);
          else {
            const code = String(response.errors?.[0]?.extensions?.code ?? response.status);
            refused[code] = (refused[code] ?? 0) + 1;
          }
        } catch {
          refused.NETWORK = (refused.NETWORK ?? 0) + 1;
        }
      }
    };

    const clients = Array.from({ length: CLIENTS }, client);
    // Kill it mid-stream, once writes are flowing.
    for (let waited = 0; acknowledged.length < 20 && waited < 60_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const beforeKill = acknowledged.length;
    await local.kill();
    const health = await fetch(server.url.replace('/graphql', '/health'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await local.start();
    // Writes go on against the restarted database: the API reconnects with no restart.
    const restartedAt = acknowledged.length;
    for (let waited = 0; acknowledged.length < restartedAt + 20 && waited < 60_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    stop = true;
    await Promise.all(clients);

    const rows = await db.read((tx) =>
      tx.run(
        cypher(
          'testFaultDocuments',
          `MATCH (d:Document) WHERE d.id STARTS WITH 'document/fault-'
           RETURN d.id AS id, COUNT { (:Evidence)-[:FROM]->(d) } AS quotes,
                  ${countChangesCiting((documentIds) => `d.id IN ${documentIds}`)} AS changes`,
        ),
      ),
    );
    const stored = new Map(rows.map((r) => [r.id as string, { quotes: r.quotes as number, changes: r.changes as number }]));
    const lost = acknowledged.filter((n) => !stored.has(`document/fault-${n}`));
    // Whole means all its quotes, and its history: one CREATED change per entity and relation.
    const halfWritten = [...stored].filter(([, { quotes, changes }]) => quotes !== QUOTES || changes !== SUBJECTS);
    console.log(
      `fault test: ${acknowledged.length} writes acknowledged (${beforeKill} before the kill), ` +
        `${Object.values(refused).reduce((a, b) => a + b, 0)} refused ${JSON.stringify(refused)}, ${lost.length} lost, ` +
        `${halfWritten.length} half-written; health during the outage: ${health.status}`,
    );
    expect(beforeKill).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(restartedAt);
    expect(health.status).toBe(503);
    expect(lost).toEqual([]);
    expect(halfWritten).toEqual([]);
    expect(Object.keys(refused).every((code) => code === 'DATABASE_UNAVAILABLE')).toBe(true);
    const after = await fetch(server.url.replace('/graphql', '/health'));
    expect(after.status).toBe(200);
  }, 240_000);
});
