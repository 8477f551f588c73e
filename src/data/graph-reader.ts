/**
 * Per-request read access to the graph. Every field that fans out goes through a DataLoader, so a
 * query touching N entities runs one database round trip per kind of lookup, not N. Build a new
 * GraphReader for each request: its caches must not outlive it.
 */
import DataLoader from 'dataloader';
import type { Direction, EntityKind, EntitySortField, OrganizationCategory, RelationType, SortDirection } from '../generated/graphql.js';
import { entityFieldValues } from '../domain/entity-fields.js';
import { heldOn } from '../domain/as-of.js';
import { encodeCursor } from '../domain/cursor.js';
import { RELATION_TYPES, relationTypeOfId } from '../domain/model.js';
import { luceneQueryFor, nameTokens } from '../domain/names.js';
import { int, type Database, type NamedQuery } from './database.js';
import * as q from './read-queries.js';
import type {
  ActorRecord,
  ChangeConnectionRecord,
  ChangeRecord,
  DocumentRecord,
  EntityConnectionRecord,
  EntityRecord,
  EvidenceRecord,
  RelationConnectionRecord,
  RelationRecord,
  RetractionRecord,
  SearchHitRecord,
  StatementRecord,
} from './records.js';
import { ENTITY_SEARCH_INDEX } from './schema-setup.js';

/** A page request for the relations of one entity. */
export interface RelationPageRequest {
  entityId: string;
  types: readonly RelationType[] | null;
  direction: Direction;
  /** Interval of the as-of date, or null for no date filter. */
  asOf: { start: string; end: string } | null;
  first: number;
  /** Relation id after which the page starts. */
  afterId: string | null;
}

/**
 * The entity of one kind at the other end of an entity's relations of one type: without a date,
 * through a relation not known to have ended; with one, through a relation that held then (YES)
 * or, failing that, one the sources leave open (UNKNOWN).
 */
export interface RelatedEntityRequest {
  entityId: string;
  type: RelationType;
  direction: Direction;
  kind: EntityKind;
  asOf?: string | null;
}

/** All of an entity's relations of one type and direction, current ones first. */
export interface RelationListRequest {
  entityId: string;
  type: RelationType;
  direction: Direction;
}

/** A page request for a list of entities. */
export interface EntityListRequest {
  kinds: readonly EntityKind[] | null;
  categories: readonly OrganizationCategory[] | null;
  nameContains: string | null;
  orderBy: { field: EntitySortField; direction: SortDirection };
  first: number;
  /** The sort key and id of the entity after which the page starts. */
  after: { key: string; id: string } | null;
}

/** A page request for the history of one subject. */
export interface HistoryPageRequest {
  /** The subject's id: an entity's, a relation's or a statement's. */
  subjectId: string;
  first: number;
  /** Time and id of the change after which the page starts. */
  after: { at: string; id: string } | null;
}

/** Marks a cursor as a history's, so that one from another list is refused. */
export const CHANGE_CURSOR = 'change:';

/** The most relations a list without pages returns (positions of a person, say). */
export const MAX_UNPAGED_RELATIONS = 1000;

type Row = Record<string, unknown>;

/** Relations whose dates do not rule out the date: those known to hold then first, then those left open. */
export function relationsNotRuledOut(relations: readonly RelationRecord[], date: string): RelationRecord[] {
  return [...relations.filter((r) => heldOn(r, date) === 'YES'), ...relations.filter((r) => heldOn(r, date) === 'UNKNOWN')];
}

export function toEntityRecord(row: Row): EntityRecord {
  const kind = row.kind as EntityKind;
  return {
    id: row.id as string,
    kind,
    name: row.name as string,
    aliases: (row.aliases as string[] | null) ?? [],
    unidentified: row.unidentified === true,
    ...entityFieldValues(kind, row),
  };
}

export function toRelationRecord(row: Row, viewpointId: string | null): RelationRecord {
  return {
    id: row.id as string,
    type: row.type as RelationType,
    role: (row.role as string | null) ?? null,
    fromId: row.fromId as string,
    toId: row.toId as string,
    validFrom: (row.validFrom as string | null) ?? null,
    validTo: (row.validTo as string | null) ?? null,
    current: (row.current as boolean | null) ?? null,
    statementId: (row.statementId as string | null) ?? null,
    viewpointId,
    retraction: toRetractionRecord(row.retraction),
  };
}

