// The job queue's rows: jobs (one per idempotency key and organization) and their runs (one
// per claim). Claims lock with FOR UPDATE SKIP LOCKED; every write that ends a run is fenced
// by the lease token it was claimed with. Times come from the caller's clock.
import type { JobState, RunOutcome } from '../domain/jobs.js';
import type { Queryable } from './db.js';
import { bounded, iso, isoOrNull, type Page } from './rows.js';

export interface JobError {
  code: string;
  message: string;
}

export interface JobRecord {
  orgId: string;
  id: string;
  name: string;
  key: string;
  payload: unknown;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastError: JobError | null;
  result: unknown;
  createdAt: string;
  finishedAt: string | null;
}

export interface JobRun {
  jobId: string;
  attempt: number;
  worker: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: RunOutcome;
  error: JobError | null;
}

export interface NewJob {
  orgId: string;
  id: string;
  name: string;
  key: string;
  payload: unknown;
  maxAttempts: number;
  runAt: Date;
  createdAt: Date;
}

/** A claimed job: the lease token fences every later write of this attempt. */
export interface Claim {
  job: JobRecord;
  token: string;
}

const present = (r: Record<string, unknown>): JobRecord => ({
  orgId: String(r.org_id), id: String(r.id), name: String(r.name), key: String(r.idempotency_key), payload: r.payload,
  state: r.state as JobState, attempts: Number(r.attempts), maxAttempts: Number(r.max_attempts), runAt: iso(r.run_at),
  leaseOwner: (r.lease_owner as string | null) ?? null, leaseUntil: isoOrNull(r.lease_until), lastError: (r.last_error as JobError | null) ?? null,
  result: r.result ?? null, createdAt: iso(r.created_at), finishedAt: isoOrNull(r.finished_at),
});

const presentRun = (r: Record<string, unknown>): JobRun => ({
  jobId: String(r.job_id), attempt: Number(r.attempt), worker: String(r.worker), startedAt: iso(r.started_at), finishedAt: isoOrNull(r.finished_at),
  outcome: r.outcome as RunOutcome, error: (r.error as JobError | null) ?? null,
});

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

export class JobsRepo {
  constructor(private readonly q: Queryable) {}

  /** Inserts unless the organization already has a job with this key; returns the job with that key either way. */
  async insert(job: NewJob): Promise<{ job: JobRecord; created: boolean }> {
    const rows = await this.q.query(
      `INSERT INTO jobs (org_id, id, name, idempotency_key, payload, state, max_attempts, run_at, created_at)
       VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $8) ON CONFLICT (org_id, idempotency_key) DO NOTHING RETURNING *`,
      [job.orgId, job.id, job.name, job.key, JSON.stringify(job.payload), job.maxAttempts, job.runAt.toISOString(), job.createdAt.toISOString()],
    );
    if (rows[0]) return { job: present(rows[0]), created: true };
    const existing = await this.getByKey(job.orgId, job.key);
    if (!existing) throw new Error(`job key ${job.key} conflicted but no job holds it`);
    return { job: existing, created: false };
  }

  /**
   * Inserts the job unless the organization already has one of its name waiting to run (that
   * one will do the same work) or one with its key; returns whether it was created.
   */
  async insertUnlessQueued(job: NewJob): Promise<boolean> {
    const rows = await this.q.query(
      `INSERT INTO jobs (org_id, id, name, idempotency_key, payload, state, max_attempts, run_at, created_at)
       SELECT $1, $2, $3, $4, $5, 'queued', $6, $7, $8
       WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE org_id = $1 AND name = $3 AND state = 'queued')
       ON CONFLICT (org_id, idempotency_key) DO NOTHING RETURNING 1 AS created`,
      [job.orgId, job.id, job.name, job.key, JSON.stringify(job.payload), job.maxAttempts, job.runAt.toISOString(), job.createdAt.toISOString()],
    );
    return rows.length > 0;
  }

  /** Inserts the jobs in one statement, skipping each whose key its organization already has; returns how many were created. */
  async insertMany(jobs: readonly NewJob[]): Promise<number> {
    if (jobs.length === 0) return 0;
    const rows = await this.q.query(
      `INSERT INTO jobs (org_id, id, name, idempotency_key, payload, state, max_attempts, run_at, created_at)
       SELECT j.org_id, j.id, j.name, j.key, j.payload::jsonb, 'queued', j.max_attempts, j.run_at::timestamptz, j.created_at::timestamptz
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[])
         AS j(org_id, id, name, key, payload, max_attempts, run_at, created_at)
       ON CONFLICT (org_id, idempotency_key) DO NOTHING RETURNING 1 AS created`,
      [
        jobs.map((j) => j.orgId), jobs.map((j) => j.id), jobs.map((j) => j.name), jobs.map((j) => j.key), jobs.map((j) => JSON.stringify(j.payload)),
        jobs.map((j) => j.maxAttempts), jobs.map((j) => j.runAt.toISOString()), jobs.map((j) => j.createdAt.toISOString()),
      ],
    );
    return rows.length;
  }

