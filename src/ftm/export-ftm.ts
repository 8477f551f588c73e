/**
 * The graph as FtM entities, source by source (data/source-facts.ts): each document as an Article
 * (its text as `bodyText`), then what it says: a fragment of each entity it speaks of (the names
 * and fields its own claim gives, `proof` the document) with a Documentation holding its quotes,
 * and a link for each relation it supports (its own dates and status, its quotes as `summary`).
 * Entity fragments share the entity's id, as FtM's fragments do (`ftm aggregate` merges them);
 * links are one per source, so that disagreeing sources stay side by side. import-ftm.ts reads this
 * back into the same entities, relations, dates and sources (ftm-mapping.ts says what cannot travel).
 */
import type { RelationType } from '../generated/graphql.js';
import { kindOfEntityId, RELATION_PHRASE } from '../domain/model.js';
import type { EntityRecord, RelationRecord } from '../data/records.js';
import type { SourceFacts, SourcedFact } from '../data/source-facts.js';
import { derivedFtmId, ftmIdOf, linkSchemaFor, ourDateToFtm, schemaOfEntity, statusOfCurrent, type FtmEntity } from './ftm-mapping.js';

/** Properties with their empty values left out (FtM lists hold values, never nulls). */
function properties(entries: Record<string, (string | null | undefined)[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(entries)) {
    const kept = list.filter((v): v is string => typeof v === 'string' && v !== '');
    if (kept.length) out[name] = kept;
  }
  return out;
}

/** The value a source's claim gives (null: it says nothing); what the subject shows for a fact older than claims. */
const claimed = <T>(fact: SourcedFact<unknown>, field: string, shown: T): T | null =>
  fact.claim ? ((fact.claim[field] as T | undefined) ?? null) : shown;

function entityRecords(fact: SourcedFact<EntityRecord>, documentFtmId: string): FtmEntity[] {
  const e = fact.subject;
  const name = claimed(fact, 'name', e.name) ?? e.name;
  const aliases = (claimed(fact, 'aliases', e.aliases) ?? []).filter((a) => a !== name);
  // The schema follows what the entity shows (its fragments must agree); the rest is the source's own word.
  const values = { ...e, name, status: claimed(fact, 'status', e.status), products: claimed(fact, 'products', e.products), placeType: claimed(fact, 'placeType', e.placeType), date: claimed(fact, 'date', e.date) };
  const { schema, properties: fields } = schemaOfEntity(values);
  const id = ftmIdOf(e.id);
  return [
    { id, schema, properties: { ...properties({ name: [name], alias: aliases, description: [claimed(fact, 'description', e.description)], proof: [documentFtmId] }), ...fields } },
    {
      id: derivedFtmId('documentation', documentFtmId, id),
      schema: 'Documentation',
      properties: properties({ document: [documentFtmId], entity: [id], role: ['evidence'], summary: fact.quotes }),
    },
  ];
}

function relationRecords(fact: SourcedFact<RelationRecord>, documentFtmId: string, ends: Map<string, EntityRecord>): FtmEntity[] {
  const r = fact.subject;
  const current = claimed<boolean | null>(fact, 'current', r.current);
  const end = (id: string) => ends.get(id) ?? { kind: kindOfEntityId(id), category: null };
  const link = linkSchemaFor(r.type as RelationType, end(r.fromId), end(r.toId), r.role, current);
  const common = properties({
    startDate: [ourDateToFtm(claimed(fact, 'validFrom', r.validFrom))],
    endDate: [ourDateToFtm(claimed(fact, 'validTo', r.validTo))],
    proof: [documentFtmId],
    summary: fact.quotes,
  });
  const id = derivedFtmId('link', r.id, documentFtmId);
  if (link === 'OCCUPANCY') {
    const post = derivedFtmId('position', r.toId, r.role!);
    return [
      { id: post, schema: 'Position', properties: properties({ name: [r.role], organization: [ftmIdOf(r.toId)], proof: [documentFtmId] }) },
      { id, schema: 'Occupancy', properties: { ...common, ...properties({ holder: [ftmIdOf(r.fromId)], post: [post], status: statusOfCurrent(current) }) } },
    ];
  }
  const own = properties({
    [link.from]: [ftmIdOf(r.fromId)],
    [link.to]: [ftmIdOf(r.toId)],
    ...(link.role ? { [link.role]: [r.role] } : {}),
    ...(link.schema === 'Associate' ? {} : { status: statusOfCurrent(current) }),
    ...(link.schema === 'UnknownLink' ? { description: [RELATION_PHRASE[r.type]] } : {}),
  });
  return [{ id, schema: link.schema, properties: { ...common, ...own } }];
}

/** The FtM entities of one source: its Document first, then what it says. */
export function ftmRecordsOfSource({ document: d, entities, relations, ends }: SourceFacts): FtmEntity[] {
  const documentFtmId = ftmIdOf(d.id);
  const document: FtmEntity = {
    id: documentFtmId,
    // An Article: FtM's Document wants a file name, which a source's text does not have.
    schema: 'Article',
    properties: properties({ title: [d.title], publisher: [d.publisher], publishedAt: [ourDateToFtm(d.publishedOn)], sourceUrl: [d.url], bodyText: [d.text] }),
  };
  return [document, ...entities.flatMap((f) => entityRecords(f, documentFtmId)), ...relations.flatMap((f) => relationRecords(f, documentFtmId, ends))];
}