/** A retraction as the read queries project it (see read-queries.ts), or null. */
export function toRetractionRecord(raw: unknown): RetractionRecord | null {
  if (raw === null || raw === undefined) return null;
  const row = raw as Row;
  return { at: row.at as string, actor: { id: row.actorId as string, kind: row.actorKind as ActorRecord['kind'] }, reason: row.reason as string };
}

export function toStatementRecord(row: Row): StatementRecord {
  return {
    id: row.id as string,
    speakerId: row.speakerId as string,
    aboutIds: (row.aboutIds as string[]) ?? [],
    summary: row.summary as string,
    madeOn: (row.madeOn as string | null) ?? null,
    madeAtId: (row.madeAtId as string | null) ?? null,
    concerns: (row.concerns as string | null) ?? null,
    supersedesId: (row.supersedesId as string | null) ?? null,
    supersededById: (row.supersededById as string | null) ?? null,
    retraction: toRetractionRecord(row.retraction),
  };
}

export function toChangeRecord(row: Row): ChangeRecord {
  const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : []);
  return {
    id: row.id as string,
    at: row.at as string,
    action: row.action as ChangeRecord['action'],
    subjectType: row.subjectType as ChangeRecord['subjectType'],
    subjectId: row.subjectId as string,
    actor: { id: row.actorId as string, kind: row.actorKind as ActorRecord['kind'] },
    reason: (row.reason as string | null) ?? null,
    documentIds: (row.documentIds as string[] | null) ?? [],
    fields: json(row.fields),
    quotesAdded: json(row.quotesAdded),
    quotesRemoved: json(row.quotesRemoved),
  };
}

function toChangeEdge(change: ChangeRecord) {
  return { cursor: encodeCursor(CHANGE_CURSOR + JSON.stringify([change.at, change.id])), node: change };
}

function toDocumentRecord(row: Row): DocumentRecord {
  return {
    id: row.id as string,
    title: (row.title as string | null) ?? null,
    publisher: row.publisher as string,
    publisherEntityId: (row.publisherEntityId as string | null) ?? null,
    publishedOn: (row.publishedOn as string | null) ?? null,
    url: (row.url as string | null) ?? null,
    text: row.text as string,
    restricted: row.restricted === true,
  };
}

/**
 * The records a loadMany found: those missing (deleted, or hidden from this caller) are left out.
 * An Error in the batch is a failure of the whole request, so it is thrown, not dropped.
 */
export function found<V>(results: ReadonlyArray<V | null | Error>): V[] {
  const error = results.find((r): r is Error => r instanceof Error);
  if (error) throw error;
  return results.filter((r): r is V => r !== null);
}

/** Orders batch results by the keys DataLoader asked for. */
function byKey<K, V>(keys: readonly K[], found: Map<K, V>, missing: V): V[] {
  return keys.map((key) => found.get(key) ?? missing);
}

export class GraphReader {
  /** Number of database round trips this reader made; lets tests prove batching. */
  roundTrips = 0;

  readonly entity: DataLoader<string, EntityRecord | null>;
  readonly relation: DataLoader<string, RelationRecord | null>;
  readonly evidence: DataLoader<string, EvidenceRecord[]>;
  readonly document: DataLoader<string, DocumentRecord | null>;
  readonly statement: DataLoader<string, StatementRecord | null>;
  readonly statementsOf: DataLoader<string, StatementRecord[]>;
  /** Ids merged into each entity. */
  readonly mergedIds: DataLoader<string, string[]>;
  private readonly relationPage: DataLoader<RelationPageRequest, RelationConnectionRecord, string>;
  private readonly relationListLoader: DataLoader<RelationListRequest, RelationRecord[], string>;
  private readonly historyPage: DataLoader<HistoryPageRequest, ChangeConnectionRecord, string>;

  /** Whether this request's caller may see restricted documents (passed to every query as $seesRestricted). */
  readonly seesRestricted: boolean;

