// `attest tokens`: API tokens for CI and scripts, through the running server or in-process.
// The local command acts as an owner of the workspace's organization.
import type { Command } from 'commander';
import { ROLES } from '../../app/permissions.js';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from '../../app/tokens.service.js';
import { invalidField } from '../../domain/errors.js';
import type { Role } from '../../store/index.js';
import { connect } from '../client.js';
import type { CommandContext } from '../main.js';
import { json, table } from '../output.js';

/** `90d`, `12w`, `1y` (365 days) or `never` → days (null: never). */
export function parseExpiry(raw: string): number | null {
  const text = raw.trim().toLowerCase();
  if (text === 'never') return null;
  const m = /^(\d+)\s*([dwy]?)$/.exec(text);
  const days = m ? Number(m[1]) * ({ '': 1, d: 1, w: 7, y: 365 } as Record<string, number>)[m[2]!]! : NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
    throw invalidField('expires', 'invalid_duration', `${JSON.stringify(raw)} is not a duration: use days (90d), weeks (12w), years (1y, at most 10) or never`);
  }
  return days;
}

export function registerTokens(program: Command, ctx: CommandContext) {
  const tokens = program
    .command('tokens')
    .description('API tokens for CI and scripts (Authorization: Bearer att_…): create, list, revoke');

  tokens
    .command('create')
    .description('Create a token; it is printed once, and only its hash is kept')
    .option('--name <name>', 'where it is used, e.g. "GitHub Actions"', 'CLI token')
    .option('--role <role>', `what it may do: ${ROLES.join(', ')} (docs/PERMISSIONS.md)`, 'member')
    .option('--expires <duration>', `when it stops working: 90d, 12w, 1y, or never (default ${DEFAULT_TOKEN_DAYS}d)`, `${DEFAULT_TOKEN_DAYS}d`)
    .option('--json', 'print the token and its details as JSON')
    .addHelpText('after', '\nExamples:\n  attest tokens create --name "GitHub Actions" --role member --expires 90d\n  ATTEST_TOKEN=$(attest tokens create --role viewer --json | jq -r .secret)')
    .action(async (opts: { name: string; role: string; expires: string; json?: boolean }) => {
      if (!(ROLES as readonly string[]).includes(opts.role)) throw invalidField('role', 'invalid_value', `unknown role ${JSON.stringify(opts.role)}; choose from ${ROLES.join(', ')}`);
      const expiresInDays = parseExpiry(opts.expires);
      const client = await connect(ctx.config(), 'tokens');
      try {
        const created = await client.createToken({ name: opts.name, role: opts.role as Role, expiresInDays });
        if (opts.json) return json(ctx.io, created);
        ctx.io.out(created.secret);
        ctx.io.err(`Token "${created.token.name}" (${created.token.role}, ${created.token.expiresAt ? `expires ${created.token.expiresAt}` : 'never expires'}, id ${created.token.id}).`);
        ctx.io.err('Copy it now: it is not shown again. Send it as `Authorization: Bearer <token>`.');
      } finally {
        await client.close();
      }
    });

  tokens
    .command('list')
    .description('List tokens with their role, state and last use (never the token itself)')
    .option('--json', 'print them as JSON')
    .action(async (opts: { json?: boolean }) => {
      const client = await connect(ctx.config(), 'tokens');
      try {
        const list = await client.listTokens();
        if (opts.json) return json(ctx.io, list);
        ctx.io.out(table(['ID', 'NAME', 'ROLE', 'STATE', 'EXPIRES', 'LAST USED'], list.map((t) => [t.id, t.name, t.role, t.state, t.expiresAt ?? 'never', t.lastUsedAt ?? '-'])));
      } finally {
        await client.close();
      }
    });

  tokens
    .command('revoke <id>')
    .description('Revoke a token: it stops working at once')
    .action(async (id: string) => {
      const client = await connect(ctx.config(), 'tokens');
      try {
        const t = await client.revokeToken(id);
        ctx.io.out(`Revoked token "${t.name}" (${t.id}).`);
      } finally {
        await client.close();
      }
    });
}
