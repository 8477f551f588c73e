/**
 * Writes a prepared bundle in one write transaction: it lands whole or not at all. Every statement
 * MERGEs on a constrained id and sets the same values each time, so loading a bundle twice changes
 * nothing, and a retry by the driver after a cut-off commit is harmless.
 */
import type { EntityKind, RelationType } from '../generated/graphql.js';
import { groupBy, KIND_LABEL, relationIdsByType, relationTypePattern } from '../domain/model.js';
import { BundleError, CurationError } from '../errors.js';
import type { PreparedBundle } from '../ingest/prepare-bundle.js';
import { cypher, type Database, type NamedQuery, type Transaction } from './database.js';
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

const EXISTING_DOCUMENT = cypher('existingDocument', 'MATCH (d:Document {id: $id}) RETURN d.text AS text, coalesce(d.restricted, false) AS restricted');

/** Everything a document's quotes support: all of it changes visibility when the document does. */
const SUBJECTS_OF_DOCUMENT = cypher(
  'subjectsOfDocument',
  `MATCH (ev:Evidence)-[:FROM]->(:Document {id: $id})
   RETURN DISTINCT ev.subjectId AS subjectId`,
);

/** A document made restricted takes the history that cites it along. */
const RESTRICT_CHANGES_OF_DOCUMENT = cypher(
  'restrictChangesOfDocument',
  `MATCH (c:Change) WHERE $id IN c.documentIds
   SET c.restricted = true`,
);

const ENTITY_KINDS_BY_IDS = cypher(
  'entityKindsByIds',
  `UNWIND $ids AS id
   MATCH (e:Entity {id: id})
   RETURN e.id AS id, e.kind AS kind, coalesce(e.restricted, false) AS restricted`,
);

const OPEN_STATEMENT_IDS = cypher(
  'openStatementIds',
  `UNWIND $ids AS id
   MATCH (s:Statement {id: id})
   // Open through another document than this one (whose own flag may be about to change).
   WHERE EXISTS { MATCH (:Evidence {subjectId: id})-[:FROM]->(d:Document) WHERE d.id <> $documentId AND NOT coalesce(d.restricted, false) }
   RETURN id`,
);


const EXISTING_STATEMENT_IDS = cypher(
  'existingStatementIds',
  `UNWIND $ids AS id
   MATCH (s:Statement {id: id})
   RETURN s.id AS id`,
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
   OPTIONAL MATCH (p:Entity {id: $doc.publisherEntity})
   FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (d)-[:PUBLISHED_BY]->(p))`,
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

/** Merges entities of one kind; the label comes from the allowlist, never from input. */
function mergeEntitiesQuery(kind: EntityKind): NamedQuery {
  const label = KIND_LABEL[kind];
  if (label === undefined) throw new Error(`not an allowlisted entity kind: ${String(kind)}`);
  return cypher(
    `mergeEntities_${kind}`,
    `UNWIND $rows AS row
     OPTIONAL MATCH (old:Entity {id: row.id})
     WITH row, ${KEEP_OPEN('old')} AS keep, ${RESET_RESTRICTED('old')} AS reset
     MERGE (e:Entity {id: row.id})
     // A bundle that names the entity by an id merged into it (keepName), or one whose name an
     // editor has set, adds its name as an alias.
     WITH e, row, keep, reset, CASE WHEN (row.keepName OR keep OR ${CURATED('name')}) AND e.name IS NOT NULL AND NOT reset THEN e.name ELSE row.name END AS name
     // Names are only ever added: another article's spelling, or a former name, stays findable.
     WITH e, row, keep, reset, name, CASE WHEN keep THEN e.aliases ELSE reduce(kept = [],
                              n IN (CASE WHEN reset THEN [] ELSE coalesce(e.aliases, []) + [e.name] END) + [row.name] + row.aliases |
                              CASE WHEN n IS NULL OR n = name OR n IN kept THEN kept ELSE kept + n END) END AS aliases
     SET e:${label},
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
  );
}