  async getById(orgId: string, id: string): Promise<JobRecord | null> {
    const rows = await this.q.query('SELECT * FROM jobs WHERE org_id = $1 AND id = $2', [orgId, id]);
    return rows[0] ? present(rows[0]) : null;
  }

  async getByKey(orgId: string, key: string): Promise<JobRecord | null> {
    const rows = await this.q.query('SELECT * FROM jobs WHERE org_id = $1 AND idempotency_key = $2', [orgId, key]);
    return rows[0] ? present(rows[0]) : null;
  }

  /** Newest first; bounded. */
  async findBy(orgId: string, filter: { state?: JobState; name?: string } = {}, page?: Page): Promise<JobRecord[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query(
      `SELECT * FROM jobs WHERE org_id = $1 AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR name = $3)
       ORDER BY created_at DESC, id LIMIT $4 OFFSET $5`,
      [orgId, filter.state ?? null, filter.name ?? null, limit, offset],
    );
    return rows.map(present);
  }

  /** Runs of these jobs, oldest first. */
  async runsFor(orgId: string, jobIds: string[]): Promise<Map<string, JobRun[]>> {
    const out = new Map<string, JobRun[]>();
    if (jobIds.length === 0) return out;
    const rows = await this.q.query('SELECT * FROM job_runs WHERE org_id = $1 AND job_id = ANY($2::uuid[]) ORDER BY started_at, attempt', [orgId, jobIds]);
    for (const r of rows.map(presentRun)) out.set(r.jobId, [...(out.get(r.jobId) ?? []), r]);
    return out;
  }

  /**
   * Jobs whose lease expired with no attempt left (their worker died each time): failed, and
   * their last run abandoned. Returns how many. Run before claiming.
   */
  async failExhausted(now: Date): Promise<number> {
    const rows = await this.q.query(
      `WITH dead AS (
         UPDATE jobs SET state = 'failed', finished_at = $1, lease_token = NULL, lease_owner = NULL, lease_until = NULL,
           last_error = jsonb_build_object('code', 'lease_expired', 'message', 'the worker stopped renewing its lease (it died or hung) on the last allowed attempt')
         WHERE state = 'running' AND lease_until < $1 AND attempts >= max_attempts
         RETURNING org_id, id)
       UPDATE job_runs r SET outcome = 'abandoned', finished_at = $1
       FROM dead WHERE r.org_id = dead.org_id AND r.job_id = dead.id AND r.outcome = 'running'
       RETURNING r.job_id`,
      [now.toISOString()],
    );
    return rows.length;
  }

  /**
   * Claims the next due job among `names`: queued and due, or running with an expired lease
   * (its run is marked abandoned). Skips rows other workers hold locked. Must run inside a
   * transaction, which also records the new run.
   */
  async claim(names: string[], worker: string, token: string, now: Date, leaseUntil: Date): Promise<Claim | null> {
    const rows = await this.q.query(
      `WITH next AS (
         SELECT org_id, id FROM jobs
         WHERE name = ANY($1::text[]) AND ((state = 'queued' AND run_at <= $4) OR (state = 'running' AND lease_until < $4 AND attempts < max_attempts))
         ORDER BY run_at, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
       UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_token = $3, lease_owner = $2, lease_until = $5
       FROM next WHERE j.org_id = next.org_id AND j.id = next.id
       RETURNING j.*`,
      [names, worker, token, now.toISOString(), leaseUntil.toISOString()],
    );
    if (!rows[0]) return null;
    const job = present(rows[0]);
    await this.q.query(`UPDATE job_runs SET outcome = 'abandoned', finished_at = $3 WHERE org_id = $1 AND job_id = $2 AND outcome = 'running'`, [job.orgId, job.id, now.toISOString()]);
    await this.q.query(
      `INSERT INTO job_runs (org_id, job_id, lease_token, attempt, worker, started_at, outcome) VALUES ($1, $2, $3, $4, $5, $6, 'running')`,
      [job.orgId, job.id, token, job.attempts, worker, now.toISOString()],
    );
    return { job, token };
  }

