/**
 * `npm run bench:ftm -- [--entities 100000]`: FollowTheMoney at the bulk rate. The synthetic graph
 * (the seeded generator, about 2 relations an entity, every fact quoted) is
 *   1. written as bundles to a JSON-lines file and imported by `npm run ingest` on a throwaway Neo4j
 *      (compiled, in its own process, as users run it): the bulk rate;
 *   2. exported from there by `npm run export:ftm` (timed): an FtM file of that many entities,
 *      checked by FtM's reference implementation when .tools/ftm holds it (as the tests make it);
 *   3. imported by `npm run import:ftm` on a second throwaway Neo4j, in its own process: its rate,
 *      and the share of the bulk rate it reaches;
 *   4. the same graph as a dataset publishes it (OpenSanctions-style: a record per entity and per
 *      link, no documents, links before some of their ends), imported the same way: each record
 *      becomes a document of its own, and links whose ends come later wait for the second pass.
 * The graphs are compared first (entities and relations; for the export, quotes and documents too,
 * statements aside, which FtM does not carry): figures for imports that disagree would mean
 * nothing. A measurement, not a test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/config.js';
import { cypher, type Database } from '../src/data/database.js';
import type { ImportProgress } from '../src/ingest/bulk-import.js';
import { writeDatasetFile } from './ftm-dataset.js';
import { buildServers, nodeOptionsOf, runMeasured } from './processes.js';
import { withThrowawayDatabase, writeSyntheticFile } from './synthetic-database.js';

const { values } = parseArgs({ options: { entities: { type: 'string', default: '100000' } } });
const ENTITIES = Number(values.entities);

/** What both imports must agree on, statements aside. */
const COUNTS = cypher(
  'benchFtmCounts',
  `RETURN COUNT { MATCH (e:Entity) } AS entities,
          COUNT { MATCH ()-[r]->() WHERE r.id IS NOT NULL AND type(r) <> 'STATED_ABOUT' } AS relations,
          COUNT { MATCH (ev:Evidence) WHERE NOT ev.subjectId STARTS WITH 'statement/' AND NOT ev.subjectId STARTS WITH 'stated-about:' } AS quotes,
          COUNT { MATCH (d:Document) } AS documents`,
);
const countsOf = async (db: Database) => (await db.read((tx) => tx.run(COUNTS)))[0]!;

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const rate = (p: ImportProgress) => (p.entities.created + p.entities.updated) / (p.elapsedMs / 1000);

const workDir = mkdtempSync(path.join(os.tmpdir(), 'bench-ftm-'));
buildServers();
try {
  const bundlesFile = path.join(workDir, 'synthetic.jsonl');
  const ftmFile = path.join(workDir, 'synthetic.ftm.jsonl');
  await writeSyntheticFile(ENTITIES, bundlesFile);

  const bundles = await withThrowawayDatabase(async ({ db }) => {
    const { result } = await runMeasured([...nodeOptionsOf('ingest'), 'dist/src/cli/ingest.js', bundlesFile, '--json'], { NEO4J_URI: db.uri });
    const imported = result as ImportProgress & { peakRssBytes: number };
    console.log(`bundles: ${ENTITIES} entities imported in ${(imported.elapsedMs / 1000).toFixed(0)} s, ${rate(imported).toFixed(0)} entities a second, peak memory ${mb(imported.peakRssBytes)}`);
    const started = performance.now();
    const exported = spawnSync(process.execPath, ['dist/src/cli/export-ftm.js', '--out', ftmFile], { cwd: PROJECT_ROOT, env: { ...process.env, NEO4J_URI: db.uri }, encoding: 'utf8' });
    if (exported.status !== 0) throw new Error(`export:ftm failed:\n${exported.stderr}`);
    const seconds = (performance.now() - started) / 1000;
    console.log(`export:ftm: ${mb(statSync(ftmFile).size)} of FtM in ${seconds.toFixed(0)} s, ${(ENTITIES / seconds).toFixed(0)} entities a second`);
    return { imported, counts: await countsOf(db) };
  });

  const python = path.join(PROJECT_ROOT, '.tools', 'ftm', 'bin', 'python');
  if (existsSync(python)) {
    const check = spawnSync(python, [path.join(PROJECT_ROOT, 'tools', 'ftm-check.py')], { stdio: [openSync(ftmFile, 'r'), 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
    console.log(`reference check: ${check.stderr.trim()}${check.status === 0 ? '' : `\n${check.stdout.split('\n').slice(0, 10).join('\n')}`}`);
  } else console.log('reference check skipped: .tools/ftm is made by the tests (npm test) or .ci/run');

  await withThrowawayDatabase(async ({ db }) => {
    const { result } = await runMeasured([...nodeOptionsOf('import:ftm'), 'dist/src/cli/ingest.js', '--ftm', ftmFile, '--json'], { NEO4J_URI: db.uri });
    const imported = result as ImportProgress & { peakRssBytes: number };
    const counts = await countsOf(db);
    if (JSON.stringify(counts) !== JSON.stringify(bundles.counts)) {
      throw new Error(`the FtM import disagrees with the bundles' graph: ${JSON.stringify(counts)} against ${JSON.stringify(bundles.counts)}`);
    }
    console.log(
      `import:ftm: ${JSON.stringify(counts)} (the same graph) in ${(imported.elapsedMs / 1000).toFixed(0)} s, ${rate(imported).toFixed(0)} entities a second, ` +
        `peak memory ${mb(imported.peakRssBytes)}; ${imported.bundles.written} bundles written, ${imported.bundles.failed} failed`,
    );
    console.log(`import:ftm / ingest: ${(rate(imported) / rate(bundles.imported)).toFixed(2)} of the bulk rate`);
  });

  const datasetFile = path.join(workDir, 'synthetic.dataset.jsonl');
  const entityRecords = await writeDatasetFile(bundlesFile, datasetFile);
  await withThrowawayDatabase(async ({ db }) => {
    const { result } = await runMeasured([...nodeOptionsOf('import:ftm'), 'dist/src/cli/ingest.js', '--ftm', datasetFile, '--json'], { NEO4J_URI: db.uri });
    const imported = result as ImportProgress & { peakRssBytes: number };
    const counts = await countsOf(db);
    if (counts.entities !== bundles.counts.entities || counts.relations !== bundles.counts.relations) {
      throw new Error(`the dataset's import disagrees with the bundles' graph: ${JSON.stringify(counts)} against ${JSON.stringify(bundles.counts)}`);
    }
    console.log(
      `import:ftm of the dataset (${entityRecords} entity records, ${mb(statSync(datasetFile).size)}): ${counts.entities} entities, ${counts.relations} relations (the same), ` +
        `${counts.documents} record documents, in ${(imported.elapsedMs / 1000).toFixed(0)} s, ${rate(imported).toFixed(0)} entities a second, peak memory ${mb(imported.peakRssBytes)}; ` +
        `${imported.bundles.written} bundles written, ${imported.bundles.failed} failed`,
    );
    console.log(`dataset import:ftm / ingest: ${(rate(imported) / rate(bundles.imported)).toFixed(2)} of the bulk rate (entities a second)`);
  });
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
