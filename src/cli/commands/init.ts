import type { Command } from 'commander';
import { basename } from 'node:path';
import { parseCategories } from '../../app/workspace.service.js';
import { invalid } from '../../domain/errors.js';
import { connect } from '../client.js';
import type { CommandContext } from '../main.js';
import { json } from '../output.js';

export function registerInit(program: Command, ctx: CommandContext) {
  program
    .command('init')
    .description('Create the workspace: the organization, its audit scope and its controls from the library')
    .option('--org <name>', 'organization name (default: the folder name)')
    .option('--categories <list>', 'Trust Services Categories in scope, comma-separated; security is always in scope', 'security')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `
Categories: security, availability, confidentiality, processing_integrity, privacy.
Running init again on an existing workspace adds controls new to the library and changes nothing else.

Example:
  attest init --org "Acme Inc." --categories security,availability,confidentiality`)
    .action(async (opts: { org?: string; categories: string; json?: boolean }) => {
      const list = opts.categories.split(',');
      const { errors } = parseCategories(list, 'categories');
      const name = opts.org ?? basename(process.cwd());
      if (name.trim() === '') errors.push({ field: 'org', code: 'required', message: 'an organization name is required' });
      if (errors.length) throw invalid(errors); // before anything is created on disk
      const config = ctx.config();
      const client = await connect(config, 'init', { create: true });
      try {
        const result = await client.init(name, list);
        if (opts.json) return json(ctx.io, { organization: result.org, created: result.created, controlsAdded: result.controls, via: client.via });
        if (result.created) {
          ctx.io.out(`Initialized the workspace for "${result.org.name}" (${client.via}).`);
          ctx.io.out(`${result.controls} controls from the library are in place. Next: \`attest status\` to see readiness, \`attest serve\` for the web app.`);
        } else {
          ctx.io.out(`The workspace for "${result.org.name}" already exists (${client.via}); ${result.controls} new library control(s) added.`);
        }
      } finally {
        await client.close();
      }
    });
}
