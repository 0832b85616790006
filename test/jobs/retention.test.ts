// Job retention on both engines: the prune-jobs job, run through the queue and a worker,
// deletes an organization's finished jobs (completed or failed) older than the retention
// period with their runs, and nothing else: not queued or running jobs however old, not the
// last job of a schedule, not another organization's jobs, and never evidence, result
// history, integrity outcomes or the audit log.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/cli/config.js';
import { loadCollectors } from '../../src/cli/collectors.js';
import { scheduleDefaults } from '../../src/app/jobs.service.js';
import { silentLogger } from '../../src/jobs/log.js';
import { PRUNE_BATCH } from '../../src/jobs/prune-jobs.js';
import { Queue } from '../../src/jobs/queue.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { Worker } from '../../src/jobs/worker.js';
import type { Db } from '../../src/store/db.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

it('reads ATTEST_JOB_RETENTION_DAYS (default 30) and refuses a value that is not a whole number of days', () => {
  expect(loadConfig({}, '/tmp').jobs.retentionDays).toBe(30);
  expect(loadConfig({ ATTEST_JOB_RETENTION_DAYS: '90' }, '/tmp').jobs.retentionDays).toBe(90);
  for (const bad of ['0', '-3', '1.5', 'forever']) {
    expect(() => loadConfig({ ATTEST_JOB_RETENTION_DAYS: bad }, '/tmp'), bad).toThrow(/ATTEST_JOB_RETENTION_DAYS/);
  }
});