  constructor(
    private readonly db: Database,
    { seesRestricted = false }: { seesRestricted?: boolean } = {},
  ) {
    this.seesRestricted = seesRestricted;
    this.entity = new DataLoader(async (ids) => {
      const rows = await this.read(q.ENTITIES_BY_IDS, { ids });
      const found = new Map(rows.map((r) => [r.requestedId as string, toEntityRecord(r.entity as Row)]));
      return byKey(ids, found, null);
    });

    this.relation = new DataLoader(async (ids) => {
      const found = new Map<string, RelationRecord>();
      const idsByType = new Map<RelationType, string[]>();
      for (const id of ids) {
        const type = relationTypeOfId(id);
        if (!type) continue;
        const group = idsByType.get(type);
        if (group) group.push(id);
        else idsByType.set(type, [id]);
      }
      for (const [type, typeIds] of idsByType) {
        for (const row of await this.read(q.relationsByIdsQuery(type), { ids: typeIds })) {
          const relation = toRelationRecord(row.relation as Row, null);
          found.set(relation.id, relation);
        }
      }
      return byKey(ids, found, null);
    });

    this.evidence = new DataLoader(async (subjectIds) => {
      const found = new Map<string, EvidenceRecord[]>();
      for (const row of await this.read(q.EVIDENCE_BY_SUBJECTS, { ids: subjectIds })) {
        const subjectId = row.subjectId as string;
        const list = found.get(subjectId) ?? [];
        list.push({ quote: row.quote as string, documentId: row.documentId as string });
        found.set(subjectId, list);
      }
      return byKey(subjectIds, found, []);
    });

    this.document = new DataLoader(async (ids) => {
      const rows = await this.read(q.DOCUMENTS_BY_IDS, { ids });
      const found = new Map(rows.map((r) => [(r.document as Row).id as string, toDocumentRecord(r.document as Row)]));
      return byKey(ids, found, null);
    });

    this.statement = new DataLoader(async (ids) => {
      const rows = await this.read(q.STATEMENTS_BY_IDS, { ids });
      const found = new Map(rows.map((r) => [(r.statement as Row).id as string, toStatementRecord(r.statement as Row)]));
      return byKey(ids, found, null);
    });

    this.statementsOf = new DataLoader(async (entityIds) => {
      const rows = await this.read(q.STATEMENTS_BY_ENTITIES, { ids: entityIds });
      const found = new Map(rows.map((r) => [r.entityId as string, (r.statements as Row[]).map(toStatementRecord)]));
      return byKey(entityIds, found, []);
    });

    this.mergedIds = new DataLoader(async (entityIds) => {
      const rows = await this.read(q.MERGED_IDS_BY_ENTITIES, { ids: entityIds });
      return byKey(entityIds, new Map(rows.map((r) => [r.id as string, r.mergedIds as string[]])), []);
    });

    this.relationPage = new DataLoader((requests) => this.loadRelationPages(requests), { cacheKeyFn: JSON.stringify });

    this.historyPage = new DataLoader(
      (requests) =>
        this.batchByShape('subjectId', requests, { edges: [], hasNextPage: false, totalCount: 0 }, async ({ first, after }, ids) => {
          const rows = await this.read(q.HISTORY_PAGES, { ids, afterAt: after?.at ?? null, afterId: after?.id ?? null, limit: int(first + 1) });
          return new Map(
            rows.map((r) => {
              const changes = (r.page as Row[]).map(toChangeRecord);
              const page = { edges: changes.slice(0, first).map(toChangeEdge), hasNextPage: changes.length > first, totalCount: r.total as number };
              return [r.subjectId as string, page];
            }),
          );
        }),
      { cacheKeyFn: JSON.stringify },
    );

    this.relationListLoader = new DataLoader(
      (requests) =>
        this.batchByShape('entityId', requests, [], async ({ type, direction }, ids) => {
          const rows = await this.read(q.currentFirstRelationsQuery(type, direction), { ids, limit: int(MAX_UNPAGED_RELATIONS) });
          return new Map(
            rows.map((r) => {
              const relations = r.relations as Row[];
              relations.forEach((row) => this.primeOtherEntity(row));
              return [r.entityId as string, relations.map((row) => toRelationRecord(row, r.entityId as string))];
            }),
          );
        }),
      { cacheKeyFn: JSON.stringify },
    );
  }

