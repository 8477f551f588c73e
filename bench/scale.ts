/**
 * `npm run bench:scale -- [--entities 1000000] [--sizes 10000,100000] [--seconds 10] [--warmup 5] [--connections 4] [--no-raw]`:
 * how import and answers hold as the graph grows. For each size (the smaller sizes, then --entities):
 *   1. the synthetic graph (the seeded generator: about 2 relations an entity, every fact quoted) is
 *      written to a JSON-lines file, a bundle at a time;
 *   2. on a throwaway Neo4j (memory as configured for `npm start`: LOCAL_NEO4J_HEAP, LOCAL_NEO4J_PAGECACHE),
 *      `npm run ingest` imports it in a process of its own (compiled, as `npm start` runs): entities,
 *      relations and quotes a second, its peak memory and its memory through the run, the store's size;
 *   3. the API (compiled, production) on that graph answers six questions, timed by the load
 *      generator in its own process: an entity by id, search, the first page of a hub's relations, a
 *      capped depth-2 neighbourhood, paths between two ordinary entities and between two hubs; each
 *      path question is also asked once on its own, to see it answer or say it stopped;
 *   4. on another throwaway Neo4j, the same rows loaded raw (bench/scale-raw-load.ts: UNWIND ...
 *      CREATE, no checks, no history), and the import's rate as a share of that.
 * Prints each size's figures and each question's p50 growth against the smallest size; writes
 * bench/results/scale.json. A measurement, not a test.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/config.js';
import { cypher, type Database } from '../src/data/database.js';
import type { ImportProgress } from '../src/ingest/bulk-import.js';
import { buildServers, load, nodeOptionsOf, runMeasured, startProcess, stopProcess, type LoadResult } from './processes.js';
import { folderBytes, withThrowawayDatabase, writeSyntheticFile } from './synthetic-database.js';

const { values } = parseArgs({
  options: {
    entities: { type: 'string', default: '1000000' },
    sizes: { type: 'string', default: '10000,100000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '4' },
    'no-raw': { type: 'boolean', default: false },
    // Seconds of load on each question before it is timed: Neo4j plans and its JIT compiles each statement.
    warmup: { type: 'string', default: '5' },
  },
});
const ENTITIES = Number(values.entities);
const SIZES = [...new Set([...values.sizes.split(',').map(Number).filter((n) => n > 0 && n < ENTITIES), ENTITIES])].sort((a, b) => a - b);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const SAMPLE = 200;

const rows = (db: Database, name: string, query: string) => db.read((tx) => tx.run(cypher(name, query)));

interface Question {
  name: string;
  query: string;
  variables: Array<Record<string, unknown>>;
}

/** The six questions, on entities drawn at random and on the best-connected ones. */
async function questionsFor(db: Database): Promise<Question[]> {
  const drawn = await rows(db, 'benchScaleSample', `MATCH (e:Entity) WITH e, rand() AS r ORDER BY r LIMIT ${SAMPLE} RETURN e.id AS id, e.name AS name`);
  const sample = drawn.map((row) => row.id as string);
  const names = drawn.map((row) => row.name as string);
  const hubs = (await rows(db, 'benchScaleHubs', 'MATCH (e:Entity) RETURN e.id AS id ORDER BY COUNT { (e)--() } DESC LIMIT 3')).map((row) => row.id as string);
  const pairs = (list: string[]) => list.slice(0, -1).map((from, i) => ({ from, to: list[i + 1]! }));
  return [
    { name: 'entity by id', query: 'query($id: ID!) { entity(id: $id) { id kind name aliases } }', variables: sample.map((id) => ({ id })) },
    { name: 'search', query: 'query($text: String!) { search(text: $text, first: 10) { score entity { id name } } }', variables: names.map((text) => ({ text: text.toLowerCase() })) },
    {
      name: 'hub relation page',
      query: 'query($id: ID!) { entity(id: $id) { relations(first: 20) { totalCount edges { node { id type other { name } } } } } }',
      variables: hubs.map((id) => ({ id })),
    },
    { name: 'depth-2 neighbourhood', query: 'query($id: ID!) { neighborhood(id: $id, depth: 2, limit: 100) { nodes { id } edges { id } omitted { count } } }', variables: sample.map((id) => ({ id })) },
    { name: 'path, ordinary', query: 'query($from: ID!, $to: ID!) { paths(from: $from, to: $to) { length steps { relation { id } } } }', variables: pairs(sample) },
    { name: 'path, hubs', query: 'query($from: ID!, $to: ID!) { paths(from: $from, to: $to) { length steps { relation { id } } } }', variables: [...pairs(hubs), { from: hubs[0]!, to: hubs.at(-1)! }] },
  ];
}

