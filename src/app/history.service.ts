// Queries over the result history: the status of a check, a resource or a control at any
// instant, the share of a period it spent passing, and its failing windows; and the
// operating-effectiveness view of every control over a period. Checks and resources read the
// stored intervals and the per-check roll-up; a control is derived from its checks (failing
// while any of them fails on any resource).
import { checks as registry } from '../checks/registry.js';
import type { AnyCheck } from '../checks/types.js';
import { invalid, notFound, type FieldError } from '../domain/errors.js';
import { groupBy } from '../domain/group.js';
import { anyFailing, countsState, resultState, summarize, type PeriodSummary, type StateSpan, type TimelineState } from '../domain/history.js';
import type { CheckSpan, ResultInterval } from '../store/index.js';
import type { AppContext } from './context.js';
import { checksByControl, settleHistory } from './scan.service.js';

export type SubjectKind = 'check' | 'resource' | 'control';

export interface HistorySubject {
  kind: SubjectKind;
  id: string;
  /** For a resource: only this check's result. */
  check?: string;
}

export interface Period {
  from: string;
  to: string;
}

export interface CheckAt {
  checkId: string;
  state: TimelineState;
  pass: number;
  fail: number;
  /** Every current result, any status. */
  resources: number;
  /** Since when the check's counts stood as they were. */
  since: string | null;
}

export interface ResultAt {
  checkId: string;
  resourceType: string;
  status: string;
  reason: string | null;
  message: string | null;
  severity: string;
  path: string | null;
  startLine: number | null;
  endLine: number | null;
  /** The run that first observed this status. */
  since: string;
}

export interface StatusAt {
  kind: SubjectKind;
  id: string;
  at: string;
  /** `absent`: a resource with no result at that instant (never seen, or gone). */
  state: TimelineState | 'absent';
  /** Check and control: the checks' counts at that instant. */
  checks?: CheckAt[];
  /** Resource: its results at that instant, one per check. */
  results?: ResultAt[];
}

export interface SubjectPeriod extends PeriodSummary {
  kind: SubjectKind;
  id: string;
}

export interface ControlPeriod extends PeriodSummary {
  controlId: string;
  title: string;
  inScope: boolean;
  /** Checks that evidence it; a control with none has no automated history. */
  checks: string[];
}

const parseInstant = (field: string, value: string, errors: FieldError[]): string | null => {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(t)) {
    errors.push({ field, code: 'invalid_date', message: `${JSON.stringify(value)} is not a date or timestamp` });
    return null;
  }
  return new Date(t).toISOString();
};

/** Spans or intervals read for one period; a period with more changes than this is refused. */
export const MAX_SPANS = 200_000;

const checkSpansOf = (spans: CheckSpan[]) => groupBy(spans, (s) => s.checkId, (s) => ({ from: s.from, to: s.to, state: s.state }));
const intervalSpans = (intervals: ResultInterval[]) =>
  [...groupBy(intervals, (i) => i.checkId, (i) => ({ from: Date.parse(i.validFrom), to: i.validTo === null ? null : Date.parse(i.validTo), state: resultState(i.status) })).values()];

export class HistoryService {
  private readonly byId: Map<string, AnyCheck>;
  private readonly checksOf: Map<string, AnyCheck[]>;
  constructor(private readonly ctx: AppContext, checks: AnyCheck[] = registry) {
    this.byId = new Map(checks.map((c) => [c.meta.id, c]));
    this.checksOf = checksByControl(checks);
  }

  /** What a check, resource or control was at `at` (not in the future). */
  async statusAt(orgId: string, subject: HistorySubject, atInput: string): Promise<StatusAt> {
    const errors: FieldError[] = [];
    const at = parseInstant('at', atInput, errors);
    if (at && at > this.ctx.clock().toISOString()) errors.push({ field: 'at', code: 'future_date', message: 'history ends now' });
    if (errors.length) throw invalid(errors);
    const checkIds = await this.subjectChecks(orgId, subject);
    const { history } = this.ctx.store.repos;
    if (subject.kind === 'resource') {
      await settleHistory(this.ctx, orgId);
      const results = await history.resultsAt(orgId, { resourceId: subject.id, checkId: subject.check }, at!, { limit: 1000 });
      const states = results.map((r) => resultState(r.status));
      const state = results.length === 0 ? 'absent' : states.includes('fail') ? 'fail' : states.includes('pass') ? 'pass' : 'none';
      return {
        kind: 'resource', id: subject.id, at: at!, state,
        results: results.map((r) => ({ checkId: r.checkId, resourceType: r.resourceType, status: r.status, reason: r.reason, message: r.message, severity: r.severity, path: r.path, startLine: r.startLine, endLine: r.endLine, since: r.validFrom })),
      };
    }
    const counts = await history.checkCountsAt(orgId, checkIds, at!);
    const byCheck = new Map(counts.map((c) => [c.checkId, c]));
    const checks: CheckAt[] = checkIds.map((id) => {
      const c = byCheck.get(id);
      return c
        ? { checkId: id, state: countsState(c), pass: c.pass, fail: c.fail, resources: c.pass + c.fail + c.unknown + c.notApplicable + c.error + c.suppressed, since: c.validFrom }
        : { checkId: id, state: 'none', pass: 0, fail: 0, resources: 0, since: null };
    });
    const state: TimelineState = checks.some((c) => c.state === 'fail') ? 'fail' : checks.some((c) => c.state === 'pass') ? 'pass' : 'none';
    return { kind: subject.kind, id: subject.id, at: at!, state, checks };
  }

