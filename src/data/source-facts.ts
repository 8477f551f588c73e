/**
 * The graph read source by source, for an export (ftm/export-ftm.ts): each document with what it
 * says of each entity and relation it supports (its claim: the values it gives) and the quotes it
 * supports them with. Read a page of documents at a time, so that an export of any size holds one
 * page. Retracted relations and statements are left out (FtM has no statements).
 */
import { DERIVED_RELATION_TYPES, groupBy, relationIdsByType, subjectTypeOf } from '../domain/model.js';
import { cypher, int, type Database, type NamedQuery } from './database.js';
import { DOCUMENTS_BY_IDS, ENTITIES_BY_IDS, EVIDENCE_BY_SUBJECTS, relationsByIdsQuery } from './read-queries.js';
import { DOCUMENT_PAGE } from './source-lists.js';
import type { DocumentRecord, EntityRecord, RelationRecord } from './records.js';
import { toDocumentRecord, toEntityRecord, toRelationRecord, type Row } from './row-mappers.js';

/**
 * What one document says of one subject: its claim's values and its quotes. The claim is null for
 * a fact older than claims, and for the claim a subject holds on itself (claim-queries.ts:
 * ONLY_CLAIM_PROPERTIES): either way, what the subject shows is what the document said.
 */
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

/** Documents in id order, a page at a time: every visible one, or those of `documentIds` (sorted). */
async function* documentPages(read: Read, documentIds: readonly string[] | null, pageSize: number): AsyncGenerator<DocumentRecord[]> {
  if (documentIds) {
    for (let i = 0; i < documentIds.length; i += pageSize) {
      yield (await read(DOCUMENTS_BY_IDS, { ids: documentIds.slice(i, i + pageSize) })).map((r) => toDocumentRecord(r.document as Row));
    }
    return;
  }
  for (let after: string | null = null; ; ) {
    const page: DocumentRecord[] = (await read(DOCUMENT_PAGE, { after, first: int(pageSize) })).map((r) => toDocumentRecord(r.document as Row));
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)!.id;
  }
}

type Read = (query: NamedQuery, params: Record<string, unknown>) => Promise<Row[]>;

/**
 * Every visible document (or those of `documentIds`) in id order, a page at a time, with the facts
 * it supports, as far as the caller may see them; `inScope`, when given, keeps only those subjects.
 * Four reads a page: its documents, their facts, the relations, and every entity they name.
 */
export async function* factsBySource(
  db: Database,
  { seesRestricted, documentIds = null, inScope = () => true, pageSize = 100 }: { seesRestricted: boolean; documentIds?: string[] | null; inScope?: (subjectId: string) => boolean; pageSize?: number },
): AsyncGenerator<SourceFacts> {
  const read: Read = (query, params) => db.readOne(query, { ...params, seesRestricted });
  for await (const page of documentPages(read, documentIds, pageSize)) {
    const facts = (await read(FACTS_OF_DOCUMENTS, { ids: page.map((d) => d.id) })).filter((r) => inScope(r.subjectId as string));
    const subjectIds = [...new Set(facts.map((f) => f.subjectId as string))];
    const relations = new Map<string, RelationRecord>();
    for (const [type, ids] of relationIdsByType(subjectIds)) {
      // Derived relations (STATED_ABOUT) stand for statements, which an export leaves out.
      if (DERIVED_RELATION_TYPES.includes(type)) continue;
      for (const row of await read(relationsByIdsQuery(type), { ids })) {
        const relation = toRelationRecord(row.relation as Row, null);
        if (relation.retraction === null) relations.set(relation.id, relation);
      }
    }
    // The entities the documents speak of and those at the ends of their relations, in one read.
    const entityIds = new Set(subjectIds.filter((id) => subjectTypeOf(id) === 'ENTITY'));
    const ends = new Map<string, EntityRecord>();
    const entities = new Map<string, EntityRecord>();
    const wanted = [...new Set([...entityIds, ...[...relations.values()].flatMap((r) => [r.fromId, r.toId])])];
    for (const row of await read(ENTITIES_BY_IDS, { ids: wanted })) {
      const entity = toEntityRecord(row.entity as Row);
      ends.set(row.requestedId as string, entity);
      // A merged id answers with its survivor: the evidence moved with the merge, so only direct hits are facts.
      if (row.requestedId === entity.id && entityIds.has(entity.id)) entities.set(entity.id, entity);
    }
    const factsOf = groupBy(facts, (f) => f.documentId as string);
    for (const document of page) {
      const sourced = <T>(records: Map<string, T>) =>
        (factsOf.get(document.id) ?? []).flatMap((f) => {
          const subject = records.get(f.subjectId as string);
          return subject ? [{ subject, claim: (f.claim as Record<string, unknown> | null) ?? null, quotes: f.quotes as string[] }] : [];
        });
      yield { document, entities: sourced(entities), relations: sourced(relations), ends };
    }
  }
}