/** Each path question once on its own: answered, or stopped with which error, and the slowest. */
async function askEach(url: string, question: Question): Promise<{ asked: number; answered: number; errors: Record<string, number>; slowestMs: number }> {
  const outcome = { asked: 0, answered: 0, errors: {} as Record<string, number>, slowestMs: 0 };
  for (const variables of question.variables.slice(0, 20)) {
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: question.query, variables }) });
    const body = (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
    outcome.slowestMs = Math.max(outcome.slowestMs, performance.now() - started);
    outcome.asked += 1;
    if (body.errors) {
      const code = body.errors[0]?.extensions?.code ?? `HTTP ${response.status}`;
      outcome.errors[code] = (outcome.errors[code] ?? 0) + 1;
    } else outcome.answered += 1;
  }
  return outcome;
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const results: Array<Record<string, any>> = [];
const workDir = mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
buildServers();
try {
  for (const size of SIZES) {
    const file = path.join(workDir, `synthetic-${size}.jsonl`);
    const generated = performance.now();
    await writeSyntheticFile(size, file);
    console.log(`\n${size} entities: the graph written to a ${mb(statSync(file).size)} JSON-lines file in ${((performance.now() - generated) / 1000).toFixed(0)} s`);

    const row: Record<string, any> = { entities: size };
    await withThrowawayDatabase(async ({ db, instanceDir, config }) => {
      const { result, rssSamples } = await runMeasured([...nodeOptionsOf('ingest'), 'dist/src/cli/ingest.js', file, '--json'], { NEO4J_URI: db.uri });
      const imported = result as ImportProgress & { peakRssBytes: number };
      const seconds = imported.elapsedMs / 1000;
      const quartiles = [0.25, 0.5, 0.75, 1].map((q) => rssSamples[Math.max(0, Math.ceil(q * rssSamples.length) - 1)] ?? 0);
      row.import = {
        seconds,
        entitiesPerSecond: (imported.entities.created + imported.entities.updated) / seconds,
        relationsPerSecond: (imported.relations.created + imported.relations.updated) / seconds,
        quotesPerSecond: imported.quotes / seconds,
        bundles: imported.bundles,
        peakRssBytes: imported.peakRssBytes,
        rssAtQuartiles: quartiles,
        storeBytes: folderBytes(path.join(instanceDir, 'data')),
      };
      console.log(
        `  import: ${seconds.toFixed(0)} s; ${row.import.entitiesPerSecond.toFixed(0)} entities, ${row.import.relationsPerSecond.toFixed(0)} relations, ` +
          `${row.import.quotesPerSecond.toFixed(0)} quotes a second; importer's peak memory ${mb(imported.peakRssBytes)} ` +
          `(at 25/50/75/100% of the run: ${quartiles.map(mb).join(', ')}); store ${mb(row.import.storeBytes)} ` +
          `(Neo4j heap ${config.localNeo4j.heap}, page cache ${config.localNeo4j.pageCache})`,
      );

      const api = await startProcess('api', 'src/main.js', { NEO4J_URI: db.uri, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', SEED_ON_EMPTY: 'false', RATE_LIMIT_PER_MINUTE: '100000000' });
      try {
        const url = `${api.url}/graphql`;
        row.questions = {};
        for (const question of await questionsFor(db)) {
          const bodies = question.variables.map((variables) => JSON.stringify({ query: question.query, variables }));
          await load(url, bodies, { seconds: Number(values.warmup), connections: CONNECTIONS });
          const timed: LoadResult = await load(url, bodies, { seconds: SECONDS, connections: CONNECTIONS });
          const each = question.name.startsWith('path') ? await askEach(url, question) : null;
          row.questions[question.name] = { ...timed, ...(each ? { each } : {}) };
          console.log(
            `  ${question.name.padEnd(22)} p50 ${timed.p50} ms, p99 ${timed.p99} ms, ${timed.rps.toFixed(0)} req/s` +
              `${timed.errors + timed.non2xx > 0 ? `, ${timed.errors} errors and ${timed.non2xx} non-2xx` : ''}` +
              `${each ? `; asked one at a time: ${each.answered}/${each.asked} answered, ${JSON.stringify(each.errors)}, slowest ${each.slowestMs.toFixed(0)} ms` : ''}`,
          );
        }
      } finally {
        await stopProcess(api.child);
      }
    });

    if (!values['no-raw']) {
      await withThrowawayDatabase(async ({ db }) => {
        const { result } = await runMeasured(['--import', 'tsx', 'bench/scale-raw-load.ts', file], { NEO4J_URI: db.uri });
        row.raw = { seconds: result.seconds, entitiesPerSecond: result.entities / result.seconds };
        row.importOverRaw = row.import.entitiesPerSecond / row.raw.entitiesPerSecond;
        console.log(`  raw UNWIND load of the same rows: ${result.seconds.toFixed(0)} s, ${row.raw.entitiesPerSecond.toFixed(0)} entities a second; import/raw ${row.importOverRaw.toFixed(2)}`);
      });
    }
    results.push(row);
    rmSync(file, { force: true });
  }

  const smallest = results[0]!;
  console.log(`\np50 against ${smallest.entities} entities:`);
  for (const name of Object.keys(smallest.questions)) {
    const cells = results.map((r) => `${r.entities}: ${r.questions[name].p50} ms (x${(r.questions[name].p50 / Math.max(1, smallest.questions[name].p50)).toFixed(2)})`);
    console.log(`  ${name.padEnd(22)} ${cells.join('   ')}`);
  }
  const out = path.join(PROJECT_ROOT, 'bench', 'results', 'scale.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, connections: CONNECTIONS, results }, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(PROJECT_ROOT, out)}`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