function mergeRelationsQuery(type: RelationType): NamedQuery {
  // What this bundle does not say leaves what an earlier one said in place; `keep` as for entities.
  const value = (field: string) => `CASE WHEN keep THEN r.${field} WHEN reset THEN row.${field} ELSE coalesce(row.${field}, r.${field}) END`;
  return cypher(
    `mergeRelations_${type}`,
    `UNWIND $rows AS row
     MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to})
     OPTIONAL MATCH ()-[old${relationTypePattern([type])} {id: row.id}]->()
     WITH row, a, b, ${KEEP_OPEN('old')} AS keep, ${RESET_RESTRICTED('old')} AS reset
     MERGE (a)-[r${relationTypePattern([type])} {id: row.id}]->(b)
     SET r.role = CASE WHEN keep THEN r.role ELSE row.role END,  // the role is part of the id: the same either way
         r.validFrom = ${value('validFrom')}, r.validFromStart = ${value('validFromStart')}, r.validFromEnd = ${value('validFromEnd')},
         r.validTo = ${value('validTo')}, r.validToStart = ${value('validToStart')}, r.validToEnd = ${value('validToEnd')},
         r.current = ${value('current')}, r.statementId = row.statementId
     ${reinstateClause('r')}
     RETURN count(r) AS written`,
  );
}

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
   MATCH (speaker:Entity {id: row.speaker})
   MERGE (speaker)-[:MADE]->(s)
   WITH s, row
   CALL (s, row) {
     UNWIND row.about AS aboutId
     MATCH (a:Entity {id: aboutId})
     MERGE (s)-[:ABOUT]->(a)
   }
   CALL (s, row) {
     MATCH (ev:Entity {id: row.madeAt})
     MERGE (s)-[:MADE_AT]->(ev)
   }
   RETURN count(s) AS written`,
);

const LINK_SUPERSEDED = cypher(
  'linkSupersededStatements',
  `UNWIND $rows AS row
   MATCH (s:Statement {id: row.id}), (earlier:Statement {id: row.supersedes})
   MERGE (s)-[:SUPERSEDES]->(earlier)`,
);

/**
 * Quotes, with where they came from: `curated` marks a quote an editor cited (an ADDITION), which
 * stays when the article itself is ingested again without it; once curated, a quote stays curated.
 */
export const MERGE_EVIDENCE = cypher(
  'mergeEvidence',
  `MATCH (d:Document {id: $documentId})
   UNWIND $rows AS row
   MERGE (ev:Evidence {id: row.id})
   SET ev.subjectId = row.subjectId, ev.quote = row.quote, ev.ordinal = row.ordinal,
       ev.curated = coalesce(ev.curated, false) OR $curated
   MERGE (ev)-[:FROM]->(d)`,
);

const STALE_EVIDENCE_SUBJECTS = cypher(
  'staleEvidenceSubjects',
  `MATCH (ev:Evidence)-[:FROM]->(:Document {id: $documentId})
   WHERE NOT ev.id IN $keep AND NOT coalesce(ev.curated, false)
   RETURN DISTINCT ev.subjectId AS subjectId`,
);

/** Quotes of the document that a corrected ARTICLE bundle no longer carries (editors' citations stay). */
const REMOVE_STALE_EVIDENCE = cypher(
  'removeStaleEvidence',
  `MATCH (ev:Evidence)-[:FROM]->(:Document {id: $documentId})
   WHERE NOT ev.id IN $keep AND NOT coalesce(ev.curated, false)
   DETACH DELETE ev`,
);


/** A statement left without any quote is retracted (evidence is never empty), not deleted: history keeps it. */
const RETRACT_UNSUPPORTED_STATEMENTS = cypher(
  'retractUnsupportedStatements',
  `UNWIND $ids AS id
   MATCH (s:Statement {id: id})
   WHERE s.retractedAt IS NULL AND NOT EXISTS { MATCH (:Evidence {subjectId: id}) }
   SET ${retractionSet('s', 'UNSUPPORTED')}`,
);

function retractUnsupportedRelationsQuery(type: RelationType): NamedQuery {
  return cypher(
    `retractUnsupportedRelations_${type}`,
    `UNWIND $ids AS id
     MATCH ()-[r${relationTypePattern([type])} {id: id}]->()
     WHERE r.retractedAt IS NULL AND NOT EXISTS { MATCH (:Evidence {subjectId: id}) }
     SET ${retractionSet('r', 'UNSUPPORTED')}`,
  );
}

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
  await tx.run(RETRACT_UNSUPPORTED_STATEMENTS, { ids: staleSubjects.filter((id) => id.startsWith('statement/')), ...retraction });
  for (const [type, ids] of relationIdsByType(staleSubjects)) await tx.run(retractUnsupportedRelationsQuery(type), { ids, ...retraction });
}


/**
 * Checks what the bundle expects of the graph; throws BundleError (rolling the transaction back) if
 * anything is off. Returns the kinds of the referenced entities that already exist.
 */
async function checkAgainstGraph(
  tx: Transaction,
  bundle: PreparedBundle,
  mode: BundleMode,
  seesRestricted: boolean,
): Promise<{ kinds: Map<string, string>; documentWasRestricted: boolean | null }> {
  const problems: string[] = [];

  const [existing] = await tx.run(EXISTING_DOCUMENT, { id: bundle.document.id });
  if (!existing && mode === 'ADDITION') {
    problems.push(`document ${bundle.document.id} is not in the graph; ingest its article first, then cite it`);
  } else if (existing && existing.text !== bundle.document.text) {
    problems.push(`document ${bundle.document.id} is already in the graph with a different text; give the new version its own id`);
  }

  const referenced = [...bundle.entities.map((e) => e.id), ...bundle.externalEntities.map((e) => e.id)];
  const rows = await tx.run(ENTITY_KINDS_BY_IDS, { ids: referenced });
  const kinds = new Map(rows.map((r) => [r.id as string, r.kind as string]));
  // What the writer may not see is absent to it, and named in no message.
  const hidden = new Set(seesRestricted ? [] : rows.filter((r) => r.restricted === true).map((r) => r.id as string));
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

  if (bundle.document.restricted && bundle.statements.length > 0) {
    const open = await tx.run(OPEN_STATEMENT_IDS, { ids: bundle.statements.map((s) => s.id), documentId: bundle.document.id });
    for (const row of open) {
      problems.push(`statement ${row.id as string} is open; a restricted document cannot restate it (give its own claim its own id)`);
    }
  }

  if (bundle.externalStatements.length > 0) {
    const found = new Set((await tx.run(EXISTING_STATEMENT_IDS, { ids: bundle.externalStatements })).map((r) => r.id as string));
    for (const id of bundle.externalStatements) {
      if (!found.has(id)) problems.push(`statement ${id} is superseded but neither defined in the bundle nor in the graph`);
    }
  }

  if (problems.length > 0) {
    throw new BundleError(`The bundle for ${bundle.document.id} does not fit the graph:\n${problems.join('\n')}`, problems);
  }
  return { kinds, documentWasRestricted: existing ? existing.restricted === true : null };
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
    const { kinds: existingKinds, documentWasRestricted } = await checkAgainstGraph(tx, bundle, mode, options.seesRestricted ?? true);
    // Checked here, in the transaction, so that two concurrent creations cannot both succeed.
    for (const id of options.newEntityIds ?? []) {
      if (existingKinds.has(id)) throw new CurationError(`${id} already exists; change it with updateEntity.`, 'input.id', 'ALREADY_EXISTS');
    }
    const keep = bundle.evidence.map((e) => e.id);
    const staleSubjects =
      mode === 'ARTICLE' ? (await tx.run(STALE_EVIDENCE_SUBJECTS, { documentId: bundle.document.id, keep })).map((r) => r.subjectId as string) : [];
    // A document that turns restricted (or open) changes the visibility of all it supports.
    const switched = mode === 'ARTICLE' && documentWasRestricted !== null && documentWasRestricted !== bundle.document.restricted;
    const documentSubjects = switched ? (await tx.run(SUBJECTS_OF_DOCUMENT, { id: bundle.document.id })).map((r) => r.subjectId as string) : [];
    const subjects = [...ids.entities, ...ids.relations, ...ids.statements, ...staleSubjects, ...documentSubjects];
    const reinstateAll = mode === 'ADDITION';
    const restrictedSource = bundle.document.restricted;

    const { before } = await withHistory(tx, subjects, context, async () => {
      for (const [kind, rows] of groupBy(bundle.entities, (e) => e.kind)) {
        await tx.run(mergeEntitiesQuery(kind), { rows, restrictedSource });
      }
      if (mode === 'ARTICLE') await tx.run(MERGE_DOCUMENT, { doc: bundle.document });
      for (const [type, rows] of groupBy(bundle.relations, (r) => r.type)) {
        await tx.run(mergeRelationsQuery(type), { rows, reinstateAll, restrictedSource });
      }
      await tx.run(MERGE_STATEMENTS, { rows: bundle.statements, reinstateAll });
      await tx.run(LINK_SUPERSEDED, { rows: bundle.statements.filter((s) => s.supersedes !== null) });
      await tx.run(MERGE_EVIDENCE, { documentId: bundle.document.id, rows: bundle.evidence, curated: mode === 'ADDITION' });
      await removeStaleEvidence(tx, bundle, staleSubjects, options.actor);
      if (switched && bundle.document.restricted) await tx.run(RESTRICT_CHANGES_OF_DOCUMENT, { id: bundle.document.id });
      // Ids were resolved through merges before this transaction (load-bundle.ts); a merge that
      // committed since would leave facts on an entity no query reaches. Checked after the writes,
      // once this transaction holds its locks, so that no merge can slip in after the check.
      const mergedMeanwhile = await tx.run(MERGED_AMONG, { ids: [...ids.entities, ...bundle.externalEntities.map((e) => e.id)] });
      if (mergedMeanwhile.length > 0) {
        throw new BundleError(`An entity of the bundle was merged while it was being written (${String(mergedMeanwhile[0]!.id)}); send it again.`);
      }
    });

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
