import type { Command } from 'commander';
import { CatalogService } from '../../app/catalog.service.js';
import { catalog } from '../../content/load.js';
import type { CommandContext } from '../main.js';
import { json, table } from '../output.js';

export function registerCriteria(program: Command, ctx: CommandContext) {
  program
    .command('criteria')
    .description('List the SOC 2 Trust Services Criteria and how many library controls support each')
    .option('--category <category>', 'only one category: security, availability, confidentiality, processing_integrity, privacy')
    .option('--json', 'print the criteria as JSON')
    .addHelpText('after', '\nExample:\n  attest criteria --category availability')
    .action((opts: { category?: string; json?: boolean }) => {
      const criteria = new CatalogService({ catalog: catalog() }).criteria(opts.category === undefined ? {} : { category: opts.category });
      if (opts.json) return json(ctx.io, criteria.map((c) => ({ id: c.id, category: c.category, group: c.group, title: c.title, description: c.description, pointsOfFocus: c.pointsOfFocus, controls: c.controls })));
      ctx.io.out(table(['ID', 'CATEGORY', 'TITLE', 'CONTROLS'], criteria.map((c) => [c.id, c.category, c.title, c.controls.length])));
      ctx.io.out(`\n${criteria.length} criteria.`);
    });
}
