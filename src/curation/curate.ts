/**
 * Curation: analysts adding and correcting facts by hand. A new entity, relation or statement is
 * written as a one-item ADDITION bundle citing a document already in the graph, so it meets
 * exactly the checks an ingested article meets (quotes verbatim, references existing, dates in
 * order) and lands the same way. Edits that are not sourced facts go to data/curation-store.ts.
 */
import type { AddRelationInput, AddStatementInput, CreateEntityInput, EntityKind, EvidenceInput, UpdateEntityInput } from '../generated/graphql.js';
import type { Database } from '../data/database.js';
import type { GraphReader } from '../data/graph-reader.js';
import type { ActorRecord, DocumentRecord, DuplicateCandidateRecord } from '../data/records.js';
import { retractRelation as writeRelationRetraction, retractStatement as writeStatementRetraction, writeEntityUpdate, type EntityProperties } from '../data/curation-store.js';
import { mergeEntities as writeMerge } from '../data/merge-store.js';
import { undoMerge as writeMergeUndo } from '../data/merge-undo.js';
import { markDistinct as writeDistinct } from '../data/duplicate-store.js';
import { entityIdFor, presentValues } from '../domain/model.js';
import { searchSpellings, slugOf } from '../domain/names.js';
import { ENTITY_FIELD_NAMES, KIND_ONLY_FIELDS, kindHasField, storedFieldProperties, wrongKindMessage, type EntityFieldName } from '../domain/entity-fields.js';
import { checkQuote, describeQuoteProblems, evidenceIdFor, type QuoteProblem } from '../domain/quotes.js';
import { CurationError } from '../errors.js';
import { BundleEntitySchema } from '../ingest/bundle.js';
import { parseBundle, writeCheckedBundle } from '../ingest/load-bundle.js';

export interface Curator {
  db: Database;
  data: GraphReader;
  actor: ActorRecord;
  reason: string | null;
}

/** The cited document, which must be in the graph. */
async function citedDocument(data: GraphReader, evidence: EvidenceInput): Promise<DocumentRecord> {
  const document = await data.document.load(evidence.documentId);
  if (!document) {
    throw new CurationError(`No document has the id "${evidence.documentId}"; ingest its article first, then cite it.`, 'input.evidence.documentId', 'NOT_FOUND');
  }
  return document;
}

/** Writes a one-item bundle citing `document`, through the same checks and writer as an article. */
async function writeAddition(curator: Curator, document: DocumentRecord, items: Record<string, unknown>, what: string, newEntityIds: string[] = []) {
  const raw = { document: { id: document.id, publisher: document.publisher, restricted: document.restricted, text: document.text }, ...items };
  return writeCheckedBundle(curator.db, parseBundle(raw, what), document.text, {
    actor: curator.actor,
    mode: 'ADDITION',
    reason: curator.reason,
    newEntityIds,
    seesRestricted: curator.data.seesRestricted,
  });
}

/** Creates an entity; ALREADY_EXISTS when its id is taken (merged-away ids included). Returns its id. */
export async function createEntity(curator: Curator, input: CreateEntityInput): Promise<string> {
  const document = await citedDocument(curator.data, input.evidence);
  // Whether the id is taken is checked where it cannot race: in the write (see writeBundle's newEntityIds).
  const id = input.id ?? entityIdFor(input.kind, input.name);
  const entity = presentValues({
    id,
    kind: input.kind,
    name: input.name,
    aliases: input.aliases ?? [],
    unidentified: input.unidentified,
    ...fieldsOf(input),
    evidence: input.evidence.quotes,
  });
  await writeAddition(curator, document, { entities: [entity] }, 'the new entity', [id]);
  return id;
}