  /** Forgets everything read so far: after a write, the rest of the request must see the graph as it now is. */
  clearCaches(): void {
    for (const loader of [this.entity, this.relation, this.evidence, this.document, this.statement, this.statementsOf, this.mergedIds]) loader.clearAll();
    for (const loader of [this.relationPage, this.relationListLoader, this.historyPage]) loader.clearAll();
  }

  /**
   * Remembers the entity at the other end of a relation row that carries it (see read-queries'
   * RELATION_WITH_OTHER), so that showing it needs no further round trip.
   */
  primeOtherEntity(row: Row): void {
    const other = row.otherEntity as Row | null | undefined;
    if (other) this.entity.prime(other.id as string, toEntityRecord(other));
  }

  /** One page of a subject's history (entity, relation or statement), batched with others alike. */
  history(request: HistoryPageRequest): Promise<ChangeConnectionRecord> {
    return this.historyPage.load(request);
  }

  /** One page of every change to the graph, newest first. */
  async changes(first: number, after: { at: string; id: string } | null): Promise<ChangeConnectionRecord> {
    const [rows, [count]] = await Promise.all([
      this.read(q.CHANGES_PAGE, { afterAt: after?.at ?? null, afterId: after?.id ?? null, limit: int(first + 1) }),
      this.read(q.COUNT_CHANGES),
    ]);
    const changes = rows.map((r) => toChangeRecord(r.change as Row));
    return { edges: changes.slice(0, first).map(toChangeEdge), hasNextPage: changes.length > first, totalCount: (count?.total as number) ?? 0 };
  }

  /** A plant's owner or location, an event's venue: see RelatedEntityRequest. Batched through relationList. */
  async relatedEntity({ entityId, type, direction, kind, asOf = null }: RelatedEntityRequest): Promise<EntityRecord | null> {
    const relations = await this.relationList({ entityId, type, direction });
    const candidates = asOf ? relationsNotRuledOut(relations, asOf) : relations.filter((r) => r.current !== false && r.validTo === null);
    const others = await this.entity.loadMany(candidates.map((r) => (r.fromId === entityId ? r.toId : r.fromId)));
    return others.find((other): other is EntityRecord => other !== null && !(other instanceof Error) && other.kind === kind) ?? null;
  }

  /** All relations of one type and direction, current first, up to MAX_UNPAGED_RELATIONS. */
  relationList(request: RelationListRequest): Promise<RelationRecord[]> {
    return this.relationListLoader.load(request);
  }

