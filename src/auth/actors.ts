/** Who a write is attributed to in history: the caller's credential, or an operator or the system. */
import { userInfo } from 'node:os';
import type { ActorRecord } from '../data/records.js';
import type { Principal } from './roles.js';

/** The seed and other writes the server makes by itself. */
export const SYSTEM_ACTOR: ActorRecord = { id: 'system', kind: 'SYSTEM' };

/** An operator running a command on the database's machine (`npm run ingest`), by login name. */
export function cliActor(): ActorRecord {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (some containers): the operator stays unnamed
  }
  return { id: `cli:${name}`, kind: 'CLI' };
}

/** The actor of an authenticated caller: the API key's id or the JWT's subject. */
export function actorOf(principal: Principal): ActorRecord {
  return { id: principal.id, kind: principal.kind === 'api-key' ? 'API_KEY' : 'JWT' };
}
