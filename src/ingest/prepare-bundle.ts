/**
 * Turns a parsed bundle into the rows the data layer writes, after checking everything that can be
 * checked without the database: every quote against the document text, ids, references and dates.
 * All problems are reported at once; nothing is written unless there are none.
 */
import type { EntityKind, RelationType } from '../generated/graphql.js';
import { entityIdFor, relationIdFor } from '../domain/model.js';
import { searchSpellings } from '../domain/names.js';
import { parsePartialDate } from '../domain/partial-date.js';
import { checkQuote, describeQuoteProblems, evidenceIdFor as evidenceId, type QuoteProblem } from '../domain/quotes.js';
import { BundleError } from '../errors.js';
import type { Bundle } from './bundle.js';

export interface EntityRow {
  id: string;
  /** True when the bundle named the entity by an id since merged into this one: its name becomes an alias. */
  keepName: boolean;
  kind: EntityKind;
  name: string;
  aliases: string[];
  searchSpellings: string[];
  description: string | null;
  unidentified: boolean;
  category: string | null;
  status: string | null;
  products: string[] | null;
  placeType: string | null;
  date: string | null;
  dateStart: string | null;
  dateEnd: string | null;
}

export interface RelationRow {
  id: string;
  type: RelationType;
  from: string;
  to: string;
  role: string | null;
  validFrom: string | null;
  validFromStart: string | null;
  validFromEnd: string | null;
  validTo: string | null;
  validToStart: string | null;
  validToEnd: string | null;
  current: boolean | null;
  statementId: string | null;
}

export interface StatementRow {
  id: string;
  speaker: string;
  about: string[];
  summary: string;
  madeOn: string | null;
  madeOnStart: string | null;
  madeOnEnd: string | null;
  madeAt: string | null;
  concerns: string | null;
  supersedes: string | null;
}

export interface EvidenceRow {
  id: string;
  subjectId: string;
  quote: string;
  ordinal: number;
}

export interface DocumentRow {
  id: string;
  title: string | null;
  publisher: string;
  publisherEntity: string | null;
  publishedOn: string | null;
  url: string | null;
  text: string;
  restricted: boolean;
}

/** What a bundle writes, ready for the data layer, plus what must already exist in the graph. */
export interface PreparedBundle {
  document: DocumentRow;
  entities: EntityRow[];
  relations: RelationRow[];
  statements: StatementRow[];
  evidence: EvidenceRow[];
  /** Entity ids the bundle refers to without defining them, with the kinds each must have (empty: any). */
  externalEntities: Array<{ id: string; kinds: EntityKind[] }>;
  /** Statement ids that revisions in the bundle point at without defining them. */
  externalStatements: string[];
}


const interval = (date: string | null) => (date === null ? null : parsePartialDate(date));

/**
 * The bundle with every entity id that was merged into another replaced by its survivor's, and the
 * ids so replaced among the entities it defines. What the merge made one becomes one here too: an
 * article defining both a merged entity and its survivor defines one entity (the survivor's entry,
 * with the other's names as aliases and both entries' quotes); relations that now join an entity to
 * itself are dropped; relations that became the same relation are one, with all their quotes.
 * Duplicates that no merge explains are left for the checks to report.
 */
