import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { invalid, type FieldError } from '../../domain/errors.js';
import { isIsoDate } from '../../domain/dates.js';
import { connect, hasWorkspace } from '../client.js';
import type { CommandContext } from '../main.js';
import { json, table } from '../output.js';

async function knownControls(ctx: CommandContext, ids: string[]): Promise<FieldError[]> {
  if (!hasWorkspace(ctx.config())) return [];
  const client = await connect(ctx.config(), 'evidence add');
  try {
    const have = new Set((await client.controls({})).map((c) => c.id));
    return ids.filter((id) => !have.has(id.toUpperCase())).map((id) => ({ field: 'control', code: 'unknown_id', message: `no control ${JSON.stringify(id)} in this workspace` }));
  } finally {
    await client.close();
  }
}

const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

export function registerEvidence(program: Command, ctx: CommandContext) {
  const evidence = program.command('evidence').description('Add and list evidence: files stored by sha-256 with the date they are effective for');

  evidence
    .command('add <file>')
    .description('Store a file as evidence for one or more controls')
    .requiredOption('--control <id>', 'control the evidence supports (repeat, or comma-separate)', collect, [])
    .option('--effective <date>', 'the date the evidence is effective for, YYYY-MM-DD (default: today)')
    .option('--description <text>', 'what the file shows')
    .option('--json', 'print the stored evidence as JSON')
    .addHelpText('after', `
The file is hashed (sha-256) and stored unchanged; \`attest verify\` later proves it was not altered.
The effective date is the date of what the file proves (the day of the access review, say), not the upload date.

Example:
  attest evidence add q3-access-review.pdf --control IAM-08 --effective 2026-09-30`)
    .action(async (file: string, opts: { control: string[]; effective?: string; description?: string; json?: boolean }) => {
      const errors: FieldError[] = [];
      try {
        if (!statSync(file).isFile()) errors.push({ field: 'file', code: 'not_a_file', message: `${file} is not a regular file` });
      } catch {
        errors.push({ field: 'file', code: 'not_found', message: `${file}: no such file` });
      }
      if (opts.effective !== undefined && !isIsoDate(opts.effective)) errors.push({ field: 'effective', code: 'invalid_date', message: `${JSON.stringify(opts.effective)} is not a date (YYYY-MM-DD)` });
      // The workspace checks the control ids; report them together with these where it can.
      if (errors.length) {
        const known = await knownControls(ctx, opts.control);
        throw invalid([...errors, ...known]);
      }
      const client = await connect(ctx.config(), 'evidence add');
      try {
        const ev = await client.addEvidence({ path: file, controls: opts.control, effectiveDate: opts.effective, description: opts.description });
        if (opts.json) return json(ctx.io, ev);
        ctx.io.out(`Stored ${ev.filename} as evidence ${ev.id}`);
        ctx.io.out(`  sha-256    ${ev.sha256}`);
        ctx.io.out(`  effective  ${ev.effectiveAt} (collected ${ev.collectedAt})`);
        ctx.io.out(`  controls   ${ev.controls.join(', ')}`);
      } finally {
        await client.close();
      }
    });

  evidence
    .command('list')
    .description('List evidence, newest effective first')
    .option('--control <id>', 'only evidence linked to this control')
    .option('--json', 'print as JSON')
    .action(async (opts: { control?: string; json?: boolean }) => {
      const client = await connect(ctx.config(), 'evidence list');
      try {
        const { items, total } = await client.listEvidence(opts.control?.toUpperCase());
        if (opts.json) return json(ctx.io, items);
        if (items.length === 0) return ctx.io.out('No evidence yet. Add some with: attest evidence add FILE --control ID');
        ctx.io.out(table(['ID', 'EFFECTIVE', 'FILE', 'SHA-256', 'CONTROLS'], items.map((e) => [e.id, e.effectiveAt, e.filename, e.sha256.slice(0, 16), e.controls.join(' ')])));
        ctx.io.out(`\n${items.length} of ${total} shown.`);
      } finally {
        await client.close();
      }
    });
}
