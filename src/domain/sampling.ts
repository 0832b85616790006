// Type II sampling: how many items to test per control, and which ones, reproducibly.
// The facts encoded here are in ../shared/domain/SOC2.md, "Type II testing and sampling".
//
// Sample sizes
//   By control frequency, for a 12-month period, pro-rated (rounded up, at least 1) for a
//   shorter one; a longer period keeps the 12-month size. Where the table gives a range, the
//   control's risk picks the size: low → the bottom, high → the top, moderate (the default) →
//   the usual figure (daily: 25).
//   Event-driven populations by their size: 0–5 → all of them; 6–50 → 5; 51–250 → 10 % rounded
//   up; more than 250 → 25. The published rule says "fewer than 5 → all; 6–50 → 5" and leaves 5
//   itself out: 5 is sampled whole, which is what both neighbouring rules give (all of 5 = 5).
//   Automated (configuration) controls: one item per configuration (per check that judged
//   resources), relying on tested change-management and access controls.
//   A Type I report tests design and implementation as of one date: one item per control
//   (per configuration for automated ones).
//   A sample is never larger than its population.
//
// Reproducible draws (an auditor re-derives them from the seed)
//   1. The population is put in canonical order: items sorted by their key, compared by
//      Unicode code point (the order of Python's `sorted` on str, and of UTF-8 bytes).
//   2. A stream of 32-bit words comes from SHA-256 in counter mode: block c (c = 0, 1, 2, …)
//      is SHA-256 of the UTF-8 text `attest/sample/v1:<seed>:<stream>:<c>` (seed and c in
//      decimal; stream names what is sampled, e.g. the control id), read as eight big-endian
//      unsigned 32-bit words, in order.
//   3. A uniform integer below n: take the next word x; while x ≥ 2^32 − (2^32 mod n), take
//      another; answer x mod n.
//   4. k items without replacement, by a partial Fisher–Yates shuffle of the ordered
//      population a[0..n): for i = 0 … k−1, j = i + uniform(n − i), swap a[i] and a[j]. The
//      sample is a[0..k), in draw order.
//   No floating point, no platform or Node-version dependence; in Python:
//     def words(seed, stream):
//         c = 0
//         while True:
//             d = hashlib.sha256(f"attest/sample/v1:{seed}:{stream}:{c}".encode()).digest()
//             yield from (int.from_bytes(d[i:i+4], "big") for i in range(0, 32, 4)); c += 1
import { createHash } from 'node:crypto';
import type { Automation, Frequency, ReportType } from './types.js';

export const SAMPLING_FREQUENCIES = ['annual', 'semi-annual', 'quarterly', 'monthly', 'weekly', 'daily', 'many-times-a-day', 'automated'] as const;
export type SamplingFrequency = (typeof SAMPLING_FREQUENCIES)[number];

export const RISKS = ['low', 'moderate', 'high'] as const;
export type Risk = (typeof RISKS)[number];

export interface FrequencyRow {
  /** Occurrences in 12 months; null where there is no fixed count. */
  perYear: number | null;
  /** Sample for a 12-month period, by risk; null for automated controls (one per configuration). */
  sample: Record<Risk, number> | null;
}

/** The frequency table. Daily counts calendar days (the table's "~250–365" allows business days). */
export const FREQUENCY_TABLE: Record<SamplingFrequency, FrequencyRow> = {
  annual: { perYear: 1, sample: { low: 1, moderate: 1, high: 1 } },
  'semi-annual': { perYear: 2, sample: { low: 1, moderate: 2, high: 2 } },
  quarterly: { perYear: 4, sample: { low: 2, moderate: 2, high: 2 } },
  monthly: { perYear: 12, sample: { low: 2, moderate: 3, high: 5 } },
  weekly: { perYear: 52, sample: { low: 5, moderate: 10, high: 15 } },
  daily: { perYear: 365, sample: { low: 20, moderate: 25, high: 40 } },
  'many-times-a-day': { perYear: null, sample: { low: 25, moderate: 40, high: 60 } },
  automated: { perYear: null, sample: null },
};

/** Days in a 12-month period; periods this long or longer are not pro-rated. */
export const YEAR_DAYS = 365;

/** What is sampled for a control. */
export type PopulationKind = 'occurrences' | 'events' | 'resources';

