/**
 * API keys: "igk_<id>_<secret>". Only a SHA-256 hash of the secret is stored; the secret is shown
 * once, when the key is made. The secret has 256 random bits, so a fast hash is enough: there is
 * nothing to guess that a slow hash would protect.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PATTERN = /^igk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  id: string;
  /** The whole key, to hand to its user once; never stored. */
  key: string;
  hash: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function generateApiKey(): NewApiKey {
  const id = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `igk_${id}_${secret}`, hash: hashSecret(secret) };
}

/** The id and secret of a presented key, or null when it is not shaped like one of ours. */
export function parseApiKey(key: string): { id: string; secret: string } | null {
  const match = PATTERN.exec(key);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
