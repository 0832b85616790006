// Job schedules, one per organization and job. The scheduler takes due rows with
// FOR UPDATE SKIP LOCKED inside a transaction, so of several racing schedulers exactly one
// handles each due row, and moves it to its next slot before committing.
import type { ScheduleOptions } from '../domain/jobs.js';
import type { Queryable } from './db.js';
import { iso, isoOrNull } from './rows.js';

export interface Schedule {
  orgId: string;
  job: string;
  cron: string;
  enabled: boolean;
  options: ScheduleOptions;
  nextRunAt: string | null;
  lastEnqueuedAt: string | null;
  lastJobId: string | null;
  updatedAt: string;
  updatedBy: string;
}

export interface ScheduleDefault {
  job: string;
  cron: string;
  enabled: boolean;
  /** The default's first slot (null when disabled). */
  nextRunAt: Date | null;
}

const present = (r: Record<string, unknown>): Schedule => ({
  orgId: String(r.org_id), job: String(r.job), cron: String(r.cron), enabled: Boolean(r.enabled), options: (r.options as ScheduleOptions) ?? {},
  nextRunAt: isoOrNull(r.next_run_at), lastEnqueuedAt: isoOrNull(r.last_enqueued_at), lastJobId: (r.last_job_id as string | null) ?? null,
  updatedAt: iso(r.updated_at), updatedBy: String(r.updated_by),
});

export class SchedulesRepo {
  constructor(private readonly q: Queryable) {}

  /** Stores the declared defaults for every organization that lacks them (all organizations, or one). */
  async seedDefaults(defaults: ScheduleDefault[], now: Date, orgId: string | null = null): Promise<number> {
    if (defaults.length === 0) return 0;
    const rows = await this.q.query(
      `INSERT INTO job_schedules (org_id, job, cron, enabled, options, next_run_at, updated_at, updated_by)
       SELECT o.id, d.job, d.cron, d.enabled, '{}'::jsonb, d.next_run_at, $5, 'system'
       FROM organizations o CROSS JOIN unnest($1::text[], $2::text[], $3::boolean[], $4::timestamptz[]) AS d(job, cron, enabled, next_run_at)
       WHERE $6::uuid IS NULL OR o.id = $6
       ON CONFLICT (org_id, job) DO NOTHING RETURNING 1 AS added`,
      [defaults.map((d) => d.job), defaults.map((d) => d.cron), defaults.map((d) => d.enabled), defaults.map((d) => d.nextRunAt?.toISOString() ?? null), now.toISOString(), orgId],
    );
    return rows.length;
  }

  async list(orgId: string): Promise<Schedule[]> {
    const rows = await this.q.query('SELECT * FROM job_schedules WHERE org_id = $1 ORDER BY job', [orgId]);
    return rows.map(present);
  }

  async get(orgId: string, job: string): Promise<Schedule | null> {
    const rows = await this.q.query('SELECT * FROM job_schedules WHERE org_id = $1 AND job = $2', [orgId, job]);
    return rows[0] ? present(rows[0]) : null;
  }

  async upsert(s: { orgId: string; job: string; cron: string; enabled: boolean; options: ScheduleOptions; nextRunAt: Date | null }, actor: string, now: Date): Promise<Schedule> {
    const rows = await this.q.query(
      `INSERT INTO job_schedules (org_id, job, cron, enabled, options, next_run_at, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (org_id, job) DO UPDATE SET cron = EXCLUDED.cron, enabled = EXCLUDED.enabled, options = EXCLUDED.options,
         next_run_at = EXCLUDED.next_run_at, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
       RETURNING *`,
      [s.orgId, s.job, s.cron, s.enabled, JSON.stringify(s.options), s.nextRunAt?.toISOString() ?? null, now.toISOString(), actor],
    );
    return present(rows[0]!);
  }

  /** Due, enabled schedules, locked for this transaction; rows another scheduler holds are skipped. Bounded. */
  async lockDue(now: Date, limit = 100): Promise<Schedule[]> {
    const rows = await this.q.query(
      `SELECT * FROM job_schedules WHERE enabled AND next_run_at <= $1 ORDER BY next_run_at, org_id, job LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now.toISOString(), Math.min(Math.max(limit, 1), 1000)],
    );
    return rows.map(present);
  }

  /** Moves a schedule to its next slot after enqueuing `jobId` for the current one (null: the schedule cannot run and is disabled). */
  async advance(orgId: string, job: string, nextRunAt: Date | null, now: Date, jobId: string | null): Promise<void> {
    await this.q.query(
      `UPDATE job_schedules SET next_run_at = $3, enabled = enabled AND $3::timestamptz IS NOT NULL,
         last_enqueued_at = CASE WHEN $5::uuid IS NULL THEN last_enqueued_at ELSE $4::timestamptz END, last_job_id = COALESCE($5::uuid, last_job_id)
       WHERE org_id = $1 AND job = $2`,
      [orgId, job, nextRunAt?.toISOString() ?? null, now.toISOString(), jobId],
    );
  }
}
