/**
 * Importing an FtM JSON-lines file through the bulk path (ingest/bulk-import.ts), streamed, its
 * records made into bundles (ftm-to-bundles.ts): entities, and the links whose ends came before
 * them, in a first pass; the other links in a second pass over the file, when every end is in the
 * graph (none: no second pass). Between the passes only each entity's kind and each
 * Position are held (a short entry per entity), never the records. Run again after an
 * interruption, it skips the bundles written before, as `npm run ingest` does.
 */
import path from 'node:path';
import type { Database } from '../data/database.js';
import type { SourcedBundle } from '../ingest/bundle-source.js';
import { importBundleStream, type ImportOptions, type ImportProgress } from '../ingest/bulk-import.js';
import { DOCUMENT_SCHEMAS, ENTITY_SCHEMAS, LINK_SCHEMAS } from './ftm-mapping.js';
import { ftmGroups, ftmLines, recordsOf } from './ftm-records.js';
import { bundleOfRecords, CHARACTERS_PER_DOCUMENT, recordBlock, RECORDS_PER_DOCUMENT, type GatheredRecord } from './dataset-records.js';
import { bundleOfGroup, indexGroup, newFtmIndex, recordInPass, writtenInFirstPass } from './ftm-to-bundles.js';

export interface FtmImportOptions extends ImportOptions {
  /** The publisher of records that name no dataset of their own; by default the file's name. */
  dataset?: string;
}

export interface FtmImportResult extends ImportProgress {
  /** Records of schemas the graph has no kind or type for, counted by schema (e.g. { Sanction: 12 }). */
  notImported: Record<string, number>;
}

/** Schemas read without becoming entities or relations of their own. */
const SUPPORTING_SCHEMAS = new Set(['Position', 'Documentation', ...DOCUMENT_SCHEMAS]);
const isKnownSchema = (schema: string) => schema in ENTITY_SCHEMAS || schema in LINK_SCHEMAS || schema === 'Occupancy' || SUPPORTING_SCHEMAS.has(schema);

/** Imports `file`; progress and problems are told as the bulk import tells them, the passes one after the other. */
export async function importFtm(db: Database, file: string, options: FtmImportOptions): Promise<FtmImportResult> {
  const dataset = options.dataset ?? path.basename(file).replace(/\.(jsonl|ndjson|json)$/i, '');
  const index = newFtmIndex();
  const notImported: Record<string, number> = {};
  let fileBytes = 0;
  // Groups with links the first pass could not write (an end came later in the file): none, no second pass.
  let deferred = 0;

  async function* bundlesOf(pass: 'ENTITIES' | 'LINKS'): AsyncGenerator<SourcedBundle> {
    // The second pass's progress runs on from the first's: the file is read twice.
    const progressOf = (bytesRead: number) => (pass === 'ENTITIES' ? bytesRead : fileBytes + bytesRead);
    // A dataset's records, gathered into a document (dataset-records.ts) until it is full.
    let gathered: GatheredRecord[] = [];
    let characters = 0;
    let gatheredBytes = 0;
    const flush = (): SourcedBundle[] => {
      if (gathered.length === 0) return [];
      const { bundle, problems } = bundleOfRecords(gathered, index, dataset);
      const first = gathered[0]!.line;
      gathered = [];
      characters = 0;
      const bytesRead = progressOf(gatheredBytes);
      return [
        ...problems.map(({ line, problem }) => ({ origin: `${file}:${line}`, file, line, unreadable: problem, bytesRead })),
        ...(bundle ? [{ origin: `${file}:${first}`, file, line: first, json: bundle, bytesRead }] : []),
      ];
    };
    for await (const group of ftmGroups(ftmLines(file))) {
      if (pass === 'ENTITIES') {
        indexGroup(group, index);
        for (const r of recordsOf(group)) if (!isKnownSchema(r.schema)) notImported[r.schema] = (notImported[r.schema] ?? 0) + 1;
        fileBytes = group.bytesRead;
        if (!writtenInFirstPass(group, index)) deferred += 1;
      }
      if (group.kind === 'RECORD') {
        if (!recordInPass(group, pass, index)) continue;
        gathered.push({ record: group.record, line: group.line });
        gatheredBytes = group.bytesRead;
        characters += recordBlock(group.record, dataset).length;
        if (gathered.length >= RECORDS_PER_DOCUMENT || characters >= CHARACTERS_PER_DOCUMENT) yield* flush();
        continue;
      }
      // What was gathered before a document or a problem is written before it, in the file's order.
      yield* flush();
      const made = bundleOfGroup(group, pass, index, dataset);
      if (made === null) continue;
      const origin = `${file}:${group.line}`;
      const bytesRead = progressOf(group.bytesRead);
      if ('problems' in made) yield { origin, file, line: group.line, unreadable: made.problems.join('; '), bytesRead };
      else yield { origin, file, line: group.line, json: made.bundle, bytesRead };
    }
    yield* flush();
  }

  const entities = await importBundleStream(db, bundlesOf('ENTITIES'), options);
  if (deferred === 0 || (options.stopOnError && entities.bundles.failed > 0)) return { ...entities, notImported };
  const links = await importBundleStream(db, bundlesOf('LINKS'), {
    ...options,
    // Counts as one import: the second pass's figures are added to the first's.
    onProgress: options.onProgress && ((p) => options.onProgress!(sum(entities, p))),
  });
  return { ...sum(entities, links), notImported };
}

function sum(a: ImportProgress, b: ImportProgress): ImportProgress {
  const add = <T extends Record<string, number>>(x: T, y: T) => Object.fromEntries(Object.keys(x).map((k) => [k, x[k]! + y[k]!])) as T;
  return {
    bytesRead: b.bytesRead,
    bundles: add(a.bundles, b.bundles),
    entities: add(a.entities, b.entities),
    relations: add(a.relations, b.relations),
    statements: add(a.statements, b.statements),
    quotes: a.quotes + b.quotes,
    duplicateCandidates: a.duplicateCandidates + b.duplicateCandidates,
    elapsedMs: a.elapsedMs + b.elapsedMs,
  };
}

/** Imports several FtM files one after the other, as one import: counts added, progress running on. */
export async function importFtmFiles(db: Database, files: readonly string[], options: FtmImportOptions): Promise<FtmImportResult> {
  const results: FtmImportResult[] = [];
  const sumAll = (parts: ImportProgress[]) => parts.reduce((a, b) => sum(a, { ...b, bytesRead: a.bytesRead + b.bytesRead }));
  for (const file of files) {
    const done = [...results];
    const onProgress = options.onProgress && ((p: ImportProgress) => options.onProgress!(sumAll([...done, p])));
    results.push(await importFtm(db, file, { ...options, onProgress }));
    if (options.stopOnError && results.at(-1)!.bundles.failed > 0) break;
  }
  const notImported: Record<string, number> = {};
  for (const r of results) for (const [schema, n] of Object.entries(r.notImported)) notImported[schema] = (notImported[schema] ?? 0) + n;
  return { ...sumAll(results), notImported };
}
