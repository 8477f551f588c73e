/**
 * `npm run bench:fault -- [--entities 20000] [--writes 1000] [--clients 8]`: the database killed
 * (SIGKILL) in the middle of work, on a Neo4j of its own (memory as configured for `npm start`).
 *   1. Bulk import: `npm run ingest` of the synthetic graph (a JSON-lines file) in its own process;
 *      Neo4j is killed once some bundles are in, and started again. Then no bundle may be
 *      half-written (every document with all its quotes, every subject with its one CREATED change),
 *      and the import, run again, must finish with the counts the file holds.
 *   2. Curation: the API (compiled) in its own process; `--clients` editors create entities, each
 *      quoting a document, until `--writes` are acknowledged, with Neo4j killed and started again
 *      once a third of them are. Then no acknowledged write may be lost and none half-written (an
 *      entity without its quote or its history).
 * Prints the counts and exits 1 if anything was lost or half-written. The shorter fault test in
 * `npm test` (test/integration/fault.test.ts) does part 2 with ingestion through the API.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateApiKey } from '../src/auth/api-keys.js';
import { PROJECT_ROOT } from '../src/config.js';
import { cypher, Database } from '../src/data/database.js';
import { createApiKey } from '../src/data/key-store.js';
import { entityIdFor } from '../src/domain/model.js';
import { applySchema } from '../src/data/schema-setup.js';
import { loadBundle } from '../src/ingest/load-bundle.js';
import { checkBundle } from '../src/ingest/prepare-bundle.js';
import { LocalNeo4j } from '../src/local-neo4j/local-neo4j.js';
import { syntheticBundles } from '../src/synthetic/synthetic-graph.js';
import { buildServers, nodeOptionsOf, startProcess, stopProcess } from './processes.js';
import { benchConfig } from './synthetic-database.js';

const { values } = parseArgs({
  options: {
    entities: { type: 'string', default: '20000' },
    writes: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '8' },
  },
});
const ENTITIES = Number(values.entities);
const WRITES = Number(values.writes);
const CLIENTS = Number(values.clients);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const config = benchConfig();
const workDir = mkdtempSync(path.join(os.tmpdir(), 'bench-fault-'));
const local = new LocalNeo4j({ ...config.localNeo4j, boltPort: 17690, instanceDir: path.join(workDir, 'neo4j'), log: () => {} });
const db = new Database({ ...config.neo4j, uri: local.boltUri });
const countsOf = async (name: string, query: string) => (await db.read((tx) => tx.run(cypher(name, query))))[0]!;
let failed = false;
const verdict = (label: string, value: number) => {
  if (value !== 0) failed = true;
  return `${label} ${value}${value !== 0 ? ' (FAIL)' : ''}`;
};

/** Runs `npm run ingest` (compiled) on the file; resolves with its exit code and last line. */
function ingest(file: string, onStart?: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; last: string }> {
  const child = spawn(process.execPath, [...nodeOptionsOf('ingest'), 'dist/src/cli/ingest.js', file, '--json'], { cwd: PROJECT_ROOT, env: { ...process.env, NEO4J_URI: local.boltUri }, stdio: ['ignore', 'pipe', 'pipe'] });
  onStart?.(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, last: output.trim().split('\n').at(-1) ?? '' }));
}

/** Documents whose quotes or changes are not all there: what a half-written bundle would leave. */
async function halfWrittenBundles(expected: Map<string, { quotes: number; subjects: number }>): Promise<number> {
  const rows = await db.read((tx) =>
    tx.run(
      cypher(
        'benchFaultDocuments',
        `MATCH (d:Document) RETURN d.id AS id, COUNT { (:Evidence)-[:FROM]->(d) } AS quotes,
           COUNT { MATCH (c:Change) WHERE d.id IN c.documentIds }
           + reduce(n = 0, r IN COLLECT { MATCH (r:Creations) WHERE d.id IN r.documentIds RETURN r } | n + size(r.subjectIds)) AS changes`,
      ),
    ),
  );
  return rows.filter((row) => {
    const want = expected.get(row.id as string);
    return want !== undefined && (row.quotes !== want.quotes || row.changes !== want.subjects);
  }).length;
}

