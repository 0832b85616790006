// Cron expressions: parsing (with field-coded errors) and the next matching minute, in UTC.
import { describe, expect, it } from 'vitest';
import { nextRun, parseCron } from '../../src/domain/cron.js';
import { AppError } from '../../src/domain/errors.js';

const next = (expr: string, after: string) => nextRun(parseCron(expr), new Date(after))?.toISOString() ?? null;

/** The next `n` runs after `after`. */
function runs(expr: string, after: string, n: number): string[] {
  const cron = parseCron(expr);
  const out: string[] = [];
  let t = new Date(after);
  for (let i = 0; i < n; i++) {
    t = nextRun(cron, t)!;
    out.push(t.toISOString().slice(0, 16));
  }
  return out;
}

describe('nextRun', () => {
  it.each([
    ['0 3 * * *', '2026-11-24T02:59:59Z', '2026-11-24T03:00:00.000Z'],
    ['0 3 * * *', '2026-11-24T03:00:00Z', '2026-11-25T03:00:00.000Z'],
    ['*/15 * * * *', '2026-11-24T10:07:30Z', '2026-11-24T10:15:00.000Z'],
    ['5 * * * *', '2026-11-24T23:30:00Z', '2026-11-25T00:05:00.000Z'],
    ['0 0 1 * *', '2026-12-15T00:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['0 0 29 2 *', '2026-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['30 9 * * MON-FRI', '2026-11-27T10:00:00Z', '2026-11-30T09:30:00.000Z'], // Friday after 09:30 → Monday
    ['0 12 * * 7', '2026-11-24T00:00:00Z', '2026-11-29T12:00:00.000Z'], // 7 is Sunday
    ['0 0 1 JAN,JUL *', '2026-02-01T00:00:00Z', '2026-07-01T00:00:00.000Z'],
    ['@daily', '2026-11-24T12:00:00Z', '2026-11-25T00:00:00.000Z'],
    ['@hourly', '2026-11-24T12:00:00Z', '2026-11-24T13:00:00.000Z'],
    ['@weekly', '2026-11-24T12:00:00Z', '2026-11-29T00:00:00.000Z'],
  ])('%s after %s is %s', (expr, after, expected) => {
    expect(next(expr, after)).toBe(expected);
  });

  it('matches either day field when both are restricted (as Vixie cron does)', () => {
    // The 13th of the month, or any Friday.
    expect(runs('0 0 13 * 5', '2026-11-01T00:00:00Z', 4)).toEqual(['2026-11-06T00:00', '2026-11-13T00:00', '2026-11-20T00:00', '2026-11-27T00:00']);
    expect(runs('0 0 13 * *', '2026-11-01T00:00:00Z', 2)).toEqual(['2026-11-13T00:00', '2026-12-13T00:00']);
  });

  it('steps over ranges and values', () => {
    expect(runs('10-30/10 8 * * *', '2026-11-24T00:00:00Z', 4)).toEqual(['2026-11-24T08:10', '2026-11-24T08:20', '2026-11-24T08:30', '2026-11-25T08:10']);
    expect(runs('50/5 * * * *', '2026-11-24T00:00:00Z', 3)).toEqual(['2026-11-24T00:50', '2026-11-24T00:55', '2026-11-24T01:50']);
  });

  it('is null for an expression that never matches', () => {
    expect(next('0 0 30 2 *', '2026-01-01T00:00:00Z')).toBeNull();
  });
});

describe('parseCron', () => {
  const codeOf = (expr: string) => {
    try {
      parseCron(expr, 'body.cron');
      return null;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return `${e.code} ${e.fields.map((f) => `${f.field}:${f.code}`).join(',')}`;
    }
  };

  it.each(['', '* * * *', '* * * * * *', '60 * * * *', '* 24 * * *', '* * 0 * *', '* * * 13 *', '* * * * 8', '5-1 * * * *', '*/0 * * * *', 'a * * * *', '1-2-3 * * * *', '@often'])(
    'rejects %j on the given field with invalid_cron', (expr) => {
      expect(codeOf(expr)).toBe('invalid_input body.cron:invalid_cron');
    },
  );

  it('names the faulty field in the message', () => {
    expect(() => parseCron('0 25 * * *')).toThrow(/hour: "25" is outside 0-23/);
  });

  it('accepts names in either case and normalizes spacing', () => {
    expect(parseCron('  0   3 * jan-mar  sun ').source).toBe('0 3 * jan-mar sun');
    expect([...parseCron('0 0 * * sun,7').weekdays]).toEqual([0]);
  });
});
