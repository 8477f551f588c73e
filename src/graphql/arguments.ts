/**
 * Checks of arguments that the schema's types cannot express (page sizes, cursors, search text),
 * in one place so that every resolver refuses bad input the same way, with BAD_USER_INPUT.
 */
import { decodeCursor } from '../domain/cursor.js';
import { parsePartialDate } from '../domain/partial-date.js';
import { badUserInput } from '../errors.js';

/** A page size between 0 and the server's maximum. */
export function pageSize(first: number | null | undefined, fallback: number, max: number, argument = 'first'): number {
  const size = first ?? fallback;
  if (size < 0) throw badUserInput(`"${argument}" must not be negative (got ${size})`, argument);
  if (size > max) throw badUserInput(`"${argument}" must be at most ${max} (got ${size}); page through the rest with "after"`, argument);
  return size;
}

/** The key inside an `after` cursor, or null for the first page. */
export function afterKey(after: string | null | undefined): string | null {
  if (after === null || after === undefined) return null;
  const key = decodeCursor(after);
  if (key === null) throw badUserInput('"after" is not a cursor from this API; use a pageInfo.endCursor or an edge cursor', 'after');
  return key;
}

/** The interval of days an as-of date covers. The scalar has already checked its form. */
export function asOfInterval(asOf: string | null | undefined): { start: string; end: string } | null {
  if (asOf === null || asOf === undefined) return null;
  const { start, end } = parsePartialDate(asOf);
  return { start, end };
}

export const MAX_SEARCH_TEXT = 200;

export function searchText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw badUserInput('"text" must not be empty', 'text');
  if (trimmed.length > MAX_SEARCH_TEXT) throw badUserInput(`"text" must be at most ${MAX_SEARCH_TEXT} characters`, 'text');
  return trimmed;
}
