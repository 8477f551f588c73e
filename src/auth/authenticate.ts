/**
 * Establishes who is calling, from an API key in `Authorization: Bearer …` or `X-API-Key`. No
 * credential means anonymous; a credential that is malformed, unknown or revoked is refused
 * outright (UNAUTHENTICATED, 401) rather than quietly treated as anonymous.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Database } from '../data/database.js';
import { findApiKey } from '../data/key-store.js';
import { ErrorCode } from '../errors.js';
import { parseApiKey, secretMatches } from './api-keys.js';
import { isRole, type Principal } from './roles.js';

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } } });
}

/** The credential a request presents, or null. */
export function presentedKey(headers: IncomingHttpHeaders): string | null {
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && authorization.length > 0) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <API key>".');
    return match[1]!;
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : null;
}

export async function authenticate(headers: IncomingHttpHeaders, db: Database): Promise<Principal | null> {
  const key = presentedKey(headers);
  if (key === null) return null;
  const parsed = parseApiKey(key);
  if (!parsed) throw unauthenticated('The API key is not valid.');
  const stored = await findApiKey(db, parsed.id);
  if (!stored || !secretMatches(parsed.secret, stored.hash)) throw unauthenticated('The API key is not valid.');
  if (stored.revokedAt !== null) throw unauthenticated('The API key has been revoked.');
  return { id: stored.id, kind: 'api-key', roles: stored.roles.filter(isRole) };
}
