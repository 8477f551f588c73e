/**
 * `npm run keys -- <command>`: API keys for writes (and reads, when they require a key).
 *   create --name NAME --roles ingest,editor   prints the new key once; only its hash is kept
 *   list                                       every key, without secrets
 *   revoke ID                                  the key stops working at once
 */
import { parseArgs } from 'node:util';
import { generateApiKey } from '../auth/api-keys.js';
import { isRole, ROLES, type Role } from '../auth/roles.js';
import { withDatabase } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../data/key-store.js';
import { applySchema } from '../data/schema-setup.js';
import { runCli, UsageError } from './run-cli.js';

const USAGE = `usage: npm run keys -- create --name NAME --roles ROLE[,ROLE] | list | revoke ID   (roles: ${ROLES.join(', ')})`;

await runCli(async () => {
  const { positionals, values } = parseArgs({ options: { name: { type: 'string' }, roles: { type: 'string' } }, allowPositionals: true });
  const [command, id] = positionals;
  if (command === 'create') {
    const roles = (values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    const unknown = roles.filter((r) => !isRole(r));
    if (!values.name || roles.length === 0 || unknown.length > 0) {
      throw new UsageError(unknown.length > 0 ? `unknown role(s): ${unknown.join(', ')}\n${USAGE}` : USAGE);
    }
    const key = generateApiKey();
    await withDatabase(loadConfig(), async (db) => {
      await applySchema(db);
      await createApiKey(db, { id: key.id, name: values.name!, roles: roles as Role[], hash: key.hash });
    });
    console.log(`Created key ${key.id} (${roles.join(', ')}) for ${values.name}. Keep it now; it is not shown again:\n${key.key}`);
  } else if (command === 'list') {
    const keys = await withDatabase(loadConfig(), (db) => listApiKeys(db));
    for (const k of keys) console.log(`${k.id}  ${k.roles.join(',').padEnd(20)}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.name}`);
    if (keys.length === 0) console.log('No keys yet.');
  } else if (command === 'revoke' && id) {
    const revoked = await withDatabase(loadConfig(), (db) => revokeApiKey(db, id));
    if (!revoked) throw new UsageError(`No key has the id ${id}.`);
    console.log(`Key ${id} is revoked.`);
  } else {
    throw new UsageError(USAGE);
  }
});
