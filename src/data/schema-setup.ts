/**
 * Constraints and indexes. Applied at every start: each statement is IF NOT EXISTS, so this is
 * cheap when nothing is missing.
 */
import { RELATION_TYPES } from '../domain/model.js';
import { cypher, type Database, type NamedQuery } from './database.js';

export const ENTITY_SEARCH_INDEX = 'entity_search';

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
  cypher('constraintApiKeyId', 'CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.id IS UNIQUE'),
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
  cypher(
    'indexEntitySearch',
    `CREATE FULLTEXT INDEX ${ENTITY_SEARCH_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases, n.searchSpellings]`,
  ),
];

const AWAIT_INDEXES = cypher('awaitIndexes', 'CALL db.awaitIndexes(120)');

/** Creates every constraint and index the API relies on, and waits until they are online. */
export async function applySchema(db: Database): Promise<void> {
  for (const statement of SCHEMA) await db.runSchema(statement);
  await db.runSchema(AWAIT_INDEXES);
}
