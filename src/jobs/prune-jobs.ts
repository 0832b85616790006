// Retention of the job queue: deletes the organization's finished jobs (completed or failed)
// and their runs once they are older than ATTEST_JOB_RETENTION_DAYS. Queued and running jobs
// stay, as does the last job each schedule enqueued. Only the queue's own rows go: evidence,
// result history, readiness snapshots, integrity outcomes and the audit log are never touched.
// A pruned job's idempotency key is free again, so keys dedupe within the retention period.
import { defineJob, scheduledSlot } from './types.js';

export const DEFAULT_JOB_RETENTION_DAYS = 30;
/** Jobs (prune-alerts: alerts) deleted per run at most, so that one transaction stays short; the next run goes on. */
export const PRUNE_BATCH = 5_000;
const DAY_MS = 86_400_000;

/** The instant `retentionDays` before `now`: what is older goes. */
export const retentionCutoff = (now: Date, retentionDays: number): Date => new Date(now.getTime() - retentionDays * DAY_MS);

export interface PruneJobsPayload {
  scheduledFor: string;
}

export interface PruneJobsResult {
  retentionDays: number;
  /** Jobs that finished before this instant were eligible. */
  before: string;
  jobs: number;
  runs: number;
  /** More eligible jobs remain than one run deletes. */
  more: boolean;
}

export const NAME = 'prune-jobs';

export const pruneJobs = defineJob<PruneJobsPayload, PruneJobsResult>({
  name: NAME,
  description: 'Delete finished jobs and their runs older than the retention period',
  retry: { attempts: 3, backoffSeconds: 300, factor: 2, maxSeconds: 3600 },
  timeoutSeconds: 600,
  ...scheduledSlot(NAME),
  perform: (_payload, jc) => jc.commit(async ({ repos }) => {
    const retentionDays = jc.deps.jobRetentionDays ?? DEFAULT_JOB_RETENTION_DAYS;
    const before = retentionCutoff(jc.clock(), retentionDays);
    const gone = await repos.jobs.pruneFinished(jc.orgId, before, PRUNE_BATCH);
    if (gone.jobs) jc.log.info({ jobs: gone.jobs, runs: gone.runs, more: gone.more }, 'finished jobs pruned');
    return { retentionDays, before: before.toISOString(), ...gone };
  }),
});
