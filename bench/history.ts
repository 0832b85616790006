// bench/history: change-only result history at scale, on PostgreSQL and on PGlite.
//   npm run bench -- history [--quick] [--engine postgres|pglite] [--checks N] [--resources N] [--days N] [--verify]
// Synthetic results, no scanning: C checks × R resources, one run a day for D days, 1 % of the
// results changing each day (half of the changes a failing result passing again, half a
// passing one failing; about 5 % fail at any time). Each check evidences one or two of the
// library's controls.
// The year's history (all days but the last few) is loaded directly as the intervals, roll-up,
// run log and tallies that ingesting those runs writes (`--verify` checks that claim at small
// scale against the real ingest, day by day); the last days are ingested through
// ScanService.ingest, the path `POST /api/scans` takes, and timed.
// Figures, per engine, in the same run:
//   storage:  pg_total_relation_size of the history tables (after VACUUM ANALYZE), against a
//             full copy of every run (what 0002 stored), extrapolated from the floor table;
//   ingest:   one daily run (all C × R results) through the ingest: compare, append the changes,
//             roll up;
//   settle:   turning those changes into intervals (the settle-history job each ingest queues),
//             timed apart, after the ingest;
//   floor:    bulk-insert of that run's changed rows alone into a plain table (same statements);
//   staging:  bulk-insert of the whole run into a temporary table: what any diff must read;
//   view:     operating effectiveness (share passing, failing windows) of every control over
//             the whole period.
// DATABASE_URL: use that PostgreSQL database (left with the bench's organization in it)
// instead of a fresh one on the local server.
// Last line: `history ratio=<ingest time / floor time>` (the higher of the engines run).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanService } from '../src/app/scan.service.js';
import { HistoryService } from '../src/app/history.service.js';
import type { AppContext } from '../src/app/context.js';
import type { AnyCheck } from '../src/checks/types.js';
import { catalog } from '../src/content/load.js';
import { FileBlobStore } from '../src/store/blob-store.js';
import { openPglite, openPostgres, type Db } from '../src/store/db.js';
import { createStore, type StoredResult } from '../src/store/index.js';
import { copyState, holdState, stateCatchUps, type ResultState } from '../src/store/result-state.js';
import { migrate } from '../src/store/migrate.js';
import { stageInsert, STAGE_BATCH } from '../src/store/scans.repo.js';
import { createPostgresDatabase } from '../test/support/engines.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const verify = args.includes('--verify');
const CHECKS = Number(arg('--checks') ?? (verify ? 12 : 150));
const RESOURCES = Number(arg('--resources') ?? (verify ? 300 : quick ? 2_000 : 100_000));
const DAYS = Number(arg('--days') ?? (verify ? 20 : quick ? 60 : 365));
// The first measured day builds the ingesting process's copy of the current results, and the
// last is ingested by a process whose copy is one run behind (another process ingested the run
// before): both timed apart from the steady days between.
const MEASURED = verify ? 0 : 5;
const engineNames = (arg('--engine') ? [arg('--engine')!] : ['postgres', 'pglite']) as ('postgres' | 'pglite')[];
const N = CHECKS * RESOURCES;
const CHANGES = Math.round(N * 0.01);
const DAY_MS = 86_400_000;
const START = Date.parse('2025-11-25T02:00:00Z');
const dayAt = (d: number) => new Date(START + d * DAY_MS).toISOString();
const TARGETS = ['bench'];

const pad = (n: number, w: number) => String(n).padStart(w, '0');
// Ids made once: a run's results share them, as a scanner's results share their resources'.
const CHECK_IDS = Array.from({ length: CHECKS }, (_, c) => `bench-check-${pad(c, 3)}`);
const RESOURCE_IDS = Array.from({ length: RESOURCES }, (_, r) => `res-${pad(r, 6)}`);
const checkId = (c: number) => CHECK_IDS[c]!;
const resourceId = (r: number) => RESOURCE_IDS[r]!;
const failMessage = (c: number, r: number) => `${resourceId(r)} fails ${checkId(c)}`;

/**
 * The synthetic world: every result's status, the day its current state began, and which
 * results fail (for drawing changes). Deterministic from its seed.
 */
