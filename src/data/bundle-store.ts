/**
 * Writes a prepared bundle in one write transaction: it lands whole or not at all. Every statement
 * MERGEs on a constrained id and sets the same values each time, so loading a bundle twice changes
 * nothing, and a retry by the driver after a cut-off commit is harmless.
 */
import type { EntityKind } from '../generated/graphql.js';
import { KIND_LABEL, relationKeysOf, subjectTypeOf } from '../domain/model.js';
import { BundleError, CurationError } from '../errors.js';
import type { PreparedBundle } from '../ingest/prepare-bundle.js';
import { cypher, type Database, type Transaction } from './database.js';
import { callMergeRelation, callRelationByKey } from './relation-match.js';
import { ANY_RESTRICTED_DOCUMENT } from './restriction.js';
import { withHistory, type ChangeContext } from './history-store.js';
import { MERGED_AMONG } from './merge-store.js';
import { reinstateClause, retractionSet } from './retraction.js';
import type { ActorRecord } from './records.js';

/**
 * How a bundle relates to its document. An ARTICLE bundle says everything the document supports:
 * it may create or correct the document, and quotes of that document it no longer carries are
 * removed. An ADDITION (a curator's new entity, relation or statement) cites a document already in
 * the graph and adds to what it supports, removing nothing.
 */
export type BundleMode = 'ARTICLE' | 'ADDITION';

export interface WriteBundleOptions {
  actor: ActorRecord;
  mode?: BundleMode;
  /** Why the curator made the change, for history. */
  reason?: string | null;
  /** Entity ids the write must create: one already in the graph (or merged away) fails with ALREADY_EXISTS. */
  newEntityIds?: readonly string[];
  /**
   * Whether the writer may see restricted material (default: yes, for the seed and operators).
   * For one who may not, restricted entities are absent: referring to one is an unknown id.
   */
  seesRestricted?: boolean;
  /**
   * Problems the checks without the database found (checkBundle). The write adds what only the
   * graph can tell and refuses the bundle with all of them; it writes nothing while there are any.
   */
  problems?: readonly string[];
}


export interface BundleSummary {
  documentId: string;
  /** Ids of what the bundle wrote, so a caller can answer with them. */
  ids: { entities: string[]; relations: string[]; statements: string[] };
  entities: { created: number; updated: number };
  relations: { created: number; updated: number };
  statements: { created: number; updated: number };
  evidence: number;
}

/**
 * Everything a bundle's write needs to know of the graph first, in one statement: the document as
 * stored, the kinds of the entities the bundle names, which statements a restricted document would
 * restate although they are open, which superseded statements exist, which subjects would lose
 * quotes (an ARTICLE that no longer carries them), and what the document supports when its
 * restriction is about to switch.
 */
const BUNDLE_CONTEXT = cypher(
  'bundleContext',
  `OPTIONAL MATCH (d:Document {id: $documentId})
   RETURN d IS NOT NULL AS documentExists, d.text AS text, coalesce(d.restricted, false) AS restricted,
     ${ANY_RESTRICTED_DOCUMENT} AS anyRestrictedDocument,
     COLLECT {
       UNWIND $entityIds AS id
       MATCH (e:Entity {id: id}) USING INDEX SEEK e:Entity(id)
       RETURN {id: e.id, kind: e.kind, restricted: coalesce(e.restricted, false)}
     } AS entities,
     COLLECT {
       UNWIND $restatedIds AS id
       MATCH (:Statement {id: id})
       // Open through another document than this one (whose own flag may be about to change).
       WHERE EXISTS { MATCH (:Evidence {subjectId: id})-[:FROM]->(other:Document) WHERE other.id <> $documentId AND NOT coalesce(other.restricted, false) }
       RETURN id
     } AS openRestatedIds,
     COLLECT { UNWIND $externalStatementIds AS id MATCH (:Statement {id: id}) RETURN id } AS existingStatementIds,
     COLLECT {
       MATCH (ev:Evidence)-[:FROM]->(d)
       WHERE $article AND NOT ev.id IN $keep AND NOT coalesce(ev.curated, false)
       RETURN DISTINCT ev.subjectId
     } AS staleSubjectIds,
     COLLECT {
       MATCH (ev:Evidence)-[:FROM]->(d)
       WHERE $article AND coalesce(d.restricted, false) <> $restrictedSource
       RETURN DISTINCT ev.subjectId
     } AS switchedSubjectIds`,
);

