/**
 * `npm run bench:vs-library -- [--entities 2000] [--seconds 10] [--connections 8] [--rounds 2] [--warmup 4] [--questions Q1,Q5] [--profile]`: this
 * API (A, in its production configuration, compiled and started as `npm start` starts it) against the Neo4j
 * GraphQL Library (B) and the limit (C: node:http, the driver and one hand-written statement), each
 * server in a process of its own, on one throwaway Neo4j holding the synthetic graph, with the load
 * generator (autocannon) in a fourth process. The three answers to each question are checked to
 * agree first; then each question is timed on each server, the servers' order rotating from round to
 * round. Prints p50/p99 latency and throughput per server and question, with the ratios A/B and A/C,
 * and writes them to bench/results/compare-<entities>.json. Throttling is lifted for A
 * (RATE_LIMIT_PER_MINUTE), or it would measure the rate limiter's refusals. All three servers are
 * compiled first (bench/compare/tsconfig.json) and run as JavaScript under plain node.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../src/config.js';
import { cypher } from '../../src/data/database.js';
import { withSyntheticDatabase } from '../synthetic-database.js';
import { loadBundle, parseBundle } from '../../src/ingest/load-bundle.js';
import { buildServers, load, startProcess, stopProcess } from '../processes.js';
import { hubBundle, QUESTIONS, type Question, type ServerName } from './questions.js';

const { values } = parseArgs({
  options: {
    entities: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    // Seconds of load on each server before each question is timed, not counted: Neo4j compiles
    // and its JIT warms each statement, and each server's statements are its own.
    warmup: { type: 'string', default: '4' },
    // Only these questions (comma-separated prefixes, as `Q1,Q5`); all by default.
    questions: { type: 'string', default: '' },
    // Writes a CPU profile of A (node --cpu-prof) to bench/results/profile/ when it stops: where its time goes.
    profile: { type: 'boolean', default: false },
  },
});
const ENTITIES = Number(values.entities);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const ROUNDS = Number(values.rounds);
const WARMUP = Number(values.warmup);
const SERVERS: ServerName[] = ['api', 'library', 'cypher'];
const ASKED = values.questions.split(',').map((q) => q.trim()).filter(Boolean);
const questions = QUESTIONS.filter((q) => ASKED.length === 0 || ASKED.some((prefix) => q.name.startsWith(`${prefix}-`) || q.name === prefix));

/** CPU seconds a process has used so far (user and system), from /proc: where each request's time goes. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The throwaway Neo4j's process (its command line names the benchmark's temporary folder). */
function neo4jPid(): number {
  const pid = readdirSync('/proc').find((entry) => /^\d+$/.test(entry) && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('industry-graph-bench-neo4j-'));
  if (!pid) throw new Error('the benchmark Neo4j process was not found');
  return Number(pid);
}