/** Adds a relation, or quotes to the same relation; reinstates it if it was retracted. Returns its id. */
export async function addRelation(curator: Curator, input: AddRelationInput): Promise<string> {
  if (input.type === 'STATED_ABOUT') {
    throw new CurationError('STATED_ABOUT relations are derived from statements: add a statement instead.', 'input.type');
  }
  const document = await citedDocument(curator.data, input.evidence);
  const relation = presentValues({
    type: input.type,
    from: input.from,
    to: input.to,
    role: input.role,
    validFrom: input.validFrom,
    validTo: input.validTo,
    current: input.current,
    evidence: input.evidence.quotes,
  });
  const summary = await writeAddition(curator, document, { relations: [relation] }, 'the new relation');
  return summary.ids.relations[0]!;
}

/** A statement id that the same speaker and summary always get, so that a retried call adds nothing twice. */
export function statementIdFor(speakerId: string, summary: string): string {
  const words = slugOf(summary).split('-').slice(0, 8).join('-');
  return `statement/${speakerId.split('/')[1]}-${words}`;
}

/** Adds a statement (or quotes to an existing one); reinstates it if it was retracted. Returns its id. */
export async function addStatement(curator: Curator, input: AddStatementInput): Promise<string> {
  const document = await citedDocument(curator.data, input.evidence);
  const id = input.id ?? statementIdFor(input.speaker, input.summary);
  const statement = presentValues({
    id,
    speaker: input.speaker,
    about: input.about,
    summary: input.summary,
    madeOn: input.madeOn,
    madeAt: input.madeAt,
    concerns: input.concerns,
    supersedes: input.supersedes,
    evidence: input.evidence.quotes,
  });
  await writeAddition(curator, document, { statements: [statement] }, 'the new statement');
  return id;
}

/** The fields the sources give (domain/entity-fields.ts) that an input sets; the SDL's inputs must declare each. */
function fieldsOf(input: Pick<CreateEntityInput, EntityFieldName> | Pick<UpdateEntityInput, EntityFieldName>): Partial<Record<EntityFieldName, unknown>> {
  return Object.fromEntries(ENTITY_FIELD_NAMES.map((name) => [name, input[name]]).filter(([, value]) => value !== undefined));
}

/**
 * The properties an update sets, from the entity's current ones: a new name keeps the old one as an
 * alias; the search spellings follow the names. Pure, for unit tests.
 */