/** A document made restricted takes the history that cites it along. */
const RESTRICT_CHANGES_OF_DOCUMENT = cypher(
  'restrictChangesOfDocument',
  `MATCH (c:Change) WHERE $id IN c.documentIds
   SET c.restricted = true`,
);

const MERGE_DOCUMENT = cypher(
  'mergeDocument',
  `MERGE (d:Document {id: $doc.id})
   SET d.title = $doc.title, d.publisher = $doc.publisher, d.publishedOn = $doc.publishedOn,
       d.url = $doc.url, d.text = $doc.text, d.restricted = $doc.restricted
   WITH d
   OPTIONAL MATCH (d)-[old:PUBLISHED_BY]->()
   DELETE old
   WITH DISTINCT d
   OPTIONAL MATCH (p:Entity {id: $doc.publisherEntity}) USING INDEX SEEK p:Entity(id)
   FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (d)-[:PUBLISHED_BY]->(p))`,
  { stablePlan: true },
);

/**
 * A field an editor has set (updateEntity lists it in curatedFields) keeps the editor's value;
 * otherwise the bundle's value, or, when the bundle does not say, what an earlier one said.
 */
const CURATED = (field: string) => `'${field}' IN coalesce(e.curatedFields, [])`;
const bundleValue = (field: string, governedBy = field) =>
  `CASE WHEN keep OR ${CURATED(governedBy)} THEN e.${field} WHEN reset THEN row.${field} ELSE coalesce(row.${field}, e.${field}) END`;

/**
 * `keep`: a restricted document adds its quotes to an open entity or relation but changes none of
 * its fields or names, which everyone sees (and which would give the confidential source away).
 * `reset`: an open document naming what only restricted ones supported replaces its fields and
 * names with its own, so that opening it shows nothing the restricted sources said.
 */
const KEEP_OPEN = (old: string) => `$restrictedSource AND ${old} IS NOT NULL AND NOT coalesce(${old}.restricted, false)`;
const RESET_RESTRICTED = (old: string) => `NOT $restrictedSource AND ${old} IS NOT NULL AND coalesce(${old}.restricted, false)`;

/**
 * Merges entities of every kind in one statement. Each row's label is its kind's from the
 * allowlist (KIND_LABEL), set in code, never taken from input.
 */
const MERGE_ENTITIES = cypher(
  'mergeEntities',
  `UNWIND $rows AS row
   OPTIONAL MATCH (old:Entity {id: row.id}) USING INDEX SEEK old:Entity(id)
   WITH row, ${KEEP_OPEN('old')} AS keep, ${RESET_RESTRICTED('old')} AS reset
   MERGE (e:Entity {id: row.id})
   // A bundle that names the entity by an id merged into it (keepName), or one whose name an
   // editor has set, adds its name as an alias.
   WITH e, row, keep, reset, CASE WHEN (row.keepName OR keep OR ${CURATED('name')}) AND e.name IS NOT NULL AND NOT reset THEN e.name ELSE row.name END AS name
   // Names are only ever added: another article's spelling, or a former name, stays findable.
   WITH e, row, keep, reset, name, CASE WHEN keep THEN e.aliases ELSE reduce(kept = [],
                            n IN (CASE WHEN reset THEN [] ELSE coalesce(e.aliases, []) + [e.name] END) + [row.name] + row.aliases |
                            CASE WHEN n IS NULL OR n = name OR n IN kept THEN kept ELSE kept + n END) END AS aliases
   SET e:$(row.label),
       e.kind = row.kind, e.name = name,
       e.description = ${bundleValue('description')},
       e.unidentified = CASE WHEN keep OR ${CURATED('unidentified')} THEN e.unidentified WHEN reset THEN row.unidentified
                             ELSE row.unidentified AND coalesce(e.unidentified, true) END,
       e.category = ${bundleValue('category')}, e.status = ${bundleValue('status')},
       e.products = ${bundleValue('products')}, e.placeType = ${bundleValue('placeType')},
       e.date = ${bundleValue('date')}, e.dateStart = ${bundleValue('dateStart', 'date')}, e.dateEnd = ${bundleValue('dateEnd', 'date')},
       e.aliases = aliases,
       // In a stable order, so that loading a bundle again writes the same list.
       e.searchSpellings = CASE WHEN keep THEN e.searchSpellings WHEN reset THEN row.searchSpellings
         ELSE coalesce(e.searchSpellings, []) + [s IN row.searchSpellings WHERE NOT s IN coalesce(e.searchSpellings, [])] END`,
  { stablePlan: true },
);

