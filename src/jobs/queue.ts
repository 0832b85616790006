// Enqueuing: a job is one row, unique per organization and idempotency key.
import { randomUUID } from 'node:crypto';
import { createServices, type AppContext } from '../app/index.js';
import { invalidField, notFound } from '../domain/errors.js';
import { isScheduledJob, SCHEDULED_JOBS } from '../domain/jobs.js';
import type { JobRecord, Repos, Store } from '../store/index.js';
import type { JobRegistry } from './registry.js';

export interface EnqueueOptions {
  /** Overrides the job's own key (its `key(payload)`). */
  key?: string;
  /** Not before this time (default: now). */
  runAt?: Date;
}

export class Queue {
  constructor(private readonly ctx: AppContext, private readonly jobs: JobRegistry) {}

  /** Enqueues unless a job with the same key exists in the organization; returns that job either way. */
  async enqueue(orgId: string, name: string, payload: unknown, opts: EnqueueOptions = {}, repos: Repos = this.ctx.store.repos): Promise<{ job: JobRecord; created: boolean }> {
    const def = this.jobs.get(name);
    if (!def) throw invalidField('name', 'unknown_id', `no job ${JSON.stringify(name)}; the jobs are: ${this.jobs.names().join(', ')}`);
    const typed = def.parse(payload);
    const now = this.ctx.clock();
    return repos.jobs.insert({
      orgId, id: randomUUID(), name, key: opts.key ?? def.key(typed), payload: typed, maxAttempts: def.retry.attempts,
      runAt: opts.runAt ?? now, createdAt: now,
    });
  }
}

/** The store seen from inside one transaction: services built on it write into that transaction. */
export function transactionStore(store: Store, repos: Repos): Store {
  return {
    engine: store.engine,
    repos,
    blobs: store.blobs,
    transaction: (fn) => fn(repos),
    // The enclosing transaction's commit is counted by the store that runs it.
    committed: () => store.committed(),
    close: async () => undefined,
  };
}

/**
 * Runs a schedulable job now, outside its schedule, with the schedule's options (say, the
 * folders of scan-path): enqueued for the current instant, picked up by the next free worker.
 */
export async function runScheduledNow(ctx: AppContext, jobs: JobRegistry, orgId: string, name: string): Promise<JobRecord> {
  const def = jobs.get(name);
  if (!isScheduledJob(name) || !def?.fromSchedule) throw notFound('job', name, 'job');
  const schedule = (await createServices(ctx).jobs.schedules(orgId)).find((s) => s.job === name)!;
  if (SCHEDULED_JOBS[name].needsPaths && !schedule.options.paths?.length) {
    throw invalidField('options.paths', 'required', `${name} has no folders to scan yet: set them with \`attest schedule set ${name} --path FOLDER\` (or PUT /api/schedules/${name})`);
  }
  const payload = def.parse(def.fromSchedule(ctx.clock().toISOString(), schedule.options));
  return (await new Queue(ctx, jobs).enqueue(orgId, name, payload)).job;
}
