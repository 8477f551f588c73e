/**
 * Possible duplicates: pairs of entities of one kind whose names match across scripts and
 * spellings (domain/name-similarity.ts), proposed when ingestion creates one of them, listed for
 * review, and decided by an editor: merged (mergeEntities; a pair whose entity was merged away is
 * no longer listed) or marked distinct, after which the pair is never proposed again.
 */
import type { EntityKind } from '../generated/graphql.js';
import { DUPLICATE_THRESHOLD, nameSimilarity } from '../domain/name-similarity.js';
import { exactWordsQueryFor } from '../domain/names.js';
import { duplicateCursor } from '../domain/cursor.js';
import { CurationError } from '../errors.js';
import { cypher, int, type Database } from './database.js';
import { visible } from './read-queries.js';
import type { ReadSession } from './read-session.js';
import type { ActorRecord, DuplicateCandidateConnectionRecord, DuplicateCandidateRecord } from './records.js';
import { edgeOf } from './row-mappers.js';
import { ENTITY_SEARCH_INDEX } from './schema-setup.js';

/** An entity a write has just created, with every name it goes by. */
export interface CreatedEntity {
  id: string;
  kind: string;
  names: string[];
  /** The document whose ingestion created it (credited with the pairs it brings up). */
  documentId: string;
}

/** An entity of a bundle as the comparison takes it: every name it goes by, and the bundle's document. */
export function createdEntityOf(entity: { id: string; kind: string; name: string; aliases: readonly string[] }, documentId: string): CreatedEntity {
  return { id: entity.id, kind: entity.kind, names: [entity.name, ...entity.aliases], documentId };
}

/** Entities each new one is compared with, at most: the index's best matches of its names. */
const MATCHES_PER_ENTITY = 10;

const NAME_MATCHES = cypher(
  'duplicateNameMatches',
  `UNWIND $rows AS row
   CALL (row) {
     // More hits than are kept: those of other kinds and the entity itself go before the best are taken.
     CALL db.index.fulltext.queryNodes($index, row.query, {limit: $hits}) YIELD node, score
     WITH node, score WHERE node.kind = row.kind AND node.id <> row.id
     ORDER BY score DESC, node.id
     LIMIT $limit
     RETURN collect(node { .id, names: [node.name] + coalesce(node.aliases, []) }) AS matches
   }
   RETURN row.id AS id, matches`,
);

const CANDIDATE_PROJECTION = `c { .id, .leftId, .rightId, .kind, .score, .status, .documentId, .reason, .decidedById, .decidedByKind,
  foundAt: toString(c.foundAt), decidedAt: toString(c.decidedAt) }`;

/**
 * Records pairs not seen before as open (a pair decided already stays as decided, and is not
 * returned), and marks the documents whose entities have been compared, so that an import
 * interrupted between a bundle's commit and this one compares them when it runs again.
 */
const RECORD_CANDIDATES = cypher(
  'recordDuplicateCandidates',
  `CALL () {
     UNWIND $documentIds AS documentId
     MATCH (d:Document {id: documentId})
     SET d.duplicatesProposed = true
   }
   UNWIND $pairs AS pair
   MATCH (a:Entity {id: pair.leftId}), (b:Entity {id: pair.rightId})
   MERGE (c:DuplicateCandidate {id: pair.id})
   ON CREATE SET c.leftId = pair.leftId, c.rightId = pair.rightId, c.kind = pair.kind, c.score = pair.score,
                 c.status = 'OPEN', c.foundAt = datetime.transaction(), c.documentId = pair.documentId
   WITH a, b, c WHERE c.status = 'OPEN'
   RETURN ${CANDIDATE_PROJECTION} AS candidate, coalesce(a.restricted, false) OR coalesce(b.restricted, false) AS restricted`,
);

const pairId = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
const toCandidate = (row: Record<string, unknown>) => row.candidate as DuplicateCandidateRecord;

/**
 * Compares entities writes have created (and committed) with the graph, records the pairs alike
 * enough as open candidates, and marks `documentIds` (the documents written) as compared. Returns
 * the open candidates of these entities, new or not decided yet, each saying whether an entity of
 * it is restricted (who may not see that must not be told). Runs after the write: it reads the
 * full-text index, which a write transaction holding many new entities would make slow, and a lost
 * run loses proposals, never facts (the bulk import runs it again for documents not marked).
 */
export async function proposeDuplicates(
  db: Database,
  entities: readonly CreatedEntity[],
  documentIds: readonly string[],
): Promise<Array<DuplicateCandidateRecord & { restricted: boolean }>> {
  // Each entity once, as its first document (in the order written) brought it.
  const seen = new Set<string>();
  const created = entities.filter((entity) => !seen.has(entity.id) && seen.add(entity.id));
  const place = new Map(created.map((entity, i) => [entity.id, i]));
  const rows = created.flatMap(({ id, kind, names }) => {
    const queries = [...new Set(names.map(exactWordsQueryFor).filter((q): q is string => q !== null))];
    return queries.length === 0 ? [] : [{ id, kind, query: queries.map((q) => `(${q})`).join(' OR ') }];
  });
  const matches = rows.length === 0 ? [] : await db.read((tx) => tx.run(NAME_MATCHES, { rows, index: ENTITY_SEARCH_INDEX, limit: int(MATCHES_PER_ENTITY), hits: int(MATCHES_PER_ENTITY * 5) }));
  const namesOf = new Map(created.map((entity) => [entity.id, entity]));
  const pairs = new Map<string, { id: string; leftId: string; rightId: string; kind: string; score: number; documentId: string | null }>();
  for (const row of matches) {
    const entity = namesOf.get(row.id as string)!;
    for (const match of row.matches as Array<{ id: string; names: string[] }>) {
      const score = Math.round(nameSimilarity(entity.names, match.names) * 1000) / 1000;
      const id = pairId(entity.id, match.id);
      if (score < DUPLICATE_THRESHOLD || pairs.has(id)) continue;
      const [leftId, rightId] = id.split('|') as [string, string];
      // Both new (found from both sides): the later one's document proposes the pair, as when each bundle is written alone.
      const later = (place.get(match.id) ?? -1) > place.get(entity.id)! ? namesOf.get(match.id)! : entity;
      pairs.set(id, { id, leftId, rightId, kind: entity.kind, score, documentId: later.documentId });
    }
  }
  if (pairs.size === 0 && documentIds.length === 0) return [];
  const recorded = await db.write((tx) => tx.run(RECORD_CANDIDATES, { pairs: [...pairs.values()], documentIds }));
  return recorded.map((row) => ({ ...toCandidate(row), restricted: row.restricted === true }));
}