class World {
  readonly status = new Uint8Array(N); // 1 = fail
  readonly since = new Int16Array(N);
  private readonly failing = new Int32Array(N);
  private readonly position = new Int32Array(N).fill(-1);
  private nFailing = 0;
  private readonly touched = new Int16Array(N).fill(-1);
  private seed = 42; // mulberry32: a full 32-bit period, unlike an LCG computed in doubles
  constructor() {
    for (let k = 0; k < N; k++) if (this.rand() < 0.05) this.setFail(k, true);
  }
  private rand() {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = Math.imul(this.seed ^ (this.seed >>> 15), 1 | this.seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  private setFail(k: number, fail: boolean) {
    if (fail) {
      this.status[k] = 1;
      this.position[k] = this.nFailing;
      this.failing[this.nFailing++] = k;
    } else {
      this.status[k] = 0;
      const at = this.position[k]!;
      const last = this.failing[--this.nFailing]!;
      this.failing[at] = last;
      this.position[last] = at;
      this.position[k] = -1;
    }
  }
  get failingCount() {
    return this.nFailing;
  }
  /** Day `d`'s changes: returns the results that changed, with the state and start day they had. */
  step(d: number): { k: Int32Array; oldStatus: Uint8Array; oldSince: Int16Array } {
    const k = new Int32Array(CHANGES);
    const oldStatus = new Uint8Array(CHANGES);
    const oldSince = new Int16Array(CHANGES);
    let n = 0;
    const take = (x: number) => {
      this.touched[x] = d;
      k[n] = x;
      oldStatus[n] = this.status[x]!;
      oldSince[n] = this.since[x]!;
      n++;
    };
    const recover = Math.min(CHANGES >> 1, this.nFailing);
    const picked: number[] = [];
    for (let i = 0; i < recover; i++) {
      let x: number;
      do x = this.failing[Math.floor(this.rand() * this.nFailing)]!; while (this.touched[x] === d);
      take(x);
      picked.push(x);
    }
    while (n < CHANGES) {
      const x = Math.floor(this.rand() * N);
      if (this.status[x] === 1 || this.touched[x] === d) continue;
      take(x);
      picked.push(x);
    }
    for (const x of picked) {
      this.setFail(x, this.status[x] === 0);
      this.since[x] = d;
    }
    return { k, oldStatus, oldSince };
  }
}

const toResult = (k: number, fail: boolean): StoredResult => {
  const c = Math.floor(k / RESOURCES);
  const r = k % RESOURCES;
  return {
    checkId: checkId(c), resourceType: 'bench.resource', resourceId: resourceId(r), status: fail ? 'fail' : 'pass',
    reason: fail ? 'misconfigured' : null, message: fail ? failMessage(c, r) : null, severity: 'medium', path: null, startLine: null, endLine: null,
  };
};

/** The whole run of the world as it stands, in batches, generated as they are consumed. */
function* wholeRun(world: World): Generator<StoredResult[]> {
  for (let start = 0; start < N; start += STAGE_BATCH) {
    const end = Math.min(N, start + STAGE_BATCH);
    const batch = new Array<StoredResult>(end - start);
    for (let k = start; k < end; k++) batch[k - start] = toResult(k, world.status[k] === 1);
    yield batch;
  }
}

/** The whole run, made before the clock starts: the scanner's work, not the ingest's. */
const materialize = (world: World): StoredResult[][] => [...wholeRun(world)];

function syntheticChecks(controlIds: string[]): AnyCheck[] {
  return Array.from({ length: CHECKS }, (_, c) => ({
    meta: {
      id: checkId(c), title: `Bench check ${c}`, description: '', severity: 'medium', resourceType: 'aws.s3.bucket',
      controls: c % 3 === 0 ? [controlIds[c % controlIds.length]!, controlIds[(c * 7 + 3) % controlIds.length]!] : [controlIds[c % controlIds.length]!],
      remediation: { text: '' },
    },
    evaluate: () => ({ status: 'pass' }),
  } as unknown as AnyCheck));
}

const ms = (t0: number) => performance.now() - t0;
const fmtMs = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`);
const fmtBytes = (b: number) => (b >= 1e9 ? `${(b / 1e9).toFixed(2)} GB` : `${(b / 1e6).toFixed(1)} MB`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** Loads days [0, days) of the world as history rows, the way the ingest would have written them. */
async function loadHistory(db: Db, org: string, scopeId: number, world: World, days: number, ensurePartition: (at: string) => Promise<void>, maintain: () => Promise<void>, onDay?: (d: number) => void) {
  const ins = async (sql: string, params: unknown[]) => db.query(sql, params);
  const months = new Set<string>();
  for (let d = 1; d < days; d++) months.add(dayAt(d).slice(0, 7));
  for (const m of months) await ensurePartition(`${m}-15T00:00:00Z`);
  const SQL_INTERVALS = `INSERT INTO result_intervals (org_id, check_id, resource_id, resource_type, scope_id, status, reason, message, severity, valid_from, valid_to)
    SELECT $1, 'bench-check-' || lpad((t.k / $3)::text, 3, '0'), 'res-' || lpad((t.k % $3)::text, 6, '0'), 'bench.resource', $2,
      CASE WHEN t.st = 1 THEN 'fail' ELSE 'pass' END, CASE WHEN t.st = 1 THEN 'misconfigured' END,
      CASE WHEN t.st = 1 THEN 'res-' || lpad((t.k % $3)::text, 6, '0') || ' fails bench-check-' || lpad((t.k / $3)::text, 3, '0') END, 'medium',
      $4::timestamptz + t.f * interval '1 day', CASE WHEN t.t < 0 THEN NULL ELSE $4::timestamptz + t.t * interval '1 day' END
    FROM unnest($5::int[], $6::int[], $7::int[], $8::int[]) AS t(k, f, t, st)`;
  const FLUSH = 50_000;
  let buf = { k: [] as number[], f: [] as number[], t: [] as number[], st: [] as number[] };
  const flush = async () => {
    if (buf.k.length === 0) return;
    await ins(SQL_INTERVALS, [org, scopeId, RESOURCES, dayAt(0), buf.k, buf.f, buf.t, buf.st]);
    buf = { k: [], f: [], t: [], st: [] };
    await maintain();
  };
  const push = async (k: number, f: number, t: number, st: number) => {
    buf.k.push(k); buf.f.push(f); buf.t.push(t); buf.st.push(st);
    if (buf.k.length >= FLUSH) await flush();
  };
  // Per check: counts after each day, for the roll-up and the run tallies.
  const fails = new Int32Array(CHECKS);
  for (let k = 0; k < N; k++) if (world.status[k] === 1) fails[Math.floor(k / RESOURCES)]! += 1;
  const rollup = { c: [] as number[], from: [] as number[], fail: [] as number[] };
  const lastFail = new Int32Array(CHECKS).fill(-1);
  const runs: { id: string; day: number; fail: number[] }[] = [];
  const snapshot = (d: number) => {
    for (let c = 0; c < CHECKS; c++) {
      if (fails[c] !== lastFail[c]) {
        rollup.c.push(c); rollup.from.push(d); rollup.fail.push(fails[c]!);
        lastFail[c] = fails[c]!;
      }
    }
    runs.push({ id: randomUUID(), day: d, fail: [...fails] });
  };
  snapshot(0);
  for (let d = 1; d < days; d++) {
    const { k, oldStatus, oldSince } = world.step(d);
    for (let i = 0; i < k.length; i++) {
      await push(k[i]!, oldSince[i]!, d, oldStatus[i]!);
      fails[Math.floor(k[i]! / RESOURCES)]! += oldStatus[i] === 1 ? -1 : 1;
    }
    snapshot(d);
    onDay?.(d);
  }
  for (let k = 0; k < N; k++) await push(k, world.since[k]!, -1, world.status[k]!);
  await flush();

  // Roll-up rows: each span of equal counts, closed when the check's next one opens.
  const to = new Array<number>(rollup.c.length).fill(-1);
  const nextFrom = new Map<number, number>();
  for (let i = rollup.c.length - 1; i >= 0; i--) {
    to[i] = nextFrom.get(rollup.c[i]!) ?? -1;
    nextFrom.set(rollup.c[i]!, rollup.from[i]!);
  }
  for (let s = 0; s < rollup.c.length; s += FLUSH) {
    await ins(`INSERT INTO check_status_history (org_id, check_id, valid_from, valid_to, pass, fail, unknown, not_applicable, error, suppressed)
      SELECT $1, 'bench-check-' || lpad(t.c::text, 3, '0'), $2::timestamptz + t.f * interval '1 day',
        CASE WHEN t.t < 0 THEN NULL ELSE $2::timestamptz + t.t * interval '1 day' END, $3 - t.n, t.n, 0, 0, 0, 0
      FROM unnest($4::int[], $5::int[], $6::int[], $7::int[]) AS t(c, f, t, n)`,
    [org, dayAt(0), RESOURCES, rollup.c.slice(s, s + FLUSH), rollup.from.slice(s, s + FLUSH), to.slice(s, s + FLUSH), rollup.fail.slice(s, s + FLUSH)]);
  }
  // The run log and each run's per-check tallies.
  for (const r of runs) {
    const fail = r.fail.reduce((a, b) => a + b, 0);
    await ins(`INSERT INTO scan_runs (org_id, id, started_at, finished_at, actor, targets, summary, scope_id) VALUES ($1, $2, $3::timestamptz - interval '1 minute', $3, 'bench', $4, $5, $6)`,
      [org, r.id, dayAt(r.day), JSON.stringify(TARGETS), JSON.stringify({ results: N, pass: N - fail, fail }), scopeId]);
    await ins(`INSERT INTO scan_run_checks (org_id, run_id, check_id, observed_at, resources, pass, fail, unknown, not_applicable, error, suppressed)
      SELECT $1, $2, 'bench-check-' || lpad((i - 1)::text, 3, '0'), $3, $4, $4 - n, n, 0, 0, 0, 0 FROM unnest($5::int[]) WITH ORDINALITY AS t(n, i)`,
    [org, r.id, dayAt(r.day), RESOURCES, r.fail]);
  }
}

interface EngineFigures {
  engine: string;
  ingest: number[];
  settle: number[];
  firstIngest: number;
  catchUpIngest: number;
  floor: number[];
  staging: number;
  view: number;
  viewCold: number;
  viewChurn: number;
  storage: Record<string, number>;
  rows: number;
  fullCopyBytes: number;
}

async function open(engine: 'postgres' | 'pglite'): Promise<{ db: Db; close: () => Promise<void>; where: string }> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'attest-bench-history-'));
    const db = await openPglite(join(dir, 'db'));
    // Interrupted, the bench still removes its folder (tens of GB at full scale).
    const onSignal = () => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    };
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    return {
      db, where: `PGlite in ${dir}`,
      close: async () => {
        process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (process.env.DATABASE_URL) {
    const db = await openPostgres(process.env.DATABASE_URL, { max: 4 });
    return { db, where: 'PostgreSQL at DATABASE_URL', close: () => db.close() };
  }
  const { url, drop } = await createPostgresDatabase();
  const db = await openPostgres(url, { max: 4 });
  // Interrupted, the bench still drops the database it made.
  const onSignal = () => void db.close().catch(() => undefined).then(drop).finally(() => process.exit(130));
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  return {
    db, where: `PostgreSQL, fresh database ${new URL(url).pathname.slice(1)}`,
    close: async () => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      await db.close();
      await drop();
    },
  };
}

async function runEngine(engine: 'postgres' | 'pglite'): Promise<EngineFigures | null> {
  const t0 = performance.now();
  const { db, close, where } = await open(engine);
  try {
    await migrate(db);
    const blobDir = mkdtempSync(join(tmpdir(), 'attest-bench-blobs-'));
    const now = { value: new Date(START + DAYS * DAY_MS) };
    const cat = catalog();
    const ctx: AppContext = { store: createStore(db, new FileBlobStore(blobDir)), catalog: cat, clock: () => now.value, limits: { maxUploadBytes: 1 << 20 } } as AppContext;
    const checks = syntheticChecks(cat.controls.map((c) => c.id));
    const scans = new ScanService(ctx, checks);
    const history = new HistoryService(ctx, checks);
    const newOrg = async (name: string) => {
      const id = randomUUID();
      await ctx.store.repos.organizations.insert({ id, name, slug: `${name.toLowerCase().replace(/\W+/g, '-')}-${id.slice(0, 8)}` });
      await ctx.store.repos.controls.insertMany(id, cat.controls, cat.digest);
      return id;
    };
    const ensurePartition = (at: string) => ctx.store.transaction((r) => r.scans.ensurePartition(at));
    console.log(`\n[${engine}] ${where}`);

    if (verify) {
      // The loader's claim, checked: the same world ingested day by day must store the same rows.
      const loaded = await newOrg('Loaded');
      const ingested = await newOrg('Ingested');
      const scope = await ctx.store.repos.scans.scopeFor(loaded, TARGETS);
      await loadHistory(db, loaded, scope, new World(), DAYS, ensurePartition, async () => undefined);
      const world = new World();
      for (let d = 0; d < DAYS; d++) {
        if (d > 0) world.step(d);
        await scans.ingest(ingested, { startedAt: dayAt(d), finishedAt: dayAt(d), targets: TARGETS }, wholeRun(world), 'bench');
      }
      await scans.settle(ingested);
      const diff = async (table: string, cols: string) => (await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ((SELECT ${cols} FROM ${table} WHERE org_id = $1 EXCEPT ALL SELECT ${cols} FROM ${table} WHERE org_id = $2)
           UNION ALL (SELECT ${cols} FROM ${table} WHERE org_id = $2 EXCEPT ALL SELECT ${cols} FROM ${table} WHERE org_id = $1)) x`, [loaded, ingested]))[0]!.n;
      const a = await diff('result_intervals', 'check_id, resource_id, resource_type, status, reason, message, severity, path, valid_from, valid_to');
      const b = await diff('check_status_history', 'check_id, valid_from, valid_to, pass, fail, unknown, not_applicable, error, suppressed');
      const c = await diff('scan_run_checks', 'check_id, observed_at, resources, pass, fail, unknown, not_applicable, error, suppressed');
      const rows = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM result_intervals WHERE org_id = $1', [loaded]))[0]!.n;
      console.log(`verify: ${rows} intervals; rows differing between loaded and ingested history: intervals ${a}, roll-up ${b}, run tallies ${c}`);
      rmSync(blobDir, { recursive: true, force: true });
      if (a + b + c > 0) throw new Error('the loader does not write what the ingest writes');
      return null;
    }

    const org = await newOrg('Bench');
    const scope = await ctx.store.repos.scans.scopeFor(org, TARGETS);
    const world = new World();
    const historyDays = DAYS - MEASURED;
    let t = performance.now();
    // PGlite runs no checkpointer: without checkpoints its log would grow by the whole history.
    const maintain = async () => void (await ctx.store.repos.scans.checkpointIfDue());
    await loadHistory(db, org, scope, world, historyDays, ensurePartition, maintain, (d) => {
      if (d % 30 === 0) process.stdout.write(`\r  loading history: day ${d}/${historyDays}`);
    });
    process.stdout.write('\r\x1b[K');
    console.log(`history of ${historyDays} days loaded in ${fmtMs(ms(t))}`);
    t = performance.now();
    await db.exec('VACUUM ANALYZE');
    console.log(`VACUUM ANALYZE in ${fmtMs(ms(t))}`);

    await db.exec('CREATE TABLE bench_floor (check_id text NOT NULL, resource_type text NOT NULL, resource_id text NOT NULL, status text NOT NULL, reason text, message text, severity text NOT NULL, path text, start_line integer, end_line integer)');
    const ingest: number[] = [];
    const settle: number[] = [];
    const floor: number[] = [];
    let staging = 0;
    let firstIngest = 0;
    let catchUpIngest = 0;
    let behind: ResultState | null = null;
    for (let d = historyDays; d < DAYS; d++) {
      const changed = world.step(d);
      gc();
      // Floor: the day's changed rows, bulk-inserted into a plain table.
      const changedRows: StoredResult[][] = [];
      for (let s = 0; s < changed.k.length; s += STAGE_BATCH) {
        const rows: StoredResult[] = [];
        for (let i = s; i < Math.min(changed.k.length, s + STAGE_BATCH); i++) rows.push(toResult(changed.k[i]!, world.status[changed.k[i]!] === 1));
        changedRows.push(rows);
      }
      gc();
      t = performance.now();
      await db.transaction(async (tx) => {
        for (const rows of changedRows) {
          const { sql, params } = stageInsert('bench_floor', rows);
          await tx.query(sql, params);
        }
      });
      floor.push(ms(t));
      const runResults = materialize(world);
      // The day before the last, "another process" ingests: this one keeps its copy from before.
      if (d === DAYS - 2) behind = copyState(org);
      if (d === DAYS - 1) holdState(org, behind!);
      gc();
      const catchUpsBefore = stateCatchUps();
      t = performance.now();
      const { changes } = await scans.ingest(org, { startedAt: dayAt(d), finishedAt: dayAt(d), targets: TARGETS }, runResults, 'bench');
      const took = ms(t);
      // The first ingest in a process builds its copy of the current results from the database
      // (the history was loaded directly); the figure is the ingests after it.
      if (d === historyDays) firstIngest = took;
      else if (d === DAYS - 1) {
        catchUpIngest = took;
        if (stateCatchUps() !== catchUpsBefore + 1) throw new Error('the last ingest did not catch up on the run before it');
      } else ingest.push(took);
      if (changes.opened !== CHANGES || changes.closed !== CHANGES) throw new Error(`day ${d}: expected ${CHANGES} opened and closed, got ${JSON.stringify(changes)}`);
      // The settle-history job's work, after the ingest (a worker runs it as soon as it is queued).
      gc();
      t = performance.now();
      const settled = await scans.settle(org);
      const settleTook = ms(t);
      if (settled?.opened !== CHANGES || settled.closed !== CHANGES || settled.mismatched !== 0) throw new Error(`day ${d}: settling gave ${JSON.stringify(settled)}`);
      if (d !== historyDays && d !== DAYS - 1) settle.push(settleTook);
      console.log(`day ${d + 1}: ingest ${fmtMs(took)}${d === historyDays ? ' (first in this process: reads the current results)' : d === DAYS - 1 ? ' (after another process ingested the run before: catches up)' : ''} (${changes.opened} opened, ${changes.closed} closed); settle ${fmtMs(settleTook)}; floor ${fmtMs(floor.at(-1)!)}`);
      if (d === DAYS - 1) {
        // What reading the whole run costs by itself: staging it, nothing else.
        const whole = materialize(world);
        gc();
        t = performance.now();
        await db.transaction(async (tx) => {
          await tx.exec('CREATE TEMP TABLE bench_stage (check_id text NOT NULL, resource_type text NOT NULL, resource_id text NOT NULL, status text NOT NULL, reason text, message text, severity text NOT NULL, path text, start_line integer, end_line integer) ON COMMIT DROP');
          for (const batch of whole) {
            const { sql, params } = stageInsert('bench_stage', batch);
            await tx.query(sql, params);
          }
        });
        staging = ms(t);
      }
    }

    const period = { from: dayAt(0), to: now.value.toISOString() };
    t = performance.now();
    const view = await history.effectiveness(org, period);
    const viewCold = ms(t);
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      await history.effectiveness(org, period);
      warm.push(ms(t));
    }
    const withChecks = view.controls.filter((c) => c.checks.length > 0);
    const windows = withChecks.reduce((n, c) => n + c.failingWindows.length, 0);
    const meanPassing = withChecks.reduce((n, c) => n + c.passingShare, 0) / Math.max(1, withChecks.length);
    console.log(`view: ${view.controls.length} controls (${withChecks.length} with checks), ${windows} failing windows, mean share passing ${(meanPassing * 100).toFixed(1)} %`);

    const size = async (sql: string) => Number((await db.query<{ n: number }>(sql))[0]!.n ?? 0);
    const partsOf = (t: string) => `SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0)::bigint AS n FROM pg_inherits WHERE inhparent = '${t}'::regclass`;
    const storage: Record<string, number> = {
      result_intervals: await size(partsOf('result_intervals')),
      check_status_history: await size(`SELECT pg_total_relation_size('check_status_history') AS n`),
      scan_run_checks: await size(`SELECT pg_total_relation_size('scan_run_checks') AS n`),
      scan_runs: await size(`SELECT pg_total_relation_size('scan_runs') AS n`),
    };
    const rows = await size(`SELECT count(*)::bigint AS n FROM result_intervals`);
    const partitions = await size(`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'result_intervals'::regclass`);
    const floorRows = await size('SELECT count(*)::bigint AS n FROM bench_floor');
    const floorBytes = await size(`SELECT pg_total_relation_size('bench_floor') AS n`);
    const fullCopyBytes = (floorBytes / floorRows) * N * DAYS;
    const total = Object.values(storage).reduce((a, b) => a + b, 0);
    console.log(`storage: ${Object.entries(storage).map(([k, v]) => `${k} ${fmtBytes(v)}`).join(', ')}; total ${fmtBytes(total)}`);
    console.log(`  ${rows.toLocaleString('en')} intervals in ${partitions} partitions for ${(N * DAYS).toLocaleString('en')} results recorded; a full copy per run (0002) ≈ ${fmtBytes(fullCopyBytes)} (${(fullCopyBytes / total).toFixed(0)}× more)`);
    // Worst case for the view: every check flips between passing and failing every day, so
    // nothing merges (a roll-up row per check and day, all kept as spans).
    const churn = await newOrg('Churn');
    await db.query(`INSERT INTO check_status_history (org_id, check_id, valid_from, valid_to, pass, fail, unknown, not_applicable, error, suppressed)
      SELECT $1, 'bench-check-' || lpad(c::text, 3, '0'), $2::timestamptz + d * interval '1 day',
        CASE WHEN d = $3 - 1 THEN NULL ELSE $2::timestamptz + (d + 1) * interval '1 day' END, $4, (c + d) % 2, 0, 0, 0, 0
      FROM generate_series(0, $5 - 1) AS c, generate_series(0, $3 - 1) AS d`, [churn, dayAt(0), DAYS, RESOURCES, CHECKS]);
    await history.effectiveness(churn, period);
    const churnTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const v = await history.effectiveness(churn, period);
      churnTimes.push(ms(t));
      if (i === 0) console.log(`view, worst case (every check flipping daily): ${v.controls.reduce((n, c) => n + c.failingWindows.length, 0)} failing windows over ${v.controls.length} controls`);
    }
    const viewChurn = median(churnTimes);

    const fig: EngineFigures = { engine, ingest, settle, firstIngest, catchUpIngest, floor, staging, view: median(warm), viewCold, viewChurn, storage, rows, fullCopyBytes };
    console.log(`ingest one daily run: median ${fmtMs(median(ingest))} (${ingest.map(fmtMs).join(', ')}); the first in the process ${fmtMs(firstIngest)}; after another process's ingest ${fmtMs(catchUpIngest)}; staging the whole run alone ${fmtMs(staging)}`);
    console.log(`floor (bulk-insert its ${CHANGES.toLocaleString('en')} changed rows): median ${fmtMs(median(floor))}`);
    console.log(`settle (the settle-history job, after each ingest): median ${fmtMs(median(settle))} (${settle.map(fmtMs).join(', ')})`);
    console.log(`operating-effectiveness view over ${DAYS} days: ${fmtMs(fig.view)} (first call ${fmtMs(viewCold)}); worst case ${fmtMs(viewChurn)}`);
    // Any ingest that reads every result of the run costs at least the staging: the floor's 100× rows.
    console.log(`[${engine}] ratio ingest/floor ${(median(ingest) / median(floor)).toFixed(1)}; (ingest + settle)/floor ${((median(ingest) + median(settle)) / median(floor)).toFixed(1)}; ingest/staging ${(median(ingest) / staging).toFixed(2)}; staging alone/floor ${(staging / median(floor)).toFixed(1)}; ${fmtMs(ms(t0))} in all`);
    rmSync(blobDir, { recursive: true, force: true });
    return fig;
  } finally {
    await close();
  }
}

