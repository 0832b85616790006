import type { Command } from 'commander';
import { connect } from '../client.js';
import type { CommandContext } from '../main.js';
import { json, progress } from '../output.js';

export function registerVerify(program: Command, ctx: CommandContext) {
  program
    .command('verify')
    .description('Recompute the audit-log hash chain and every evidence hash; exit 1 naming anything altered')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      const client = await connect(ctx.config(), 'verify');
      const bar = progress(ctx.io, 'verifying');
      try {
        const report = await client.verify(bar.tick);
        bar.done();
        if (!report.ok) ctx.setExit(1);
        if (opts.json) return json(ctx.io, report);
        const problems = (kind: string) => report.problems.filter((p) => p.kind.startsWith(kind));
        ctx.io.out(`Audit log: ${report.auditEntries} entries in ${report.organizations} organization(s): ${problems('audit').length ? 'ALTERED' : 'intact'}`);
        ctx.io.out(`Evidence: ${report.evidenceChecked} file(s): ${problems('evidence').length ? 'ALTERED' : 'intact'}`);
        for (const p of report.problems) ctx.io.out(`  ✗ ${p.kind}: ${p.message}`);
        if (!report.ok) ctx.io.err(`attest: verification failed: ${report.problems.length} problem(s).`);
      } finally {
        bar.done();
        await client.close();
      }
    });
}
