// The generate-tasks job on both engines, run through the queue and a worker: it creates the
// current and next period's tasks, a second slot the same day adds nothing, and a run after a
// period turns creates only the new next period and closes a task whose period has evidence.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCollectors } from '../../src/cli/collectors.js';
import { silentLogger } from '../../src/jobs/log.js';
import { Queue } from '../../src/jobs/queue.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { Worker } from '../../src/jobs/worker.js';
import type { Db } from '../../src/store/db.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

describe.each(engines)('generate-tasks job on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  let root: string;
  const registry = jobRegistry();
  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db, { now: '2026-11-24T00:11:00Z' });
    root = mkdtempSync(join(tmpdir(), 'attest-tasks-job-'));
  });
  afterAll(async () => {
    await db?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('creates tasks once per period, and closes those with evidence in their period', async () => {
    const org = (await s.workspace.createOrganization({ name: 'Job Tasks Co', categories: ['security'] }, 'test')).org.id;
    const queue = new Queue(s.ctx, registry);
    const worker = new Worker(s.ctx, registry, { collectors: loadCollectors, scanRoot: root, version: 'test' }, { id: 'w', leaseMs: 60_000, pollMs: 20, graceMs: 100, scheduleEveryMs: 0, log: silentLogger });
    const run = async (slot: string) => {
      s.now.value = new Date(slot);
      const { job } = await queue.enqueue(org, 'generate-tasks', { scheduledFor: slot });
      expect((await worker.runOnce())?.jobId).toBe(job.id);
      const done = await s.jobs.get(org, job.id);
      expect(done.state, JSON.stringify(done.lastError)).toBe('completed');
      return done.result as { created: number; completed: number; controls: number; alerted: number };
    };

    const first = await run('2026-11-24T00:11:00.000Z');
    expect(first.controls).toBeGreaterThan(20);
    expect(first).toEqual({ created: first.controls * 2, completed: 0, controls: first.controls, alerted: 0 });
    expect(await run('2026-11-24T12:11:00.000Z')).toMatchObject({ created: 0, completed: 0 });

    // A monthly control's November task gets evidence; on 1 December, January's tasks appear and November's closes.
    await s.evidence.add(org, { filename: 'deficiencies-nov.csv', controls: ['GOV-11'], effectiveDate: '2026-11-20' }, Buffer.from('tracked'), 'test');
    const december = await run('2026-12-01T00:11:00.000Z');
    const monthly = s.ctx.catalog.controls.filter((c) => c.automation === 'manual' && c.frequency === 'monthly').length;
    expect(december).toMatchObject({ created: monthly, completed: 1 });
    expect((await s.tasks.list(org, { control: 'GOV-11' })).map((t) => [t.periodLabel, t.state])).toEqual([
      ['November 2026', 'done'], ['December 2026', 'open'], ['January 2027', 'open'],
    ]);
  });
});
