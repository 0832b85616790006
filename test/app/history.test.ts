// Change-only result history: what a run writes, what it closes, and the queries over it
// (status at an instant, share of a period passing, failing windows) for checks, resources
// and controls. Each test works in its own organization.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredResult } from '../../src/store/index.js';
import type { Db } from '../../src/store/db.js';
import { AppError } from '../../src/domain/errors.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

// BCP-06 is evidenced by exactly these two checks.
const CPU = 'k8s-workload-cpu-limit';
const MEM = 'k8s-workload-memory-limit';
const CONTROL = 'BCP-06';

type Row = [check: string, resource: string, status: StoredResult['status'], reason?: string, message?: string];
const result = ([checkId, resourceId, status, reason, message]: Row): StoredResult => ({
  checkId, resourceType: 'k8s.workload', resourceId, status, reason: reason ?? (status === 'fail' ? 'no_limit' : null),
  message: message ?? (status === 'fail' ? `${resourceId} sets no limit` : null), severity: 'medium', path: 'k8s/app.yaml', startLine: 1, endLine: 9,
});

const day = (n: number) => new Date(Date.UTC(2026, 9, n, 6)).toISOString(); // October 2026, 06:00 UTC

describe.each(engines)('result history on $name', (engine) => {
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
    await s.ctx.store.repos.controls.insertMany(id, s.ctx.catalog.controls, s.ctx.catalog.digest);
    return id;
  }
  const record = (orgId: string, at: string, rows: Row[], opts: { targets?: string[]; checks?: string[] } = {}) =>
    s.scans.record(orgId, { startedAt: new Date(Date.parse(at) - 5000).toISOString(), finishedAt: at, targets: opts.targets ?? ['k8s'], results: rows.map(result), ...(opts.checks ? { checks: opts.checks } : {}) }, 'test');
  // Intervals as settled: the ingest appends changes, settling (a job, or the first read) writes them.
  const intervals = async (orgId: string) => (await s.scans.settle(orgId), db.query<{ check_id: string; resource_id: string; status: string; reason: string | null; valid_from: Date; valid_to: Date | null; part: string }>(
    'SELECT check_id, resource_id, status, reason, valid_from, valid_to, tableoid::regclass::text AS part FROM result_intervals WHERE org_id = $1 ORDER BY resource_id, check_id, valid_from', [orgId]));
  const iso = (v: Date | null) => (v === null ? null : new Date(v).toISOString());

  it('writes only changes: an unchanged run writes nothing, a change of status or reason closes one interval and opens one', async () => {
    const org = await newOrg();
    const first = await record(org, day(1), [[CPU, 'web', 'pass'], [CPU, 'api', 'fail'], [CPU, 'db', 'pass']]);
    expect(first.changes).toEqual({ opened: 3, closed: 0 });
    const same = await record(org, day(2), [[CPU, 'web', 'pass'], [CPU, 'api', 'fail', 'no_limit', 'a different message'], [CPU, 'db', 'pass']]);
    expect(same.changes).toEqual({ opened: 0, closed: 0 });
    expect(same.run.summary).toEqual({ results: 3, pass: 2, fail: 1 });
    expect(await intervals(org)).toHaveLength(3);

    expect((await record(org, day(3), [[CPU, 'web', 'pass'], [CPU, 'api', 'pass'], [CPU, 'db', 'pass']])).changes).toEqual({ opened: 1, closed: 1 });
    expect((await record(org, day(4), [[CPU, 'web', 'fail', 'too_high'], [CPU, 'api', 'pass'], [CPU, 'db', 'pass']])).changes).toEqual({ opened: 1, closed: 1 });
    expect((await record(org, day(5), [[CPU, 'web', 'fail', 'no_limit'], [CPU, 'api', 'pass'], [CPU, 'db', 'pass']])).changes).toEqual({ opened: 1, closed: 1 });

    const rows = (await intervals(org)).map((r) => [r.resource_id, r.status, r.reason, iso(r.valid_from), iso(r.valid_to)]);
    expect(rows).toEqual([
      ['api', 'fail', 'no_limit', day(1), day(3)],
      ['api', 'pass', null, day(3), null],
      ['db', 'pass', null, day(1), null],
      ['web', 'pass', null, day(1), day(4)],
      ['web', 'fail', 'too_high', day(4), day(5)],
      ['web', 'fail', 'no_limit', day(5), null],
    ]);
    // The run log keeps every run with its tallies.
    const runs = await s.scans.runs(org);
    expect(runs).toHaveLength(5);
    expect((await s.scans.run(org, runs[0]!.id)).checks).toEqual([{ checkId: CPU, resources: 3, pass: 2, fail: 1, unknown: 0, notApplicable: 0, error: 0, suppressed: 0 }]);
  });

  it('closes a resource absent from a later run of the same targets, not from a run of other targets', async () => {
    const org = await newOrg();
    await record(org, day(1), [[CPU, 'web', 'pass'], [CPU, 'api', 'fail']], { targets: ['k8s', 'charts'] });
    expect((await record(org, day(2), [[CPU, 'other', 'pass']], { targets: ['terraform'] })).changes).toEqual({ opened: 1, closed: 0 });
    // Same targets, in another order and repeated: the same scope.
    expect((await record(org, day(3), [[CPU, 'web', 'pass']], { targets: ['charts', 'k8s', 'k8s'] })).changes).toEqual({ opened: 0, closed: 1 });
    const api = (await intervals(org)).find((r) => r.resource_id === 'api')!;
    expect(iso(api.valid_to)).toBe(day(3));
    expect((await s.history.statusAt(org, { kind: 'resource', id: 'api' }, day(2))).state).toBe('fail');
    expect(await s.history.statusAt(org, { kind: 'resource', id: 'api' }, day(3))).toMatchObject({ state: 'absent', results: [] });
    expect((await s.history.statusAt(org, { kind: 'resource', id: 'other' }, day(3))).state).toBe('pass');
    // Once gone, the check stops failing.
    expect((await s.history.statusAt(org, { kind: 'check', id: CPU }, day(3))).checks).toEqual([{ checkId: CPU, state: 'pass', pass: 2, fail: 0, resources: 2, since: day(3) }]);
  });

  it('closes results only of the checks the run evaluated: those it has results for, or those it names', async () => {
    const org = await newOrg();
    await record(org, day(1), [[CPU, 'web', 'fail'], [MEM, 'web', 'pass']]);
    // A run of CPU only (`attest scan --check`): MEM's result stays current.
    expect((await record(org, day(2), [[CPU, 'web', 'fail']])).changes).toEqual({ opened: 0, closed: 0 });
    // A run that ran both checks and found no workload closes both.
    expect((await record(org, day(3), [], { checks: [CPU, MEM] })).changes).toEqual({ opened: 0, closed: 2 });
    expect((await intervals(org)).every((r) => r.valid_to !== null)).toBe(true);
    expect((await s.history.statusAt(org, { kind: 'control', id: CONTROL }, day(3))).state).toBe('none');
  });

  it('keeps one state per check and resource: several outcomes collapse to the most severe', async () => {
    const org = await newOrg();
    const { run } = await record(org, day(1), [[CPU, 'web', 'pass'], [CPU, 'web', 'fail', 'b_reason'], [CPU, 'web', 'fail', 'a_reason'], [CPU, 'web', 'not_applicable']]);
    expect((await intervals(org)).map((r) => [r.status, r.reason])).toEqual([['fail', 'a_reason']]);
    expect((await s.scans.run(org, run.id)).checks[0]).toMatchObject({ resources: 1, fail: 1, pass: 0 });
  });

  it('stores every field as given, including nulls, line numbers and separator characters in text', async () => {
    const odd: StoredResult = { ...result([CPU, 'a\u001fb', 'fail', 'r\u001ex']), message: 'line one\nline "two" \\ \u001f', path: null, startLine: null, endLine: 12 };
    const plain = result([CPU, 'web', 'fail']);
    for (const rows of [[plain], [plain, odd]]) {
      const batch = await newOrg();
      await s.scans.record(batch, { startedAt: day(1), finishedAt: day(1), targets: ['x'], results: rows }, 'test');
      await s.scans.settle(batch);
      const stored = await s.ctx.store.repos.history.resultsAt(batch, {}, day(1), { limit: 10 });
      expect(stored.map(({ validFrom: _f, validTo: _t, ...r }) => r)).toEqual([...rows].sort((a, b) => (a.resourceId < b.resourceId ? -1 : 1)));
    }
  });

  it('keeps the open partition from bloating on the embedded engine, which has no autovacuum', async () => {
    const org = await newOrg();
    const rows = (fail: number) => Array.from({ length: 400 }, (_, i): Row => [CPU, `w${i}`, i % 4 === fail ? 'fail' : 'pass']);
    // Each run's changes settled after it, as the settle-history job does.
    for (let n = 0; n < 4; n++) {
      await record(org, day(n + 1), rows(n));
      await s.scans.settle(org);
    }
    await db.query('SELECT pg_stat_force_next_flush()');
    const [stats] = await db.query<{ live: number; dead: number }>(`SELECT n_live_tup::int AS live, n_dead_tup::int AS dead FROM pg_stat_user_tables WHERE relname = 'result_intervals_open'`);
    // Each run closes half of the 400 results; without a vacuum the partition would hold 600 dead rows.
    // (A server's statistics come from several connections, flushed on their own time; its autovacuum does this work there.)
    if (engine.name === 'pglite') {
      expect(stats!.live).toBeGreaterThanOrEqual(400);
      expect(stats!.dead).toBeLessThanOrEqual(50 + 0.2 * stats!.live + 200);
    }
    expect((await intervals(org)).filter((r) => r.valid_to === null)).toHaveLength(400);
  });

  it('checkpoints once the log written since the last checkpoint passes the threshold (PGlite has no checkpointer)', async () => {
    const org = await newOrg();
    await record(org, day(1), Array.from({ length: 300 }, (_, i): Row => [CPU, `w${i}`, 'pass']));
    const since = async () => Number((await db.query<{ n: number }>(
      'SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), (SELECT redo_lsn FROM pg_control_checkpoint()))::bigint AS n'))[0]!.n);
    const before = await since();
    expect(await s.ctx.store.repos.scans.checkpointIfDue(before * 1000)).toBe(false);
    expect(await s.ctx.store.repos.scans.checkpointIfDue(1)).toBe(true);
    expect(await since()).toBeLessThan(before);
  });

  it('refuses a run that finished before the latest one recorded, storing nothing', async () => {
    const org = await newOrg();
    await record(org, day(5), [[CPU, 'web', 'pass']]);
    for (const at of [day(4), day(5)]) {
      await expect(record(org, at, [[CPU, 'web', 'fail']])).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'conflict');
    }
    expect(await s.scans.runs(org)).toHaveLength(1);
    expect(await intervals(org)).toHaveLength(1);
  });

  it('keeps open intervals in the open partition and moves closed ones to the month they closed in', async () => {
    const org = await newOrg();
    await record(org, '2026-09-30T23:00:00Z', [[CPU, 'web', 'fail']]);
    await record(org, '2026-10-01T01:00:00Z', [[CPU, 'web', 'pass']]);
    await record(org, '2026-11-02T01:00:00Z', [[CPU, 'web', 'fail']]);
    expect((await intervals(org)).map((r) => [r.status, r.part])).toEqual([
      ['fail', 'result_intervals_y2026m10'], ['pass', 'result_intervals_y2026m11'], ['fail', 'result_intervals_open'],
    ]);
  });

  it('answers the status of a check, a resource and a control at any instant', async () => {
    const org = await newOrg();
    await record(org, day(1), [[CPU, 'web', 'pass'], [CPU, 'api', 'pass'], [MEM, 'web', 'pass']]);
    await record(org, day(3), [[CPU, 'web', 'pass'], [CPU, 'api', 'fail'], [MEM, 'web', 'pass']]);
    await record(org, day(5), [[CPU, 'web', 'pass'], [CPU, 'api', 'pass'], [MEM, 'web', 'fail', 'no_limit', 'web: no memory limit']]);

    const check = (at: string) => s.history.statusAt(org, { kind: 'check', id: CPU }, at);
    expect((await check('2026-09-30')).state).toBe('none');
    expect((await check(day(2))).state).toBe('pass');
    expect(await check(day(4))).toMatchObject({ state: 'fail', checks: [{ checkId: CPU, pass: 1, fail: 1, since: day(3) }] });
    expect((await check(day(5))).state).toBe('pass');

    const web = await s.history.statusAt(org, { kind: 'resource', id: 'web' }, day(6));
    expect(web.state).toBe('fail');
    expect(web.results).toEqual([
      expect.objectContaining({ checkId: CPU, status: 'pass', since: day(1) }),
      expect.objectContaining({ checkId: MEM, status: 'fail', reason: 'no_limit', message: 'web: no memory limit', path: 'k8s/app.yaml', since: day(5) }),
    ]);
    expect((await s.history.statusAt(org, { kind: 'resource', id: 'web', check: CPU }, day(6))).state).toBe('pass');

    const control = (at: string) => s.history.statusAt(org, { kind: 'control', id: CONTROL }, at);
    expect((await control(day(2))).state).toBe('pass');
    expect((await control(day(4))).checks!.map((c) => [c.checkId, c.state])).toEqual([[CPU, 'fail'], [MEM, 'pass']]);
    expect((await control(day(4))).state).toBe('fail');
    expect((await control(day(6))).state).toBe('fail');
    // And the current status of the control agrees.
    expect(await s.controls.get(org, CONTROL)).toMatchObject({ status: 'failing', explanation: `failing: ${MEM} fails on 1 of 1 k8s.workload resource (scan of ${day(5).slice(0, 10)})` });
  });

  it('gives the share of a period passing and the failing windows, for a check, a resource and a control', async () => {
    const org = await newOrg();
    await record(org, day(1), [[CPU, 'web', 'pass'], [MEM, 'web', 'pass']]);
    await record(org, day(3), [[CPU, 'web', 'fail'], [MEM, 'web', 'pass']]);
    await record(org, day(5), [[CPU, 'web', 'pass'], [MEM, 'web', 'fail']]);
    await record(org, day(7), [[CPU, 'web', 'pass'], [MEM, 'web', 'pass']]);
    await record(org, day(9), [[CPU, 'web', 'fail'], [MEM, 'web', 'pass']]);
    const period = { from: day(1), to: day(11) }; // ten days

    const cpu = await s.history.period(org, { kind: 'check', id: CPU }, period);
    expect(cpu.passingShare).toBeCloseTo(0.6, 10);
    expect(cpu.failingShare).toBeCloseTo(0.4, 10);
    expect(cpu.failingWindows).toEqual([{ start: day(3), end: day(5), ongoing: false }, { start: day(9), end: day(11), ongoing: true }]);

    const resource = await s.history.period(org, { kind: 'resource', id: 'web', check: MEM }, period);
    expect(resource.failingWindows).toEqual([{ start: day(5), end: day(7), ongoing: false }]);

    // The control fails while either check fails: 3→7 (merged) and 9 onwards.
    const control = await s.history.period(org, { kind: 'control', id: CONTROL }, period);
    expect(control.failingShare).toBeCloseTo(0.6, 10);
    expect(control.passingShare).toBeCloseTo(0.4, 10);
    expect(control.failingWindows).toEqual([{ start: day(3), end: day(7), ongoing: false }, { start: day(9), end: day(11), ongoing: true }]);
    expect(await s.history.period(org, { kind: 'resource', id: 'web' }, period)).toMatchObject({ failingShare: control.failingShare, failingWindows: control.failingWindows });

    // Before the first run there is no data; the period stops at now.
    const wide = await s.history.period(org, { kind: 'check', id: CPU }, { from: '2026-09-21', to: '2027-06-01' });
    expect(wide.to).toBe(s.now.value.toISOString());
    expect(wide.noDataShare).toBeGreaterThan(0.1);

    const all = await s.history.effectiveness(org, period);
    const bcp06 = all.controls.find((c) => c.controlId === CONTROL)!;
    expect(bcp06).toMatchObject({ checks: [CPU, MEM], failingWindows: control.failingWindows, inScope: true });
    expect(bcp06.failingShare).toBeCloseTo(0.6, 10);
    expect(all.controls.find((c) => c.controlId === 'IAM-10')).toMatchObject({ noDataShare: 1, failingWindows: [] });
    expect(all.controls).toHaveLength(s.ctx.catalog.controls.length);
  });

  it('reconstructs every run exactly from the intervals, and the roll-up agrees with them at every run', async () => {
    const org = await newOrg();
    let seed = 7;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const statuses: StoredResult['status'][] = ['pass', 'pass', 'pass', 'fail', 'fail', 'unknown', 'not_applicable'];
    const runs: { at: string; rows: Row[] }[] = [];
    for (let n = 0; n < 12; n++) {
      const rows: Row[] = [];
      for (const check of [CPU, MEM]) {
        for (let r = 0; r < 15; r++) {
          if (rand() < 0.15) continue; // absent from this run
          const status = statuses[Math.floor(rand() * statuses.length)]!;
          rows.push([check, `w${r}`, status, status === 'fail' ? (rand() < 0.5 ? 'no_limit' : 'too_high') : undefined]);
        }
      }
      runs.push({ at: day(n + 1), rows });
      await record(org, day(n + 1), rows);
    }
    await s.scans.settle(org);
    for (const { at, rows } of runs) {
      const stored = await s.ctx.store.repos.history.resultsAt(org, {}, at, { limit: 1000 });
      const key = (c: string, r: string, st: string, re: string | null) => `${c} ${r} ${st} ${re}`;
      expect(stored.map((x) => key(x.checkId, x.resourceId, x.status, x.reason)).sort())
        .toEqual(rows.map(result).map((x) => key(x.checkId, x.resourceId, x.status, x.reason)).sort());
      const status = await s.history.statusAt(org, { kind: 'control', id: CONTROL }, at);
      for (const c of status.checks!) {
        const mine = rows.filter((x) => x[0] === c.checkId);
        expect([c.pass, c.fail, c.resources]).toEqual([mine.filter((x) => x[2] === 'pass').length, mine.filter((x) => x[2] === 'fail').length, mine.length]);
      }
    }
    // Storage grows with changes: fewer intervals than results recorded.
    expect((await intervals(org)).length).toBeLessThan(runs.reduce((n, r) => n + r.rows.length, 0));
  });

  it('refuses instants in the future, bad periods, unknown checks and controls; sees no other organization', async () => {
    const org = await newOrg();
    const other = await newOrg();
    await record(other, day(1), [[CPU, 'web', 'fail']]);
    const fields = async (p: Promise<unknown>, code: string) => {
      const e = await p.then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe(code);
      return (e as AppError).fields.map((f) => `${f.field} ${f.code}`).sort();
    };
    expect(await fields(s.history.statusAt(org, { kind: 'check', id: CPU }, '2027-01-01'), 'invalid_input')).toEqual(['at future_date']);
    expect(await fields(s.history.statusAt(org, { kind: 'check', id: CPU }, 'soon'), 'invalid_input')).toEqual(['at invalid_date']);
    expect(await fields(s.history.period(org, { kind: 'check', id: CPU }, { from: day(5), to: day(2) }), 'invalid_input')).toEqual(['to before_start']);
    expect(await fields(s.history.period(org, { kind: 'check', id: CPU }, { from: '2027-01-01', to: '2027-02-01' }), 'invalid_input')).toEqual(['from future_date']);
    expect(await fields(s.history.statusAt(org, { kind: 'check', id: 'no-such-check' }, day(1)), 'not_found')).toEqual(['id unknown_id']);
    expect(await fields(s.history.statusAt(org, { kind: 'resource', id: 'web', check: 'no-such-check' }, day(1)), 'not_found')).toEqual(['check unknown_id']);
    expect(await fields(s.history.period(org, { kind: 'control', id: 'NOPE-01' }, { from: day(1), to: day(2) }), 'not_found')).toEqual(['id unknown_id']);
    expect((await s.history.statusAt(org, { kind: 'check', id: CPU }, day(2))).state).toBe('none');
    expect((await s.history.statusAt(org, { kind: 'resource', id: 'web' }, day(2))).state).toBe('absent');
    expect((await s.history.statusAt(other, { kind: 'resource', id: 'web' }, day(2))).state).toBe('fail');
  });
});
