/**
 * Checks of arguments that the schema's types cannot express (page sizes, cursors, search text),
 * in one place so that every resolver refuses bad input the same way, with BAD_USER_INPUT.
 */
import { LIMITS } from '../config.js';
import { changeCursor, decodeCursor, duplicateCursor, entityCursor, timelineCursor } from '../domain/cursor.js';
import { parsePartialDate } from '../domain/partial-date.js';
import { badUserInput } from '../errors.js';

/** The whole numbers a sizing argument accepts. */
export interface ArgumentRange {
  min: number;
  max: number;
}

/**
 * The one message for a sizing argument out of its range, whether the value came as a literal
 * (refused by the validation rule before anything runs) or as a variable (refused by the resolver).
 */
export function outOfRangeMessage(argument: string, range: ArgumentRange, value: number): string {
  const rest = argument === 'first' && range.min === 0 ? '; page through the rest with "after"' : '';
  return `"${argument}" must be from ${range.min} to ${range.max} (got ${value})${rest}`;
}

/** A page size between 0 and the server's maximum. */
export function pageSize(first: number | null | undefined, fallback: number, max: number, argument = 'first'): number {
  const size = first ?? fallback;
  if (size < 0 || size > max) throw badUserInput(outOfRangeMessage(argument, { min: 0, max }, size), argument);
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

export function searchText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw badUserInput('"text" must not be empty', 'text');
  if (trimmed.length > LIMITS.searchText) throw badUserInput(`"text" must be at most ${LIMITS.searchText} characters`, 'text');
  return trimmed;
}

const NOT_OF_THIS_LIST = '"after" is not a cursor of this list; use one it returned';

/** The sort key of the timeline item after which to start, or null for the first page. */
export function afterTimelineItem(after: string | null | undefined): string | null {
  const raw = afterKey(after);
  if (raw === null) return null;
  const key = timelineCursor.read(raw);
  if (key === null) throw badUserInput(NOT_OF_THIS_LIST, 'after');
  return key;
}

/**
 * The sort key and id inside an `after` cursor of a sorted list, or null for the first page. The
 * cursor names the order it was made for (`order`, e.g. "NAME:ASC"); one from another order is refused.
 */
export function afterKeyset(after: string | null | undefined, order: string): { key: string; id: string } | null {
  const raw = afterKey(after);
  if (raw === null) return null;
  const keyset = entityCursor.read(raw, order);
  if (keyset === null) throw badUserInput('"after" is not a cursor of this list in this order; use its pageInfo.endCursor', 'after');
  return keyset;
}

/** An optional list argument: omitted and empty both mean "no filter". */
export function optionalList<T>(values: readonly T[] | null | undefined): readonly T[] | null {
  return values && values.length > 0 ? values : null;
}

/**
 * The ranges of the sizing arguments that are not plain page sizes (a plain `first` is from 0 to
 * the page size maximum), by field and argument: the one source for the validation rule and the
 * resolvers alike.
 */
export const ARGUMENT_RANGES: Readonly<Record<string, Readonly<Record<string, ArgumentRange>>>> = {
  paths: { first: { min: 1, max: LIMITS.paths }, maxHops: { min: 1, max: LIMITS.pathHops } },
  timeline: { first: { min: 1, max: LIMITS.timelineItems } },
  neighborhood: { limit: { min: 1, max: LIMITS.neighborhoodEntities }, depth: { min: 1, max: LIMITS.neighborhoodDepth } },
};

/** The range of `field`'s sizing `argument`: its own, or a plain page size's for `first`; undefined for others. */
export function sizingRange(field: string, argument: string, maxPageSize: number): ArgumentRange | undefined {
  return ARGUMENT_RANGES[field]?.[argument] ?? (argument === 'first' ? { min: 0, max: maxPageSize } : undefined);
}

/** The value of `field`'s sizing `argument` (its fallback when omitted), or BAD_USER_INPUT naming the range. */
export function argumentInRange(field: string, argument: string, value: number | null | undefined, fallback: number): number {
  const range = ARGUMENT_RANGES[field]?.[argument];
  if (!range) throw new Error(`no range for ${field}(${argument})`);
  const n = value ?? fallback;
  if (n < range.min || n > range.max) throw badUserInput(outOfRangeMessage(argument, range, n), argument);
  return n;
}

/** The (time, id) inside an `after` cursor of a list of changes, or null for the first page. */
export function afterChange(after: string | null | undefined): { at: string; id: string } | null {
  const raw = afterKey(after);
  if (raw === null) return null;
  const change = changeCursor.read(raw);
  if (change === null) throw badUserInput(NOT_OF_THIS_LIST, 'after');
  return change;
}

/** The (score, id) inside an `after` cursor of the possible duplicates, or null for the first page. */
export function afterDuplicate(after: string | null | undefined): { score: number; id: string } | null {
  const raw = afterKey(after);
  if (raw === null) return null;
  const position = duplicateCursor.read(raw);
  if (position === null) throw badUserInput(NOT_OF_THIS_LIST, 'after');
  return position;
}
