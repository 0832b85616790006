// The ingest's in-memory copy of an organization's current results (src/store/result-state.ts):
// the hash table against a Map under random operations, and the rule that a copy is used only
// while its token is the one committed — other writers, other processes and failed ingests
// all make the next ingest rebuild it, and the history written is the same either way.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckResults, copyState, forgetStates, holdState, ResultState, setArraysUpTo, stateCatchUps, stateLoads } from '../../src/store/result-state.js';
import type { StoredResult } from '../../src/store/index.js';
import type { Db } from '../../src/store/db.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

describe('ResultState', () => {
  it('agrees with a Map through puts, replacements and drops, across checks whose ranges grow', () => {
    const state = new ResultState();
    const model = new Map<string, number>();
    let seed = 99;
    const rand = (n: number) => { // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
    };
    const checks = ['a', 'b', 'c'];
    const named = new Set<string>();
    for (let step = 0; step < 40_000; step++) {
      const check = checks[rand(3)]!;
      const id = `r-${rand(3_000)}`;
      const key = `${check} ${id}`;
      const op = rand(3);
      if (op === 0) {
        const v = 1 + rand(1000);
        expect(state.put(check, id, v, 5)).toBe(!model.has(key));
        named.add(id);
        model.set(key, v);
      } else if (op === 1) {
        state.drop(check, id);
        model.delete(key);
      } else {
        const n = state.numbers.get(id);
        expect(n === undefined ? 0 : state.check(check).value(n)).toBe(model.get(key) ?? 0);
      }
    }
    for (const check of checks) {
      expect(state.check(check).size).toBe([...model.keys()].filter((k) => k.startsWith(`${check} `)).length);
    }
    for (const [key, v] of model) {
      const [check, id] = key.split(' ') as [string, string];
      expect(state.check(check).value(state.numbers.get(id)!)).toBe(v);
    }
    // Every id put gets a number, in order from 0.
    expect(state.ids.length).toBe(named.size);
    expect(named.size).toBeGreaterThan(2_500);
    expect(state.ids.every((id, n) => state.numbers.get(id) === n)).toBe(true);
  });

  it('marks what a run reported with its epoch, and clears every mark when the epochs wrap', () => {
    const state = new ResultState();
    state.put('a', 'web', 7, 12);
    const c = state.check('a');
    const m = c.offset(state.numbers.get('web')!) >>> 1;
    let epoch = state.beginRun();
    expect(epoch).toBe(1);
    c.mark[m] = epoch;
    for (let i = 0; i < 254; i++) epoch = state.beginRun();
    expect(epoch).toBe(255);
    // An old mark that an epoch of the next cycle would equal is cleared at the wrap.
    c.mark[m] = 1;
    expect(state.beginRun()).toBe(1);
    expect(c.mark[m]).toBe(0);
    expect(c.a[2 * m]).toBe(7);
    expect(c.a[2 * m + 1]).toBe(12);
  });

  it('grows a range downwards and upwards, keeping what it holds', () => {
    const c = new CheckResults();
    const put = (n: number, v: number) => {
      const o = c.reach(n); // before reading c.a: reaching may replace the array
      c.a[o] = v;
    };
    put(500, 1);
    put(400, 2); // below the base
    put(10_000, 3); // far above
    put(0, 4);
    expect([500, 400, 10_000, 0, 1, 9_999].map((n) => c.value(n))).toEqual([1, 2, 3, 4, 0, 0]);
    expect(c.offset(10_001 + c.a.length)).toBe(-1);
    expect(c.base).toBe(0);
  });
});

const CPU = 'k8s-workload-cpu-limit';
const MEM = 'k8s-workload-memory-limit';
const result = (checkId: string, resourceId: string, status: StoredResult['status']): StoredResult => ({
  checkId, resourceType: 'k8s.workload', resourceId, status, reason: status === 'fail' ? 'no_limit' : null, message: null,
  severity: 'medium', path: null, startLine: null, endLine: null,
});
const day = (n: number) => new Date(Date.UTC(2026, 9, n, 6)).toISOString();

