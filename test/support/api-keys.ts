/**
 * API keys made straight in the test database (as `npm run keys` would): writes need them, and
 * tests that reset the graph make them again.
 */
import { generateApiKey } from '../../src/auth/api-keys.js';
import type { Role } from '../../src/auth/roles.js';
import type { Database } from '../../src/data/database.js';
import { createApiKey, revokeApiKey } from '../../src/data/key-store.js';

/** Makes an API key with these roles in the test database and returns the whole key. */
export async function makeApiKey(db: Database, roles: Role[], { revoked = false } = {}): Promise<string> {
  const key = generateApiKey();
  await createApiKey(db, { id: key.id, name: `test ${roles.join(',')}`, roles, hash: key.hash });
  if (revoked) await revokeApiKey(db, key.id);
  return key.key;
}

/** Makes one key per role (each with that role alone): `keys.editor`, `keys.reader`, ... */
export async function makeApiKeys<R extends Role>(db: Database, roles: readonly R[]): Promise<Record<R, string>> {
  const keys = {} as Record<R, string>;
  for (const role of roles) keys[role] = await makeApiKey(db, [role]);
  return keys;
}
