/**
 * Turns a parsed bundle into the rows the data layer writes, after checking everything that can be
 * checked without the database: every quote against the document text, ids, references and dates.
 * All problems are reported at once; nothing is written unless there are none.
 */
import { createHash } from 'node:crypto';
import type { EntityKind, RelationType } from '../generated/graphql.js';
import type { DocumentRow, EntityRow, EvidenceRow, PreparedBundle, RelationRow, StatementRow } from '../data/bundle-rows.js';
import { allStoredFieldProperties } from '../domain/entity-fields.js';
import { entityIdFor, relationIdFor } from '../domain/model.js';
import { searchSpellings } from '../domain/names.js';
import { parsePartialDate } from '../domain/partial-date.js';
import { checkQuote, describeQuoteProblems, evidenceIdFor as evidenceId, type QuoteProblem } from '../domain/quotes.js';
import { BundleError } from '../errors.js';
import type { Bundle } from './bundle.js';
import { entityIdsOf, redirectBundle } from './redirect-bundle.js';

const interval = (date: string | null) => (date === null ? null : parsePartialDate(date));

/**
 * Checks a parsed bundle against its document text and builds its rows; throws BundleError listing
 * every problem. `redirects` maps ids merged into other entities to their survivors: facts about a
 * merged id land on the survivor.
 */
export function prepareBundle(original: Bundle, documentText: string, redirects: ReadonlyMap<string, string> = new Map()): PreparedBundle {
  const { prepared, problems } = checkBundle(original, documentText, redirects);
  if (problems.length > 0) throw BundleError.refusing(prepared.document.id, problems);
  return prepared;
}

/**
 * What the steps share while they check one bundle: the problems found so far, the quotes that
 * passed, the kinds of the entities the bundle defines, and the entities it only refers to.
 */
class BundleChecks {
  readonly problems: string[] = [];
  readonly quoteProblems: QuoteProblem[] = [];
  readonly evidence: EvidenceRow[] = [];
  readonly definedKinds = new Map<string, EntityKind>();
  /** Entity ids referred to but not defined, with the kinds their uses require. */
  readonly external = new Map<string, Set<EntityKind>>();

  constructor(
    readonly documentId: string,
    private readonly documentText: string,
  ) {}

  /** Checks each quote against the document text; those found become evidence rows of `subjectId`. */
  collectEvidence(subjectId: string, location: string, quotes: readonly string[]): void {
    quotes.forEach((quote, ordinal) => {
      const problem = checkQuote(this.documentText, quote, location);
      if (problem) this.quoteProblems.push(problem);
      else this.evidence.push({ id: evidenceId(subjectId, this.documentId, quote), subjectId, quote, ordinal });
    });
  }

  /** A reference to an entity: defined here with the right kind, or to be found in the graph (one kind for all uses). */
  refer(id: string, kind: EntityKind | null, location: string): void {
    const defined = this.definedKinds.get(id);
    if (defined === undefined) {
      const kinds = this.external.get(id) ?? new Set<EntityKind>();
      if (kind !== null) kinds.add(kind);
      this.external.set(id, kinds);
      if (kinds.size > 1) this.problems.push(`${location}: ${id} is used as ${[...kinds].join(' and as ')}; an entity has one kind`);
    } else if (kind !== null && defined !== kind) {
      this.problems.push(`${location}: ${id} is ${defined}, but must be ${kind}`);
    }
  }
}

/** Step 1: the entities the bundle defines. */
function entityRows(bundle: Bundle, renamed: ReadonlySet<string>, checks: BundleChecks): EntityRow[] {
  return bundle.entities.map((entity, index) => {
    const kind = entity.kind as EntityKind;
    const id = entity.id ?? entityIdFor(kind, entity.name);
    if (!id.startsWith(`${kind.toLowerCase()}/`)) checks.problems.push(`entities[${index}] (${id}): the id must start with "${kind.toLowerCase()}/"`);
    if (checks.definedKinds.has(id)) checks.problems.push(`entities[${index}]: id ${id} is defined twice`);
    checks.definedKinds.set(id, kind);
    checks.collectEvidence(id, `entities[${index}] (${id})`, entity.evidence);
    return {
      id,
      keepName: renamed.has(id),
      kind,
      name: entity.name,
      aliases: [...new Set(entity.aliases.filter((alias) => alias !== entity.name))],
      searchSpellings: searchSpellings([entity.name, ...entity.aliases]),
      unidentified: entity.unidentified,
      // Fields the bundle leaves out stay null, which the writer reads as "keep what the graph has".
      fields: allStoredFieldProperties(entity),
    };
  });
}

