// /api/schedules, /api/jobs, /api/readiness/history, /api/integrity/checks: schedules read and
// changed (validated, audited, admins only), jobs with their runs, durations and errors,
// filtered and bounded, and another organization's jobs out of reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/jobs/log.js';
import { Queue } from '../../src/jobs/queue.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { Worker } from '../../src/jobs/worker.js';
import type { JobView, ScheduleView } from '../../src/app/index.js';
import { fieldCodes, errorOf, openApp, type Harness } from './harness.js';

let h: Harness;
let worker: Worker;
let queue: Queue;
beforeAll(async () => {
  h = await openApp();
  const registry = jobRegistry();
  queue = new Queue(h.services.ctx, registry);
  worker = new Worker(h.services.ctx, registry, { collectors: async () => { throw new Error('unused'); }, scanRoot: '/nonexistent-root', version: 'test' },
    { id: 'http-worker', leaseMs: 60_000, pollMs: 20, graceMs: 100, scheduleEveryMs: 0, log: silentLogger });
});
afterAll(async () => {
  await h?.close();
});

describe('/api/schedules', () => {
  it('lists every schedulable job with its declared default until changed', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/schedules' });
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json<ScheduleView[]>();
    expect(rows.map((r) => [r.job, r.cron, r.enabled, r.stored])).toEqual([
      ['evaluate-status', '5 * * * *', true, false],
      ['verify-integrity', '17 3 * * *', true, false],
      ['scan-path', '0 2 * * *', false, false],
      ['prune-jobs', '43 4 * * *', true, false],
      ['generate-tasks', '11 0 * * *', true, false],
      ['alert-digest', '0 7 * * *', true, false],
      ['prune-alerts', '53 4 * * *', true, false],
    ]);
    expect(rows[0]!.nextRunAt).toBe('2026-11-24T12:05:00.000Z'); // the test clock is 12:00
  });

  it('changes a schedule, records who did in the audit log, and keeps unspecified fields', async () => {
    const res = await h.inject({ method: 'PUT', url: '/api/schedules/scan-path', payload: { enabled: true, cron: '30 1 * * MON', options: { paths: ['infra', 'k8s'] } } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ScheduleView>()).toMatchObject({ job: 'scan-path', cron: '30 1 * * MON', enabled: true, options: { paths: ['infra', 'k8s'] }, nextRunAt: '2026-11-30T01:30:00.000Z', stored: true, updatedBy: h.owner!.actor });
    const off = await h.inject({ method: 'PUT', url: '/api/schedules/scan-path', payload: { enabled: false } });
    expect(off.json<ScheduleView>()).toMatchObject({ cron: '30 1 * * MON', enabled: false, options: { paths: ['infra', 'k8s'] }, nextRunAt: null });
    const log = (await h.inject({ method: 'GET', url: '/api/audit-log?limit=2' })).json<{ actor: string; action: string; entityId: string }[]>();
    expect(log.map((e) => [e.action, e.entityId, e.actor])).toEqual([['schedule.update', 'scan-path', h.owner!.actor], ['schedule.update', 'scan-path', h.owner!.actor]]);
  });

  it('reports every problem of a change at once, with fields and codes', async () => {
    const bad = await h.inject({ method: 'PUT', url: '/api/schedules/scan-path', payload: { enabled: true, cron: '0 0 31 2 *', options: { paths: ['../../etc'] } } });
    expect(bad.statusCode).toBe(400);
    expect(fieldCodes(bad)).toEqual(['cron never_runs', 'options.paths.0 invalid_path']);
    const empty = await h.inject({ method: 'PUT', url: '/api/schedules/verify-integrity', payload: {} });
    expect(empty.statusCode).toBe(400);
    const unknownOption = await h.inject({ method: 'PUT', url: '/api/schedules/verify-integrity', payload: { options: { depth: 2 } } });
    expect(unknownOption.statusCode).toBe(400);
    const unknownJob = await h.inject({ method: 'PUT', url: '/api/schedules/mine-bitcoin', payload: { enabled: true } });
    expect(unknownJob.statusCode).toBe(404);
    expect(errorOf(unknownJob).fields).toEqual([expect.objectContaining({ field: 'job', code: 'unknown_id' })]);
  });

  it('lets any member read schedules; only owners and admins change them', async () => {
    const viewer = await h.as('viewer');
    expect((await viewer.inject({ method: 'GET', url: '/api/schedules' })).statusCode).toBe(200);
    const refused = await viewer.inject({ method: 'PUT', url: '/api/schedules/verify-integrity', payload: { cron: '@daily' } });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).fields).toEqual([expect.objectContaining({ field: 'permission', code: 'missing_permission', message: 'schedules:write' })]);
    const member = await h.as('member');
    expect((await member.inject({ method: 'PUT', url: '/api/schedules/verify-integrity', payload: { cron: '@daily' } })).statusCode).toBe(403);
    const admin = await h.as('admin');
    expect((await admin.inject({ method: 'PUT', url: '/api/schedules/verify-integrity', payload: { cron: '@daily' } })).statusCode).toBe(200);
  });
});

