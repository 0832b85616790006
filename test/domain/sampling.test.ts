// Sample sizes (the frequency table and the population-size rule) and reproducible draws.
// The golden samples were computed independently with the Python recipe at the top of
// src/domain/sampling.ts (hashlib + the same rejection and Fisher–Yates steps).
import { describe, expect, it } from 'vitest';
import {
  canonicalOrder, compareCodePoints, drawSample, drawWithoutReplacement, eventSampleSize, expectedOccurrences, FREQUENCY_TABLE,
  frequencySampleSize, parseSeed, periodDays, planSample, populationDigest, SampleStream, samplingFrequencyOf, SAMPLING_FREQUENCIES,
  type SamplingFrequency,
} from '../../src/domain/sampling.js';
import { addMonths, dailyCoverage, occurrenceCoverage } from '../../src/domain/effectiveness.js';

const range = (n: number, f = (i: number) => `item-${String(i).padStart(2, '0')}`) => Array.from({ length: n }, (_, i) => f(i));

describe('the frequency table (12-month period)', () => {
  it.each<[SamplingFrequency, number | null, number, number, number]>([
    // frequency, occurrences/yr, low, moderate, high
    ['annual', 1, 1, 1, 1],
    ['semi-annual', 2, 1, 2, 2],
    ['quarterly', 4, 2, 2, 2],
    ['monthly', 12, 2, 3, 5],
    ['weekly', 52, 5, 10, 15],
    ['daily', 365, 20, 25, 40],
    ['many-times-a-day', null, 25, 40, 60],
  ])('%s: %s a year, sample %i / %i / %i by risk', (freq, perYear, low, moderate, high) => {
    expect(FREQUENCY_TABLE[freq].perYear).toBe(perYear);
    expect(frequencySampleSize(freq as Exclude<SamplingFrequency, 'automated'>, 365, 'low')).toBe(low);
    expect(frequencySampleSize(freq as Exclude<SamplingFrequency, 'automated'>, 365)).toBe(moderate);
    expect(frequencySampleSize(freq as Exclude<SamplingFrequency, 'automated'>, 365, 'high')).toBe(high);
  });

  it('keeps every size within the published range', () => {
    const ranges: Record<string, [number, number]> = { annual: [1, 1], 'semi-annual': [1, 2], quarterly: [2, 2], monthly: [2, 5], weekly: [5, 15], daily: [20, 40], 'many-times-a-day': [25, 60] };
    for (const f of SAMPLING_FREQUENCIES.filter((x) => x !== 'automated')) {
      for (const size of Object.values(FREQUENCY_TABLE[f].sample!)) {
        expect(size, f).toBeGreaterThanOrEqual(ranges[f]![0]);
        expect(size, f).toBeLessThanOrEqual(ranges[f]![1]);
      }
    }
    expect(FREQUENCY_TABLE.automated.sample).toBeNull();
  });

  it.each<[SamplingFrequency, number, number]>([
    // frequency, days, pro-rated moderate sample = ceil(size × days / 365), at least 1
    ['daily', 182, 13],
    ['daily', 91, 7],
    ['daily', 1, 1],
    ['weekly', 181, 5],
    ['monthly', 90, 1],
    ['quarterly', 181, 1],
    ['quarterly', 183, 2],
    ['annual', 30, 1],
    ['daily', 366, 25],
    ['daily', 730, 25],
  ])('%s over %i days samples %i', (freq, days, size) => {
    expect(frequencySampleSize(freq as Exclude<SamplingFrequency, 'automated'>, days)).toBe(size);
  });

  it.each<[SamplingFrequency, number, number | null]>([
    ['annual', 365, 1], ['annual', 90, 1], ['semi-annual', 365, 2], ['quarterly', 365, 4], ['quarterly', 181, 2],
    ['monthly', 365, 12], ['monthly', 92, 3], ['weekly', 365, 52], ['weekly', 28, 4], ['daily', 365, 365], ['daily', 31, 31],
    ['many-times-a-day', 365, null], ['automated', 365, null],
  ])('%s over %i days expects %s occurrences', (freq, days, expected) => {
    expect(expectedOccurrences(freq, days)).toBe(expected);
  });

  it('counts period days with both ends included', () => {
    expect(periodDays('2026-01-01', '2026-12-31')).toBe(365);
    expect(periodDays('2028-01-01', '2028-12-31')).toBe(366);
    expect(periodDays('2026-03-01', '2026-03-01')).toBe(1);
  });

  it('maps the model frequencies onto the table', () => {
    expect(samplingFrequencyOf('annually', 'manual')).toBe('annual');
    expect(samplingFrequencyOf('quarterly', 'manual')).toBe('quarterly');
    expect(samplingFrequencyOf('daily', 'automated')).toBe('daily');
    expect(samplingFrequencyOf('continuous', 'automated')).toBe('automated');
    expect(samplingFrequencyOf('continuous', 'manual')).toBe('many-times-a-day');
    expect(samplingFrequencyOf('per-event', 'manual')).toBeNull();
  });
});

