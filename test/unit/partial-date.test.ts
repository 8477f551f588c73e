import { describe, expect, it } from 'vitest';
import { isPartialDate, parsePartialDate } from '../../src/domain/partial-date.js';

describe('partial dates', () => {
  it.each([
    ['2024', 'YEAR', '2024-01-01', '2024-12-31'],
    ['2024-H1', 'HALF', '2024-01-01', '2024-06-30'],
    ['2024-H2', 'HALF', '2024-07-01', '2024-12-31'],
    ['2024-Q1', 'QUARTER', '2024-01-01', '2024-03-31'],
    ['2023-Q4', 'QUARTER', '2023-10-01', '2023-12-31'],
    ['2024-02', 'MONTH', '2024-02-01', '2024-02-29'],
    ['2023-02', 'MONTH', '2023-02-01', '2023-02-28'],
    ['2024-06-15', 'DAY', '2024-06-15', '2024-06-15'],
  ])('%s has precision %s and covers %s to %s', (text, precision, start, end) => {
    expect(parsePartialDate(text)).toEqual({ text, precision, start, end });
  });

  it.each(['', '24', '2024-H3', '2024-Q5', '2024-13', '2024-00', '2023-02-29', '2024-04-31', '2024-6', '0000', 'late 2023', '2024-06-15T00:00'])(
    'rejects %j with a message naming the accepted forms',
    (text) => {
      expect(isPartialDate(text)).toBe(false);
      expect(() => parsePartialDate(text)).toThrow(/YYYY-H1\/H2/);
    },
  );
});
