/**
 * Restricted documents (confidential sources) and what only they support. A relation, statement or
 * entity is restricted when a restricted document mentions it and no open one does; an entity also
 * stays open while any open relation reaches it, so that an open fact never points at a hidden
 * entity. The flags are kept up to date by every write (history-store's withHistory, merges), so
 * that read queries filter on a property instead of looking through quotes.
 */
import type { RelationType } from '../generated/graphql.js';
import { relationTypeOfId, relationTypePattern } from '../domain/model.js';
import { cypher, type NamedQuery, type Transaction } from './database.js';

/** Restricted: some quote comes from a restricted document, none from an open one. */
const ONLY_RESTRICTED_QUOTES = (subject: string) =>
  `(EXISTS { MATCH (:Evidence {subjectId: ${subject}})-[:FROM]->(:Document {restricted: true}) }
    AND NOT EXISTS { MATCH (:Evidence {subjectId: ${subject}})-[:FROM]->(d:Document) WHERE NOT coalesce(d.restricted, false) })`;

function refreshRelationsQuery(type: RelationType): NamedQuery {
  return cypher(
    `refreshRestriction_${type}`,
    `UNWIND $ids AS id
     MATCH (a)-[r${relationTypePattern([type])} {id: id}]->(b)
     SET r.restricted = ${ONLY_RESTRICTED_QUOTES('id')}
     RETURN a.id AS fromId, b.id AS toId`,
  );
}

const REFRESH_STATEMENTS = cypher(
  'refreshRestrictionStatements',
  `UNWIND $ids AS id
   MATCH (s:Statement {id: id})
   SET s.restricted = ${ONLY_RESTRICTED_QUOTES('id')}`,
);

const REFRESH_ENTITIES = cypher(
  'refreshRestrictionEntities',
  `UNWIND $ids AS id
   MATCH (e:Entity {id: id})
   SET e.restricted = ${ONLY_RESTRICTED_QUOTES('id')} AND NOT EXISTS { MATCH (e)-[r]-(:Entity) WHERE NOT coalesce(r.restricted, false) }`,
);

/** Recomputes the restricted flags of these subjects, and of the entities their relations join. */
export async function refreshRestriction(tx: Transaction, ids: readonly string[]): Promise<void> {
  const entityIds = new Set<string>();
  const statementIds: string[] = [];
  const relationsByType = new Map<RelationType, string[]>();
  for (const id of ids) {
    const type = relationTypeOfId(id);
    if (type) relationsByType.set(type, [...(relationsByType.get(type) ?? []), id]);
    else if (id.startsWith('statement/')) statementIds.push(id);
    else entityIds.add(id);
  }
  for (const [type, list] of relationsByType) {
    for (const row of await tx.run(refreshRelationsQuery(type), { ids: list })) {
      entityIds.add(row.fromId as string).add(row.toId as string);
    }
  }
  if (statementIds.length > 0) await tx.run(REFRESH_STATEMENTS, { ids: statementIds });
  if (entityIds.size > 0) await tx.run(REFRESH_ENTITIES, { ids: [...entityIds] });
}