describe.each(engines)('job retention on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  let orgId: string;
  let otherOrg: string;
  let queue: Queue;
  let root: string;
  const registry = jobRegistry();
  const workerWith = (jobRetentionDays?: number) => new Worker(s.ctx, registry, { collectors: loadCollectors, scanRoot: root, version: 'test', ...(jobRetentionDays ? { jobRetentionDays } : {}) },
    { id: 'w', leaseMs: 60_000, pollMs: 20, graceMs: 100, scheduleEveryMs: 0, log: silentLogger });
  const at = (iso: string) => { s.now.value = new Date(iso); };
  const run = async (org: string, name: string, payload: Record<string, unknown>, worker = workerWith()) => {
    const { job } = await queue.enqueue(org, name, payload);
    const ran = await worker.runOnce();
    expect(ran?.jobId).toBe(job.id);
    return s.jobs.get(org, job.id);
  };
  /** Enqueues a job and claims it for a worker that then never ends it; the lease runs until `until`. */
  const claimAndAbandon = async (org: string, scheduledFor: string, until: string) => {
    const { job } = await queue.enqueue(org, 'evaluate-status', { scheduledFor });
    const claim = await s.ctx.store.transaction((repos) => repos.jobs.claim(['evaluate-status'], 'gone-worker', randomUUID(), s.now.value, new Date(until)));
    expect(claim?.job.id).toBe(job.id);
    return job.id;
  };
  const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params))[0]!.n;
  const keptTables = async () => ({
    evidence: await count('SELECT count(*)::int AS n FROM evidence WHERE org_id = $1', [orgId]),
    auditLog: await count('SELECT count(*)::int AS n FROM audit_log WHERE org_id = $1', [orgId]),
    intervals: await count('SELECT count(*)::int AS n FROM result_intervals WHERE org_id = $1', [orgId]),
    integrity: await count('SELECT count(*)::int AS n FROM integrity_checks WHERE org_id = $1', [orgId]),
    snapshots: await count('SELECT count(*)::int AS n FROM readiness_snapshots WHERE org_id = $1', [orgId]),
  });
  const jobIds = async (org: string) => (await db.query<{ id: string }>('SELECT id FROM jobs WHERE org_id = $1 ORDER BY id', [org])).map((r) => r.id);
  const runsOf = (ids: string[]) => count('SELECT count(*)::int AS n FROM job_runs WHERE job_id = ANY($1::uuid[])', [ids]);

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db);
    root = mkdtempSync(join(tmpdir(), 'attest-retention-root-'));
    queue = new Queue(s.ctx, registry);
    at('2026-09-30T00:00:00Z');
    orgId = (await s.workspace.init({ name: 'Retention Co' }, 'test')).org.id;
    otherOrg = (await s.ctx.store.repos.organizations.insert({ id: randomUUID(), name: 'Other Co', slug: 'other-co' })).id;
    await s.ctx.store.repos.schedules.seedDefaults(scheduleDefaults(s.now.value), s.now.value);

    // Old and finished: completed after a worker died holding it (two runs), failed, and one
    // whose integrity outcome must outlive it.
    at('2026-10-01T00:00:00Z');
    ids.twice = await claimAndAbandon(orgId, '2026-10-01T00:00:00Z', '2026-10-01T00:01:00Z');
    at('2026-10-01T00:05:00Z');
    expect(await workerWith().runOnce()).toMatchObject({ jobId: ids.twice });
    at('2026-10-02T00:00:00Z');
    ids.refused = (await run(orgId, 'scan-path', { scheduledFor: '2026-10-02T00:00:00Z', paths: ['/etc'] })).id;
    at('2026-10-03T00:00:00Z');
    ids.verified = (await run(orgId, 'verify-integrity', { scheduledFor: '2026-10-03T00:00:00Z' })).id;
    // Old and finished, but kept: another organization's, and the last job of a schedule.
    ids.otherOrg = (await run(otherOrg, 'verify-integrity', { scheduledFor: '2026-10-03T00:00:00Z' })).id;
    at('2026-10-04T00:00:00Z');
    ids.lastOfSchedule = (await run(orgId, 'evaluate-status', { scheduledFor: '2026-10-04T00:00:00Z' })).id;
    await db.query(`UPDATE job_schedules SET last_job_id = $2 WHERE org_id = $1 AND job = 'evaluate-status'`, [orgId, ids.lastOfSchedule]);
    // Old but not finished: queued for later, and running under a lease that has not expired.
    at('2026-10-05T00:00:00Z');
    ids.waiting = (await queue.enqueue(orgId, 'evaluate-status', { scheduledFor: '2026-10-05T00:00:00Z' }, { runAt: new Date('2027-01-01T00:00:00Z') })).job.id;
    ids.stuck = await claimAndAbandon(orgId, '2026-10-06T00:00:00Z', '2027-01-01T00:00:00Z');
    // What the organization keeps whatever happens to its jobs.
    await s.evidence.add(orgId, { filename: 'policy.pdf', controls: ['GOV-01'], description: 'security policy' }, new TextEncoder().encode('%PDF policy'), 'test');
    await s.scans.ingest(orgId, { startedAt: '2026-10-06T00:00:00Z', finishedAt: '2026-10-06T00:01:00Z', targets: ['infra'] }, [[{
      checkId: 's3-bucket-encryption', resourceType: 'aws.s3.bucket', resourceId: 'logs', status: 'fail', reason: 'misconfigured', message: 'not encrypted',
      severity: 'high', path: 'infra/main.tf', startLine: 1, endLine: 3,
    }]], 'test');
    // Its intervals written now, and its settle-history job, not the subject here, taken out of the way.
    await s.scans.settle(orgId);
    await db.query(`DELETE FROM jobs WHERE org_id = $1 AND name = 'settle-history'`, [orgId]);
    // Recent and finished: inside the retention period.
    at('2026-11-14T00:00:00Z');
    ids.recent = (await run(orgId, 'evaluate-status', { scheduledFor: '2026-11-14T00:00:00Z' })).id;
  });
  afterAll(async () => {
    await db?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('deletes finished jobs older than 30 days with their runs, and nothing else', async () => {
    const states: Record<string, string | undefined> = {};
    for (const [k, id] of Object.entries(ids)) states[k] = (await s.ctx.store.repos.jobs.getById(k === 'otherOrg' ? otherOrg : orgId, id))?.state;
    expect(states).toEqual({ twice: 'completed', refused: 'failed', verified: 'completed', otherOrg: 'completed', lastOfSchedule: 'completed', waiting: 'queued', stuck: 'running', recent: 'completed' });
    expect(await runsOf([ids.twice!, ids.refused!, ids.verified!])).toBe(4);
    const before = await keptTables();
    expect(before).toMatchObject({ evidence: 1, integrity: 1, intervals: 1 });
    expect(before.auditLog).toBeGreaterThan(0);

    at('2026-11-24T12:00:00Z');
    const prune = await run(orgId, 'prune-jobs', { scheduledFor: '2026-11-24T12:00:00Z' });
    expect(prune).toMatchObject({ state: 'completed', result: { retentionDays: 30, before: '2026-10-25T12:00:00.000Z', jobs: 3, runs: 4, more: false } });
    const kept = [ids.lastOfSchedule, ids.waiting, ids.stuck, ids.recent, prune.id].sort();
    expect(await jobIds(orgId)).toEqual(kept);
    expect(await jobIds(otherOrg)).toEqual([ids.otherOrg]);
    expect(await runsOf([ids.twice!, ids.refused!, ids.verified!])).toBe(0);
    expect(await runsOf([ids.stuck!])).toBe(1);
    expect(await keptTables()).toEqual(before);
    // The integrity outcome still names the job that recorded it.
    expect(await count('SELECT count(*)::int AS n FROM integrity_checks WHERE org_id = $1 AND job_id = $2', [orgId, ids.verified])).toBe(1);
    // Running it again deletes nothing more.
    at('2026-11-24T12:30:00Z');
    expect((await run(orgId, 'prune-jobs', { scheduledFor: '2026-11-24T12:30:00Z' })).result).toMatchObject({ jobs: 0, runs: 0 });
  });

  it('honours the configured retention, and deletes in bounded batches', async () => {
    at('2026-11-24T13:00:00Z');
    const prune = await run(orgId, 'prune-jobs', { scheduledFor: '2026-11-24T13:00:00Z' }, workerWith(7));
    expect(prune.result).toEqual({ retentionDays: 7, before: '2026-11-17T13:00:00.000Z', jobs: 1, runs: 1, more: false });
    expect(await jobIds(orgId)).not.toContain(ids.recent);
    expect(await jobIds(orgId)).toContain(ids.lastOfSchedule);

    // A batch takes the oldest first and says when more remain.
    const everything = new Date('2027-06-01T00:00:00Z');
    const finished = await count(`SELECT count(*)::int AS n FROM jobs WHERE org_id = $1 AND state IN ('completed', 'failed') AND id <> $2`, [orgId, ids.lastOfSchedule]);
    expect(finished).toBe(3); // the three prune-jobs runs
    const first = await s.ctx.store.transaction((repos) => repos.jobs.pruneFinished(orgId, everything, 2));
    expect(first).toEqual({ jobs: 2, runs: 2, more: true });
    expect(await jobIds(orgId)).toContain(prune.id);
    expect(await s.ctx.store.transaction((repos) => repos.jobs.pruneFinished(orgId, everything, PRUNE_BATCH))).toEqual({ jobs: 1, runs: 1, more: false });
    expect((await jobIds(orgId)).sort()).toEqual([ids.lastOfSchedule, ids.waiting, ids.stuck].sort());
  });
});