describe('the population-size rule for events', () => {
  it.each([
    [0, 0], [1, 1], [4, 4], [5, 5], [6, 5], [50, 5], [51, 6], [100, 10], [101, 11], [249, 25], [250, 25], [251, 25], [10_000, 25],
  ])('%i events → %i sampled', (n, size) => {
    expect(eventSampleSize(n)).toBe(size);
  });

  it('samples exactly 5 whole, which both neighbouring rules give', () => {
    expect(eventSampleSize(5)).toBe(5);
    expect(planSample({ reportType: 'type2', kind: 'events', frequency: null, populationSize: 5, days: 365 }).rule).toBe('events_all');
  });

  it('never grows as a smaller population would sample more', () => {
    for (let n = 1; n < 400; n++) expect(eventSampleSize(n)).toBeLessThanOrEqual(Math.max(eventSampleSize(n - 1), n <= 5 ? n : 25));
  });

  it('refuses a negative or fractional size', () => {
    expect(() => eventSampleSize(-1)).toThrow(RangeError);
    expect(() => eventSampleSize(2.5)).toThrow(RangeError);
  });
});

describe('planSample', () => {
  it.each([
    // reportType, kind, frequency, population, days, configurations → size, rule
    ['type2', 'occurrences', 'quarterly', 4, 365, undefined, 2, 'frequency_table'],
    ['type2', 'occurrences', 'quarterly', 1, 365, undefined, 1, 'frequency_table'],
    ['type2', 'occurrences', 'daily', 300, 182, undefined, 13, 'frequency_table_prorated'],
    ['type2', 'occurrences', 'daily', 0, 365, undefined, 0, 'empty_population'],
    ['type2', 'events', null, 120, 365, undefined, 12, 'events_ten_percent'],
    ['type2', 'events', null, 3, 365, undefined, 3, 'events_all'],
    ['type2', 'events', null, 40, 365, undefined, 5, 'events_five'],
    ['type2', 'events', null, 900, 365, undefined, 25, 'events_twenty_five'],
    ['type2', 'resources', 'automated', 5000, 365, 3, 3, 'per_configuration'],
    ['type2', 'occurrences', 'automated', 7, 365, undefined, 1, 'per_configuration'],
    ['type1', 'occurrences', 'daily', 30, 2, undefined, 1, 'type1_one'],
    ['type1', 'events', null, 30, 380, undefined, 1, 'type1_one'],
    ['type1', 'resources', 'automated', 30, 30, 2, 2, 'per_configuration'],
  ] as const)('%s %s %s, population %i over %i days → %i (%s)', (reportType, kind, frequency, populationSize, days, configurations, size, rule) => {
    const plan = planSample({ reportType, kind, frequency, populationSize, days, configurations });
    expect(plan.size).toBe(size);
    expect(plan.rule).toBe(rule);
    expect(plan.explanation.length).toBeGreaterThan(10);
  });

  it('records the shortfall when the population is smaller than the table asks', () => {
    const plan = planSample({ reportType: 'type2', kind: 'occurrences', frequency: 'monthly', populationSize: 2, days: 365, risk: 'high' });
    expect(plan).toMatchObject({ size: 2, required: 5 });
    expect(plan.explanation).toMatch(/only 2 items/);
  });
});

