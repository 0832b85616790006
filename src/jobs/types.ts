// What a job is: one file per job under src/jobs/, each a `defineJob({...})` with a typed
// payload, an idempotency key, declared retries with backoff, and a `perform` that writes its
// effects through `commit` — in the same transaction that marks the job completed, fenced by
// the attempt's lease. A job may therefore run more than once (a worker dies, a lease
// expires), but its effects are written once.
import type { Services } from '../app/index.js';
import type { CollectorSet } from '../app/scan-run.js';
import type { ConfigSuppression } from '../checks/suppressions.js';
import { AppError, invalid, type ErrorCode } from '../domain/errors.js';
import { scheduledKey, type ScheduleOptions } from '../domain/jobs.js';
import type { Repos } from '../store/index.js';
import type { Logger } from './log.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before the second attempt; each later wait is `factor` times the previous, at most `maxSeconds`. */
  backoffSeconds: number;
  factor: number;
  maxSeconds: number;
}

/** What jobs need from the process that runs them (wired by the composition root, src/cli). */
export interface JobDeps {
  collectors: () => Promise<CollectorSet>;
  /** Folder that scheduled scans may read: their paths resolve against it and must stay inside it. */
  scanRoot: string;
  /** The scan settings of the scan root's .attest.yaml (skipped checks, suppressions), as `attest scan` reads them; none when absent. */
  scanConfig?: (root: string) => { skipChecks: string[]; suppressions: ConfigSuppression[] };
  version: string;
  /** Finished jobs older than this many days are pruned (prune-jobs); default DEFAULT_JOB_RETENTION_DAYS. */
  jobRetentionDays?: number;
  /** Alert events and their deliveries older than this many days are pruned (prune-alerts); default DEFAULT_ALERT_RETENTION_DAYS. */
  alertRetentionDays?: number;
}

export interface JobContext {
  orgId: string;
  jobId: string;
  key: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the attempt times out, loses its lease, or the worker shuts down. */
  signal: AbortSignal;
  /** Services outside any transaction: for reading and computing before `commit`. Do not use them inside `commit`. */
  services: Services;
  deps: JobDeps;
  log: Logger;
  clock: () => Date;
  /**
   * Runs `fn` in one transaction with services and repositories bound to it, and completes the
   * job in that same transaction, only if this attempt still holds its lease. Either the
   * effects and the completion commit together, or neither does (LeaseLost is thrown).
   */
  commit<R>(fn: (tx: { services: Services; repos: Repos }) => Promise<R>): Promise<R>;
}

export interface JobDefinition<P, R> {
  name: string;
  description: string;
  retry: RetryPolicy;
  /** Longest an attempt may run; past it the attempt is abandoned and retried. */
  timeoutSeconds: number;
  /** Validates a stored payload (typed from here on); throws invalid_input. */
  parse(payload: unknown): P;
  /** The idempotency key: a second job with the same key in the organization is not enqueued. */
  key(payload: P): string;
  /** The payload of a scheduled run for `slot` (an ISO timestamp); only for schedulable jobs. */
  fromSchedule?(slot: string, options: ScheduleOptions): P;
  /** False for errors a retry cannot fix; default: input, not-found and permission errors. */
  retryable?(error: unknown): boolean;
  perform(payload: P, jc: JobContext): Promise<R>;
}

/** A job of any payload, as the registry holds it. */
export type AnyJob = JobDefinition<unknown, unknown>;

export function defineJob<P, R>(def: JobDefinition<P, R>): AnyJob {
  return def as unknown as AnyJob;
}

/** The attempt no longer holds the job: its lease expired and another worker took it, or it was ended. */
export class LeaseLost extends Error {
  constructor() {
    super('the lease on this job was lost; another attempt owns it now');
    this.name = 'LeaseLost';
  }
}

export class JobTimeout extends Error {
  constructor(readonly seconds: number) {
    super(`the attempt ran longer than ${seconds} s`);
    this.name = 'JobTimeout';
  }
}

export class WorkerShutdown extends Error {
  constructor() {
    super('the worker is shutting down');
    this.name = 'WorkerShutdown';
  }
}

const PERMANENT: ErrorCode[] = ['invalid_input', 'not_found', 'forbidden', 'unauthorized', 'payload_too_large', 'workspace_missing'];

export const isRetryable = (def: AnyJob, error: unknown): boolean =>
  def.retryable ? def.retryable(error) : !(error instanceof AppError && PERMANENT.includes(error.code));

/** Wait before the next attempt after `attempt` (1-based) failed. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const seconds = Math.min(policy.maxSeconds, policy.backoffSeconds * policy.factor ** Math.max(0, attempt - 1));
  return Math.round(seconds * 1000);
}

/** `scheduledFor` of a scheduled payload: an ISO timestamp. */
export function requireTimestamp(payload: unknown, field = 'scheduledFor'): string {
  const v = (payload as Record<string, unknown> | null)?.[field];
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw invalid([{ field: `payload.${field}`, code: 'invalid_date', message: 'an ISO timestamp is required' }]);
  return new Date(v).toISOString();
}

/** The payload of a job that runs once per slot of its schedule. */
export interface ScheduledPayload {
  scheduledFor: string;
}

/**
 * A scheduled job's payload parsing, idempotency key and schedule hook: one job per slot
 * (a manual request names its own instant), so a retry or a second enqueue of a slot adds nothing.
 */
export function scheduledSlot(name: string): Pick<JobDefinition<ScheduledPayload, unknown>, 'parse' | 'key' | 'fromSchedule'> {
  return {
    parse: (payload) => ({ scheduledFor: requireTimestamp(payload) }),
    key: (p) => scheduledKey(name, p.scheduledFor),
    fromSchedule: (slot) => ({ scheduledFor: slot }),
  };
}
