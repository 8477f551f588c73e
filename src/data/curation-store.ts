/**
 * Curators' edits that are not additions of sourced facts (those go through bundle-store as
 * ADDITION bundles): changing an entity's fields, and retracting relations and statements. Each is
 * one write transaction that records its changes in history and is safe to retry: a retraction
 * retried after it committed finds nothing left to do and records nothing.
 */
import type { RelationType } from '../generated/graphql.js';
import { relationTypeOfId, relationTypePattern } from '../domain/model.js';
import { CurationError } from '../errors.js';
import { MERGE_EVIDENCE } from './bundle-queries.js';
import { cypher, type Database, type NamedQuery } from './database.js';
import { withHistory } from './history-store.js';
import { RESOLVE_ENTITY_ID, visible } from './read-queries.js';
import { relationKeysSet } from './relation-keys.js';
import { retractionSet } from './retraction.js';
import type { ActorRecord } from './records.js';
import type { EvidenceRow } from './bundle-rows.js';

/** An entity's properties as an update reads and rewrites them. */
export interface EntityProperties {
  kind: string;
  name: string;
  aliases: string[];
  [field: string]: unknown;
}

const ENTITY_FOR_UPDATE = cypher(
  'entityForUpdate',
  `${RESOLVE_ENTITY_ID('$id')}
   WITH coalesce(direct, survivor) AS e
   WHERE e IS NOT NULL AND ${visible('e')}
   RETURN e.id AS id, e { .* } AS props`,
);

const SET_ENTITY = cypher('updateEntitySet', 'MATCH (e:Entity {id: $id}) SET e += $props');

const DOCUMENT_TEXT = cypher('documentTextForUpdate', 'MATCH (d:Document {id: $id}) RETURN d.text AS text');

export interface UpdateEntityRequest {
  id: string;
  /** Whether the writer may see restricted material; for one who may not, it does not exist. */
  seesRestricted: boolean;
  /** Computes the properties to set from the current ones; throws CurationError if the change does not fit. */
  change: (current: EntityProperties) => Record<string, unknown>;
  /** Quotes to add, already checked against `documentText`, with the document's id. */
  evidence: { documentId: string; documentText: string; rows: (subjectId: string) => EvidenceRow[] } | null;
  actor: ActorRecord;
  reason: string | null;
}

/** Updates an entity (an id merged away updates its survivor); returns the id of the entity updated. */
export async function writeEntityUpdate(db: Database, request: UpdateEntityRequest): Promise<string> {
  return db.write(async (tx) => {
    const [row] = await tx.run(ENTITY_FOR_UPDATE, { id: request.id, seesRestricted: request.seesRestricted });
    if (!row) throw new CurationError(`No entity has the id "${request.id}".`, 'id', 'NOT_FOUND');
    const id = row.id as string;
    const props = request.change(row.props as EntityProperties);
    if (request.evidence) {
      const [document] = await tx.run(DOCUMENT_TEXT, { id: request.evidence.documentId });
      // The quotes were checked against this text before the transaction; it must not have changed since.
      if (!document || document.text !== request.evidence.documentText) {
        throw new CurationError(`Document ${request.evidence.documentId} changed while the quotes were checked; send them again.`, 'input.evidence');
      }
    }
    await withHistory(tx, [id], { actor: request.actor, reason: request.reason }, async () => {
      await tx.run(SET_ENTITY, { id, props });
      if (request.evidence) await tx.run(MERGE_EVIDENCE, { documentId: request.evidence.documentId, rows: request.evidence.rows(id), curated: true });
    });
    return id;
  });
}


function retractRelationsQuery(type: RelationType): NamedQuery {
  return cypher(
    `retractRelations_${type}`,
    `UNWIND $ids AS id
     MATCH ()-[r${relationTypePattern([type])} {id: id}]->()
     WHERE r.retractedAt IS NULL
     SET ${retractionSet('r', 'EDITORIAL')}
     SET ${relationKeysSet('r')}`,
  );
}

function relationExistsQuery(type: RelationType): NamedQuery {
  return cypher(`relationExists_${type}`, `MATCH ()-[r${relationTypePattern([type])} {id: $id}]->() WHERE ${visible('r')} RETURN r.id AS id`);
}

const STATEMENT_FOR_RETRACTION = cypher(
  'statementForRetraction',
  `MATCH (s:Statement {id: $id}) WHERE ${visible('s')}
   RETURN COLLECT { MATCH ()-[r:STATED_ABOUT {statementId: $id}]->() RETURN r.id } AS derivedIds`,
);

const RETRACT_STATEMENT = cypher(
  'retractStatement',
  `MATCH (s:Statement {id: $id})
   WHERE s.retractedAt IS NULL
   SET ${retractionSet('s', 'EDITORIAL')}`,
);

export interface RetractRequest {
  id: string;
  reason: string;
  actor: ActorRecord;
  /** Whether the writer may see restricted material; for one who may not, it does not exist. */
  seesRestricted: boolean;
}

/** Retracts a relation (idempotent). STATED_ABOUT relations go with their statement, not alone. */
export async function retractRelation(db: Database, request: RetractRequest): Promise<void> {
  const type = relationTypeOfId(request.id);
  if (type === null) throw new CurationError(`No relation has the id "${request.id}".`, 'id', 'NOT_FOUND');
  if (type === 'STATED_ABOUT') {
    throw new CurationError('A STATED_ABOUT relation stands for a statement: retract the statement (retractStatement) instead.', 'id');
  }
  await db.write(async (tx) => {
    if ((await tx.run(relationExistsQuery(type), { id: request.id, seesRestricted: request.seesRestricted })).length === 0) {
      throw new CurationError(`No relation has the id "${request.id}".`, 'id', 'NOT_FOUND');
    }
    await withHistory(tx, [request.id], { actor: request.actor, reason: request.reason }, () =>
      tx.run(retractRelationsQuery(type), { ids: [request.id], actorId: request.actor.id, actorKind: request.actor.kind, reason: request.reason }),
    );
  });
}

/** Retracts a statement and the STATED_ABOUT relations derived from it (idempotent). */
export async function retractStatement(db: Database, request: RetractRequest): Promise<void> {
  await db.write(async (tx) => {
    const [statement] = await tx.run(STATEMENT_FOR_RETRACTION, { id: request.id, seesRestricted: request.seesRestricted });
    if (!statement) throw new CurationError(`No statement has the id "${request.id}".`, 'id', 'NOT_FOUND');
    // Every relation derived from the statement, found by its statement id (indexed), whatever its ends are now.
    const derived = statement.derivedIds as string[];
    const params = { actorId: request.actor.id, actorKind: request.actor.kind, reason: request.reason };
    await withHistory(tx, [request.id, ...derived], { actor: request.actor, reason: request.reason }, async () => {
      await tx.run(RETRACT_STATEMENT, { id: request.id, ...params });
      await tx.run(retractRelationsQuery('STATED_ABOUT'), { ids: derived, ...params });
    });
  });
}
