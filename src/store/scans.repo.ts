// Scan runs and the result history they feed (schema and rationale: migrations/0005).
// A run is stored as its log row, its per-check tallies, and only the results that changed:
// the ingest stages the run in a temporary table and diffs it against the open intervals in
// a few set-based statements.
import type { Queryable } from './db.js';
import { bounded, iso, type Page } from './rows.js';

export interface ScanRun {
  orgId: string;
  id: string;
  startedAt: string;
  finishedAt: string;
  actor: string;
  targets: string[];
  summary: Record<string, number>;
}

export type ResultStatus = 'pass' | 'fail' | 'not_applicable' | 'unknown' | 'error' | 'suppressed';

export interface StoredResult {
  checkId: string;
  resourceType: string;
  resourceId: string;
  status: ResultStatus;
  reason: string | null;
  message: string | null;
  severity: string;
  path: string | null;
  startLine: number | null;
  endLine: number | null;
}

/** Per check, in one run: how many resources passed, failed, and so on. */
export interface CheckTally {
  checkId: string;
  resources: number;
  pass: number;
  fail: number;
  unknown: number;
  notApplicable: number;
  error: number;
  suppressed: number;
}

/** A check's current results, counted, and when a run last evaluated it. */
export interface CurrentCheck extends CheckTally {
  observedAt: string;
}

export interface IngestRun {
  runId: string;
  /** The instant the run observed its results: its end. */
  at: string;
  scopeId: number;
  /** Checks the run evaluated; their open results in this scope that the run lacks are closed. Null: the checks it has results for. */
  checks: string[] | null;
}

export interface IngestOutcome {
  tallies: CheckTally[];
  /** Intervals opened (new or changed results) and closed (changed or absent results). */
  opened: number;
  closed: number;
}

const presentRun = (r: Record<string, unknown>): ScanRun => ({
  orgId: String(r.org_id), id: String(r.id), startedAt: iso(r.started_at), finishedAt: iso(r.finished_at), actor: String(r.actor),
  targets: r.targets as string[], summary: r.summary as Record<string, number>,
});

const presentTally = (r: Record<string, unknown>): CheckTally => ({
  checkId: String(r.check_id), resources: Number(r.resources), pass: Number(r.pass), fail: Number(r.fail), unknown: Number(r.unknown),
  notApplicable: Number(r.not_applicable), error: Number(r.error), suppressed: Number(r.suppressed),
});

export const presentResult = (r: Record<string, unknown>): StoredResult => ({
  checkId: String(r.check_id), resourceType: String(r.resource_type), resourceId: String(r.resource_id), status: r.status as ResultStatus,
  reason: (r.reason as string | null) ?? null, message: (r.message as string | null) ?? null, severity: String(r.severity),
  path: (r.path as string | null) ?? null, startLine: (r.start_line as number | null) ?? null, endLine: (r.end_line as number | null) ?? null,
});

/** Rows per staging statement: one array parameter per column, so a batch is one statement. */
export const STAGE_BATCH = 20_000;
const LOCK_CLASS = 7_231_005; // advisory lock class: one ingest at a time per organization

/** The partition that intervals closed at `at` move to: one per calendar month (UTC). */
export function partitionFor(at: string): { name: string; from: string; to: string } {
  const d = new Date(at);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const from = new Date(Date.UTC(y, m, 1)).toISOString();
  const to = new Date(Date.UTC(y, m + 1, 1)).toISOString();
  return { name: `result_intervals_y${String(y).padStart(4, '0')}m${String(m + 1).padStart(2, '0')}`, from, to };
}

const STAGED_COLUMNS = 'check_id, resource_type, resource_id, status, reason, message, severity, path, start_line, end_line';
const TEXT_KEYS = ['checkId', 'resourceType', 'resourceId', 'status', 'reason', 'message', 'severity', 'path'] as const;
const INT_KEYS = ['startLine', 'endLine'] as const;
// Columns travel as one text parameter each, values joined by the unit separator and NULL
// written as the record separator: PostgreSQL splits that about twice as fast as it parses an
// array literal. A batch holding either character in a value goes as arrays instead.
const SEP = '\x1f';
const NUL = '\x1e';