const OPEN_FILTER = `c.status = 'OPEN' AND ($kinds IS NULL OR c.kind IN $kinds)
   MATCH (a:Entity {id: c.leftId}), (b:Entity {id: c.rightId}) WHERE ${visible('a')} AND ${visible('b')}`;

const OPEN_CANDIDATES = cypher(
  'openDuplicateCandidates',
  `MATCH (c:DuplicateCandidate) WHERE ${OPEN_FILTER}
     AND ($afterScore IS NULL OR c.score < $afterScore OR (c.score = $afterScore AND c.id > $afterId))
   RETURN ${CANDIDATE_PROJECTION} AS candidate
   ORDER BY c.score DESC, c.id
   LIMIT $limit`,
);
const COUNT_OPEN_CANDIDATES = cypher('countOpenDuplicateCandidates', `MATCH (c:DuplicateCandidate) WHERE ${OPEN_FILTER} RETURN count(c) AS total`);

/** One page of open candidates, most alike first, with how many are open in all when asked. */
export async function openCandidates(
  reader: ReadSession,
  { kinds, first, after, withTotal }: { kinds: readonly EntityKind[] | null; first: number; after: { score: number; id: string } | null; withTotal: boolean },
): Promise<DuplicateCandidateConnectionRecord> {
  const [rows, total] = await Promise.all([
    reader.read(OPEN_CANDIDATES, { kinds, afterScore: after?.score ?? null, afterId: after?.id ?? null, limit: int(first + 1) }),
    withTotal ? reader.read(COUNT_OPEN_CANDIDATES, { kinds }) : Promise.resolve([]),
  ]);
  const edges = rows.slice(0, first).map(toCandidate).map((pair) => edgeOf(pair, () => duplicateCursor.encode(pair.score, pair.id)));
  return { edges, hasNextPage: rows.length > first, totalCount: (total[0]?.total as number) ?? 0 };
}

const MARK_DISTINCT = cypher(
  'markDistinct',
  `MATCH (a:Entity {id: $leftId}), (b:Entity {id: $rightId})
   WHERE a.kind = b.kind
   MERGE (c:DuplicateCandidate {id: $id})
   ON CREATE SET c.leftId = $leftId, c.rightId = $rightId, c.kind = a.kind, c.score = $score, c.foundAt = datetime.transaction()
   SET c.status = 'DISTINCT', c.reason = $reason, c.decidedAt = datetime.transaction(), c.decidedById = $actorId, c.decidedByKind = $actorKind
   RETURN ${CANDIDATE_PROJECTION} AS candidate`,
);
const KINDS_OF = cypher('kindsOfPair', 'UNWIND $ids AS id MATCH (e:Entity {id: id}) WHERE $seesRestricted OR NOT coalesce(e.restricted, false) RETURN id, e.kind AS kind, [e.name] + coalesce(e.aliases, []) AS names');

/**
 * Marks two entities as distinct: their pair is no longer listed and never proposed again (a pair
 * no ingestion proposed may be marked too, ahead of one). Both must exist and be of one kind.
 */
export async function markDistinct(
  db: Database,
  { firstId, secondId, reason, actor, seesRestricted }: { firstId: string; secondId: string; reason: string; actor: ActorRecord; seesRestricted: boolean },
): Promise<DuplicateCandidateRecord> {
  if (firstId === secondId) throw new CurationError('An entity cannot be distinct from itself; give two ids.', 'secondId', 'BAD_USER_INPUT');
  return db.write(async (tx) => {
    const found = new Map((await tx.run(KINDS_OF, { ids: [firstId, secondId], seesRestricted })).map((row) => [row.id as string, row]));
    for (const [argument, id] of [['firstId', firstId], ['secondId', secondId]] as const) {
      if (!found.has(id)) throw new CurationError(`No entity has the id "${id}"`, argument, 'NOT_FOUND');
    }
    const [first, second] = [found.get(firstId)!, found.get(secondId)!];
    if (first.kind !== second.kind) throw new CurationError(`${firstId} is ${String(first.kind)} and ${secondId} is ${String(second.kind)}: only entities of one kind can be duplicates.`, 'secondId', 'BAD_USER_INPUT');
    const id = pairId(firstId, secondId);
    const [leftId, rightId] = id.split('|');
    const score = Math.round(nameSimilarity(first.names as string[], second.names as string[]) * 1000) / 1000;
    const [row] = await tx.run(MARK_DISTINCT, { id, leftId, rightId, score, reason, actorId: actor.id, actorKind: actor.kind });
    // Gone since they were read (merged away meanwhile): as if it had never been there.
    if (!row) throw new CurationError(`${firstId} or ${secondId} is no longer in the graph`, 'secondId', 'NOT_FOUND');
    return toCandidate(row);
  });
}
