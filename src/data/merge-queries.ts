/**
 * The Cypher statements of a merge and of its undo (data/merge-store.ts, data/merge-undo.ts).
 * Labels and relationship types in them come from the allowlists in domain/model.ts.
 */
import type { EntityKind, RelationType } from '../generated/graphql.js';
import { KIND_LABEL, relationTypePattern } from '../domain/model.js';
import { cypher, type NamedQuery } from './database.js';
import { visible } from './read-queries.js';
import { relationKeysSet } from './relation-keys.js';

export const ENTITY_STATE = cypher(
  'mergeEntityState',
  `UNWIND $ids AS id
   OPTIONAL MATCH (e:Entity {id: id})
   OPTIONAL MATCH (m:MergedEntity {id: id})-[:MERGED_INTO]->+(survivor:Entity)
   // What the writer may not see is absent to it (see read-queries.ts).
   WITH id, CASE WHEN ${visible('e')} THEN e END AS e, CASE WHEN ${visible('m')} THEN survivor END AS survivor
   RETURN id, e.kind AS kind, survivor.id AS survivorId, coalesce(e.restricted, false) AS restricted`,
);

/** Everything a merge moves off the merged entity, as plain values (retraction times as text). */
export const MERGED_ENTITY_SNAPSHOT = cypher(
  'mergedEntitySnapshot',
  `MATCH (m:Entity {id: $id})
   WITH m, COLLECT {
     MATCH (m)-[r]-(o:Entity)
     RETURN { id: r.id, type: type(r), outgoing: startNode(r) = m, otherId: o.id,
              props: r { .*, id: null, retractedAt: toString(r.retractedAt) } } AS rel
   } AS relations
   RETURN m { .* } AS props, relations,
     COLLECT { MATCH (m)-[:MADE]->(s:Statement) RETURN s.id } AS made,
     COLLECT { MATCH (s:Statement)-[:ABOUT]->(m) RETURN s.id } AS about,
     COLLECT { MATCH (s:Statement)-[:MADE_AT]->(m) RETURN s.id } AS madeAt,
     COLLECT { MATCH (d:Document)-[:PUBLISHED_BY]->(m) RETURN d.id } AS published,
     COLLECT {
       UNWIND [$id] + [r IN relations | r.id] AS subjectId
       MATCH (ev:Evidence {subjectId: subjectId})-[:FROM]->(d:Document)
       RETURN { id: ev.id, subjectId: subjectId, quote: ev.quote, ordinal: ev.ordinal, curated: ev.curated, documentId: d.id } AS ev
     } AS evidence`,
);

export function existingRelationsQuery(type: RelationType): NamedQuery {
  return cypher(
    `mergeExistingRelations_${type}`,
    `UNWIND $ids AS id MATCH ()-[r${relationTypePattern([type])} {id: id}]->() RETURN r.id AS id`,
  );
}

/** Creates relations (or finds them) between entities, with their properties; retraction times come back as datetimes. */
export function createRelationsQuery(type: RelationType): NamedQuery {
  return cypher(
    `mergeCreateRelations_${type}`,
    `UNWIND $rows AS row
     MATCH (a:Entity {id: row.fromId}), (b:Entity {id: row.toId})
     MERGE (a)-[r${relationTypePattern([type])} {id: row.id}]->(b)
     // The snapshot's properties carry a null id, so that they never overwrite the id merged on.
     ON CREATE SET r += row.props, r.id = row.id,
                   r.retractedAt = CASE WHEN row.props.retractedAt IS NULL THEN null ELSE datetime(row.props.retractedAt) END
     // The copied keys name the old ends: made again for the new ones.
     SET ${relationKeysSet('r')}`,
  );
}

export function deleteRelationsQuery(type: RelationType, onlyUnsupported: boolean): NamedQuery {
  return cypher(
    `mergeDeleteRelations_${type}${onlyUnsupported ? '_unsupported' : ''}`,
    `UNWIND $ids AS id
     MATCH ()-[r${relationTypePattern([type])} {id: id}]->()
     ${onlyUnsupported ? 'WHERE NOT EXISTS { MATCH (:Evidence {subjectId: id}) }' : ''}
     DELETE r`,
  );
}

export const EXISTING_EVIDENCE = cypher('mergeExistingEvidence', 'UNWIND $ids AS id MATCH (ev:Evidence {id: id}) RETURN ev.id AS id');

export const CREATE_EVIDENCE = cypher(
  'mergeCreateEvidence',
  `UNWIND $rows AS row
   MATCH (d:Document {id: row.documentId})
   MERGE (ev:Evidence {id: row.id})
   ON CREATE SET ev.subjectId = row.subjectId, ev.quote = row.quote, ev.ordinal = row.ordinal, ev.curated = row.curated
   MERGE (ev)-[:FROM]->(d)`,
);

export const DELETE_EVIDENCE = cypher('mergeDeleteEvidence', 'UNWIND $ids AS id MATCH (ev:Evidence {id: id}) DETACH DELETE ev');