/**
 * The row of the table that applies to a control of Attest's model: automated controls by
 * configuration, continuous manual ones as many times a day, per-event ones by population size
 * (null here).
 */
export function samplingFrequencyOf(frequency: Frequency, automation: Automation): SamplingFrequency | null {
  switch (frequency) {
    case 'annually': return 'annual';
    case 'quarterly': return 'quarterly';
    case 'monthly': return 'monthly';
    case 'weekly': return 'weekly';
    case 'daily': return 'daily';
    case 'continuous': return automation === 'automated' ? 'automated' : 'many-times-a-day';
    case 'per-event': return null;
  }
}

/** Days from `from` to `to`, both included (YYYY-MM-DD). */
export function periodDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Occurrences expected in a period of `days` days: the yearly count pro-rated, rounded half up, at least 1; null without a fixed count. */
export function expectedOccurrences(frequency: SamplingFrequency, days: number): number | null {
  const perYear = FREQUENCY_TABLE[frequency].perYear;
  if (perYear === null) return null;
  // round(perYear × days / 365) in integers: floor((2·p·d + 365) / 730).
  return Math.max(1, Math.floor((2 * perYear * days + YEAR_DAYS) / (2 * YEAR_DAYS)));
}

/** The sample by frequency for a period of `days` days, before capping at the population. */
export function frequencySampleSize(frequency: Exclude<SamplingFrequency, 'automated'>, days: number, risk: Risk = 'moderate'): number {
  const full = FREQUENCY_TABLE[frequency].sample![risk];
  if (days >= YEAR_DAYS) return full;
  // ceil(full × days / 365) in integers, at least 1.
  return Math.max(1, Math.floor((full * Math.max(days, 0) + YEAR_DAYS - 1) / YEAR_DAYS));
}

/** The sample of an event-driven population of `n` items. */
export function eventSampleSize(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`population size must be a non-negative integer, got ${n}`);
  if (n <= 5) return n;
  if (n <= 50) return 5;
  if (n <= 250) return Math.ceil(n / 10);
  return 25;
}

export type SampleRule =
  | 'type1_one'
  | 'frequency_table'
  | 'frequency_table_prorated'
  | 'events_all'
  | 'events_five'
  | 'events_ten_percent'
  | 'events_twenty_five'
  | 'per_configuration'
  | 'empty_population';

export interface SamplePlanInput {
  reportType: ReportType;
  kind: PopulationKind;
  /** The table row, or null for event-driven controls. */
  frequency: SamplingFrequency | null;
  populationSize: number;
  /** Days in the period (Type II). */
  days: number;
  risk?: Risk;
  /** Automated controls: configurations (checks) that judged resources. */
  configurations?: number;
}

export interface SamplePlan {
  size: number;
  rule: SampleRule;
  /** The size the rule asks for, before capping at the population (shortfall = required − size). */
  required: number;
  explanation: string;
}

const EVENT_RULES = {
  events_all: 'at most 5 events: all are tested',
  events_five: '6–50 events: 5 are tested',
  events_ten_percent: '51–250 events: 10 % rounded up',
  events_twenty_five: 'more than 250 events: 25 are tested',
} as const satisfies Partial<Record<SampleRule, string>>;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How many items to sample, by which rule, said in words. */
export function planSample(input: SamplePlanInput): SamplePlan {
  const n = input.populationSize;
  const risk = input.risk ?? 'moderate';
  const cap = (required: number, rule: SampleRule, why: string): SamplePlan => {
    const size = Math.min(required, n);
    const short = size < required ? `; the population has only ${plural(n, 'item')}, so all are sampled` : '';
    return { size, rule, required, explanation: `${why}${short}` };
  };
  if (n === 0) return { size: 0, rule: 'empty_population', required: 0, explanation: 'nothing to sample: the population in the window is empty' };
  if (input.kind === 'resources' || input.frequency === 'automated') {
    const configs = input.kind === 'resources' ? Math.max(input.configurations ?? 1, 1) : 1;
    return cap(configs, 'per_configuration', `automated control: 1 per configuration (${plural(configs, 'configuration')})`);
  }
  if (input.reportType === 'type1') return cap(1, 'type1_one', 'Type I: one item tests design and implementation as of the date');
  if (input.kind === 'events' || input.frequency === null) {
    const size = eventSampleSize(n);
    const rule = n <= 5 ? 'events_all' : n <= 50 ? 'events_five' : n <= 250 ? 'events_ten_percent' : 'events_twenty_five';
    return { size, rule, required: size, explanation: `${EVENT_RULES[rule]} (${plural(n, 'event')} in the window)` };
  }
  const required = frequencySampleSize(input.frequency, input.days, risk);
  const full = FREQUENCY_TABLE[input.frequency].sample![risk];
  if (input.days >= YEAR_DAYS) return cap(required, 'frequency_table', `${input.frequency} control, ${risk} risk: ${full} for a 12-month period`);
  return cap(required, 'frequency_table_prorated', `${input.frequency} control, ${risk} risk: ${full} for 12 months, pro-rated to ${input.days} days → ${required}`);
}

