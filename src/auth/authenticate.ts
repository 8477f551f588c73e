/**
 * Establishes who is calling, from an API key in `Authorization: Bearer …` or `X-API-Key`, or from
 * a JWT of the configured issuer in `Authorization: Bearer …`. No
 * credential means anonymous; a credential that is malformed, unknown or revoked is refused
 * outright (UNAUTHENTICATED, 401) rather than quietly treated as anonymous.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Config } from '../config.js';
import type { Database } from '../data/database.js';
import { findApiKey } from '../data/key-store.js';
import { authenticationUnavailable, unauthenticated } from '../errors.js';
import { parseApiKey, secretMatches } from './api-keys.js';
import { isRole, type Principal } from './roles.js';

/** The credential a request presents, or null. */
export function presentedKey(headers: IncomingHttpHeaders): string | null {
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && authorization.length > 0) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <API key or token>".');
    return match[1]!;
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : null;
}

/** Verifies JWTs from the configured issuer; built once, since a JWKS is fetched and cached. */
export function jwtVerifier(jwt: NonNullable<Config['jwt']>): (token: string) => Promise<Principal> {
  const key = jwt.jwksUrl ? createRemoteJWKSet(new URL(jwt.jwksUrl)) : new TextEncoder().encode(jwt.secret!);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
        issuer: jwt.issuer,
        audience: jwt.audience,
        // Tokens cannot be revoked: each must expire. Algorithms are pinned to the kind of key.
        requiredClaims: ['exp', 'sub'],
        algorithms: jwt.jwksUrl ? ['RS256', 'PS256', 'ES256', 'EdDSA'] : ['HS256'],
      });
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string').filter(isRole) : [];
      return { id: String(payload.sub ?? 'unknown'), kind: 'jwt', roles };
    } catch (error) {
      if (isKeySetUnreachable(error)) {
        // Not the caller's fault: the issuer's keys could not be fetched. Retrying later may work.
        throw authenticationUnavailable();
      }
      throw unauthenticated('The token is not valid.');
    }
  };
}

/**
 * Whether a verification failed because the key set could not be fetched (timeout, network error,
 * a non-200 answer or a body that is not a key set), rather than because the token is bad. jose
 * marks token problems with their own codes; anything without one is a failure to reach the keys.
 */
function isKeySetUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code !== 'string' || !code.startsWith('ERR_') || ['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JOSE_GENERIC'].includes(code);
}

export type JwtVerifier = ReturnType<typeof jwtVerifier>;

export async function authenticate(headers: IncomingHttpHeaders, db: Database, verifyJwt: JwtVerifier | null = null): Promise<Principal | null> {
  const key = presentedKey(headers);
  if (key === null) return null;
  const parsed = parseApiKey(key);
  // Anything that is not one of our keys may be a JWT, when an issuer is configured.
  if (!parsed && verifyJwt && key.split('.').length === 3) return verifyJwt(key);
  if (!parsed) throw unauthenticated('The API key is not valid.');
  const stored = await findApiKey(db, parsed.id);
  if (!stored || !secretMatches(parsed.secret, stored.hash)) throw unauthenticated('The API key is not valid.');
  if (stored.revokedAt !== null) throw unauthenticated('The API key has been revoked.');
  return { id: stored.id, kind: 'api-key', roles: stored.roles.filter(isRole) };
}
