/**
 * Merging two entities that turn out to be one, and undoing it. A merge moves everything the
 * merged entity has (relations, their quotes, its own quotes, statement and publisher links, its
 * names) onto the survivor, leaves the merged node behind as a MergedEntity pointing at the
 * survivor (so its id keeps resolving), and keeps a Merge record with what it moved and what it
 * created, which is what an undo puts back. Both run in one write transaction each.
 */
import type { EntityKind, RelationType } from '../generated/graphql.js';
import { groupBy, KIND_LABEL, relationIdsByType, relationIdWithEnds, relationTypePattern } from '../domain/model.js';
import { STORED_PROPERTIES } from '../domain/entity-fields.js';
import { searchSpellings } from '../domain/names.js';
import { evidenceIdFor } from '../domain/quotes.js';
import { CurationError } from '../errors.js';
import { cypher, type Database, type NamedQuery, type Transaction } from './database.js';
import { changesBetween, explicitChange, recordChanges, snapshotSubjects, type ChangeContext, type NewChange, type SubjectSnapshot } from './history-store.js';
import { visible } from './read-queries.js';
import { refreshRestriction } from './restriction.js';
import type { ActorRecord } from './records.js';

/** Ids merged into other entities, each with the entity it now resolves to (following chains of merges). */
const MERGED_REDIRECTS = cypher(
  'mergedRedirects',
  `UNWIND $ids AS id
   MATCH (m:MergedEntity {id: id})-[:MERGED_INTO]->+(survivor:Entity) USING INDEX SEEK m:MergedEntity(id)
   RETURN id, survivor.id AS survivorId`,
  { stablePlan: true },
);

/** For each id that was merged into another entity, the id of the entity it now is. */
export async function mergedRedirects(db: Database, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.read((tx) => tx.run(MERGED_REDIRECTS, { ids }));
  return new Map(rows.map((r) => [r.id as string, r.survivorId as string]));
}

const ENTITY_STATE = cypher(
  'mergeEntityState',
  `UNWIND $ids AS id
   OPTIONAL MATCH (e:Entity {id: id})
   OPTIONAL MATCH (m:MergedEntity {id: id})-[:MERGED_INTO]->+(survivor:Entity)
   // What the writer may not see is absent to it (see read-queries.ts).
   WITH id, CASE WHEN ${visible('e')} THEN e END AS e, CASE WHEN ${visible('m')} THEN survivor END AS survivor
   RETURN id, e.kind AS kind, survivor.id AS survivorId, coalesce(e.restricted, false) AS restricted`,
);