try {
  buildServers();
  await local.start();
  await applySchema(db);

  // Part 1: a bulk import killed half-way.
  const file = path.join(workDir, 'graph.jsonl');
  const out = createWriteStream(file);
  const expected = new Map<string, { quotes: number; subjects: number }>();
  const totals = { entities: 0, relations: 0, statements: 0, quotes: 0 };
  for (const bundle of syntheticBundles({ entities: ENTITIES, seed: 5 })) {
    const { prepared } = checkBundle(bundle, bundle.document.text!);
    const subjects = prepared.entities.length + prepared.relations.length + prepared.statements.length;
    expected.set(prepared.document.id, { quotes: prepared.evidence.length, subjects });
    totals.entities += prepared.entities.length;
    totals.relations += prepared.relations.length;
    totals.statements += prepared.statements.length;
    totals.quotes += prepared.evidence.length;
    if (!out.write(`${JSON.stringify(bundle)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');

  let firstDone = false;
  const first = ingest(file).finally(() => (firstDone = true));
  const documents = async () => (await countsOf('benchFaultDocumentCount', 'MATCH (d:Document) RETURN count(d) AS n')).n as number;
  while (!firstDone && (await documents()) < Math.max(1, Math.floor(expected.size / 3))) await sleep(200);
  await local.kill();
  const killedRun = await first;
  await local.start();
  const inBeforeRerun = await documents();
  const halfAfterKill = await halfWrittenBundles(expected);
  const rerun = await ingest(file);
  const stored = await countsOf(
    'benchFaultStoredCounts',
    `RETURN COUNT { MATCH (e:Entity) } AS entities, COUNT { MATCH ()-[r]->() WHERE r.id IS NOT NULL } AS relations,
            COUNT { MATCH (s:Statement) } AS statements, COUNT { MATCH (ev:Evidence) } AS quotes,
            COUNT { MATCH (c:Change) } + reduce(n = 0, r IN COLLECT { MATCH (r:Creations) RETURN r } | n + size(r.subjectIds)) AS changes`,
  );
  const wrongCounts = (['entities', 'relations', 'statements', 'quotes'] as const).filter((k) => stored[k] !== totals[k]);
  const changesMissing = totals.entities + totals.relations + totals.statements - (stored.changes as number);
  console.log(
    `bulk import of ${ENTITIES} entities (${expected.size} bundles), Neo4j killed with ${inBeforeRerun} bundles in (the import exited ${killedRun.code}):\n` +
      `  ${verdict('half-written bundles after the kill:', halfAfterKill)}; run again: exit ${rerun.code}, ` +
      `${verdict('counts that differ from the file:', wrongCounts.length)} ${JSON.stringify(stored)}; ${verdict('changes missing:', changesMissing)}`,
  );
  if (rerun.code !== 0) failed = true;

  // Part 2: curation writes from several clients, the database killed in the middle.
  const sentences = Array.from({ length: WRITES * 3 }, (_, n) => `Curated body ${n} is named in this memo.`);
  await loadBundle(db, { document: { id: 'document/fault-memo', title: null, publisher: 'Fault Desk', publisherEntity: null, publishedOn: null, url: null, restricted: false, text: sentences.join('\n') }, entities: [], relations: [], statements: [] });
  const key = generateApiKey();
  await createApiKey(db, { id: key.id, name: 'bench:fault editor', roles: ['editor'], hash: key.hash });
  const api = await startProcess('api', 'src/main.js', { NEO4J_URI: local.boltUri, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', SEED_ON_EMPTY: 'false', RATE_LIMIT_PER_MINUTE: '100000000' });
  const acknowledged: number[] = [];
  const refused: Record<string, number> = {};
  let next = 0;
  const client = async () => {
    while (acknowledged.length < WRITES && next < sentences.length) {
      const n = next++;
      const input = { kind: 'ORGANIZATION', name: `Curated body ${n}`, evidence: { documentId: 'document/fault-memo', quotes: [sentences[n]] } };
      try {
        const response = await fetch(`${api.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key.key}` },
          body: JSON.stringify({ query: 'mutation($input: CreateEntityInput!) { createEntity(input: $input) { id } }', variables: { input } }),
        });
        const body = (await response.json()) as { data?: { createEntity?: { id: string } }; errors?: Array<{ extensions?: { code?: string } }> };
        if (body.data?.createEntity?.id) {
          acknowledged.push(n);
          continue;
        }
        const code = body.errors?.[0]?.extensions?.code ?? `HTTP ${response.status}`;
        refused[code] = (refused[code] ?? 0) + 1;
      } catch {
        refused.NETWORK = (refused.NETWORK ?? 0) + 1;
      }
      // Refused (the database away): wait a little before the next, as a client would.
      await sleep(200);
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);
  while (acknowledged.length < WRITES / 3) await sleep(100);
  const beforeKill = acknowledged.length;
  await local.kill();
  await sleep(1000);
  await local.start();
  await Promise.all(clients);
  await stopProcess(api.child);
  const entities = await db.read((tx) =>
    tx.run(
      cypher(
        'benchFaultCurated',
        `UNWIND $ids AS id OPTIONAL MATCH (e:Entity {id: id})
         RETURN id, e IS NOT NULL AS present, COUNT { MATCH (ev:Evidence {subjectId: id}) } AS quotes,
                COUNT { MATCH (c:Change {subjectId: id}) WHERE c.action = 'CREATED' }
                + COUNT { MATCH (r:Creations {id: e.createdIn}) WHERE id IN r.subjectIds } AS changes`,
      ),
      { ids: acknowledged.map((n) => entityIdFor('ORGANIZATION', `Curated body ${n}`)) },
    ),
  );
  const lost = entities.filter((row) => !row.present).length;
  const half = entities.filter((row) => row.present && (row.quotes !== 1 || row.changes !== 1)).length;
  console.log(
    `curation: ${acknowledged.length} writes acknowledged by ${CLIENTS} clients (${beforeKill} before the kill), refused ${JSON.stringify(refused)}:\n` +
      `  ${verdict('lost:', lost)}; ${verdict('half-written:', half)}`,
  );
  if (acknowledged.length < WRITES) failed = true;
  if (!Object.keys(refused).every((code) => code === 'DATABASE_UNAVAILABLE' || code === 'NETWORK')) failed = true;
} finally {
  await db.close();
  await local.stop();
  rmSync(workDir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
