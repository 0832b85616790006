// A worker: claims due jobs one at a time, holds each by a lease it renews while the job
// runs, and ends the attempt with a write fenced by that lease — completed (with the job's
// effects, in one transaction), queued again after a backoff, failed, or released on
// shutdown. Any number of workers share a database: inside `attest serve` (in-process, on
// PGlite or PostgreSQL) and as `attest worker` processes (PostgreSQL).
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createServices, type AppContext } from '../app/index.js';
import { AppError } from '../domain/errors.js';
import type { Claim, JobError } from '../store/index.js';
import { errorCode, type Logger } from './log.js';
import { transactionStore } from './queue.js';
import type { JobRegistry } from './registry.js';
import { Scheduler } from './scheduler.js';
import { backoffMs, isRetryable, JobTimeout, LeaseLost, WorkerShutdown, type JobContext, type JobDeps } from './types.js';

export interface WorkerOptions {
  /** Names this worker in job runs and logs (default: host, process id and a random suffix). */
  id?: string;
  /** How long a claim holds without renewal; renewed every third of it. */
  leaseMs: number;
  /** Wait between looks for due jobs when there were none. */
  pollMs: number;
  /** On stop, how long the current job may take to finish before it is released. */
  graceMs: number;
  /** How often this worker runs the scheduler; 0 for never. */
  scheduleEveryMs: number;
  log: Logger;
}

export type AttemptOutcome = 'completed' | 'retrying' | 'failed' | 'lost' | 'released';

const MESSAGE_MAX = 2000;

function jobError(e: unknown): JobError {
  const message = e instanceof Error ? e.message : String(e);
  const code = e instanceof AppError ? e.code : e instanceof JobTimeout ? 'timeout' : errorCode(e);
  return { code, message: message.length > MESSAGE_MAX ? `${message.slice(0, MESSAGE_MAX - 1)}…` : message };
}

export class Worker {
  readonly id: string;
  private readonly log: Logger;
  private readonly scheduler: Scheduler | null;
  private stopping = false;
  private loopDone: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private current: { abort: AbortController; done: Promise<unknown> } | null = null;

  constructor(private readonly ctx: AppContext, private readonly jobs: JobRegistry, private readonly deps: JobDeps, private readonly opts: WorkerOptions) {
    this.id = opts.id ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.log = opts.log.child({ worker: this.id });
    this.scheduler = opts.scheduleEveryMs > 0 ? new Scheduler(ctx, jobs, this.log) : null;
  }

  /** Runs the loop in the background until `stop()`. */
  start(): void {
    if (this.loopDone) return;
    this.log.info({ jobs: this.jobs.names(), leaseMs: this.opts.leaseMs }, 'worker started');
    this.loopDone = this.loop();
  }

