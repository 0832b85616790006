// `attest users`: the people of the workspace's organization, and password-reset links when no
// email is configured. Goes through the running server, or opens the workspace in-process.
import type { Command } from 'commander';
import { connect } from '../client.js';
import type { CommandContext } from '../main.js';
import { json, table } from '../output.js';

export function registerUsers(program: Command, ctx: CommandContext) {
  const users = program.command('users').description('Members of the organization, and password-reset links');

  users
    .command('list')
    .description('List members with their role, two-factor and account state')
    .option('--json', 'print them as JSON')
    .action(async (opts: { json?: boolean }) => {
      const client = await connect(ctx.config(), 'users');
      try {
        const list = await client.members();
        if (opts.json) return json(ctx.io, list);
        ctx.io.out(table(['EMAIL', 'NAME', 'ROLE', '2FA', 'STATE', 'LAST SIGN-IN'], list.map((m) => [m.email, m.name, m.role, m.twoFactor ? 'on' : 'off', m.disabled ? 'disabled' : m.locked ? 'locked' : 'active', m.lastLoginAt ?? '-'])));
      } finally {
        await client.close();
      }
    });

  users
    .command('reset-password <email>')
    .description('Print a one-time link that sets a new password for a member (valid one hour; earlier links stop working)')
    .option('--json', 'print the link and its expiry as JSON')
    .addHelpText('after', '\nGive the link to the member over a channel you trust. It also lifts a lockout.\nThe base of the link is ATTEST_PUBLIC_URL, or the running server\'s address.')
    .action(async (email: string, opts: { json?: boolean }) => {
      const client = await connect(ctx.config(), 'users');
      try {
        const link = await client.passwordResetLink(email);
        if (opts.json) return json(ctx.io, link);
        ctx.io.out(link.url);
        ctx.io.err(`One-time link for ${email}, valid until ${link.expiresAt}.`);
      } finally {
        await client.close();
      }
    });
}
