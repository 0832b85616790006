import type { Command } from 'commander';
import { invalidField } from '../../domain/errors.js';
import { JOB_STATES, type JobState } from '../../domain/jobs.js';
import { connect } from '../client.js';
import type { CommandContext } from '../main.js';
import { json, table } from '../output.js';

const seconds = (ms: number | null) => (ms === null ? '' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

export function registerJobs(program: Command, ctx: CommandContext) {
  program
    .command('jobs')
    .description('Jobs that ran or wait to run, newest first: state, attempts, duration, last error')
    .option('--status <state>', `only jobs in this state: ${JOB_STATES.join(', ')}`)
    .option('--limit <n>', 'how many (1-200)', '20')
    .option('--json', 'print the jobs with every run (worker, duration, outcome, error) as JSON')
    .addHelpText('after', '\nSchedules: `attest schedule list`. Examples:\n  attest jobs --status failed\n  attest jobs --json --limit 5')
    .action(async (opts: { status?: string; limit: string; json?: boolean }) => {
      if (opts.status !== undefined && !(JOB_STATES as readonly string[]).includes(opts.status)) {
        throw invalidField('status', 'invalid_value', `${JSON.stringify(opts.status)}: choose ${JOB_STATES.join(', ')}`);
      }
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalidField('limit', 'invalid_value', `${JSON.stringify(opts.limit)}: a whole number from 1 to 200`);
      const client = await connect(ctx.config(), 'jobs');
      try {
        const jobs = await client.jobs({ status: opts.status as JobState | undefined, limit });
        if (opts.json) return json(ctx.io, jobs);
        if (jobs.length === 0) return ctx.io.out(opts.status ? `No ${opts.status} jobs.` : 'No jobs yet. `attest schedule list` shows what runs when.');
        ctx.io.out(table(['ID', 'JOB', 'STATE', 'ATTEMPTS', 'CREATED', 'DURATION', 'LAST ERROR'], jobs.map((j) => [
          j.id.slice(0, 8), j.name, j.state, `${j.attempts}/${j.maxAttempts}`, j.createdAt.replace('T', ' ').slice(0, 19), seconds(j.durationMs),
          j.lastError ? `${j.lastError.code}: ${j.lastError.message}` : '',
        ])));
      } finally {
        await client.close();
      }
    });
}
