// Operating effectiveness over a period: expected occurrences against evidenced ones, and the
// stretches with no evidence. Pure. (Failing windows of checks come from the result history:
// src/domain/history.ts.)
// Dates are YYYY-MM-DD; instants ISO timestamps; days are UTC days.
import { addDays } from './dates.js';
import { expectedOccurrences, periodDays, type SamplingFrequency } from './sampling.js';

export interface DateRange {
  from: string;
  to: string;
}

export interface Coverage {
  /** Occurrences the frequency expects in the period; null when there is no fixed count. */
  expected: number | null;
  /** Expected occurrences with at least one piece of evidence (or items, without a fixed count). */
  evidenced: number;
  /** Stretches of the period whose occurrence has no evidence, consecutive ones merged. */
  gaps: DateRange[];
}

const DAY = 86_400_000;
const offset = (from: string, date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** How long one occurrence's slot is: calendar months, or days. */
const SLOT: Partial<Record<SamplingFrequency, { months: number } | { days: number }>> = {
  annual: { months: 12 }, 'semi-annual': { months: 6 }, quarterly: { months: 3 }, monthly: { months: 1 }, weekly: { days: 7 }, daily: { days: 1 },
};

/** `date` plus `months` calendar months, the day clamped to the month's length (Jan 31 + 1 → Feb 28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

/**
 * One slot per expected occurrence, laid from the start of the period in calendar steps (a
 * quarterly control over January–December: the four quarters); the last slot runs to the end
 * of the period. Evidence effective on a day covers that day's slot; evidenced = covered
 * slots. Without a fixed count (many times a day, automated) every item counts and there are
 * no gaps to speak of.
 */
export function occurrenceCoverage(frequency: SamplingFrequency, period: DateRange, effectiveDates: readonly string[]): Coverage {
  const days = periodDays(period.from, period.to);
  const inside = effectiveDates.filter((d) => d >= period.from && d <= period.to);
  const expected = expectedOccurrences(frequency, days);
  const step = SLOT[frequency];
  if (expected === null || !step) return { expected: null, evidenced: inside.length, gaps: [] };
  const starts = Array.from({ length: expected }, (_, i) => ('months' in step ? addMonths(period.from, i * step.months) : addDays(period.from, i * step.days)));
  const slotOf = (d: string) => {
    let i = 'days' in step ? Math.floor(offset(period.from, d) / step.days) : 0;
    if ('months' in step) while (i + 1 < expected && starts[i + 1]! <= d) i += 1;
    return Math.min(i, expected - 1);
  };
  const covered = new Set(inside.map(slotOf));
  const gaps: DateRange[] = [];
  for (let i = 0; i < expected; i++) {
    if (covered.has(i)) continue;
    const from = starts[i]!;
    if (from > period.to) continue;
    const to = i + 1 < expected && starts[i + 1]! <= period.to ? addDays(starts[i + 1]!, -1) : period.to;
    const last = gaps[gaps.length - 1];
    if (last && addDays(last.to, 1) === from) last.to = to;
    else gaps.push({ from, to });
  }
  return { expected, evidenced: covered.size, gaps };
}

/** Days of the period on which monitoring ran (for automated controls): expected every day. */
export function dailyCoverage(period: DateRange, daysObserved: readonly string[]): Coverage {
  const days = periodDays(period.from, period.to);
  const seen = new Set(daysObserved.filter((d) => d >= period.from && d <= period.to));
  const gaps: DateRange[] = [];
  for (let o = 0; o < days; o++) {
    const d = addDays(period.from, o);
    if (seen.has(d)) continue;
    const last = gaps[gaps.length - 1];
    if (last && addDays(last.to, 1) === d) last.to = d;
    else gaps.push({ from: d, to: d });
  }
  return { expected: days, evidenced: seen.size, gaps };
}