console.log(`scale: ${CHECKS} checks × ${RESOURCES.toLocaleString('en')} resources = ${N.toLocaleString('en')} results per run, ${DAYS} daily runs, 1 % (${CHANGES.toLocaleString('en')}) changing per day${quick ? ' (--quick: scaled down)' : ''}${verify ? ' (--verify)' : ''}`);
if (!verify) console.log(`history: days 1-${DAYS - MEASURED} loaded as the rows their ingest writes; days ${DAYS - MEASURED + 1}-${DAYS} ingested through ScanService.ingest and timed`);
console.log('targets: ingest <= 3x the floor; the view < 2 s');
const figures: EngineFigures[] = [];
for (const e of engineNames) {
  const f = await runEngine(e);
  if (f) figures.push(f);
}
if (figures.length) {
  const ratios = figures.map((f) => ({ engine: f.engine, ratio: median(f.ingest) / median(f.floor) }));
  console.log(`\nsummary: ${figures.map((f) => `${f.engine}: ingest ${fmtMs(median(f.ingest))}, settle ${fmtMs(median(f.settle))}, floor ${fmtMs(median(f.floor))}, view ${fmtMs(f.view)} (worst case ${fmtMs(f.viewChurn)}), storage ${fmtBytes(Object.values(f.storage).reduce((a, b) => a + b, 0))}`).join('; ')}`);
  const worst = ratios.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  console.log(`history ratio=${worst.ratio.toFixed(2)}`);
}
