// Outcomes of scheduled integrity verifications (what `attest verify` checks), per organization.
import type { Queryable } from './db.js';
import { bounded, iso, type Page } from './rows.js';

export interface IntegrityCheck {
  id: string;
  jobId: string | null;
  checkedAt: string;
  ok: boolean;
  auditEntries: number;
  evidenceChecked: number;
  problemCount: number;
  /** The first problems found (bounded); `problemCount` has them all. */
  problems: { kind: string; id: string; message: string }[];
}

const MAX_PROBLEMS = 100;

const present = (r: Record<string, unknown>): IntegrityCheck => ({
  id: String(r.id), jobId: (r.job_id as string | null) ?? null, checkedAt: iso(r.checked_at), ok: Boolean(r.ok), auditEntries: Number(r.audit_entries),
  evidenceChecked: Number(r.evidence_checked), problemCount: Number(r.problem_count), problems: r.problems as IntegrityCheck['problems'],
});

export class IntegrityRepo {
  constructor(private readonly q: Queryable) {}

  /** Records an outcome; a job records one at most (a second insert for the same job is ignored). */
  async insert(orgId: string, c: IntegrityCheck): Promise<boolean> {
    const rows = await this.q.query(
      `INSERT INTO integrity_checks (org_id, id, job_id, checked_at, ok, audit_entries, evidence_checked, problem_count, problems)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (org_id, job_id) DO NOTHING RETURNING 1 AS added`,
      [orgId, c.id, c.jobId, c.checkedAt, c.ok, c.auditEntries, c.evidenceChecked, c.problemCount, JSON.stringify(c.problems.slice(0, MAX_PROBLEMS))],
    );
    return rows.length === 1;
  }

  /** Newest first; bounded. */
  async findRecent(orgId: string, page?: Page): Promise<IntegrityCheck[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query('SELECT * FROM integrity_checks WHERE org_id = $1 ORDER BY checked_at DESC, id LIMIT $2 OFFSET $3', [orgId, limit, offset]);
    return rows.map(present);
  }
}
