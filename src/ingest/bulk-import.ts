/**
 * Bulk import: bundles streamed from a file, a JSON-lines file or a folder (bundle-source.ts), each
 * checked exactly as a single bundle is (format, quotes verbatim, references, then the graph), and
 * written many to a transaction. Each bundle lands whole or not at all; a bundle with problems is
 * reported with its file, line and every problem, and the import goes on without it (unless told
 * to stop). A bundle whose fingerprint its document already holds was written by an earlier run
 * and is skipped, so that an import interrupted and started again carries on where it stopped.
 */
import type { ActorRecord } from '../data/records.js';
import type { Database } from '../data/database.js';
import type { PreparedBundle } from '../data/bundle-rows.js';
import { alreadyWritten, writeBundles, type BatchOutcome, type BundleSummary } from '../data/bundle-store.js';
import { mergedRedirects } from '../data/merge-redirects.js';
import { createdEntityOf, proposeDuplicates, type CreatedEntity } from '../data/duplicate-store.js';
import { AlreadyExistsError, BundleError, CurationError, WriteTimeoutError } from '../errors.js';
import type { Bundle } from './bundle.js';
import { documentTextOf, readBundles, type SourcedBundle } from './bundle-source.js';
import { parseBundle } from './load-bundle.js';
import { checkBundle } from './prepare-bundle.js';
import { entityIdsOf } from './redirect-bundle.js';

export interface ImportOptions {
  actor: ActorRecord;
  /** A batch goes to the database once its bundles hold this many rows (entities, relations, statements, quotes). */
  batchRows: number;
  /** Stop at the first bundle with problems (the bundles written before it stay written). */
  stopOnError?: boolean;
  /** Told of each bundle that could not be written, as soon as it is known. */
  onProblem?: (problem: ImportProblem) => void;
  /** Told how far the import has come after each batch. */
  onProgress?: (progress: ImportProgress) => void;
}

/** A bundle that was not written, and why. */
export interface ImportProblem {
  /** The file and, in a JSON-lines file, the line. */
  origin: string;
  documentId: string | null;
  problems: string[];
}

/** Counts of an import so far. */
export interface ImportProgress {
  bytesRead: number;
  bundles: { read: number; written: number; skipped: number; failed: number };
  entities: { created: number; updated: number };
  relations: { created: number; updated: number };
  statements: { created: number; updated: number };
  quotes: number;
  /** Possible duplicates proposed for the entities created (duplicate-store.ts). */
  duplicateCandidates: number;
  elapsedMs: number;
}

/** A bundle read and parsed, waiting for its batch; `seq` is its place in the import (from 0). */
interface Pending {
  seq: number;
  origin: string;
  bundle: Bundle;
  text: string;
}

/** A bundle checked without the database: its rows, and the problems found (none: ready to write). */
interface Checked {
  seq: number;
  origin: string;
  prepared: PreparedBundle;
  problems: string[];
}

/** A failure of one bundle's write (the others may go on), as against the database failing. */
const isBundleFailure = (error: unknown): error is Error =>
  error instanceof BundleError || error instanceof CurationError || error instanceof WriteTimeoutError || error instanceof AlreadyExistsError;

/** What to report of a bundle's failure: its list of problems, or the one message. */
const problemsOf = (error: Error): string[] => (error instanceof BundleError && error.problems.length > 0 ? [...error.problems] : [error.message]);

const rowsOf = (bundle: Bundle) =>
  bundle.entities.length + bundle.relations.length + bundle.statements.length +
  [...bundle.entities, ...bundle.relations, ...bundle.statements].reduce((n, item) => n + item.evidence.length, 0);

/** Reads, checks and writes every bundle of `files`, in order; resolves with the final counts. */
export function importBundles(db: Database, files: readonly string[], options: ImportOptions): Promise<ImportProgress> {
  return importBundleStream(db, readBundles(files), options);
}

