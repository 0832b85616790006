// The jobs an organization can schedule, with their declared default schedules. The
// implementations are in src/jobs/ (one file per job); this list is what the API, the CLI and
// the scheduler agree on, kept here so that src/app need not import src/jobs.

export const JOB_STATES = ['queued', 'running', 'completed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const RUN_OUTCOMES = ['running', 'completed', 'failed', 'abandoned', 'released'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export interface ScheduledJobSpec {
  title: string;
  /** Declared default: stored for every organization until changed. */
  cron: string;
  enabled: boolean;
  /** The job reads folders (`options.paths`) and cannot be enabled without one. */
  needsPaths: boolean;
}

export const SCHEDULED_JOBS = {
  'evaluate-status': {
    title: "Recompute readiness and store the day's snapshot (the dashboard's trend)",
    cron: '5 * * * *',
    enabled: true,
    needsPaths: false,
  },
  'verify-integrity': {
    title: 'Verify the audit-log hash chain and every evidence file, and record the outcome',
    cron: '17 3 * * *',
    enabled: true,
    needsPaths: false,
  },
  'scan-path': {
    title: 'Scan folders (Terraform, CloudFormation, Kubernetes, Dockerfiles, workflows, secrets) and record the results',
    cron: '0 2 * * *',
    enabled: false,
    needsPaths: true,
  },
  'prune-jobs': {
    title: 'Delete finished jobs and their runs older than the retention period (ATTEST_JOB_RETENTION_DAYS, default 30)',
    cron: '43 4 * * *',
    enabled: true,
    needsPaths: false,
  },
  'generate-tasks': {
    title: 'Create the tasks of recurring manual work (access reviews, risk assessments…) for the current and next period',
    cron: '11 0 * * *',
    enabled: true,
    needsPaths: false,
  },
  'alert-digest': {
    title: "Email each person who chose the daily digest the day's alerts (only when SMTP is configured and something happened)",
    cron: '0 7 * * *',
    enabled: true,
    needsPaths: false,
  },
  'prune-alerts': {
    title: 'Delete alert events and their deliveries older than the retention period (ATTEST_ALERT_RETENTION_DAYS, default 90), keeping those still to be delivered',
    cron: '53 4 * * *',
    enabled: true,
    needsPaths: false,
  },
} as const satisfies Record<string, ScheduledJobSpec>;

export type ScheduledJobName = keyof typeof SCHEDULED_JOBS;
export const SCHEDULED_JOB_NAMES = Object.keys(SCHEDULED_JOBS) as ScheduledJobName[];
export const isScheduledJob = (name: string): name is ScheduledJobName => Object.hasOwn(SCHEDULED_JOBS, name);

/** What a schedule passes to its job. */
export interface ScheduleOptions {
  /** Folders to scan (scan-path), relative to the workers' scan root or absolute inside it. */
  paths?: string[];
}

/** The idempotency key of the job a schedule enqueues for one slot: the same slot never runs twice. */
export const scheduledKey = (job: string, slot: string): string => `${job}@${slot}`;
