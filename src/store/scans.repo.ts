// Scan runs and the result history they feed (schema and rationale: migrations/0005).
// A run is stored as its log row, its per-check tallies, and only the results that changed:
// the ingest compares the run with the organization's current results held in memory
// (result-state.ts) and appends the changes to result_changes (migration 0017); settling turns
// them into intervals after the ingest (the settle-history job, the next ingest, or the first
// read of intervals).
import { randomUUID } from 'node:crypto';
import type { Queryable } from './db.js';
import { acquireState, BY_FIRST, hash29, STATUS_CODE, statusCode, type CheckResults, type ResultState } from './result-state.js';
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
/** Intervals closed per statement when settling. */
const WRITE_BATCH = 5_000;
/** Changes appended per statement, sent while the comparison goes on: the last is written after it, so small. */
const CHANGE_BATCH = 2_000;

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
// Columns travel as one text parameter each, values joined by the unit separator and NULL
// written as the record separator: PostgreSQL splits that about twice as fast as it parses an
// array literal. A column holding either character in a value goes as an array instead.
const SEP = '\x1f';
const NUL = '\x1e';

/** One column of values as parameter `$n`: the SQL expression that yields its array, and the parameter. */
export function columnParam(values: readonly (string | null)[], n: number, cast: 'text' | 'int' = 'text'): { expr: string; param: unknown } {
  for (const v of values) if (v !== null && (v.includes(SEP) || v.includes(NUL))) return { expr: `$${n}::${cast}[]`, param: values };
  // string_to_array('') is an empty array: a column of one value (maybe '') goes as an array.
  if (values.length <= 1) return { expr: `$${n}::${cast}[]`, param: values };
  const joined = values.map((v) => v ?? NUL).join(SEP);
  return { expr: `string_to_array($${n}, E'\\x1f', E'\\x1e')${cast === 'int' ? '::int[]' : ''}`, param: joined };
}

/** A row of the ten staged columns: a result, or a change to none (result_changes). */
type StagedRow = { readonly [K in 'checkId' | 'resourceType' | 'resourceId' | 'status' | 'reason' | 'message' | 'severity' | 'path']: string | null }
  & { readonly [K in 'startLine' | 'endLine']: number | null };

/** The ten staged columns of `rows` as parameters from `$first` on: their unnest expressions and the parameters. */
function resultColumns(rows: readonly StagedRow[], first: number): { exprs: string[]; params: unknown[] } {
  const exprs: string[] = [];
  const params: unknown[] = [];
  // One pass, each column by name (a load by a variable key is several times slower).
  const n = rows.length;
  const column = () => new Array<string | null>(n);
  const [checkId, resourceType, resourceId, status, reason, message, severity, path, startLine, endLine] =
    [column(), column(), column(), column(), column(), column(), column(), column(), column(), column()];
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    checkId[i] = r.checkId;
    resourceType[i] = r.resourceType;
    resourceId[i] = r.resourceId;
    status[i] = r.status;
    reason[i] = r.reason;
    message[i] = r.message;
    severity[i] = r.severity;
    path[i] = r.path;
    startLine[i] = r.startLine === null ? null : String(r.startLine);
    endLine[i] = r.endLine === null ? null : String(r.endLine);
  }
  // In STAGED_COLUMNS order; the last two are integers.
  [checkId, resourceType, resourceId, status, reason, message, severity, path, startLine, endLine].forEach((values, k) => {
    const c = columnParam(values, first + k, k < 8 ? 'text' : 'int');
    exprs.push(c.expr);
    params.push(c.param);
  });
  return { exprs, params };
}

/** `INSERT INTO <table> (<STAGED_COLUMNS>)` of `rows`, one parameter per column, and its parameters. */
export function stageInsert(table: string, rows: readonly StoredResult[]): { sql: string; params: unknown[] } {
  const { exprs, params } = resultColumns(rows, 1);
  return { sql: `INSERT INTO ${table} (${STAGED_COLUMNS}) SELECT * FROM unnest(${exprs.join(', ')})`, params };
}

/**
 * The ingest's changes, appended to result_changes in batches while the run is still being
 * compared: on PostgreSQL the server writes one batch while this process compares the next
 * results (PGlite, in this process, runs them in turn). Settling turns them into intervals.
 */
class ChangeWriter {
  private rows: StagedRow[] = [];
  /** One character a row: 't' if it replaces an open interval, else 'f'. */
  private replaces = '';
  private readonly sent: Promise<unknown>[] = [];
  opened = 0;
  closed = 0;