/** Checks and writes every bundle of a stream (files read, or made from another format), in order. */
export async function importBundleStream(db: Database, bundles: AsyncIterable<SourcedBundle>, options: ImportOptions): Promise<ImportProgress> {
  const started = performance.now();
  const progress: ImportProgress = {
    bytesRead: 0,
    bundles: { read: 0, written: 0, skipped: 0, failed: 0 },
    entities: { created: 0, updated: 0 },
    relations: { created: 0, updated: 0 },
    statements: { created: 0, updated: 0 },
    quotes: 0,
    duplicateCandidates: 0,
    elapsedMs: 0,
  };
  // With stopOnError, the place of the first bundle that failed: those before it are written, none after.
  let stopAt = Infinity;
  const fail = (seq: number, origin: string, documentId: string | null, problems: string[]) => {
    progress.bundles.failed += 1;
    options.onProblem?.({ origin, documentId, problems });
    if (options.stopOnError) stopAt = Math.min(stopAt, seq);
  };
  // The entities the batch created: once it has committed, compared with the graph for possible duplicates.
  let created: CreatedEntity[] = [];
  let compared: string[] = [];
  const tally = (summary: BundleSummary) => {
    created.push(...summary.createdEntities);
    compared.push(summary.documentId);
    progress.bundles.written += 1;
    for (const part of ['entities', 'relations', 'statements'] as const) {
      progress[part].created += summary[part].created;
      progress[part].updated += summary[part].updated;
    }
    progress.quotes += summary.evidence;
  };

  // The entities a batch created are compared with the graph while the next batch is written, and
  // that batch commits only once the comparison is done: it sees the graph as it would have before
  // the next write began, and an import killed at any moment leaves the graph as one that compared
  // after each commit would (run again, it compares what it finds not compared, against the same graph).
  let comparing: { done: Promise<void>; documentIds: ReadonlySet<string> } = { done: Promise.resolve(), documentIds: new Set() };
  let comparisons: Promise<void> = Promise.resolve();
  const compareCreated = () => {
    const done = proposeDuplicates(db, created, compared).then((found) => {
      progress.duplicateCandidates += found.length;
    });
    done.catch(() => {});
    comparing = { done, documentIds: new Set(compared) };
    comparisons = comparisons.then(() => done);
    comparisons.catch(() => {});
    created = [];
    compared = [];
  };

  /** Checks a batch without writing: what runs while the batch before it is being written. */
  const checkBatch = async (batch: Pending[]): Promise<Checked[]> => {
    const redirects = await mergedRedirects(db, [...new Set(batch.flatMap((p) => entityIdsOf(p.bundle)))]);
    return batch.map(({ seq, origin, bundle, text }) => ({ seq, origin, ...checkBundle(bundle, text, redirects) }));
  };

  /** Skips what is written already, and writes the rest of a checked batch in one transaction. */
  const writeBatch = async (checked: Checked[], bytesRead: number) => {
    const clean = checked.filter((item) => item.problems.length === 0).map((item) => item.prepared.document);
    const written = await alreadyWritten(db, clean);
    const isWritten = (item: Checked) => item.problems.length === 0 && written.has(item.prepared.document.id);
    // With stopOnError, none past the first failure (it may have come from reading meanwhile).
    const reached = checked.filter((item) => item.seq < stopAt);
    progress.bundles.skipped += reached.filter(isWritten).length;
    // Written before, but stopped before its entities were compared for duplicates: compared now.
    for (const item of reached.filter((i) => isWritten(i) && !written.get(i.prepared.document.id)!.duplicatesProposed)) {
      const { entities, document } = item.prepared;
      created.push(...entities.map((e) => createdEntityOf(e, document.id)));
      compared.push(document.id);
    }
    // A bundle with problems goes to the graph's checks too (they write nothing): one report lists them all.
    const toWrite = reached.filter((item) => !isWritten(item));
    const stopAtRefusal = options.stopOnError ?? false;
    const record = (item: Checked, outcome: BatchOutcome) => {
      if ('summary' in outcome) tally(outcome.summary);
      else fail(item.seq, item.origin, item.prepared.document.id, [...outcome.refused.problems]);
    };
    // The comparison marks its documents: a batch that writes one of them would hold it locked
    // while waiting for the comparison to finish, so it waits before it starts.
    if (toWrite.some((item) => comparing.documentIds.has(item.prepared.document.id))) await comparing.done;
    const { done: beforeCommit } = comparing;
    const write = (items: Checked[]) =>
      writeBundles(db, items.map((item) => ({ bundle: item.prepared, problems: item.problems })), { actor: options.actor }, { stopAtRefusal, beforeCommit: () => beforeCommit });
    if (toWrite.length > 0) {
      try {
        const outcomes = await write(toWrite);
        outcomes.forEach((outcome, i) => record(toWrite[i]!, outcome));
      } catch (error) {
        if (toWrite.length <= 1 && !isBundleFailure(error)) throw error;
        // One bundle failed the whole batch: each alone, to write the others and name the one.
        for (const item of toWrite) {
          if (item.seq > stopAt) break;
          try {
            record(item, (await write([item]))[0]!);
          } catch (single) {
            if (!isBundleFailure(single)) throw single;
            fail(item.seq, item.origin, item.prepared.document.id, problemsOf(single));
          }
        }
      }
    }
    compareCreated();
    progress.bytesRead = bytesRead;
    progress.elapsedMs = performance.now() - started;
    options.onProgress?.(structuredClone(progress));
  };

  let batch: Pending[] = [];
  let batchRows = 0;
  // One batch is written while the next is read, parsed and checked: the database and this process work at once.
  let writing: Promise<void> = Promise.resolve();
  const flush = async (bytesRead: number) => {
    const full = batch;
    batch = [];
    batchRows = 0;
    const checked = await checkBatch(full);
    await writing;
    writing = writeBatch(checked, bytesRead);
    // Its failure is taken up by the next await of `writing`; until then it is not unhandled.
    writing.catch(() => {});
  };
  let seq = -1;
  for await (const sourced of bundles) {
    if (stopAt < Infinity) break;
    seq += 1;
    progress.bundles.read += 1;
    if (sourced.unreadable !== undefined) {
      fail(seq, sourced.origin, null, [sourced.unreadable]);
      continue;
    }
    let bundle: Bundle;
    let text: string;
    try {
      bundle = parseBundle(sourced.json, sourced.origin);
      text = await documentTextOf(bundle.document, sourced.file);
    } catch (error) {
      const documentId = (sourced.json as { document?: { id?: unknown } } | null)?.document?.id;
      fail(seq, sourced.origin, typeof documentId === 'string' ? documentId : null, problemsOf(error as Error));
      continue;
    }
    batch.push({ seq, origin: sourced.origin, bundle, text });
    batchRows += rowsOf(bundle);
    if (batchRows >= options.batchRows) await flush(sourced.bytesRead);
    progress.bytesRead = sourced.bytesRead;
  }
  // What was read before a failure that stops the import is written still.
  if (batch.length > 0) await flush(progress.bytesRead);
  await writing;
  await comparisons;
  progress.elapsedMs = performance.now() - started;
  return progress;
}
