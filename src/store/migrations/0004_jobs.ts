import type { Migration } from './index.js';

// The job queue (src/jobs/), its schedules, and what the monitoring jobs record.
//
// A job is claimed with SELECT … FOR UPDATE SKIP LOCKED and held by a lease: a random token
// and an expiry the worker renews while it works. A worker that dies stops renewing, and the
// job goes to the next worker once the lease expires. Every write that ends an attempt names
// the token it was claimed with, so a worker that lost its lease can no longer complete,
// fail or release the job (fencing). Each claim is one row of job_runs, keyed by its token.
export const m0004: Migration = {
  version: 4,
  name: 'jobs',
  sql: `
CREATE TABLE jobs (
  org_id uuid NOT NULL REFERENCES organizations(id),
  id uuid NOT NULL,
  name text NOT NULL,
  idempotency_key text NOT NULL,
  payload jsonb NOT NULL,
  state text NOT NULL CHECK (state IN ('queued', 'running', 'completed', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL CHECK (max_attempts >= 1),
  run_at timestamptz NOT NULL,
  lease_token uuid,
  lease_owner text,
  lease_until timestamptz,
  last_error jsonb,
  result jsonb,
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, idempotency_key),
  CHECK ((state = 'running') = (lease_token IS NOT NULL AND lease_until IS NOT NULL))
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE state = 'queued';
CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state = 'running';
CREATE INDEX jobs_recent ON jobs (org_id, created_at DESC);

CREATE TABLE job_runs (
  org_id uuid NOT NULL,
  job_id uuid NOT NULL,
  lease_token uuid NOT NULL,
  attempt integer NOT NULL,
  worker text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  outcome text NOT NULL CHECK (outcome IN ('running', 'completed', 'failed', 'abandoned', 'released')),
  error jsonb,
  PRIMARY KEY (org_id, job_id, lease_token),
  FOREIGN KEY (org_id, job_id) REFERENCES jobs(org_id, id)
);

CREATE TABLE job_schedules (
  org_id uuid NOT NULL REFERENCES organizations(id),
  job text NOT NULL,
  cron text NOT NULL,
  enabled boolean NOT NULL,
  options jsonb NOT NULL,
  next_run_at timestamptz,
  last_enqueued_at timestamptz,
  last_job_id uuid,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL,
  PRIMARY KEY (org_id, job),
  CHECK (NOT enabled OR next_run_at IS NOT NULL)
);
CREATE INDEX job_schedules_due ON job_schedules (next_run_at) WHERE enabled;

-- One readiness snapshot per organization and day (the latest computation of that day): the dashboard's trend.
CREATE TABLE readiness_snapshots (
  org_id uuid NOT NULL REFERENCES organizations(id),
  day date NOT NULL,
  computed_at timestamptz NOT NULL,
  score integer NOT NULL,
  controls integer NOT NULL,
  evidenced integer NOT NULL,
  failing integer NOT NULL,
  stale integer NOT NULL,
  no_evidence integer NOT NULL,
  excluded integer NOT NULL,
  categories jsonb NOT NULL,
  PRIMARY KEY (org_id, day)
);

-- Outcomes of scheduled integrity verifications (the audit-log chain and evidence hashes).
CREATE TABLE integrity_checks (
  org_id uuid NOT NULL REFERENCES organizations(id),
  id uuid NOT NULL,
  job_id uuid,
  checked_at timestamptz NOT NULL,
  ok boolean NOT NULL,
  audit_entries integer NOT NULL,
  evidence_checked integer NOT NULL,
  problem_count integer NOT NULL,
  problems jsonb NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, job_id)
);
CREATE INDEX integrity_checks_recent ON integrity_checks (org_id, checked_at DESC);
`,
};
