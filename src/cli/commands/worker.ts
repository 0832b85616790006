import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { jsonLogger } from '../../jobs/log.js';
import type { CommandContext } from '../main.js';
import { openRuntime } from '../runtime.js';
import { createWorker } from '../workers.js';

export function registerWorker(program: Command, ctx: CommandContext) {
  program
    .command('worker')
    .description('Run jobs (scheduled scans, readiness snapshots, integrity checks) from a PostgreSQL server; start as many as you need')
    .addHelpText('after', `
Needs DATABASE_URL. With the embedded database \`attest serve\` runs the jobs itself.
Logs one JSON line per event on standard output (ids, counts, durations; no personal data).
Stops on SIGTERM or Ctrl-C: the current job finishes, or after ATTEST_WORKER_GRACE_SECONDS
(default 30) it is released to another worker. A worker that is killed outright loses its
lease after ATTEST_JOB_LEASE_SECONDS (default 60) and its job is retried elsewhere.

Environment:
  ATTEST_SCAN_ROOT             folder scheduled scans may read (default: the working folder)
  ATTEST_JOB_LEASE_SECONDS     lease on a job, renewed while it runs (default 60)
  ATTEST_WORKER_POLL_MS        wait between looks for due jobs (default 1000)
  ATTEST_WORKER_GRACE_SECONDS  time the current job gets on shutdown (default 30)
  ATTEST_JOB_RETENTION_DAYS    finished jobs and their runs older than this are deleted daily
                               by the prune-jobs schedule (default 30; never queued or running
                               jobs, evidence, result history or the audit log)
  ATTEST_ALERT_RETENTION_DAYS  alert events and their deliveries older than this are deleted
                               daily by the prune-alerts schedule (default 90; never one still
                               to be delivered or listed in a daily digest)`)
    .action(async () => {
      const config = ctx.config();
      if (!config.databaseUrl) {
        throw new AppError('invalid_input', 'attest worker needs a PostgreSQL server: set DATABASE_URL. With the embedded database, `attest serve` runs the jobs in its own process.',
          [{ field: 'DATABASE_URL', code: 'required', message: 'DATABASE_URL is not set' }]);
      }
      const runtime = await openRuntime(config, { command: 'worker', create: false });
      const worker = createWorker(runtime.services.ctx, config, jsonLogger((line) => ctx.io.out(line), config.logLevel));
      worker.start();
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          worker.stop().finally(() => runtime.close()).finally(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