describe('POST /api/schedules/:job/run', () => {
  it('queues a scheduled job now with its schedule\'s options, for owners and admins', async () => {
    const res = await h.inject({ method: 'POST', url: '/api/schedules/scan-path/run' });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json<JobView>()).toMatchObject({ name: 'scan-path', state: 'queued', attempts: 0, payload: { paths: ['infra', 'k8s'], scheduledFor: '2026-11-24T12:00:00.000Z' }, runs: [] });
    const viewer = await h.as('viewer');
    expect((await viewer.inject({ method: 'POST', url: '/api/schedules/verify-integrity/run' })).statusCode).toBe(403);
    expect((await h.inject({ method: 'POST', url: '/api/schedules/mine-bitcoin/run' })).statusCode).toBe(404);
    // Run it now, so the jobs below are the only ones due.
    h.services.now.value = new Date('2026-11-24T12:01:00Z');
    expect((await worker.runOnce())?.outcome).toBe('failed');
  });

  it('refuses to run scan-path before it has folders', async () => {
    const other = await h.newOrg('No Folders Co');
    const owner = await h.as('owner', { org: other });
    const res = await owner.inject({ method: 'POST', url: '/api/schedules/scan-path/run' });
    expect(res.statusCode).toBe(400);
    expect(fieldCodes(res)).toEqual(['options.paths required']);
  });
});

describe('/api/jobs', () => {
  let failedId: string;
  let completedId: string;

  beforeAll(async () => {
    const org = h.org!;
    completedId = (await queue.enqueue(org.id, 'evaluate-status', { scheduledFor: '2026-11-24T12:05:00Z' })).job.id;
    expect((await worker.runOnce())?.outcome).toBe('completed');
    h.services.now.value = new Date('2026-11-24T12:10:00Z');
    failedId = (await queue.enqueue(org.id, 'scan-path', { scheduledFor: '2026-11-24T12:10:00Z', paths: ['infra'] })).job.id;
    expect((await worker.runOnce())?.outcome).toBe('failed'); // the scan root does not exist: a permanent error
  });

  it('lists jobs newest first with their runs, durations and errors', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/jobs' });
    expect(res.statusCode, res.body).toBe(200);
    const jobs = res.json<JobView[]>();
    expect(jobs.map((j) => [j.id, j.name, j.state]).slice(0, 2)).toEqual([[failedId, 'scan-path', 'failed'], [completedId, 'evaluate-status', 'completed']]);
    expect(jobs[0]).toMatchObject({ attempts: 1, maxAttempts: 3, lastError: { code: 'invalid_input' }, runs: [{ attempt: 1, worker: 'http-worker', outcome: 'failed', error: { code: 'invalid_input' } }] });
    expect(jobs[0]!.lastError!.message).toMatch(/ATTEST_SCAN_ROOT/);
    expect(jobs[1]).toMatchObject({ key: 'evaluate-status@2026-11-24T12:05:00.000Z', result: { day: '2026-11-24' }, durationMs: 0, runs: [{ outcome: 'completed', durationMs: 0 }] });
  });

  it('filters by state and bounds the list', async () => {
    const failed = await h.inject({ method: 'GET', url: '/api/jobs?status=failed' });
    expect(failed.json<JobView[]>().map((j) => j.id)[0]).toBe(failedId);
    expect(failed.json<JobView[]>().every((j) => j.state === 'failed')).toBe(true);
    const completed = await h.inject({ method: 'GET', url: '/api/jobs?status=completed' });
    expect(completed.json<JobView[]>().map((j) => j.id)).toEqual([completedId]);
    const one = await h.inject({ method: 'GET', url: '/api/jobs?limit=1' });
    expect(one.json<JobView[]>()).toHaveLength(1);
    for (const q of ['status=done', 'limit=0', 'limit=201', 'colour=red']) {
      const res = await h.inject({ method: 'GET', url: `/api/jobs?${q}` });
      expect(res.statusCode, q).toBe(400);
    }
  });

  it('shows one job, and answers 404 for another organization\'s job', async () => {
    const res = await h.inject({ method: 'GET', url: `/api/jobs/${completedId}` });
    expect(res.json<JobView>()).toMatchObject({ id: completedId, state: 'completed' });
    const other = await h.newOrg('Other Org');
    const theirs = (await queue.enqueue(other.id, 'evaluate-status', { scheduledFor: '2026-11-24T12:05:00Z' })).job.id;
    const refused = await h.inject({ method: 'GET', url: `/api/jobs/${theirs}` });
    expect(refused.statusCode).toBe(404);
    expect((await h.inject({ method: 'GET', url: '/api/jobs' })).json<JobView[]>().map((j) => j.id)).not.toContain(theirs);
    expect((await h.inject({ method: 'GET', url: '/api/jobs/not-a-uuid' })).statusCode).toBe(404);
  });
});

describe('what the monitoring jobs recorded', () => {
  it('serves the readiness trend and validates its range', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/readiness/history?from=2026-11-01&to=2026-11-30' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ day: string }[]>().map((d) => d.day)).toEqual(['2026-11-24']);
    const bad = await h.inject({ method: 'GET', url: '/api/readiness/history?from=2026-02-30' });
    expect(fieldCodes(bad)).toEqual(['from invalid_date']);
  });

  it('serves integrity outcomes to those who may verify integrity', async () => {
    h.services.now.value = new Date('2026-11-24T12:20:00Z');
    const { job } = await queue.enqueue(h.org!.id, 'verify-integrity', { scheduledFor: '2026-11-24T12:20:00Z' });
    while (await worker.runOnce()); // also the other organization's job, enqueued above
    expect((await h.services.jobs.get(h.org!.id, job.id)).state).toBe('completed');
    const res = await h.inject({ method: 'GET', url: '/api/integrity/checks' });
    expect(res.json<{ ok: boolean; problemCount: number }[]>()).toEqual([expect.objectContaining({ ok: true, problemCount: 0 })]);
    const viewer = await h.as('viewer');
    expect((await viewer.inject({ method: 'GET', url: '/api/integrity/checks' })).statusCode).toBe(403);
  });
});
