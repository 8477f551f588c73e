/**
 * Restricted documents (confidential sources) and what only they support. An entity is restricted
 * when a restricted document quotes it and no open one does. A relation is restricted when only
 * restricted documents quote it, or when either of its ends is restricted; a statement when only
 * restricted documents quote it, or its speaker is restricted. So an open fact never leads to a
 * hidden entity. The flags are kept up to date by every write (history-store's withHistory,
 * merges), so that read queries filter on a property instead of looking through quotes.
 */
import { groupBy, relationKeysOf, subjectTypeOf } from '../domain/model.js';
import { cypher, type Transaction } from './database.js';
import { relationKeysSet } from './relation-keys.js';
import { callRelationByKey } from './relation-match.js';

/** Restricted: some quote comes from a restricted document, none from an open one. */
const ONLY_RESTRICTED_QUOTES = (subject: string) =>
  `(EXISTS { MATCH (ev:Evidence {subjectId: ${subject}})-[:FROM]->(d:Document) USING INDEX SEEK ev:Evidence(subjectId) WHERE d.restricted }
    AND NOT EXISTS { MATCH (ev:Evidence {subjectId: ${subject}})-[:FROM]->(d:Document) USING INDEX SEEK ev:Evidence(subjectId) WHERE NOT coalesce(d.restricted, false) })`;

/**
 * Entities first, since a relation's or statement's flag depends on theirs: the subjects that are
 * entities, the ends of the relations and the speakers of the statements. Returns the relations
 * and statements of each entity whose flag changed (opening or closing it changes what they show).
 */
const REFRESH_ENTITIES = cypher(
  'refreshRestrictionEntities',
  `CALL () {
     UNWIND $entityIds AS id RETURN id
     UNION
     UNWIND $relationKeys AS key
     ${callRelationByKey('key')}
     UNWIND [a.id, b.id] AS id
     RETURN id
     UNION
     UNWIND $statementIds AS statementId
     MATCH (p:Entity)-[:MADE]->(s:Statement {id: statementId}) USING INDEX SEEK s:Statement(id)
     RETURN p.id AS id
   }
   MATCH (e:Entity {id: id}) USING INDEX SEEK e:Entity(id)
   WITH e, id, coalesce(e.restricted, false) AS was
   SET e.restricted = ${ONLY_RESTRICTED_QUOTES('id')}
   WITH e, was WHERE was <> e.restricted
   RETURN COLLECT { MATCH (e)-[r]-(:Entity) RETURN r.id } AS relationIds,
          COLLECT { MATCH (e)-[:MADE]->(s:Statement) RETURN s.id } AS statementIds`,
  { stablePlan: true },
);

const REFRESH_RELATIONS_AND_STATEMENTS = cypher(
  'refreshRestrictionRelationsAndStatements',
  `CALL () {
     UNWIND $relationKeys AS key
     ${callRelationByKey('key')}
     SET r.restricted = ${ONLY_RESTRICTED_QUOTES('key.id')} OR coalesce(a.restricted, false) OR coalesce(b.restricted, false)
     SET ${relationKeysSet('r')}
   }
   CALL () {
     UNWIND $statementIds AS id
     MATCH (s:Statement {id: id}) USING INDEX SEEK s:Statement(id)
     SET s.restricted = ${ONLY_RESTRICTED_QUOTES('id')} OR EXISTS { MATCH (:Entity {restricted: true})-[:MADE]->(s) }
   }`,
  { stablePlan: true },
);

/** Whether the graph holds a restricted document (a Cypher expression). */
export const ANY_RESTRICTED_DOCUMENT = 'EXISTS { MATCH (:Document {restricted: true}) }';

const ANY_RESTRICTED_DOCUMENT_QUERY = cypher('anyRestrictedDocument', `RETURN ${ANY_RESTRICTED_DOCUMENT} AS any`);

/**
 * Recomputes the restricted flags of these subjects, of the entities their relations and statements
 * involve, and of every relation and statement of an entity whose flag changed: two statements,
 * whatever the subjects' number and types.
 *
 * Only restricted documents make anything restricted. While the graph has held none, before the
 * write or after it, every flag is false (an absent flag reads as false) and nothing is recomputed.
 * `restrictedDocuments` says whether it has, when the caller knows (a bundle's write knows it from
 * its context read); otherwise the graph is asked, which is right for writes that change no
 * document's restriction.
 */
export async function refreshRestriction(tx: Transaction, ids: readonly string[], restrictedDocuments?: boolean): Promise<void> {
  if (ids.length === 0) return;
  if (!(restrictedDocuments ?? (await tx.run(ANY_RESTRICTED_DOCUMENT_QUERY))[0]?.any === true)) return;
  const byType = groupBy(new Set(ids), subjectTypeOf);
  const relationIds = new Set(byType.get('RELATION') ?? []);
  const statementIds = new Set(byType.get('STATEMENT') ?? []);
  const flipped = await tx.run(REFRESH_ENTITIES, {
    entityIds: byType.get('ENTITY') ?? [],
    relationKeys: relationKeysOf(relationIds),
    statementIds: [...statementIds],
  });
  for (const row of flipped) {
    (row.relationIds as string[]).forEach((id) => relationIds.add(id));
    (row.statementIds as string[]).forEach((id) => statementIds.add(id));
  }
  if (relationIds.size === 0 && statementIds.size === 0) return;
  await tx.run(REFRESH_RELATIONS_AND_STATEMENTS, { relationKeys: relationKeysOf(relationIds), statementIds: [...statementIds] });
}

/**
 * Cypher for the `restricted` property of a change (or a record of creations): true when `restricted`
 * holds (what it is about only restricted documents support) or when one of `documentIds` is a
 * restricted document, looked up only while the graph may hold one ($restrictedDocuments); null
 * otherwise, as an open change has no flag (readers take absent for false).
 */
export const restrictedChangeFlag = (restricted: string, documentIds: string) =>
  `CASE WHEN ${restricted} OR ($restrictedDocuments AND any(documentId IN coalesce(${documentIds}, []) WHERE EXISTS {
       MATCH (d:Document {id: documentId}) USING INDEX SEEK d:Document(id) WHERE d.restricted
     })) THEN true END`;