/** `INSERT INTO <table> (<STAGED_COLUMNS>)` of `rows`, one parameter per column, and its parameters. */
export function stageInsert(table: string, rows: readonly StoredResult[]): { sql: string; params: unknown[] } {
  const params: string[] = [];
  for (const k of TEXT_KEYS) {
    const values = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i]![k];
      if (v !== null && (v.includes(SEP) || v.includes(NUL))) return arrayInsert(table, rows);
      values[i] = v ?? NUL;
    }
    params.push(values.join(SEP));
  }
  for (const k of INT_KEYS) params.push(rows.map((r) => (r[k] === null ? NUL : String(r[k]))).join(SEP));
  const split = (n: number, cast = '') => `string_to_array($${n}, E'\\x1f', E'\\x1e')${cast}`;
  return {
    sql: `INSERT INTO ${table} (${STAGED_COLUMNS}) SELECT * FROM unnest(${[1, 2, 3, 4, 5, 6, 7, 8].map((n) => split(n)).join(', ')}, ${split(9, '::int[]')}, ${split(10, '::int[]')})`,
    params,
  };
}

function arrayInsert(table: string, rows: readonly StoredResult[]): { sql: string; params: unknown[] } {
  const col = <K extends keyof StoredResult>(k: K) => rows.map((r) => r[k]);
  return {
    sql: `INSERT INTO ${table} (${STAGED_COLUMNS})
          SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int[])`,
    params: [col('checkId'), col('resourceType'), col('resourceId'), col('status'), col('reason'), col('message'), col('severity'), col('path'), col('startLine'), col('endLine')],
  };
}

const emptyTally = (checkId: string): CheckTally => ({ checkId, resources: 0, pass: 0, fail: 0, unknown: 0, notApplicable: 0, error: 0, suppressed: 0 });
const TALLY_KEY: Record<ResultStatus, keyof Omit<CheckTally, 'checkId' | 'resources'>> = {
  pass: 'pass', fail: 'fail', unknown: 'unknown', not_applicable: 'notApplicable', error: 'error', suppressed: 'suppressed',
};

export class ScansRepo {
  constructor(private readonly q: Queryable) {}

