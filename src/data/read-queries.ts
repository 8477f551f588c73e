/**
 * Every read statement of the API, named. Values are parameters; the only text that varies is a
 * relationship-type alternation and a direction pattern, both built from allowlists (domain/model.ts).
 */
import type { RelationType } from '../generated/graphql.js';
import { relationTypePattern } from '../domain/model.js';
import { ENTITY_FIELD_NAMES } from '../domain/entity-fields.js';
import { cypher, statementFamily, type NamedQuery } from './database.js';
import type { EntityDetail } from './read-requests.js';

/** A retraction's projection, from the properties a retraction sets on a relationship or node. */
const retractionOf = (v: string) =>
  `CASE WHEN ${v}.retractedAt IS NULL THEN null ELSE {at: toString(${v}.retractedAt), actorId: ${v}.retractedById, actorKind: ${v}.retractedByKind, reason: ${v}.retractionReason} END`;

/**
 * Restricted material (see data/restriction.ts) is shown only to callers cleared for it: every read
 * query receives $seesRestricted (GraphReader.read adds it) and filters each node or relationship
 * it answers with through this.
 */
export const visible = (v: string) => `($seesRestricted OR NOT coalesce(${v}.restricted, false))`;

/**
 * Retracted relations and statements stay in the graph for history but are left out of every
 * default answer, as is restricted material for callers not cleared for it: each read query that
 * reaches a relation `r` or a statement `s` adds these. (An open relation never joins a hidden
 * entity, so its ends need no check of their own.)
 */
export const ACTIVE_RELATION = `r.retractedAt IS NULL AND ${visible('r')}`;

/**
 * How many earlier claims a statement revises, through the standing ones the caller may see: the
 * order of statements (earlier claims first) in lists and timelines. Bounded, so that a long chain
 * of revisions cannot turn a list into a long walk.
 */
export const REVISIONS_OF = (s: string) => `COUNT { (${s})-[:SUPERSEDES*1..50]->(x:Statement) WHERE x.retractedAt IS NULL AND ${visible('x')} }`;
export const ACTIVE_STATEMENT = `s.retractedAt IS NULL AND ${visible('s')}`;

/** The map projection of a relationship `r` that RelationRecord is built from, given its ends' ids and its retraction. */
export const relationMap = (ends: string, retraction: string) =>
  `{ .id, .role, .validFrom, .validTo, .current, .heldSince, .heldUntil, .statementId, type: type(r), ${ends},
  retraction: ${retraction} }`;
export const RELATION_MAP = relationMap('fromId: startNode(r).id, toId: endNode(r).id', retractionOf('r'));
const RELATION_PROJECTION = `r ${RELATION_MAP}`;

/** The map projection of a statement, with the ids of what it points at. */
const STATEMENT_PROJECTION = `s {
  .id, .summary, .madeOn, .concerns,
  speakerId: head([(p:Entity)-[:MADE]->(s) | p.id]),
  aboutIds: [(s)-[:ABOUT]->(a:Entity) WHERE ${visible('a')} | a.id],
  madeAtId: head([(s)-[:MADE_AT]->(ev:Entity) WHERE ${visible('ev')} | ev.id]),
  supersedesId: head([(s)-[:SUPERSEDES]->(x:Statement) WHERE x.retractedAt IS NULL AND ${visible('x')} | x.id]),
  supersededById: head([(y:Statement)-[:SUPERSEDES]->(s) WHERE y.retractedAt IS NULL AND ${visible('y')} | y.id]),
  retraction: ${retractionOf('s')}
}`;

/** The map projection of an entity that EntityRecord is built from: its names and every field of domain/entity-fields.ts. */
export const ENTITY_PROJECTION = `{ .id, .kind, .name, .aliases, .unidentified, ${ENTITY_FIELD_NAMES.map((name) => `.${name}`).join(', ')} }`;

/** An entity's names only (EntityDetail 'names'): what most answers show of the entity at a relation's other end. */
export const ENTITY_NAMES_PROJECTION = `{ .id, .kind, .name, .aliases, .unidentified }`;

/** The map projection of an entity with as much of it as is shown (EntityDetail). */
export const ENTITY_PROJECTION_OF: Record<EntityDetail, string> = { names: ENTITY_NAMES_PROJECTION, all: ENTITY_PROJECTION };

/** The map projection of a document that DocumentRecord is built from. */
export const DOCUMENT_PROJECTION = `d { .id, .title, .publisher, .publishedOn, .url, .text, restricted: coalesce(d.restricted, false),
  publisherEntityId: head([(d)-[:PUBLISHED_BY]->(p:Entity) WHERE ${visible('p')} | p.id]) }`;