  /** Extends the lease; false when this token no longer holds the job. */
  async renew(orgId: string, id: string, token: string, leaseUntil: Date): Promise<boolean> {
    const rows = await this.q.query(
      `UPDATE jobs SET lease_until = $4 WHERE org_id = $1 AND id = $2 AND lease_token = $3 AND state = 'running' RETURNING 1 AS ok`,
      [orgId, id, token, leaseUntil.toISOString()],
    );
    return rows.length === 1;
  }

  /** Completes the job held by `token`; false (and nothing written) when the token lost it. */
  async complete(orgId: string, id: string, token: string, now: Date, result: unknown): Promise<boolean> {
    const rows = await this.q.query(
      `UPDATE jobs SET state = 'completed', finished_at = $4, result = $5, last_error = NULL, lease_token = NULL, lease_owner = NULL, lease_until = NULL
       WHERE org_id = $1 AND id = $2 AND lease_token = $3 AND state = 'running' RETURNING 1 AS ok`,
      [orgId, id, token, now.toISOString(), json(result)],
    );
    if (rows.length === 0) return false;
    await this.endRun(orgId, id, token, now, 'completed', null);
    return true;
  }

  /** Ends the attempt held by `token` with an error: queued again at `retryAt`, or failed when null. */
  async fail(orgId: string, id: string, token: string, now: Date, error: JobError, retryAt: Date | null): Promise<boolean> {
    const rows = await this.q.query(
      `UPDATE jobs SET state = CASE WHEN $5::timestamptz IS NULL THEN 'failed' ELSE 'queued' END,
         run_at = COALESCE($5::timestamptz, run_at), finished_at = CASE WHEN $5::timestamptz IS NULL THEN $4::timestamptz END,
         last_error = $6, lease_token = NULL, lease_owner = NULL, lease_until = NULL
       WHERE org_id = $1 AND id = $2 AND lease_token = $3 AND state = 'running' RETURNING 1 AS ok`,
      [orgId, id, token, now.toISOString(), retryAt?.toISOString() ?? null, JSON.stringify(error)],
    );
    if (rows.length === 0) return false;
    await this.endRun(orgId, id, token, now, 'failed', error);
    return true;
  }

  /** Gives the job back without counting the attempt (graceful shutdown); false when the token lost it. */
  async release(orgId: string, id: string, token: string, now: Date): Promise<boolean> {
    const rows = await this.q.query(
      `UPDATE jobs SET state = 'queued', attempts = attempts - 1, run_at = $4, lease_token = NULL, lease_owner = NULL, lease_until = NULL
       WHERE org_id = $1 AND id = $2 AND lease_token = $3 AND state = 'running' RETURNING 1 AS ok`,
      [orgId, id, token, now.toISOString()],
    );
    if (rows.length === 0) return false;
    await this.endRun(orgId, id, token, now, 'released', null);
    return true;
  }

  /**
   * Deletes the organization's finished jobs (completed or failed) that finished before
   * `before`, with their runs, at most `limit` jobs, oldest first. Never a queued or running
   * job, and never the last job a schedule enqueued (the schedule shows it). Returns how many
   * jobs and runs went, and whether more remain past the limit.
   */
  async pruneFinished(orgId: string, before: Date, limit: number): Promise<{ jobs: number; runs: number; more: boolean }> {
    const doomed = await this.q.query<{ id: string }>(
      `SELECT id FROM jobs j
       WHERE j.org_id = $1 AND j.state IN ('completed', 'failed') AND j.finished_at < $2
         AND NOT EXISTS (SELECT 1 FROM job_schedules s WHERE s.org_id = j.org_id AND s.last_job_id = j.id)
       ORDER BY j.finished_at, j.id LIMIT $3 FOR UPDATE`,
      [orgId, before.toISOString(), limit + 1],
    );
    const ids = doomed.slice(0, limit).map((r) => r.id);
    if (ids.length === 0) return { jobs: 0, runs: 0, more: false };
    const runs = await this.q.query('DELETE FROM job_runs WHERE org_id = $1 AND job_id = ANY($2::uuid[]) RETURNING 1 AS gone', [orgId, ids]);
    const jobs = await this.q.query(`DELETE FROM jobs WHERE org_id = $1 AND id = ANY($2::uuid[]) AND state IN ('completed', 'failed') RETURNING 1 AS gone`, [orgId, ids]);
    return { jobs: jobs.length, runs: runs.length, more: doomed.length > limit };
  }

  private async endRun(orgId: string, id: string, token: string, now: Date, outcome: RunOutcome, error: JobError | null): Promise<void> {
    await this.q.query(
      `UPDATE job_runs SET outcome = $4, finished_at = $5, error = $6 WHERE org_id = $1 AND job_id = $2 AND lease_token = $3`,
      [orgId, id, token, outcome, now.toISOString(), json(error)],
    );
  }
}
