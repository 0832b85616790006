// The maintained status summary (migration 0010): the last computed status report of an
// organization, with the audit-log head and day it reflects. Read in one statement together
// with the current head, so a caller knows at once whether the row is still current.
import type { Queryable } from './db.js';
import { iso } from './rows.js';

export interface StatusSummaryKey {
  /** The organization's audit-log head (highest seq, 0 before any entry) the report reflects. */
  auditSeq: number;
  /** The day (YYYY-MM-DD) the report was computed for: evidence freshness depends on it. */
  day: string;
  /** The shape of the stored report; a new shape makes older rows stale. */
  format: number;
}

export interface StatusSummary<T> extends StatusSummaryKey {
  computedAt: string;
  report: T;
}

export class StatusSummaryRepo {
  constructor(private readonly q: Queryable) {}

  /** The organization's audit-log head: the highest seq, 0 before any entry (a backward scan of the primary key). */
  async head(orgId: string): Promise<number> {
    const rows = await this.q.query<{ seq: number }>('SELECT seq FROM audit_log WHERE org_id = $1 ORDER BY seq DESC LIMIT 1', [orgId], { prepare: 'audit-head' });
    return rows[0] ? Number(rows[0].seq) : 0;
  }

  /** The organization's current audit-log head, and its stored summary if any. */
  async read<T>(orgId: string): Promise<{ head: number; summary: StatusSummary<T> | null }> {
    const rows = await this.q.query(
      `SELECT h.head, s.audit_seq, s.day, s.format, s.computed_at, s.report
       FROM (SELECT coalesce(max(seq), 0) AS head FROM audit_log WHERE org_id = $1) h
       LEFT JOIN status_summaries s ON s.org_id = $1`,
      [orgId],
    );
    const r = rows[0]!;
    const summary = r.audit_seq === null || r.audit_seq === undefined ? null : {
      auditSeq: Number(r.audit_seq), day: String(r.day), format: Number(r.format), computedAt: iso(r.computed_at), report: r.report as T,
    };
    return { head: Number(r.head), summary };
  }

  /** Stores a summary unless one computed from a later audit-log head is already stored. */
  async upsert<T>(orgId: string, s: StatusSummary<T>): Promise<void> {
    await this.q.query(
      `INSERT INTO status_summaries (org_id, audit_seq, day, format, computed_at, report) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (org_id) DO UPDATE SET audit_seq = EXCLUDED.audit_seq, day = EXCLUDED.day, format = EXCLUDED.format,
         computed_at = EXCLUDED.computed_at, report = EXCLUDED.report
       WHERE status_summaries.audit_seq <= EXCLUDED.audit_seq`,
      [orgId, s.auditSeq, s.day, s.format, s.computedAt, JSON.stringify(s.report)],
    );
  }
}