/** Merges relations of every type in one statement, each through its type's index (relation-match.ts). */
const relationValue = (field: string) => `CASE WHEN keep THEN r.${field} WHEN reset THEN row.${field} ELSE coalesce(row.${field}, r.${field}) END`;
const MERGE_RELATIONS = cypher(
  'mergeRelations',
  // What this bundle does not say leaves what an earlier one said in place; `keep` as for entities.
  `UNWIND $rows AS row
   MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to}) USING INDEX SEEK a:Entity(id) USING INDEX SEEK b:Entity(id)
   ${callMergeRelation('row')}
   WITH row, r, ${KEEP_OPEN('old')} AS keep, ${RESET_RESTRICTED('old')} AS reset
   SET r.role = CASE WHEN keep THEN r.role ELSE row.role END,  // the role is part of the id: the same either way
       r.validFrom = ${relationValue('validFrom')}, r.validFromStart = ${relationValue('validFromStart')}, r.validFromEnd = ${relationValue('validFromEnd')},
       r.validTo = ${relationValue('validTo')}, r.validToStart = ${relationValue('validToStart')}, r.validToEnd = ${relationValue('validToEnd')},
       r.current = ${relationValue('current')}, r.statementId = row.statementId
   ${reinstateClause('r')}
   RETURN count(r) AS written`,
  { stablePlan: true },
);

const MERGE_STATEMENTS = cypher(
  'mergeStatements',
  `UNWIND $rows AS row
   MERGE (s:Statement {id: row.id})
   SET s.summary = row.summary, s.madeOn = row.madeOn, s.madeOnStart = row.madeOnStart, s.madeOnEnd = row.madeOnEnd,
       s.concerns = row.concerns
   ${reinstateClause('s')}
   WITH s, row
   // The bundle's version of a statement replaces its links, so a corrected bundle leaves no stale ones.
   CALL (s) {
     OPTIONAL MATCH (s)-[link:ABOUT|MADE_AT|SUPERSEDES]->()
     DELETE link
   }
   CALL (s) {
     OPTIONAL MATCH ()-[made:MADE]->(s)
     DELETE made
   }
   WITH s, row
   MATCH (speaker:Entity {id: row.speaker}) USING INDEX SEEK speaker:Entity(id)
   MERGE (speaker)-[:MADE]->(s)
   WITH s, row
   CALL (s, row) {
     UNWIND row.about AS aboutId
     MATCH (a:Entity {id: aboutId}) USING INDEX SEEK a:Entity(id)
     MERGE (s)-[:ABOUT]->(a)
   }
   CALL (s, row) {
     MATCH (ev:Entity {id: row.madeAt}) USING INDEX SEEK ev:Entity(id)
     MERGE (s)-[:MADE_AT]->(ev)
   }
   RETURN count(s) AS written`,
  { stablePlan: true },
);

const LINK_SUPERSEDED = cypher(
  'linkSupersededStatements',
  `UNWIND $rows AS row
   MATCH (s:Statement {id: row.id}), (earlier:Statement {id: row.supersedes})
   USING INDEX SEEK s:Statement(id) USING INDEX SEEK earlier:Statement(id)
   MERGE (s)-[:SUPERSEDES]->(earlier)`,
  { stablePlan: true },
);

/**
 * Quotes, with where they came from: `curated` marks a quote an editor cited (an ADDITION), which
 * stays when the article itself is ingested again without it; once curated, a quote stays curated.
 */
export const MERGE_EVIDENCE = cypher(
  'mergeEvidence',
  `MATCH (d:Document {id: $documentId}) USING INDEX SEEK d:Document(id)
   UNWIND $rows AS row
   MERGE (ev:Evidence {id: row.id})
   SET ev.subjectId = row.subjectId, ev.quote = row.quote, ev.ordinal = row.ordinal,
       ev.curated = coalesce(ev.curated, false) OR $curated
   MERGE (ev)-[:FROM]->(d)`,
  { stablePlan: true },
);

