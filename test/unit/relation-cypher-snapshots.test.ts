/**
 * The Cypher of relation pages and relation lists, built per relationship type, direction and
 * shape, kept as inline snapshots (see cypher-snapshots.test.ts): `npx vitest -u` accepts an
 * intended change, to be read in the diff.
 */
import { describe, expect, it } from 'vitest';
import { entityPageQuery } from '../../src/data/entity-list-queries.js';
import { currentFirstRelationsQuery, entitiesWithRelationPageQuery, relationPagesQuery, type RelationPageQueryShape } from '../../src/data/relation-queries.js';
import { cypherText as text } from '../support/cypher-text.js';

/** A page of relations of these types and direction, without quotes, with the total, and all of each other end unless said. */
const page = (
  types: RelationPageQueryShape['types'],
  direction: RelationPageQueryShape['direction'],
  withEvidence = false,
  otherDetail: RelationPageQueryShape['otherDetail'] = 'all',
  dated = false,
): RelationPageQueryShape => ({ types, direction, withEvidence, withTotal: true, otherDetail, dated });

describe('relation Cypher', () => {
  it('a relation page, for two types in either order and one direction', () => {
    expect(text(relationPagesQuery(page(['PART_OF', 'OWNS'], 'INCOMING')))).toMatchInlineSnapshot(`
      "relationPages_INCOMING:
      /* relationPages_INCOMING */
      UNWIND $ids AS entityId
      MATCH (e:Entity {id: entityId})
      CALL (e) {
      CALL (e) {
      MATCH (e)<-[r:OWNS]-(o:Entity) USING INDEX r:OWNS(toKey)
      WHERE r.toKey > e.id + ':' + coalesce($pageAfter, '') AND r.toKey < e.id + ';' AND r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND ($asOfStart IS NULL OR (
      (r.validFromStart IS NULL OR r.validFromStart <= $asOfEnd) AND
      (r.validToEnd IS NULL OR r.validToEnd >= $asOfStart)))
      WITH r, o ORDER BY r.toKey LIMIT $pageLimit RETURN r, o
      UNION ALL
      MATCH (e)<-[r:PART_OF]-(o:Entity) USING INDEX r:PART_OF(toKey)
      WHERE r.toKey > e.id + ':' + coalesce($pageAfter, '') AND r.toKey < e.id + ';' AND r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND ($asOfStart IS NULL OR (
      (r.validFromStart IS NULL OR r.validFromStart <= $asOfEnd) AND
      (r.validToEnd IS NULL OR r.validToEnd >= $asOfStart)))
      WITH r, o ORDER BY r.toKey LIMIT $pageLimit RETURN r, o
      }
      // A relation of an entity with itself comes both ways: once.
      WITH DISTINCT r, o ORDER BY r.id LIMIT $pageLimit
      RETURN collect(r { .id, .role, .validFrom, .validTo, .current, .heldSince, .heldUntil, .statementId, type: type(r), fromId: o.id, toId: e.id,
      retraction: null, otherEntity: o { .id, .kind, .name, .aliases, .unidentified, .description, .category, .status, .products, .placeType, .date } }) AS page
      }
      CALL (e) {
      CALL (e) {
      CALL (e) {
      MATCH ()-[r:OWNS]->() USING INDEX r:OWNS(hiddenTo) WHERE r.hiddenTo = e.id RETURN r
      UNION ALL
      MATCH ()-[r:PART_OF]->() USING INDEX r:PART_OF(hiddenTo) WHERE r.hiddenTo = e.id RETURN r
      }
      // Retracted relations are left out for everyone, restricted ones for those who may not see them.
      RETURN count(CASE WHEN r.retractedAt IS NOT NULL OR NOT ($seesRestricted OR NOT coalesce(r.restricted, false)) THEN 1 END) AS hidden
      }
      RETURN COUNT { (e)<-[:OWNS]-() } + COUNT { (e)<-[:PART_OF]-() } - hidden AS total
      }
      WITH entityId, page, total AS total
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
      CALL (e) {
      MATCH (e)-[r:HOLDS_POSITION]->(o:Entity) USING INDEX r:HOLDS_POSITION(id)
      WHERE r.id > CASE WHEN $pageAfter IS NULL OR $pageAfter < 'holds-position:' + e.id + ':' THEN 'holds-position:' + e.id + ':' ELSE $pageAfter END
      AND r.id < 'holds-position:' + e.id + ';' AND r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND ($asOfStart IS NULL OR (
      (r.validFromStart IS NULL OR r.validFromStart <= $asOfEnd) AND
      (r.validToEnd IS NULL OR r.validToEnd >= $asOfStart)))
      WITH r, o ORDER BY r.id LIMIT $pageLimit RETURN r, o
      }
      // A relation of an entity with itself comes both ways: once.
      WITH DISTINCT r, o ORDER BY r.id LIMIT $pageLimit
      RETURN collect(r { .id, .role, .validFrom, .validTo, .current, .heldSince, .heldUntil, .statementId, type: type(r), fromId: e.id, toId: o.id,
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
      CALL (e) {
      MATCH (e)-[r:OWNS]->(o:Entity) USING INDEX r:OWNS(id)
      WHERE r.id > CASE WHEN $pageAfter IS NULL OR $pageAfter < 'owns:' + e.id + ':' THEN 'owns:' + e.id + ':' ELSE $pageAfter END
      AND r.id < 'owns:' + e.id + ';' AND r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND ($asOfStart IS NULL OR (
      (r.validFromStart IS NULL OR r.validFromStart <= $asOfEnd) AND
      (r.validToEnd IS NULL OR r.validToEnd >= $asOfStart)))
      WITH r, o ORDER BY r.id LIMIT $pageLimit RETURN r, o
      }
      // A relation of an entity with itself comes both ways: once.
      WITH DISTINCT r, o ORDER BY r.id LIMIT $pageLimit
      RETURN collect(r { .id, .role, .validFrom, .validTo, .current, .heldSince, .heldUntil, .statementId, type: type(r), fromId: e.id, toId: o.id,
      retraction: null, otherEntity: o { .id, .kind, .name, .aliases, .unidentified } }) AS page
      }
      CALL (e) {
      CALL (e) {
      CALL (e) {
      MATCH ()-[r:OWNS]->() USING INDEX r:OWNS(hiddenFrom) WHERE r.hiddenFrom = e.id RETURN r
      }
      // Retracted relations are left out for everyone, restricted ones for those who may not see them.
      RETURN count(CASE WHEN r.retractedAt IS NOT NULL OR NOT ($seesRestricted OR NOT coalesce(r.restricted, false)) THEN 1 END) AS hidden
      }
      RETURN COUNT { (e)-[:OWNS]->() } - hidden AS total
      }
      WITH e, page, total AS total
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
      CALL (e) {
      MATCH (e)-[r:OWNS]->(o:Entity) USING INDEX r:OWNS(id)
      WHERE r.id > CASE WHEN $pageAfter IS NULL OR $pageAfter < 'owns:' + e.id + ':' THEN 'owns:' + e.id + ':' ELSE $pageAfter END
      AND r.id < 'owns:' + e.id + ';' AND r.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(r.restricted, false)) AND ($asOfStart IS NULL OR (
      (r.validFromStart IS NULL OR r.validFromStart <= $asOfEnd) AND
      (r.validToEnd IS NULL OR r.validToEnd >= $asOfStart)))
      WITH r, o ORDER BY r.id LIMIT $pageLimit RETURN r, o
      }
      // A relation of an entity with itself comes both ways: once.
      WITH DISTINCT r, o ORDER BY r.id LIMIT $pageLimit
      RETURN collect(r { .id, .role, .validFrom, .validTo, .current, .heldSince, .heldUntil, .statementId, type: type(r), fromId: e.id, toId: o.id,
      retraction: null, otherEntity: o { .id, .kind, .name, .aliases, .unidentified, .description, .category, .status, .products, .placeType, .date }, evidence: COLLECT { MATCH (ev:Evidence {subjectId: r.id})-[:FROM]->(d:Document) WHERE ($seesRestricted OR NOT coalesce(d.restricted, false))
      RETURN { quote: ev.quote, documentId: d.id } ORDER BY d.id, ev.ordinal, ev.id } }) AS page
      }
      CALL (e) {
      CALL (e) {
      CALL (e) {
      MATCH ()-[r:OWNS]->() USING INDEX r:OWNS(hiddenFrom) WHERE r.hiddenFrom = e.id RETURN r
      }
      // Retracted relations are left out for everyone, restricted ones for those who may not see them.
      RETURN count(CASE WHEN r.retractedAt IS NOT NULL OR NOT ($seesRestricted OR NOT coalesce(r.restricted, false)) THEN 1 END) AS hidden
      }
      RETURN COUNT { (e)-[:OWNS]->() } - hidden AS total
      }
      WITH entityId, page, total AS total
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
      RETURN collect(r { .id, .role, .validFrom, .validTo, .current, .heldSince, .heldUntil, .statementId, type: type(r), fromId: e.id, toId: o.id,
      retraction: null, otherEntity: o { .id, .kind, .name, .aliases, .unidentified, .description, .category, .status, .products, .placeType, .date } }) AS relations
      }
      RETURN entityId, relations"
    `);
  });
});