function redirectBundle(bundle: Bundle, redirects: ReadonlyMap<string, string>): { bundle: Bundle; renamed: Set<string> } {
  if (redirects.size === 0) return { bundle, renamed: new Set() };
  const to = (id: string) => redirects.get(id) ?? id;
  const renamed = new Set<string>();

  const entities: Bundle['entities'] = [];
  const entityAt = new Map<string, { index: number; redirected: boolean }>();
  for (const entity of bundle.entities) {
    const original = entity.id ?? entityIdFor(entity.kind as EntityKind, entity.name);
    const id = to(original);
    const redirected = redirects.has(original);
    const seen = entityAt.get(id);
    if (seen && (seen.redirected || redirected)) {
      // The survivor's own entry leads; the merged one's names and quotes join it.
      const [lead, other] = seen.redirected && !redirected ? [{ ...entity, id }, entities[seen.index]!] : [entities[seen.index]!, entity];
      entities[seen.index] = {
        ...lead,
        aliases: [...new Set([...lead.aliases, other.name, ...other.aliases])].filter((alias) => alias !== lead.name),
        evidence: [...new Set([...lead.evidence, ...other.evidence])],
      };
      entityAt.set(id, { index: seen.index, redirected: seen.redirected && redirected });
      continue;
    }
    entityAt.set(id, { index: entities.length, redirected });
    entities.push({ ...entity, id });
  }
  for (const [id, { redirected }] of entityAt) if (redirected) renamed.add(id);

  const relations: Bundle['relations'] = [];
  const relationAt = new Map<string, number>();
  for (const relation of bundle.relations) {
    const moved = redirects.has(relation.from) || redirects.has(relation.to);
    const redirected = { ...relation, from: to(relation.from), to: to(relation.to) };
    if (moved && redirected.from === redirected.to) continue;
    const key = relationIdFor(redirected.type as RelationType, redirected.from, redirected.to, redirected.role);
    const seen = relationAt.get(key);
    if (seen !== undefined && moved) {
      const lead = relations[seen]!;
      relations[seen] = { ...lead, evidence: [...new Set([...lead.evidence, ...redirected.evidence])] };
      continue;
    }
    relationAt.set(key, relations.length);
    relations.push(redirected);
  }

  return {
    renamed,
    bundle: {
      ...bundle,
      document: { ...bundle.document, publisherEntity: bundle.document.publisherEntity ? to(bundle.document.publisherEntity) : null },
      entities,
      relations,
      statements: bundle.statements.map((statement) => ({
        ...statement,
        speaker: to(statement.speaker),
        about: statement.about.map(to),
        madeAt: statement.madeAt ? to(statement.madeAt) : null,
      })),
    },
  };
}

