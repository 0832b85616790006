// Jobs as the organization sees them: its schedules (declared defaults until changed), the
// jobs that ran with their attempts, durations and errors, and what the monitoring jobs
// recorded (readiness snapshots, integrity checks). The queue itself is src/jobs/.
import { nextRun, parseCron, type Cron } from '../domain/cron.js';
import { isIsoDate, toIsoDate } from '../domain/dates.js';
import { invalid, isAppError, notFound, type FieldError } from '../domain/errors.js';
import { isScheduledJob, SCHEDULED_JOBS, SCHEDULED_JOB_NAMES, type JobState, type RunOutcome, type ScheduleOptions } from '../domain/jobs.js';
import type { IntegrityCheck, JobError, JobRecord, JobRun, ReadinessSnapshot, Schedule, ScheduleDefault } from '../store/index.js';
import type { Actor, AppContext } from './context.js';
import { isUuid } from '../domain/ids.js';

export interface ScheduleView {
  job: string;
  title: string;
  cron: string;
  enabled: boolean;
  options: ScheduleOptions;
  nextRunAt: string | null;
  lastEnqueuedAt: string | null;
  lastJobId: string | null;
  /** False while the declared default has not been stored yet (the scheduler stores it on its next tick). */
  stored: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface SchedulePatch {
  cron?: string;
  enabled?: boolean;
  options?: ScheduleOptions;
}

export interface RunView {
  attempt: number;
  worker: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  outcome: RunOutcome;
  error: JobError | null;
}

export interface JobView {
  id: string;
  name: string;
  key: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  payload: unknown;
  runAt: string;
  createdAt: string;
  finishedAt: string | null;
  /** Of the last finished run. */
  durationMs: number | null;
  lastError: JobError | null;
  result: unknown;
  runs: RunView[];
}

export const MAX_SCAN_PATHS = 20;
const PATH_MAX = 1000;

/** The declared schedules with their first slot after `now`: what the scheduler stores for each organization. */
export function scheduleDefaults(now: Date): ScheduleDefault[] {
  return SCHEDULED_JOB_NAMES.map((job) => {
    const spec = SCHEDULED_JOBS[job];
    return { job, cron: spec.cron, enabled: spec.enabled, nextRunAt: spec.enabled ? nextRun(parseCron(spec.cron), now) : null };
  });
}

const duration = (r: { startedAt: string; finishedAt: string | null }) => (r.finishedAt ? Date.parse(r.finishedAt) - Date.parse(r.startedAt) : null);

function presentJob(j: JobRecord, runs: JobRun[]): JobView {
  const views = runs.map((r): RunView => ({ attempt: r.attempt, worker: r.worker, startedAt: r.startedAt, finishedAt: r.finishedAt, durationMs: duration(r), outcome: r.outcome, error: r.error }));
  const lastFinished = [...views].reverse().find((r) => r.finishedAt !== null);
  return {
    id: j.id, name: j.name, key: j.key, state: j.state, attempts: j.attempts, maxAttempts: j.maxAttempts, payload: j.payload, runAt: j.runAt,
    createdAt: j.createdAt, finishedAt: j.finishedAt, durationMs: lastFinished?.durationMs ?? null, lastError: j.lastError, result: j.result, runs: views,
  };
}

function presentSchedule(s: Schedule): ScheduleView {
  return {
    job: s.job, title: isScheduledJob(s.job) ? SCHEDULED_JOBS[s.job].title : s.job, cron: s.cron, enabled: s.enabled, options: s.options,
    nextRunAt: s.nextRunAt, lastEnqueuedAt: s.lastEnqueuedAt, lastJobId: s.lastJobId, stored: true, updatedAt: s.updatedAt, updatedBy: s.updatedBy,
  };
}

/** Checks schedule options against what the job reads; every problem at once. */
function checkOptions(job: keyof typeof SCHEDULED_JOBS, enabled: boolean, options: ScheduleOptions, errors: FieldError[]): ScheduleOptions {
  const known = new Set(['paths']);
  for (const k of Object.keys(options)) if (!known.has(k)) errors.push({ field: `options.${k}`, code: 'unknown_option', message: `no option ${JSON.stringify(k)}; the options are: paths` });
  if (!SCHEDULED_JOBS[job].needsPaths) {
    if (options.paths !== undefined && options.paths.length) errors.push({ field: 'options.paths', code: 'not_applicable', message: `${job} reads no folders` });
    return {};
  }
  const paths = options.paths ?? [];
  if (!Array.isArray(paths)) {
    errors.push({ field: 'options.paths', code: 'invalid_type', message: 'a list of folders' });
    return {};
  }
  if (enabled && paths.length === 0) errors.push({ field: 'options.paths', code: 'required', message: `${job} needs at least one folder to scan` });
  if (paths.length > MAX_SCAN_PATHS) errors.push({ field: 'options.paths', code: 'too_many', message: `at most ${MAX_SCAN_PATHS} folders` });
  const clean: string[] = [];
  paths.forEach((p, i) => {
    const field = `options.paths.${i}`;
    if (typeof p !== 'string' || p.trim() === '') errors.push({ field, code: 'required', message: 'an empty path' });
    else if (p.length > PATH_MAX || p.includes('\0')) errors.push({ field, code: 'invalid_path', message: `a path of at most ${PATH_MAX} characters, without NUL` });
    else if (p.split(/[\\/]/).includes('..')) errors.push({ field, code: 'invalid_path', message: `${JSON.stringify(p)}: ".." is not allowed; paths stay inside the workers' scan root (ATTEST_SCAN_ROOT)` });
    else clean.push(p.trim());
  });
  return { paths: [...new Set(clean)] };
}

export class JobsService {
  constructor(private readonly ctx: AppContext) {}

