/**
 * Constraints and indexes. Applied at every start: each statement is IF NOT EXISTS, so this is
 * cheap when nothing is missing.
 */
import { RELATION_TYPES, relationTypePattern } from '../domain/model.js';
import { parsePartialDate } from '../domain/partial-date.js';
import { MIGRATE_ENTITY_CLAIMS, MIGRATE_RELATION_CLAIMS } from './claim-queries.js';
import { cypher, type Database, type NamedQuery } from './database.js';
import { RELATION_KEY_PROPERTIES, relationKeysSet } from './relation-keys.js';

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Full-text search reads the names' search spellings alone (domain/names.ts: every name and alias,
 * transliterated, split into words and run together), which is what search queries are made of.
 * The index before it (`entity_search`) also held the names and aliases as written: three fields
 * for every prefix and typo to expand in, for nothing the spellings do not hold (100,000 entities:
 * the same first hit for 300 of 300 names, typed right or wrong, in 1.8 ms instead of 2.9).
 */
export const ENTITY_SEARCH_INDEX = 'entity_spellings';
const FORMER_SEARCH_INDEXES = ['entity_search'];

const SCHEMA: NamedQuery[] = [
  cypher('constraintEntityId', 'CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE'),
  cypher('constraintDocumentId', 'CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE'),
  cypher('constraintStatementId', 'CREATE CONSTRAINT statement_id IF NOT EXISTS FOR (n:Statement) REQUIRE n.id IS UNIQUE'),
  cypher('constraintEvidenceId', 'CREATE CONSTRAINT evidence_id IF NOT EXISTS FOR (n:Evidence) REQUIRE n.id IS UNIQUE'),
  // Whether any restricted document exists decides if a write must recompute restriction flags.
  cypher('indexDocumentRestricted', 'CREATE INDEX document_restricted IF NOT EXISTS FOR (n:Document) ON (n.restricted)'),
  cypher('constraintMergedEntityId', 'CREATE CONSTRAINT merged_entity_id IF NOT EXISTS FOR (n:MergedEntity) REQUIRE n.id IS UNIQUE'),
  cypher('constraintMergeId', 'CREATE CONSTRAINT merge_id IF NOT EXISTS FOR (n:Merge) REQUIRE n.id IS UNIQUE'),
  cypher('indexMergeMerged', 'CREATE INDEX merge_merged IF NOT EXISTS FOR (n:Merge) ON (n.mergedId)'),
  cypher('constraintChangeId', 'CREATE CONSTRAINT change_id IF NOT EXISTS FOR (n:Change) REQUIRE n.id IS UNIQUE'),
  cypher('indexChangeSubject', 'CREATE INDEX change_subject IF NOT EXISTS FOR (n:Change) ON (n.subjectId)'),
  cypher('indexChangeAt', 'CREATE INDEX change_at IF NOT EXISTS FOR (n:Change) ON (n.at)'),
  cypher('constraintCreationsId', 'CREATE CONSTRAINT creations_id IF NOT EXISTS FOR (n:Creations) REQUIRE n.id IS UNIQUE'),
  cypher('indexCreationsAt', 'CREATE INDEX creations_at IF NOT EXISTS FOR (n:Creations) ON (n.at)'),
  cypher('constraintDuplicateId', 'CREATE CONSTRAINT duplicate_candidate_id IF NOT EXISTS FOR (n:DuplicateCandidate) REQUIRE n.id IS UNIQUE'),
  // The review queue: open pairs, most alike first.
  cypher('indexDuplicateStatusScore', 'CREATE INDEX duplicate_candidate_status_score IF NOT EXISTS FOR (n:DuplicateCandidate) ON (n.status, n.score)'),
  cypher('constraintApiKeyId', 'CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.id IS UNIQUE'),
  cypher('constraintClaimId', 'CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE'),
  cypher('indexClaimSubject', 'CREATE INDEX claim_subject IF NOT EXISTS FOR (n:Claim) ON (n.subjectId)'),
  cypher('indexEvidenceSubject', 'CREATE INDEX evidence_subject IF NOT EXISTS FOR (n:Evidence) ON (n.subjectId)'),
  cypher('indexEntityKindName', 'CREATE INDEX entity_kind_name IF NOT EXISTS FOR (n:Entity) ON (n.kind, n.name)'),
  // A statement's derived relations are found by the statement's id (retracting it retracts them).
  cypher('indexStatedAboutStatement', 'CREATE INDEX stated_about_statement IF NOT EXISTS FOR ()-[r:STATED_ABOUT]-() ON (r.statementId)'),
  // One uniqueness constraint per relationship type: ids are looked up through them.
  ...RELATION_TYPES.map((type) =>
    cypher(
      `constraintRelationId_${type}`,
      `CREATE CONSTRAINT relation_id_${type.toLowerCase()} IF NOT EXISTS FOR ()-[r:${type}]-() REQUIRE r.id IS UNIQUE`,
    ),
  ),
  // The keys of pages and counts of an entity's relations (relation-keys.ts), per type.
  ...RELATION_TYPES.flatMap((type) =>
    RELATION_KEY_PROPERTIES.map((property) =>
      cypher(
        `indexRelation_${property}_${type}`,
        `CREATE INDEX relation_${snakeCase(property)}_${type.toLowerCase()} IF NOT EXISTS FOR ()-[r:${type}]-() ON (r.${property})`,
      ),
    ),
  ),
  cypher('indexEntitySearch', `CREATE FULLTEXT INDEX ${ENTITY_SEARCH_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH [n.searchSpellings]`),
  // Index names come from the list above, never from input.
  ...FORMER_SEARCH_INDEXES.map((name) => cypher(`dropFormerIndex_${name}`, `DROP INDEX ${name} IF EXISTS`)),
];

