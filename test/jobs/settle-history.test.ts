// A run's changes become intervals after its ingest (migration 0017), on both engines: the
// ingest appends them to result_changes and queues the settle-history job; the job, the next
// ingest, or the first read of intervals settles them, whichever comes first; nothing reads
// intervals without them.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCollectors } from '../../src/cli/collectors.js';
import { silentLogger } from '../../src/jobs/log.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { Worker } from '../../src/jobs/worker.js';
import type { Db } from '../../src/store/db.js';
import type { StoredResult } from '../../src/store/index.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

const CPU = 'k8s-workload-cpu-limit';
const result = (resourceId: string, status: 'pass' | 'fail'): StoredResult => ({
  checkId: CPU, resourceType: 'k8s.workload', resourceId, status, reason: status === 'fail' ? 'no_limit' : null, message: null,
  severity: 'medium', path: null, startLine: null, endLine: null,
});
const day = (n: number) => new Date(Date.UTC(2026, 9, n, 6)).toISOString();

describe.each(engines)('settling result changes on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  let root: string;
  let worker: Worker;

  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db, { now: '2026-11-24T12:00:00Z' });
    root = mkdtempSync(join(tmpdir(), 'attest-settle-'));
    worker = new Worker(s.ctx, jobRegistry(), { collectors: loadCollectors, scanRoot: root, version: 'test' }, { id: 'w', leaseMs: 60_000, pollMs: 20, graceMs: 100, scheduleEveryMs: 0, log: silentLogger });
  });
  afterAll(async () => {
    await db?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const newOrg = async () => {
    const id = randomUUID();
    await s.ctx.store.repos.organizations.insert({ id, name: `Org ${id.slice(0, 8)}`, slug: `org-${id}` });
    return id;
  };
  const ingest = (org: string, n: number, results: StoredResult[]) =>
    s.scans.ingest(org, { startedAt: day(n), finishedAt: day(n), targets: ['k8s'] }, [results], 'test');
  const count = async (sql: string, org: string) => Number((await db.query<{ n: number }>(sql, [org]))[0]!.n);
  const pending = (org: string) => count('SELECT count(*)::int AS n FROM result_changes WHERE org_id = $1', org);
  const open = async (org: string) => (await db.query<{ k: string }>(
    `SELECT resource_id || ' ' || status AS k FROM result_intervals WHERE org_id = $1 AND valid_to IS NULL ORDER BY 1`, [org])).map((r) => r.k);

  it('appends the changes and queues the job; the job turns them into intervals, once', async () => {
    const org = await newOrg();
    const { run } = await ingest(org, 1, [result('web', 'pass'), result('api', 'fail')]);
    expect(await pending(org)).toBe(2);
    expect(await open(org)).toEqual([]);
    const jobs = (await s.jobs.list(org, {})).filter((j) => j.name === 'settle-history');
    expect(jobs.map((j) => [j.key, j.state])).toEqual([[`settle-history:${run.id}`, 'queued']]);

    expect((await worker.runOnce())?.jobId).toBe(jobs[0]!.id);
    const done = await s.jobs.get(org, jobs[0]!.id);
    expect(done.state, JSON.stringify(done.lastError)).toBe('completed');
    expect(done.result).toEqual({ runs: 1, opened: 2, closed: 0, mismatched: 0 });
    expect(await pending(org)).toBe(0);
    expect(await open(org)).toEqual(['api fail', 'web pass']);
    // Settling again finds nothing.
    expect(await s.scans.settle(org)).toBeNull();
  });

  it('queues one job for runs recorded while one is waiting', async () => {
    const org = await newOrg();
    const first = await ingest(org, 1, [result('web', 'pass')]);
    await ingest(org, 2, [result('web', 'fail')]);
    const queued = async () => (await s.jobs.list(org, { name: 'settle-history' })).map((j) => [j.key, j.state]);
    expect(await queued()).toEqual([[`settle-history:${first.run.id}`, 'queued']]);
    // Once it has run, the next run queues its own.
    expect((await worker.runOnce())?.jobId).toBeDefined();
    const third = await ingest(org, 3, [result('web', 'pass')]);
    expect((await queued()).sort()).toEqual([[`settle-history:${first.run.id}`, 'completed'], [`settle-history:${third.run.id}`, 'queued']].sort());
    expect(await worker.runOnce()).not.toBeNull();
    expect(await pending(org)).toBe(0);
    expect(await open(org)).toEqual(['web pass']);
  });

  it('settles before the next ingest compares, and before any read of intervals', async () => {
    const org = await newOrg();
    await ingest(org, 1, [result('web', 'pass'), result('api', 'fail')]);
    // No worker ran: the next ingest settles run 1 first, then appends its own change.
    const second = await ingest(org, 2, [result('web', 'pass'), result('api', 'pass')]);
    expect(second.changes).toEqual({ opened: 1, closed: 1 });
    expect(await pending(org)).toBe(1);
    expect(await open(org)).toEqual(['api fail', 'web pass']);
    // A read of a resource's status settles run 2 before it reads.
    const api = await s.history.statusAt(org, { kind: 'resource', id: 'api' }, day(3));
    expect(api.state).toBe('pass');
    expect(await pending(org)).toBe(0);
    expect(await open(org)).toEqual(['api pass', 'web pass']);

    // So do a resource's period and a run's failures.
    await ingest(org, 3, [result('web', 'fail'), result('api', 'pass')]);
    const failures = await s.scans.failures(org, (await s.scans.runs(org))[0]!.id, null);
    expect(failures.map((f) => f.resourceId)).toEqual(['web']);
    await ingest(org, 4, [result('web', 'pass'), result('api', 'pass')]);
    const web = await s.history.period(org, { kind: 'resource', id: 'web' }, { from: day(1), to: day(5) });
    expect(web.failingWindows).toEqual([{ start: day(3), end: day(4), ongoing: false }]);
    expect(await pending(org)).toBe(0);
  });

  it('keeps the table of pending changes from bloating on the embedded engine', async () => {
    const org = await newOrg();
    const rows = (fail: number) => Array.from({ length: 400 }, (_, i) => result(`w${i}`, i % 4 === fail ? 'fail' : 'pass'));
    for (let n = 0; n < 4; n++) {
      await ingest(org, n + 1, rows(n));
      expect(await s.scans.settle(org)).toMatchObject({ runs: 1, opened: n === 0 ? 400 : 200, mismatched: 0 });
      expect(await pending(org)).toBe(0);
    }
    await db.query('SELECT pg_stat_force_next_flush()');
    const [stats] = await db.query<{ dead: number }>(`SELECT n_dead_tup::int AS dead FROM pg_stat_user_tables WHERE relname = 'result_changes'`);
    // 400 + 3 × 200 changes settled and deleted; without a vacuum they would all be dead rows.
    if (engine.name === 'pglite') expect(stats!.dead).toBeLessThanOrEqual(250);
  });
});