buildServers('bench/compare/tsconfig.json');
await withSyntheticDatabase(ENTITIES, async ({ db }) => {
  await loadBundle(db, parseBundle(hubBundle(), 'the benchmark hub'));
  // Let Neo4j settle after the load (indexes online, their statistics brought up to date, a pause
  // for its background work), or that work lands on whichever server is timed first.
  for (const procedure of ['CALL db.awaitIndexes(300)', 'CALL db.resampleOutdatedIndexes()']) await db.driver.executeQuery(procedure);
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const env = { NEO4J_URI: db.uri, PORT: '0', HOST: '127.0.0.1' };
  const started = await Promise.all([
    startProcess('api', 'src/main.js', { ...env, NODE_ENV: 'production', SEED_ON_EMPTY: 'false', RATE_LIMIT_PER_MINUTE: '100000000' }, values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(PROJECT_ROOT, 'bench', 'results', 'profile')}`] : []),
    startProcess('library', 'bench/compare/server-library.js', env),
    startProcess('cypher', 'bench/compare/server-cypher.js', env),
  ]);
  const servers = Object.fromEntries(SERVERS.map((name, i) => [name, started[i]!])) as Record<ServerName, { url: string; child: ChildProcess }>;
  try {
    const endpoint = (server: ServerName, question: Question) => (server === 'cypher' ? `${servers.cypher.url}/${question.name}` : servers[server].url);
    const body = (server: ServerName, question: Question, id: string | null) => {
      const variables = { ...(id === null ? {} : { id }), ...(question.variables?.(server, id) ?? {}) };
      return JSON.stringify(server === 'cypher' ? { variables } : { query: question[server], variables });
    };
    const ask = async (server: ServerName, question: Question, id: string | null) => {
      const response = await fetch(endpoint(server, question), { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(server, question, id) });
      const answer = (await response.json()) as { data?: unknown; errors?: unknown };
      if (answer.errors || !answer.data) throw new Error(`${server} ${question.name}: ${JSON.stringify(answer.errors ?? answer)}`);
      return question.normalize(server, answer.data);
    };

    console.log(`\nA: this API, B: @neo4j/graphql 7, C: one hand-written Cypher statement; Neo4j 5.26, synthetic graph of ${ENTITIES} entities; ` +
      `autocannon, ${CONNECTIONS} connections, ${WARMUP} s of warm-up, then ${SECONDS} s a run, ${ROUNDS} rounds, servers' order rotating`);
    const results: Record<string, unknown>[] = [];
    const neo4j = neo4jPid();
    const cpu = (x: { serverCpuMs: number; neo4jCpuMs: number }) => `${x.serverCpuMs.toFixed(2)}+${x.neo4jCpuMs.toFixed(2)}`;
    for (const question of questions) {
      const ids = question.idsQuery ? (await db.read((tx) => tx.run(cypher('benchIds', question.idsQuery!)))).map((r) => r.id as string) : [null];
      if (ids.length === 0) throw new Error(`${question.name}: nothing to ask about`);
      // The same answer from all three first: a faster wrong answer would prove nothing.
      const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 20)) === 0).slice(0, 20);
      for (const id of sample) {
        const [a, b, c] = await Promise.all(SERVERS.map((server) => ask(server, question, id)));
        if (JSON.stringify(a) !== JSON.stringify(b) || JSON.stringify(a) !== JSON.stringify(c)) {
          throw new Error(`${question.name} (${id}): the answers differ\nA ${JSON.stringify(a)}\nB ${JSON.stringify(b)}\nC ${JSON.stringify(c)}`);
        }
      }
      type Run = Awaited<ReturnType<typeof load>> & { serverCpuMs: number; neo4jCpuMs: number };
      const runs: Record<ServerName, Run[]> = { api: [], library: [], cypher: [] };
      if (WARMUP > 0) for (const server of SERVERS) await load(endpoint(server, question), ids.map((id) => body(server, question, id)), { seconds: WARMUP, connections: CONNECTIONS });
      for (let round = 0; round < ROUNDS; round++) {
        for (let k = 0; k < SERVERS.length; k++) {
          const server = SERVERS[(round + k) % SERVERS.length]!;
          const bodies = ids.map((id) => body(server, question, id));
          const pids = [servers[server].child.pid!, neo4j];
          const before = pids.map(cpuSeconds);
          const run = await load(endpoint(server, question), bodies, { seconds: SECONDS, connections: CONNECTIONS });
          const [serverCpu, neo4jCpu] = pids.map((pid, i) => cpuSeconds(pid) - before[i]!);
          const requests = run.rps * SECONDS;
          // CPU per request, in the server's process and in Neo4j's: on a shared machine, the cost that throughput hides.
          runs[server].push({ ...run, serverCpuMs: (serverCpu! * 1000) / requests, neo4jCpuMs: (neo4jCpu! * 1000) / requests });
        }
      }
      // The run of median throughput (the lower of the middle two for an even count), with that same
      // run's latencies: figures taken from different runs would describe no run at all.
      const typical = (server: ServerName) => {
        const all = runs[server];
        const run = [...all].sort((x, y) => x.rps - y.rps)[Math.floor((all.length - 1) / 2)]!;
        return { p50: run.p50, p99: run.p99, rps: run.rps, serverCpuMs: run.serverCpuMs, neo4jCpuMs: run.neo4jCpuMs, errors: all.reduce((n, r) => n + r.errors + r.non2xx, 0) };
      };
      const [a, b, c] = SERVERS.map(typical) as [ReturnType<typeof typical>, ReturnType<typeof typical>, ReturnType<typeof typical>];
      const row = { question: question.name, about: question.about, agreedOn: sample.length, api: a, library: b, cypher: c, throughputAB: a.rps / b.rps, throughputAC: a.rps / c.rps, p99AC: a.p99 / c.p99 };
      results.push(row);
      console.log(
        `${question.name.padEnd(13)} p50/p99 ms  A ${a.p50}/${a.p99}  B ${b.p50}/${b.p99}  C ${c.p50}/${c.p99}   req/s  A ${a.rps.toFixed(0)}  B ${b.rps.toFixed(0)}  C ${c.rps.toFixed(0)}` +
          `   A/B ${row.throughputAB.toFixed(2)}  A/C ${row.throughputAC.toFixed(2)}  p99 A/C ${row.p99AC.toFixed(2)}` +
          `   CPU ms/request server+Neo4j  A ${cpu(a)}  B ${cpu(b)}  C ${cpu(c)}${a.errors + b.errors + c.errors > 0 ? `  errors A ${a.errors} B ${b.errors} C ${c.errors}` : ''}`,
      );
    }
    const out = path.join(PROJECT_ROOT, 'bench', 'results', `compare-${ENTITIES}.json`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ entities: ENTITIES, seconds: SECONDS, warmup: WARMUP, connections: CONNECTIONS, rounds: ROUNDS, at: new Date().toISOString(), results }, null, 2)}\n`);
    console.log(`\nwritten to ${path.relative(PROJECT_ROOT, out)}`);
  } finally {
    // Waits for each to exit: A writes its profile on the way out.
    await Promise.all(Object.values(servers).map(({ child }) => stopProcess(child)));
  }
});
