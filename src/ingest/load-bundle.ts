/**
 * The one path by which source material enters the graph: the seed, `npm run ingest`, the
 * ingestBundle mutation and editors' additions all come through here.
 */
import { readFile } from 'node:fs/promises';
import type { Database } from '../data/database.js';
import { writeBundle, type BundleSummary, type WriteBundleOptions } from '../data/bundle-store.js';
import { proposeDuplicates } from '../data/duplicate-store.js';
import type { DuplicateCandidateRecord } from '../data/records.js';
import { mergedRedirects } from '../data/merge-redirects.js';
import { SYSTEM_ACTOR } from '../auth/actors.js';
import { BundleError, CurationError } from '../errors.js';
import { BundleSchema, type Bundle } from './bundle.js';
import { checkBundle } from './prepare-bundle.js';
import { documentTextOf } from './bundle-source.js';
import { entityIdsOf } from './redirect-bundle.js';

/** Validates raw JSON as a bundle, listing every format problem with its path. */
export function parseBundle(raw: unknown, origin: string): Bundle {
  const parsed = BundleSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(bundle)'}: ${issue.message}`);
    throw new BundleError(`${origin} is not a valid bundle:\n${problems.map((p) => `- ${p}`).join('\n')}`, problems);
  }
  return parsed.data;
}

const BY_SYSTEM: WriteBundleOptions = { actor: SYSTEM_ACTOR };

/** A bundle written, and the possible duplicates of the entities it created, open for review. */
export type LoadedBundle = BundleSummary & { duplicateCandidates: DuplicateCandidateRecord[] };

/**
 * Checks and writes a bundle, its document text given. Ids of entities merged into others are
 * looked up first, so that facts about them land on their survivors.
 */
export async function writeCheckedBundle(db: Database, bundle: Bundle, text: string, options: WriteBundleOptions): Promise<LoadedBundle> {
  const redirects = await mergedRedirects(db, entityIdsOf(bundle));
  // An entity that must be new cannot take an id merged into another entity (those in the graph
  // are refused inside the write transaction).
  for (const id of options.newEntityIds ?? []) {
    const survivorId = redirects.get(id);
    if (survivorId) throw new CurationError(`${id} already exists (merged into ${survivorId}); change it with updateEntity.`, 'input.id', 'ALREADY_EXISTS');
  }
  const { prepared, problems } = checkBundle(bundle, text, redirects);
  const summary = await writeBundle(db, prepared, { ...options, problems });
  const proposed = summary.createdEntities.length === 0 ? [] : await proposeDuplicates(db, summary.createdEntities, [summary.documentId]);
  // A pair with an entity the writer may not see is recorded for those who may, but not told to the writer.
  return { ...summary, duplicateCandidates: proposed.filter((pair) => (options.seesRestricted ?? true) || !pair.restricted) };
}

/** Checks and writes a bundle whose document text is inline. */
export async function loadBundle(db: Database, bundle: Bundle, options: WriteBundleOptions = BY_SYSTEM): Promise<LoadedBundle> {
  if (bundle.document.text === undefined) {
    // A file beside the bundle is for `npm run ingest`; over the API there is no file to read.
    throw BundleError.refusing(bundle.document.id, [
      'document.textFile: a bundle sent to the API carries its article inline, in document.text (textFile is for npm run ingest)',
    ]);
  }
  return writeCheckedBundle(db, bundle, bundle.document.text, options);
}

/** Reads a bundle file (its textFile resolved beside it), checks it and writes it. */
export async function loadBundleFile(db: Database, file: string, options: WriteBundleOptions = BY_SYSTEM): Promise<LoadedBundle> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new BundleError(`${file} cannot be read as JSON: ${(error as Error).message}`);
  }
  const bundle = parseBundle(raw, file);
  const text = await documentTextOf(bundle.document, file);
  return writeCheckedBundle(db, bundle, text, options);
}

/** Human-readable one-line account of a load. */
export function describeSummary(summary: BundleSummary): string {
  const part = (label: string, c: { created: number; updated: number }) => `${label} ${c.created} new, ${c.updated} matched`;
  return `${summary.documentId}: ${part('entities', summary.entities)}; ${part('relations', summary.relations)}; ${part('statements', summary.statements)}; ${summary.evidence} quotes`;
}

export const SEED_DIR = 'seed';
/** The seed bundles, loaded in this order into an empty graph. */
export const SEED_BUNDLES = ['tass-kaluga-plant.bundle.json'];

