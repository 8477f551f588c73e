/**
 * Opaque cursors for keyset pagination, one kind per list, each made and read here and nowhere
 * else: the data layer makes them, the argument checks read them back. A cursor wraps the sort key
 * of the last item of a page; clients must treat it as opaque, which leaves us free to change what
 * it holds. A list's cursor names the list (and a sorted list its order), so that a cursor of
 * another list is refused rather than misread.
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

/** A JSON array of `length` strings, or null. */
function stringTuple(raw: string, length: number): string[] | null {
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.length === length && parsed.every((item) => typeof item === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

/** An entity's relations, in id order: the cursor is the last relation's id. */
export const relationCursor = {
  encode: (relationId: string) => encodeCursor(relationId),
  /** The relation id after which the page starts. */
  read: (key: string): string | null => key,
};

/** A list of entities in an order ("NAME:ASC"): the order, the last entity's sort key and its id. */
export const entityCursor = {
  /** The name of an order, which its cursors carry. */
  order: (field: string, direction: string) => `${field}:${direction}`,
  encode: (order: string, sortKey: string, id: string) => encodeCursor(JSON.stringify([order, sortKey, id])),
  /** The sort key and id after which the page starts, or null when the cursor is of another list or order. */
  read: (key: string, order: string): { key: string; id: string } | null => {
    const tuple = stringTuple(key, 3);
    return tuple && tuple[0] === order ? { key: tuple[1]!, id: tuple[2]! } : null;
  },
};

const CHANGE_TAG = 'change:';

/** A history, newest first: the last change's time and id. */
export const changeCursor = {
  encode: (at: string, id: string) => encodeCursor(CHANGE_TAG + JSON.stringify([at, id])),
  read: (key: string): { at: string; id: string } | null => {
    const tuple = key.startsWith(CHANGE_TAG) ? stringTuple(key.slice(CHANGE_TAG.length), 2) : null;
    return tuple ? { at: tuple[0]!, id: tuple[1]! } : null;
  },
};

const TIMELINE_TAG = 'timeline:';

/** A timeline: the last item's sort key. */
export const timelineCursor = {
  encode: (sortKey: string) => encodeCursor(TIMELINE_TAG + sortKey),
  read: (key: string): string | null => (key.startsWith(TIMELINE_TAG) ? key.slice(TIMELINE_TAG.length) : null),
};

const DUPLICATE_TAG = 'duplicate:';

/** Possible duplicates, most alike first: the last pair's score and id. */
export const duplicateCursor = {
  encode: (score: number, id: string) => encodeCursor(DUPLICATE_TAG + JSON.stringify([String(score), id])),
  read: (key: string): { score: number; id: string } | null => {
    const tuple = key.startsWith(DUPLICATE_TAG) ? stringTuple(key.slice(DUPLICATE_TAG.length), 2) : null;
    const score = tuple ? Number(tuple[0]) : NaN;
    return tuple && Number.isFinite(score) ? { score, id: tuple[1]! } : null;
  },
};
