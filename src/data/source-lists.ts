/**
 * Which sources speak of an entity: the documents whose quotes support the entity itself, its
 * relations, or statements by or about it (retracted ones and what the caller may not see left
 * out), with how many of those facts each supports; and the documents of the graph, a page at a
 * time, all of them or those that speak of one entity.
 */
import { RELATION_TYPES, relationTypePattern } from '../domain/model.js';
import { LIMITS } from '../config.js';
import { cypher, int } from './database.js';
import { ACTIVE_RELATION, ACTIVE_STATEMENT, DOCUMENT_PROJECTION, visible } from './read-queries.js';
import type { ReadSession } from './read-session.js';
import type { DocumentRecord, EntitySourceRecord } from './records.js';
import { toDocumentRecord, type Row } from './row-mappers.js';


// STATED_ABOUT relations are left out: their quotes are their statements', counted once with them.
const FACT_RELATIONS = relationTypePattern(RELATION_TYPES.filter((type) => type !== 'STATED_ABOUT'));

/** The ids of the facts about the entity `e` that the caller may see: itself, its relations, statements by or about it. */
const FACTS_OF = (e: string) => `CALL (${e}) {
     RETURN ${e}.id AS subjectId
     UNION
     MATCH (${e})-[r${FACT_RELATIONS}]-(:Entity) WHERE ${ACTIVE_RELATION} RETURN r.id AS subjectId
     UNION
     MATCH (${e})-[:MADE]->(s:Statement) WHERE ${ACTIVE_STATEMENT} RETURN s.id AS subjectId
     UNION
     MATCH (${e})<-[:ABOUT]-(s:Statement) WHERE ${ACTIVE_STATEMENT} RETURN s.id AS subjectId
   }`;

const SOURCES_OF_ENTITIES = cypher(
  'sourcesOfEntities',
  `UNWIND $ids AS entityId
   MATCH (e:Entity {id: entityId})
   ${FACTS_OF('e')}
   MATCH (ev:Evidence {subjectId: subjectId})-[:FROM]->(d:Document) WHERE ${visible('d')}
   WITH entityId, d, count(DISTINCT subjectId) AS facts, count(ev) AS quotes
   ORDER BY facts DESC, d.id
   RETURN entityId, collect({ documentId: d.id, facts: facts, quotes: quotes })[..$limit] AS sources`,
);

/** For each entity id, its sources, most facts first, then by document id. */
export async function sourcesOfEntities(reader: ReadSession, entityIds: readonly string[]): Promise<Map<string, EntitySourceRecord[]>> {
  const rows = await reader.read(SOURCES_OF_ENTITIES, { ids: entityIds, limit: int(LIMITS.entitySources) });
  return new Map(rows.map((row) => [row.entityId as string, row.sources as EntitySourceRecord[]]));
}

/** Visible documents in id order after `$after`, `$first` of them (the API's documents, an export's pages). */
export const DOCUMENT_PAGE = cypher(
  'documentPage',
  `MATCH (d:Document) WHERE ${visible('d')} AND ($after IS NULL OR d.id > $after)
   RETURN ${DOCUMENT_PROJECTION} AS document
   ORDER BY d.id
   LIMIT $first`,
);

const DOCUMENT_PAGE_MENTIONING = cypher(
  'documentPageMentioning',
  `MATCH (e:Entity {id: $entityId})
   ${FACTS_OF('e')}
   MATCH (:Evidence {subjectId: subjectId})-[:FROM]->(d:Document) WHERE ${visible('d')} AND ($after IS NULL OR d.id > $after)
   WITH DISTINCT d
   RETURN ${DOCUMENT_PROJECTION} AS document
   ORDER BY d.id
   LIMIT $first`,
);

/** Up to `first` documents in id order after the id `after`: all, or those that speak of the entity `mentioning` (an id as the graph has it now). */
export async function documentPage(reader: ReadSession, { mentioning, first, after }: { mentioning: string | null; first: number; after: string | null }): Promise<DocumentRecord[]> {
  if (first === 0) return [];
  const rows = mentioning === null
    ? await reader.read(DOCUMENT_PAGE, { first: int(first), after })
    : await reader.read(DOCUMENT_PAGE_MENTIONING, { entityId: mentioning, first: int(first), after });
  return rows.map((row) => toDocumentRecord(row.document as Row));
}
