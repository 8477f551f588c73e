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

describe('heldOn with sources dated when they called the relation current', () => {
  it.each([
    // [validFrom, validTo, heldSince, heldUntil, date, answer]
    [null, null, '2024-05-30', '2024-05-30', '2024-05-30', 'YES'], // a source of that day called it current
    [null, null, '2024-05-30', '2024-05-30', '2024-05', 'UNKNOWN'], // one day of the month says nothing of the rest
    ['2018', null, '2024-05-30', '2024-05-30', '2020', 'YES'], // begun by 2018, still held in 2024: held in between
    ['2018', null, '2022-06-01', '2024-05-30', '2023', 'YES'], // two dated sources
    ['2018', null, '2024-05-30', '2024-05-30', '2025', 'UNKNOWN'], // after the last source, nothing is known
    [null, '2023-03', '2022-06-01', '2022-06-01', '2023-H2', 'NO'], // a known end rules out what follows
    [null, '2023-03', '2022-06-01', '2022-06-01', '2022-H2', 'YES'], // current in June 2022, ended in March 2023
  ] as const)('from %s to %s, current from %s to %s, at %s: %s', (validFrom, validTo, heldSince, heldUntil, date, answer) => {
    expect(heldOn({ validFrom, validTo, current: null, heldSince, heldUntil }, date)).toBe(answer);
  });
});