export const EXISTING_LINKS = cypher(
  'mergeExistingLinks',
  `MATCH (s:Entity {id: $survivorId})
   RETURN COLLECT { MATCH (s)-[:MADE]->(x:Statement) RETURN x.id } AS made,
          COLLECT { MATCH (x:Statement)-[:ABOUT]->(s) RETURN x.id } AS about,
          COLLECT { MATCH (x:Statement)-[:MADE_AT]->(s) RETURN x.id } AS madeAt,
          COLLECT { MATCH (d:Document)-[:PUBLISHED_BY]->(s) RETURN d.id } AS published`,
);

/** Statement and publisher links of an entity: `$links` lists them by the id of the statement or document. */
export const LINK_ENTITY = cypher(
  'mergeLinkEntity',
  `MATCH (e:Entity {id: $entityId})
   CALL (e) { UNWIND $links.made AS id MATCH (s:Statement {id: id}) MERGE (e)-[:MADE]->(s) }
   CALL (e) { UNWIND $links.about AS id MATCH (s:Statement {id: id}) MERGE (s)-[:ABOUT]->(e) }
   CALL (e) { UNWIND $links.madeAt AS id MATCH (s:Statement {id: id}) MERGE (s)-[:MADE_AT]->(e) }
   CALL (e) { UNWIND $links.published AS id MATCH (d:Document {id: id}) MERGE (d)-[:PUBLISHED_BY]->(e) }`,
);

export const UNLINK_ENTITY = cypher(
  'mergeUnlinkEntity',
  `MATCH (e:Entity {id: $entityId})
   CALL (e) { UNWIND $links.made AS id MATCH (e)-[l:MADE]->(:Statement {id: id}) DELETE l }
   CALL (e) { UNWIND $links.about AS id MATCH (:Statement {id: id})-[l:ABOUT]->(e) DELETE l }
   CALL (e) { UNWIND $links.madeAt AS id MATCH (:Statement {id: id})-[l:MADE_AT]->(e) DELETE l }
   CALL (e) { UNWIND $links.published AS id MATCH (:Document {id: id})-[l:PUBLISHED_BY]->(e) DELETE l }`,
);

export const ENTITY_PROPERTIES = cypher('mergeEntityProperties', 'MATCH (e:Entity {id: $id}) RETURN e { .* } AS props');

export const SET_ENTITY_PROPERTIES = cypher('mergeSetEntityProperties', 'MATCH (e:Entity {id: $id}) SET e += $props');

/** The merged node stays as a MergedEntity: out of every entity query and index, its id pointing at the survivor. */
export function retireQuery(kind: EntityKind): NamedQuery {
  return cypher(
    `mergeRetire_${kind}`,
    `MATCH (m:Entity {id: $mergedId}), (s:Entity {id: $survivorId})
     REMOVE m:Entity:${KIND_LABEL[kind]}, m.mergeLock
     SET m:MergedEntity, m.mergedInto = $survivorId
     CREATE (m)-[:MERGED_INTO {mergeId: $mergeId}]->(s)`,
  );
}

export function restoreQuery(kind: EntityKind): NamedQuery {
  return cypher(
    `mergeRestore_${kind}`,
    `MATCH (m:MergedEntity {id: $mergedId})-[link:MERGED_INTO]->()
     DELETE link
     REMOVE m:MergedEntity, m.mergedInto
     SET m:Entity:${KIND_LABEL[kind]}`,
  );
}

export const CREATE_MERGE_RECORD = cypher(
  'createMergeRecord',
  `CREATE (:Merge { id: $id, survivorId: $survivorId, mergedId: $mergedId, at: datetime.transaction(),
                    actorId: $actorId, actorKind: $actorKind, reason: $reason, plan: $plan })`,
);

export const LATEST_UNDONE_MERGE = cypher(
  'latestUndoneMerge',
  `MATCH (e:Entity {id: $mergedId}) WHERE ${visible('e')}
   MATCH (record:Merge {mergedId: $mergedId}) WHERE record.undoneAt IS NOT NULL
   RETURN record.survivorId AS survivorId ORDER BY record.undoneAt DESC LIMIT 1`,
);

/** Subjects that changed after the merge was made (the merge's own changes share its time). */
export const CHANGED_SINCE_MERGE = cypher(
  'changedSinceMerge',
  `MATCH (record:Merge {id: $mergeId})
   UNWIND $ids AS id
   MATCH (c:Change {subjectId: id}) WHERE c.at > record.at
   RETURN DISTINCT id LIMIT 10`,
);


/** Takes the merged entity's write lock first, so that no write can add to it while it is moved. */
export const LOCK_MERGED = cypher('lockMergedEntity', 'MATCH (m:Entity {id: $mergedId}) SET m.mergeLock = true');

export const ACTIVE_MERGE = cypher(
  'activeMerge',
  `MATCH (m:MergedEntity {id: $mergedId})-[link:MERGED_INTO]->(s)
   WHERE ${visible('m')}
   MATCH (record:Merge {id: link.mergeId})
   RETURN record.id AS id, record.survivorId AS survivorId, record.plan AS plan, s:Entity AS survivorIsEntity, s.mergedInto AS survivorMergedInto`,
);

export const CLOSE_MERGE_RECORD = cypher(
  'closeMergeRecord',
  `MATCH (record:Merge {id: $id})
   SET record.undoneAt = datetime.transaction(), record.undoneById = $actorId, record.undoneByKind = $actorKind, record.undoReason = $reason`,
);
