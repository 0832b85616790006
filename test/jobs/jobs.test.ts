// The monitoring jobs on both engines, run through the queue and a worker: evaluate-status
// (daily readiness snapshots), verify-integrity (recorded outcomes, tampering found), and
// scan-path (real collectors on a real folder, results recorded once, the scan root enforced).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../src/checks/registry.js';
import { loadCollectors } from '../../src/cli/collectors.js';
import { loadScanConfig } from '../../src/cli/scan-config.js';
import { silentLogger } from '../../src/jobs/log.js';
import { Queue } from '../../src/jobs/queue.js';
import { JOBS, jobRegistry } from '../../src/jobs/registry.js';
import { SCHEDULED_JOB_NAMES } from '../../src/domain/jobs.js';
import { Worker } from '../../src/jobs/worker.js';
import type { Db } from '../../src/store/db.js';
import { engines } from '../support/engines.js';
import { runQueuedSettles } from '../support/jobs.js';
import { servicesOn, type TestServices } from '../support/services.js';

it('registers a job for every schedulable job, each with a schedule payload and retries', () => {
  const registry = jobRegistry();
  for (const name of SCHEDULED_JOB_NAMES) {
    const def = registry.get(name);
    expect(def?.fromSchedule, name).toBeTypeOf('function');
    expect(def!.retry.attempts, name).toBeGreaterThan(1);
    expect(def!.retry.backoffSeconds, name).toBeGreaterThan(0);
  }
  // Every schedulable job is registered; the other jobs (deliver-alert) are enqueued by the app.
  expect(JOBS.filter((j) => j.fromSchedule).map((j) => j.name).sort()).toEqual([...SCHEDULED_JOB_NAMES].sort());
});