describe('seeds', () => {
  it.each([[0, 0], ['42', 42], [' 7 ', 7], [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER], ['9007199254740991', 9007199254740991]])('accepts %j', (input, seed) => {
    expect(parseSeed(input)).toBe(seed);
  });
  it.each([-1, 1.5, '-3', '1e3', '0x10', '', 'abc', '9007199254740992', '12345678901234567', null, undefined, Number.NaN])('refuses %j', (input) => {
    expect(parseSeed(input)).toBeNull();
  });
});

describe('SampleStream: SHA-256 in counter mode', () => {
  it('produces the documented words (golden, from Python hashlib)', () => {
    const rng = new SampleStream(42, 'IAM-08');
    expect(Array.from({ length: 10 }, () => rng.nextUint32())).toEqual([1423046659, 3311537279, 468703145, 2836170963, 270335732, 1121246158, 2015387558, 730643600, 755171908, 240313844]);
  });

  it('draws every value below n, uniformly enough, and only those', () => {
    const rng = new SampleStream(1, 'uniformity');
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 7000; i++) counts[rng.below(7)]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(850);
    expect(() => rng.below(0)).toThrow(RangeError);
    expect(() => rng.below(1.5)).toThrow(RangeError);
  });

  it('refuses a seed outside 0…2^53−1', () => {
    expect(() => new SampleStream(-1, 'x')).toThrow(RangeError);
    expect(() => new SampleStream(2 ** 53, 'x')).toThrow(RangeError);
  });
});

describe('canonical order', () => {
  it('compares by code point, not UTF-16 unit or locale', () => {
    expect(canonicalOrder(['b', 'a', '\uffff', '\u{1F600}', 'é', 'Z'], (s) => s)).toEqual(['Z', 'a', 'b', 'é', '\uffff', '\u{1F600}']);
    expect(compareCodePoints('abc', 'ab')).toBe(1);
    expect(compareCodePoints('ab', 'abc')).toBe(-1);
    expect(compareCodePoints('x', 'x')).toBe(0);
  });
  it('refuses duplicate keys (a population lists each item once)', () => {
    expect(() => canonicalOrder(['a', 'b', 'a'], (s) => s)).toThrow(/duplicate population key "a"/);
  });
  it('digests the population independently of the order it came in', () => {
    expect(populationDigest(['b', 'a'])).toBe(populationDigest(['a', 'b']));
    expect(populationDigest(['a', 'b'])).not.toBe(populationDigest(['a', 'c']));
  });
});

describe('drawSample (golden samples)', () => {
  const pop = range(100);
  it.each([
    [42, 'IAM-08', ['item-59', 'item-51', 'item-17', 'item-91', 'item-24', 'item-18', 'item-22', 'item-81', 'item-36', 'item-52']],
    [43, 'IAM-08', ['item-32', 'item-42', 'item-07', 'item-48', 'item-20', 'item-50', 'item-40', 'item-29', 'item-79', 'item-05']],
    [42, 'IAM-09', ['item-63', 'item-25', 'item-77', 'item-73', 'item-47', 'item-69', 'item-81', 'item-46', 'item-42', 'item-08']],
  ])('seed %i, stream %s', (seed, stream, expected) => {
    expect(drawSample(pop, 10, { seed, stream, key: (s) => s }).items).toEqual(expected);
  });

  it('does not depend on the order the population arrives in', () => {
    const shuffled = [...pop].reverse();
    expect(drawSample(shuffled, 10, { seed: 42, stream: 'IAM-08', key: (s) => s }).items).toEqual(drawSample(pop, 10, { seed: 42, stream: 'IAM-08', key: (s) => s }).items);
  });

  it('orders by code point before drawing (golden)', () => {
    expect(drawSample(['b', 'a', '\uffff', '\u{1F600}', 'é', 'Z'], 6, { seed: 7, stream: 'x', key: (s) => s }).items).toEqual(['Z', 'é', '\uffff', 'a', '\u{1F600}', 'b']);
  });

  it('draws from a large population with the largest seed (golden)', () => {
    const draw = drawSample(range(1000, (i) => `e${i}`), 25, { seed: Number.MAX_SAFE_INTEGER, stream: 'CHG-01', key: (s) => s });
    expect(draw.items).toEqual(['e138', 'e599', 'e737', 'e130', 'e799', 'e936', 'e11', 'e958', 'e358', 'e650', 'e938', 'e573', 'e637', 'e855', 'e633', 'e729', 'e848', 'e419', 'e850', 'e453', 'e954', 'e834', 'e857', 'e464', 'e623']);
  });

  it('samples without replacement, every item once when k = n', () => {
    const draw = drawWithoutReplacement(pop, 100, new SampleStream(5, 'all'));
    expect(new Set(draw.items).size).toBe(100);
    expect([...draw.items].sort()).toEqual(pop);
    expect(draw.positions.map((p) => pop[p])).toEqual(draw.items);
    expect(drawWithoutReplacement(pop, 0, new SampleStream(5, 'none')).items).toEqual([]);
    expect(() => drawWithoutReplacement(pop, 101, new SampleStream(5, 'x'))).toThrow(RangeError);
  });

  it('gives a prefix of the larger sample for a smaller k (same stream)', () => {
    const big = drawSample(pop, 20, { seed: 3, stream: 's', key: (s) => s }).items;
    expect(drawSample(pop, 5, { seed: 3, stream: 's', key: (s) => s }).items).toEqual(big.slice(0, 5));
  });
});