const AWAIT_INDEXES = cypher('awaitIndexes', 'CALL db.awaitIndexes(120)');

const STATEMENTS_WITHOUT_CONCERNS_SPAN = cypher(
  'statementsWithoutConcernsSpan',
  'MATCH (s:Statement) WHERE s.concerns IS NOT NULL AND s.concernsStart IS NULL RETURN s.id AS id, s.concerns AS concerns',
);
const SET_CONCERNS_SPAN = cypher(
  'setConcernsSpan',
  `UNWIND $rows AS row
   MATCH (s:Statement {id: row.id}) USING INDEX SEEK s:Statement(id)
   SET s.concernsStart = row.start, s.concernsEnd = row.end`,
);

/**
 * Changes to data written by earlier versions, each run once: a SchemaMigration node records
 * those done, so that a start does not scan the graph again.
 */
const MIGRATIONS: Array<{ id: string; run: (db: Database) => Promise<void> }> = [
  {
    // Relations written before pages and counts were read through their keys (relation-keys.ts).
    id: 'relation-keys',
    run: (db) =>
      db.runSchema(
        cypher(
          'migrateRelationKeys',
          `MATCH ()-[r${relationTypePattern(RELATION_TYPES)}]->() WHERE r.toKey IS NULL
           CALL (r) { SET ${relationKeysSet('r')} } IN TRANSACTIONS OF 10000 ROWS`,
        ),
      ),
  },
  {
    // Statements written before the timeline placed them at the period they speak of: the days it
    // covers, as the bundle's preparation computes them (partial dates are parsed here, not in Cypher).
    id: 'statement-concerns-span',
    run: async (db) => {
      const rows = (await db.read((tx) => tx.run(STATEMENTS_WITHOUT_CONCERNS_SPAN))).flatMap((row) => {
        try {
          const { start, end } = parsePartialDate(row.concerns as string);
          return [{ id: row.id as string, start, end }];
        } catch {
          return []; // Not a partial date: no span, as for any statement without one.
        }
      });
      for (let i = 0; i < rows.length; i += 10_000) await db.write((tx) => tx.run(SET_CONCERNS_SPAN, { rows: rows.slice(i, i + 10_000) }));
    },
  },
  {
    // Entities and relations written before each source's claim was kept (claim-queries.ts): one
    // claim per supporting document, with the values they show.
    id: 'claims-per-source',
    run: async (db) => {
      const spans: Record<string, { start: string; end: string }> = {};
      for (const row of await db.read((tx) => tx.run(DATED_DOCUMENTS))) {
        try {
          const { start, end } = parsePartialDate(row.publishedOn as string);
          spans[row.id as string] = { start, end };
        } catch {
          // Not a partial date: the document counts as undated.
        }
      }
      await db.runSchema(MIGRATE_ENTITY_CLAIMS, { spans });
      await db.runSchema(MIGRATE_RELATION_CLAIMS, { spans });
    },
  },
];
const DATED_DOCUMENTS = cypher('datedDocuments', 'MATCH (d:Document) WHERE d.publishedOn IS NOT NULL RETURN d.id AS id, d.publishedOn AS publishedOn');
const MIGRATIONS_DONE = cypher('migrationsDone', 'MATCH (m:SchemaMigration) RETURN m.id AS id');
const RECORD_MIGRATION = cypher('recordMigration', 'MERGE (m:SchemaMigration {id: $id})');

/** Creates every constraint and index the API relies on, brings older data up to date, and waits until the indexes are online. */
export async function applySchema(db: Database): Promise<void> {
  for (const statement of SCHEMA) await db.runSchema(statement);
  const done = new Set((await db.read((tx) => tx.run(MIGRATIONS_DONE))).map((row) => row.id as string));
  const pending = MIGRATIONS.filter((m) => !done.has(m.id));
  // Migrations find and write through the indexes just made: online first, or a big graph is scanned.
  if (pending.length > 0) await db.runSchema(AWAIT_INDEXES);
  for (const migration of pending) {
    await migration.run(db);
    await db.write((tx) => tx.run(RECORD_MIGRATION, { id: migration.id }));
  }
  await db.runSchema(AWAIT_INDEXES);
}