describe.each(engines)('the ingest state on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db, { now: '2026-11-24T12:00:00Z' });
  });
  afterAll(async () => db?.close());

  async function newOrg(): Promise<string> {
    const id = randomUUID();
    await s.ctx.store.repos.organizations.insert({ id, name: `Org ${id.slice(0, 8)}`, slug: `org-${id}` });
    return id;
  }
  const ingest = (org: string, n: number, results: StoredResult[]) =>
    s.scans.ingest(org, { startedAt: day(n), finishedAt: day(n), targets: ['k8s'] }, [results], 'test');
  /** Ingests; whether the state was rebuilt from the database for it. */
  const loaded = async (org: string, n: number, results: StoredResult[]) => {
    const before = stateLoads();
    await ingest(org, n, results);
    return stateLoads() > before;
  };
  // As settled: the ingest appends changes; settling (a job, or the first read) writes intervals.
  const intervals = async (org: string) => (await s.scans.settle(org), await db.query<{ k: string }>(
    `SELECT check_id || ' ' || resource_id || ' ' || status || ' ' || valid_from::text || ' ' || coalesce(valid_to::text, '-') AS k
     FROM result_intervals WHERE org_id = $1 ORDER BY 1`, [org])).map((r) => r.k);

  /** Runs of a random world: results appear, change and disappear. */
  function runs(seed: number): StoredResult[][] {
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const out: StoredResult[][] = [];
    for (let n = 0; n < 10; n++) {
      const rows: StoredResult[] = [];
      for (const check of [CPU, MEM]) for (let r = 0; r < 40; r++) if (rand() > 0.1) rows.push(result(check, `w${r}`, rand() < 0.2 ? 'fail' : 'pass'));
      out.push(rows);
    }
    return out;
  }

  it('writes the same history whether the state is kept between runs or rebuilt before each (read as arrays or as rows)', async () => {
    const kept = await newOrg();
    const rebuilt = await newOrg();
    const byRows = await newOrg();
    const world = runs(11);
    for (let n = 0; n < world.length; n++) {
      // After its first run, `kept` diffs against the copy its previous run left in memory.
      expect(await loaded(kept, n + 1, world[n]!)).toBe(n === 0);
      forgetStates(rebuilt);
      expect(await loaded(rebuilt, n + 1, world[n]!)).toBe(true);
      // Rebuilt too, each check's results read as rows (as a check past the arrays' limit is).
      forgetStates(byRows);
      const was = setArraysUpTo(0);
      try {
        expect(await loaded(byRows, n + 1, world[n]!)).toBe(true);
      } finally {
        setArraysUpTo(was);
      }
    }
    const a = await intervals(kept);
    expect(a.length).toBeGreaterThan(80);
    expect(await intervals(rebuilt)).toEqual(a);
    expect(await intervals(byRows)).toEqual(a);
  });

  it('rebuilds the state after a write it did not make (another process, a restore, a hand fix)', async () => {
    const org = await newOrg();
    await ingest(org, 1, [result(CPU, 'web', 'pass'), result(CPU, 'api', 'pass')]);
    expect(await loaded(org, 2, [result(CPU, 'web', 'pass'), result(CPU, 'api', 'pass')])).toBe(false);
    // Someone else closes an interval by hand: every token is cleared by the trigger.
    await db.query(`UPDATE result_intervals SET status = 'fail', reason = 'no_limit' WHERE org_id = $1 AND resource_id = 'api' AND valid_to IS NULL`, [org]);
    expect((await db.query('SELECT * FROM ingest_states WHERE org_id = $1', [org]))).toHaveLength(0);
    // The next run sees the hand-made failure as current: api passing again is a change.
    expect(await loaded(org, 3, [result(CPU, 'web', 'pass'), result(CPU, 'api', 'pass')])).toBe(true);
    await s.scans.settle(org);
    const api = await db.query<{ status: string }>(`SELECT status FROM result_intervals WHERE org_id = $1 AND resource_id = 'api' ORDER BY valid_from`, [org]);
    expect(api.map((r) => r.status)).toEqual(['fail', 'pass']);
    // Another process's ingest commits its own token: this process's copy no longer matches.
    await db.query('UPDATE ingest_states SET token = $2 WHERE org_id = $1', [org, randomUUID()]);
    expect(await loaded(org, 4, [result(CPU, 'web', 'fail')])).toBe(true);
    await s.scans.settle(org);
    const current = await db.query<{ k: string }>(`SELECT resource_id || ' ' || status AS k FROM result_intervals WHERE org_id = $1 AND valid_to IS NULL ORDER BY 1`, [org]);
    expect(current.map((r) => r.k)).toEqual(['web fail']);
  });

  it('catches up on the ingests another process made since its copy, and writes what a rebuilt copy would', async () => {
    const caughtUp = await newOrg();
    const rebuilt = await newOrg();
    const world = runs(23);
    const stale: (ResultState | null)[] = [];
    for (let n = 0; n < world.length; n++) {
      // From the third run on, every other run is ingested by "another process": this one holds
      // the copy it had two runs ago, whose token is no longer the committed one.
      const behind = n >= 2 && n % 2 === 0 ? stale[n - 2]! : null;
      if (behind) holdState(caughtUp, behind);
      const before = { loads: stateLoads(), catchUps: stateCatchUps() };
      await ingest(caughtUp, n + 1, world[n]!);
      expect({ loaded: stateLoads() > before.loads, caughtUp: stateCatchUps() > before.catchUps }, `run ${n + 1}`)
        .toEqual({ loaded: n === 0, caughtUp: behind !== null });
      stale.push(copyState(caughtUp));
      forgetStates(rebuilt);
      await ingest(rebuilt, n + 1, world[n]!);
    }
    const a = await intervals(caughtUp);
    expect(a.length).toBeGreaterThan(80);
    expect(a).toEqual(await intervals(rebuilt));
  });

  it('rebuilds instead of catching up when a write that was not an ingest came between', async () => {
    const org = await newOrg();
    await ingest(org, 1, [result(CPU, 'web', 'pass'), result(CPU, 'api', 'pass')]);
    const mine = copyState(org)!;
    await db.query(`UPDATE result_intervals SET status = 'fail', reason = 'no_limit' WHERE org_id = $1 AND resource_id = 'api' AND valid_to IS NULL`, [org]);
    // Another process ingests after the hand fix (it rebuilds), then this one holds its old copy.
    await ingest(org, 2, [result(CPU, 'web', 'pass'), result(CPU, 'api', 'fail')]);
    holdState(org, mine);
    const before = { loads: stateLoads(), catchUps: stateCatchUps() };
    const third = await ingest(org, 3, [result(CPU, 'web', 'pass'), result(CPU, 'api', 'fail')]);
    expect({ loads: stateLoads() - before.loads, catchUps: stateCatchUps() - before.catchUps }).toEqual({ loads: 1, catchUps: 0 });
    // Compared with the database's current results (api failing since the fix), nothing changed.
    expect(third.changes).toEqual({ opened: 0, closed: 0 });
  });

  it('finds a copy that disagrees with the database out when settling: the changes of the run are written, and the next run rebuilds the copy', async () => {
    const org = await newOrg();
    await ingest(org, 1, [result(CPU, 'web', 'pass'), result(CPU, 'api', 'fail')]);
    await s.scans.settle(org);
    // A write that slips past the trigger's rule (it claims to be an ingest) leaves the copy stale.
    await db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL attest.ingest = 'on'`);
      await tx.query(`DELETE FROM result_intervals WHERE org_id = $1 AND resource_id = 'api'`, [org]);
    });
    // The copy still holds api failing: passing is a change that replaces an open interval.
    const second = await ingest(org, 2, [result(CPU, 'web', 'pass'), result(CPU, 'api', 'pass')]);
    expect(second.changes).toEqual({ opened: 1, closed: 1 });
    // Settling closes nothing for api (no interval was open): the copy was out of date.
    expect(await s.scans.settle(org)).toEqual({ runs: 1, opened: 1, closed: 0, mismatched: 1 });
    expect(await db.query('SELECT * FROM ingest_states WHERE org_id = $1', [org])).toHaveLength(0);
    const open = await db.query<{ k: string }>(`SELECT resource_id || ' ' || status AS k FROM result_intervals WHERE org_id = $1 AND valid_to IS NULL ORDER BY 1`, [org]);
    expect(open.map((r) => r.k)).toEqual(['api pass', 'web pass']);
    expect(await loaded(org, 3, [result(CPU, 'web', 'pass'), result(CPU, 'api', 'pass')])).toBe(true);
  });

  it('reports the error of a write that fails, not the aborted statements after it, and records nothing', async () => {
    const org = await newOrg();
    await ingest(org, 1, [result(CPU, 'web', 'pass')]);
    const before = await intervals(org);
    // A message PostgreSQL cannot store (a NUL character), among enough new results that the
    // failing write is sent while the run is still being compared.
    const run = [{ ...result(CPU, 'web', 'fail'), message: 'bad\u0000byte' }, ...Array.from({ length: 20_000 }, (_, i) => result(MEM, `w${i}`, 'pass'))];
    const err = await ingest(org, 2, run).then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/0x00/);
    expect(await intervals(org)).toEqual(before);
    expect(await db.query('SELECT * FROM result_changes WHERE org_id = $1', [org])).toHaveLength(0);
    expect((await db.query('SELECT * FROM scan_runs WHERE org_id = $1', [org]))).toHaveLength(1);
  });

  it('writes a run larger than one write batch: every change, in the order sent', async () => {
    const org = await newOrg();
    const checks = [CPU, MEM];
    const run = (n: number, failing: (r: number) => boolean) => {
      const rows: StoredResult[] = [];
      for (const check of checks) for (let r = 0; r < 15_000; r++) rows.push(result(check, `w${r}`, failing(r) ? 'fail' : 'pass'));
      // Given in three pieces, as a scan streams them.
      return [rows.slice(0, 10_000), rows.slice(10_000, 20_000), rows.slice(20_000)];
    };
    const first = await s.scans.ingest(org, { startedAt: day(1), finishedAt: day(1), targets: ['k8s'] }, run(1, () => false), 'test');
    expect(first.changes).toEqual({ opened: 30_000, closed: 0 });
    // Two thirds change: 20,000 closed and 20,000 opened, more than one batch of writes each.
    const second = await s.scans.ingest(org, { startedAt: day(2), finishedAt: day(2), targets: ['k8s'] }, run(2, (r) => r % 3 !== 0), 'test');
    expect(second.changes).toEqual({ opened: 20_000, closed: 20_000 });
    expect(await s.scans.settle(org)).toEqual({ runs: 1, opened: 20_000, closed: 20_000, mismatched: 0 });
    const [c] = await db.query<{ open: number; fail: number; closed: number }>(
      `SELECT count(*) FILTER (WHERE valid_to IS NULL)::int AS open, count(*) FILTER (WHERE valid_to IS NULL AND status = 'fail')::int AS fail,
         count(*) FILTER (WHERE valid_to IS NOT NULL)::int AS closed FROM result_intervals WHERE org_id = $1`, [org]);
    expect(c).toEqual({ open: 30_000, fail: 20_000, closed: 20_000 });
  });

  it('refuses two results for one check and resource in a run', async () => {
    const org = await newOrg();
    const err = await ingest(org, 1, [result(CPU, 'web', 'pass'), result(CPU, 'web', 'fail')]).then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/two results for check k8s-workload-cpu-limit on resource web/);
    expect(await intervals(org)).toEqual([]);
  });
});