/** Keeps relations whose known dates do not rule out the interval [$asOfStart, $asOfEnd]. */
export const AS_OF_FILTER = `($asOfStart IS NULL OR (
  (r.validFromStart IS NULL OR r.validFromStart <= $asOfEnd) AND
  (r.validToEnd IS NULL OR r.validToEnd >= $asOfStart)))`;

/**
 * Finds the entity an id names as `direct`, or, for an id merged into another entity, the entity
 * it now is as `survivor` (through any chain of merges); the caller takes coalesce(direct, survivor).
 * The merged ids are looked through only when no entity has the id: nearly every lookup is direct.
 * `id` is a variable or a parameter.
 */
export const RESOLVE_ENTITY_ID = (id: string) => {
  const imported = id.startsWith('$') ? 'direct' : `${id}, direct`;
  return `OPTIONAL MATCH (direct:Entity {id: ${id}})
   OPTIONAL CALL (${imported}) {
     WITH ${imported} WHERE direct IS NULL
     MATCH (merged:MergedEntity {id: ${id}})-[:MERGED_INTO]->+(survivor:Entity) WHERE ${visible('merged')}
     RETURN survivor LIMIT 1
   }`;
};

/**
 * The start of every read of entities by id: each of $ids as `id`, with the entity it names as
 * `e` (an id merged into another entity resolves to the entity it now is), for those that exist
 * and the caller may see.
 */
export const ENTITIES_OF_IDS = `UNWIND $ids AS id
   ${RESOLVE_ENTITY_ID('id')}
   WITH id, coalesce(direct, survivor) AS e
   WHERE e IS NOT NULL AND ${visible('e')}`;

/** Entities by id. */
export const ENTITIES_BY_IDS = cypher(
  'entitiesByIds',
  `${ENTITIES_OF_IDS}
   RETURN id AS requestedId, e ${ENTITY_PROJECTION} AS entity`,
);

/** Entities by id, their names only (EntityDetail 'names'). */
export const ENTITY_NAMES_BY_IDS = cypher(
  'entityNamesByIds',
  `${ENTITIES_OF_IDS}
   RETURN id AS requestedId, e ${ENTITY_NAMES_PROJECTION} AS entity`,
);

/** Relations by id, retracted ones included, for one relationship type (the id says which, so its index is used). */
export const relationsByIdsQuery = statementFamily(function relationsByIdsQuery(type: RelationType): NamedQuery {
  return cypher(
    `relationsByIds_${type}`,
    `UNWIND $ids AS id
     MATCH ()-[r${relationTypePattern([type])} {id: id}]->()
     WHERE ${visible('r')}
     RETURN ${RELATION_PROJECTION} AS relation`,
  );
});

export const EVIDENCE_BY_SUBJECTS = cypher(
  'evidenceBySubjects',
  `UNWIND $ids AS subjectId
   MATCH (ev:Evidence {subjectId: subjectId})-[:FROM]->(d:Document)
   WHERE ${visible('d')}
   RETURN subjectId, ev.quote AS quote, d.id AS documentId
   ORDER BY d.id, ev.ordinal, ev.id`,
);

export const DOCUMENTS_BY_IDS = cypher(
  'documentsByIds',
  `UNWIND $ids AS id
   MATCH (d:Document {id: id})
   WHERE ${visible('d')}
   RETURN ${DOCUMENT_PROJECTION} AS document`,
);

/** For each entity, the ids merged into it, directly or through a chain of merges. */
export const MERGED_IDS_BY_ENTITIES = cypher(
  'mergedIdsByEntities',
  `UNWIND $ids AS id
   MATCH (e:Entity {id: id})
   RETURN id, COLLECT { MATCH (e)<-[:MERGED_INTO]-+(m:MergedEntity) WHERE ${visible('m')} RETURN m.id ORDER BY m.id } AS mergedIds`,
);

/** Statements by id, retracted ones included (the resolver decides whether to show them). */
export const STATEMENTS_BY_IDS = cypher(
  'statementsByIds',
  `UNWIND $ids AS id
   MATCH (s:Statement {id: id})
   WHERE ${visible('s')}
   RETURN ${STATEMENT_PROJECTION} AS statement`,
);

/** Statements each entity made or is the subject of, oldest claim first where the graph knows the order. */
export const STATEMENTS_BY_ENTITIES = cypher(
  'statementsByEntities',
  `UNWIND $ids AS entityId
   MATCH (e:Entity {id: entityId})
   CALL (e) {
     MATCH (e)-[:MADE]->(s:Statement) WHERE ${ACTIVE_STATEMENT} RETURN s
     UNION
     MATCH (s:Statement)-[:ABOUT]->(e) WHERE ${ACTIVE_STATEMENT} RETURN s
   }
   WITH entityId, s ORDER BY ${REVISIONS_OF('s')}, s.id
   RETURN entityId, collect(${STATEMENT_PROJECTION}) AS statements`,
);