/** Step 2: the relations the bundle states, between entities it defines or the graph holds. */
function relationRows(bundle: Bundle, checks: BundleChecks): RelationRow[] {
  const relationIds = new Set<string>();
  return bundle.relations.map((relation, index) => {
    const type = relation.type as RelationType;
    const id = relationIdFor(type, relation.from, relation.to, relation.role);
    const location = `relations[${index}] (${relation.from} ${type} ${relation.to})`;
    if (relationIds.has(id)) checks.problems.push(`${location}: the same relation is listed twice; give it one entry with all its quotes`);
    relationIds.add(id);
    if (relation.from === relation.to) checks.problems.push(`${location}: an entity cannot be related to itself`);
    checks.refer(relation.from, null, `${location}.from`);
    checks.refer(relation.to, null, `${location}.to`);
    const from = interval(relation.validFrom);
    const to = interval(relation.validTo);
    if (from && to && from.start > to.end) checks.problems.push(`${location}: validFrom ${from.text} is after validTo ${to.text}`);
    if (to && relation.current === true) checks.problems.push(`${location}: a relation with validTo cannot be current`);
    checks.collectEvidence(id, location, relation.evidence);
    return {
      id,
      type,
      from: relation.from,
      to: relation.to,
      role: relation.role,
      validFrom: from?.text ?? null,
      validFromStart: from?.start ?? null,
      validFromEnd: from?.end ?? null,
      validTo: to?.text ?? null,
      validToStart: to?.start ?? null,
      validToEnd: to?.end ?? null,
      current: relation.current,
      statementId: null,
    };
  });
}

/** Step 3: the statements, and the earlier statements they revise that the graph must hold. */
function statementRows(bundle: Bundle, checks: BundleChecks): { statements: StatementRow[]; externalStatements: string[] } {
  const statementIds = new Set(bundle.statements.map((s) => s.id));
  const externalStatements = new Set<string>();
  const seenStatements = new Set<string>();
  const statements = bundle.statements.map((statement, index) => {
    const location = `statements[${index}] (${statement.id})`;
    if (seenStatements.has(statement.id)) checks.problems.push(`${location}: id ${statement.id} is defined twice`);
    seenStatements.add(statement.id);
    checks.refer(statement.speaker, 'PERSON', `${location}.speaker`);
    statement.about.forEach((id, i) => checks.refer(id, null, `${location}.about[${i}]`));
    if (statement.madeAt) checks.refer(statement.madeAt, 'EVENT', `${location}.madeAt`);
    if (statement.supersedes === statement.id) checks.problems.push(`${location}: a statement cannot supersede itself`);
    else if (statement.supersedes && !statementIds.has(statement.supersedes)) externalStatements.add(statement.supersedes);
    checks.collectEvidence(statement.id, location, statement.evidence);
    const madeOn = interval(statement.madeOn);
    const concerns = interval(statement.concerns);
    return {
      id: statement.id,
      speaker: statement.speaker,
      about: [...new Set(statement.about)],
      summary: statement.summary,
      madeOn: madeOn?.text ?? null,
      madeOnStart: madeOn?.start ?? null,
      madeOnEnd: madeOn?.end ?? null,
      madeAt: statement.madeAt,
      concerns: concerns?.text ?? null,
      concernsStart: concerns?.start ?? null,
      concernsEnd: concerns?.end ?? null,
      supersedes: statement.supersedes,
    };
  });
  return { statements, externalStatements: [...externalStatements] };
}