describe.each(engines)('monitoring jobs on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  let orgId: string;
  let queue: Queue;
  let worker: Worker;
  let root: string;
  const at = (iso: string) => { s.now.value = new Date(iso); };
  const run = async (name: string, payload: Record<string, unknown>) => {
    await runQueuedSettles(s, worker, orgId);
    const { job } = await queue.enqueue(orgId, name, payload);
    const ran = await worker.runOnce();
    expect(ran?.jobId).toBe(job.id);
    return s.jobs.get(orgId, job.id);
  };

  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db);
    orgId = (await s.workspace.init({ name: 'Monitor Co' }, 'test')).org.id;
    root = mkdtempSync(join(tmpdir(), 'attest-scan-root-'));
    mkdirSync(join(root, 'infra'));
    writeFileSync(join(root, 'infra/main.tf'), 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n');
    mkdirSync(join(root, 'app'));
    writeFileSync(join(root, 'app/Dockerfile'), 'FROM node:20\nCOPY . /app\nCMD ["node", "/app/server.js"]\n');
    symlinkSync('/etc', join(root, 'escape'));
    const registry = jobRegistry();
    queue = new Queue(s.ctx, registry);
    const scanConfig = (dir: string) => loadScanConfig(undefined, new Set(checks.map((c) => c.meta.id)), dir);
    worker = new Worker(s.ctx, registry, { collectors: loadCollectors, scanRoot: root, scanConfig, version: 'test' }, { id: 'w', leaseMs: 60_000, pollMs: 20, graceMs: 100, scheduleEveryMs: 0, log: silentLogger });
  });
  afterAll(async () => {
    await db?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('evaluate-status stores one snapshot per day, the latest computation of the day, and the history lists the days', async () => {
    at('2026-11-24T12:05:00Z');
    const first = await run('evaluate-status', { scheduledFor: '2026-11-24T12:05:00Z' });
    const report = await s.status.report((await s.workspace.requireOrg()));
    expect(first).toMatchObject({ state: 'completed', attempts: 1, result: { day: '2026-11-24', score: report.readiness.overall.score, evidenced: report.readiness.overall.evidenced } });

    await s.evidence.add(orgId, { filename: 'charter.pdf', controls: ['GOV-01'], description: 'board charter' }, new TextEncoder().encode('%PDF charter'), 'test');
    at('2026-11-24T13:05:00Z');
    const second = await run('evaluate-status', { scheduledFor: '2026-11-24T13:05:00Z' });
    expect(second.result).toMatchObject({ day: '2026-11-24', evidenced: report.readiness.overall.evidenced + 1 });
    let history = await s.jobs.readinessHistory(orgId, { from: '2026-11-01', to: '2026-11-30' });
    expect(history.map((h) => [h.day, h.evidenced, h.computedAt])).toEqual([['2026-11-24', report.readiness.overall.evidenced + 1, '2026-11-24T13:05:00.000Z']]);

    // A retried computation that is older than the stored one does not replace it.
    await s.ctx.store.repos.readiness.upsert(orgId, { ...history[0]!, computedAt: '2026-11-24T12:59:00.000Z', evidenced: 0 });
    expect((await s.jobs.readinessHistory(orgId, { from: '2026-11-24', to: '2026-11-24' }))[0]).toMatchObject({ evidenced: report.readiness.overall.evidenced + 1 });

    at('2026-11-25T00:05:00Z');
    await run('evaluate-status', { scheduledFor: '2026-11-25T00:05:00Z' });
    history = await s.jobs.readinessHistory(orgId, { to: '2026-11-25' });
    expect(history.map((h) => h.day)).toEqual(['2026-11-24', '2026-11-25']);
    expect(history[1]!.categories.map((c) => c.category)).toEqual(report.readiness.categories.map((c) => c.category));
    await expect(s.jobs.readinessHistory(orgId, { from: '2026-11-30', to: '2026-11-01' })).rejects.toMatchObject({ code: 'invalid_input', fields: [{ field: 'from', code: 'after_to' }] });
  });

  it('verify-integrity records its outcome; an altered evidence file is recorded as a problem and the job still completes', async () => {
    at('2026-11-25T03:17:00Z');
    const ok = await run('verify-integrity', { scheduledFor: '2026-11-25T03:17:00Z' });
    expect(ok).toMatchObject({ state: 'completed', result: { ok: true, evidenceChecked: 1, problems: 0 } });
    const [ev] = (await s.evidence.list(orgId)).items;
    writeFileSync(join(s.blobDir, ev!.sha256.slice(0, 2), ev!.sha256), '%PDF forged');
    at('2026-11-26T03:17:00Z');
    const bad = await run('verify-integrity', { scheduledFor: '2026-11-26T03:17:00Z' });
    expect(bad).toMatchObject({ state: 'completed', result: { ok: false, evidenceChecked: 1, problems: 1 } });
    const checks = await s.jobs.integrityChecks(orgId);
    expect(checks.map((c) => [c.jobId, c.ok, c.problemCount])).toEqual([[bad.id, false, 1], [ok.id, true, 0]]);
    expect(checks[0]!.problems).toEqual([expect.objectContaining({ kind: 'evidence_file', id: ev!.id })]);
  });

  it('scan-path scans folders under the scan root with the real collectors and records one run', async () => {
    at('2026-11-26T02:00:00Z');
    const before = (await s.scans.runs(orgId)).length;
    const job = await run('scan-path', { scheduledFor: '2026-11-26T02:00:00Z', paths: ['infra', 'app'] });
    expect(job).toMatchObject({ state: 'completed', attempts: 1, result: { files: 2 } });
    const result = job.result as { scanRunId: string; results: number; failing: number };
    expect(result.failing).toBeGreaterThan(0);
    const runs = await s.scans.runs(orgId);
    expect(runs).toHaveLength(before + 1);
    expect(runs[0]).toMatchObject({ id: result.scanRunId, actor: `job:${job.id}`, targets: ['infra', 'app'], summary: { results: result.results } });
    const failures = await s.scans.failures(orgId, result.scanRunId, ['aws-s3-bucket-encryption']);
    expect(failures.map((f) => [f.resourceId, f.path, f.startLine])).toEqual([['aws_s3_bucket.logs', join(root, 'infra/main.tf'), 1]]);
    expect((await s.controls.get(orgId, 'CRY-01')).status).toBe('failing');
    // The same slot again is the same job: nothing new is enqueued or recorded.
    const again = await queue.enqueue(orgId, 'scan-path', { scheduledFor: '2026-11-26T02:00:00Z', paths: ['infra', 'app'] });
    expect(again).toMatchObject({ created: false, job: { id: job.id } });
    // What is left is the run's settle-history job (the read of failures above settled already).
    const rest: string[] = [];
    for (let r = await worker.runOnce(); r; r = await worker.runOnce()) rest.push((await s.jobs.get(orgId, r.jobId)).name);
    expect(rest).toEqual(['settle-history']);
    expect(await s.scans.runs(orgId)).toHaveLength(before + 1);
  });

  it("scan-path applies the scan root's .attest.yaml: suppressions with their reason, and a bad file fails the job naming it", async () => {
    writeFileSync(join(root, '.attest.yaml'), 'scan:\n  suppressions:\n    - check: aws-s3-bucket-encryption\n      resource: aws_s3_bucket.logs\n      reason: "archive bucket, encrypted by the account default"\n');
    try {
      at('2026-11-28T02:00:00Z');
      const job = await run('scan-path', { scheduledFor: '2026-11-28T02:00:00Z', paths: ['infra'] });
      expect(job).toMatchObject({ state: 'completed', result: { suppressed: 1 } });
      const runId = (job.result as { scanRunId: string }).scanRunId;
      expect(await s.scans.failures(orgId, runId, ['aws-s3-bucket-encryption'])).toEqual([]);

      writeFileSync(join(root, '.attest.yaml'), 'scan:\n  suppressions:\n    - check: aws-s3-bucket-encryption\n');
      at('2026-11-29T02:00:00Z');
      const bad = await run('scan-path', { scheduledFor: '2026-11-29T02:00:00Z', paths: ['infra'] });
      expect(bad).toMatchObject({ state: 'failed', attempts: 1, lastError: { code: 'invalid_input' } });
      expect((bad.lastError as { message: string }).message).toMatch(/\.attest\.yaml/);
    } finally {
      rmSync(join(root, '.attest.yaml'));
    }
  });

  it('scan-path refuses, without retrying, folders outside the scan root (also through a symbolic link) and missing folders', async () => {
    at('2026-11-27T02:00:00Z');
    for (const [i, paths, code] of [[1, ['/etc'], 'forbidden'], [2, ['escape'], 'forbidden'], [3, ['no-such-folder'], 'invalid_input']] as const) {
      const job = await run('scan-path', { scheduledFor: `2026-11-27T02:0${i}:00Z`, paths });
      expect(job, String(paths)).toMatchObject({ state: 'failed', attempts: 1, lastError: { code } });
    }
    await expect(queue.enqueue(orgId, 'scan-path', { scheduledFor: 'soon', paths: ['infra'] })).rejects.toMatchObject({ fields: [{ field: 'payload.scheduledFor', code: 'invalid_date' }] });
    await expect(queue.enqueue(orgId, 'scan-path', { scheduledFor: '2026-11-27T02:00:00Z', paths: [] })).rejects.toMatchObject({ fields: [{ field: 'payload.paths', code: 'required' }] });
  });
});
