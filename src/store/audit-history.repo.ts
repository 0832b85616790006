// What an audit reads of the result history (schema: migrations/0005) beyond failing windows:
// the days on which monitoring judged a control's checks, and the resources its checks judged
// within a window (the population of an automated control).
import type { Queryable } from './db.js';

export interface JudgedResource {
  checkId: string;
  resourceType: string;
  resourceId: string;
}

// A result interval overlaps [start, end) when it began before the end and had not ended by
// the start; an open interval (valid_to null) lasts. Only pass and fail judge a resource.
const OVERLAPS = `org_id = $1 AND check_id = ANY($2::text[]) AND status IN ('pass', 'fail')
  AND valid_from < $4 AND (valid_to IS NULL OR valid_to > $3)`;

export class AuditHistoryRepo {
  constructor(private readonly q: Queryable) {}

  /** UTC days in [start, end) on which a run judged (pass or fail) a resource with one of the checks. */
  async monitoredDays(orgId: string, checkIds: string[], start: string, end: string): Promise<string[]> {
    if (checkIds.length === 0) return [];
    const rows = await this.q.query<{ day: string }>(
      `SELECT DISTINCT to_char(observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM scan_run_checks
       WHERE org_id = $1 AND check_id = ANY($2::text[]) AND observed_at >= $3 AND observed_at < $4 AND pass + fail > 0
       ORDER BY 1 LIMIT 100000`,
      [orgId, checkIds, start, end],
    );
    return rows.map((r) => r.day);
  }

  /** Per check: distinct resources it judged at some time within [start, end). */
  async judgedResourceCounts(orgId: string, checkIds: string[], start: string, end: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (checkIds.length === 0) return out;
    const rows = await this.q.query<{ check_id: string; n: number }>(
      `SELECT check_id, count(DISTINCT (resource_type, resource_id))::int AS n FROM result_intervals WHERE ${OVERLAPS} GROUP BY check_id`,
      [orgId, checkIds, start, end],
    );
    for (const r of rows) out.set(String(r.check_id), Number(r.n));
    return out;
  }

  /** The distinct resources the checks judged within [start, end); at most `limit`. */
  async judgedResources(orgId: string, checkIds: string[], start: string, end: string, limit: number): Promise<JudgedResource[]> {
    if (checkIds.length === 0) return [];
    const rows = await this.q.query<Record<string, unknown>>(
      `SELECT DISTINCT check_id, resource_type, resource_id FROM result_intervals WHERE ${OVERLAPS} LIMIT $5`,
      [orgId, checkIds, start, end, limit],
    );
    return rows.map((r) => ({ checkId: String(r.check_id), resourceType: String(r.resource_type), resourceId: String(r.resource_id) }));
  }
}
