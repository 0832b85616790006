import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { ChainHead } from '../../app/index.js';
import { invalidField } from '../../domain/errors.js';
import { connect } from '../client.js';
import type { CommandContext } from '../main.js';
import { json, progress } from '../output.js';

/** The heads of an earlier `attest verify --json`, to check the chain against. */
export function readAnchors(file: string): ChainHead[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw invalidField('anchor', 'unreadable', `${file}: ${(e as Error).message}`);
  }
  const heads = (doc as { heads?: unknown } | null)?.heads;
  const ok = (h: unknown): h is ChainHead => {
    const x = h as Partial<ChainHead> | null;
    return !!x && typeof x.organization === 'string' && Number.isInteger(x.seq) && typeof x.hash === 'string' && /^[0-9a-f]{64}$/.test(x.hash);
  };
  if (!Array.isArray(heads) || !heads.every(ok)) throw invalidField('anchor', 'invalid_value', `${file}: expected the JSON of an earlier \`attest verify --json\` (a "heads" list of {organization, seq, hash})`);
  // A chain with no entries has head 0; there is nothing to hold it to.
  return heads.filter((h) => h.seq > 0);
}

export function registerVerify(program: Command, ctx: CommandContext) {
  program
    .command('verify')
    .description('Recompute the audit-log hash chain and every evidence hash; exit 1 naming anything altered')
    .option('--json', 'print the report as JSON (its "heads" are the anchor for --anchor)')
    .option('--anchor <file>', 'the JSON of an earlier `attest verify --json`, kept outside the database: its chain heads must still be in the log (detects removed newest entries)')
    .addHelpText('after', `
The hash chain shows any altered or removed entry, except the newest ones: nothing in the
database remembers where the log ended. Keep the output of \`attest verify --json\` somewhere
the database cannot reach (a ticket, a bucket with object lock); \`attest verify --anchor FILE\`
later checks that those heads are still in the log, with the same hashes.`)
    .action(async (opts: { json?: boolean; anchor?: string }) => {
      const anchors = opts.anchor ? readAnchors(opts.anchor) : [];
      const client = await connect(ctx.config(), 'verify');
      const bar = progress(ctx.io, 'verifying');
      try {
        const report = await client.verify(anchors, bar.tick);
        bar.done();
        if (!report.ok) ctx.setExit(1);
        if (opts.json) return json(ctx.io, report);
        const problems = (kind: string) => report.problems.filter((p) => p.kind.startsWith(kind));
        ctx.io.out(`Audit log: ${report.auditEntries} entries in ${report.organizations} organization(s): ${problems('audit').length ? 'ALTERED' : 'intact'}`);
        if (opts.anchor) ctx.io.out(`Anchors: ${report.anchorsChecked} head(s) from ${opts.anchor}: ${problems('audit_anchor').length ? 'NOT FOUND AS KEPT' : 'still in the log'}`);
        for (const h of report.heads) ctx.io.out(`  head of ${h.organization}: entry ${h.seq}, ${h.hash}`);
        ctx.io.out(`Evidence: ${report.evidenceChecked} file(s): ${problems('evidence').length ? 'ALTERED' : 'intact'}`);
        for (const p of report.problems) ctx.io.out(`  ✗ ${p.kind}: ${p.message}`);
        if (!report.ok) ctx.io.err(`attest: verification failed: ${report.problems.length} problem(s).`);
      } finally {
        bar.done();
        await client.close();
      }
    });
}
