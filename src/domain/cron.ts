// Cron expressions for job schedules: the five classic fields, in UTC.
//   minute hour day-of-month month day-of-week
// Each field: `*`, a value, a range `a-b`, a step `*/n`, `a-b/n` or `a/n`, or a comma list of
// those; months and weekdays also by name (JAN, MON). Sunday is 0 or 7. As in Vixie cron,
// when both day fields are restricted a day matches either. Macros: @hourly, @daily
// (@midnight), @weekly, @monthly, @yearly (@annually).
import { invalidField } from './errors.js';

export interface Cron {
  /** The expression as written (trimmed). */
  source: string;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
}

const MACROS: Record<string, string> = {
  '@hourly': '0 * * * *', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *', '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *',
};
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec { name: string; min: number; max: number; names?: string[]; nameBase?: number }
const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS, nameBase: 0 },
];

function parseField(text: string, spec: FieldSpec): Set<number> | string {
  const out = new Set<number>();
  const value = (v: string): number | null => {
    const byName = spec.names?.indexOf(v.toUpperCase()) ?? -1;
    if (byName >= 0) return byName + (spec.nameBase ?? 0);
    if (!/^\d{1,2}$/.test(v)) return null;
    const n = Number(v);
    return n >= spec.min && n <= spec.max ? n : null;
  };
  for (const item of text.split(',')) {
    const m = /^([^/]+)(?:\/(\d{1,2}))?$/.exec(item);
    if (!m) return `${spec.name}: ${JSON.stringify(item)} is not a value, range or step`;
    const [, range, stepText] = m;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) return `${spec.name}: the step must be at least 1`;
    let from: number | null;
    let to: number | null;
    if (range === '*') {
      from = spec.min;
      to = spec.max;
    } else if (range!.includes('-')) {
      const [a, b, ...rest] = range!.split('-');
      if (rest.length) return `${spec.name}: ${JSON.stringify(item)} is not a range`;
      from = value(a!);
      to = value(b!);
      if (from !== null && to !== null && from > to) return `${spec.name}: ${JSON.stringify(item)} runs backwards`;
    } else {
      from = value(range!);
      to = stepText === undefined ? from : spec.max;
    }
    if (from === null || to === null) return `${spec.name}: ${JSON.stringify(item)} is outside ${spec.min}-${spec.max}`;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

/** Parses a cron expression; throws invalid_input on `field` (code invalid_cron) naming the faulty part. */
export function parseCron(expression: string, field = 'cron'): Cron {
  const source = expression.trim().replace(/\s+/g, ' ');
  const expanded = MACROS[source.toLowerCase()] ?? source;
  const parts = expanded.split(' ');
  if (parts.length !== 5 || source === '') {
    throw invalidField(field, 'invalid_cron', `${JSON.stringify(expression)}: a cron expression has five fields (minute hour day-of-month month day-of-week), e.g. "0 3 * * *", or is one of ${Object.keys(MACROS).join(', ')}`);
  }
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const parsed = parseField(parts[i]!, FIELDS[i]!);
    if (typeof parsed === 'string') throw invalidField(field, 'invalid_cron', `${JSON.stringify(expression)}: ${parsed}`);
    sets.push(parsed);
  }
  const weekdays = sets[4]!;
  if (weekdays.delete(7)) weekdays.add(0);
  return {
    source, minutes: sets[0]!, hours: sets[1]!, days: sets[2]!, months: sets[3]!, weekdays,
    daysRestricted: parts[2] !== '*', weekdaysRestricted: parts[4] !== '*',
  };
}

function dayMatches(cron: Cron, d: Date): boolean {
  const dom = cron.days.has(d.getUTCDate());
  const dow = cron.weekdays.has(d.getUTCDay());
  if (cron.daysRestricted && cron.weekdaysRestricted) return dom || dow;
  return dom && dow;
}

/**
 * The first minute strictly after `after` that the expression matches, or null when it
 * never matches within eight years (say, 30 February).
 */
export function nextRun(cron: Cron, after: Date): Date | null {
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = after.getTime() + 8 * 366 * 86_400_000;
  while (t.getTime() <= limit) {
    if (!cron.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0);
    } else if (!dayMatches(cron, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0);
    } else if (!cron.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0);
    } else if (!cron.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1);
    } else {
      return t;
    }
  }
  return null;
}