/** Every entity id a bundle refers to, defined or not: what must be looked up for merges. */
export function entityIdsOf(bundle: Bundle): string[] {
  const ids = new Set<string>();
  for (const entity of bundle.entities) ids.add(entity.id ?? entityIdFor(entity.kind as EntityKind, entity.name));
  for (const relation of bundle.relations) ids.add(relation.from).add(relation.to);
  for (const statement of bundle.statements) {
    ids.add(statement.speaker);
    statement.about.forEach((id) => ids.add(id));
    if (statement.madeAt) ids.add(statement.madeAt);
  }
  if (bundle.document.publisherEntity) ids.add(bundle.document.publisherEntity);
  return [...ids];
}

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
  const problems: string[] = [];
  const quoteProblems: QuoteProblem[] = [];
  const documentId = bundle.document.id;
  const evidence: EvidenceRow[] = [];

  const collectEvidence = (subjectId: string, location: string, quotes: readonly string[]) => {
    quotes.forEach((quote, ordinal) => {
      const problem = checkQuote(documentText, quote, location);
      if (problem) quoteProblems.push(problem);
      else evidence.push({ id: evidenceId(subjectId, documentId, quote), subjectId, quote, ordinal });
    });
  };

  // Entities defined by the bundle.
  const definedKinds = new Map<string, EntityKind>();
  const entities: EntityRow[] = bundle.entities.map((entity, index) => {
    const kind = entity.kind as EntityKind;
    const id = entity.id ?? entityIdFor(kind, entity.name);
    if (!id.startsWith(`${kind.toLowerCase()}/`)) problems.push(`entities[${index}] (${id}): the id must start with "${kind.toLowerCase()}/"`);
    if (definedKinds.has(id)) problems.push(`entities[${index}]: id ${id} is defined twice`);
    definedKinds.set(id, kind);
    collectEvidence(id, `entities[${index}] (${id})`, entity.evidence);
    const date = interval(entity.date ?? null);
    return {
      id,
      keepName: renamed.has(id),
      kind,
      name: entity.name,
      aliases: [...new Set(entity.aliases.filter((alias) => alias !== entity.name))],
      searchSpellings: searchSpellings([entity.name, ...entity.aliases]),
      description: entity.description,
      unidentified: entity.unidentified,
      // Fields the bundle leaves out stay null, which the writer reads as "keep what the graph has".
      category: entity.category ?? null,
      status: entity.status ?? null,
      products: entity.products ?? null,
      placeType: entity.placeType ?? null,
      date: date?.text ?? null,
      dateStart: date?.start ?? null,
      dateEnd: date?.end ?? null,
    };
  });

  // References to entities the bundle does not define must exist in the graph already.
  const external = new Map<string, Set<EntityKind>>();
  const refer = (id: string, kind: EntityKind | null, location: string) => {
    const defined = definedKinds.get(id);
    if (defined === undefined) {
      const kinds = external.get(id) ?? new Set<EntityKind>();
      if (kind !== null) kinds.add(kind);
      external.set(id, kinds);
      if (kinds.size > 1) problems.push(`${location}: ${id} is used as ${[...kinds].join(' and as ')}; an entity has one kind`);
    } else if (kind !== null && defined !== kind) {
      problems.push(`${location}: ${id} is ${defined}, but must be ${kind}`);
    }
  };

  if (bundle.document.publisherEntity) refer(bundle.document.publisherEntity, 'ORGANIZATION', 'document.publisherEntity');

  const relationIds = new Set<string>();
  const relations: RelationRow[] = bundle.relations.map((relation, index) => {
    const type = relation.type as RelationType;
    const id = relationIdFor(type, relation.from, relation.to, relation.role);
    const location = `relations[${index}] (${relation.from} ${type} ${relation.to})`;
    if (relationIds.has(id)) problems.push(`${location}: the same relation is listed twice; give it one entry with all its quotes`);
    relationIds.add(id);
    if (relation.from === relation.to) problems.push(`${location}: an entity cannot be related to itself`);
    refer(relation.from, null, `${location}.from`);
    refer(relation.to, null, `${location}.to`);
    const from = interval(relation.validFrom);
    const to = interval(relation.validTo);
    if (from && to && from.start > to.end) problems.push(`${location}: validFrom ${from.text} is after validTo ${to.text}`);
    if (to && relation.current === true) problems.push(`${location}: a relation with validTo cannot be current`);
    collectEvidence(id, location, relation.evidence);
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

  const statementIds = new Set(bundle.statements.map((s) => s.id));
  const externalStatements = new Set<string>();
  const seenStatements = new Set<string>();
  const statements: StatementRow[] = bundle.statements.map((statement, index) => {
    const location = `statements[${index}] (${statement.id})`;
    if (seenStatements.has(statement.id)) problems.push(`${location}: id ${statement.id} is defined twice`);
    seenStatements.add(statement.id);
    refer(statement.speaker, 'PERSON', `${location}.speaker`);
    statement.about.forEach((id, i) => refer(id, null, `${location}.about[${i}]`));
    if (statement.madeAt) refer(statement.madeAt, 'EVENT', `${location}.madeAt`);
    if (statement.supersedes === statement.id) problems.push(`${location}: a statement cannot supersede itself`);
    else if (statement.supersedes && !statementIds.has(statement.supersedes)) externalStatements.add(statement.supersedes);
    collectEvidence(statement.id, location, statement.evidence);
    const madeOn = interval(statement.madeOn);
    return {
      id: statement.id,
      speaker: statement.speaker,
      about: [...new Set(statement.about)],
      summary: statement.summary,
      madeOn: madeOn?.text ?? null,
      madeOnStart: madeOn?.start ?? null,
      madeOnEnd: madeOn?.end ?? null,
      madeAt: statement.madeAt,
      concerns: interval(statement.concerns)?.text ?? null,
      supersedes: statement.supersedes,
    };
  });

  // What someone said connects them to what they said it about: one STATED_ABOUT relation per
  // subject of each statement, dated by the statement and supported by the statement's own quotes.
  for (const statement of statements) {
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
      evidence.push(...evidence.filter((e) => e.subjectId === statement.id).map((e) => ({ ...e, id: evidenceId(id, documentId, e.quote), subjectId: id })));
    }
  }

  if (quoteProblems.length > 0) problems.unshift(describeQuoteProblems(documentId, quoteProblems));

  const published = interval(bundle.document.publishedOn);
  const prepared: PreparedBundle = {
    document: {
      id: documentId,
      title: bundle.document.title,
      publisher: bundle.document.publisher,
      publisherEntity: bundle.document.publisherEntity,
      publishedOn: published?.text ?? null,
      url: bundle.document.url,
      text: documentText,
      restricted: bundle.document.restricted,
    },
    entities,
    relations,
    statements,
    evidence,
    externalEntities: [...external].map(([id, kinds]) => ({ id, kinds: [...kinds] })),
    externalStatements: [...externalStatements],
  };
  return { prepared, problems };
}