  constructor(private readonly q: Queryable, private readonly orgId: string, private readonly run: IngestRun) {}

  /** From the run on, the pair's result is `r`; `replaces`: the copy held an open interval for it. */
  change(r: StoredResult, replaces: boolean): void {
    this.rows.push(r);
    this.replaces += replaces ? 't' : 'f';
    this.opened += 1;
    if (replaces) this.closed += 1;
  }

  /** From the run on, the pair has no result (its open interval closes). */
  gone(resourceId: string, checkId: string): void {
    this.rows.push({ checkId, resourceId, resourceType: null, status: null, reason: null, message: null, severity: null, path: null, startLine: null, endLine: null });
    this.replaces += 't';
    this.closed += 1;
  }

  /** Sends the batch if it is full, then lets the connection take the statement. */
  async flush(): Promise<void> {
    if (this.rows.length < CHANGE_BATCH) return;
    this.send();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private send(): void {
    if (this.rows.length === 0) return;
    const { exprs, params } = resultColumns(this.rows, 5);
    const replaces = this.replaces;
    this.rows = [];
    this.replaces = '';
    // string_to_array with no delimiter splits the characters.
    this.track(this.q.query(
      `INSERT INTO result_changes (org_id, at, scope_id, replaces, ${STAGED_COLUMNS}) SELECT $1, $2, $3, u.* FROM unnest(string_to_array($4, NULL)::boolean[], ${exprs.join(', ')}) AS u`,
      [this.orgId, this.run.at, this.run.scopeId, replaces, ...params],
    ));
  }

  /** Another statement of the ingest, sent: `done` waits for it, `cause` reports its error. */
  track(p: Promise<unknown>): void {
    // Rejections are collected by `done`; until then they must not count as unhandled.
    p.catch(() => undefined);
    this.sent.push(p);
  }

  /** Sends what is left and waits for every write. */
  async done(): Promise<void> {
    this.send();
    const failed = (await Promise.allSettled(this.sent)).find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * The error to report for a failed ingest: a write's, if one failed (a statement after it
   * only says the transaction is aborted), else `error` itself.
   */
  async cause(error: unknown): Promise<unknown> {
    const failed = (await Promise.allSettled(this.sent)).find((s) => s.status === 'rejected');
    return failed ? failed.reason : error;
  }
}

/**
 * Compares a run's results with the state, batch by batch, recording each change with the
 * writer and counting the results. A synchronous method: in the ingest's async function, every
 * variable of the loop would live in its context object, not in registers (about twice the time).
 */
class RunComparison {
  private lastCheck = '';
  private check: CheckResults | null = null;
  private count: Int32Array = new Int32Array(7);
  private delta: Int32Array = new Int32Array(7);
  private lastReason: string | null = null;
  private reasonHash = 0;

  constructor(
    private readonly state: ResultState,
    private readonly scope: number,
    private readonly epoch: number,
    private readonly writer: ChangeWriter,
    private readonly counts: Map<string, Int32Array>,
    private readonly deltaOf: (checkId: string) => Int32Array,
  ) {}

