// Timelines: combining checks into a control, shares of a period, failing windows.
import { describe, expect, it } from 'vitest';
import { anyFailing, countsState, resultState, stateAt, summarize, type StateSpan } from '../../src/domain/history.js';

const d = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();
const t = (day: number) => Date.UTC(2026, 0, day);
const span = (from: number, to: number | null, state: StateSpan['state']): StateSpan => ({ from: t(from), to: to === null ? null : t(to), state });

describe('resultState and countsState', () => {
  it('only pass and fail judge; any failing resource makes a check fail', () => {
    expect(['pass', 'fail', 'not_applicable', 'unknown', 'error', 'suppressed'].map(resultState)).toEqual(['pass', 'fail', 'none', 'none', 'none', 'none']);
    expect(countsState({ pass: 40, fail: 1 })).toBe('fail');
    expect(countsState({ pass: 40, fail: 0 })).toBe('pass');
    expect(countsState({ pass: 0, fail: 0 })).toBe('none');
  });
});

describe('anyFailing', () => {
  it('fails where any timeline fails, passes where one passes and none fails, merging adjacent spans', () => {
    const a = [span(1, 3, 'pass'), span(3, 5, 'fail'), span(5, null, 'pass')];
    const b = [span(2, 4, 'fail'), span(4, 8, 'pass')];
    expect(anyFailing([a, b])).toEqual([span(1, 2, 'pass'), span(2, 5, 'fail'), span(5, null, 'pass')]);
  });

  it('leaves out stretches where nothing judged, and ignores no-data spans', () => {
    const a = [span(1, 2, 'pass'), span(4, 5, 'fail')];
    const b = [span(2, 4, 'none')];
    expect(anyFailing([a, b])).toEqual([span(1, 2, 'pass'), span(4, 5, 'fail')]);
    expect(anyFailing([])).toEqual([]);
  });

  it('keeps an open span open', () => {
    expect(anyFailing([[span(1, null, 'fail')], [span(3, null, 'pass')]])).toEqual([span(1, null, 'fail')]);
  });
});

describe('stateAt', () => {
  it('reads the span covering the instant, [from, to)', () => {
    const line = [span(1, 3, 'pass'), span(3, null, 'fail')];
    expect(stateAt(line, t(1))).toBe('pass');
    expect(stateAt(line, t(3))).toBe('fail');
    expect(stateAt(line, t(100))).toBe('fail');
    expect(stateAt(line, t(0))).toBe('none');
  });
});

describe('summarize', () => {
  it('gives shares of the period and failing windows clipped to it', () => {
    // Period: days 1..11 (10 days). Passing 1-3 (2), failing 3-5 (2) and 5-6 (1, merged), nothing 6-8, failing 8 onwards.
    const line = [span(0, 3, 'pass'), span(3, 5, 'fail'), span(5, 6, 'fail'), span(8, null, 'fail')];
    const s = summarize(line, { from: d(1), to: d(11) });
    expect(s.passingShare).toBeCloseTo(0.2, 10);
    expect(s.failingShare).toBeCloseTo(0.6, 10);
    expect(s.noDataShare).toBeCloseTo(0.2, 10);
    expect(s.failingWindows).toEqual([{ start: d(3), end: d(6), ongoing: false }, { start: d(8), end: d(11), ongoing: true }]);
  });

  it('counts a window that ended exactly at the period end as not ongoing', () => {
    const s = summarize([span(2, 4, 'fail')], { from: d(1), to: d(4) });
    expect(s.failingWindows).toEqual([{ start: d(2), end: d(4), ongoing: false }]);
    expect(s.failingShare).toBeCloseTo(2 / 3, 10);
  });

  it('is all no-data for an empty timeline', () => {
    expect(summarize([], { from: d(1), to: d(2) })).toMatchObject({ passingShare: 0, failingShare: 0, noDataShare: 1, failingWindows: [] });
  });
});
