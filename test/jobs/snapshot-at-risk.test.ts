// Readiness snapshots count controls at risk, on both engines: a snapshot the evaluate-status
// job takes while a recurring task is overdue records them (at_risk, migration 0013) apart from
// the other statuses, and the dashboard's trend (GET /api/readiness/history) returns them.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCollectors } from '../../src/cli/collectors.js';
import { buildApp } from '../../src/http/app.js';
import { silentLogger } from '../../src/jobs/log.js';
import { Queue } from '../../src/jobs/queue.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { Worker } from '../../src/jobs/worker.js';
import type { Db } from '../../src/store/db.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

describe.each(engines)('readiness snapshots with controls at risk on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  let root: string;
  let orgId: string;
  let queue: Queue;
  let worker: Worker;
  const registry = jobRegistry();
  const evaluate = async (slot: string) => {
    s.now.value = new Date(slot);
    const { job } = await queue.enqueue(orgId, 'evaluate-status', { scheduledFor: slot });
    expect((await worker.runOnce())?.jobId).toBe(job.id);
    const done = await s.jobs.get(orgId, job.id);
    expect(done.state, JSON.stringify(done.lastError)).toBe('completed');
    return done.result as { day: string; atRisk: number };
  };

  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db, { now: '2026-11-24T00:11:00Z' });
    root = mkdtempSync(join(tmpdir(), 'attest-at-risk-'));
    orgId = (await s.workspace.init({ name: 'At Risk Co', categories: ['security'] }, 'test')).org.id;
    queue = new Queue(s.ctx, registry);
    worker = new Worker(s.ctx, registry, { collectors: loadCollectors, scanRoot: root, version: 'test' }, { id: 'w', leaseMs: 60_000, pollMs: 20, graceMs: 100, scheduleEveryMs: 0, log: silentLogger });
  });
  afterAll(async () => {
    await db?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('records the controls at risk while a task is overdue, and the trend API returns them', async () => {
    await s.tasks.generate(orgId, 'test');
    // Before anything is due, nothing is at risk.
    expect(await evaluate('2026-11-24T01:05:00Z')).toMatchObject({ day: '2026-11-24', atRisk: 0 });

    // Two days after the earliest due date, that task's control (and any due the same day) is at risk.
    const tasks = await s.tasks.list(orgId);
    const due = tasks.map((t) => t.due).sort()[0]!;
    const later = new Date(Date.parse(`${due}T00:00:00Z`) + 2 * 86_400_000);
    const slot = `${later.toISOString().slice(0, 10)}T01:05:00.000Z`;
    s.now.value = new Date(slot);
    const overdue = (await s.tasks.list(orgId)).filter((t) => t.status === 'overdue');
    expect(overdue.length).toBeGreaterThan(0);
    const report = await s.status.report((await s.ctx.store.repos.organizations.getById(orgId))!);
    expect(report.readiness.overall.atRisk).toBeGreaterThanOrEqual(1);

    const taken = await evaluate(slot);
    expect(taken.atRisk).toBe(report.readiness.overall.atRisk);
    const [before, during] = await s.jobs.readinessHistory(orgId, { from: '2026-11-24', to: slot.slice(0, 10) });
    expect(before).toMatchObject({ day: '2026-11-24', atRisk: 0 });
    const o = report.readiness.overall;
    expect(during).toMatchObject({ day: slot.slice(0, 10), atRisk: o.atRisk, failing: o.failing, stale: o.stale, noEvidence: o.noEvidence, evidenced: o.evidenced });
    expect(during!.evidenced + during!.failing + during!.stale + during!.noEvidence + during!.atRisk).toBe(during!.controls);
    expect(during!.categories.find((c) => c.category === 'security')).toMatchObject({ atRisk: o.atRisk });

    // The dashboard's trend, over HTTP.
    const localToken = `local-${randomUUID()}`;
    const app = await buildApp({ services: s, localToken });
    try {
      const res = await app.inject({ method: 'GET', url: `/api/readiness/history?from=2026-11-24&to=${slot.slice(0, 10)}`, headers: { authorization: `Bearer ${localToken}` } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<{ day: string; atRisk: number }[]>().map((d) => [d.day, d.atRisk])).toEqual([['2026-11-24', 0], [slot.slice(0, 10), o.atRisk]]);
    } finally {
      await app.close();
    }
  });
});
