/**
 * Writes a prepared bundle in one write transaction: it lands whole or not at all. Every statement
 * MERGEs on a constrained id and sets the same values each time, so loading a bundle twice changes
 * nothing, and a retry by the driver after a cut-off commit is harmless.
 */
import type { EntityKind, RelationType } from '../generated/graphql.js';
import { KIND_LABEL, relationTypeOfId, relationTypePattern } from '../domain/model.js';
import { BundleError } from '../errors.js';
import type { PreparedBundle } from '../ingest/prepare-bundle.js';
import { cypher, type Database, type NamedQuery, type Transaction } from './database.js';

export interface BundleSummary {
  documentId: string;
  entities: { created: number; updated: number };
  relations: { created: number; updated: number };
  statements: { created: number; updated: number };
  evidence: number;
}

const EXISTING_DOCUMENT = cypher('existingDocument', 'MATCH (d:Document {id: $id}) RETURN d.text AS text');

const ENTITY_KINDS_BY_IDS = cypher(
  'entityKindsByIds',
  `UNWIND $ids AS id
   MATCH (e:Entity {id: id})
   RETURN e.id AS id, e.kind AS kind`,
);

const EXISTING_STATEMENT_IDS = cypher(
  'existingStatementIds',
  `UNWIND $ids AS id
   MATCH (s:Statement {id: id})
   RETURN s.id AS id`,
);

function existingRelationIdsQuery(type: RelationType): NamedQuery {
  return cypher(
    `existingRelationIds_${type}`,
    `UNWIND $ids AS id
     MATCH ()-[r${relationTypePattern([type])} {id: id}]->()
     RETURN r.id AS id`,
  );
}

const MERGE_DOCUMENT = cypher(
  'mergeDocument',
  `MERGE (d:Document {id: $doc.id})
   SET d.title = $doc.title, d.publisher = $doc.publisher, d.publishedOn = $doc.publishedOn,
       d.url = $doc.url, d.text = $doc.text
   WITH d
   OPTIONAL MATCH (d)-[old:PUBLISHED_BY]->()
   DELETE old
   WITH DISTINCT d
   OPTIONAL MATCH (p:Entity {id: $doc.publisherEntity})
   FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (d)-[:PUBLISHED_BY]->(p))`,
);

/** Merges entities of one kind; the label comes from the allowlist, never from input. */
function mergeEntitiesQuery(kind: EntityKind): NamedQuery {
  const label = KIND_LABEL[kind];
  if (label === undefined) throw new Error(`not an allowlisted entity kind: ${String(kind)}`);
  return cypher(
    `mergeEntities_${kind}`,
    `UNWIND $rows AS row
     MERGE (e:Entity {id: row.id})
     // Names are only ever added: another article's spelling, or a former name, stays findable.
     WITH e, row, [n IN coalesce(e.aliases, []) + CASE WHEN e.name IS NULL OR e.name = row.name THEN [] ELSE [e.name] END
                   WHERE NOT n IN row.aliases AND n <> row.name] AS keptAliases
     SET e:${label},
         e.kind = row.kind, e.name = row.name,
         // What this bundle does not say leaves what an earlier one said in place.
         e.description = coalesce(row.description, e.description),
         e.unidentified = row.unidentified AND coalesce(e.unidentified, true),
         e.category = coalesce(row.category, e.category), e.status = coalesce(row.status, e.status),
         e.products = coalesce(row.products, e.products), e.placeType = coalesce(row.placeType, e.placeType),
         e.date = coalesce(row.date, e.date), e.dateStart = coalesce(row.dateStart, e.dateStart),
         e.dateEnd = coalesce(row.dateEnd, e.dateEnd),
         e.aliases = keptAliases + row.aliases,
         e.searchSpellings = [s IN coalesce(e.searchSpellings, []) WHERE NOT s IN row.searchSpellings] + row.searchSpellings`,
  );
}

function mergeRelationsQuery(type: RelationType): NamedQuery {
  return cypher(
    `mergeRelations_${type}`,
    `UNWIND $rows AS row
     MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to})
     MERGE (a)-[r${relationTypePattern([type])} {id: row.id}]->(b)
     // What this bundle does not say leaves what an earlier one said in place.
     SET r.role = row.role,
         r.validFrom = coalesce(row.validFrom, r.validFrom), r.validFromStart = coalesce(row.validFromStart, r.validFromStart),
         r.validFromEnd = coalesce(row.validFromEnd, r.validFromEnd),
         r.validTo = coalesce(row.validTo, r.validTo), r.validToStart = coalesce(row.validToStart, r.validToStart),
         r.validToEnd = coalesce(row.validToEnd, r.validToEnd),
         r.current = coalesce(row.current, r.current), r.statementId = row.statementId
     RETURN count(r) AS written`,
  );
}

