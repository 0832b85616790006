import { describe, expect, it } from 'vitest';
import { daysBetween, isIsoDate, toIsoDate } from '../../src/domain/dates.js';

describe('isIsoDate', () => {
  it.each([
    ['2026-01-01'],
    ['2026-12-31'],
    ['2026-04-30'],
    ['2024-02-29'], // divisible by 4
    ['2000-02-29'], // divisible by 400
    ['1999-12-31'],
  ])('accepts %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    ['2026-02-30', 'no 30 February'],
    ['2026-02-29', 'not a leap year'],
    ['1900-02-29', 'divisible by 100 but not 400'],
    ['2100-02-29', 'divisible by 100 but not 400'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-13-01', 'no month 13'],
    ['2026-00-10', 'no month 0'],
    ['2026-01-00', 'no day 0'],
    ['2026-01-32', 'no day 32'],
    ['2026-1-1', 'digits not padded'],
    ['26-01-01', 'two-digit year'],
    ['', 'empty'],
    [' 2026-01-01', 'leading space'],
    ['2026-01-01 ', 'trailing space'],
    ['2026-01-01T00:00:00Z', 'a timestamp, not a date'],
    ['2026/01/01', 'wrong separator'],
    ['20260101', 'basic format'],
    ['not a date', 'prose'],
  ])('rejects %j (%s)', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe('toIsoDate', () => {
  it('gives the UTC calendar date of an instant', () => {
    expect(toIsoDate(new Date('2026-11-24T23:59:59.999Z'))).toBe('2026-11-24');
    expect(toIsoDate(new Date('2026-11-24T23:30:00-02:00'))).toBe('2026-11-25');
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-01-01', '2026-01-01', 0],
    ['2026-01-01', '2026-01-02', 1],
    ['2026-01-02', '2026-01-01', -1],
    ['2026-01-31', '2026-03-01', 29],
    ['2024-01-31', '2024-03-01', 30], // through 29 February
    ['2024-02-28', '2024-03-01', 2],
    ['2026-01-01', '2027-01-01', 365],
    ['2024-01-01', '2025-01-01', 366],
    ['2026-03-28', '2026-03-30', 2], // a European DST change in between changes nothing: dates are UTC days
    ['2026-10-24', '2026-10-26', 2],
    ['2025-12-31', '2026-01-01', 1],
  ])('from %s to %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it('is antisymmetric', () => {
    for (const [a, b] of [['2026-01-15', '2026-09-03'], ['2020-02-29', '2026-11-24']] as const) {
      expect(daysBetween(a, b)).toBe(-daysBetween(b, a));
    }
  });
});