/**
 * Step 4: what someone said connects them to what they said it about: one STATED_ABOUT relation
 * per subject of each statement, dated by the statement and supported by the statement's own quotes.
 */
function statedAboutRows(statements: readonly StatementRow[], checks: BundleChecks): RelationRow[] {
  const relations: RelationRow[] = [];
  for (const statement of statements) {
    const quotes = checks.evidence.filter((e) => e.subjectId === statement.id);
    for (const aboutId of statement.about) {
      if (aboutId === statement.speaker) continue;
      const id = relationIdFor('STATED_ABOUT', statement.speaker, aboutId, statement.id.slice('statement/'.length));
      relations.push({
        id,
        type: 'STATED_ABOUT',
        from: statement.speaker,
        to: aboutId,
        role: null,
        validFrom: statement.madeOn,
        validFromStart: statement.madeOnStart,
        validFromEnd: statement.madeOnEnd,
        validTo: null,
        validToStart: null,
        validToEnd: null,
        current: null,
        statementId: statement.id,
      });
      checks.evidence.push(...quotes.map((e) => ({ ...e, id: evidenceId(id, checks.documentId, e.quote), subjectId: id })));
    }
  }
  return relations;
}

/**
 * What identifies a bundle's content: a hash of the rows it writes (after redirects), its document
 * and text included; the same whatever form the bundle came in (a file, the API, defaults given or
 * left out). Kept on the document, so that an import run again recognises what it has already
 * written by one index seek, without comparing the graph.
 */
export function bundleFingerprint(rows: Omit<PreparedBundle, 'document'> & { document: Omit<DocumentRow, 'fingerprint'> }): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('base64url');
}

function documentRow(bundle: Bundle, documentText: string): Omit<DocumentRow, 'fingerprint'> {
  return {
    id: bundle.document.id,
    title: bundle.document.title,
    publisher: bundle.document.publisher,
    publisherEntity: bundle.document.publisherEntity,
    publishedOn: interval(bundle.document.publishedOn)?.text ?? null,
    url: bundle.document.url,
    text: documentText,
    restricted: bundle.document.restricted,
  };
}

/**
 * prepareBundle without the throw: the rows, and the problems found without the database. The
 * writer adds what only the graph can tell (an entity referred to that is not there) before it
 * refuses the bundle, so that one answer lists every problem. Rows with problems are never written.
 */
export function checkBundle(
  original: Bundle,
  documentText: string,
  redirects: ReadonlyMap<string, string> = new Map(),
): { prepared: PreparedBundle; problems: string[] } {
  const { bundle, renamed } = redirectBundle(original, redirects);
  const checks = new BundleChecks(bundle.document.id, documentText);

  const entities = entityRows(bundle, renamed, checks);
  if (bundle.document.publisherEntity) checks.refer(bundle.document.publisherEntity, 'ORGANIZATION', 'document.publisherEntity');
  const relations = relationRows(bundle, checks);
  const { statements, externalStatements } = statementRows(bundle, checks);
  relations.push(...statedAboutRows(statements, checks));

  const problems = checks.problems;
  if (checks.quoteProblems.length > 0) problems.unshift(describeQuoteProblems(checks.documentId, checks.quoteProblems));
  const rows = {
    document: documentRow(bundle, documentText),
    entities,
    relations,
    statements,
    // A quote given twice for one subject is one quote, at its later place (as loading it twice would leave it).
    evidence: [...new Map(checks.evidence.map((e) => [e.id, e])).values()],
    externalEntities: [...checks.external].map(([id, kinds]) => ({ id, kinds: [...kinds] })),
    externalStatements,
  };
  // The fingerprint is of the bundle as given: the same after a merge redirected some of its ids,
  // so that loading it again then rewrites nothing, not even the fingerprint.
  const redirected = redirects.size > 0 && entityIdsOf(original).some((id) => redirects.has(id));
  const fingerprint = redirected ? checkBundle(original, documentText).prepared.document.fingerprint : bundleFingerprint(rows);
  const prepared: PreparedBundle = { ...rows, document: { ...rows.document, fingerprint } };
  return { prepared, problems };
}