  /** Serializes ingests of one organization until the transaction ends. */
  async lockOrg(orgId: string): Promise<void> {
    await this.q.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, orgId]);
  }

  /**
   * Creates the month partition for intervals closed at `at`. DDL locks the table, so run it
   * in its own short transaction before the ingest; concurrent callers wait on one lock.
   */
  async ensurePartition(at: string): Promise<void> {
    const p = partitionFor(at);
    await this.q.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_CLASS]);
    const [row] = await this.q.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [p.name]);
    if (row?.t) return;
    // Names and bounds come from partitionFor (digits only), not from input.
    await this.q.exec(`CREATE TABLE IF NOT EXISTS ${p.name} PARTITION OF result_intervals FOR VALUES FROM ('${p.from}') TO ('${p.to}')`);
  }

  /** The scope (target set) of a run, created on first use; targets compare as a sorted, distinct list. After `lockOrg`. */
  async scopeFor(orgId: string, targets: string[]): Promise<number> {
    const canonical = `(SELECT coalesce(jsonb_agg(x ORDER BY x COLLATE "C"), '[]'::jsonb) FROM (SELECT DISTINCT unnest($2::text[]) AS x) u)`;
    const found = await this.q.query<{ id: number }>(`SELECT id FROM scan_scopes WHERE org_id = $1 AND targets = ${canonical}`, [orgId, targets]);
    if (found[0]) return Number(found[0].id);
    // Under the organization's ingest lock: no other run of it creates the scope meanwhile.
    const rows = await this.q.query<{ id: number }>(`INSERT INTO scan_scopes (org_id, targets) VALUES ($1, ${canonical}) RETURNING id`, [orgId, targets]);
    return Number(rows[0]!.id);
  }

  async insertRun(run: ScanRun, scopeId: number): Promise<void> {
    await this.q.query('INSERT INTO scan_runs (org_id, id, started_at, finished_at, actor, targets, summary, scope_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [run.orgId, run.id, run.startedAt, run.finishedAt, run.actor, JSON.stringify(run.targets), JSON.stringify(run.summary), scopeId]);
  }

  async setSummary(orgId: string, runId: string, summary: Record<string, number>): Promise<void> {
    await this.q.query('UPDATE scan_runs SET summary = $3 WHERE org_id = $1 AND id = $2', [orgId, runId, JSON.stringify(summary)]);
  }

  /** When the organization's latest run observed its results; runs are recorded in time order. */
  async latestObservation(orgId: string): Promise<string | null> {
    const rows = await this.q.query('SELECT max(finished_at) AS at FROM scan_runs WHERE org_id = $1', [orgId]);
    return rows[0]?.at ? iso(rows[0].at) : null;
  }

  /**
   * Records a run's results as history, inside the caller's transaction (after `lockOrg` and
   * `insertRun`). `batches` hold at most one result per (check, resource). Writes the run's
   * per-check tallies, closes the open intervals whose status or reason changed or whose
   * resource the run lacks, opens intervals for new and changed results, and moves the
   * per-check roll-up. Unchanged results cost a read, never a write.
   */
  async ingest(orgId: string, run: IngestRun, batches: Iterable<StoredResult[]> | AsyncIterable<StoredResult[]>): Promise<IngestOutcome> {
    const q = this.q;
    // The diff joins the whole run with the current state: give it memory. JIT compiling its
    // statements costs more (about 0.8 s at 1.5 M results, PostgreSQL 15) than it saves.
    await q.exec(`SET LOCAL work_mem = '256MB'`);
    await q.exec('SET LOCAL jit = off');
    await q.exec(`CREATE TEMP TABLE staged_results (
      check_id text NOT NULL, resource_type text NOT NULL, resource_id text NOT NULL, status text NOT NULL, reason text, message text,
      severity text NOT NULL, path text, start_line integer, end_line integer) ON COMMIT DROP`);
    // Tallies are counted here, while every value passes through for staging anyway.
    const byCheck = new Map<string, CheckTally>();
    for await (const batch of batches) {
      for (let start = 0; start < batch.length; start += STAGE_BATCH) {
        const rows = batch.slice(start, start + STAGE_BATCH);
        for (const r of rows) {
          let t = byCheck.get(r.checkId);
          if (!t) byCheck.set(r.checkId, (t = emptyTally(r.checkId)));
          t.resources += 1;
          t[TALLY_KEY[r.status]] += 1;
        }
        const { sql, params } = stageInsert('staged_results', rows);
        await q.query(sql, params);
      }
    }
    const tallies = [...byCheck.values()].sort((a, b) => (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0));
    const col = <K extends keyof CheckTally>(k: K) => tallies.map((t) => t[k]);
    await q.query(
      `INSERT INTO scan_run_checks (org_id, run_id, observed_at, check_id, resources, pass, fail, unknown, not_applicable, error, suppressed)
       SELECT $1, $2, $3, t.* FROM unnest($4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[])
         AS t(check_id, resources, pass, fail, unknown, not_applicable, error, suppressed)`,
      [orgId, run.runId, run.at, col('checkId'), col('resources'), col('pass'), col('fail'), col('unknown'), col('notApplicable'), col('error'), col('suppressed')],
    );
    const evaluated = run.checks ?? tallies.map((t) => t.checkId);

    // One full join of the run with the current state: new, changed, and absent results. As a
    // hash join: the merge join the planner prefers sorts both sides by text keys, about twice
    // as slow (bench/history, 1.5 M results: 11-14 s sorting against 6-7 s hashing).
    await q.exec('SET LOCAL enable_mergejoin = off');
    await q.query(
      `CREATE TEMP TABLE result_changes ON COMMIT DROP AS
       SELECT coalesce(s.check_id, c.check_id) AS check_id, coalesce(s.resource_id, c.resource_id) AS resource_id,
         c.status AS old_status, s.status AS new_status, s.resource_type, s.reason, s.message, s.severity, s.path, s.start_line, s.end_line
       FROM staged_results s
       FULL JOIN (SELECT check_id, resource_id, status, reason, scope_id FROM result_intervals WHERE org_id = $1 AND valid_to IS NULL) c
         ON c.check_id = s.check_id AND c.resource_id = s.resource_id
       WHERE CASE WHEN s.check_id IS NULL THEN c.scope_id = $2 AND c.check_id = ANY($3::text[])
                  WHEN c.check_id IS NULL THEN true
                  ELSE c.status <> s.status OR c.reason IS DISTINCT FROM s.reason END`,
      [orgId, run.scopeId, evaluated],
    );
    await q.exec('SET LOCAL enable_mergejoin = on');
    await q.exec('ANALYZE result_changes');
    const [closed] = await q.query<{ n: number }>(
      `WITH c AS (
         UPDATE result_intervals i SET valid_to = $2 FROM result_changes d
         WHERE i.org_id = $1 AND i.valid_to IS NULL AND i.resource_id = d.resource_id AND i.check_id = d.check_id AND d.old_status IS NOT NULL
         RETURNING 1)
       SELECT count(*)::int AS n FROM c`,
      [orgId, run.at],
    );
    const [opened] = await q.query<{ n: number }>(
      `WITH o AS (
         INSERT INTO result_intervals (org_id, check_id, resource_id, resource_type, scope_id, status, reason, message, severity, path, start_line, end_line, valid_from)
         SELECT $1, check_id, resource_id, resource_type, $2, new_status, reason, message, severity, path, start_line, end_line, $3
         FROM result_changes WHERE new_status IS NOT NULL
         RETURNING 1)
       SELECT count(*)::int AS n FROM o`,
      [orgId, run.scopeId, run.at],
    );
    await this.rollUp(orgId, run.at);
    return { tallies, opened: Number(opened!.n), closed: Number(closed!.n) };
  }

  /** Moves each changed check's roll-up row: its counts plus what result_changes opened and closed. */
  private async rollUp(orgId: string, at: string): Promise<void> {
    await this.q.query(
      `CREATE TEMP TABLE check_counts ON COMMIT DROP AS
       WITH delta AS (
         SELECT check_id, old_status AS status, -1 AS n FROM result_changes WHERE old_status IS NOT NULL
         UNION ALL SELECT check_id, new_status, 1 FROM result_changes WHERE new_status IS NOT NULL
       ), d AS (
         SELECT check_id, coalesce(sum(n) FILTER (WHERE status = 'pass'), 0) AS pass, coalesce(sum(n) FILTER (WHERE status = 'fail'), 0) AS fail,
           coalesce(sum(n) FILTER (WHERE status = 'unknown'), 0) AS unknown, coalesce(sum(n) FILTER (WHERE status = 'not_applicable'), 0) AS not_applicable,
           coalesce(sum(n) FILTER (WHERE status = 'error'), 0) AS error, coalesce(sum(n) FILTER (WHERE status = 'suppressed'), 0) AS suppressed
         FROM delta GROUP BY check_id
       )
       SELECT d.check_id, coalesce(h.pass, 0) + d.pass AS pass, coalesce(h.fail, 0) + d.fail AS fail, coalesce(h.unknown, 0) + d.unknown AS unknown,
         coalesce(h.not_applicable, 0) + d.not_applicable AS not_applicable, coalesce(h.error, 0) + d.error AS error, coalesce(h.suppressed, 0) + d.suppressed AS suppressed
       FROM d LEFT JOIN check_status_history h ON h.org_id = $1 AND h.check_id = d.check_id AND h.valid_to IS NULL
       WHERE d.pass <> 0 OR d.fail <> 0 OR d.unknown <> 0 OR d.not_applicable <> 0 OR d.error <> 0 OR d.suppressed <> 0`,
      [orgId],
    );
    await this.q.query(
      `UPDATE check_status_history h SET valid_to = $2 FROM check_counts c
       WHERE h.org_id = $1 AND h.check_id = c.check_id AND h.valid_to IS NULL`,
      [orgId, at],
    );
    await this.q.query(
      `INSERT INTO check_status_history (org_id, check_id, valid_from, pass, fail, unknown, not_applicable, error, suppressed)
       SELECT $1, check_id, $2, pass, fail, unknown, not_applicable, error, suppressed FROM check_counts
       WHERE pass + fail + unknown + not_applicable + error + suppressed > 0`,
      [orgId, at],
    );
  }

  /**
   * Vacuums the open partition when dead rows (the intervals runs closed, moved out) exceed a
   * fifth of the live ones: autovacuum's default rule, for PGlite, which runs no autovacuum.
   * Outside any transaction. Returns whether it vacuumed.
   */
  async vacuumIfBloated(): Promise<boolean> {
    // Statistics reach the views at most once a second; the run just committed may be pending.
    await this.q.query('SELECT pg_stat_force_next_flush()');
    const [s] = await this.q.query<{ live: number; dead: number }>(
      `SELECT coalesce(n_live_tup, 0)::bigint AS live, coalesce(n_dead_tup, 0)::bigint AS dead FROM pg_stat_user_tables WHERE relname = 'result_intervals_open'`);
    if (!s || Number(s.dead) <= 50 + 0.2 * Number(s.live)) return false;
    await this.q.exec('VACUUM (ANALYZE) result_intervals_open');
    return true;
  }

  /**
   * Checkpoints when the write-ahead log written since the last checkpoint passes `bytes`
   * (default: half of max_wal_size, the checkpointer's own trigger). PGlite runs no
   * checkpointer, so without this its pg_wal folder grows with every write, without bound.
   * Outside any transaction. Returns whether it checkpointed.
   */
  async checkpointIfDue(bytes?: number): Promise<boolean> {
    const [w] = await this.q.query<{ since: number; max: number }>(
      `SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), (SELECT redo_lsn FROM pg_control_checkpoint()))::bigint AS since,
         pg_size_bytes(current_setting('max_wal_size')) AS max`);
    if (!w || Number(w.since) <= (bytes ?? Number(w.max) / 2)) return false;
    await this.q.exec('CHECKPOINT');
    return true;
  }

  async latestRun(orgId: string): Promise<ScanRun | null> {
    const rows = await this.q.query('SELECT * FROM scan_runs WHERE org_id = $1 ORDER BY finished_at DESC, id LIMIT 1', [orgId]);
    return rows[0] ? presentRun(rows[0]) : null;
  }

  async getRun(orgId: string, id: string): Promise<ScanRun | null> {
    const rows = await this.q.query('SELECT * FROM scan_runs WHERE org_id = $1 AND id = $2', [orgId, id]);
    return rows[0] ? presentRun(rows[0]) : null;
  }

  async findRuns(orgId: string, page?: Page): Promise<ScanRun[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query('SELECT * FROM scan_runs WHERE org_id = $1 ORDER BY finished_at DESC, id LIMIT $2 OFFSET $3', [orgId, limit, offset]);
    return rows.map(presentRun);
  }

  /** The run's per-check tallies, written when it was recorded. */
  async tallyByCheck(orgId: string, runId: string): Promise<CheckTally[]> {
    const rows = await this.q.query('SELECT * FROM scan_run_checks WHERE org_id = $1 AND run_id = $2 ORDER BY check_id', [orgId, runId]);
    return rows.map(presentTally);
  }

  /**
   * Failing results as of a run: the failing intervals open when it was recorded (its own
   * findings, and those of other scopes still current then), optionally for some checks only.
   */
  async findFailures(orgId: string, runId: string, checkIds: string[] | null, page?: Page): Promise<StoredResult[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query(
      `SELECT i.* FROM result_intervals i, (SELECT finished_at AS at FROM scan_runs WHERE org_id = $1 AND id = $2) r
       WHERE i.org_id = $1 AND i.status = 'fail' AND i.valid_from <= r.at AND (i.valid_to IS NULL OR i.valid_to > r.at)
         AND ($3::text[] IS NULL OR i.check_id = ANY($3))
       ORDER BY i.severity, i.check_id, i.resource_id LIMIT $4 OFFSET $5`,
      [orgId, runId, checkIds, limit, offset],
    );
    return rows.map(presentResult);
  }

  /** Every check with current results: their counts now, and when a run last evaluated it. */
  async currentChecks(orgId: string): Promise<CurrentCheck[]> {
    const rows = await this.q.query(
      `SELECT h.*, h.pass + h.fail + h.unknown + h.not_applicable + h.error + h.suppressed AS resources, o.observed_at
       FROM check_status_history h
       CROSS JOIN LATERAL (SELECT observed_at FROM scan_run_checks c WHERE c.org_id = h.org_id AND c.check_id = h.check_id ORDER BY observed_at DESC LIMIT 1) o
       WHERE h.org_id = $1 AND h.valid_to IS NULL ORDER BY h.check_id`,
      [orgId],
    );
    return rows.map((r) => ({ ...presentTally(r), observedAt: iso(r.observed_at) }));
  }
}