const MERGE_STATEMENTS = cypher(
  'mergeStatements',
  `UNWIND $rows AS row
   MERGE (s:Statement {id: row.id})
   SET s.summary = row.summary, s.madeOn = row.madeOn, s.madeOnStart = row.madeOnStart, s.madeOnEnd = row.madeOnEnd,
       s.concerns = row.concerns
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

const MERGE_EVIDENCE = cypher(
  'mergeEvidence',
  `MATCH (d:Document {id: $documentId})
   UNWIND $rows AS row
   MERGE (ev:Evidence {id: row.id})
   SET ev.subjectId = row.subjectId, ev.quote = row.quote, ev.ordinal = row.ordinal
   MERGE (ev)-[:FROM]->(d)`,
);

/**
 * A bundle says everything its document supports: quotes of that document which a corrected
 * bundle no longer carries are removed, and with them any relation or statement left without a
 * quote (evidence is never empty). Returns the ids of the subjects that lost quotes.
 */
const REMOVE_STALE_EVIDENCE = cypher(
  'removeStaleEvidence',
  `MATCH (ev:Evidence)-[:FROM]->(:Document {id: $documentId})
   WHERE NOT ev.id IN $keep
   WITH ev, ev.subjectId AS subjectId
   DETACH DELETE ev
   RETURN DISTINCT subjectId`,
);

const REMOVE_UNSUPPORTED_STATEMENTS = cypher(
  'removeUnsupportedStatements',
  `UNWIND $ids AS id
   MATCH (s:Statement {id: id})
   WHERE NOT EXISTS { MATCH (:Evidence {subjectId: id}) }
   DETACH DELETE s`,
);

function removeUnsupportedRelationsQuery(type: RelationType): NamedQuery {
  return cypher(
    `removeUnsupportedRelations_${type}`,
    `UNWIND $ids AS id
     MATCH ()-[r${relationTypePattern([type])} {id: id}]->()
     WHERE NOT EXISTS { MATCH (:Evidence {subjectId: id}) }
     DELETE r`,
  );
}

async function removeStaleEvidence(tx: Transaction, bundle: PreparedBundle): Promise<void> {
  const rows = await tx.run(REMOVE_STALE_EVIDENCE, { documentId: bundle.document.id, keep: bundle.evidence.map((e) => e.id) });
  const subjects = rows.map((r) => r.subjectId as string);
  if (subjects.length === 0) return;
  await tx.run(REMOVE_UNSUPPORTED_STATEMENTS, { ids: subjects.filter((id) => id.startsWith('statement/')) });
  for (const [type, ids] of groupBy(subjects, (id) => relationTypeOfId(id))) {
    if (type !== null) await tx.run(removeUnsupportedRelationsQuery(type), { ids });
  }
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Checks what the bundle expects of the graph; throws BundleError (rolling the transaction back) if
 * anything is off. Returns the kinds of the referenced entities that already exist.
 */
async function checkAgainstGraph(tx: Transaction, bundle: PreparedBundle): Promise<Map<string, string>> {
  const problems: string[] = [];

  const [existing] = await tx.run(EXISTING_DOCUMENT, { id: bundle.document.id });
  if (existing && existing.text !== bundle.document.text) {
    problems.push(`document ${bundle.document.id} is already in the graph with a different text; give the new version its own id`);
  }

  const referenced = [...bundle.entities.map((e) => e.id), ...bundle.externalEntities.map((e) => e.id)];
  const kinds = new Map((await tx.run(ENTITY_KINDS_BY_IDS, { ids: referenced })).map((r) => [r.id as string, r.kind as string]));
  for (const entity of bundle.entities) {
    const kind = kinds.get(entity.id);
    if (kind !== undefined && kind !== entity.kind) problems.push(`entity ${entity.id} is already in the graph as ${kind}, not ${entity.kind}`);
  }
  for (const { id, kinds: wanted } of bundle.externalEntities) {
    const found = kinds.get(id);
    if (found === undefined) problems.push(`entity ${id} is referred to but neither defined in the bundle nor in the graph`);
    else if (wanted.length > 0 && !wanted.includes(found as EntityKind)) problems.push(`entity ${id} is ${found}, but must be ${wanted[0]} where the bundle uses it`);
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
  return kinds;
}

async function countExisting(tx: Transaction, bundle: PreparedBundle, existingKinds: Map<string, string>) {
  const entities = bundle.entities.filter((e) => existingKinds.has(e.id)).length;
  const statements = (await tx.run(EXISTING_STATEMENT_IDS, { ids: bundle.statements.map((s) => s.id) })).length;
  let relations = 0;
  for (const [type, rows] of groupBy(bundle.relations, (r) => r.type)) {
    relations += (await tx.run(existingRelationIdsQuery(type), { ids: rows.map((r) => r.id) })).length;
  }
  return { entities, relations, statements };
}

/** Writes the bundle in one transaction and says what it created and what it matched. */
export async function writeBundle(db: Database, bundle: PreparedBundle): Promise<BundleSummary> {
  return db.write(async (tx) => {
    const existingKinds = await checkAgainstGraph(tx, bundle);
    const before = await countExisting(tx, bundle, existingKinds);

    for (const [kind, rows] of groupBy(bundle.entities, (e) => e.kind)) {
      await tx.run(mergeEntitiesQuery(kind), { rows });
    }
    await tx.run(MERGE_DOCUMENT, { doc: bundle.document });
    for (const [type, rows] of groupBy(bundle.relations, (r) => r.type)) {
      await tx.run(mergeRelationsQuery(type), { rows });
    }
    await tx.run(MERGE_STATEMENTS, { rows: bundle.statements });
    await tx.run(LINK_SUPERSEDED, { rows: bundle.statements.filter((s) => s.supersedes !== null) });
    await tx.run(MERGE_EVIDENCE, { documentId: bundle.document.id, rows: bundle.evidence });
    await removeStaleEvidence(tx, bundle);

    return {
      documentId: bundle.document.id,
      entities: { created: bundle.entities.length - before.entities, updated: before.entities },
      relations: { created: bundle.relations.length - before.relations, updated: before.relations },
      statements: { created: bundle.statements.length - before.statements, updated: before.statements },
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
