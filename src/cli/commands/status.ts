import type { Command } from 'commander';
import { connect } from '../client.js';
import type { CommandContext } from '../main.js';
import { json, table } from '../output.js';

export function registerStatus(program: Command, ctx: CommandContext) {
  program
    .command('status')
    .description('Readiness by category and criterion: controls in scope, with current evidence, without')
    .option('--json', 'print the full readiness report as JSON')
    .option('--all', 'list every criterion, not only those with gaps')
    .action(async (opts: { json?: boolean; all?: boolean }) => {
      const client = await connect(ctx.config(), 'status');
      try {
        const report = await client.status();
        if (opts.json) return json(ctx.io, report);
        const { readiness, scope } = report;
        const when = scope.reportType === 'type1' ? `Type I as of ${scope.asOf ?? '(date not set)'}` : `Type II ${scope.periodStart} to ${scope.periodEnd}`;
        ctx.io.out(`${report.organization.name}: ${when}; ${readiness.overall.score}% of in-scope controls have current evidence (${readiness.overall.evidenced} of ${readiness.overall.controls}; ${readiness.overall.excluded} excluded).\n`);
        ctx.io.out(table(['CATEGORY', 'CRITERIA READY', 'CONTROLS', 'EVIDENCED', 'FAILING', 'AT RISK', 'STALE', 'NO EVIDENCE', 'SCORE'],
          readiness.categories.map((c) => [c.category, `${c.criteriaReady}/${c.criteria}`, c.controls, c.evidenced, c.failing, c.atRisk ?? 0, c.stale, c.noEvidence, `${c.score}%`])));
        const rows = readiness.criteria.filter((c) => opts.all || c.state !== 'ready');
        if (rows.length) {
          ctx.io.out('');
          ctx.io.out(table(['CRITERION', 'STATE', 'CONTROLS', 'EVIDENCED', 'FAILING', 'AT RISK', 'STALE', 'NO EVIDENCE', 'TITLE'], rows.map((c) => [c.id, c.state, c.controls, c.evidenced, c.failing, c.atRisk ?? 0, c.stale, c.noEvidence, c.title])));
        }
        if (report.nextSteps.length) {
          ctx.io.out('\nNext steps (controls that support the most criteria first):');
          for (const s of report.nextSteps) ctx.io.out(`  ${s.control.padEnd(7)} ${s.title}: ${s.explanation}`);
          ctx.io.out('\nAdd evidence with: attest evidence add FILE --control ID [--effective YYYY-MM-DD]');
        }
      } finally {
        await client.close();
      }
    });
}
