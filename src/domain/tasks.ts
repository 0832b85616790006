// Recurring manual work: a manual control with a periodic frequency (a quarterly access
// review, an annual risk assessment) must be performed once per period. Each period is an
// occurrence with a due date (the period's last day plus a grace); it is done when evidence
// effective within the period is linked to the control, or when its task is completed with
// such evidence. Periods are calendar periods in UTC: days, ISO weeks (Monday to Sunday),
// months, quarters and years.
import { addDays, daysBetween, isIsoDate } from './dates.js';
import type { Automation, Frequency } from './types.js';

export const PERIODIC_FREQUENCIES = ['daily', 'weekly', 'monthly', 'quarterly', 'annually'] as const;
export type PeriodicFrequency = (typeof PERIODIC_FREQUENCIES)[number];

export const isPeriodic = (f: Frequency): f is PeriodicFrequency => (PERIODIC_FREQUENCIES as readonly string[]).includes(f);

/** Whether a control gets tasks: performed by people, once per calendar period. */
export const needsTasks = (c: { frequency: Frequency; automation: Automation }): boolean => c.automation === 'manual' && isPeriodic(c.frequency);

/** Days after a period's last day before its task is overdue. */
export const DEFAULT_GRACE_DAYS: Record<PeriodicFrequency, number> = { daily: 1, weekly: 2, monthly: 7, quarterly: 15, annually: 30 };

/** How long before its due date an open task counts as due soon. */
export const DUE_SOON_DAYS: Record<PeriodicFrequency, number> = { daily: 1, weekly: 3, monthly: 10, quarterly: 30, annually: 60 };

export interface Period {
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day, inclusive. */
  end: string;
  /** Last day on which the work is on time: `end` plus the grace. */
  due: string;
  /** Human name: "2026-11-24", "week of 2026-11-23", "November 2026", "Q3 2026", "2026". */
  label: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const utc = (date: string): Date => new Date(`${date}T00:00:00Z`);
const ymd = (d: Date): string => d.toISOString().slice(0, 10);

export { addDays };

/** The last day of the month of `year`/`month0` (0-based): Date.UTC normalizes day 0 of the next month. */
const lastOfMonth = (year: number, month0: number): string => ymd(new Date(Date.UTC(year, month0 + 1, 0)));

function requireDate(date: string, what: string): void {
  if (!isIsoDate(date)) throw new RangeError(`${what}: ${JSON.stringify(date)} is not a date (YYYY-MM-DD)`);
}

/** The calendar period of `frequency` that contains `date`, with its due date. */
export function periodContaining(frequency: PeriodicFrequency, date: string, graceDays: number = DEFAULT_GRACE_DAYS[frequency]): Period {
  requireDate(date, 'date');
  const d = utc(date);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  let start: string;
  let end: string;
  let label: string;
  switch (frequency) {
    case 'daily':
      start = end = label = date;
      break;
    case 'weekly': {
      const back = (d.getUTCDay() + 6) % 7; // days since Monday
      start = addDays(date, -back);
      end = addDays(start, 6);
      label = `week of ${start}`;
      break;
    }
    case 'monthly':
      start = ymd(new Date(Date.UTC(y, m, 1)));
      end = lastOfMonth(y, m);
      label = `${MONTHS[m]} ${y}`;
      break;
    case 'quarterly': {
      const q = Math.floor(m / 3);
      start = ymd(new Date(Date.UTC(y, q * 3, 1)));
      end = lastOfMonth(y, q * 3 + 2);
      label = `Q${q + 1} ${y}`;
      break;
    }
    case 'annually':
      start = `${String(y).padStart(4, '0')}-01-01`;
      end = `${String(y).padStart(4, '0')}-12-31`;
      label = String(y);
      break;
  }
  return { start, end, due: addDays(end, graceDays), label };
}

/** The period after `period`. */
export function nextPeriod(frequency: PeriodicFrequency, period: Pick<Period, 'end'>, graceDays?: number): Period {
  return periodContaining(frequency, addDays(period.end, 1), graceDays);
}

/**
 * The periods from the one containing `from` (the organization's start) through the one after
 * the period containing `today` (so the next task is visible ahead). At most `max`, the latest kept.
 */
export function occurrences(frequency: PeriodicFrequency, from: string, today: string, opts: { graceDays?: number; max?: number } = {}): Period[] {
  requireDate(from, 'from');
  requireDate(today, 'today');
  const max = opts.max ?? 500;
  const current = periodContaining(frequency, today, opts.graceDays);
  const last = nextPeriod(frequency, current, opts.graceDays);
  const out: Period[] = [];
  let p = periodContaining(frequency, from <= today ? from : today, opts.graceDays);
  for (;;) {
    out.push(p);
    if (out.length > max) out.shift();
    if (p.start >= last.start) break;
    p = nextPeriod(frequency, p, opts.graceDays);
  }
  return out;
}

export type OccurrenceState = 'done' | 'skipped' | 'overdue' | 'due_soon' | 'upcoming';

export interface OccurrenceInput {
  frequency: PeriodicFrequency;
  period: Period;
  /** The stored task's state, if there is a task for this period. */
  taskState?: 'open' | 'done' | 'skipped';
  /** Effective dates (YYYY-MM-DD) of the evidence linked to the control. */
  evidenceDates: readonly string[];
  today: string;
}

export interface OccurrenceAssessment {
  state: OccurrenceState;
  /** The latest evidence effective within the period, if any. */
  evidenceDate: string | null;
  /** Days past due (> 0 only when overdue). */
  daysOverdue: number;
}

/** The latest of `dates` within the period, or null. */
export function evidenceWithin(period: Pick<Period, 'start' | 'end'>, dates: readonly string[]): string | null {
  let best: string | null = null;
  for (const d of dates) if (d >= period.start && d <= period.end && (best === null || d > best)) best = d;
  return best;
}

/** Where one occurrence stands today. */
export function assessOccurrence(input: OccurrenceInput): OccurrenceAssessment {
  const evidenceDate = evidenceWithin(input.period, input.evidenceDates);
  if (input.taskState === 'done' || evidenceDate !== null) return { state: 'done', evidenceDate, daysOverdue: 0 };
  if (input.taskState === 'skipped') return { state: 'skipped', evidenceDate: null, daysOverdue: 0 };
  if (input.today > input.period.due) return { state: 'overdue', evidenceDate: null, daysOverdue: daysBetween(input.period.due, input.today) };
  if (input.today >= addDays(input.period.due, -DUE_SOON_DAYS[input.frequency])) return { state: 'due_soon', evidenceDate: null, daysOverdue: 0 };
  return { state: 'upcoming', evidenceDate: null, daysOverdue: 0 };
}

export interface OverdueTask {
  /** What the work is, e.g. the control's title "Quarterly access review". */
  title: string;
  period: Pick<Period, 'label' | 'due'>;
}

/** The reason an overdue task puts its control at risk, oldest first. */
export function overdueExplanation(overdue: readonly OverdueTask[], today: string): string {
  const sorted = [...overdue].sort((a, b) => a.period.due.localeCompare(b.period.due));
  const first = sorted[0]!;
  const days = daysBetween(first.period.due, today);
  const more = sorted.length > 1 ? `; ${sorted.length - 1} more overdue task${sorted.length === 2 ? '' : 's'} (${sorted.slice(1).map((t) => t.period.label).join(', ')})` : '';
  return `at risk: ${first.title} for ${first.period.label} was due ${first.period.due} and is overdue (${days} day${days === 1 ? '' : 's'})${more}`;
}
