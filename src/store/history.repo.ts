// Reads over the result history (written by ScansRepo.ingest; schema in migrations/0005):
// results as they stood at an instant, result intervals over a period, and the per-check
// roll-up as spans of one state. Instants are ISO timestamps; a period is [from, to).
import type { Queryable } from './db.js';
import { bounded, iso, isoOrNull, type Page } from './rows.js';
import { presentResult, type ResultStatus, type StoredResult } from './scans.repo.js';

export interface ResultInterval extends StoredResult {
  validFrom: string;
  /** Null while current. */
  validTo: string | null;
}

/** A check's counts over its current results, as they stood from validFrom to validTo. */
export interface CheckCounts {
  checkId: string;
  validFrom: string;
  validTo: string | null;
  pass: number;
  fail: number;
  unknown: number;
  notApplicable: number;
  error: number;
  suppressed: number;
}

/** A check's state over a span: failing on some resource, passing on all it judged, or judging none. */
export interface CheckSpan {
  checkId: string;
  state: 'pass' | 'fail' | 'none';
  /** Epoch milliseconds (spans are many: they go straight into arithmetic). */
  from: number;
  to: number | null;
}

export interface ResultFilter {
  checkId?: string;
  resourceId?: string;
  status?: ResultStatus;
}

const presentInterval = (r: Record<string, unknown>): ResultInterval => ({ ...presentResult(r), validFrom: iso(r.valid_from), validTo: isoOrNull(r.valid_to) });

export class HistoryRepo {
  constructor(private readonly q: Queryable) {}

  /** Results as they stood at `at` (intervals covering it), by check and resource; bounded. */
  async resultsAt(orgId: string, filter: ResultFilter, at: string, page?: Page): Promise<ResultInterval[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query(
      `SELECT * FROM result_intervals
       WHERE org_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)
         AND ($3::text IS NULL OR check_id = $3) AND ($4::text IS NULL OR resource_id = $4) AND ($5::text IS NULL OR status = $5)
       ORDER BY check_id, resource_id LIMIT $6 OFFSET $7`,
      [orgId, at, filter.checkId ?? null, filter.resourceId ?? null, filter.status ?? null, limit, offset],
    );
    return rows.map(presentInterval);
  }

  /** A resource's intervals (all its checks, or one) that overlap [from, to), oldest first. */
  async resourceIntervals(orgId: string, resourceId: string, checkId: string | null, from: string, to: string, limit: number): Promise<ResultInterval[]> {
    const rows = await this.q.query(
      `SELECT * FROM result_intervals
       WHERE org_id = $1 AND resource_id = $2 AND ($3::text IS NULL OR check_id = $3) AND valid_from < $5 AND (valid_to IS NULL OR valid_to > $4)
       ORDER BY check_id, valid_from LIMIT $6`,
      [orgId, resourceId, checkId, from, to, limit],
    );
    return rows.map(presentInterval);
  }

  /** The roll-up rows covering `at`, for some checks or all. */
  async checkCountsAt(orgId: string, checkIds: string[] | null, at: string): Promise<CheckCounts[]> {
    const rows = await this.q.query(
      `SELECT * FROM check_status_history
       WHERE org_id = $1 AND ($2::text[] IS NULL OR check_id = ANY($2)) AND valid_from <= $3 AND (valid_to IS NULL OR valid_to > $3)
       ORDER BY check_id`,
      [orgId, checkIds, at],
    );
    return rows.map((r) => ({
      checkId: String(r.check_id), validFrom: iso(r.valid_from), validTo: isoOrNull(r.valid_to), pass: Number(r.pass), fail: Number(r.fail),
      unknown: Number(r.unknown), notApplicable: Number(r.not_applicable), error: Number(r.error), suppressed: Number(r.suppressed),
    }));
  }

  /**
   * Each check's state over [from, to), as maximal spans of one state (roll-up rows whose counts
   * changed but whose state did not are merged here, in SQL). Spans may start before `from` and
   * end after `to`; between spans the check had no current results. At most `limit` spans.
   */
  async checkSpans(orgId: string, checkIds: string[] | null, from: string, to: string, limit: number): Promise<CheckSpan[]> {
    // One row per check with its spans packed in strings: a year of daily changes for every
    // check is tens of thousands of spans, and rows cost more to return than their content.
    const rows = await this.q.query<{ check_id: string; states: string; froms: string; tos: string }>(
      `WITH r AS (
         SELECT check_id, valid_from, valid_to, CASE WHEN fail > 0 THEN 'f' WHEN pass > 0 THEN 'p' ELSE 'n' END AS state
         FROM check_status_history
         WHERE org_id = $1 AND ($2::text[] IS NULL OR check_id = ANY($2)) AND valid_from < $4 AND (valid_to IS NULL OR valid_to > $3)
       ), m AS (
         SELECT *, CASE WHEN lag(state) OVER w = state AND lag(valid_to) OVER w = valid_from THEN 0 ELSE 1 END AS starts
         FROM r WINDOW w AS (PARTITION BY check_id ORDER BY valid_from)
       ), g AS (
         SELECT *, sum(starts) OVER (PARTITION BY check_id ORDER BY valid_from) AS island FROM m
       ), spans AS (
         SELECT check_id, state, min(valid_from) AS valid_from, CASE WHEN bool_or(valid_to IS NULL) THEN NULL ELSE max(valid_to) END AS valid_to
         FROM g GROUP BY check_id, island, state
       )
       SELECT check_id, string_agg(state, '' ORDER BY valid_from) AS states,
         string_agg((extract(epoch FROM valid_from) * 1000)::bigint::text, ',' ORDER BY valid_from) AS froms,
         string_agg(coalesce((extract(epoch FROM valid_to) * 1000)::bigint::text, ''), ',' ORDER BY valid_from) AS tos
       FROM spans GROUP BY check_id ORDER BY check_id`,
      [orgId, checkIds, from, to],
    );
    const out: CheckSpan[] = [];
    const STATE = { f: 'fail', p: 'pass', n: 'none' } as const;
    for (const r of rows) {
      const froms = r.froms.split(',');
      const tos = r.tos.split(',');
      for (let i = 0; i < froms.length && out.length < limit; i++) {
        out.push({
          checkId: r.check_id, state: STATE[r.states[i] as keyof typeof STATE],
          from: Number(froms[i]), to: tos[i] === '' ? null : Number(tos[i]),
        });
      }
    }
    return out;
  }
}