/** Quotes of the document that a corrected ARTICLE bundle no longer carries (editors' citations stay). */
const REMOVE_STALE_EVIDENCE = cypher(
  'removeStaleEvidence',
  `MATCH (ev:Evidence)-[:FROM]->(:Document {id: $documentId})
   WHERE NOT ev.id IN $keep AND NOT coalesce(ev.curated, false)
   DETACH DELETE ev`,
);


/** Subjects left without any quote are retracted (evidence is never empty), not deleted: history keeps them. */
const RETRACT_UNSUPPORTED = cypher(
  'retractUnsupported',
  `CALL () {
     UNWIND $statementIds AS id
     MATCH (s:Statement {id: id})
     WHERE s.retractedAt IS NULL AND NOT EXISTS { MATCH (ev:Evidence {subjectId: id}) USING INDEX SEEK ev:Evidence(subjectId) }
     SET ${retractionSet('s', 'UNSUPPORTED')}
   }
   CALL () {
     UNWIND $relationKeys AS key
     ${callRelationByKey('key')}
     WITH key, r WHERE r.retractedAt IS NULL AND NOT EXISTS { MATCH (ev:Evidence {subjectId: key.id}) USING INDEX SEEK ev:Evidence(subjectId) }
     SET ${retractionSet('r', 'UNSUPPORTED')}
   }`,
);

/**
 * A bundle says everything its document supports: quotes of that document which a corrected
 * bundle no longer carries are removed, and any relation or statement left without a quote is
 * retracted as unsupported (a later bundle that quotes it again brings it back).
 */
async function removeStaleEvidence(tx: Transaction, bundle: PreparedBundle, staleSubjects: readonly string[], actor: ActorRecord): Promise<void> {
  if (staleSubjects.length === 0) return;
  await tx.run(REMOVE_STALE_EVIDENCE, { documentId: bundle.document.id, keep: bundle.evidence.map((e) => e.id) });
  const retraction = {
    actorId: actor.id,
    actorKind: actor.kind,
    reason: `No quote supports it any more: the corrected ${bundle.document.id} no longer carries its last one.`,
  };
  await tx.run(RETRACT_UNSUPPORTED, {
    statementIds: staleSubjects.filter((id) => subjectTypeOf(id) === 'STATEMENT'),
    relationKeys: relationKeysOf(staleSubjects),
    ...retraction,
  });
}


/** What a bundle's write learns of the graph before it writes (BUNDLE_CONTEXT). */
interface BundleContext {
  /** Kinds of the entities the bundle names that are already in the graph. */
  kinds: Map<string, string>;
  /** Subjects that lose quotes of this document (an ARTICLE that no longer carries them). */
  staleSubjectIds: string[];
  /** Whether the document's restriction switches with this write. */
  switched: boolean;
  /** Everything the document supports, when its restriction switches (its visibility changes). */
  switchedSubjectIds: string[];
  /** Whether the graph holds a restricted document (before this write). */
  anyRestrictedDocument: boolean;
}

/**
 * Reads what the write needs to know and checks what the bundle expects of the graph, in one
 * statement; throws BundleError (rolling the transaction back), listing every problem, if anything
 * is off.
 */
async function readBundleContext(
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
    externalStatementIds: bundle.externalStatements,
    article: mode === 'ARTICLE',
    keep: bundle.evidence.map((e) => e.id),
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

  if (problems.length > 0) throw BundleError.refusing(bundle.document.id, problems);
  const switchedSubjectIds = context!.switchedSubjectIds as string[];
  return {
    kinds,
    staleSubjectIds: context!.staleSubjectIds as string[],
    // A document that turns restricted (or open) changes the visibility of all it supports.
    switched: mode === 'ARTICLE' && context!.documentExists === true && context!.restricted !== bundle.document.restricted,
    switchedSubjectIds,
    anyRestrictedDocument: context!.anyRestrictedDocument === true,
  };
}

