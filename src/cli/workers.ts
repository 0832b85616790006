// Wires job workers from the configuration: the composition root hands the jobs what they
// need (the collectors `attest scan` uses, the scan root, the version, the job and alert retention) as arguments.
import type { AppContext } from '../app/index.js';
import type { Logger } from '../jobs/log.js';
import { JOBS, jobRegistry, TEST_JOBS } from '../jobs/registry.js';
import { Worker } from '../jobs/worker.js';
import { checks } from '../checks/registry.js';
import { loadCollectors } from './collectors.js';
import { loadScanConfig } from './scan-config.js';
import type { Config } from './config.js';
import { VERSION } from './main.js';

/** How often each worker runs the scheduler (any number may: each due slot is enqueued once). */
export const SCHEDULER_EVERY_MS = 15_000;

export function createWorker(ctx: AppContext, config: Config, log: Logger): Worker {
  const registry = jobRegistry(config.jobs.testJobs ? [...JOBS, ...TEST_JOBS] : JOBS);
  const knownChecks = new Set(checks.map((c) => c.meta.id));
  const scanConfig = (root: string) => loadScanConfig(undefined, knownChecks, root);
  return new Worker(ctx, registry, { collectors: loadCollectors, scanRoot: config.jobs.scanRoot, scanConfig, version: VERSION, jobRetentionDays: config.jobs.retentionDays, alertRetentionDays: config.jobs.alertRetentionDays }, {
    leaseMs: config.jobs.leaseSeconds * 1000,
    pollMs: config.jobs.pollMs,
    graceMs: config.jobs.graceSeconds * 1000,
    scheduleEveryMs: SCHEDULER_EVERY_MS,
    log,
  });
}
