/**
 * What a bundle's write must know of the graph before it writes, read and checked in one
 * statement (BUNDLE_CONTEXT): a bundle that expects what the graph does not hold is refused with
 * every problem at once, before anything is written.
 */
import type { EntityKind } from '../generated/graphql.js';
import { BundleRefusedByGraph } from '../errors.js';
import type { BundleMode, PreparedBundle } from './bundle-rows.js';
import { BUNDLE_CONTEXT, STALE_SUBJECTS } from './bundle-queries.js';
import type { Transaction } from './database.js';

/** What a bundle's write learns of the graph before it writes (BUNDLE_CONTEXT). */
export interface BundleContext {
  /** Kinds of the entities the bundle names that are already in the graph. */
  kinds: Map<string, string>;
  /** The statements the bundle names that are already in the graph. */
  statements: Set<string>;
  /** Subjects that lose quotes of this document (an ARTICLE that no longer carries them). */
  staleSubjectIds: string[];
  /** Whether the document's restriction switches with this write. */
  switched: boolean;
  /** Everything the document supports, when its restriction switches (its visibility changes). */
  switchedSubjectIds: string[];
  /** Whether the document was in the graph before this write (if not, none of its quotes can be). */
  documentExists: boolean;
  /** Whether the graph holds a restricted document (before this write). */
  anyRestrictedDocument: boolean;
}

/**
 * Reads what the write needs to know and checks what the bundle expects of the graph, in one
 * statement; throws BundleRefusedByGraph, listing every problem, if anything is off (nothing is
 * written yet: the caller decides whether the transaction goes on).
 */
export async function readBundleContext(
  tx: Transaction,
  bundle: PreparedBundle,
  mode: BundleMode,
  seesRestricted: boolean,
  knownProblems: readonly string[],
): Promise<BundleContext> {
  const [context] = await tx.run(BUNDLE_CONTEXT, {
    documentId: bundle.document.id,
    entityIds: [...bundle.entities.map((e) => e.id), ...bundle.externalEntities.map((e) => e.id)],
    restatedIds: bundle.document.restricted ? bundle.statements.map((s) => s.id) : [],
    // The bundle's own, to know which it creates, and those it supersedes without defining them, which must exist.
    statementIds: [...bundle.statements.map((s) => s.id), ...bundle.externalStatements],
    article: mode === 'ARTICLE',
    restrictedSource: bundle.document.restricted,
  });
  const problems: string[] = [...knownProblems];

  if (!context!.documentExists && mode === 'ADDITION') {
    problems.push(`document ${bundle.document.id} is not in the graph; ingest its article first, then cite it`);
  } else if (context!.documentExists && context!.text !== bundle.document.text) {
    problems.push(`document ${bundle.document.id} is already in the graph with a different text; give the new version its own id`);
  }

  const entities = context!.entities as Array<{ id: string; kind: string; restricted: boolean }>;
  const kinds = new Map(entities.map((e) => [e.id, e.kind]));
  // What the writer may not see is absent to it, and named in no message.
  const hidden = new Set(seesRestricted ? [] : entities.filter((e) => e.restricted).map((e) => e.id));
  for (const entity of bundle.entities) {
    const kind = kinds.get(entity.id);
    if (kind !== undefined && kind !== entity.kind) {
      problems.push(hidden.has(entity.id) ? `entity ${entity.id} cannot be defined here; give it another id` : `entity ${entity.id} is already in the graph as ${kind}, not ${entity.kind}`);
    }
  }
  for (const { id, kinds: wanted } of bundle.externalEntities) {
    const found = hidden.has(id) ? undefined : kinds.get(id);
    if (found === undefined) problems.push(`entity ${id} is referred to but neither defined in the bundle nor in the graph`);
    else if (wanted.length > 0 && !wanted.includes(found as EntityKind)) problems.push(`entity ${id} is ${found}, but must be ${wanted[0]} where the bundle uses it`);
  }

  for (const id of context!.openRestatedIds as string[]) {
    problems.push(`statement ${id} is open; a restricted document cannot restate it (give its own claim its own id)`);
  }

  const existingStatements = new Set(context!.existingStatementIds as string[]);
  for (const id of bundle.externalStatements) {
    if (!existingStatements.has(id)) problems.push(`statement ${id} is superseded but neither defined in the bundle nor in the graph`);
  }

  if (problems.length > 0) throw new BundleRefusedByGraph(bundle.document.id, problems);
  const switchedSubjectIds = context!.switchedSubjectIds as string[];
  return {
    kinds,
    statements: existingStatements,
    // Only a document already in the graph can have quotes this ARTICLE no longer carries.
    staleSubjectIds:
      mode === 'ARTICLE' && context!.documentExists === true
        ? (await tx.run(STALE_SUBJECTS, { documentId: bundle.document.id, keep: bundle.evidence.map((e) => e.id) })).map((row) => row.id as string)
        : [],
    // A document that turns restricted (or open) changes the visibility of all it supports.
    switched: mode === 'ARTICLE' && context!.documentExists === true && context!.restricted !== bundle.document.restricted,
    switchedSubjectIds,
    anyRestrictedDocument: context!.anyRestrictedDocument === true,
    documentExists: context!.documentExists === true,
  };
}
