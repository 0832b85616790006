import type { Command } from 'commander';
import type { SchedulePatch } from '../../app/jobs.service.js';
import { invalid, type FieldError } from '../../domain/errors.js';
import { SCHEDULED_JOB_NAMES } from '../../domain/jobs.js';
import { connect } from '../client.js';
import type { CommandContext } from '../main.js';
import { json, table } from '../output.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerSchedule(program: Command, ctx: CommandContext) {
  const schedule = program
    .command('schedule')
    .description('What runs when: job schedules (cron, UTC) for this organization')
    .addHelpText('after', `
Jobs: ${SCHEDULED_JOB_NAMES.join(', ')}. Examples:
  attest schedule list
  attest schedule set scan-path --cron "0 2 * * *" --path infra --path k8s --enable
  attest schedule set verify-integrity --cron @daily
  attest schedule set evaluate-status --disable
  attest schedule run verify-integrity`);

  schedule
    .command('list')
    .description('Every schedulable job with its cron, options and next run')
    .option('--json', 'print the schedules as JSON')
    .action(async (opts: { json?: boolean }) => {
      const client = await connect(ctx.config(), 'schedule');
      try {
        const rows = await client.schedules();
        if (opts.json) return json(ctx.io, rows);
        ctx.io.out(table(['JOB', 'CRON (UTC)', 'ENABLED', 'NEXT RUN', 'OPTIONS'], rows.map((s) => [
          s.job, s.cron, s.enabled ? 'yes' : 'no', s.nextRunAt?.replace('T', ' ').slice(0, 16) ?? '', s.options.paths?.length ? `paths: ${s.options.paths.join(', ')}` : '',
        ])));
      } finally {
        await client.close();
      }
    });

  schedule
    .command('set')
    .description("Change a job's schedule")
    .argument('<job>', `one of ${SCHEDULED_JOB_NAMES.join(', ')}`)
    .option('--cron <expr>', 'five fields (minute hour day month weekday, UTC) or @hourly, @daily, @weekly, @monthly, @yearly')
    .option('--enable', 'run on the schedule')
    .option('--disable', 'stop running on the schedule')
    .option('--path <folder>', 'scan-path: a folder to scan on the workers, relative to their ATTEST_SCAN_ROOT, whose .attest.yaml (skip-checks, suppressions) applies (repeat for several; replaces the list)', collect, [])
    .option('--json', 'print the schedule as JSON')
    .action(async (job: string, opts: { cron?: string; enable?: boolean; disable?: boolean; path: string[]; json?: boolean }) => {
      const errors: FieldError[] = [];
      if (opts.enable && opts.disable) errors.push({ field: 'enable', code: 'conflict', message: 'choose --enable or --disable, not both' });
      const patch: SchedulePatch = {};
      if (opts.cron !== undefined) patch.cron = opts.cron;
      if (opts.enable || opts.disable) patch.enabled = Boolean(opts.enable);
      if (opts.path.length) patch.options = { paths: opts.path };
      if (!errors.length && Object.keys(patch).length === 0) errors.push({ field: 'schedule', code: 'required', message: 'nothing to change: give --cron, --enable, --disable or --path' });
      if (errors.length) throw invalid(errors);
      const client = await connect(ctx.config(), 'schedule');
      try {
        const saved = await client.setSchedule(job, patch);
        if (opts.json) return json(ctx.io, saved);
        ctx.io.out(`${saved.job}: ${saved.enabled ? `runs at "${saved.cron}" (UTC); next run ${saved.nextRunAt}` : `disabled (cron "${saved.cron}")`}${saved.options.paths?.length ? `; paths: ${saved.options.paths.join(', ')}` : ''}`);
      } finally {
        await client.close();
      }
    });

  schedule
    .command('run')
    .description('Run a scheduled job now (with its schedule\'s options); `attest jobs` shows how it went')
    .argument('<job>', `one of ${SCHEDULED_JOB_NAMES.join(', ')}`)
    .option('--json', 'print the queued job as JSON')
    .action(async (job: string, opts: { json?: boolean }) => {
      const client = await connect(ctx.config(), 'schedule');
      try {
        const queued = await client.runSchedule(job);
        if (opts.json) return json(ctx.io, queued);
        ctx.io.out(`queued ${queued.name} as job ${queued.id}; \`attest jobs\` shows how it went`);
      } finally {
        await client.close();
      }
    });
}