  /** One page of an entity's relations, batched with the pages asked for other entities alike. */
  relationsOf(request: RelationPageRequest): Promise<RelationConnectionRecord> {
    return this.relationPage.load(request);
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
  async entities(request: EntityListRequest): Promise<EntityConnectionRecord> {
    const tokens = request.nameContains === null ? null : nameTokens(request.nameContains);
    const filter = {
      kinds: request.kinds,
      categories: request.categories,
      needle: tokens && tokens.length > 0 ? tokens.join(' ') : null,
      compactNeedle: tokens && tokens.length > 0 ? tokens.join('') : null,
    };
    const query = q.entityPageQuery(request.orderBy.field, request.orderBy.direction);
    const [rows, [count]] = await Promise.all([
      this.read(query, { ...filter, afterKey: request.after?.key ?? null, afterId: request.after?.id ?? null, limit: int(request.first + 1) }),
      this.read(q.COUNT_ENTITIES_FILTERED, filter),
    ]);
    const page = rows.slice(0, request.first);
    return {
      edges: page.map((row) => {
        const node = toEntityRecord(row.entity as Row);
        this.entity.prime(node.id, node);
        const order = `${request.orderBy.field}:${request.orderBy.direction}`;
        return { cursor: encodeCursor(JSON.stringify([order, row.sortKey, node.id])), node };
      }),
      hasNextPage: rows.length > request.first,
      totalCount: (count?.total as number) ?? 0,
    };
  }

  async documents(): Promise<DocumentRecord[]> {
    const rows = await this.read(q.ALL_DOCUMENTS);
    return rows.map((r) => toDocumentRecord(r.document as Row));
  }

  /** How many index hits a kind-filtered search looks through: the kind filter runs after the index. */
  static readonly SEARCH_CANDIDATES = 1000;

  async search(text: string, kinds: readonly EntityKind[] | null, first: number): Promise<SearchHitRecord[]> {
    const query = luceneQueryFor(text);
    if (query === null || first === 0) return [];
    const rows = await this.read(q.SEARCH_ENTITIES, {
      index: ENTITY_SEARCH_INDEX,
      query,
      kinds,
      first: int(first),
      // The kind filter runs after the index, so ask it for more than we keep.
      candidates: int(kinds ? Math.max(first, GraphReader.SEARCH_CANDIDATES) : first),
    });
    return rows.map((r) => {
      const entity = toEntityRecord(r.entity as Row);
      this.entity.prime(entity.id, entity);
      return { entity, score: r.score as number };
    });
  }

  private async loadRelationPages(requests: readonly RelationPageRequest[]): Promise<RelationConnectionRecord[]> {
    const empty: RelationConnectionRecord = { edges: [], hasNextPage: false, totalCount: 0 };
    return this.batchByShape('entityId', requests, empty, async (shape, ids) => {
      const rows = await this.read(q.relationPagesQuery(shape.types ?? RELATION_TYPES, shape.direction), {
        ids,
        after: shape.afterId,
        limit: int(shape.first + 1),
        asOfStart: shape.asOf?.start ?? null,
        asOfEnd: shape.asOf?.end ?? null,
      });
      const pages = new Map<string, RelationConnectionRecord>();
      for (const row of rows) {
        const entityId = row.entityId as string;
        (row.page as Row[]).forEach((r) => this.primeOtherEntity(r));
        const relations = (row.page as Row[]).map((r) => toRelationRecord(r, entityId));
        const page = relations.slice(0, shape.first);
        for (const relation of page) this.relation.prime(relation.id, { ...relation, viewpointId: null });
        pages.set(entityId, {
          edges: page.map((node) => ({ cursor: encodeCursor(node.id), node })),
          hasNextPage: relations.length > shape.first,
          totalCount: row.total as number,
        });
      }
      return pages;
    });
  }

  /**
   * Batches requests that differ only in the id in `idField` (an entity's, or a history's subject):
   * one query per distinct shape (the rest of the request), answering for all of that shape's ids
   * at once. Distinct shapes (say, a plant's owners and its places) are asked for at the same time.
   */
  private async batchByShape<F extends string, K extends Record<F, string>, V>(
    idField: F,
    requests: readonly K[],
    missing: V,
    run: (shape: Omit<K, F>, ids: string[]) => Promise<Map<string, V>>,
  ): Promise<V[]> {
    const split = (request: K) => {
      const { [idField]: id, ...shape } = request;
      return { id: id as string, shape: shape as Omit<K, F>, key: JSON.stringify(shape) };
    };
    const groups = new Map<string, { shape: Omit<K, F>; ids: string[] }>();
    for (const { id, shape, key } of requests.map(split)) {
      const group = groups.get(key);
      if (group) group.ids.push(id);
      else groups.set(key, { shape, ids: [id] });
    }
    const answers = await Promise.all([...groups].map(async ([key, { shape, ids }]) => [key, await run(shape, ids)] as const));
    const results = new Map(answers);
    return requests.map(split).map(({ id, key }) => results.get(key)?.get(id) ?? missing);
  }

  /** Runs one named read query (one round trip); the loaders and graph-analysis.ts go through here. */
  async read(query: NamedQuery, params: Record<string, unknown> = {}): Promise<Row[]> {
    this.roundTrips += 1;
    // Every read knows the caller's clearance: restricted material is filtered in the query itself.
    return this.db.read((tx) => tx.run(query, { ...params, seesRestricted: this.seesRestricted }));
  }
}