  /** valueOf, codeOf and the range lookup are written out: calls to module functions cost about three times as much here. */
  compare(batch: readonly StoredResult[]): void {
    const { state, writer } = this;
    const numbers = state.numbers;
    const { scope, epoch } = this;
    let { lastCheck, check, count, delta, lastReason, reasonHash } = this;
    let a = check ? check.a : new Uint32Array(0);
    let mark = check ? check.mark : new Uint8Array(0);
    let base = check ? check.base : 0;
    let order = check ? check.order : new Int32Array(0);
    let orderLength = check ? check.orderLength : 0;
    let next = check ? check.next : new Int32Array(0);
    let seen = check ? check.seen : 0; // check.seen, kept here while the check's results last
    const ids = state.ids;
    for (let i = 0; i < batch.length; i++) {
      const r = batch[i]!;
      if (r.checkId !== lastCheck || !check) {
        if (check) check.seen = seen;
        lastCheck = r.checkId;
        check = state.check(r.checkId);
        seen = check.seen;
        a = check.a;
        mark = check.mark;
        base = check.base;
        order = check.order;
        orderLength = check.orderLength;
        next = check.next;
        let c = this.counts.get(r.checkId);
        if (!c) this.counts.set(r.checkId, (c = new Int32Array(7)));
        count = c;
        delta = this.deltaOf(r.checkId);
      }
      const code = BY_FIRST[r.status.charCodeAt(0) & 127]!;
      if (code === 0) throw new Error(`result of ${r.checkId} on ${r.resourceId}: unknown status ${JSON.stringify(r.status)}`);
      count[code]! += 1;
      const reason = r.reason;
      let value: number;
      if (reason === null) value = (code << 29) >>> 0;
      else {
        if (reason !== lastReason) {
          lastReason = reason;
          reasonHash = hash29(reason);
        }
        value = ((code << 29) | reasonHash) >>> 0;
      }
      // The last run's resource at this position, if it is this one; else by the map.
      const p = seen;
      const guess = p < orderLength ? order[p]! : -1;
      const n = guess >= 0 && ids[guess] === r.resourceId ? guess : (numbers.get(r.resourceId) ?? state.number(r.resourceId));
      if (p >= next.length) next = check.growNext(p + 1);
      next[p] = n;
      let o = (n - base) << 1;
      if (n < base || o >= a.length) {
        o = check.reach(n);
        a = check.a;
        mark = check.mark;
        base = check.base;
      }
      const m = o >>> 1;
      if (mark[m] === epoch) throw new Error(`two results for check ${r.checkId} on resource ${r.resourceId} in one run`);
      mark[m] = epoch;
      seen += 1;
      const old = a[o]!;
      if (old === 0) {
        a[o] = value;
        a[o + 1] = scope;
        check.size += 1;
        writer.change(r, false);
        delta[code]! += 1;
        continue;
      }
      if (old === value) continue;
      delta[old >>> 29]! -= 1;
      delta[code]! += 1;
      a[o] = value;
      a[o + 1] = scope;
      writer.change(r, true);
    }
    if (check) check.seen = seen;
    this.lastCheck = lastCheck;
    this.check = check;
    this.count = count;
    this.delta = delta;
    this.lastReason = lastReason;
    this.reasonHash = reasonHash;
  }
}

/** What settling an organization's pending changes did. */
export interface SettleOutcome {
  /** Runs whose changes became intervals. */
  runs: number;
  opened: number;
  closed: number;
  /** Runs whose changes closed a different number of intervals than their ingest's copy held: the copy was out of date. */
  mismatched: number;
}

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
   * per-check roll-up. The run is compared with the organization's current results in memory
   * (src/store/result-state.ts): unchanged results cost a hash lookup, never a read or a write.
   */
  async ingest(orgId: string, run: IngestRun, batches: Iterable<StoredResult[]> | AsyncIterable<StoredResult[]>): Promise<IngestOutcome> {
    const q = this.q;
    // The copy of the current results is checked against, or rebuilt from, the intervals.
    await this.settle(orgId);
    const state = await acquireState(q, orgId);
    // The committed state this run is compared with; null if none was (a write not by an ingest).
    const base = state.token;
    // From here the state is changing: unusable unless this transaction commits its new token.
    state.token = null;
    const epoch = state.beginRun();

    // Per check: its counts in the run (index 0 resources, 1-6 by status code) and the change
    // in its current counts (by status code).
    const counts = new Map<string, Int32Array>();
    const deltas = new Map<string, Int32Array>();
    const deltaOf = (checkId: string) => {
      let d = deltas.get(checkId);
      if (!d) deltas.set(checkId, (d = new Int32Array(7)));
      return d;
    };
    const writer = new ChangeWriter(q, orgId, run);
    try {
      const scope = run.scopeId;
      const comparison = new RunComparison(state, scope, epoch, writer, counts, deltaOf);
      for await (const batch of batches) {
        comparison.compare(batch);
        await writer.flush();
      }
      // The order each check's results came in is the guess for the next run; its count of
      // results is the count of what it reported.
      for (const [checkId, c] of counts) {
        const check = state.check(checkId);
        c[0] = check.seen;
        check.endRun();
      }
      const tallies: CheckTally[] = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([checkId, c]) => ({
        checkId, resources: c[0]!, pass: c[STATUS_CODE.pass]!, fail: c[STATUS_CODE.fail]!, unknown: c[STATUS_CODE.unknown]!,
        notApplicable: c[STATUS_CODE.not_applicable]!, error: c[STATUS_CODE.error]!, suppressed: c[STATUS_CODE.suppressed]!,
      }));
      // From here the statements are sent without waiting for each (one connection runs them in
      // order); `writer.done` waits for them all.
      const col = <K extends keyof CheckTally>(k: K) => tallies.map((t) => t[k]);
      writer.track(q.query(
        `INSERT INTO scan_run_checks (org_id, run_id, observed_at, check_id, resources, pass, fail, unknown, not_applicable, error, suppressed)
         SELECT $1, $2, $3, t.* FROM unnest($4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[])
           AS t(check_id, resources, pass, fail, unknown, not_applicable, error, suppressed)`,
        [orgId, run.runId, run.at, col('checkId'), col('resources'), col('pass'), col('fail'), col('unknown'), col('notApplicable'), col('error'), col('suppressed')],
      ));

      // Absent results: held in this run's scope for a check it evaluated, not reported by it.
      for (const checkId of run.checks ?? tallies.map((t) => t.checkId)) {
        const c = state.checks.get(checkId);
        // Every result held was reported: none is absent.
        if (!c || c.seen === c.size) continue;
        const d = deltaOf(checkId);
        const { a, mark, base } = c;
        for (let o = 0; o < a.length; o += 2) {
          if (a[o] === 0 || mark[o >>> 1] === epoch || a[o + 1] !== scope) continue;
          d[statusCode(a[o]!)]! -= 1;
          a[o] = 0;
          a[o + 1] = 0;
          c.size -= 1;
          writer.gone(state.ids[base + (o >>> 1)]!, checkId);
        }
      }
      this.rollUp(writer, orgId, run.at, deltas);
      const token = randomUUID();
      writer.track(q.query('INSERT INTO ingest_states (org_id, token) VALUES ($1, $2) ON CONFLICT (org_id) DO UPDATE SET token = excluded.token', [orgId, token]));
      // What followed what, for processes holding an earlier state (migration 0016); a month kept.
      writer.track(q.query('INSERT INTO ingest_log (org_id, token, prev, at) VALUES ($1, $2, $3, $4)', [orgId, token, base, run.at]));
      writer.track(q.query(`DELETE FROM ingest_log WHERE org_id = $1 AND at < $2::timestamptz - interval '31 days'`, [orgId, run.at]));
      await writer.done();
      state.token = token;
      state.at = new Date(run.at).toISOString();
      return { tallies, opened: writer.opened, closed: writer.closed };
    } catch (e) {
      throw await writer.cause(e);
    }
  }

  /** Whether the organization has changes not yet settled into intervals. */
  async hasPending(orgId: string): Promise<boolean> {
    const rows = await this.q.query('SELECT 1 FROM result_changes WHERE org_id = $1 LIMIT 1', [orgId]);
    return rows.length > 0;
  }

  /**
   * Turns the organization's pending changes into intervals, run by run in time order, inside
   * the caller's transaction after `lockOrg`: for each change, the pair's open interval (if
   * any) closes at the run's instant and moves to its month's partition, then the new result's
   * interval opens. A run that closed a different number of intervals than its ingest's copy
   * held open shows the copy was out of date: the organization's token is cleared, so its copy
   * is rebuilt before it is used again.
   */
  async settle(orgId: string): Promise<SettleOutcome> {
    const out: SettleOutcome = { runs: 0, opened: 0, closed: 0, mismatched: 0 };
    const runs = await this.q.query<{ at: Date | string; replaces: number }>(
      'SELECT at, count(*) FILTER (WHERE replaces)::int AS replaces FROM result_changes WHERE org_id = $1 GROUP BY at ORDER BY at', [orgId]);
    if (runs.length === 0) return out;
    await this.q.exec(`SET LOCAL attest.ingest = 'on'`);
    const columns = 'check_id, resource_id, resource_type, scope_id, status, reason, message, severity, path, start_line, end_line';
    for (const r of runs) {
      const at = new Date(r.at).toISOString();
      // The pairs whose open interval closes, in the key index's order (resource, check), sent
      // back in batches as parameters: the planner then probes the key index once a pair, where
      // a join with the table of changes, whose statistics lag, could scan a check's intervals
      // for every change.
      const [keys] = await this.q.query<{ r: string | null; c: string | null }>(
        `SELECT json_agg(resource_id ORDER BY resource_id, check_id)::text AS r, json_agg(check_id ORDER BY resource_id, check_id)::text AS c
         FROM result_changes WHERE org_id = $1 AND at = $2`, [orgId, at]);
      const resources = JSON.parse(keys?.r ?? '[]') as string[];
      const checks = JSON.parse(keys?.c ?? '[]') as string[];
      let closed = 0;
      for (let i = 0; i < resources.length; i += WRITE_BATCH) {
        const res = columnParam(resources.slice(i, i + WRITE_BATCH), 3);
        const chk = columnParam(checks.slice(i, i + WRITE_BATCH), 4);
        // A closed interval leaves the open partition for its month's: deleted from the one and
        // inserted into the other in one statement (an UPDATE of the partition key does the
        // same through slower, per-row machinery).
        const [n] = await this.q.query<{ n: number }>(
          `WITH d AS (
             DELETE FROM result_intervals_open i USING unnest(${res.expr}, ${chk.expr}) AS d(resource_id, check_id)
             WHERE i.org_id = $1 AND i.valid_to IS NULL AND i.resource_id = d.resource_id AND i.check_id = d.check_id
             RETURNING i.*
           ), m AS (
             INSERT INTO result_intervals (org_id, ${columns}, valid_from, valid_to) SELECT org_id, ${columns}, valid_from, $2 FROM d RETURNING 1)
           SELECT count(*)::int AS n FROM m`,
          [orgId, at, res.param, chk.param]);
        closed += Number(n!.n);
      }
      const [opened] = await this.q.query<{ n: number }>(
        `WITH o AS (
           INSERT INTO result_intervals (org_id, ${columns}, valid_from)
           SELECT org_id, ${columns}, at FROM result_changes WHERE org_id = $1 AND at = $2 AND status IS NOT NULL ORDER BY resource_id, check_id
           RETURNING 1)
         SELECT count(*)::int AS n FROM o`,
        [orgId, at]);
      await this.q.query('DELETE FROM result_changes WHERE org_id = $1 AND at = $2', [orgId, at]);
      out.runs += 1;
      out.opened += Number(opened!.n);
      out.closed += closed;
      if (closed !== Number(r.replaces)) out.mismatched += 1;
    }
    if (out.mismatched > 0) await this.q.query('DELETE FROM ingest_states WHERE org_id = $1', [orgId]);
    return out;
  }

  /**
   * Moves each changed check's roll-up row: its counts plus what the run opened and closed. Two
   * statements, sent with the writer's (the new row reads the one just closed: no other row of
   * the check closes at the run's instant).
   */
  private rollUp(writer: ChangeWriter, orgId: string, at: string, deltas: Map<string, Int32Array>): void {
    const changed = [...deltas.entries()].filter(([, d]) => d.some((n) => n !== 0));
    if (changed.length === 0) return;
    const ids = changed.map(([id]) => id);
    const by = (k: keyof typeof STATUS_CODE) => changed.map(([, d]) => d[STATUS_CODE[k]]!);
    writer.track(this.q.query(
      'UPDATE check_status_history SET valid_to = $2 WHERE org_id = $1 AND check_id = ANY($3::text[]) AND valid_to IS NULL',
      [orgId, at, ids],
    ));
    writer.track(this.q.query(
      `INSERT INTO check_status_history (org_id, check_id, valid_from, pass, fail, unknown, not_applicable, error, suppressed)
       SELECT $1, n.check_id, $2, n.pass, n.fail, n.unknown, n.not_applicable, n.error, n.suppressed
       FROM (
         SELECT d.check_id, coalesce(h.pass, 0) + d.pass AS pass, coalesce(h.fail, 0) + d.fail AS fail, coalesce(h.unknown, 0) + d.unknown AS unknown,
           coalesce(h.not_applicable, 0) + d.not_applicable AS not_applicable, coalesce(h.error, 0) + d.error AS error, coalesce(h.suppressed, 0) + d.suppressed AS suppressed
         FROM unnest($3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[]) AS d(check_id, pass, fail, unknown, not_applicable, error, suppressed)
         LEFT JOIN check_status_history h ON h.org_id = $1 AND h.check_id = d.check_id AND h.valid_to = $2
       ) n
       WHERE n.pass + n.fail + n.unknown + n.not_applicable + n.error + n.suppressed > 0`,
      [orgId, at, ids, by('pass'), by('fail'), by('unknown'), by('not_applicable'), by('error'), by('suppressed')],
    ));
  }

  /**
   * Vacuums the open partition and the table of pending changes when dead rows (intervals
   * closed and moved out, changes settled) exceed a fifth of the live ones: autovacuum's default
   * rule, for PGlite, which runs no autovacuum.
   * Outside any transaction. Returns whether it vacuumed.
   */
  async vacuumIfBloated(): Promise<boolean> {
    // Statistics reach the views at most once a second; the run just committed may be pending.
    await this.q.query('SELECT pg_stat_force_next_flush()');
    const bloated = await this.q.query<{ relname: string }>(
      `SELECT relname FROM pg_stat_user_tables WHERE relname IN ('result_intervals_open', 'result_changes')
         AND coalesce(n_dead_tup, 0) > 50 + 0.2 * coalesce(n_live_tup, 0) ORDER BY relname`);
    // Names from the list above, not from input.
    for (const t of bloated) await this.q.exec(`VACUUM (ANALYZE) ${t.relname}`);
    return bloated.length > 0;
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
