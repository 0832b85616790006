import type { Command } from 'commander';
import { checks } from '../../checks/registry.js';
import { catalog } from '../../content/load.js';
import { controlsOf } from '../../reports/findings.js';
import type { CommandContext } from '../main.js';
import { json, table } from '../output.js';

export function registerChecks(program: Command, ctx: CommandContext) {
  program
    .command('checks')
    .description('List the check catalog: what `attest scan` looks for, and the controls each check evidences')
    .option('--resource-type <type>', 'only checks of this resource type, e.g. aws.s3.bucket')
    .option('--json', 'print the catalog as JSON')
    .addHelpText('after', '\nEach check has a page under docs/checks/.')
    .action((opts: { resourceType?: string; json?: boolean }) => {
      const cat = catalog();
      const list = checks
        .filter((c) => !opts.resourceType || c.meta.resourceType === opts.resourceType)
        .map((c) => {
          const controls = controlsOf(c, cat);
          return { id: c.meta.id, title: c.meta.title, severity: c.meta.severity, resourceType: c.meta.resourceType, controls: controls.map((x) => x.id), criteria: [...new Set(controls.flatMap((x) => x.criteria))].sort(), description: c.meta.description, remediation: c.meta.remediation.text };
        })
        .sort((a, b) => a.id.localeCompare(b.id));
      if (opts.json) return json(ctx.io, list);
      ctx.io.out(table(['ID', 'SEVERITY', 'RESOURCE TYPE', 'CONTROLS', 'TITLE'], list.map((c) => [c.id, c.severity, c.resourceType, c.controls.join(' '), c.title])));
      ctx.io.out(`\n${list.length} checks.`);
    });
}
