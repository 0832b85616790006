// Tasks of recurring manual work (migration 0007): one per control and calendar period.
import type { PeriodicFrequency } from '../domain/tasks.js';
import type { Queryable } from './db.js';
import { bounded, iso, isoOrNull, type Page } from './rows.js';

export type TaskState = 'open' | 'done' | 'skipped';

export interface TaskRecord {
  orgId: string;
  id: string;
  controlId: string;
  frequency: PeriodicFrequency;
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  dueOn: string;
  assignee: string | null;
  state: TaskState;
  evidenceId: string | null;
  note: string;
  skipReason: string | null;
  completedBy: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewTask = Pick<TaskRecord, 'id' | 'controlId' | 'frequency' | 'periodStart' | 'periodEnd' | 'periodLabel' | 'dueOn' | 'assignee'>;

export interface TaskFilter {
  state?: TaskState;
  controlId?: string;
  assignee?: string;
  /** Only tasks due strictly before this day (YYYY-MM-DD). */
  dueBefore?: string;
}

/** A piece of evidence linked to a control, by its effective date. */
export interface LinkedEffective {
  evidenceId: string;
  effectiveAt: string;
}

const present = (r: Record<string, unknown>): TaskRecord => ({
  orgId: String(r.org_id), id: String(r.id), controlId: String(r.control_id), frequency: r.frequency as PeriodicFrequency,
  periodStart: String(r.period_start), periodEnd: String(r.period_end), periodLabel: String(r.period_label), dueOn: String(r.due_on),
  assignee: (r.assignee as string | null) ?? null, state: r.state as TaskState, evidenceId: (r.evidence_id as string | null) ?? null,
  note: String(r.note), skipReason: (r.skip_reason as string | null) ?? null, completedBy: (r.completed_by as string | null) ?? null,
  completedAt: isoOrNull(r.completed_at), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
});

const FILTER = `org_id = $1
   AND ($2::text IS NULL OR state = $2)
   AND ($3::text IS NULL OR control_id = $3)
   AND ($4::text IS NULL OR assignee = $4)
   AND ($5::date IS NULL OR due_on < $5)`;
const filterArgs = (orgId: string, f: TaskFilter) => [orgId, f.state ?? null, f.controlId ?? null, f.assignee ?? null, f.dueBefore ?? null];

export class TasksRepo {
  constructor(private readonly q: Queryable) {}

  /** Adds the tasks that do not exist yet (same control and period start); returns those added. */
  async insertMany(orgId: string, tasks: NewTask[], now: Date): Promise<TaskRecord[]> {
    if (tasks.length === 0) return [];
    const rows = await this.q.query(
      `INSERT INTO tasks (org_id, id, control_id, frequency, period_start, period_end, period_label, due_on, assignee, created_at, updated_at)
       SELECT $1, t.id, t.control_id, t.frequency, t.period_start, t.period_end, t.period_label, t.due_on, t.assignee, $10, $10
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::date[], $6::date[], $7::text[], $8::date[], $9::text[])
         AS t(id, control_id, frequency, period_start, period_end, period_label, due_on, assignee)
       ON CONFLICT (org_id, control_id, period_start) DO NOTHING
       RETURNING *`,
      [orgId, tasks.map((t) => t.id), tasks.map((t) => t.controlId), tasks.map((t) => t.frequency), tasks.map((t) => t.periodStart), tasks.map((t) => t.periodEnd),
        tasks.map((t) => t.periodLabel), tasks.map((t) => t.dueOn), tasks.map((t) => t.assignee), now.toISOString()],
    );
    return rows.map(present);
  }

  async getById(orgId: string, id: string): Promise<TaskRecord | null> {
    const rows = await this.q.query('SELECT * FROM tasks WHERE org_id = $1 AND id = $2', [orgId, id]);
    return rows[0] ? present(rows[0]) : null;
  }

  /** Earliest due first. */
  async findBy(orgId: string, filter: TaskFilter = {}, page?: Page): Promise<TaskRecord[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query(`SELECT * FROM tasks WHERE ${FILTER} ORDER BY due_on, control_id, period_start LIMIT $6 OFFSET $7`, [...filterArgs(orgId, filter), limit, offset]);
    return rows.map(present);
  }

