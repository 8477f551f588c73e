/**
 * Per-request read access to the graph. Every field that fans out goes through a DataLoader, so a
 * query touching N entities runs one database round trip per kind of lookup, not N. Build a new
 * GraphReader for each request: its caches must not outlive it.
 */
import DataLoader from 'dataloader';
import type { Direction, EntityKind, OrganizationCategory, PlaceType, PlantStatus, RelationType } from '../generated/graphql.js';
import { encodeCursor } from '../domain/cursor.js';
import { RELATION_TYPES, relationTypeOfId } from '../domain/model.js';
import { luceneQueryFor } from '../domain/names.js';
import { int, type Database, type NamedQuery } from './database.js';
import * as q from './read-queries.js';
import type {
  DocumentRecord,
  EntityRecord,
  EvidenceRecord,
  RelationConnectionRecord,
  RelationRecord,
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

type Row = Record<string, unknown>;

export function toEntityRecord(row: Row): EntityRecord {
  return {
    id: row.id as string,
    kind: row.kind as EntityKind,
    name: row.name as string,
    aliases: (row.aliases as string[] | null) ?? [],
    description: (row.description as string | null) ?? null,
    unidentified: row.unidentified === true,
    category: (row.category as OrganizationCategory | null) ?? null,
    status: (row.status as PlantStatus | null) ?? null,
    products: (row.products as string[] | null) ?? [],
    placeType: (row.placeType as PlaceType | null) ?? null,
    date: (row.date as string | null) ?? null,
  };
}

function toRelationRecord(row: Row, viewpointId: string | null): RelationRecord {
  return {
    id: row.id as string,
    type: row.type as RelationType,
    role: (row.role as string | null) ?? null,
    fromId: row.fromId as string,
    toId: row.toId as string,
    validFrom: (row.validFrom as string | null) ?? null,
    validTo: (row.validTo as string | null) ?? null,
    current: (row.current as boolean | null) ?? null,
    viewpointId,
  };
}

function toStatementRecord(row: Row): StatementRecord {
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
  };
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
  };
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
  private readonly relationPage: DataLoader<RelationPageRequest, RelationConnectionRecord, string>;

  constructor(private readonly db: Database) {
    this.entity = new DataLoader(async (ids) => {
      const rows = await this.read(q.ENTITIES_BY_IDS, { ids });
      const found = new Map(rows.map((r) => [(r.entity as Row).id as string, toEntityRecord(r.entity as Row)]));
      return byKey(ids, found, null);
    });

    this.relation = new DataLoader(async (ids) => {
      const found = new Map<string, RelationRecord>();
      const idsByType = new Map<RelationType, string[]>();
      for (const id of ids) {
        const type = relationTypeOfId(id);
        if (type) idsByType.set(type, [...(idsByType.get(type) ?? []), id]);
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
        found.set(subjectId, [...(found.get(subjectId) ?? []), { quote: row.quote as string, documentId: row.documentId as string }]);
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

    this.relationPage = new DataLoader((requests) => this.loadRelationPages(requests), {
      cacheKeyFn: (request) => JSON.stringify(request),
    });
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

  /**
   * The entity of the given kind at the other end of the first relation of this type that is not
   * known to have ended (current is not false and there is no end date), or null.
   */
  async relatedEntity(entityId: string, type: RelationType, direction: Direction, kind: EntityKind): Promise<EntityRecord | null> {
    const page = await this.relationsOf({ entityId, types: [type], direction, asOf: null, first: 20, afterId: null });
    for (const { node } of page.edges) {
      if (node.current === false || node.validTo !== null) continue;
      const other = await this.entity.load(node.fromId === entityId ? node.toId : node.fromId);
      if (other?.kind === kind) return other;
    }
    return null;
  }

  async documents(): Promise<DocumentRecord[]> {
    const rows = await this.read(q.ALL_DOCUMENTS);
    return rows.map((r) => toDocumentRecord(r.document as Row));
  }

  async search(text: string, kinds: readonly EntityKind[] | null, first: number): Promise<SearchHitRecord[]> {
    const query = luceneQueryFor(text);
    if (query === null || first === 0) return [];
    const rows = await this.read(q.SEARCH_ENTITIES, {
      index: ENTITY_SEARCH_INDEX,
      query,
      kinds,
      first: int(first),
      // The kind filter runs after the index, so ask it for more than we keep.
      candidates: int(kinds ? first * 10 : first),
    });
    return rows.map((r) => {
      const entity = toEntityRecord(r.entity as Row);
      this.entity.prime(entity.id, entity);
      return { entity, score: r.score as number };
    });
  }

  private async loadRelationPages(requests: readonly RelationPageRequest[]): Promise<RelationConnectionRecord[]> {
    // Requests that differ only in entity share one query.
    const groups = new Map<string, RelationPageRequest[]>();
    for (const request of requests) {
      const { entityId: _entityId, ...shape } = request;
      const key = JSON.stringify(shape);
      groups.set(key, [...(groups.get(key) ?? []), request]);
    }
    const results = new Map<RelationPageRequest, RelationConnectionRecord>();
    for (const group of groups.values()) {
      const shape = group[0]!;
      const query = q.relationPagesQuery(shape.types ?? RELATION_TYPES, shape.direction);
      const rows = await this.read(query, {
        ids: group.map((r) => r.entityId),
        after: shape.afterId,
        limit: int(shape.first + 1),
        asOfStart: shape.asOf?.start ?? null,
        asOfEnd: shape.asOf?.end ?? null,
      });
      const byEntity = new Map(rows.map((row) => [row.entityId as string, row]));
      for (const request of group) {
        const row = byEntity.get(request.entityId);
        const relations = ((row?.page as Row[] | undefined) ?? []).map((r) => toRelationRecord(r, request.entityId));
        const page = relations.slice(0, request.first);
        for (const relation of page) this.relation.prime(relation.id, { ...relation, viewpointId: null });
        results.set(request, {
          edges: page.map((node) => ({ cursor: encodeCursor(node.id), node })),
          hasNextPage: relations.length > request.first,
          totalCount: (row?.total as number | undefined) ?? 0,
        });
      }
    }
    return requests.map((request) => results.get(request)!);
  }

  private async read(query: NamedQuery, params: Record<string, unknown> = {}): Promise<Row[]> {
    this.roundTrips += 1;
    return this.db.read((tx) => tx.run(query, params));
  }
}
