/**
 * Per-request read access to the graph. Every field that fans out goes through a DataLoader, so a
 * query touching N entities runs one database round trip per kind of lookup, not N. Build a new
 * GraphReader for each request: its caches must not outlive it. Everything a request reads goes
 * through its methods; the analyses (graph-analysis.ts) are among them.
 */
import DataLoader from 'dataloader';
import type { EntityKind } from '../generated/graphql.js';
import { LIMITS } from '../config.js';
import { relationsNotRuledOut } from '../domain/as-of.js';
import { groupBy, relationIdsByType } from '../domain/model.js';
import { batchByShape, byKey, found } from './batching.js';
import { int, type Database, type NamedQuery } from './database.js';
import { entityPage, searchEntities } from './entity-lists.js';
import { neighborhood, paths, timeline } from './graph-analysis.js';
import { entityWithRelationPage } from './entity-lookahead.js';
import { changesPage, historyPages } from './history-pages.js';
import { relationPageKey, relationPages } from './relation-pages.js';
import { documentPage, sourcesOfEntities } from './source-lists.js';
import { openCandidates } from './duplicate-store.js';
import { claimsOfSubjects } from './claim-store.js';
import type { ReadSession } from './read-session.js';
import * as q from './read-queries.js';
import { currentFirstRelationsQuery } from './relation-queries.js';
import type { EntityListRequest, EntityDetail, HistoryPageRequest, NeighborhoodRequest, PathsRequest, RelatedEntityRequest, RelationListRequest,
  RelationPageRequest, RelationPageShape, TimelineRequest } from './read-requests.js';
import type { ChangeConnectionRecord, ClaimRecord, DocumentRecord, DuplicateCandidateConnectionRecord, EntityConnectionRecord, EntityRecord, EntitySourceRecord, EvidenceRecord, PathRecord,
  RelationConnectionRecord, RelationRecord, SearchHitRecord, StatementRecord, SubgraphRecord, TimelineItemRecord } from './records.js';
import { toDocumentRecord, toEntityRecord, toRelationRecord, toStatementRecord, type Row } from './row-mappers.js';

export class GraphReader {
  /** Number of database round trips this reader made; lets tests prove batching. */
  roundTrips = 0;

  /** The loaders, each made on first use: most requests use two or three, and making all for each cost the cheapest answers. */
  private readonly loaders: {
    entity?: DataLoader<string, EntityRecord | null>;
    entityNames?: DataLoader<string, EntityRecord | null>;
    relation?: DataLoader<string, RelationRecord | null>;
    evidence?: DataLoader<string, EvidenceRecord[]>;
    document?: DataLoader<string, DocumentRecord | null>;
    statement?: DataLoader<string, StatementRecord | null>;
    statementsOf?: DataLoader<string, StatementRecord[]>;
    mergedIds?: DataLoader<string, string[]>;
    sourcesOf?: DataLoader<string, EntitySourceRecord[]>;
    claims?: DataLoader<string, ClaimRecord[]>;
    relationPage?: DataLoader<RelationPageRequest, RelationConnectionRecord, string>;
    relationList?: DataLoader<RelationListRequest, RelationRecord[], string>;
    historyPage?: DataLoader<HistoryPageRequest, ChangeConnectionRecord, string>;
  } = {};

  /** What the analyses may use of this reader: its reads and its caches, and nothing else. */
  private readonly session: ReadSession = {
    read: (query, params) => this.read(query, params),
    primeOtherEntity: (row, detail) => { if (detail === 'all') this.primeOtherEntity(row); },
    primeRelation: (relation) => this.relation.prime(relation.id, relation),
    primeEntity: (entity, detail) => { if (detail === 'all') this.entity.prime(entity.id, entity); },
    primeEntityAs: (id, entity, detail) => { if (detail === 'all') this.entity.prime(id, entity); },
    primeRelationPage: (request, page) => this.relationPage.prime(request, page),
    primeEvidence: (subjectId, evidence) => this.evidence.prime(subjectId, evidence),
  };

  /** Whether this request's caller may see restricted documents (passed to every query as $seesRestricted). */
  readonly seesRestricted: boolean;

  constructor(
    private readonly db: Database,
    { seesRestricted = false }: { seesRestricted?: boolean } = {},
  ) {
    this.seesRestricted = seesRestricted;
  }

  /** A loader of entities by id through `query`: whole entities, or their names only. */
  private entitiesBy(query: NamedQuery): DataLoader<string, EntityRecord | null> {
    return new DataLoader(async (ids) => {
      const rows = await this.read(query, { ids });
      return byKey(ids, new Map(rows.map((r) => [r.requestedId as string, toEntityRecord(r.entity as Row)])), null);
    });
  }

  get entity(): DataLoader<string, EntityRecord | null> {
    return (this.loaders.entity ??= this.entitiesBy(q.ENTITIES_BY_IDS));
  }

  /** Entities by id, their names only: never lent to the entity loader (EntityDetail). */
  private get entityNames(): DataLoader<string, EntityRecord | null> {
    return (this.loaders.entityNames ??= this.entitiesBy(q.ENTITY_NAMES_BY_IDS));
  }

