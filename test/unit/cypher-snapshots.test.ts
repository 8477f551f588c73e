/**
 * The Cypher the data layer builds from code (per relationship type, direction, label, sort key,
 * and from the description of entity fields), kept as inline snapshots: a change to any generated
 * statement shows in review as a change to this file, without a database. Run `npx vitest -u` to
 * accept an intended change, and read the diff.
 */
import { describe, expect, it } from 'vitest';
import { pathExpansionQuery, pathRootDegreesQuery, timelineQuery } from '../../src/data/analysis-queries.js';
import { SETTLE_ENTITIES } from '../../src/data/claim-queries.js';
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

  it("settling an entity's shown values from its claims, its SET clauses derived from the entity fields", () => {
    expect(text(SETTLE_ENTITIES)).toMatchInlineSnapshot(`
      "settleEntities (stable plan):
      /* settleEntities */
      CYPHER replan=skip
      UNWIND $ids AS id
      MATCH (e:Entity {id: id}) USING INDEX SEEK e:Entity(id)
      WITH e, COLLECT {
      MATCH (c:Claim {subjectId: e.id}) USING INDEX SEEK c:Claim(subjectId)
      MATCH (d:Document {id: c.documentId}) USING INDEX SEEK d:Document(id)
      WITH c, coalesce(d.restricted, false) AS restricted
      ORDER BY coalesce(c.curated, false) DESC, restricted ASC, coalesce(c.publishedOnEnd, '') DESC,
      coalesce(c.publishedOnStart, '') DESC, c.loadedAt DESC, c.id DESC
      RETURN c { .*, restricted: restricted }
      } AS claims
      WITH e, CASE WHEN NOT coalesce(e.restricted, false) OR any(c IN claims WHERE NOT c.restricted) THEN [c IN claims WHERE NOT c.restricted] ELSE claims END AS cs
      WHERE size(cs) > 0
      WITH e, cs, coalesce(e.curatedFields, []) AS curated,
      coalesce(e.restricted, false) AND NOT cs[0].restricted AS opened
      WITH e, cs, curated, opened,
      CASE WHEN 'name' IN curated THEN e.name ELSE coalesce(head([c IN cs WHERE NOT coalesce(c.keepName, false) | c.name]), cs[0].name) END AS name
      WITH e, cs, curated, opened, name,
      reduce(names = [], c IN cs | names + [c.name] + coalesce(c.aliases, [])) + CASE WHEN opened THEN [] ELSE coalesce(e.aliases, []) + [e.name] END AS named
      SET e.name = name,
      e.aliases = reduce(kept = [], n IN named | CASE WHEN n IS NULL OR n = name OR n IN kept OR n IN coalesce(e.removedAliases, []) THEN kept ELSE kept + n END),
      e.searchSpellings = reduce(kept = [], s IN reduce(spellings = [], c IN cs | spellings + coalesce(c.searchSpellings, [])) + CASE WHEN opened THEN [] ELSE coalesce(e.searchSpellings, []) END |
      CASE WHEN s IN kept THEN kept ELSE kept + s END),
      e.unidentified = CASE WHEN 'unidentified' IN curated THEN e.unidentified ELSE all(c IN cs WHERE coalesce(c.unidentified, false)) END,
      e.description = CASE WHEN 'description' IN curated THEN e.description ELSE head([c IN cs WHERE c.description IS NOT NULL | c.description]) END,
      e.category = CASE WHEN 'category' IN curated THEN e.category ELSE head([c IN cs WHERE c.category IS NOT NULL | c.category]) END,
      e.status = CASE WHEN 'status' IN curated THEN e.status ELSE head([c IN cs WHERE c.status IS NOT NULL | c.status]) END,
      e.products = CASE WHEN 'products' IN curated THEN e.products ELSE head([c IN cs WHERE c.products IS NOT NULL | c.products]) END,
      e.placeType = CASE WHEN 'placeType' IN curated THEN e.placeType ELSE head([c IN cs WHERE c.placeType IS NOT NULL | c.placeType]) END,
      e.date = CASE WHEN 'date' IN curated THEN e.date ELSE head([c IN cs WHERE c.date IS NOT NULL | c.date]) END,
      e.dateStart = CASE WHEN 'date' IN curated THEN e.dateStart ELSE head([c IN cs WHERE c.date IS NOT NULL | c.dateStart]) END,
      e.dateEnd = CASE WHEN 'date' IN curated THEN e.dateEnd ELSE head([c IN cs WHERE c.date IS NOT NULL | c.dateEnd]) END"
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
