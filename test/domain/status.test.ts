import { describe, expect, it } from 'vitest';
import { daysBetween } from '../../src/domain/dates.js';
import { deriveControlStatus, EVIDENCE_VALID_DAYS, type CheckTallyForStatus, type ControlStatusInput } from '../../src/domain/status.js';
import { FREQUENCIES, type Frequency } from '../../src/domain/types.js';

const TODAY = '2026-11-24';

/** The date `days` days before TODAY. */
const daysAgo = (days: number): string => new Date(Date.parse(`${TODAY}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

const input = (over: Partial<ControlStatusInput> = {}): ControlStatusInput => ({
  inScope: true, exclusionReason: null, frequency: 'quarterly', evidenceCount: 1, latestEffective: TODAY, today: TODAY, ...over,
});

describe('EVIDENCE_VALID_DAYS', () => {
  it('has a positive validity for every frequency', () => {
    for (const f of FREQUENCIES) expect(EVIDENCE_VALID_DAYS[f], f).toBeGreaterThan(0);
    expect(Object.keys(EVIDENCE_VALID_DAYS).sort()).toEqual([...FREQUENCIES].sort());
  });

  it('gives each frequency at least one full period', () => {
    const period: Record<Frequency, number> = { continuous: 1, daily: 1, weekly: 7, monthly: 31, quarterly: 92, annually: 366, 'per-event': 365 };
    for (const f of FREQUENCIES) expect(EVIDENCE_VALID_DAYS[f], f).toBeGreaterThanOrEqual(period[f]);
  });
});

describe('deriveControlStatus', () => {
  it('excludes an out-of-scope control whatever its evidence, naming the reason', () => {
    const d = deriveControlStatus(input({ inScope: false, exclusionReason: 'no physical offices', evidenceCount: 3 }));
    expect(d.status).toBe('excluded');
    expect(d.explanation).toContain('no physical offices');
  });

  it('excludes an out-of-scope control without a recorded reason', () => {
    expect(deriveControlStatus(input({ inScope: false, exclusionReason: null })).status).toBe('excluded');
  });

  it.each([
    [{ evidenceCount: 0, latestEffective: null }],
    [{ evidenceCount: 0, latestEffective: TODAY }],
    [{ evidenceCount: 2, latestEffective: null }],
  ])('has no evidence when %j', (over) => {
    expect(deriveControlStatus(input(over)).status).toBe('no_evidence');
  });

  describe.each(FREQUENCIES.map((f) => ({ frequency: f, valid: EVIDENCE_VALID_DAYS[f] })))('a $frequency control (valid $valid days)', ({ frequency, valid }) => {
    it.each([
      [0, 'evidenced'],
      [1, 'evidenced'],
      [valid - 1, 'evidenced'],
      [valid, 'evidenced'],
      [valid + 1, 'stale'],
      [valid + 30, 'stale'],
    ] as const)('with evidence %i days old is %s', (age, expected) => {
      const latest = daysAgo(age);
      expect(daysBetween(latest, TODAY)).toBe(age);
      expect(deriveControlStatus(input({ frequency, latestEffective: latest })).status).toBe(expected);
    });
  });

  it('explains a stale control with its dates and numbers', () => {
    const latest = daysAgo(101);
    const d = deriveControlStatus(input({ frequency: 'quarterly', latestEffective: latest, evidenceCount: 4 }));
    expect(d.status).toBe('stale');
    expect(d.explanation).toContain(latest);
    expect(d.explanation).toContain('101 days');
    expect(d.explanation).toContain(String(EVIDENCE_VALID_DAYS.quarterly));
    expect(d.explanation).toContain('quarterly');
  });

  it('explains an evidenced control with the count and the latest date', () => {
    const latest = daysAgo(3);
    const many = deriveControlStatus(input({ frequency: 'monthly', latestEffective: latest, evidenceCount: 7 }));
    expect(many.status).toBe('evidenced');
    expect(many.explanation).toContain('7 pieces');
    expect(many.explanation).toContain(latest);
    expect(deriveControlStatus(input({ evidenceCount: 1 })).explanation).toContain('1 piece of');
  });

  it('counts evidence dated in the future as current', () => {
    expect(deriveControlStatus(input({ frequency: 'daily', latestEffective: '2026-12-01' })).status).toBe('evidenced');
  });

  describe('from check results', () => {
    const tally = (checkId: string, judged: number, failing: number, resourceType = 'aws.s3.bucket'): CheckTallyForStatus => ({ checkId, resourceType, judged, failing });
    const scan = (...tallies: CheckTallyForStatus[]) => ({ scannedAt: '2026-11-23T22:10:00.000Z', tallies });

    it('is failing when a check fails on any resource, naming the check, the counts and the scan day', () => {
      const d = deriveControlStatus(input({ checks: scan(tally('aws-s3-bucket-encryption', 41, 3), tally('aws-s3-bucket-versioning', 41, 0)) }));
      expect(d.status).toBe('failing');
      expect(d.explanation).toContain('aws-s3-bucket-encryption');
      expect(d.explanation).toContain('3 of 41');
      expect(d.explanation).toContain('aws.s3.bucket');
      expect(d.explanation).toContain('2026-11-23');
      expect(d.explanation).not.toContain('aws-s3-bucket-versioning');
    });

    it('names every failing check', () => {
      const d = deriveControlStatus(input({ checks: scan(tally('check-a', 2, 1), tally('check-b', 5, 5, 'k8s.workload')) }));
      expect(d.status).toBe('failing');
      expect(d.explanation).toContain('check-a');
      expect(d.explanation).toContain('check-b');
      expect(d.explanation).toContain('5 of 5 k8s.workload');
    });

    it('is failing even when the manual evidence is fresh', () => {
      expect(deriveControlStatus(input({ evidenceCount: 3, latestEffective: TODAY, checks: scan(tally('c', 1, 1)) })).status).toBe('failing');
    });

    it('is still excluded when out of scope, whatever the checks say', () => {
      expect(deriveControlStatus(input({ inScope: false, exclusionReason: 'no AWS', checks: scan(tally('c', 10, 10)) })).status).toBe('excluded');
    });

    it.each([
      ['without manual evidence', { evidenceCount: 0, latestEffective: null }],
      ['with stale manual evidence', { evidenceCount: 1, latestEffective: daysAgo(1000) }],
    ])('is evidenced when every check passes, %s', (_name, over) => {
      const d = deriveControlStatus(input({ ...over, checks: scan(tally('check-a', 3, 0), tally('check-b', 4, 0)) }));
      expect(d.status).toBe('evidenced');
      expect(d.explanation).toContain('2 checks');
      expect(d.explanation).toContain('7 resource');
      expect(d.explanation).toContain('2026-11-23');
    });

    it.each([
      ['no scan', null],
      ['a scan without results for its checks', scan()],
      ['checks that judged nothing (not applicable)', scan(tally('check-a', 0, 0))],
    ])('falls back to the evidence with %s', (_name, checks) => {
      expect(deriveControlStatus(input({ checks, evidenceCount: 0, latestEffective: null })).status).toBe('no_evidence');
      expect(deriveControlStatus(input({ checks, frequency: 'daily', latestEffective: daysAgo(3) })).status).toBe('stale');
      expect(deriveControlStatus(input({ checks, frequency: 'daily', latestEffective: daysAgo(1) })).status).toBe('evidenced');
    });
  });
});