  get relation(): DataLoader<string, RelationRecord | null> {
    return (this.loaders.relation ??= new DataLoader(async (ids) => {
      const found = new Map<string, RelationRecord>();
      // One query per relationship type, each through that type's id index.
      for (const [type, typeIds] of relationIdsByType(ids)) {
        for (const row of await this.read(q.relationsByIdsQuery(type), { ids: typeIds })) {
          const relation = toRelationRecord(row.relation as Row, null);
          found.set(relation.id, relation);
        }
      }
      return byKey(ids, found, null);
    }));
  }

  get evidence(): DataLoader<string, EvidenceRecord[]> {
    return (this.loaders.evidence ??= new DataLoader(async (subjectIds) => {
      const rows = await this.read(q.EVIDENCE_BY_SUBJECTS, { ids: subjectIds });
      const bySubject = groupBy(rows, (row) => row.subjectId as string);
      const found = new Map([...bySubject].map(([id, quotes]) => [id, quotes.map((row): EvidenceRecord => ({ quote: row.quote as string, documentId: row.documentId as string }))]));
      return byKey(subjectIds, found, []);
    }));
  }

  get document(): DataLoader<string, DocumentRecord | null> {
    return (this.loaders.document ??= new DataLoader(async (ids) => {
      const rows = await this.read(q.DOCUMENTS_BY_IDS, { ids });
      const found = new Map(rows.map((r) => [(r.document as Row).id as string, toDocumentRecord(r.document as Row)]));
      return byKey(ids, found, null);
    }));
  }

  get statement(): DataLoader<string, StatementRecord | null> {
    return (this.loaders.statement ??= new DataLoader(async (ids) => {
      const rows = await this.read(q.STATEMENTS_BY_IDS, { ids });
      const found = new Map(rows.map((r) => [(r.statement as Row).id as string, toStatementRecord(r.statement as Row)]));
      return byKey(ids, found, null);
    }));
  }

  get statementsOf(): DataLoader<string, StatementRecord[]> {
    return (this.loaders.statementsOf ??= new DataLoader(async (entityIds) => {
      const rows = await this.read(q.STATEMENTS_BY_ENTITIES, { ids: entityIds });
      const found = new Map(rows.map((r) => [r.entityId as string, (r.statements as Row[]).map(toStatementRecord)]));
      return byKey(entityIds, found, []);
    }));
  }

  /** The documents that speak of each entity, with how many facts each supports (source-lists.ts). */
  get sourcesOf(): DataLoader<string, EntitySourceRecord[]> {
    return (this.loaders.sourcesOf ??= new DataLoader(async (entityIds) => byKey(entityIds, await sourcesOfEntities(this.session, entityIds), [])));
  }

  /** What each source says of each entity or relation, in the rule's order (claim-store.ts). */
  get claims(): DataLoader<string, ClaimRecord[]> {
    return (this.loaders.claims ??= new DataLoader(async (ids) => byKey(ids, await claimsOfSubjects(this.session, ids), [])));
  }

  /** Ids merged into each entity. */
  get mergedIds(): DataLoader<string, string[]> {
    return (this.loaders.mergedIds ??= new DataLoader(async (entityIds) => {
      const rows = await this.read(q.MERGED_IDS_BY_ENTITIES, { ids: entityIds });
      return byKey(entityIds, new Map(rows.map((r) => [r.id as string, r.mergedIds as string[]])), []);
    }));
  }

  private get relationPage(): DataLoader<RelationPageRequest, RelationConnectionRecord, string> {
    return (this.loaders.relationPage ??= new DataLoader((requests) => relationPages(this.session, requests), { cacheKeyFn: relationPageKey }));
  }

  private get historyPage(): DataLoader<HistoryPageRequest, ChangeConnectionRecord, string> {
    return (this.loaders.historyPage ??= new DataLoader((requests) => historyPages(this.session, requests), { cacheKeyFn: JSON.stringify }));
  }

  private get relationListLoader(): DataLoader<RelationListRequest, RelationRecord[], string> {
    return (this.loaders.relationList ??= new DataLoader(
      (requests) =>
        batchByShape('entityId', requests, [], async ({ type, direction }, ids) => {
          const rows = await this.read(currentFirstRelationsQuery(type, direction), { ids, limit: int(LIMITS.unpagedRelations) });
          return new Map(
            rows.map((r) => {
              const relations = r.relations as Row[];
              relations.forEach((row) => this.primeOtherEntity(row));
              return [r.entityId as string, relations.map((row) => toRelationRecord(row, r.entityId as string))];
            }),
          );
        }),
      { cacheKeyFn: JSON.stringify },
    ));
  }

  /** The network around an entity, capped (see graph-analysis.ts); null for no such entity. */
  neighborhood(request: NeighborhoodRequest): Promise<SubgraphRecord | null> {
    return neighborhood(this.session, request);
  }

