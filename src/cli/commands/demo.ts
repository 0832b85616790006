import type { Command } from 'commander';
import { DEMO_DAYS, DEMO_SIZES, DEMO_SPECS, DemoService, type DemoSize } from '../../app/demo.service.js';
import { AppError, invalid } from '../../domain/errors.js';
import type { CommandContext } from '../main.js';
import { json } from '../output.js';
import { openRuntime, WorkspaceBusy } from '../runtime.js';

export function registerDemo(program: Command, ctx: CommandContext) {
  program
    .command('demo')
    .description('Seed a fictional demonstration organization to explore (people, controls in every state, evidence, six months of scans)')
    .option('--size <size>', `small (${DEMO_SPECS.small.people} people, ${DEMO_SPECS.small.resources.toLocaleString('en')} resources) or large (${DEMO_SPECS.large.people.toLocaleString('en')} people, ${DEMO_SPECS.large.resources.toLocaleString('en')} resources)`, 'small')
    .option('--force', 'seed even though the workspace already has people, evidence or scans')
    .option('--json', 'print what was seeded as JSON')
    .addHelpText('after', `
Seeds the workspace (creating it if needed) with "Northwind Example Ltd": people with every role
(addresses at example.com; none can sign in until sent a reset link), every library control with
an owner or not, some excluded with a reason, evidence files with effective dates (current, stale,
none), ${DEMO_DAYS} days of scan results from the real checks, and the daily readiness trend.
Everything is fictional. Use a workspace of its own, for example:

  ATTEST_DATA_DIR=/tmp/attest-demo attest demo --size small
  ATTEST_DATA_DIR=/tmp/attest-demo attest serve

The embedded workspace must not be open in \`attest serve\` while seeding.`)
    .action(async (opts: { size: string; force?: boolean; json?: boolean }) => {
      if (!(DEMO_SIZES as string[]).includes(opts.size)) throw invalid([{ field: 'size', code: 'invalid_choice', message: `${JSON.stringify(opts.size)} is not a size: use ${DEMO_SIZES.join(' or ')}` }]);
      const size = opts.size as DemoSize;
      const config = ctx.config();
      const rt = await openRuntime(config, { command: 'demo', create: true }).catch((e: unknown) => {
        if (e instanceof WorkspaceBusy) throw new AppError('workspace_locked', `${e.message}: stop it before seeding, or seed another workspace (ATTEST_DATA_DIR)`);
        throw e;
      });
      let line = '';
      const draw = (text: string) => {
        if (!ctx.io.isTTY) return;
        process.stderr.write(`\r\x1b[K${text}`);
        line = text;
      };
      let lastDraw = 0;
      let lastStage = '';
      try {
        const result = await new DemoService(rt.services.ctx).seed(size, {
          force: opts.force ?? false, actor: 'cli',
          onProgress: (stage, done, total) => {
            if (stage !== lastStage && lastStage !== '' && !ctx.io.isTTY) ctx.io.err(`demo: ${lastStage} done`);
            lastStage = stage;
            if (Date.now() - lastDraw < 80 && done !== total) return;
            lastDraw = Date.now();
            draw(`${stage} [${'#'.repeat(Math.round((done / Math.max(total, 1)) * 20)).padEnd(20, '.')}] ${done}/${total}`);
          },
        });
        if (line) process.stderr.write('\r\x1b[K');
        if (opts.json) return json(ctx.io, { ...result, via: rt.describe });
        const c = result.controls;
        ctx.io.out(`Seeded "${result.organization.name}" (${size}) in ${result.seconds} s (${rt.describe}).`);
        ctx.io.out(`  people:    ${result.people.toLocaleString('en')}`);
        ctx.io.out(`  controls:  ${c.evidenced} evidenced, ${c.failing} failing, ${c.stale} stale, ${c.no_evidence} without evidence, ${c.excluded} excluded; ${result.owned} with an owner`);
        ctx.io.out(`  evidence:  ${result.evidence} files`);
        ctx.io.out(`  scans:     ${result.scans} runs over ${result.days} days, ${result.resources.toLocaleString('en')} resources, ${result.results.toLocaleString('en')} results`);
        ctx.io.out(`  trend:     ${result.snapshots} daily readiness snapshots`);
        ctx.io.out(`Next: \`attest status\`, or \`attest serve\` and sign in as the owner: \`attest users reset-password ${result.owner}\` prints a link to set a password.`);
      } finally {
        if (line) process.stderr.write('\r\x1b[K');
        await rt.close();
      }
    });
}