  /** Every schedulable job: its stored schedule, or the declared default until one is stored. */
  async schedules(orgId: string): Promise<ScheduleView[]> {
    const stored = new Map((await this.ctx.store.repos.schedules.list(orgId)).map((s) => [s.job, s]));
    const defaults = scheduleDefaults(this.ctx.clock());
    const out: ScheduleView[] = defaults.map((d) => {
      const s = stored.get(d.job);
      if (s) return presentSchedule(s);
      return {
        job: d.job, title: SCHEDULED_JOBS[d.job as keyof typeof SCHEDULED_JOBS].title, cron: d.cron, enabled: d.enabled, options: {},
        nextRunAt: d.nextRunAt?.toISOString() ?? null, lastEnqueuedAt: null, lastJobId: null, stored: false, updatedAt: null, updatedBy: null,
      };
    });
    for (const s of stored.values()) if (!isScheduledJob(s.job)) out.push(presentSchedule(s));
    return out;
  }

  /** Changes a schedule (cron, enabled, options); unspecified fields keep their current value. */
  async setSchedule(orgId: string, job: string, patch: SchedulePatch, actor: Actor): Promise<ScheduleView> {
    if (!isScheduledJob(job)) throw notFound('job', job, 'job');
    const current = (await this.schedules(orgId)).find((s) => s.job === job)!;
    const errors: FieldError[] = [];
    const cronText = patch.cron ?? current.cron;
    const enabled = patch.enabled ?? current.enabled;
    let cron: Cron | null = null;
    let nextRunAt: Date | null = null;
    try {
      cron = parseCron(cronText, 'cron');
      nextRunAt = nextRun(cron, this.ctx.clock());
      if (!nextRunAt) errors.push({ field: 'cron', code: 'never_runs', message: `${JSON.stringify(cronText)} matches no date` });
    } catch (e) {
      if (!isAppError(e)) throw e;
      errors.push(...e.fields);
    }
    const options = checkOptions(job, enabled, patch.options ?? current.options, errors);
    if (errors.length || !cron) throw invalid(errors);
    const source = cron.source;
    return this.ctx.store.transaction(async (repos) => {
      const saved = await repos.schedules.upsert({ orgId, job, cron: source, enabled, options, nextRunAt: enabled ? nextRunAt : null }, actor, this.ctx.clock());
      const view = presentSchedule(saved);
      const digestable = (s: ScheduleView) => ({ job: s.job, cron: s.cron, enabled: s.enabled, options: s.options });
      await repos.auditLog.append(orgId, { actor, action: 'schedule.update', entityType: 'schedule', entityId: job, before: digestable(current), after: digestable(view), detail: digestable(view) }, this.ctx.clock());
      return view;
    });
  }

  /** Jobs newest first, with their runs. */
  async list(orgId: string, query: { status?: JobState; name?: string; limit?: number; offset?: number } = {}): Promise<JobView[]> {
    const { repos } = this.ctx.store;
    const jobs = await repos.jobs.findBy(orgId, { state: query.status, name: query.name }, { limit: query.limit ?? 50, offset: query.offset });
    const runs = await repos.jobs.runsFor(orgId, jobs.map((j) => j.id));
    return jobs.map((j) => presentJob(j, runs.get(j.id) ?? []));
  }

  async get(orgId: string, id: string): Promise<JobView> {
    if (!isUuid(id)) throw notFound('job', id, 'id');
    const job = await this.ctx.store.repos.jobs.getById(orgId, id);
    if (!job) throw notFound('job', id, 'id');
    const runs = await this.ctx.store.repos.jobs.runsFor(orgId, [id]);
    return presentJob(job, runs.get(id) ?? []);
  }

  /** Daily readiness snapshots between two dates (default: the last 90 days). */
  async readinessHistory(orgId: string, range: { from?: string; to?: string } = {}): Promise<ReadinessSnapshot[]> {
    const today = toIsoDate(this.ctx.clock());
    const to = range.to ?? today;
    const from = range.from ?? toIsoDate(new Date(Date.parse(`${to}T00:00:00Z`) - 89 * 86_400_000));
    const errors: FieldError[] = [];
    for (const [field, v] of [['from', from], ['to', to]] as const) if (!isIsoDate(v)) errors.push({ field, code: 'invalid_date', message: `${JSON.stringify(v)} is not a date (YYYY-MM-DD)` });
    if (!errors.length && from > to) errors.push({ field: 'from', code: 'after_to', message: `${from} is after ${to}` });
    if (errors.length) throw invalid(errors);
    return this.ctx.store.repos.readiness.findBetween(orgId, from, to);
  }

  integrityChecks(orgId: string, page: { limit?: number; offset?: number } = {}): Promise<IntegrityCheck[]> {
    return this.ctx.store.repos.integrity.findRecent(orgId, page);
  }
}