/** Everything a merge moves off the merged entity, as plain values (retraction times as text). */
const MERGED_ENTITY_SNAPSHOT = cypher(
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

export interface RelationSnapshot {
  id: string;
  type: RelationType;
  outgoing: boolean;
  otherId: string;
  props: Record<string, unknown>;
}
interface EvidenceSnapshot {
  id: string;
  subjectId: string;
  quote: string;
  ordinal: number;
  curated: boolean | null;
  documentId: string;
}
interface MergedSnapshot {
  props: Record<string, unknown>;
  relations: RelationSnapshot[];
  made: string[];
  about: string[];
  madeAt: string[];
  published: string[];
  evidence: EvidenceSnapshot[];
}

/** What the Merge record keeps so that the merge can be undone. */
interface MergePlan {
  snapshot: MergedSnapshot;
  /** Old relation id → its id on the survivor, or null when it would have related the survivor to itself. */
  moved: Record<string, string | null>;
  /** Relations and quotes the merge created on the survivor (those it found there already stay on undo). */
  createdRelationIds: string[];
  createdEvidenceIds: string[];
  /** Statement and publisher links the merge created on the survivor. */
  createdLinks: { made: string[]; about: string[]; madeAt: string[]; published: string[] };
  addedAliases: string[];
  /** Survivor fields the merge filled from the merged entity because the survivor had none. */
  filledFields: Record<string, unknown>;
}

function existingRelationsQuery(type: RelationType): NamedQuery {
  return cypher(
    `mergeExistingRelations_${type}`,
    `UNWIND $ids AS id MATCH ()-[r${relationTypePattern([type])} {id: id}]->() RETURN r.id AS id`,
  );
}

/** Creates relations (or finds them) between entities, with their properties; retraction times come back as datetimes. */
function createRelationsQuery(type: RelationType): NamedQuery {
  return cypher(
    `mergeCreateRelations_${type}`,
    `UNWIND $rows AS row
     MATCH (a:Entity {id: row.fromId}), (b:Entity {id: row.toId})
     MERGE (a)-[r${relationTypePattern([type])} {id: row.id}]->(b)
     // The snapshot's properties carry a null id, so that they never overwrite the id merged on.
     ON CREATE SET r += row.props, r.id = row.id,
                   r.retractedAt = CASE WHEN row.props.retractedAt IS NULL THEN null ELSE datetime(row.props.retractedAt) END`,
  );
}

function deleteRelationsQuery(type: RelationType, onlyUnsupported: boolean): NamedQuery {
  return cypher(
    `mergeDeleteRelations_${type}${onlyUnsupported ? '_unsupported' : ''}`,
    `UNWIND $ids AS id
     MATCH ()-[r${relationTypePattern([type])} {id: id}]->()
     ${onlyUnsupported ? 'WHERE NOT EXISTS { MATCH (:Evidence {subjectId: id}) }' : ''}
     DELETE r`,
  );
}

const EXISTING_EVIDENCE = cypher('mergeExistingEvidence', 'UNWIND $ids AS id MATCH (ev:Evidence {id: id}) RETURN ev.id AS id');

const CREATE_EVIDENCE = cypher(
  'mergeCreateEvidence',
  `UNWIND $rows AS row
   MATCH (d:Document {id: row.documentId})
   MERGE (ev:Evidence {id: row.id})
   ON CREATE SET ev.subjectId = row.subjectId, ev.quote = row.quote, ev.ordinal = row.ordinal, ev.curated = row.curated
   MERGE (ev)-[:FROM]->(d)`,
);

const DELETE_EVIDENCE = cypher('mergeDeleteEvidence', 'UNWIND $ids AS id MATCH (ev:Evidence {id: id}) DETACH DELETE ev');

const EXISTING_LINKS = cypher(
  'mergeExistingLinks',
  `MATCH (s:Entity {id: $survivorId})
   RETURN COLLECT { MATCH (s)-[:MADE]->(x:Statement) RETURN x.id } AS made,
          COLLECT { MATCH (x:Statement)-[:ABOUT]->(s) RETURN x.id } AS about,
          COLLECT { MATCH (x:Statement)-[:MADE_AT]->(s) RETURN x.id } AS madeAt,
          COLLECT { MATCH (d:Document)-[:PUBLISHED_BY]->(s) RETURN d.id } AS published`,
);

/** Statement and publisher links of an entity: `$links` lists them by the id of the statement or document. */
const LINK_ENTITY = cypher(
  'mergeLinkEntity',
  `MATCH (e:Entity {id: $entityId})
   CALL (e) { UNWIND $links.made AS id MATCH (s:Statement {id: id}) MERGE (e)-[:MADE]->(s) }
   CALL (e) { UNWIND $links.about AS id MATCH (s:Statement {id: id}) MERGE (s)-[:ABOUT]->(e) }
   CALL (e) { UNWIND $links.madeAt AS id MATCH (s:Statement {id: id}) MERGE (s)-[:MADE_AT]->(e) }
   CALL (e) { UNWIND $links.published AS id MATCH (d:Document {id: id}) MERGE (d)-[:PUBLISHED_BY]->(e) }`,
);

const UNLINK_ENTITY = cypher(
  'mergeUnlinkEntity',
  `MATCH (e:Entity {id: $entityId})
   CALL (e) { UNWIND $links.made AS id MATCH (e)-[l:MADE]->(:Statement {id: id}) DELETE l }
   CALL (e) { UNWIND $links.about AS id MATCH (:Statement {id: id})-[l:ABOUT]->(e) DELETE l }
   CALL (e) { UNWIND $links.madeAt AS id MATCH (:Statement {id: id})-[l:MADE_AT]->(e) DELETE l }
   CALL (e) { UNWIND $links.published AS id MATCH (:Document {id: id})-[l:PUBLISHED_BY]->(e) DELETE l }`,
);

const ENTITY_PROPERTIES = cypher('mergeEntityProperties', 'MATCH (e:Entity {id: $id}) RETURN e { .* } AS props');

const SET_ENTITY_PROPERTIES = cypher('mergeSetEntityProperties', 'MATCH (e:Entity {id: $id}) SET e += $props');

/** The merged node stays as a MergedEntity: out of every entity query and index, its id pointing at the survivor. */
function retireQuery(kind: EntityKind): NamedQuery {
  return cypher(
    `mergeRetire_${kind}`,
    `MATCH (m:Entity {id: $mergedId}), (s:Entity {id: $survivorId})
     REMOVE m:Entity:${KIND_LABEL[kind]}, m.mergeLock
     SET m:MergedEntity, m.mergedInto = $survivorId
     CREATE (m)-[:MERGED_INTO {mergeId: $mergeId}]->(s)`,
  );
}

function restoreQuery(kind: EntityKind): NamedQuery {
  return cypher(
    `mergeRestore_${kind}`,
    `MATCH (m:MergedEntity {id: $mergedId})-[link:MERGED_INTO]->()
     DELETE link
     REMOVE m:MergedEntity, m.mergedInto
     SET m:Entity:${KIND_LABEL[kind]}`,
  );
}

const CREATE_MERGE_RECORD = cypher(
  'createMergeRecord',
  `CREATE (:Merge { id: $id, survivorId: $survivorId, mergedId: $mergedId, at: datetime.transaction(),
                    actorId: $actorId, actorKind: $actorKind, reason: $reason, plan: $plan })`,
);

const LATEST_UNDONE_MERGE = cypher(
  'latestUndoneMerge',
  `MATCH (e:Entity {id: $mergedId}) WHERE ${visible('e')}
   MATCH (record:Merge {mergedId: $mergedId}) WHERE record.undoneAt IS NOT NULL
   RETURN record.survivorId AS survivorId ORDER BY record.undoneAt DESC LIMIT 1`,
);

/** Subjects that changed after the merge was made (the merge's own changes share its time). */
const CHANGED_SINCE_MERGE = cypher(
  'changedSinceMerge',
  `MATCH (record:Merge {id: $mergeId})
   UNWIND $ids AS id
   MATCH (c:Change {subjectId: id}) WHERE c.at > record.at
   RETURN DISTINCT id LIMIT 10`,
);

/** Which of these ids have been merged into another entity, and into which. */
export const MERGED_AMONG = cypher('mergedAmong', 'UNWIND $ids AS id MATCH (m:MergedEntity {id: id}) USING INDEX SEEK m:MergedEntity(id) RETURN id, m.mergedInto AS survivorId', {
  stablePlan: true,
});

/** Takes the merged entity's write lock first, so that no write can add to it while it is moved. */
const LOCK_MERGED = cypher('lockMergedEntity', 'MATCH (m:Entity {id: $mergedId}) SET m.mergeLock = true');

const ACTIVE_MERGE = cypher(
  'activeMerge',
  `MATCH (m:MergedEntity {id: $mergedId})-[link:MERGED_INTO]->(s)
   WHERE ${visible('m')}
   MATCH (record:Merge {id: link.mergeId})
   RETURN record.id AS id, record.survivorId AS survivorId, record.plan AS plan, s:Entity AS survivorIsEntity, s.mergedInto AS survivorMergedInto`,
);

const CLOSE_MERGE_RECORD = cypher(
  'closeMergeRecord',
  `MATCH (record:Merge {id: $id})
   SET record.undoneAt = datetime.transaction(), record.undoneById = $actorId, record.undoneByKind = $actorKind, record.undoReason = $reason`,
);

/** Survivor fields a merge may fill from the merged entity when the survivor has none: every field the sources give. */
const FILLABLE_FIELDS = STORED_PROPERTIES.map(({ property }) => property);


/**
 * Where each of the merged entity's relations goes: the same type and role, the merged end
 * replaced by the survivor (`moved`: old id → new id); one that joined the two becomes null, since
 * it would relate the survivor to itself. Pure, and unit-tested.
 */
export function relocateRelations(relations: readonly RelationSnapshot[], survivorId: string) {
  const moved: Record<string, string | null> = {};
  const toCreate: Array<{ id: string; type: RelationType; fromId: string; toId: string; props: Record<string, unknown> }> = [];
  for (const relation of relations) {
    if (relation.otherId === survivorId) {
      moved[relation.id] = null;
      continue;
    }
    const [fromId, toId] = relation.outgoing ? [survivorId, relation.otherId] : [relation.otherId, survivorId];
    const id = relationIdWithEnds(relation.id, fromId, toId);
    moved[relation.id] = id;
    toCreate.push({ id, type: relation.type, fromId, toId, props: relation.props });
  }
  return { moved, toCreate };
}

/**
 * What the merged entity lends the survivor: its names as aliases, and the fields the survivor
 * lacks. Nothing when only restricted sources support the merged entity and the survivor is open.
 * Pure, and unit-tested.
 */
export function namesAndFieldsLent(merged: Record<string, unknown>, survivor: Record<string, unknown>) {
  const filledFields: Record<string, unknown> = {};
  if (merged.restricted === true && survivor.restricted !== true) return { addedAliases: [] as string[], filledFields };
  const survivorAliases = (survivor.aliases as string[] | null) ?? [];
  const mergedNames = [merged.name as string, ...((merged.aliases as string[] | null) ?? [])];
  const addedAliases = [...new Set(mergedNames)].filter((n) => n !== survivor.name && !survivorAliases.includes(n));
  for (const field of FILLABLE_FIELDS) {
    if ((survivor[field] ?? null) === null && (merged[field] ?? null) !== null) filledFields[field] = merged[field];
  }
  return { addedAliases, filledFields };
}

/**
 * The history of a merge or of its undo: the merged entity (merged into the survivor, or back), the
 * id each of its relations moved to (or back from), and, from snapshots, what changed on the
 * survivor and on the relations the merge created or added to.
 */
function mergeChanges(
  action: 'MERGED' | 'MERGE_UNDONE',
  { mergedId, survivorId, snapshot, moved, before, after, context }: {
    mergedId: string;
    survivorId: string;
    snapshot: MergedSnapshot;
    moved: Record<string, string | null>;
    before: Map<string, SubjectSnapshot>;
    after: Map<string, SubjectSnapshot>;
    context: ChangeContext;
  },
): NewChange[] {
  // An undo records the merge's changes the other way round.
  const change = (from: string | null, to: string | null) => (action === 'MERGED' ? { before: from, after: to } : { before: to, after: from });
  const restrictedRelations = new Set(snapshot.relations.filter((r) => r.props.restricted === true).map((r) => r.id));
  return [
    explicitChange(
      { action, subjectId: mergedId, subjectType: 'ENTITY', fields: [{ field: 'mergedInto', ...change(null, survivorId) }], restricted: snapshot.props.restricted === true },
      context,
    ),
    ...Object.entries(moved).map(([oldId, newId]) =>
      explicitChange({ action, subjectId: oldId, subjectType: 'RELATION', fields: [{ field: 'id', ...change(oldId, newId) }], restricted: restrictedRelations.has(oldId) }, context),
    ),
    ...changesBetween(before, after, context, { action, extraFields: { [survivorId]: [{ field: 'absorbed', ...change(null, mergedId) }] } }),
  ];
}

export interface MergeRequest {
  survivorId: string;
  mergedId: string;
  reason: string;
  actor: ActorRecord;
  /** Whether the writer may see restricted material; for one who may not, it does not exist. */
  seesRestricted: boolean;
}

/**
 * Checks that both ids name live entities of one kind; returns the kind, or null when the merge has
 * already been made (a driver retry of a merge that committed, or the same request twice).
 */
async function checkMergeable(tx: Transaction, survivorId: string, mergedId: string, seesRestricted: boolean): Promise<EntityKind | null> {
  if (survivorId === mergedId) throw new CurationError('An entity cannot be merged into itself.', 'mergedId');
  const rows = await tx.run(ENTITY_STATE, { ids: [survivorId, mergedId], seesRestricted });
  const state = new Map(rows.map((r) => [r.id as string, r]));
  if (state.get(mergedId)!.survivorId === survivorId && state.get(survivorId)!.kind !== null) return null;
  for (const [argument, id] of [['survivorId', survivorId], ['mergedId', mergedId]] as const) {
    const row = state.get(id)!;
    if (row.kind === null && row.survivorId !== null) {
      throw new CurationError(`${id} was already merged into ${row.survivorId as string}; use that id, or undo that merge first.`, argument);
    }
    if (row.kind === null) throw new CurationError(`No entity has the id "${id}".`, argument, 'NOT_FOUND');
  }
  const [survivorKind, mergedKind] = [state.get(survivorId)!.kind, state.get(mergedId)!.kind];
  if (survivorKind !== mergedKind) {
    throw new CurationError(`${mergedId} is ${mergedKind as string} and ${survivorId} is ${survivorKind as string}: only entities of one kind can be one.`, 'mergedId');
  }
  return survivorKind as EntityKind;
}

/** Merges `mergedId` into `survivorId` in one write transaction; a merge made before is left as it is (idempotent). */
export async function mergeEntities(db: Database, request: MergeRequest): Promise<void> {
  const { survivorId, mergedId, actor, reason } = request;
  return db.write(async (tx) => {
    const kind = await checkMergeable(tx, survivorId, mergedId, request.seesRestricted);
    if (kind === null) return;
    await tx.run(LOCK_MERGED, { mergedId });
    const [raw] = await tx.run(MERGED_ENTITY_SNAPSHOT, { id: mergedId });
    const snapshot = raw as unknown as MergedSnapshot;
    const [survivor] = await tx.run(ENTITY_PROPERTIES, { id: survivorId });
    const survivorProps = survivor!.props as Record<string, unknown>;

    const { moved, toCreate } = relocateRelations(snapshot.relations, survivorId);
    const existingRelations = new Set<string>();
    for (const [type, rows] of groupBy(toCreate, (r) => r.type)) {
      for (const row of await tx.run(existingRelationsQuery(type), { ids: rows.map((r) => r.id) })) existingRelations.add(row.id as string);
    }
    const createdRelationIds = toCreate.map((r) => r.id).filter((id) => !existingRelations.has(id));

    const newSubject = (subjectId: string) => (subjectId === mergedId ? survivorId : moved[subjectId]);
    // A fact retracted on the merged side does not lend its quotes to the survivor's standing copy of it.
    const retracted = new Set(snapshot.relations.filter((r) => r.props.retractedAt !== null).map((r) => r.id));
    const evidenceRows = snapshot.evidence
      .filter((ev) => newSubject(ev.subjectId))
      .filter((ev) => !(retracted.has(ev.subjectId) && existingRelations.has(moved[ev.subjectId]!)))
      .map((ev) => {
        const subjectId = newSubject(ev.subjectId)!;
        return { ...ev, subjectId, id: evidenceIdFor(subjectId, ev.documentId, ev.quote) };
      });
    const existingEvidence = new Set((await tx.run(EXISTING_EVIDENCE, { ids: evidenceRows.map((e) => e.id) })).map((r) => r.id as string));
    const createdEvidenceIds = [...new Set(evidenceRows.map((e) => e.id).filter((id) => !existingEvidence.has(id)))];

    const [linksBefore] = await tx.run(EXISTING_LINKS, { survivorId });
    const minus = (list: string[], existing: unknown) => list.filter((id) => !(existing as string[]).includes(id));
    const createdLinks = {
      made: minus(snapshot.made, linksBefore!.made),
      about: minus(snapshot.about, linksBefore!.about),
      madeAt: minus(snapshot.madeAt, linksBefore!.madeAt),
      published: minus(snapshot.published, linksBefore!.published),
    };

    const survivorName = survivorProps.name as string;
    const survivorAliases = (survivorProps.aliases as string[] | null) ?? [];
    const { addedAliases, filledFields } = namesAndFieldsLent(snapshot.props, survivorProps);
    const plan: MergePlan = { snapshot, moved, createdRelationIds, createdEvidenceIds, createdLinks, addedAliases, filledFields };

    const historyIds = [survivorId, ...new Set(toCreate.map((r) => r.id))];
    const before = await snapshotSubjects(tx, historyIds);

    for (const [type, rows] of groupBy(toCreate, (r) => r.type)) await tx.run(createRelationsQuery(type), { rows });
    await tx.run(CREATE_EVIDENCE, { rows: evidenceRows });
    await tx.run(DELETE_EVIDENCE, { ids: snapshot.evidence.map((e) => e.id) });
    for (const [type, relations] of groupBy(snapshot.relations, (r) => r.type)) {
      await tx.run(deleteRelationsQuery(type, false), { ids: relations.map((r) => r.id) });
    }
    await tx.run(LINK_ENTITY, { entityId: survivorId, links: createdLinks });
    await tx.run(UNLINK_ENTITY, { entityId: mergedId, links: { made: snapshot.made, about: snapshot.about, madeAt: snapshot.madeAt, published: snapshot.published } });
    const aliases = [...survivorAliases, ...addedAliases];
    await tx.run(SET_ENTITY_PROPERTIES, {
      id: survivorId,
      props: {
        ...filledFields,
        aliases,
        searchSpellings: [...new Set([...((survivorProps.searchSpellings as string[] | null) ?? []), ...searchSpellings([survivorName, ...aliases])])],
      },
    });
    const mergeId = `merge/${mergedId.replace('/', '-')}-into-${survivorId.replace('/', '-')}-${Date.now().toString(36)}`;
    await tx.run(retireQuery(kind), { mergedId, survivorId, mergeId });
    await tx.run(CREATE_MERGE_RECORD, {
      id: mergeId,
      survivorId,
      mergedId,
      actorId: actor.id,
      actorKind: actor.kind,
      reason,
      plan: JSON.stringify(plan),
    });

    await refreshRestriction(tx, historyIds);
    const after = await snapshotSubjects(tx, historyIds);
    await recordChanges(tx, mergeChanges('MERGED', { mergedId, survivorId, snapshot, moved, before, after, context: { actor, reason } }));

  });
}

export interface UndoMergeRequest {
  mergedId: string;
  reason: string;
  actor: ActorRecord;
  /** Whether the writer may see restricted material; for one who may not, it does not exist. */
  seesRestricted: boolean;
}

/**
 * Undoes the merge of `mergedId`: the merged entity comes back with its own relations, quotes,
 * names and links; what the merge created on the survivor goes, unless a later write has quoted
 * it since. Returns the survivor's id.
 */
export async function undoMerge(db: Database, request: UndoMergeRequest): Promise<string> {
  const { mergedId, actor, reason } = request;
  return db.write(async (tx) => {
    const [record] = await tx.run(ACTIVE_MERGE, { mergedId, seesRestricted: request.seesRestricted });
    if (!record) {
      // Undone already (a retry of an undo that committed, or the same request twice): nothing to do.
      const [undone] = await tx.run(LATEST_UNDONE_MERGE, { mergedId, seesRestricted: request.seesRestricted });
      if (undone) return undone.survivorId as string;
      throw new CurationError(`${mergedId} is not merged into another entity; there is nothing to undo.`, 'mergedId');
    }
    const survivorId = record.survivorId as string;
    if (record.survivorIsEntity !== true) {
      throw new CurationError(`${survivorId}, which ${mergedId} was merged into, was itself merged into ${record.survivorMergedInto as string} since; undo that merge first.`, 'mergedId');
    }
    const plan = JSON.parse(record.plan as string) as MergePlan;
    const { snapshot } = plan;
    // An undo puts back what the merge moved; it cannot do so faithfully once that has changed again.
    const targets = [...new Set([...plan.createdRelationIds, ...Object.values(plan.moved).filter((id): id is string => id !== null)])];
    const changed = (await tx.run(CHANGED_SINCE_MERGE, { mergeId: record.id, ids: targets })).map((r) => r.id as string);
    if (changed.length > 0) {
      throw new CurationError(
        `The merge cannot be undone: since it, ${changed.join(', ')} changed (a later merge, an edit or a retraction). Undo those first.`,
        'mergedId',
      );
    }
    const mergedSince = await tx.run(MERGED_AMONG, { ids: [...new Set(snapshot.relations.map((r) => r.otherId))] });
    if (mergedSince.length > 0) {
      const names = mergedSince.map((r) => `${r.id as string} (into ${r.survivorId as string})`).join(', ');
      throw new CurationError(`The merge cannot be undone: ${names} has been merged since. Undo that merge first.`, 'mergedId');
    }
    const kind = snapshot.props.kind as EntityKind;
    const restoredRelationIds = snapshot.relations.map((r) => r.id);
    const uniqueHistoryIds = [survivorId, ...targets];
    const before = await snapshotSubjects(tx, uniqueHistoryIds);

    // Off the survivor: what the merge added to it.
    await tx.run(DELETE_EVIDENCE, { ids: plan.createdEvidenceIds });
    for (const [type, ids] of relationIdsByType(plan.createdRelationIds)) await tx.run(deleteRelationsQuery(type, true), { ids });
    await tx.run(UNLINK_ENTITY, { entityId: survivorId, links: plan.createdLinks });
    const [current] = await tx.run(ENTITY_PROPERTIES, { id: survivorId });
    const survivorProps = current!.props as Record<string, unknown>;
    const aliases = ((survivorProps.aliases as string[] | null) ?? []).filter((a) => !plan.addedAliases.includes(a));
    const kept = new Set(searchSpellings([survivorProps.name as string, ...aliases]));
    const dropped = new Set(searchSpellings(plan.addedAliases).filter((s) => !kept.has(s)));
    const props: Record<string, unknown> = {
      aliases,
      searchSpellings: ((survivorProps.searchSpellings as string[] | null) ?? []).filter((s) => !dropped.has(s)),
    };
    // A field the merge filled goes back to empty, unless someone has changed it since.
    for (const [field, value] of Object.entries(plan.filledFields)) {
      if (JSON.stringify(survivorProps[field] ?? null) === JSON.stringify(value)) props[field] = null;
    }
    await tx.run(SET_ENTITY_PROPERTIES, { id: survivorId, props });

    // Back onto the merged entity: itself, its relations, quotes and links, as they were.
    await tx.run(restoreQuery(kind), { mergedId });
    const relationRows = snapshot.relations.map((r) => ({
      id: r.id,
      type: r.type,
      props: r.props,
      fromId: r.outgoing ? mergedId : r.otherId,
      toId: r.outgoing ? r.otherId : mergedId,
    }));
    for (const [type, rows] of groupBy(relationRows, (r) => r.type)) await tx.run(createRelationsQuery(type), { rows });
    await tx.run(CREATE_EVIDENCE, { rows: snapshot.evidence });
    await tx.run(LINK_ENTITY, { entityId: mergedId, links: { made: snapshot.made, about: snapshot.about, madeAt: snapshot.madeAt, published: snapshot.published } });
    await tx.run(CLOSE_MERGE_RECORD, { id: record.id, actorId: actor.id, actorKind: actor.kind, reason });

    await refreshRestriction(tx, [...uniqueHistoryIds, mergedId, ...restoredRelationIds]);
    const after = await snapshotSubjects(tx, uniqueHistoryIds);
    await recordChanges(tx, mergeChanges('MERGE_UNDONE', { mergedId, survivorId, snapshot, moved: plan.moved, before, after, context: { actor, reason } }));
    return survivorId;
  });
}