/** Writes the bundle in one transaction, records what changed, and says what it created and matched. */
export async function writeBundle(db: Database, bundle: PreparedBundle, options: WriteBundleOptions): Promise<BundleSummary> {
  const mode = options.mode ?? 'ARTICLE';
  const context: ChangeContext = { actor: options.actor, documentId: bundle.document.id, reason: options.reason ?? null };
  const ids = {
    entities: bundle.entities.map((e) => e.id),
    relations: bundle.relations.map((r) => r.id),
    statements: bundle.statements.map((s) => s.id),
  };
  return db.write(async (tx) => {
    const graph = await readBundleContext(tx, bundle, mode, options.seesRestricted ?? true, options.problems ?? []);
    // Checked here, in the transaction, so that two concurrent creations cannot both succeed.
    for (const id of options.newEntityIds ?? []) {
      if (graph.kinds.has(id)) throw new CurationError(`${id} already exists; change it with updateEntity.`, 'input.id', 'ALREADY_EXISTS');
    }
    const subjects = [...ids.entities, ...ids.relations, ...ids.statements, ...graph.staleSubjectIds, ...graph.switchedSubjectIds];
    const reinstateAll = mode === 'ADDITION';
    const restrictedSource = bundle.document.restricted;
    const superseding = bundle.statements.filter((s) => s.supersedes !== null);

    // One statement per kind of write, each for every label and type at once: a bundle of any size
    // is a handful of statements, whose plans the server caches after their first use.
    // Whether the graph holds a restricted document before this write or after it (refreshRestriction).
    const restrictedDocuments = graph.anyRestrictedDocument || bundle.document.restricted;
    const { before } = await withHistory(tx, subjects, context, async () => {
      if (bundle.entities.length > 0) {
        const rows = bundle.entities.map((e) => ({ ...e, label: KIND_LABEL[e.kind] }));
        await tx.run(MERGE_ENTITIES, { rows, restrictedSource });
      }
      if (mode === 'ARTICLE') await tx.run(MERGE_DOCUMENT, { doc: bundle.document });
      if (bundle.relations.length > 0) {
        const rows = bundle.relations;
        await tx.run(MERGE_RELATIONS, { rows, reinstateAll, restrictedSource });
      }
      if (bundle.statements.length > 0) await tx.run(MERGE_STATEMENTS, { rows: bundle.statements, reinstateAll });
      if (superseding.length > 0) await tx.run(LINK_SUPERSEDED, { rows: superseding });
      if (bundle.evidence.length > 0) {
        await tx.run(MERGE_EVIDENCE, { documentId: bundle.document.id, rows: bundle.evidence, curated: mode === 'ADDITION' });
      }
      await removeStaleEvidence(tx, bundle, graph.staleSubjectIds, options.actor);
      if (graph.switched && bundle.document.restricted) await tx.run(RESTRICT_CHANGES_OF_DOCUMENT, { id: bundle.document.id });
      // Ids were resolved through merges before this transaction (load-bundle.ts); a merge that
      // committed since would leave facts on an entity no query reaches. Checked after the writes,
      // once this transaction holds its locks, so that no merge can slip in after the check.
      const mergedMeanwhile = await tx.run(MERGED_AMONG, { ids: [...ids.entities, ...bundle.externalEntities.map((e) => e.id)] });
      if (mergedMeanwhile.length > 0) {
        throw new BundleError(`An entity of the bundle was merged while it was being written (${String(mergedMeanwhile[0]!.id)}); send it again.`);
      }
    }, { restrictedDocuments });

    const tally = (list: string[]) => {
      const matched = list.filter((id) => before.has(id)).length;
      return { created: list.length - matched, updated: matched };
    };
    return {
      documentId: bundle.document.id,
      ids,
      entities: tally(ids.entities),
      relations: tally(ids.relations),
      statements: tally(ids.statements),
      evidence: bundle.evidence.length,
    };
  });
}

const COUNT_ENTITIES = cypher('countEntities', 'MATCH (e:Entity) RETURN count(e) AS count');

/** True when the graph holds no entity yet (a new database, to be seeded). */
export async function isGraphEmpty(db: Database): Promise<boolean> {
  const [row] = await db.read((tx) => tx.run(COUNT_ENTITIES));
  return (row?.count as number) === 0;
}
