/**
 * The graph read source by source, for an export (ftm/export-ftm.ts): each document with what it
 * says of each entity and relation it supports (its claim: the values it gives) and the quotes it
 * supports them with. Read a page of documents at a time, so that an export of any size holds one
 * page. Retracted relations and statements are left out (FtM has no statements).
 */
import { DERIVED_RELATION_TYPES, groupBy, relationTypeOfId, subjectTypeOf } from '../domain/model.js';
import { cypher, int, type Database } from './database.js';
import { DOCUMENT_PROJECTION, ENTITIES_BY_IDS, EVIDENCE_BY_SUBJECTS, relationsByIdsQuery, visible } from './read-queries.js';
import type { DocumentRecord, EntityRecord, RelationRecord } from './records.js';
import { toDocumentRecord, toEntityRecord, toRelationRecord, type Row } from './row-mappers.js';

/** What one document says of one subject: its claim's values (null for a fact older than claims) and its quotes. */
export interface SourcedFact<T> {
  subject: T;
  claim: Record<string, unknown> | null;
  quotes: string[];
}

export interface SourceFacts {
  document: DocumentRecord;
  entities: SourcedFact<EntityRecord>[];
  relations: SourcedFact<RelationRecord>[];
  /** The entities at the ends of `relations`, by id (an export's schema may depend on their kind and category). */
  ends: Map<string, EntityRecord>;
}

const DOCUMENT_PAGE_FOR_EXPORT = cypher(
  'documentPageForExport',
  `MATCH (d:Document)
   WHERE ${visible('d')} AND ($after IS NULL OR d.id > $after) AND ($ids IS NULL OR d.id IN $ids)
   RETURN ${DOCUMENT_PROJECTION} AS document
   ORDER BY d.id
   LIMIT $first`,
);

const FACTS_OF_DOCUMENTS = cypher(
  'factsOfDocuments',
  `UNWIND $ids AS documentId
   MATCH (:Document {id: documentId})<-[:FROM]-(ev:Evidence)
   WITH documentId, ev ORDER BY ev.ordinal, ev.id
   WITH documentId, ev.subjectId AS subjectId, collect(ev.quote) AS quotes
   OPTIONAL MATCH (c:Claim {id: documentId + '|' + subjectId})
   RETURN documentId, subjectId, quotes, c { .* } AS claim`,
);

/** The documents that support any of `subjectIds` (the scope of a partial export). */
export async function documentsSupporting(db: Database, subjectIds: readonly string[], seesRestricted: boolean): Promise<string[]> {
  const rows = await db.readOne(EVIDENCE_BY_SUBJECTS, { ids: subjectIds, seesRestricted });
  return [...new Set(rows.map((r) => r.documentId as string))].sort();
}

/**
 * Every visible document (or those of `documentIds`) in id order, a page at a time, with the facts
 * it supports, as far as the caller may see them; `inScope`, when given, keeps only those subjects.
 */
export async function* factsBySource(
  db: Database,
  { seesRestricted, documentIds = null, inScope = () => true, pageSize = 100 }: { seesRestricted: boolean; documentIds?: string[] | null; inScope?: (subjectId: string) => boolean; pageSize?: number },
): AsyncGenerator<SourceFacts> {
  const read = (query: Parameters<Database['readOne']>[0], params: Record<string, unknown>) => db.readOne(query, { ...params, seesRestricted });
  let after: string | null = null;
  for (;;) {
    const page: DocumentRecord[] = (await read(DOCUMENT_PAGE_FOR_EXPORT, { after, ids: documentIds, first: int(pageSize) })).map((r) => toDocumentRecord(r.document as Row));
    if (page.length === 0) return;
    after = page.at(-1)!.id;
    const facts = (await read(FACTS_OF_DOCUMENTS, { ids: page.map((d) => d.id) })).filter((r) => inScope(r.subjectId as string));
    const subjectIds = [...new Set(facts.map((f) => f.subjectId as string))];
    const entities = new Map<string, EntityRecord>();
    const entityIds = subjectIds.filter((id) => subjectTypeOf(id) === 'ENTITY');
    for (const row of await read(ENTITIES_BY_IDS, { ids: entityIds })) {
      // A merged id answers with its survivor: the evidence moved with the merge, so only direct hits count.
      if (row.requestedId === (row.entity as Row).id) entities.set(row.requestedId as string, toEntityRecord(row.entity as Row));
    }
    const relations = new Map<string, RelationRecord>();
    // Derived relations (STATED_ABOUT) stand for statements, which an export leaves out.
    const relationIds = subjectIds.filter((id) => subjectTypeOf(id) === 'RELATION' && !DERIVED_RELATION_TYPES.includes(relationTypeOfId(id)!));
    for (const [type, ids] of groupBy(relationIds, (id) => relationTypeOfId(id)!)) {
      for (const row of await read(relationsByIdsQuery(type), { ids })) {
        const relation = toRelationRecord(row.relation as Row, null);
        if (relation.retraction === null) relations.set(relation.id, relation);
      }
    }
    const ends = new Map(entities);
    const missing = [...new Set([...relations.values()].flatMap((r) => [r.fromId, r.toId]))].filter((id) => !ends.has(id));
    for (const row of await read(ENTITIES_BY_IDS, { ids: missing })) ends.set(row.requestedId as string, toEntityRecord(row.entity as Row));
    for (const document of page) {
      const mine = facts.filter((f) => f.documentId === document.id);
      const sourced = <T>(records: Map<string, T>) =>
        mine.flatMap((f) => {
          const subject = records.get(f.subjectId as string);
          return subject ? [{ subject, claim: (f.claim as Record<string, unknown> | null) ?? null, quotes: f.quotes as string[] }] : [];
        });
      yield { document, entities: sourced(entities), relations: sourced(relations), ends };
    }
  }
}
