import type { Command } from 'commander';
import type { AuditView } from '../../app/index.js';
import { invalidField } from '../../domain/errors.js';
import { MAX_SEED, parseSeed } from '../../domain/sampling.js';
import { connect } from '../client.js';
import type { CommandContext } from '../main.js';
import { json, table } from '../output.js';

const list = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

const windowOf = (a: AuditView) => (a.type === 'type1' ? `Type I as of ${a.asOf}` : `Type II ${a.periodStart} … ${a.periodEnd}`);

export function registerAudit(program: Command, ctx: CommandContext) {
  const audit = program.command('audit').description('Audits: a Type I date or a Type II period, populations, reproducible samples and operating effectiveness');

  audit
    .command('create')
    .description('Create an audit and print its id')
    .requiredOption('--type <1|2>', '1: design as of a date (--date); 2: operation over a period (--from, --to)')
    .option('--date <date>', 'Type I: the as-of date, YYYY-MM-DD')
    .option('--from <date>', 'Type II: the first day of the period, YYYY-MM-DD')
    .option('--to <date>', 'Type II: the last day of the period, YYYY-MM-DD')
    .option('--categories <list>', 'trust services categories, comma-separated (default: the workspace scope; security is always in)', list)
    .option('--json', 'print the audit as JSON')
    .addHelpText('after', `
Only evidence effective within the audit's window is visible through it: the period for
Type II; for Type I, evidence on or before the date that still keeps the control current.

Examples:
  attest audit create --type 2 --from 2026-01-01 --to 2026-12-31
  attest audit create --type 1 --date 2026-06-30 --categories security,availability`)
    .action(async (opts: { type: string; date?: string; from?: string; to?: string; categories?: string[]; json?: boolean }) => {
      const client = await connect(ctx.config(), 'audit create');
      try {
        const created = await client.audits().create({ type: opts.type, date: opts.date, from: opts.from, to: opts.to, categories: opts.categories });
        if (opts.json) return json(ctx.io, created);
        ctx.io.out(created.id);
      } finally {
        await client.close();
      }
    });

  audit
    .command('list')
    .description('List the audits, newest first')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const client = await connect(ctx.config(), 'audit list');
      try {
        const { items } = await client.audits().list();
        if (opts.json) return json(ctx.io, items);
        if (items.length === 0) return ctx.io.out('No audits yet. Create one with: attest audit create --type 2 --from YYYY-MM-DD --to YYYY-MM-DD');
        ctx.io.out(table(['ID', 'WINDOW', 'CATEGORIES', 'CONTROLS', 'SEED'], items.map((a) => [a.id, windowOf(a), a.categories.join(','), a.controls, a.seed ?? '-'])));
      } finally {
        await client.close();
      }
    });

  audit
    .command('sample <audit>')
    .description('Draw the samples of each control from a seed; the same seed always gives the same samples')
    .option('--seed <n>', `a whole number 0…${MAX_SEED} (default: the audit's current seed, a random one on the first draw)`)
    .option('--control <id>', 'only this control')
    .option('--json', 'print the samples as JSON')
    .addHelpText('after', `
Sample sizes follow the frequency table (12-month period, pro-rated for shorter ones) and, for
event-driven controls, the population size: fewer than 6 → all; 6–50 → 5; 51–250 → 10 %; more → 25.
Automated controls: one resource per configuration (check). The draw is a SHA-256 counter stream
over the population sorted by key (src/domain/sampling.ts explains how to re-derive it). A new
seed draws anew and becomes the audit's seed; the earlier draws are kept.

Example:
  attest audit sample 3f6c…  --seed 42 --json > sample.json`)
    .action(async (id: string, opts: { seed?: string; control?: string; json?: boolean }) => {
      let seed: number | undefined;
      if (opts.seed !== undefined) {
        const parsed = parseSeed(opts.seed);
        if (parsed === null) throw invalidField('seed', 'invalid_seed', `the seed must be a whole number from 0 to ${MAX_SEED}, got ${JSON.stringify(opts.seed)}`);
        seed = parsed;
      }
      const client = await connect(ctx.config(), 'audit sample');
      try {
        const view = await client.audits().sample(id, { seed, control: opts.control });
        if (opts.json) return json(ctx.io, view);
        ctx.io.out(`Audit ${view.audit}, seed ${view.seed} (${view.algorithm})`);
        for (const c of view.controls) {
          ctx.io.out(`\n${c.control}  ${c.title}`);
          ctx.io.out(`  ${c.frequency}, ${c.risk} risk${c.currentRisk !== c.risk ? ` (now ${c.currentRisk}: draw with a new seed to apply it)` : ''}; ${c.populationKind} ${c.window.from} … ${c.window.to}: population ${c.populationSize}, sample ${c.size}: ${c.explanation}${c.populationChanged ? ' (the population has changed since this draw)' : ''}`);
          for (const item of c.items) ctx.io.out(`  - ${item.key}${item.filename ? `  ${item.filename}` : ''}`);
        }
      } finally {
        await client.close();
      }
    });

  audit
    .command('status <audit>')
    .description('Operating effectiveness per control: expected vs evidenced, gaps, failing windows, tests, exceptions')
    .option('--control <id>', 'only this control')
    .option('--json', 'print the full view as JSON')
    .action(async (id: string, opts: { control?: string; json?: boolean }) => {
      const client = await connect(ctx.config(), 'audit status');
      try {
        const view = await client.audits().status(id, { control: opts.control });
        if (opts.json) return json(ctx.io, view);
        const s = view.summary;
        ctx.io.out(`${windowOf(view.audit)}: ${s.controls} controls; ${s.operating} operating, ${s.gaps} with gaps, ${s.failing} failing, ${s.exceptions} with exceptions, ${s.no_evidence} without evidence.\n`);
        ctx.io.out(table(['CONTROL', 'STATE', 'EXPECTED', 'EVIDENCED', 'POPULATION', 'FAILING WINDOWS', 'TESTS', 'EXCEPTIONS', 'RISK'], view.controls.map((c) => [
          c.control, c.state, c.expected ?? '-', c.evidenced, `${c.populationSize} ${c.populationKind}`, c.failingWindows.length, `${c.tests.passed}/${c.tests.performed}`, c.exceptions.recorded, c.risk,
        ])));
      } finally {
        await client.close();
      }
    });

  audit
    .command('risk <audit> <control> <level>')
    .description("Set a control's risk in the audit: low, moderate (the default) or high; it sizes the control's sample")
    .option('--json', 'print the answer as JSON')
    .addHelpText('after', `
Where the frequency table gives a range, the risk picks the size: low the bottom, high the top
(monthly, 12 months: 2 / 3 / 5; daily: 20 / 25 / 40). Samples already drawn keep the risk they
were drawn with; draw with a new seed to apply it.

Example:
  attest audit risk 3f6c… GOV-11 high`)
    .action(async (id: string, control: string, level: string, opts: { json?: boolean }) => {
      const client = await connect(ctx.config(), 'audit risk');
      try {
        const answer = await client.audits().risk(id, control, level.trim().toLowerCase());
        if (opts.json) return json(ctx.io, answer);
        ctx.io.out(`${answer.control}: ${answer.risk} risk (sizes the next draw: attest audit sample ${id} --seed N)`);
      } finally {
        await client.close();
      }
    });
}
