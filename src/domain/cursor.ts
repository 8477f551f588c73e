/**
 * Opaque cursors for keyset pagination. A cursor wraps the sort key of the last item of a page;
 * clients must treat it as opaque, which leaves us free to change what it holds.
 */

const PREFIX = 'ig1:';

export function encodeCursor(key: string): string {
  return Buffer.from(PREFIX + key, 'utf8').toString('base64url');
}

/** The key inside a cursor, or null when the string is not a cursor this API made. */
export function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  return decoded.startsWith(PREFIX) ? decoded.slice(PREFIX.length) : null;
}
