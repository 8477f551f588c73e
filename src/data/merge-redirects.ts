/**
 * Where the ids of merged entities lead now: what ingestion asks before it checks a bundle (facts
 * about a merged id land on its survivor), and what a write asks after it has written, to catch a
 * merge that committed in between.
 */
import { cypher, type Database } from './database.js';

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

/** Which of these ids have been merged into another entity, and into which. */
export const MERGED_AMONG = cypher('mergedAmong', 'UNWIND $ids AS id MATCH (m:MergedEntity {id: id}) USING INDEX SEEK m:MergedEntity(id) RETURN id, m.mergedInto AS survivorId', {
  stablePlan: true,
});