export function entityChange(current: EntityProperties, input: UpdateEntityInput): Record<string, unknown> {
  const problems: string[] = [];
  const fields = fieldsOf(input);
  for (const [field, kinds] of KIND_ONLY_FIELDS) {
    if (fields[field] !== undefined && !kinds.includes(current.kind as EntityKind)) problems.push(`${wrongKindMessage(field, kinds)}; this one is ${current.kind}`);
  }
  if (input.name === null) problems.push('"name" cannot be cleared');
  if (input.unidentified === null) problems.push('"unidentified" is true or false');
  // The same limits as in a bundle (lengths, list sizes), checked by the bundle's own schema.
  const check = BundleEntitySchema.safeParse({
    kind: current.kind,
    name: input.name ?? current.name,
    aliases: input.aliases ?? [],
    // A null clears a field; the values set must meet the bundle's limits.
    ...Object.fromEntries(Object.entries(fields).filter(([name, value]) => value !== null && kindHasField(current.kind as EntityKind, name as EntityFieldName))),
    evidence: ['-'],
  });
  if (!check.success) problems.push(...check.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  if (problems.length > 0) throw new CurationError(`The update does not fit ${current.name}:\n${problems.join('\n')}`, 'input');

  const name = input.name ?? current.name;
  const aliasesWanted = input.aliases ?? current.aliases ?? [];
  const aliases = [...new Set([...aliasesWanted, ...(name !== current.name ? [current.name] : [])])].filter((alias) => alias !== name);
  const props: Record<string, unknown> = { name, aliases, searchSpellings: searchSpellings([name, ...aliases]) };
  // Names the editor took out of the list stay out when sources' claims are settled again
  // (claim-queries.ts SETTLE_ENTITIES); one they put back is no longer held out.
  const removedBefore = (current.removedAliases as string[] | undefined) ?? [];
  const removed = [...new Set([...removedBefore, ...(current.aliases ?? []).filter((alias) => !aliases.includes(alias))])].filter((alias) => alias !== name && !aliases.includes(alias));
  if (removed.length > 0 || removedBefore.length > 0) props.removedAliases = removed.sort();
  if (input.unidentified !== undefined) props.unidentified = input.unidentified;
  Object.assign(props, storedFieldProperties(fields));
  // What an editor set stays as set when an article is ingested (again): see bundle-store.ts.
  const curated = (Object.keys(input) as Array<keyof UpdateEntityInput>).filter((field) => field !== 'evidence' && field !== 'aliases' && input[field] !== undefined);
  props.curatedFields = [...new Set([...((current.curatedFields as string[] | undefined) ?? []), ...curated])].sort();
  return props;
}

/** Updates an entity (or the survivor of a merged id); returns the id of the entity updated. */
export async function updateEntity(curator: Curator, id: string, input: UpdateEntityInput): Promise<string> {
  let evidence = null;
  if (input.evidence) {
    if (input.evidence.quotes.length === 0) throw new CurationError('"input.evidence.quotes" needs at least one quote.', 'input.evidence.quotes');
    const document = await citedDocument(curator.data, input.evidence);
    const problems = input.evidence.quotes
      .map((quote, i) => checkQuote(document.text, quote, `input.evidence.quotes[${i}]`))
      .filter((p): p is QuoteProblem => p !== null);
    if (problems.length > 0) throw new CurationError(describeQuoteProblems(document.id, problems), 'input.evidence.quotes');
    const quotes = input.evidence.quotes;
    evidence = {
      documentId: document.id,
      documentText: document.text,
      rows: (subjectId: string) => quotes.map((quote, ordinal) => ({ id: evidenceIdFor(subjectId, document.id, quote), subjectId, quote, ordinal })),
    };
  }
  return writeEntityUpdate(curator.db, {
    id,
    seesRestricted: curator.data.seesRestricted,
    change: (current) => entityChange(current, input),
    evidence,
    actor: curator.actor,
    reason: curator.reason,
  });
}

/** A curator's reason where one is required (retractions, merges): given, and not too long. */
function requiredReason(curator: Curator): string {
  if (curator.reason === null) throw new CurationError('"reason" must say why', 'reason');
  if (curator.reason.length > 2000) throw new CurationError('"reason" must be at most 2000 characters', 'reason');
  return curator.reason;
}

/** Retracts a relation (hidden from default answers, kept in history); retracting it again changes nothing. */
export async function retractRelation(curator: Curator, id: string): Promise<void> {
  await writeRelationRetraction(curator.db, { id, reason: requiredReason(curator), actor: curator.actor, seesRestricted: curator.data.seesRestricted });
}

/** Retracts a statement and the STATED_ABOUT relations derived from it. */
export async function retractStatement(curator: Curator, id: string): Promise<void> {
  await writeStatementRetraction(curator.db, { id, reason: requiredReason(curator), actor: curator.actor, seesRestricted: curator.data.seesRestricted });
}

/** Merges one entity into another (see data/merge-store.ts). */
export async function mergeEntities(curator: Curator, survivorId: string, mergedId: string): Promise<void> {
  await writeMerge(curator.db, { survivorId, mergedId, reason: requiredReason(curator), actor: curator.actor, seesRestricted: curator.data.seesRestricted });
}

/** Undoes the merge of an entity into another; returns the survivor's id. */
export async function undoMerge(curator: Curator, mergedId: string): Promise<string> {
  return writeMergeUndo(curator.db, { mergedId, reason: requiredReason(curator), actor: curator.actor, seesRestricted: curator.data.seesRestricted });
}

/** Marks two entities as different: their pair is no longer a possible duplicate (duplicate-store.ts). */
export function markDistinct(curator: Curator, firstId: string, secondId: string): Promise<DuplicateCandidateRecord> {
  return writeDistinct(curator.db, { firstId, secondId, reason: requiredReason(curator), actor: curator.actor, seesRestricted: curator.data.seesRestricted });
}
