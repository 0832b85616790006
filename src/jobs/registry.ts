// Every job, in one explicit list. Each schedulable job (src/domain/jobs.ts) must be here.
import { alertDigest } from './alert-digest.js';
import { deliverAlert } from './deliver-alert.js';
import { evaluateStatus } from './evaluate-status.js';
import { generateTasks } from './generate-tasks.js';
import { pruneAlerts } from './prune-alerts.js';
import { pruneJobs } from './prune-jobs.js';
import { scanPath } from './scan-path.js';
import { settleHistory } from './settle-history.js';
import { testGatedEvidence } from './test-gated-evidence.js';
import type { AnyJob } from './types.js';
import { verifyIntegrity } from './verify-integrity.js';

export const JOBS: AnyJob[] = [evaluateStatus, verifyIntegrity, scanPath, pruneJobs, generateTasks, alertDigest, deliverAlert, pruneAlerts, settleHistory];

/** Jobs that exist only for the multi-process tests (ATTEST_ENABLE_TEST_JOBS=1). */
export const TEST_JOBS: AnyJob[] = [testGatedEvidence];

export interface JobRegistry {
  get(name: string): AnyJob | undefined;
  names(): string[];
}

export function jobRegistry(jobs: AnyJob[] = JOBS): JobRegistry {
  const byName = new Map<string, AnyJob>();
  for (const j of jobs) {
    if (byName.has(j.name)) throw new Error(`two jobs are named ${j.name}`);
    byName.set(j.name, j);
  }
  return { get: (name) => byName.get(name), names: () => [...byName.keys()] };
}