  /** The share of [from, to) a subject spent passing and failing, and its failing windows; `to` stops at now. */
  async period(orgId: string, subject: HistorySubject, input: Period): Promise<SubjectPeriod> {
    const period = this.periodOf(input);
    const checkIds = await this.subjectChecks(orgId, subject);
    const { history } = this.ctx.store.repos;
    if (subject.kind === 'resource') await settleHistory(this.ctx, orgId);
    const timelines = subject.kind === 'resource'
      ? intervalSpans(this.bounded(await history.resourceIntervals(orgId, subject.id, subject.check ?? null, period.from, period.to, MAX_SPANS)))
      : [...checkSpansOf(this.bounded(await history.checkSpans(orgId, checkIds, period.from, period.to, MAX_SPANS))).values()];
    return { kind: subject.kind, id: subject.id, ...summarize(anyFailing(timelines), period) };
  }

  /** Operating effectiveness of every control of the organization over [from, to), from its checks' history. */
  async effectiveness(orgId: string, input: Period): Promise<{ from: string; to: string; controls: ControlPeriod[] }> {
    const period = this.periodOf(input);
    const { repos } = this.ctx.store;
    const controls = await repos.controls.findBy(orgId, {}, { limit: 1000 });
    const wanted = [...new Set(controls.flatMap((c) => (this.checksOf.get(c.controlId) ?? []).map((k) => k.meta.id)))];
    const spans = wanted.length ? checkSpansOf(this.bounded(await repos.history.checkSpans(orgId, wanted, period.from, period.to, MAX_SPANS))) : new Map<string, StateSpan[]>();
    return {
      ...period,
      controls: controls.map((c) => {
        const checks = (this.checksOf.get(c.controlId) ?? []).map((k) => k.meta.id);
        const summary = summarize(anyFailing(checks.map((id) => spans.get(id) ?? [])), period);
        return { controlId: c.controlId, title: c.title, inScope: c.inScope, checks, ...summary };
      }),
    };
  }

  private periodOf(input: Period): Period {
    const errors: FieldError[] = [];
    const from = parseInstant('from', input.from, errors);
    const to = parseInstant('to', input.to, errors);
    const now = this.ctx.clock().toISOString();
    if (from && to && from >= to) errors.push({ field: 'to', code: 'before_start', message: 'the period ends after it starts' });
    if (from && from >= now) errors.push({ field: 'from', code: 'future_date', message: 'history ends now' });
    if (errors.length) throw invalid(errors);
    return { from: from!, to: to! < now ? to! : now };
  }

  private bounded<T>(rows: T[]): T[] {
    if (rows.length >= MAX_SPANS) throw invalid([{ field: 'from', code: 'too_many_changes', message: 'the period holds too many changes to read at once; ask for a shorter one' }]);
    return rows;
  }

  /** The checks whose history answers for the subject; not_found for an unknown check or control. */
  private async subjectChecks(orgId: string, subject: HistorySubject): Promise<string[]> {
    if (subject.kind === 'check' || subject.check !== undefined) {
      const id = subject.kind === 'check' ? subject.id : subject.check!;
      if (!this.byId.has(id)) throw notFound('check', id, subject.kind === 'check' ? 'id' : 'check');
      return [id];
    }
    if (subject.kind === 'control') {
      const control = await this.ctx.store.repos.controls.getById(orgId, subject.id);
      if (!control) throw notFound('control', subject.id, 'id');
      return (this.checksOf.get(subject.id) ?? []).map((c) => c.meta.id);
    }
    return [];
  }
}
