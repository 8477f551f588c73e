/** API keys in the graph: (:ApiKey {id, name, roles, hash, createdAt, revokedAt}). */
import { cypher, type Database } from './database.js';
import type { Role } from '../domain/roles.js';

export interface ApiKeyRecord {
  id: string;
  name: string;
  roles: Role[];
  hash: string;
  createdAt: string;
  revokedAt: string | null;
}

const CREATE_KEY = cypher(
  'createApiKey',
  `CREATE (k:ApiKey {id: $id, name: $name, roles: $roles, hash: $hash, createdAt: toString(datetime())})`,
);
const KEY_BY_ID = cypher('apiKeyById', `MATCH (k:ApiKey {id: $id}) RETURN k { .* } AS key`);
const LIST_KEYS = cypher('listApiKeys', `MATCH (k:ApiKey) RETURN k { .id, .name, .roles, .createdAt, .revokedAt, hash: '' } AS key ORDER BY k.createdAt, k.id`);
const REVOKE_KEY = cypher(
  'revokeApiKey',
  `MATCH (k:ApiKey {id: $id}) SET k.revokedAt = coalesce(k.revokedAt, toString(datetime())) RETURN k.id AS id`,
);

function toRecord(row: Record<string, unknown>): ApiKeyRecord {
  const key = row.key as Partial<ApiKeyRecord>;
  // A property set to null is absent in Neo4j: an active key has no revokedAt at all.
  return { ...(key as ApiKeyRecord), roles: key.roles ?? [], revokedAt: key.revokedAt ?? null };
}

export async function createApiKey(db: Database, key: { id: string; name: string; roles: Role[]; hash: string }): Promise<void> {
  await db.write((tx) => tx.run(CREATE_KEY, key));
}

export async function findApiKey(db: Database, id: string): Promise<ApiKeyRecord | null> {
  const [row] = await db.read((tx) => tx.run(KEY_BY_ID, { id }));
  return row ? toRecord(row) : null;
}

export async function listApiKeys(db: Database): Promise<ApiKeyRecord[]> {
  return (await db.read((tx) => tx.run(LIST_KEYS))).map(toRecord);
}

/** Revokes a key (idempotent); false when there is no such key. */
export async function revokeApiKey(db: Database, id: string): Promise<boolean> {
  return (await db.write((tx) => tx.run(REVOKE_KEY, { id }))).length > 0;
}