  /** The shortest paths between two entities. */
  paths(request: PathsRequest): Promise<PathRecord[]> {
    return paths(this.session, request, this.db.options.readTimeoutMs);
  }

  /** Events, statements and dated relations in time order. */
  timeline(request: TimelineRequest): Promise<TimelineItemRecord[]> {
    return timeline(this.session, request);
  }

  /** Forgets everything read so far: after a write, the rest of the request must see the graph as it now is. */
  clearCaches(): void {
    for (const loader of Object.values(this.loaders)) loader.clearAll();
  }

  /**
   * Remembers the entity at the other end of a relation row that carries it (see relation-queries'
   * relationWithOther), so that showing it needs no further round trip.
   */
  private primeOtherEntity(row: Row): void {
    const other = row.otherEntity as Row | null | undefined;
    if (other) this.entity.prime(other.id as string, toEntityRecord(other));
  }

  /** One page of a subject's history (entity, relation or statement), batched with others alike. */
  history(request: HistoryPageRequest): Promise<ChangeConnectionRecord> {
    return this.historyPage.load(request);
  }

  /** One page of every change to the graph, newest first. */
  changes(first: number, after: { at: string; id: string } | null): Promise<ChangeConnectionRecord> {
    return changesPage(this.session, first, after);
  }

  /** A plant's owner or location, an event's venue: see RelatedEntityRequest. Batched through relationList. */
  async relatedEntity({ entityId, type, direction, kind, asOf = null }: RelatedEntityRequest): Promise<EntityRecord | null> {
    const relations = await this.relationList({ entityId, type, direction });
    const candidates = asOf ? relationsNotRuledOut(relations, asOf) : relations.filter((r) => r.current !== false && r.validTo === null);
    const others = await this.entity.loadMany(candidates.map((r) => (r.fromId === entityId ? r.toId : r.fromId)));
    return others.find((other): other is EntityRecord => other !== null && !(other instanceof Error) && other.kind === kind) ?? null;
  }

  /** All relations of one type and direction, current first, up to LIMITS.unpagedRelations. */
  relationList(request: RelationListRequest): Promise<RelationRecord[]> {
    return this.relationListLoader.load(request);
  }

  /** One page of an entity's relations, batched with the pages asked for other entities alike. */
  relationsOf(request: RelationPageRequest): Promise<RelationConnectionRecord> {
    return this.relationPage.load(request);
  }

  /** The entities of these ids that exist and the caller may see, in the order asked (missing ones left out). */
  async existingEntities(ids: readonly string[]): Promise<EntityRecord[]> {
    return found(await this.entity.loadMany(ids));
  }

  /** The documents of these ids that exist and the caller may see, in the order asked. */
  async existingDocuments(ids: readonly string[]): Promise<DocumentRecord[]> {
    return found(await this.document.loadMany(ids));
  }

  /**
   * An entity by id, with the page of its relations the client asks for below it read in the same
   * statement and remembered for the `relations` field; without one, the batched entity loader.
   */
  entityWithRelations(id: string, relations: RelationPageShape | null, detail: EntityDetail = 'all'): Promise<EntityRecord | null> {
    if (relations) return entityWithRelationPage(this.session, id, relations, detail);
    return detail === 'all' ? this.entity.load(id) : this.entityNames.load(id);
  }

  /** An entity the graph refers to, which must exist (a dangling reference is a bug, reported as such). */
  async entityOrFail(id: string): Promise<EntityRecord> {
    const entity = await this.entity.load(id);
    if (!entity) throw new Error(`the graph refers to entity ${id}, which does not exist`);
    return entity;
  }

  async documentOrFail(id: string): Promise<DocumentRecord> {
    const document = await this.document.load(id);
    if (!document) throw new Error(`the graph refers to document ${id}, which does not exist`);
    return document;
  }

  /** One page of entities, filtered and sorted, with the total that match. */
  entities(request: EntityListRequest): Promise<EntityConnectionRecord> {
    return entityPage(this.session, request);
  }

  /** A page of documents in id order: all, or those that speak of one entity. */
  documents(request: { mentioning: string | null; first: number; after: string | null }): Promise<DocumentRecord[]> {
    return documentPage(this.session, request);
  }

  /** Open possible duplicates, most alike first (duplicate-store.ts). */
  duplicateCandidates(request: Parameters<typeof openCandidates>[1]): Promise<DuplicateCandidateConnectionRecord> {
    return openCandidates(this.session, request);
  }

  /** Entities whose names match the text, best first (the full-text index). */
  search(text: string, kinds: readonly EntityKind[] | null, first: number): Promise<SearchHitRecord[]> {
    return searchEntities(this.session, text, kinds, first);
  }


  /** Runs one named read query (one round trip); the loaders and the analyses go through here. */
  private async read(query: NamedQuery, params: Record<string, unknown> = {}, options: { timeoutMs?: number } = {}): Promise<Row[]> {
    this.roundTrips += 1;
    // Every read knows the caller's clearance: restricted material is filtered in the query itself.
    return this.db.readOne(query, { ...params, seesRestricted: this.seesRestricted }, options);
  }
}