describe('occurrenceCoverage', () => {
  const year = { from: '2026-01-01', to: '2026-12-31' };
  it('counts the quarters with evidence, not the pieces, and names the quarters without', () => {
    const c = occurrenceCoverage('quarterly', year, ['2026-01-15', '2026-02-01', '2026-07-10', '2027-01-05', '2025-12-31']);
    expect(c.expected).toBe(4);
    expect(c.evidenced).toBe(2);
    expect(c.gaps).toEqual([{ from: '2026-04-01', to: '2026-06-30' }, { from: '2026-10-01', to: '2026-12-31' }]);
  });
  it('lays slots in calendar steps from the start of the period', () => {
    const c = occurrenceCoverage('monthly', { from: '2026-01-31', to: '2026-04-29' }, ['2026-02-27']);
    // Slots: Jan 31–Feb 27, Feb 28–Mar 30, Mar 31–Apr 29 (3 months of an 89-day period).
    expect(c).toEqual({ expected: 3, evidenced: 1, gaps: [{ from: '2026-02-28', to: '2026-04-29' }] });
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
  });
  it('gives the last weekly slot the days left over at the end of the year', () => {
    const c = occurrenceCoverage('weekly', year, ['2026-12-31']);
    expect(c.expected).toBe(52);
    expect(c.evidenced).toBe(1);
    expect(c.gaps).toEqual([{ from: '2026-01-01', to: '2026-12-23' }]);
  });
  it('merges consecutive missing days of a daily control', () => {
    const c = occurrenceCoverage('daily', { from: '2026-03-01', to: '2026-03-10' }, ['2026-03-01', '2026-03-05', '2026-03-10']);
    expect(c).toEqual({ expected: 10, evidenced: 3, gaps: [{ from: '2026-03-02', to: '2026-03-04' }, { from: '2026-03-06', to: '2026-03-09' }] });
  });
  it('has no gaps for an annual control evidenced once', () => {
    expect(occurrenceCoverage('annual', year, ['2026-06-30'])).toEqual({ expected: 1, evidenced: 1, gaps: [] });
    expect(occurrenceCoverage('annual', year, [])).toEqual({ expected: 1, evidenced: 0, gaps: [year] });
  });
  it('counts items when the frequency has no fixed count', () => {
    expect(occurrenceCoverage('many-times-a-day', year, ['2026-01-01', '2026-01-01', '2027-01-01'])).toEqual({ expected: null, evidenced: 2, gaps: [] });
  });
  it('covers a daily period by days observed', () => {
    expect(dailyCoverage({ from: '2026-03-01', to: '2026-03-04' }, ['2026-03-02', '2026-03-02', '2026-02-28'])).toEqual({ expected: 4, evidenced: 1, gaps: [{ from: '2026-03-01', to: '2026-03-01' }, { from: '2026-03-03', to: '2026-03-04' }] });
  });
});
