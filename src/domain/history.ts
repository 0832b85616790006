// Timelines of pass/fail state over time, from the result history: what a check, a resource
// or a control was at an instant, the share of a period it spent passing or failing, and its
// failing windows. Pure. Spans are [from, to) in epoch milliseconds (a year of daily changes
// for every check is tens of thousands of spans: no date parsing on that path), a span with
// `to: null` still current; periods and windows are ISO timestamps. A control fails while any of its checks fails on any
// resource; it passes while some check judged a resource and none fails.

/** Failing on some resource; passing on every resource judged; or judging none (no data). */
export type TimelineState = 'pass' | 'fail' | 'none';

export interface StateSpan {
  from: number;
  to: number | null;
  state: TimelineState;
}

export interface HistoryWindow {
  start: string;
  end: string;
  /** Still failing when the period ends. */
  ongoing: boolean;
}

export interface PeriodSummary {
  from: string;
  to: string;
  /** Shares of the period, summing to 1: passing, failing, and neither (not scanned, nothing judged, or absent). */
  passingShare: number;
  failingShare: number;
  noDataShare: number;
  failingWindows: HistoryWindow[];
}

/** A single result's state: only pass and fail judge the resource (as in control status). */
export function resultState(status: string): TimelineState {
  return status === 'fail' ? 'fail' : status === 'pass' ? 'pass' : 'none';
}

/** A check's state from the counts of its current results. */
export function countsState(c: { pass: number; fail: number }): TimelineState {
  return c.fail > 0 ? 'fail' : c.pass > 0 ? 'pass' : 'none';
}

const endMs = (t: number | null) => (t === null ? Number.POSITIVE_INFINITY : t);
const isoOf = (n: number) => new Date(n).toISOString();

/** The state at an instant (epoch ms) of one timeline (non-overlapping spans). */
export function stateAt(spans: readonly StateSpan[], at: number): TimelineState {
  for (const s of spans) if (s.from <= at && at < endMs(s.to)) return s.state;
  return 'none';
}

/**
 * Several timelines combined: failing wherever any of them fails, passing wherever one passes
 * and none fails. Each input is one timeline of non-overlapping spans; the output is one
 * timeline of maximal pass and fail spans, oldest first (no-data stretches are left out).
 */
export function anyFailing(timelines: readonly (readonly StateSpan[])[]): StateSpan[] {
  // Events as (time, +/-1 failing, +/-1 passing); times stay numbers until the output.
  const times: number[] = [];
  const dFail: number[] = [];
  const dPass: number[] = [];
  const add = (t: number, fail: number, pass: number) => {
    times.push(t);
    dFail.push(fail);
    dPass.push(pass);
  };
  for (const spans of timelines) {
    for (const s of spans) {
      if (s.state === 'none') continue;
      const from = s.from;
      const to = endMs(s.to);
      if (!(to > from)) continue;
      const f = s.state === 'fail' ? 1 : 0;
      add(from, f, 1 - f);
      if (Number.isFinite(to)) add(to, -f, f - 1);
    }
  }
  const order = times.map((_, i) => i).sort((a, b) => times[a]! - times[b]!);
  const out: { from: number; to: number; state: TimelineState }[] = [];
  let fail = 0;
  let pass = 0;
  for (let j = 0; j < order.length; j++) {
    const i = order[j]!;
    fail += dFail[i]!;
    pass += dPass[i]!;
    const t = times[i]!;
    const next = j + 1 < order.length ? times[order[j + 1]!]! : Number.POSITIVE_INFINITY;
    if (next === t) continue; // more events at this instant
    const state: TimelineState = fail > 0 ? 'fail' : pass > 0 ? 'pass' : 'none';
    if (state === 'none') continue;
    const last = out[out.length - 1];
    if (last && last.state === state && last.to === t) last.to = next;
    else out.push({ from: t, to: next, state });
  }
  return out.map((s) => ({ from: s.from, to: Number.isFinite(s.to) ? s.to : null, state: s.state }));
}

/**
 * One timeline over [from, to): the share of the period in each state and its failing windows
 * (adjacent failing spans merged, clipped to the period). `from` < `to`.
 */
export function summarize(spans: readonly StateSpan[], period: { from: string; to: string }): PeriodSummary {
  const start = Date.parse(period.from);
  const end = Date.parse(period.to);
  const length = end - start;
  let passing = 0;
  let failing = 0;
  const windows: { start: number; end: number; ongoing: boolean }[] = [];
  const sorted = [...spans].sort((a, b) => a.from - b.from);
  for (const s of sorted) {
    const spanEnd = endMs(s.to);
    const a = Math.max(s.from, start);
    const b = Math.min(spanEnd, end);
    if (!(b > a)) continue;
    if (s.state === 'pass') passing += b - a;
    if (s.state !== 'fail') continue;
    failing += b - a;
    const last = windows[windows.length - 1];
    if (last && last.end === a) {
      last.end = b;
      last.ongoing = spanEnd > end;
    } else {
      windows.push({ start: a, end: b, ongoing: spanEnd > end });
    }
  }
  const share = (n: number) => (length > 0 ? n / length : 0);
  return {
    from: period.from, to: period.to,
    passingShare: share(passing), failingShare: share(failing), noDataShare: length > 0 ? share(length - passing - failing) : 0,
    failingWindows: windows.map((w) => ({ start: isoOf(w.start), end: isoOf(w.end), ongoing: w.ongoing })),
  };
}
