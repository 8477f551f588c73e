/**
 * The Cypher the data layer builds from code (per relationship type, direction, label, sort key,
 * and from the description of entity fields), kept as inline snapshots: a change to any generated
 * statement shows in review as a change to this file, without a database. Run `npx vitest -u` to
 * accept an intended change, and read the diff.
 */
import { describe, expect, it } from 'vitest';
import { pathExpansionQuery, pathRootDegreesQuery, timelineQuery } from '../../src/data/analysis-queries.js';
import { MERGE_ENTITIES } from '../../src/data/bundle-queries.js';
import { createRelationsQuery, deleteRelationsQuery, retireQuery } from '../../src/data/merge-queries.js';
import { entityPageQuery } from '../../src/data/entity-list-queries.js';
import { currentFirstRelationsQuery, entitiesWithRelationPageQuery, relationPagesQuery, type RelationPageQueryShape } from '../../src/data/relation-queries.js';
import type { NamedQuery } from '../../src/data/database.js';

/** A page of relations of these types and direction, without quotes, with the total, and all of each other end unless said. */
const page = (
  types: RelationPageQueryShape['types'],
  direction: RelationPageQueryShape['direction'],
  withEvidence = false,
  otherDetail: RelationPageQueryShape['otherDetail'] = 'all',
): RelationPageQueryShape => ({ types, direction, withEvidence, withTotal: true, otherDetail });

/** The statement with its whitespace made even, so that the snapshot shows the words that matter. */
const text = (query: NamedQuery) => `${query.name}${query.stablePlan ? ' (stable plan)' : ''}:\n${query.text.replace(/[ \t]+/g, ' ').replace(/\n /g, '\n').trim()}`;

