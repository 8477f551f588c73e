/**
 * `npm run bench:write -- [--entities 10000] [--warm-runs 5]`: where a write spends its time. On a
 * throwaway Neo4j started for the run (an empty data folder, as a new user's first `npm start`):
 *   cold     — the seed written as the first write the server sees (every statement planned afresh)
 *   warm     — the seed written again into a wiped graph, `--warm-runs` times (the median shown)
 *   again    — the same seed over itself (matched, nothing changes)
 *   synthetic — the synthetic graph of `--entities` entities, through the same ingestion path
 * with the time of each statement of the cold and the last warm seed. Settings (timeouts, the local
 * Neo4j's memory) come from the environment, as for `npm start`. A measurement, not a test.
 */
import { parseArgs } from 'node:util';
import { loadSeed } from '../src/bootstrap.js';
import { cypher, type Database } from '../src/data/database.js';
import { loadBundle } from '../src/ingest/load-bundle.js';
import { generateSyntheticBundles } from '../src/synthetic/synthetic-graph.js';
import { withThrowawayDatabase } from './synthetic-database.js';

const { values } = parseArgs({
  options: {
    entities: { type: 'string', default: '10000' },
    'warm-runs': { type: 'string', default: '5' },
  },
});
const ENTITIES = Math.min(1_000_000, Number(values.entities));
const WARM_RUNS = Math.max(1, Math.min(50, Number(values['warm-runs'])));

/** The statements of one measured write, in order, with their times. */
let statements: Array<{ name: string; ms: number }> = [];
const record = (name: string, ms: number) => statements.push({ name, ms });

const WIPE = cypher('benchWipe', 'MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
async function wipe(db: Database): Promise<void> {
  const session = db.driver.session({ database: db.database });
  try {
    await session.run(WIPE.text);
  } finally {
    await session.close();
  }
}

/** Writes the seed and returns how long it took, with the statements it ran. */
async function timedSeed(db: Database): Promise<{ ms: number; statements: typeof statements }> {
  statements = [];
  const started = performance.now();
  await loadSeed(db, () => {});
  const ms = performance.now() - started;
  return { ms, statements };
}

const ms = (value: number) => value.toFixed(0).padStart(7);

await withThrowawayDatabase(
  async ({ db, config, startupMs, stalePlansDiscarded }) => {
    console.log(`Neo4j ready in ${(startupMs / 1000).toFixed(1)} s; write timeout ${config.neo4j.writeTimeoutMs} ms, read timeout ${config.neo4j.readTimeoutMs} ms`);
    const cold = await timedSeed(db);
    const warmRuns: Array<Awaited<ReturnType<typeof timedSeed>>> = [];
    for (let run = 0; run < WARM_RUNS; run += 1) {
      await wipe(db);
      warmRuns.push(await timedSeed(db));
    }
    const again = await timedSeed(db);
    const warm = warmRuns.at(-1)!;
    const median = [...warmRuns].sort((a, b) => a.ms - b.ms)[Math.floor(warmRuns.length / 2)]!.ms;

    console.log(`\nSeed (one article): cold ${ms(cold.ms)} ms   warm ${ms(median)} ms (median of ${WARM_RUNS})   again, unchanged ${ms(again.ms)} ms`);
    console.log(`\nStatements of one seed write, in order (ms):`);
    console.log(`  ${'statement'.padEnd(44)}   cold    warm`);
    cold.statements.forEach((statement, i) => {
      const warmStatement = warm.statements[i]?.name === statement.name ? warm.statements[i]!.ms : NaN;
      console.log(`  ${statement.name.padEnd(44)} ${ms(statement.ms)} ${ms(warmStatement)}`);
    });
    const sum = (list: typeof statements) => list.reduce((total, s) => total + s.ms, 0);
    console.log(`  ${`${cold.statements.length} statements`.padEnd(44)} ${ms(sum(cold.statements))} ${ms(sum(warm.statements))}`);

    await wipe(db);
    const bundles = generateSyntheticBundles({ entities: ENTITIES, seed: 2024 });
    statements = [];
    const discardedBefore = stalePlansDiscarded();
    const started = performance.now();
    for (const bundle of bundles) await loadBundle(db, bundle);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `\nSynthetic graph: ${ENTITIES} entities in ${bundles.length} bundles loaded in ${seconds.toFixed(1)} s ` +
        `(${(ENTITIES / seconds).toFixed(0)} entities/s, ${(statements.length / bundles.length).toFixed(1)} statements per bundle; ` +
        `the server replanned ${stalePlansDiscarded() - discardedBefore} statements as the graph grew)`,
    );
    const totals = new Map<string, { count: number; ms: number }>();
    for (const { name, ms: time } of statements) {
      const total = totals.get(name) ?? { count: 0, ms: 0 };
      totals.set(name, { count: total.count + 1, ms: total.ms + time });
    }
    console.log(`  ${'statement'.padEnd(44)}   runs  total ms`);
    for (const [name, total] of [...totals].sort((a, b) => b[1].ms - a[1].ms)) {
      const runs = statements.filter((s) => s.name === name).map((s) => s.ms.toFixed(0));
      console.log(`  ${name.padEnd(44)} ${String(total.count).padStart(6)} ${ms(total.ms)}   ${runs.join(' ')}`);
    }
  },
  { onStatement: record },
);
