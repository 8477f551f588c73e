/**
 * Partial dates: a date known only to some precision ("2024", "2024-H1", "2024-Q3", "2024-06",
 * "2024-06-15"), kept with that precision and with the interval of days it covers, so that
 * "as of 2024-03" can be answered against "2024-H1" without pretending to know more.
 */

export type DatePrecision = 'YEAR' | 'HALF' | 'QUARTER' | 'MONTH' | 'DAY';

export interface PartialDate {
  /** Canonical text form, e.g. "2024-H1". */
  readonly text: string;
  readonly precision: DatePrecision;
  /** First day covered, "YYYY-MM-DD". */
  readonly start: string;
  /** Last day covered, "YYYY-MM-DD". */
  readonly end: string;
}

export class PartialDateError extends Error {
  constructor(input: string, reason: string) {
    super(`"${input}" is not a partial date (${reason}); use YYYY, YYYY-H1/H2, YYYY-Q1..Q4, YYYY-MM or YYYY-MM-DD`);
    this.name = 'PartialDateError';
  }
}

const PATTERN = /^(\d{4})(?:-(?:(H[12])|(Q[1-4])|(\d{2})(?:-(\d{2}))?))?$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDay = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC avoids any time-zone shift.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthSpan(year: number, firstMonth: number, lastMonth: number) {
  return { start: isoDay(year, firstMonth, 1), end: isoDay(year, lastMonth, daysInMonth(year, lastMonth)) };
}

/** Parses a partial date, or throws PartialDateError saying what is wrong with it. */
export function parsePartialDate(input: string): PartialDate {
  const match = PATTERN.exec(input);
  if (!match) throw new PartialDateError(input, 'unrecognised form');
  const [, yearText, half, quarter, monthText, dayText] = match;
  const year = Number(yearText);
  if (year < 1) throw new PartialDateError(input, 'year 0000 does not exist');

  if (half) {
    const first = half === 'H1' ? 1 : 7;
    return { text: input, precision: 'HALF', ...monthSpan(year, first, first + 5) };
  }
  if (quarter) {
    const first = (Number(quarter[1]) - 1) * 3 + 1;
    return { text: input, precision: 'QUARTER', ...monthSpan(year, first, first + 2) };
  }
  if (monthText) {
    const month = Number(monthText);
    if (month < 1 || month > 12) throw new PartialDateError(input, `month ${monthText} is out of range`);
    if (dayText) {
      const day = Number(dayText);
      if (day < 1 || day > daysInMonth(year, month)) throw new PartialDateError(input, `day ${dayText} is not in that month`);
      const iso = isoDay(year, month, day);
      return { text: input, precision: 'DAY', start: iso, end: iso };
    }
    return { text: input, precision: 'MONTH', ...monthSpan(year, month, month) };
  }
  return { text: input, precision: 'YEAR', ...monthSpan(year, 1, 12) };
}

/** True when the string is a well-formed partial date. */
export function isPartialDate(input: string): boolean {
  try {
    parsePartialDate(input);
    return true;
  } catch {
    return false;
  }
}
