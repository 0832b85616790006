import type { Command } from 'commander';
import { CatalogService } from '../../app/catalog.service.js';
import { CONTROL_STATUSES, libraryView } from '../../app/controls.service.js';
import { catalog } from '../../content/load.js';
import { invalidField } from '../../domain/errors.js';
import type { ControlStatus } from '../../domain/status.js';
import { connect, hasWorkspace } from '../client.js';
import type { CommandContext } from '../main.js';
import { json, table } from '../output.js';

export function registerControls(program: Command, ctx: CommandContext) {
  program
    .command('controls')
    .description("List the organization's controls with their derived status (the library, before `attest init`)")
    .option('--criterion <id>', 'only controls that support this SOC 2 criterion, e.g. CC6.1')
    .option('--status <status>', `only this status: ${CONTROL_STATUSES.join(', ')}`)
    .option('--owner <name>', 'only controls with this owner')
    .option('--domain <domain>', 'only this domain, e.g. identity-and-access')
    .option('--json', 'print the controls as JSON')
    .addHelpText('after', '\nExamples:\n  attest controls --criterion CC6.1\n  attest controls --status no_evidence --json')
    .action(async (opts: { criterion?: string; status?: string; owner?: string; domain?: string; json?: boolean }) => {
      const cat = catalog();
      const criterion = opts.criterion === undefined ? undefined : new CatalogService({ catalog: cat }).requireCriterion(opts.criterion, 'criterion');
      if (opts.status !== undefined && !CONTROL_STATUSES.includes(opts.status as ControlStatus)) {
        throw invalidField('status', 'invalid_value', `unknown status ${JSON.stringify(opts.status)}; choose from ${CONTROL_STATUSES.join(', ')}`);
      }
      const query = { criterion, status: opts.status as ControlStatus | undefined, owner: opts.owner, domain: opts.domain };
      const config = ctx.config();
      if (!hasWorkspace(config)) {
        const lib = cat.controls.filter((c) => (!criterion || c.criteria.includes(criterion)) && (!opts.domain || c.domain === opts.domain)).map(libraryView);
        if (opts.status || opts.owner) ctx.io.err('attest: no workspace yet, so no status or owner: showing the library unfiltered by them. Run `attest init` first.');
        else if (!opts.json) ctx.io.err('(no workspace here yet: showing the control library; `attest init` puts it to work)');
        if (opts.json) return json(ctx.io, lib);
        ctx.io.out(table(['ID', 'DOMAIN', 'FREQUENCY', 'TITLE', 'CRITERIA'], lib.map((c) => [c.id, c.domain, c.frequency, c.title, c.criteria.join(' ')])));
        return ctx.io.out(`\n${lib.length} controls.`);
      }
      const client = await connect(config, 'controls');
      try {
        const controls = await client.controls(query);
        if (opts.json) return json(ctx.io, controls);
        ctx.io.out(table(['ID', 'STATUS', 'OWNER', 'TITLE', 'CRITERIA'], controls.map((c) => [c.id, c.status, c.owner ?? '-', c.title, c.criteria.join(' ')])));
        ctx.io.out(`\n${controls.length} controls.`);
      } finally {
        await client.close();
      }
    });
}
