/**
 * Restricted documents (confidential sources) and what only they support. An entity is restricted
 * when a restricted document quotes it and no open one does. A relation is restricted when only
 * restricted documents quote it, or when either of its ends is restricted; a statement when only
 * restricted documents quote it, or its speaker is restricted. So an open fact never leads to a
 * hidden entity. The flags are kept up to date by every write (history-store's withHistory,
 * merges), so that read queries filter on a property instead of looking through quotes.
 */
import type { RelationType } from '../generated/graphql.js';
import { relationIdsByType, relationTypePattern, subjectTypeOf } from '../domain/model.js';
import { cypher, type NamedQuery, type Transaction } from './database.js';

/** Restricted: some quote comes from a restricted document, none from an open one. */
const ONLY_RESTRICTED_QUOTES = (subject: string) =>
  `(EXISTS { MATCH (:Evidence {subjectId: ${subject}})-[:FROM]->(:Document {restricted: true}) }
    AND NOT EXISTS { MATCH (:Evidence {subjectId: ${subject}})-[:FROM]->(d:Document) WHERE NOT coalesce(d.restricted, false) })`;

function relationEndsQuery(type: RelationType): NamedQuery {
  return cypher(`restrictionRelationEnds_${type}`, `UNWIND $ids AS id MATCH (a)-[r${relationTypePattern([type])} {id: id}]->(b) RETURN a.id AS fromId, b.id AS toId`);
}

const STATEMENT_SPEAKERS = cypher(
  'restrictionStatementSpeakers',
  'UNWIND $ids AS id MATCH (p:Entity)-[:MADE]->(:Statement {id: id}) RETURN p.id AS speakerId',
);

const REFRESH_ENTITIES = cypher(
  'refreshRestrictionEntities',
  `UNWIND $ids AS id
   MATCH (e:Entity {id: id})
   WITH e, id, coalesce(e.restricted, false) AS was
   SET e.restricted = ${ONLY_RESTRICTED_QUOTES('id')}
   WITH e, was WHERE was <> e.restricted
   // An entity that opened or closed changes what its relations and statements may show.
   RETURN COLLECT { MATCH (e)-[r]-(:Entity) RETURN r.id } AS relationIds,
          COLLECT { MATCH (e)-[:MADE]->(s:Statement) RETURN s.id } AS statementIds`,
);

function refreshRelationsQuery(type: RelationType): NamedQuery {
  return cypher(
    `refreshRestriction_${type}`,
    `UNWIND $ids AS id
     MATCH (a)-[r${relationTypePattern([type])} {id: id}]->(b)
     SET r.restricted = ${ONLY_RESTRICTED_QUOTES('id')} OR coalesce(a.restricted, false) OR coalesce(b.restricted, false)`,
  );
}

const REFRESH_STATEMENTS = cypher(
  'refreshRestrictionStatements',
  `UNWIND $ids AS id
   MATCH (s:Statement {id: id})
   SET s.restricted = ${ONLY_RESTRICTED_QUOTES('id')} OR EXISTS { MATCH (:Entity {restricted: true})-[:MADE]->(s) }`,
);

/**
 * Recomputes the restricted flags of these subjects, of the entities their relations and statements
 * involve, and of every relation and statement of an entity whose flag changed.
 */
export async function refreshRestriction(tx: Transaction, ids: readonly string[]): Promise<void> {
  const relationIds = new Set<string>();
  const statementIds = new Set<string>();
  const entityIds = new Set<string>();
  const sets = { RELATION: relationIds, STATEMENT: statementIds, ENTITY: entityIds };
  for (const id of ids) sets[subjectTypeOf(id)].add(id);
  // Entities first: a relation's or statement's flag depends on theirs.
  for (const [type, list] of relationIdsByType(relationIds)) {
    for (const row of await tx.run(relationEndsQuery(type), { ids: list })) entityIds.add(row.fromId as string).add(row.toId as string);
  }
  if (statementIds.size > 0) {
    for (const row of await tx.run(STATEMENT_SPEAKERS, { ids: [...statementIds] })) entityIds.add(row.speakerId as string);
  }
  if (entityIds.size > 0) {
    for (const row of await tx.run(REFRESH_ENTITIES, { ids: [...entityIds] })) {
      (row.relationIds as string[]).forEach((id) => relationIds.add(id));
      (row.statementIds as string[]).forEach((id) => statementIds.add(id));
    }
  }
  for (const [type, list] of relationIdsByType(relationIds)) await tx.run(refreshRelationsQuery(type), { ids: list });
  if (statementIds.size > 0) await tx.run(REFRESH_STATEMENTS, { ids: [...statementIds] });
}
