/**
 * `npm run ingest -- <bundle.json | bundles.jsonl | folder> [...] [--stop-on-error]`: loads bundles
 * into the configured database through the same checks as the ingestBundle mutation, streamed
 * and written many to a transaction (ingest/bulk-import.ts). Shows a progress bar on a terminal,
 * progress lines otherwise; lists every bundle it could not write, with its line and problems, and
 * exits 1 if there was any. Run again after an interruption, it skips what it already wrote. For
 * operators on the database's machine; over the network, use the mutation with an ingest key.
 * With --ftm (`npm run import:ftm -- <file.jsonl> [--dataset NAME]`), the files hold FollowTheMoney
 * entities instead, made into bundles as they are read (ftm/import-ftm.ts).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { cliActor } from '../auth/actors.js';
import { withDatabase } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { applySchema } from '../data/schema-setup.js';
import { bundleFiles } from '../ingest/bundle-source.js';
import { importFtmFiles } from '../ftm/import-ftm.js';
import { importBundles, type ImportProblem, type ImportProgress } from '../ingest/bulk-import.js';
import { runCli, UsageError } from './run-cli.js';

const USAGE =
  'usage: npm run ingest -- <bundle.json | bundles.jsonl | folder> [more ...] [--stop-on-error] [--json]\n' +
  '       npm run import:ftm -- <entities.jsonl> [more ...] [--dataset NAME] [--stop-on-error] [--json]';

const perSecond = (count: number, ms: number) => (ms > 0 ? Math.round((count * 1000) / ms) : 0);

/** One line of counts: what a progress line and the final report say. */
function describeProgress(p: ImportProgress): string {
  const part = (label: string, c: { created: number; updated: number }) => `${label} ${c.created} new, ${c.updated} matched`;
  return (
    `bundles ${p.bundles.written} written, ${p.bundles.skipped} skipped (written before), ${p.bundles.failed} failed; ` +
    `${part('entities', p.entities)}; ${part('relations', p.relations)}; ${part('statements', p.statements)}; ${p.quotes} quotes; ` +
    `${p.duplicateCandidates} possible duplicates to review; ${(p.elapsedMs / 1000).toFixed(1)} s, ${perSecond(p.entities.created + p.entities.updated, p.elapsedMs)} entities/s`
  );
}

function describeProblem(problem: ImportProblem): string {
  return `Not written: ${problem.origin}${problem.documentId ? ` (${problem.documentId})` : ''}\n${problem.problems.map((p) => `  - ${p}`).join('\n')}`;
}

await runCli(async () => {
  const config = loadConfig();
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    // --json: the final counts as one line of JSON (for scripts and benchmarks), with the peak memory.
    options: {
      'stop-on-error': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      // FollowTheMoney JSON lines rather than bundles; --dataset names the publisher of records that name none.
      ftm: { type: 'boolean', default: false },
      dataset: { type: 'string' },
    },
  });
  if (positionals.length === 0) throw new UsageError(USAGE);
  // npm runs scripts in the project's root: a relative path means the folder the user typed it in.
  const targets = positionals.map((target) => path.resolve(config.invocationDir, target));
  const sources = targets.map((target) => {
    try {
      return bundleFiles(target);
    } catch {
      throw new UsageError(`No bundle file at ${target}, nor a folder (relative paths are taken from ${config.invocationDir}, where npm was run).\n${USAGE}`);
    }
  });
  const files = sources.flatMap((s) => s.files);
  if (files.length === 0) throw new UsageError(`No .json, .jsonl or .ndjson file in ${targets.join(', ')}.\n${USAGE}`);
  // An FtM file is read twice (entities, then links): its bar covers both passes.
  const totalBytes = sources.reduce((sum, s) => sum + s.totalBytes, 0) * (values.ftm ? 2 : 1);

  // A bar with rate and time left on a terminal; a line every ten seconds where output is a log.
  const bars = process.stderr.isTTY
    ? new cliProgress.MultiBar(
        { format: 'ingest [{bar}] {percentage}% | {entities} entities, {rate}/s | {eta_formatted} left', stream: process.stderr, etaBuffer: 20 },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const bar = bars?.create(totalBytes, 0, { entities: 0, rate: 0 }) ?? null;
  let lastLine = 0;
  const onProgress = (p: ImportProgress) => {
    const entities = p.entities.created + p.entities.updated;
    if (bar) bar.update(p.bytesRead, { entities, rate: perSecond(entities, p.elapsedMs) });
    else if (p.elapsedMs - lastLine >= 10_000) {
      lastLine = p.elapsedMs;
      console.log(`ingest ${totalBytes > 0 ? Math.floor((100 * p.bytesRead) / totalBytes) : 100}%: ${describeProgress(p)}`);
    }
  };
  // Printed as they come (above the bar on a terminal), not kept: an import may have many.
  const onProblem = (problem: ImportProblem) => (bars ? bars.log(`${describeProblem(problem)}\n`) : console.error(describeProblem(problem)));

  await withDatabase(config, async (db) => {
    await applySchema(db);
    let result;
    try {
      const options = { actor: cliActor(), batchRows: config.ingestBatchRows, stopOnError: values['stop-on-error'], onProblem, onProgress };
      result = values.ftm ? await importFtmFiles(db, files, { ...options, dataset: values.dataset }) : await importBundles(db, files, options);
      bar?.update(totalBytes);
    } finally {
      // The bar is cleared before anything else is printed, whether the import ended or failed.
      bars?.stop();
    }
    // The most memory this process held at once: what stays flat however large the input.
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    if (values.json) console.log(JSON.stringify({ ...result, peakRssBytes }));
    else console.log(`Ingested: ${describeProgress(result)}; peak memory ${Math.round(peakRssBytes / 2 ** 20)} MB`);
    const notImported = 'notImported' in result ? Object.entries(result.notImported as Record<string, number>) : [];
    if (notImported.length > 0 && !values.json) {
      console.log(`Not imported (no kind or relation type of ours): ${notImported.map(([schema, n]) => `${n} ${schema}`).join(', ')}`);
    }
    if (result.bundles.failed > 0) {
      console.error(`${result.bundles.failed} bundle(s) could not be written (listed above); the others were.`);
      process.exitCode = 1;
    }
  });
});