describe('dynamically built Cypher', () => {
  it('a relation page, for two types in either order and one direction', () => {
    expect(text(relationPagesQuery(page(['PART_OF', 'OWNS'], 'INCOMING')))).toMatchInlineSnapshot(`
      "relationPages_INCOMING:
      /* relationPages_INCOMING */
      UNWIND $ids AS entityId
      MATCH (e:Entity {id: entityId})
      CALL (e) {
      MATCH (e)<-[r:OWNS|PART_OF]-(o:Entity)
      WHERE r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND ($asOfStart IS NULL OR (
      (r.validFromStart IS NULL OR r.validFromStart <= $asOfEnd) AND
      (r.validToEnd IS NULL OR r.validToEnd >= $asOfStart))) AND ($pageAfter IS NULL OR r.id > $pageAfter)
      WITH DISTINCT r, o ORDER BY r.id LIMIT $pageLimit
      RETURN collect(r { .id, .role, .validFrom, .validTo, .current, .statementId, type: type(r), fromId: o.id, toId: e.id,
      retraction: null, otherEntity: o { .id, .kind, .name, .aliases, .unidentified, .description, .category, .status, .products, .placeType, .date } }) AS page
      }
      WITH entityId, page, COUNT { MATCH (e)<-[r:OWNS|PART_OF]-(o:Entity) WHERE r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND ($asOfStart IS NULL OR (
      (r.validFromStart IS NULL OR r.validFromStart <= $asOfEnd) AND
      (r.validToEnd IS NULL OR r.validToEnd >= $asOfStart))) } AS total
      RETURN entityId, page, total"
    `);
    // The same question in another order of types is the same statement (one cached plan).
    expect(relationPagesQuery(page(['OWNS', 'PART_OF'], 'INCOMING')).text).toBe(relationPagesQuery(page(['PART_OF', 'OWNS'], 'INCOMING')).text);
  });

  it('an entity read with a page of its relations, and a page of entities each with a page of its relations', () => {
    expect(text(entitiesWithRelationPageQuery({ ...page(['HOLDS_POSITION'], 'OUTGOING', true), withTotal: false }))).toMatchInlineSnapshot(`
      "entitiesWithRelationPage_OUTGOING_withEvidence_noTotal:
      /* entitiesWithRelationPage_OUTGOING_withEvidence_noTotal */
      UNWIND $ids AS id
      OPTIONAL MATCH (direct:Entity {id: id})
      OPTIONAL CALL (id, direct) {
      WITH id, direct WHERE direct IS NULL
      MATCH (merged:MergedEntity {id: id})-[:MERGED_INTO]->+(survivor:Entity) WHERE ($seesRestricted OR NOT coalesce(merged.restricted, false))
      RETURN survivor LIMIT 1
      }
      WITH id, coalesce(direct, survivor) AS e
      WHERE e IS NOT NULL AND ($seesRestricted OR NOT coalesce(e.restricted, false))
      CALL (e) {
      MATCH (e)-[r:HOLDS_POSITION]->(o:Entity)
      USING INDEX r:HOLDS_POSITION(id)
      WHERE r.id STARTS WITH 'holds-position:' + e.id + ':' AND r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND ($asOfStart IS NULL OR (
      (r.validFromStart IS NULL OR r.validFromStart <= $asOfEnd) AND
      (r.validToEnd IS NULL OR r.validToEnd >= $asOfStart))) AND ($pageAfter IS NULL OR r.id > $pageAfter)
      WITH DISTINCT r, o ORDER BY r.id LIMIT $pageLimit
      RETURN collect(r { .id, .role, .validFrom, .validTo, .current, .statementId, type: type(r), fromId: e.id, toId: o.id,
      retraction: null, otherEntity: o { .id, .kind, .name, .aliases, .unidentified, .description, .category, .status, .products, .placeType, .date }, evidence: COLLECT { MATCH (ev:Evidence {subjectId: r.id})-[:FROM]->(d:Document) WHERE ($seesRestricted OR NOT coalesce(d.restricted, false))
      RETURN { quote: ev.quote, documentId: d.id } ORDER BY d.id, ev.ordinal, ev.id } }) AS page
      }
      WITH id, e, page, 0 AS total
      RETURN id AS requestedId, e { .id, .kind, .name, .aliases, .unidentified, .description, .category, .status, .products, .placeType, .date } AS entity, page, total"
    `);
    expect(text(entityPageQuery('NAME', 'ASC', true, page(['OWNS'], 'OUTGOING', false, 'names')))).toMatchInlineSnapshot(`
      "entityPage_NAME_ASC_oneKind_withRelations_OUTGOING_otherNames:
      /* entityPage_NAME_ASC_oneKind_withRelations_OUTGOING_otherNames */
      MATCH (e:Entity)
      WHERE e.kind IN $kinds AND e.name IS NOT NULL AND ($seesRestricted OR NOT coalesce(e.restricted, false)) AND ($kinds IS NULL OR e.kind IN $kinds)
      AND ($categories IS NULL OR e.category IN $categories)
      AND ($needle IS NULL OR any(s IN coalesce(e.searchSpellings, []) WHERE s CONTAINS $needle OR s CONTAINS $compactNeedle))
      AND ($afterId IS NULL OR e.name > $afterKey OR (e.name = $afterKey AND e.id > $afterId))
      WITH e ORDER BY e.kind ASC, e.name ASC, e.id ASC LIMIT $limit
      CALL (e) {
      MATCH (e)-[r:OWNS]->(o:Entity)
      USING INDEX r:OWNS(id)
      WHERE r.id STARTS WITH 'owns:' + e.id + ':' AND r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND ($asOfStart IS NULL OR (
      (r.validFromStart IS NULL OR r.validFromStart <= $asOfEnd) AND
      (r.validToEnd IS NULL OR r.validToEnd >= $asOfStart))) AND ($pageAfter IS NULL OR r.id > $pageAfter)
      WITH DISTINCT r, o ORDER BY r.id LIMIT $pageLimit
      RETURN collect(r { .id, .role, .validFrom, .validTo, .current, .statementId, type: type(r), fromId: e.id, toId: o.id,
      retraction: null, otherEntity: o { .id, .kind, .name, .aliases, .unidentified } }) AS page
      }
      WITH e, page, COUNT { MATCH (e)-[r:OWNS]->(o:Entity) WHERE r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND ($asOfStart IS NULL OR (
      (r.validFromStart IS NULL OR r.validFromStart <= $asOfEnd) AND
      (r.validToEnd IS NULL OR r.validToEnd >= $asOfStart))) } AS total
      RETURN e { .id, .kind, .name, .aliases, .unidentified, .description, .category, .status, .products, .placeType, .date } AS entity, e.name AS sortKey, page, total
      ORDER BY e.kind ASC, e.name ASC, e.id ASC"
    `);
  });

  it('a relation page that brings its quotes along', () => {
    expect(text(relationPagesQuery(page(['OWNS'], 'OUTGOING', true)))).toMatchInlineSnapshot(`
      "relationPages_OUTGOING_withEvidence:
      /* relationPages_OUTGOING_withEvidence */
      UNWIND $ids AS entityId
      MATCH (e:Entity {id: entityId})
      CALL (e) {
      MATCH (e)-[r:OWNS]->(o:Entity)
      USING INDEX r:OWNS(id)
      WHERE r.id STARTS WITH 'owns:' + e.id + ':' AND r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND ($asOfStart IS NULL OR (
      (r.validFromStart IS NULL OR r.validFromStart <= $asOfEnd) AND
      (r.validToEnd IS NULL OR r.validToEnd >= $asOfStart))) AND ($pageAfter IS NULL OR r.id > $pageAfter)
      WITH DISTINCT r, o ORDER BY r.id LIMIT $pageLimit
      RETURN collect(r { .id, .role, .validFrom, .validTo, .current, .statementId, type: type(r), fromId: e.id, toId: o.id,
      retraction: null, otherEntity: o { .id, .kind, .name, .aliases, .unidentified, .description, .category, .status, .products, .placeType, .date }, evidence: COLLECT { MATCH (ev:Evidence {subjectId: r.id})-[:FROM]->(d:Document) WHERE ($seesRestricted OR NOT coalesce(d.restricted, false))
      RETURN { quote: ev.quote, documentId: d.id } ORDER BY d.id, ev.ordinal, ev.id } }) AS page
      }
      WITH entityId, page, COUNT { MATCH (e)-[r:OWNS]->(o:Entity) WHERE r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND ($asOfStart IS NULL OR (
      (r.validFromStart IS NULL OR r.validFromStart <= $asOfEnd) AND
      (r.validToEnd IS NULL OR r.validToEnd >= $asOfStart))) } AS total
      RETURN entityId, page, total"
    `);
  });

  it('a list of relations without pages, current first', () => {
    expect(text(currentFirstRelationsQuery('HOLDS_POSITION', 'OUTGOING'))).toMatchInlineSnapshot(`
      "currentFirstRelations_HOLDS_POSITION_OUTGOING:
      /* currentFirstRelations_HOLDS_POSITION_OUTGOING */
      UNWIND $ids AS entityId
      MATCH (e:Entity {id: entityId})
      CALL (e) {
      MATCH (e)-[r:HOLDS_POSITION]->(o:Entity)
      WHERE r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false))
      WITH r, o ORDER BY CASE r.current WHEN true THEN 0 WHEN false THEN 2 ELSE 1 END, r.id LIMIT $limit
      RETURN collect(r { .id, .role, .validFrom, .validTo, .current, .statementId, type: type(r), fromId: e.id, toId: o.id,
      retraction: null, otherEntity: o { .id, .kind, .name, .aliases, .unidentified, .description, .category, .status, .products, .placeType, .date } }) AS relations
      }
      RETURN entityId, relations"
    `);
  });

  it('a page of entities sorted by name, descending', () => {
    expect(text(entityPageQuery('NAME', 'DESC'))).toMatchInlineSnapshot(`
      "entityPage_NAME_DESC:
      /* entityPage_NAME_DESC */
      MATCH (e:Entity)
      WHERE ($seesRestricted OR NOT coalesce(e.restricted, false)) AND ($kinds IS NULL OR e.kind IN $kinds)
      AND ($categories IS NULL OR e.category IN $categories)
      AND ($needle IS NULL OR any(s IN coalesce(e.searchSpellings, []) WHERE s CONTAINS $needle OR s CONTAINS $compactNeedle))
      AND ($afterId IS NULL OR e.name < $afterKey OR (e.name = $afterKey AND e.id < $afterId))
      RETURN e { .id, .kind, .name, .aliases, .unidentified, .description, .category, .status, .products, .placeType, .date } AS entity, e.name AS sortKey
      ORDER BY e.name DESC, e.id DESC
      LIMIT $limit"
    `);
  });

  it('a page of one kind of entity sorted by name: ordered by the (kind, name) index', () => {
    expect(text(entityPageQuery('NAME', 'ASC', true))).toMatchInlineSnapshot(`
      "entityPage_NAME_ASC_oneKind:
      /* entityPage_NAME_ASC_oneKind */
      MATCH (e:Entity)
      WHERE e.kind IN $kinds AND e.name IS NOT NULL AND ($seesRestricted OR NOT coalesce(e.restricted, false)) AND ($kinds IS NULL OR e.kind IN $kinds)
      AND ($categories IS NULL OR e.category IN $categories)
      AND ($needle IS NULL OR any(s IN coalesce(e.searchSpellings, []) WHERE s CONTAINS $needle OR s CONTAINS $compactNeedle))
      AND ($afterId IS NULL OR e.name > $afterKey OR (e.name = $afterKey AND e.id > $afterId))
      RETURN e { .id, .kind, .name, .aliases, .unidentified, .description, .category, .status, .products, .placeType, .date } AS entity, e.name AS sortKey
      ORDER BY e.kind ASC, e.name ASC, e.id ASC
      LIMIT $limit"
    `);
  });

  it('a level of the path search, its cost, and a scoped timeline', () => {
    expect(text(pathExpansionQuery(['OWNS', 'LOCATED_IN']))).toMatchInlineSnapshot(`
      "pathExpansion:
      /* pathExpansion */
      UNWIND $ids AS id
      MATCH (:Entity {id: id})-[r:LOCATED_IN|OWNS]-(o:Entity)
      WHERE r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false))
      RETURN id, r.id AS relationId, o.id AS otherId, COUNT { (o)-[:LOCATED_IN|OWNS]-() } AS degree
      LIMIT $limit"
    `);
    expect(text(pathRootDegreesQuery(['OWNS', 'LOCATED_IN']))).toMatchInlineSnapshot(`
      "pathRootDegrees:
      /* pathRootDegrees */
      UNWIND $ids AS id
      MATCH (e:Entity {id: id})
      RETURN id, COUNT { (e)-[:LOCATED_IN|OWNS]-() } AS degree"
    `);
    expect(text(timelineQuery(true, ['OWNS', 'LOCATED_IN']))).toMatchInlineSnapshot(`
      "timelineOfEntity:
      /* timelineOfEntity */
      CALL () {
      MATCH (e:Event {id: $entityId}) WHERE e.date IS NOT NULL AND ($seesRestricted OR NOT coalesce(e.restricted, false)) RETURN 'EVENT' AS kind, e.date AS date, e.dateStart AS start, e.dateEnd AS end, e.id AS subjectId, 0 AS revisions, '0' AS rank
      UNION
      MATCH (:Entity {id: $entityId})-[r:LOCATED_IN|OWNS]-(e:Event) WHERE r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND e.date IS NOT NULL RETURN 'EVENT' AS kind, e.date AS date, e.dateStart AS start, e.dateEnd AS end, e.id AS subjectId, 0 AS revisions, '0' AS rank
      UNION
      MATCH (:Entity {id: $entityId})-[:MADE]->(s:Statement) WHERE s.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(s.restricted, false)) RETURN 'STATEMENT' AS kind, s.madeOn AS date, s.madeOnStart AS start, s.madeOnEnd AS end, s.id AS subjectId,
      COUNT { (s)-[:SUPERSEDES*1..50]->(x:Statement) WHERE x.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(x.restricted, false)) } AS revisions, '1' AS rank
      UNION
      MATCH (:Entity {id: $entityId})<-[:ABOUT]-(s:Statement) WHERE s.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(s.restricted, false)) RETURN 'STATEMENT' AS kind, s.madeOn AS date, s.madeOnStart AS start, s.madeOnEnd AS end, s.id AS subjectId,
      COUNT { (s)-[:SUPERSEDES*1..50]->(x:Statement) WHERE x.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(x.restricted, false)) } AS revisions, '1' AS rank
      UNION
      MATCH (:Entity {id: $entityId})-[r:LOCATED_IN|OWNS]-(:Entity) WHERE r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND r.validFrom IS NOT NULL RETURN 'RELATION_START' AS kind, r.validFrom AS date, r.validFromStart AS start, r.validFromEnd AS end, r.id AS subjectId, 0 AS revisions, '2' AS rank
      UNION
      MATCH (:Entity {id: $entityId})-[r:LOCATED_IN|OWNS]-(:Entity) WHERE r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND r.validTo IS NOT NULL RETURN 'RELATION_END' AS kind, r.validTo AS date, r.validToStart AS start, r.validToEnd AS end, r.id AS subjectId, 0 AS revisions, '3' AS rank
      }
      WITH kind, date, start, end, subjectId, revisions, rank
      WHERE (($rangeStart IS NULL AND $rangeEnd IS NULL) OR
      (start IS NOT NULL AND ($rangeStart IS NULL OR end >= $rangeStart) AND ($rangeEnd IS NULL OR start <= $rangeEnd)))
      WITH kind, date, subjectId, (CASE WHEN start IS NULL THEN '1' ELSE '0' END) + '|' + coalesce(start, '') + '|' +
      coalesce(reduce(inverted = '', c IN split(end, '') | inverted + CASE c WHEN '-' THEN '-' ELSE toString(9 - toInteger(c)) END), '') + '|' +
      right('00000' + toString(revisions), 6) + '|' + rank + '|' + subjectId AS sortKey
      WHERE $after IS NULL OR sortKey > $after
      RETURN kind, date, subjectId, sortKey
      ORDER BY sortKey
      LIMIT $first"
    `);
  });

  it("a bundle's entity merge, its SET clauses derived from the entity fields", () => {
    expect(text(MERGE_ENTITIES)).toMatchInlineSnapshot(`
      "mergeEntities (stable plan):
      /* mergeEntities */
      CYPHER replan=skip
      UNWIND $rows AS row
      OPTIONAL MATCH (old:Entity {id: row.id}) USING INDEX SEEK old:Entity(id)
      WITH row, $restrictedSource AND old IS NOT NULL AND NOT coalesce(old.restricted, false) AS keep, NOT $restrictedSource AND old IS NOT NULL AND coalesce(old.restricted, false) AS reset
      MERGE (e:Entity {id: row.id})
      // A bundle that names the entity by an id merged into it (keepName), or one whose name an
      // editor has set, adds its name as an alias.
      WITH e, row, keep, reset, CASE WHEN (row.keepName OR keep OR 'name' IN coalesce(e.curatedFields, [])) AND e.name IS NOT NULL AND NOT reset THEN e.name ELSE row.name END AS name
      // Names are only ever added: another article's spelling, or a former name, stays findable.
      WITH e, row, keep, reset, name, CASE WHEN keep THEN e.aliases ELSE reduce(kept = [],
      n IN (CASE WHEN reset THEN [] ELSE coalesce(e.aliases, []) + [e.name] END) + [row.name] + row.aliases |
      CASE WHEN n IS NULL OR n = name OR n IN kept THEN kept ELSE kept + n END) END AS aliases
      SET e:$(row.label),
      e.kind = row.kind, e.name = name,
      e.unidentified = CASE WHEN keep OR 'unidentified' IN coalesce(e.curatedFields, []) THEN e.unidentified WHEN reset THEN row.unidentified
      ELSE row.unidentified AND coalesce(e.unidentified, true) END,
      e.description = CASE WHEN keep OR 'description' IN coalesce(e.curatedFields, []) THEN e.description WHEN reset THEN row.fields.description ELSE coalesce(row.fields.description, e.description) END,
      e.category = CASE WHEN keep OR 'category' IN coalesce(e.curatedFields, []) THEN e.category WHEN reset THEN row.fields.category ELSE coalesce(row.fields.category, e.category) END,
      e.status = CASE WHEN keep OR 'status' IN coalesce(e.curatedFields, []) THEN e.status WHEN reset THEN row.fields.status ELSE coalesce(row.fields.status, e.status) END,
      e.products = CASE WHEN keep OR 'products' IN coalesce(e.curatedFields, []) THEN e.products WHEN reset THEN row.fields.products ELSE coalesce(row.fields.products, e.products) END,
      e.placeType = CASE WHEN keep OR 'placeType' IN coalesce(e.curatedFields, []) THEN e.placeType WHEN reset THEN row.fields.placeType ELSE coalesce(row.fields.placeType, e.placeType) END,
      e.date = CASE WHEN keep OR 'date' IN coalesce(e.curatedFields, []) THEN e.date WHEN reset THEN row.fields.date ELSE coalesce(row.fields.date, e.date) END,
      e.dateStart = CASE WHEN keep OR 'date' IN coalesce(e.curatedFields, []) THEN e.dateStart WHEN reset THEN row.fields.dateStart ELSE coalesce(row.fields.dateStart, e.dateStart) END,
      e.dateEnd = CASE WHEN keep OR 'date' IN coalesce(e.curatedFields, []) THEN e.dateEnd WHEN reset THEN row.fields.dateEnd ELSE coalesce(row.fields.dateEnd, e.dateEnd) END,
      e.aliases = aliases,
      // In a stable order, so that loading a bundle again writes the same list.
      e.searchSpellings = CASE WHEN keep THEN e.searchSpellings WHEN reset THEN row.searchSpellings
      ELSE coalesce(e.searchSpellings, []) + [s IN row.searchSpellings WHERE NOT s IN coalesce(e.searchSpellings, [])] END"
    `);
  });

  it("a merge's relation statements and the retiring of the merged entity", () => {
    expect(text(createRelationsQuery('OWNS'))).toMatchInlineSnapshot(`
      "mergeCreateRelations_OWNS:
      /* mergeCreateRelations_OWNS */
      UNWIND $rows AS row
      MATCH (a:Entity {id: row.fromId}), (b:Entity {id: row.toId})
      MERGE (a)-[r:OWNS {id: row.id}]->(b)
      // The snapshot's properties carry a null id, so that they never overwrite the id merged on.
      ON CREATE SET r += row.props, r.id = row.id,
      r.retractedAt = CASE WHEN row.props.retractedAt IS NULL THEN null ELSE datetime(row.props.retractedAt) END"
    `);
    expect(text(deleteRelationsQuery('OWNS', true))).toMatchInlineSnapshot(`
      "mergeDeleteRelations_OWNS_unsupported:
      /* mergeDeleteRelations_OWNS_unsupported */
      UNWIND $ids AS id
      MATCH ()-[r:OWNS {id: id}]->()
      WHERE NOT EXISTS { MATCH (:Evidence {subjectId: id}) }
      DELETE r"
    `);
    expect(text(retireQuery('PLANT'))).toMatchInlineSnapshot(`
      "mergeRetire_PLANT:
      /* mergeRetire_PLANT */
      MATCH (m:Entity {id: $mergedId}), (s:Entity {id: $survivorId})
      REMOVE m:Entity:Plant, m.mergeLock
      SET m:MergedEntity, m.mergedInto = $survivorId
      CREATE (m)-[:MERGED_INTO {mergeId: $mergeId}]->(s)"
    `);
  });
});