  /** Stops claiming; lets the current job finish within the grace period, else releases it. */
  async stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      this.wake?.();
      const cur = this.current;
      if (cur) {
        let timer: NodeJS.Timeout | undefined;
        const finished = await Promise.race([cur.done.then(() => true), new Promise<boolean>((r) => { timer = setTimeout(() => r(false), this.opts.graceMs); })]);
        clearTimeout(timer);
        if (!finished) cur.abort.abort(new WorkerShutdown());
        await cur.done;
      }
    }
    await this.loopDone;
    this.log.info({}, 'worker stopped');
  }

  private async loop(): Promise<void> {
    let lastTick = 0;
    while (!this.stopping) {
      try {
        if (this.scheduler && Date.now() - lastTick >= this.opts.scheduleEveryMs) {
          lastTick = Date.now();
          await this.scheduler.tick();
        }
        if (await this.runOnce()) continue;
      } catch (e) {
        this.log.error({ error: errorCode(e) }, 'worker loop error');
      }
      if (this.stopping) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.opts.pollMs);
        this.wake = () => { clearTimeout(t); resolve(); };
      });
      this.wake = null;
    }
  }

  /** Claims one due job and runs its attempt to the end; null when nothing was due. */
  async runOnce(): Promise<{ jobId: string; orgId: string; outcome: AttemptOutcome } | null> {
    if (this.stopping) return null;
    const token = randomUUID();
    const now = this.ctx.clock();
    const claim = await this.ctx.store.transaction(async (repos) => {
      const exhausted = await repos.jobs.failExhausted(now);
      if (exhausted) this.log.warn({ jobs: exhausted }, 'jobs failed: their worker died on the last attempt');
      return repos.jobs.claim(this.jobs.names(), this.id, token, now, new Date(now.getTime() + this.opts.leaseMs));
    });
    if (!claim) return null;
    const abort = new AbortController();
    const done = this.attempt(claim, abort);
    this.current = { abort, done };
    try {
      return { jobId: claim.job.id, orgId: claim.job.orgId, outcome: await done };
    } finally {
      this.current = null;
    }
  }

  private async attempt({ job, token }: Claim, abort: AbortController): Promise<AttemptOutcome> {
    const def = this.jobs.get(job.name)!;
    const { repos } = this.ctx.store;
    const log = this.log.child({ job: job.name, jobId: job.id, org: job.orgId, attempt: job.attempts });
    const started = Date.now();
    const leaseUntil = () => new Date(this.ctx.clock().getTime() + this.opts.leaseMs);
    log.info({}, 'job started');

    const heartbeat = setInterval(() => {
      repos.jobs.renew(job.orgId, job.id, token, leaseUntil()).then((held) => {
        if (!held && !abort.signal.aborted) abort.abort(new LeaseLost());
      }, (e: unknown) => log.warn({ error: errorCode(e) }, 'lease renewal failed'));
    }, Math.max(Math.floor(this.opts.leaseMs / 3), 20));
    const timeout = setTimeout(() => abort.abort(new JobTimeout(def.timeoutSeconds)), def.timeoutSeconds * 1000);

    let committed = false;
    const jc: JobContext = {
      orgId: job.orgId, jobId: job.id, key: job.key, attempt: job.attempts, signal: abort.signal,
      services: createServices(this.ctx), deps: this.deps, log, clock: this.ctx.clock,
      commit: async (fn) => {
        if (committed) throw new Error('commit may be called once per attempt');
        if (abort.signal.aborted) throw abort.signal.reason;
        const out = await this.ctx.store.transaction(async (txRepos) => {
          const services = createServices({ ...this.ctx, store: transactionStore(this.ctx.store, txRepos) });
          const result = await fn({ services, repos: txRepos });
          if (!(await txRepos.jobs.complete(job.orgId, job.id, token, this.ctx.clock(), result ?? null))) throw new LeaseLost();
          return result;
        });
        committed = true;
        return out;
      },
    };

    try {
      const performing = Promise.resolve().then(() => def.perform(def.parse(job.payload), jc));
      performing.catch(() => undefined); // it may settle after the attempt was abandoned
      const aborted = new Promise<never>((_, reject) => {
        if (abort.signal.aborted) reject(abort.signal.reason);
        abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true });
      });
      aborted.catch(() => undefined);
      const value = await Promise.race([performing, aborted]);
      if (!committed) {
        // A job with nothing to write still completes under its lease.
        if (!(await repos.jobs.complete(job.orgId, job.id, token, this.ctx.clock(), value ?? null))) throw new LeaseLost();
        committed = true;
      }
      log.info({ durationMs: Date.now() - started }, 'job completed');
      return 'completed';
    } catch (e) {
      const durationMs = Date.now() - started;
      if (committed) {
        log.info({ durationMs }, 'job completed');
        return 'completed';
      }
      if (e instanceof LeaseLost) {
        log.warn({ durationMs }, 'lease lost: another worker owns the job; this attempt wrote nothing');
        return 'lost';
      }
      const now = this.ctx.clock();
      if (e instanceof WorkerShutdown) {
        const released = await repos.jobs.release(job.orgId, job.id, token, now);
        log.info({ durationMs, released }, released ? 'job released for another worker' : 'job already ended when releasing');
        return released ? 'released' : 'lost';
      }
      const error = jobError(e);
      const retry = job.attempts < job.maxAttempts && isRetryable(def, e);
      const delay = retry ? backoffMs(def.retry, job.attempts) : 0;
      const ended = await repos.jobs.fail(job.orgId, job.id, token, now, error, retry ? new Date(now.getTime() + delay) : null);
      if (!ended) {
        log.warn({ durationMs, error: error.code }, 'lease lost: another worker owns the job; this attempt wrote nothing');
        return 'lost';
      }
      if (retry) log.warn({ durationMs, error: error.code, retryInMs: delay }, 'job failed; will retry');
      else log.error({ durationMs, error: error.code }, 'job failed');
      return retry ? 'retrying' : 'failed';
    } finally {
      clearInterval(heartbeat);
      clearTimeout(timeout);
    }
  }
}
