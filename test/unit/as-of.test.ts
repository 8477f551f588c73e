import { describe, expect, it } from 'vitest';
import { heldOn } from '../../src/domain/as-of.js';

const fact = (validFrom: string | null, validTo: string | null, current: boolean | null = null) => ({ validFrom, validTo, current });

describe('held on a date', () => {
  it.each([
    // [validFrom, validTo, current, date, answer]
    ['2010', '2019', false, '2015', 'YES'],
    ['2010', '2019', false, '2020', 'NO'],
    ['2010', '2019', false, '2009-12', 'NO'],
    ['2010', '2019', false, '2019', 'UNKNOWN'], // it ended some time in 2019
    ['2010', '2019', false, '2019-H1', 'UNKNOWN'],
    ['2021-Q3', null, null, '2021', 'UNKNOWN'], // began during 2021
    ['2021-Q3', null, null, '2021-Q2', 'NO'],
    ['2021-Q3', null, null, '2022', 'UNKNOWN'], // no end, not said to be current
    ['2021-Q3', null, true, '2022', 'UNKNOWN'], // current as of the source, whose date is not known here
    [null, null, true, '2024-H1', 'UNKNOWN'], // current, but since when?
    [null, null, false, '2010', 'UNKNOWN'], // "once associated": when, unknown
    [null, '2023', false, '2024-H1', 'NO'],
    [null, '2023', false, '2022', 'UNKNOWN'],
    ['2024-03', '2024-03', null, '2024-03-15', 'UNKNOWN'],
    ['2024-01', '2024-12', null, '2024-H1', 'UNKNOWN'], // began during January, the half's first month
    ['2023-12', '2025', null, '2024-H1', 'YES'],
  ] as const)('from %s to %s (current %s) at %s: %s', (from, to, current, date, answer) => {
    expect(heldOn(fact(from, to, current), date)).toBe(answer);
  });
});