  async countBy(orgId: string, filter: TaskFilter = {}): Promise<number> {
    const rows = await this.q.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE ${FILTER}`, filterArgs(orgId, filter));
    return rows[0]?.n ?? 0;
  }

  /** Marks an open task done with its evidence; null when the task is not open (anymore). */
  async complete(orgId: string, id: string, c: { evidenceId: string; note: string; by: string; at: Date }): Promise<TaskRecord | null> {
    const rows = await this.q.query(
      `UPDATE tasks SET state = 'done', evidence_id = $3, note = $4, completed_by = $5, completed_at = $6, updated_at = $6
       WHERE org_id = $1 AND id = $2 AND state = 'open' RETURNING *`,
      [orgId, id, c.evidenceId, c.note, c.by, c.at.toISOString()],
    );
    return rows[0] ? present(rows[0]) : null;
  }

  /** Marks an open task skipped with a reason; null when the task is not open (anymore). */
  async skip(orgId: string, id: string, s: { reason: string; by: string; at: Date }): Promise<TaskRecord | null> {
    const rows = await this.q.query(
      `UPDATE tasks SET state = 'skipped', skip_reason = $3, completed_by = $4, completed_at = $5, updated_at = $5
       WHERE org_id = $1 AND id = $2 AND state = 'open' RETURNING *`,
      [orgId, id, s.reason, s.by, s.at.toISOString()],
    );
    return rows[0] ? present(rows[0]) : null;
  }

  async setAssignee(orgId: string, id: string, assignee: string | null, at: Date): Promise<TaskRecord | null> {
    const rows = await this.q.query('UPDATE tasks SET assignee = $3, updated_at = $4 WHERE org_id = $1 AND id = $2 RETURNING *', [orgId, id, assignee, at.toISOString()]);
    return rows[0] ? present(rows[0]) : null;
  }

  /** Open tasks of these controls due before `today` not yet alerted as overdue (bounded). */
  async overdueUnalerted(orgId: string, controlIds: string[], today: string, limit = 500): Promise<TaskRecord[]> {
    const rows = await this.q.query(
      `SELECT * FROM tasks
       WHERE org_id = $1 AND state = 'open' AND due_on < $2 AND overdue_alerted_at IS NULL AND control_id = ANY($3::text[])
       ORDER BY due_on, control_id LIMIT $4`,
      [orgId, today, controlIds, Math.min(Math.max(limit, 1), 1000)],
    );
    return rows.map(present);
  }

  /** Records that these tasks' overdue alert was raised: never again, whatever alert retention prunes. */
  async markOverdueAlerted(orgId: string, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.q.query('UPDATE tasks SET overdue_alerted_at = $3 WHERE org_id = $1 AND id = ANY($2::uuid[])', [orgId, ids, at.toISOString()]);
  }

  /** Per control, the evidence linked to it with its effective date, latest first (at most `perControl` each). */
  async linkedEvidence(orgId: string, controlIds: string[], perControl = 200): Promise<Map<string, LinkedEffective[]>> {
    const out = new Map<string, LinkedEffective[]>(controlIds.map((id) => [id, []]));
    if (controlIds.length === 0) return out;
    const rows = await this.q.query<{ control_id: string; evidence_id: string; effective_at: string }>(
      `SELECT control_id, evidence_id, effective_at FROM (
         SELECT l.control_id, e.id AS evidence_id, e.effective_at,
                row_number() OVER (PARTITION BY l.control_id ORDER BY e.effective_at DESC, e.id) AS n
         FROM evidence_controls l JOIN evidence e ON e.org_id = l.org_id AND e.id = l.evidence_id
         WHERE l.org_id = $1 AND l.control_id = ANY($2::text[])
       ) x WHERE n <= $3 ORDER BY control_id, effective_at DESC, evidence_id`,
      [orgId, controlIds, perControl],
    );
    for (const r of rows) out.get(r.control_id)?.push({ evidenceId: String(r.evidence_id), effectiveAt: String(r.effective_at) });
    return out;
  }
}
