// `attest tasks`: the recurring manual work (access reviews, risk assessments…), what is
// overdue, and completing a task with its evidence.
import type { Command } from 'commander';
import type { TaskView } from '../../app/index.js';
import { invalidField } from '../../domain/errors.js';
import { connect } from '../client.js';
import type { CommandContext } from '../main.js';
import { json, table } from '../output.js';

const STATUS_WORDS: Record<TaskView['status'], string> = { overdue: 'OVERDUE', due_soon: 'due soon', upcoming: 'upcoming', done: 'done', skipped: 'skipped' };

export function registerTasks(program: Command, ctx: CommandContext) {
  // `attest tasks generate --json`: commander gives a --json after the subcommand to `tasks` itself.
  const wantsJson = (opts: { json?: boolean }) => Boolean(opts.json || tasks.opts<{ json?: boolean }>().json);
  const tasks: Command = program
    .command('tasks')
    .description('Recurring manual work: one task per control and period (quarterly access review, annual risk assessment…)')
    .option('--overdue', 'only open tasks past their due date')
    .option('--open', 'only open tasks')
    .option('--control <id>', 'only the tasks of this control')
    .option('--assignee <name>', 'only the tasks assigned to this person')
    .option('--json', 'print the tasks as JSON')
    .addHelpText('after', `
Tasks are created every day (the generate-tasks job) for the current and next period of every
in-scope manual control with a daily, weekly, monthly, quarterly or annual frequency, assigned to
the control's owner. A task is done when evidence effective within its period is linked to its
control; past its due date (period end + grace) it puts the control at risk.

Examples:
  attest tasks --overdue
  attest tasks --control IAM-08 --json
  attest evidence add review.csv --control IAM-08 --effective 2026-12-15
  attest tasks complete TASK_ID --evidence EVIDENCE_ID --note "41 accounts reviewed"`)
    .action(async (opts: { overdue?: boolean; open?: boolean; control?: string; assignee?: string; json?: boolean }) => {
      const client = await connect(ctx.config(), 'tasks');
      try {
        const list = await client.tasks().list({
          ...(opts.overdue ? { overdue: true } : {}), ...(opts.open ? { state: 'open' as const } : {}),
          ...(opts.control ? { control: opts.control } : {}), ...(opts.assignee ? { assignee: opts.assignee } : {}),
        });
        if (opts.json) return json(ctx.io, list);
        if (list.length === 0) {
          return ctx.io.out(opts.overdue ? 'No overdue tasks.' : 'No tasks. They are created daily by the generate-tasks job; create them now with: attest tasks generate');
        }
        ctx.io.out(table(['ID', 'CONTROL', 'PERIOD', 'DUE', 'STATUS', 'ASSIGNEE', 'TITLE'],
          list.map((t) => [t.id, t.control, t.periodLabel, t.due, t.status === 'overdue' ? `${STATUS_WORDS[t.status]} (${t.daysOverdue} d)` : STATUS_WORDS[t.status], t.assignee ?? '-', t.title])));
        const overdue = list.filter((t) => t.status === 'overdue').length;
        ctx.io.out(`\n${list.length} task${list.length === 1 ? '' : 's'}${overdue ? `, ${overdue} overdue` : ''}.`);
      } finally {
        await client.close();
      }
    });

  tasks
    .command('generate')
    .description('Create the tasks of the current and next period now (what the daily job does); safe to repeat')
    .option('--json', 'print the counts as JSON')
    .action(async (opts: { json?: boolean }) => {
      const client = await connect(ctx.config(), 'tasks generate');
      try {
        const r = await client.tasks().generate();
        if (wantsJson(opts)) return json(ctx.io, r);
        ctx.io.out(`${r.created} task${r.created === 1 ? '' : 's'} created, ${r.completed} closed by evidence already in their period (${r.controls} controls with recurring work).`);
      } finally {
        await client.close();
      }
    });

  tasks
    .command('complete <id>')
    .description('Complete a task with the evidence of the work (its effective date must fall within the task period)')
    .requiredOption('--evidence <id>', 'the evidence id (from `attest evidence add` or `attest evidence list`)')
    .option('--note <text>', 'what was done')
    .option('--json', 'print the task as JSON')
    .action(async (id: string, opts: { evidence: string; note?: string; json?: boolean }) => {
      if (opts.evidence.trim() === '') throw invalidField('evidence', 'required', 'give the evidence id with --evidence');
      const client = await connect(ctx.config(), 'tasks complete');
      try {
        const t = await client.tasks().complete(id, { evidenceId: opts.evidence, ...(opts.note !== undefined ? { note: opts.note } : {}) });
        if (wantsJson(opts)) return json(ctx.io, t);
        ctx.io.out(`Done: ${t.control} ${t.title} for ${t.periodLabel}, with evidence effective ${t.evidenceEffective ?? '?'}.`);
      } finally {
        await client.close();
      }
    });

  tasks
    .command('skip <id>')
    .description('Skip a task, with the reason (kept for the auditor)')
    .requiredOption('--reason <text>', 'why the work did not happen this period')
    .option('--json', 'print the task as JSON')
    .action(async (id: string, opts: { reason: string; json?: boolean }) => {
      const client = await connect(ctx.config(), 'tasks skip');
      try {
        const t = await client.tasks().skip(id, opts.reason);
        if (wantsJson(opts)) return json(ctx.io, t);
        ctx.io.out(`Skipped: ${t.control} ${t.title} for ${t.periodLabel}.`);
      } finally {
        await client.close();
      }
    });
}