/** The map projection of a change that ChangeRecord is built from (details stay JSON text until parsed). */
const CHANGE_PROJECTION = `c { .id, at: toString(c.at), .action, .subjectType, .subjectId, .actorId, .actorKind, .reason, .documentIds,
  .fields, .quotesAdded, .quotesRemoved }`;

/**
 * The same projection of the creation at place `i` of a Creations record `r` (creation-records.ts),
 * its id the record's and the subject's; its subject type follows from the id (row-mappers.ts).
 */
const CREATION_PROJECTION = `{ id: r.id + '/' + r.subjectIds[i], at: toString(r.at), action: 'CREATED', subjectId: r.subjectIds[i],
  actorId: r.actorId, actorKind: r.actorKind, reason: r.reason, documentIds: r.documentIds, fields: r.fields[i], quotesAdded: r.quotesAdded[i] }`;

/** Newest first; a cursor is the (time, id) of the last change of a page. */
const AFTER_CURSOR = (at: string, id: string) => `($afterAt IS NULL OR ${at} < datetime($afterAt) OR (${at} = datetime($afterAt) AND ${id} < $afterId))`;

/**
 * One page of the history of each of many subjects, with each one's total, in one round trip:
 * its Change nodes, and its creation in the record it names (`row.recordId`, when it names one).
 */
export const HISTORY_PAGES = cypher(
  'historyPages',
  `UNWIND $rows AS row
   CALL (row) {
     CALL (row) {
       MATCH (c:Change {subjectId: row.subjectId})
       WHERE ${AFTER_CURSOR('c.at', 'c.id')} AND ${visible('c')}
       RETURN c.at AS at, c.id AS id, ${CHANGE_PROJECTION} AS change
       UNION ALL
       MATCH (r:Creations {id: row.recordId}) WHERE ${visible('r')}
       UNWIND [i IN range(0, size(r.subjectIds) - 1) WHERE r.subjectIds[i] = row.subjectId] AS i
       WITH r, i WHERE ${AFTER_CURSOR('r.at', "r.id + '/' + r.subjectIds[i]")}
       RETURN r.at AS at, r.id + '/' + r.subjectIds[i] AS id, ${CREATION_PROJECTION} AS change
     }
     WITH change ORDER BY at DESC, id DESC LIMIT $limit
     RETURN collect(change) AS page
   }
   RETURN row.subjectId AS subjectId, page,
          COUNT { MATCH (c:Change {subjectId: row.subjectId}) WHERE ${visible('c')} }
          + COUNT { MATCH (r:Creations {id: row.recordId}) WHERE ${visible('r')} AND row.subjectId IN r.subjectIds } AS total`,
);

/**
 * One page of every change to the graph, newest first: the newest Change nodes and the newest
 * creations of the newest records (each record holds at least one; one more than a page is read,
 * as the first may hold none past the cursor).
 */
export const CHANGES_PAGE = cypher(
  'changesPage',
  `CALL () {
     MATCH (c:Change)
     WHERE c.at IS NOT NULL AND ${AFTER_CURSOR('c.at', 'c.id')} AND ${visible('c')}
     WITH c ORDER BY c.at DESC, c.id DESC LIMIT $limit
     RETURN c.at AS at, c.id AS id, ${CHANGE_PROJECTION} AS change
     UNION ALL
     MATCH (r:Creations)
     WHERE r.at IS NOT NULL AND ${AFTER_CURSOR('r.at', "r.id + '/'")} AND ${visible('r')}
     WITH r ORDER BY r.at DESC, r.id DESC LIMIT $limit + 1
     UNWIND range(0, size(r.subjectIds) - 1) AS i
     WITH r, i, r.id + '/' + r.subjectIds[i] AS id
     WHERE ${AFTER_CURSOR('r.at', 'id')}
     WITH r, i, id ORDER BY r.at DESC, id DESC LIMIT $limit
     RETURN r.at AS at, id, ${CREATION_PROJECTION} AS change
   }
   RETURN change ORDER BY at DESC, id DESC LIMIT $limit`,
);

/** How many changes there are: Change nodes, and creations in records. */
export const COUNT_CHANGES = cypher(
  'countChanges',
  `CALL () {
     MATCH (c:Change) WHERE ${visible('c')} RETURN count(c) AS count
     UNION ALL
     MATCH (r:Creations) WHERE ${visible('r')} RETURN sum(r.subjectCount) AS count
   }
   RETURN sum(count) AS total`,
);