// ---------------------------------------------------------------------------------------------
// Seeds and the SHA-256 counter stream

/** Largest seed: seeds are exact integers in JSON and in every language the auditor may use. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** A seed as given (number or decimal text) → the seed, or null when it is not an integer in 0…2^53−1. */
export function parseSeed(value: unknown): number | null {
  const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,16}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n <= MAX_SEED ? n : null;
}

export const STREAM_PREFIX = 'attest/sample/v1';

/** Uniform 32-bit words from SHA-256 in counter mode (see the top of this file). */
export class SampleStream {
  private block = 0;
  private words: number[] = [];
  private readonly prefix: string;

  constructor(readonly seed: number, readonly stream: string) {
    if (parseSeed(seed) === null) throw new RangeError(`seed must be an integer in 0…${MAX_SEED}, got ${seed}`);
    this.prefix = `${STREAM_PREFIX}:${seed}:${stream}:`;
  }

  nextUint32(): number {
    if (this.words.length === 0) {
      const digest = createHash('sha256').update(`${this.prefix}${this.block}`, 'utf8').digest();
      this.block += 1;
      // Reversed so that pop() hands them out first to last.
      for (let i = 28; i >= 0; i -= 4) this.words.push(digest.readUInt32BE(i));
    }
    return this.words.pop()!;
  }

  /** A uniform integer in [0, n), by rejection (no modulo bias). */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`below(n) needs an integer 1…2^32, got ${n}`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}

/** Compares strings by Unicode code point (not UTF-16 unit, not locale). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** The population in canonical order: by key, code point by code point; duplicate keys are an error. */
export function canonicalOrder<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, k: key(item) }));
  keyed.sort((a, b) => compareCodePoints(a.k, b.k));
  for (let i = 1; i < keyed.length; i++) {
    if (keyed[i]!.k === keyed[i - 1]!.k) throw new RangeError(`duplicate population key ${JSON.stringify(keyed[i]!.k)}`);
  }
  return keyed.map((x) => x.item);
}

export interface Draw<T> {
  /** Sampled items, in draw order. */
  items: T[];
  /** Their positions in the canonically ordered population. */
  positions: number[];
}

/** `k` items of `ordered` (already in canonical order) without replacement: partial Fisher–Yates. */
export function drawWithoutReplacement<T>(ordered: readonly T[], k: number, rng: SampleStream): Draw<T> {
  const n = ordered.length;
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`cannot draw ${k} of ${n}`);
  // Only touched positions are materialized, so a draw from a large population stays cheap.
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  const positions: number[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + rng.below(n - i);
    const pj = at(j);
    swapped.set(j, at(i));
    swapped.set(i, pj);
    positions.push(pj);
  }
  return { items: positions.map((p) => ordered[p]!), positions };
}

/** Orders the population canonically by `key` and draws `k` items from the stream (seed, stream). */
export function drawSample<T>(population: readonly T[], k: number, opts: { seed: number; stream: string; key: (item: T) => string }): Draw<T> {
  return drawWithoutReplacement(canonicalOrder(population, opts.key), k, new SampleStream(opts.seed, opts.stream));
}

/** SHA-256 of the canonical population keys, one per line: proves which population a draw came from. */
export function populationDigest(keys: readonly string[]): string {
  const hash = createHash('sha256');
  const sorted = [...keys].sort(compareCodePoints);
  for (const k of sorted) hash.update(`${k}\n`, 'utf8');
  return hash.digest('hex');
}
