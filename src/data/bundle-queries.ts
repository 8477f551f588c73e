/**
 * The Cypher statements of a bundle's write (data/bundle-store.ts runs them, in this order, in one
 * transaction). Each handles every label or relationship type at once, so that a bundle of any size
 * is a handful of statements whose plans Neo4j caches after their first use.
 */
import { cypher } from './database.js';
import { relationKeysSet } from './relation-keys.js';
import { callMergeRelation, callRelationByKey } from './relation-match.js';
import { ANY_RESTRICTED_DOCUMENT } from './restriction.js';
import { reinstateClause, retractionSet } from './retraction.js';

/**
 * Everything a bundle's write needs to know of the graph first, in one statement: the document as
 * stored, the kinds of the entities the bundle names, which statements a restricted document would
 * restate although they are open, which superseded statements exist, and what the document
 * supports when its restriction is about to switch. Which subjects would lose quotes is asked
 * apart (STALE_SUBJECTS), only of a document already in the graph: the quotes to keep are many.
 */
export const BUNDLE_CONTEXT = cypher(
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
     COLLECT { UNWIND $statementIds AS id MATCH (s:Statement {id: id}) USING INDEX SEEK s:Statement(id) RETURN id } AS existingStatementIds,
     COLLECT {
       MATCH (ev:Evidence)-[:FROM]->(d)
       WHERE $article AND coalesce(d.restricted, false) <> $restrictedSource
       RETURN DISTINCT ev.subjectId
     } AS switchedSubjectIds`,
);

/** Subjects of the document's quotes that an ARTICLE no longer carries (editors' citations stay). */
export const STALE_SUBJECTS = cypher(
  'staleSubjects',
  `MATCH (ev:Evidence)-[:FROM]->(:Document {id: $documentId})
   WHERE NOT ev.id IN $keep AND NOT coalesce(ev.curated, false)
   RETURN DISTINCT ev.subjectId AS id`,
);

/** Which of these documents the graph holds with the same fingerprint (what an import has already written), and whether their entities were compared for duplicates. */
export const WRITTEN_FINGERPRINTS = cypher(
  'writtenFingerprints',
  `UNWIND $documents AS doc
   MATCH (d:Document {id: doc.id}) USING INDEX SEEK d:Document(id)
   WHERE d.fingerprint = doc.fingerprint
   RETURN d.id AS id, coalesce(d.duplicatesProposed, false) AS duplicatesProposed`,
  { stablePlan: true },
);

/**
 * A document made restricted takes the history that cites it along: its records of creations first,
 * so that a creation a concurrent merge takes out of one (creation-records.ts) is either read
 * restricted or committed before the Change nodes are read.
 */
export const RESTRICT_CHANGES_OF_DOCUMENT = cypher(
  'restrictChangesOfDocument',
  `CALL () { MATCH (r:Creations) WHERE $id IN r.documentIds SET r.restricted = true }
   CALL () { MATCH (c:Change) WHERE $id IN c.documentIds SET c.restricted = true }`,
);

export const MERGE_DOCUMENT = cypher(
  'mergeDocument',
  `MERGE (d:Document {id: $doc.id})
   SET d.title = $doc.title, d.publisher = $doc.publisher, d.publishedOn = $doc.publishedOn,
       d.url = $doc.url, d.text = $doc.text, d.restricted = $doc.restricted, d.fingerprint = $doc.fingerprint
   WITH d
   OPTIONAL MATCH (d)-[old:PUBLISHED_BY]->()
   DELETE old
   WITH DISTINCT d
   OPTIONAL MATCH (p:Entity {id: $doc.publisherEntity}) USING INDEX SEEK p:Entity(id)
   FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (d)-[:PUBLISHED_BY]->(p))`,
  { stablePlan: true },
);

/**
 * Entities that were not in the graph before this write, created without looking for them, with
 * exactly what settling its one claim would set (SETTLE_ENTITIES; rows from newEntityRows, created-snapshots.ts).
 */
export const CREATE_ENTITIES = cypher(
  'createEntities',
  `UNWIND $rows AS row
   CREATE (e:Entity {id: row.id})
   SET e:$(row.label), e += row.properties`,
  { stablePlan: true },
);

/**
 * Merges relations of every type in one statement, each through its type's index (relation-match.ts).
 * Their dates and `current` are settled from their claims afterwards (claim-queries.ts).
 */
export const MERGE_RELATIONS = cypher(
  'mergeRelations',
  `UNWIND $rows AS row
   MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to}) USING INDEX SEEK a:Entity(id) USING INDEX SEEK b:Entity(id)
   ${callMergeRelation('row')}
   SET r.role = row.role, r.statementId = row.statementId
   ${reinstateClause('r')}
   SET ${relationKeysSet('r')}
   RETURN count(r) AS written`,
  { stablePlan: true },
);

/**
 * Relations that cannot have been in the graph before this write (an end of each is new in it),
 * created without looking for them: the same values MERGE_RELATIONS sets on a new relation (rows
 * from newRelationRows, created-snapshots.ts). The type comes from the allowlist (the bundle's
 * checks refuse any other).
 */
export const CREATE_RELATIONS = cypher(
  'createRelations',
  `UNWIND $rows AS row
   MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to}) USING INDEX SEEK a:Entity(id) USING INDEX SEEK b:Entity(id)
   CREATE (a)-[r:$(row.type) {id: row.id}]->(b)
   SET r += row.properties
   SET ${relationKeysSet('r')}
   RETURN count(r) AS written`,
  { stablePlan: true },
);

export const MERGE_STATEMENTS = cypher(
  'mergeStatements',
  `UNWIND $rows AS row
   MERGE (s:Statement {id: row.id})
   SET s.summary = row.summary, s.madeOn = row.madeOn, s.madeOnStart = row.madeOnStart, s.madeOnEnd = row.madeOnEnd,
       s.concerns = row.concerns, s.concernsStart = row.concernsStart, s.concernsEnd = row.concernsEnd
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

export const LINK_SUPERSEDED = cypher(
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

/** Quotes of a document this write creates: none can exist yet (their ids include the document's). */
export const CREATE_EVIDENCE = cypher(
  'createEvidence',
  `MATCH (d:Document {id: $documentId}) USING INDEX SEEK d:Document(id)
   UNWIND $rows AS row
   CREATE (ev:Evidence {id: row.id, subjectId: row.subjectId, quote: row.quote, ordinal: row.ordinal, curated: $curated})-[:FROM]->(d)`,
  { stablePlan: true },
);

/** Quotes of the document that a corrected ARTICLE bundle no longer carries (editors' citations stay). */
export const REMOVE_STALE_EVIDENCE = cypher(
  'removeStaleEvidence',
  `MATCH (ev:Evidence)-[:FROM]->(:Document {id: $documentId})
   WHERE NOT ev.id IN $keep AND NOT coalesce(ev.curated, false)
   DETACH DELETE ev`,
);


/** Subjects left without any quote are retracted (evidence is never empty), not deleted: history keeps them. */
export const RETRACT_UNSUPPORTED = cypher(
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
     SET ${relationKeysSet('r')}
   }`,
);
