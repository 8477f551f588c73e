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
import { cypherText as text } from '../support/cypher-text.js';

describe('dynamically built Cypher', () => {
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
      MATCH (:Entity {id: $entityId})-[:MADE]->(s:Statement) WHERE s.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(s.restricted, false)) AND s.concerns IS NOT NULL RETURN 'CLAIM_ABOUT_PERIOD' AS kind, s.concerns AS date, s.concernsStart AS start, s.concernsEnd AS end, s.id AS subjectId,
      COUNT { (s)-[:SUPERSEDES*1..50]->(x:Statement) WHERE x.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(x.restricted, false)) } AS revisions, '4' AS rank
      UNION
      MATCH (:Entity {id: $entityId})<-[:ABOUT]-(s:Statement) WHERE s.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(s.restricted, false)) AND s.concerns IS NOT NULL RETURN 'CLAIM_ABOUT_PERIOD' AS kind, s.concerns AS date, s.concernsStart AS start, s.concernsEnd AS end, s.id AS subjectId,
      COUNT { (s)-[:SUPERSEDES*1..50]->(x:Statement) WHERE x.retractedAt IS NULL AND ($seesRestricted OR NOT coalesce(x.restricted, false)) } AS revisions, '4' AS rank
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
      r.retractedAt = CASE WHEN row.props.retractedAt IS NULL THEN null ELSE datetime(row.props.retractedAt) END
      // The copied keys name the old ends: made again for the new ones.
      SET r.toKey = endNode(r).id + ':' + r.id,
      r.hiddenFrom = CASE WHEN r.retractedAt IS NOT NULL OR coalesce(r.restricted, false) THEN startNode(r).id END,
      r.hiddenTo = CASE WHEN r.retractedAt IS NOT NULL OR coalesce(r.restricted, false) THEN endNode(r).id END"
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
