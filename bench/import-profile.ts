/**
 * `npm run bench:import-profile -- [--entities 100000] [--file bundles.jsonl] [--no-raw]`: where a
 * bulk import's time goes, as figures to act on. bench:scale says how fast the import is; this says
 * why. On a throwaway Neo4j (memory as `npm start` configures it), its threads watched (thread-cpu.ts):
 *   1. the synthetic graph of --entities (or --file) is imported in this process, so that each named
 *      statement can be timed (summed per name; begin and commit apart);
 *   2. it prints the CPU seconds of this process and of the server, and what the server's threads
 *      spent theirs on: Bolt workers running the statements and commits, Lucene merging the search
 *      index's segments, the JIT compiler, the garbage collector;
 *   3. unless --no-raw, the same for the raw UNWIND load of the same rows (bench/scale-raw-load.ts, in
 *      a process of its own, on a new server), and the ratios.
 * What it wrote is the figure to compare between two versions of the code, then CPU: on a shared
 * 2-core machine the wall time of the same import varies by ±15-25% from run to run. The threads are
 * sampled from this process, whose CPU (the importer's) includes that small cost. A measurement, not a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cliActor } from '../src/auth/actors.js';
import { importBundles } from '../src/ingest/bulk-import.js';
import { cypher } from '../src/data/database.js';
import { runMeasured } from './processes.js';
import { processCpuSeconds, watchThreads, type ThreadGroupCpu } from './thread-cpu.js';
import { withThrowawayDatabase, writeSyntheticFile } from './synthetic-database.js';

const { values } = parseArgs({
  options: {
    entities: { type: 'string', default: '100000' },
    file: { type: 'string' },
    'no-raw': { type: 'boolean', default: false },
  },
});

interface Run {
  label: string;
  seconds: number;
  clientCpuSeconds: number | null;
  serverCpuSeconds: number | null;
  /** The server's CPU by what its threads do (thread-cpu.ts). */
  serverThreads: ThreadGroupCpu[];
  /** What the run wrote: nodes, relationships and their properties, figures that do not vary from run to run. */
  written: { nodes: number; relationships: number; properties: number };
}

const WRITTEN = cypher(
  'benchWritten',
  `CALL () { MATCH (n) RETURN count(n) AS nodes, sum(size(keys(n))) AS nodeProperties }
   CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships, sum(size(keys(r))) AS relationshipProperties }
   RETURN nodes, relationships, nodeProperties + relationshipProperties AS properties`,
);

const workDir = mkdtempSync(path.join(os.tmpdir(), 'industry-graph-import-profile-'));

/** Runs `measure` on a throwaway server, watching the CPU of the server's threads meanwhile. */
async function profiled(label: string, measure: (db: Parameters<Parameters<typeof withThrowawayDatabase>[0]>[0]) => Promise<{ seconds: number; clientCpuSeconds: number | null }>, onStatement?: (name: string, ms: number) => void): Promise<Run> {
  return withThrowawayDatabase(
    async (setup) => {
      const before = processCpuSeconds(setup.serverPid);
      const threads = setup.serverPid === null ? null : watchThreads(setup.serverPid);
      const result = await measure(setup);
      const serverThreads = threads?.stop() ?? [];
      const after = processCpuSeconds(setup.serverPid);
      const [written] = await setup.db.read((tx) => tx.run(WRITTEN));
      return { label, ...result, serverCpuSeconds: before === null || after === null ? null : after - before, serverThreads, written: written as Run['written'] };
    },
    { onStatement },
  );
}

function printRun(run: Run): void {
  const cpu = (s: number | null) => (s === null ? '?' : `${s.toFixed(0)} s`);
  console.log(`\n${run.label}: ${run.seconds.toFixed(1)} s; CPU: client ${cpu(run.clientCpuSeconds)}, server ${cpu(run.serverCpuSeconds)}; wrote ${run.written.nodes} nodes, ${run.written.relationships} relationships, ${run.written.properties} properties`);
  for (const { group, seconds } of run.serverThreads) console.log(`  ${group.padEnd(44)} ${seconds.toFixed(1).padStart(7)} s`);
  const grouped = run.serverThreads.reduce((sum, { seconds }) => sum + seconds, 0);
  if (run.serverCpuSeconds !== null) console.log(`  ${'threads too short-lived to sample'.padEnd(44)} ${Math.max(0, run.serverCpuSeconds - grouped).toFixed(1).padStart(7)} s`);
}

try {
  const file = values.file ?? path.join(workDir, 'bundles.jsonl');
  if (!values.file) await writeSyntheticFile(Number(values.entities), file);

  const statements = new Map<string, { count: number; ms: number }>();
  let commitMs = 0;
  let entities = 0;
  let stalePlans = 0;
  const imported = await profiled(
    'import',
    async (setup) => {
      const { db, config } = setup;
      // Begin and commit: a write's whole time less the time inside its work.
      const write = db.write.bind(db);
      db.write = async (work) => {
        const started = performance.now();
        let inside = 0;
        const result = await write(async (tx) => {
          const entered = performance.now();
          try {
            return await work(tx);
          } finally {
            inside += performance.now() - entered;
          }
        });
        commitMs += performance.now() - started - inside;
        return result;
      };
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const progress = await importBundles(db, [file], { actor: cliActor(), batchRows: config.ingestBatchRows });
      const cpu = process.cpuUsage(cpuBefore);
      entities = progress.entities.created;
      stalePlans = setup.stalePlansDiscarded();
      return { seconds: (performance.now() - started) / 1000, clientCpuSeconds: (cpu.user + cpu.system) / 1e6 };
    },
    (name, ms) => {
      const total = statements.get(name) ?? { count: 0, ms: 0 };
      total.count += 1;
      total.ms += ms;
      statements.set(name, total);
    },
  );
  console.log(`${entities} entities imported; the server replanned ${stalePlans} statements as the graph grew (each replan is compiled again)`);
  console.log('\nStatements of the import (time to answer, summed per name):');
  for (const [name, { count, ms }] of [...statements].sort((a, b) => b[1].ms - a[1].ms)) {
    if (ms >= 100) console.log(`  ${name.padEnd(32)} ${String(count).padStart(7)} ${(ms / 1000).toFixed(1).padStart(7)} s`);
  }
  console.log(`  ${'begin and commit'.padEnd(32)} ${''.padStart(7)} ${(commitMs / 1000).toFixed(1).padStart(7)} s`);
  printRun(imported);

  if (!values['no-raw']) {
    const raw = await profiled('raw UNWIND load', async ({ db }) => {
      const { result } = await runMeasured(['--import', 'tsx', 'bench/scale-raw-load.ts', file], { NEO4J_URI: db.uri });
      return { seconds: result.seconds as number, clientCpuSeconds: result.cpuSeconds as number };
    });
    printRun(raw);
    const ratio = (a: number | null, b: number | null) => (a === null || b === null ? '?' : (a / b).toFixed(2));
    console.log(`\nThe import's rate as a share of the raw load's (bench:scale's import/raw): ${ratio(raw.seconds, imported.seconds)}`);
    console.log(`The import's CPU against the raw load's: server x${ratio(imported.serverCpuSeconds, raw.serverCpuSeconds)}, client x${ratio(imported.clientCpuSeconds, raw.clientCpuSeconds)}; nodes x${ratio(imported.written.nodes, raw.written.nodes)}, properties x${ratio(imported.written.properties, raw.written.properties)}`);
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
