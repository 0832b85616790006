// The scheduler: stores the declared default schedules for every organization, then turns
// due schedules into jobs. Any number of schedulers may tick at once (one per worker): a due
// schedule row is locked with FOR UPDATE SKIP LOCKED, its job enqueued under the slot's
// idempotency key and the row moved to its next slot in one transaction, so each slot is
// enqueued once. Slots missed while nothing ran collapse into one run, not a burst.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/index.js';
import { scheduleDefaults } from '../app/jobs.service.js';
import { nextRun, parseCron } from '../domain/cron.js';
import { errorCode, type Logger } from './log.js';
import type { JobRegistry } from './registry.js';

const BATCH = 100;

export class Scheduler {
  constructor(private readonly ctx: AppContext, private readonly jobs: JobRegistry, private readonly log: Logger) {}

  async tick(): Promise<{ seeded: number; enqueued: number }> {
    const now = this.ctx.clock();
    const seeded = await this.ctx.store.repos.schedules.seedDefaults(scheduleDefaults(now), now);
    let enqueued = 0;
    for (let round = 0; round < 10; round++) {
      const { due, created } = await this.ctx.store.transaction(async (repos) => {
        const rows = await repos.schedules.lockDue(now, BATCH);
        let created = 0;
        for (const s of rows) {
          const def = this.jobs.get(s.job);
          if (!def?.fromSchedule) continue; // a job this version does not run: left for a worker that does
          let next: Date | null = null;
          let payload: unknown;
          try {
            next = nextRun(parseCron(s.cron), now);
            payload = def.parse(def.fromSchedule(s.nextRunAt!, s.options));
          } catch (e) {
            // A schedule that cannot produce its job (say, a cron or options edited in the database) skips the slot.
            this.log.warn({ org: s.orgId, schedule: s.job, error: errorCode(e) }, 'schedule skipped a slot');
            await repos.schedules.advance(s.orgId, s.job, next, now, null);
            continue;
          }
          const r = await repos.jobs.insert({ orgId: s.orgId, id: randomUUID(), name: def.name, key: def.key(payload), payload, maxAttempts: def.retry.attempts, runAt: now, createdAt: now });
          if (r.created) created += 1;
          const jobId = r.job.id;
          await repos.schedules.advance(s.orgId, s.job, next, now, jobId);
        }
        return { due: rows.length, created };
      });
      enqueued += created;
      if (due < BATCH) break;
    }
    if (enqueued) this.log.info({ enqueued }, 'scheduled jobs enqueued');
    return { seeded, enqueued };
  }
}
