// Jobs in tests that drive a worker one job at a time.
import type { Worker } from '../../src/jobs/worker.js';
import type { TestServices } from './services.js';

/**
 * Runs the organization's queued settle-history jobs (every recorded scan queues one), so that
 * the next job a test enqueues is the next one its worker runs. Fails if the worker runs
 * anything else first.
 */
export async function runQueuedSettles(s: TestServices, worker: Worker, orgId: string): Promise<number> {
  let ran = 0;
  for (;;) {
    const queued = await s.jobs.list(orgId, { name: 'settle-history', status: 'queued' });
    if (queued.length === 0) return ran;
    const done = await worker.runOnce();
    if (!done || !queued.some((j) => j.id === done.jobId)) throw new Error(`expected a queued settle-history job to run, not ${JSON.stringify(done)}`);
    ran += 1;
  }
}
