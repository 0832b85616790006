import { describe, expect, it } from 'vitest';
import { deriveControlStatus } from '../../src/domain/status.js';
import {
  addDays, assessOccurrence, DEFAULT_GRACE_DAYS, evidenceWithin, isPeriodic, needsTasks, nextPeriod, occurrences, overdueExplanation, periodContaining,
  type PeriodicFrequency,
} from '../../src/domain/tasks.js';

describe('periods', () => {
  it.each([
    ['daily', '2026-11-24', '2026-11-24', '2026-11-24', '2026-11-24'],
    ['weekly', '2026-11-24', '2026-11-23', '2026-11-29', 'week of 2026-11-23'], // a Tuesday → Monday..Sunday
    ['weekly', '2026-11-23', '2026-11-23', '2026-11-29', 'week of 2026-11-23'], // Monday itself
    ['weekly', '2026-11-29', '2026-11-23', '2026-11-29', 'week of 2026-11-23'], // Sunday stays in the week
    ['weekly', '2026-12-31', '2026-12-28', '2027-01-03', 'week of 2026-12-28'], // across a year end
    ['monthly', '2026-11-30', '2026-11-01', '2026-11-30', 'November 2026'],
    ['monthly', '2028-02-10', '2028-02-01', '2028-02-29', 'February 2028'], // leap year
    ['monthly', '2027-02-10', '2027-02-01', '2027-02-28', 'February 2027'],
    ['quarterly', '2026-07-01', '2026-07-01', '2026-09-30', 'Q3 2026'],
    ['quarterly', '2026-09-30', '2026-07-01', '2026-09-30', 'Q3 2026'],
    ['quarterly', '2026-10-01', '2026-10-01', '2026-12-31', 'Q4 2026'],
    ['quarterly', '2028-02-29', '2028-01-01', '2028-03-31', 'Q1 2028'],
    ['annually', '2026-12-31', '2026-01-01', '2026-12-31', '2026'],
  ] as [PeriodicFrequency, string, string, string, string][])('%s period containing %s is %s..%s (%s)', (frequency, date, start, end, label) => {
    const p = periodContaining(frequency, date);
    expect(p).toEqual({ start, end, label, due: addDays(end, DEFAULT_GRACE_DAYS[frequency]) });
  });

  it('due dates add the grace, across month and year ends, and the grace is configurable', () => {
    expect(periodContaining('quarterly', '2026-08-15').due).toBe('2026-10-15');
    expect(periodContaining('quarterly', '2026-11-15').due).toBe('2027-01-15');
    expect(periodContaining('quarterly', '2026-11-15', 0).due).toBe('2026-12-31');
    expect(periodContaining('monthly', '2028-01-31', 29).due).toBe('2028-02-29');
    expect(periodContaining('annually', '2026-03-01').due).toBe('2027-01-30');
  });

  it('the next period starts the day after the last one ends, also from a month end', () => {
    expect(nextPeriod('monthly', periodContaining('monthly', '2028-01-31'))).toMatchObject({ start: '2028-02-01', end: '2028-02-29' });
    expect(nextPeriod('quarterly', periodContaining('quarterly', '2026-12-31'))).toMatchObject({ start: '2027-01-01', label: 'Q1 2027' });
    expect(nextPeriod('daily', periodContaining('daily', '2028-02-28'))).toMatchObject({ start: '2028-02-29' });
  });

  it('refuses a date that does not exist rather than rolling it over', () => {
    expect(() => periodContaining('monthly', '2027-02-29')).toThrow(/not a date/);
    expect(() => occurrences('quarterly', '2026-13-01', '2026-11-24')).toThrow(/from/);
  });

  it('occurrences run from the period of the start date to the period after today', () => {
    const qs = occurrences('quarterly', '2026-02-14', '2026-11-24');
    expect(qs.map((p) => p.label)).toEqual(['Q1 2026', 'Q2 2026', 'Q3 2026', 'Q4 2026', 'Q1 2027']);
    expect(occurrences('annually', '2026-11-24', '2026-11-24').map((p) => p.label)).toEqual(['2026', '2027']);
    // A start in the future (clock skew, a restored workspace) still yields the current and next period.
    expect(occurrences('monthly', '2027-05-01', '2026-11-24').map((p) => p.label)).toEqual(['November 2026', 'December 2026']);
    // Bounded: the latest are kept.
    const days = occurrences('daily', '2020-01-01', '2026-11-24', { max: 3 });
    expect(days.map((p) => p.start)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25']);
    // Periods are contiguous.
    const weeks = occurrences('weekly', '2026-01-01', '2026-11-24');
    for (let i = 1; i < weeks.length; i++) expect(weeks[i]!.start).toBe(addDays(weeks[i - 1]!.end, 1));
  });

  it('which controls get tasks: manual ones with a calendar frequency', () => {
    expect(needsTasks({ frequency: 'quarterly', automation: 'manual' })).toBe(true);
    expect(needsTasks({ frequency: 'quarterly', automation: 'automated' })).toBe(false);
    expect(needsTasks({ frequency: 'per-event', automation: 'manual' })).toBe(false);
    expect(needsTasks({ frequency: 'continuous', automation: 'manual' })).toBe(false);
    expect(isPeriodic('daily')).toBe(true);
  });
});

describe('assessing an occurrence', () => {
  const q3 = periodContaining('quarterly', '2026-08-01'); // 2026-07-01..2026-09-30, due 2026-10-15
  const assess = (today: string, evidenceDates: string[] = [], taskState?: 'open' | 'done' | 'skipped') =>
    assessOccurrence({ frequency: 'quarterly', period: q3, evidenceDates, today, ...(taskState ? { taskState } : {}) });

  it('is upcoming, then due soon, then overdue the day after its due date', () => {
    expect(assess('2026-08-01').state).toBe('upcoming');
    expect(assess('2026-09-14').state).toBe('upcoming');
    expect(assess('2026-09-15').state).toBe('due_soon');
    expect(assess('2026-10-15')).toEqual({ state: 'due_soon', evidenceDate: null, daysOverdue: 0 });
    expect(assess('2026-10-16')).toEqual({ state: 'overdue', evidenceDate: null, daysOverdue: 1 });
  });

  it('is done with evidence effective within the period, boundaries included, and not with evidence outside it', () => {
    expect(assess('2026-11-24', ['2026-07-01']).state).toBe('done');
    expect(assess('2026-11-24', ['2026-09-30', '2026-08-01'])).toEqual({ state: 'done', evidenceDate: '2026-09-30', daysOverdue: 0 });
    expect(assess('2026-11-24', ['2026-06-30', '2026-10-01']).state).toBe('overdue');
    expect(evidenceWithin(q3, [])).toBeNull();
  });

  it('follows the stored task: done, or skipped with a reason', () => {
    expect(assess('2026-11-24', [], 'done').state).toBe('done');
    expect(assess('2026-11-24', [], 'skipped').state).toBe('skipped');
    expect(assess('2026-11-24', [], 'open').state).toBe('overdue');
  });
});

describe('an overdue task puts the control at risk', () => {
  const base = { inScope: true, exclusionReason: null, frequency: 'quarterly' as const, today: '2026-11-24' };
  const overdue = { title: 'Quarterly access review', period: { label: 'Q3 2026', due: '2026-10-15' } };

  it('with the reason in the explanation', () => {
    const d = deriveControlStatus({ ...base, evidenceCount: 2, latestEffective: '2026-11-01', overdueTasks: [overdue] });
    expect(d).toEqual({ status: 'at_risk', explanation: 'at risk: Quarterly access review for Q3 2026 was due 2026-10-15 and is overdue (40 days)' });
  });

  it('names the oldest first and counts the others', () => {
    const older = { title: 'Quarterly access review', period: { label: 'Q2 2026', due: '2026-07-15' } };
    const d = deriveControlStatus({ ...base, evidenceCount: 0, latestEffective: null, overdueTasks: [overdue, older] });
    expect(d.status).toBe('at_risk');
    expect(d.explanation).toMatch(/^at risk: Quarterly access review for Q2 2026 was due 2026-07-15 .*; 1 more overdue task \(Q3 2026\)$/);
  });

  it('but exclusion and failing checks still come first, and no overdue task changes nothing', () => {
    expect(deriveControlStatus({ ...base, inScope: false, exclusionReason: 'n/a', evidenceCount: 0, latestEffective: null, overdueTasks: [overdue] }).status).toBe('excluded');
    const checks = { scannedAt: '2026-11-24T10:00:00Z', tallies: [{ checkId: 'c', resourceType: 'r', judged: 2, failing: 1 }] };
    expect(deriveControlStatus({ ...base, evidenceCount: 0, latestEffective: null, checks, overdueTasks: [overdue] }).status).toBe('failing');
    expect(deriveControlStatus({ ...base, evidenceCount: 1, latestEffective: '2026-11-01', overdueTasks: [] }).status).toBe('evidenced');
  });

  it('one day overdue says "1 day"', () => {
    expect(overdueExplanation([{ title: 'Annual risk assessment', period: { label: '2026', due: '2026-11-23' } }], '2026-11-24')).toBe('at risk: Annual risk assessment for 2026 was due 2026-11-23 and is overdue (1 day)');
  });
});
