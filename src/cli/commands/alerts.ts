// `attest alerts`: check an alert receiver or the SMTP settings before relying on them.
import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { smtpMailer } from '../../app/mailer.js';
import { randomToken } from '../../app/secrets.js';
import { postWebhook } from '../../app/webhook-sender.js';
import { webhookPayload } from '../../domain/alerts.js';
import { AppError, invalidField } from '../../domain/errors.js';
import type { CommandContext } from '../main.js';
import { json } from '../output.js';

export function registerAlerts(program: Command, ctx: CommandContext) {
  const alerts = program.command('alerts').description('Check alert receivers: a webhook URL, or the SMTP settings (docs/ALERTS.md)');

  alerts
    .command('test-webhook <url>')
    .description('POST a signed sample alert to URL, as Attest delivers them; exit 1 unless it answers 2xx')
    .option('--secret <secret>', 'the signing secret to use (default: a new one, printed)')
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', `
The request is what an endpoint receives (Slack-compatible JSON with an \`attest\` object, and
X-Attest-Timestamp / X-Attest-Signature headers), with X-Attest-Event: test. The same address
rule applies: private and loopback addresses are refused unless ATTEST_WEBHOOK_ALLOW_PRIVATE=true.

  attest alerts test-webhook https://hooks.slack.com/services/T000/B000/XXXX
  ATTEST_WEBHOOK_ALLOW_PRIVATE=true attest alerts test-webhook http://127.0.0.1:9000/hook --secret whsec_local`)
    .action(async (url: string, opts: { secret?: string; json?: boolean }) => {
      const config = ctx.config();
      const secret = opts.secret ?? randomToken('whsec_');
      const now = new Date();
      const payload = webhookPayload({
        orgId: 'test', id: randomUUID(), at: now.toISOString(), kind: 'control_failing', subjectType: 'control', subjectId: 'TEST-00', subjectTitle: 'Test message from Attest',
        before: 'evidenced', after: 'failing', detail: 'This is a test from `attest alerts test-webhook`: nothing changed.',
      }, { id: 'test', name: 'Attest' }, config.publicUrl);
      try {
        const out = await postWebhook({ url, body: JSON.stringify(payload), secret, now, allowPrivate: config.webhookAllowPrivate, headers: { 'x-attest-event': 'test' } });
        if (!out.ok) ctx.setExit(1);
        if (opts.json) return json(ctx.io, { ...out, secret: opts.secret ? undefined : secret });
        ctx.io.out(out.ok ? `Delivered: ${url} answered ${out.statusCode}.` : `Not delivered: ${out.error}`);
        if (!opts.secret) ctx.io.out(`Signed with the secret ${secret}`);
      } catch (e) {
        // The address rule names the field `url`; here it is the argument.
        if (e instanceof AppError && e.code === 'invalid_input') throw new AppError('invalid_input', e.fields[0]?.message ?? e.message, e.fields.map((f) => ({ ...f, field: 'URL' })));
        throw e;
      }
    });

  alerts
    .command('test-email <to>')
    .description('Send a test email to TO through ATTEST_SMTP_URL, from ATTEST_SMTP_FROM')
    .option('--json', 'print the outcome as JSON')
    .action(async (to: string, opts: { json?: boolean }) => {
      const config = ctx.config();
      if (!config.smtp) throw invalidField('ATTEST_SMTP_URL', 'required', 'email is not configured: set ATTEST_SMTP_URL and ATTEST_SMTP_FROM (docs/ALERTS.md)');
      if (!/^[^\s@]+@[^\s@]+$/.test(to)) throw invalidField('TO', 'invalid_email', `${JSON.stringify(to)} is not an email address`);
      const mailer = smtpMailer(config.smtp);
      try {
        await mailer.send({ to, subject: '[Attest] Test email', text: 'This is a test from `attest alerts test-email`: Attest can send email with these settings.\n' });
      } finally {
        mailer.close();
      }
      if (opts.json) return json(ctx.io, { sent: true, to });
      ctx.io.out(`Sent a test email to ${to}.`);
    });
}
