// Email over SMTP (ATTEST_SMTP_URL, ATTEST_SMTP_FROM): password-reset links and alerts.
import nodemailer from 'nodemailer';
import type { Mailer } from './context.js';

export interface SmtpSettings {
  /** smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (TLS from the start). */
  url: string;
  /** The From header, e.g. `Attest <attest@example.com>`. */
  from: string;
}

/** Problems of an SMTP URL, as sentences naming the variable; empty when it is usable. */
export function smtpUrlProblems(raw: string, name = 'ATTEST_SMTP_URL'): string[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [`${name} must be a URL like smtp://user:password@mail.example.com:587 or smtps://…:465`];
  }
  const out: string[] = [];
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') out.push(`${name} must start with smtp:// or smtps:// (got ${url.protocol}//)`);
  if (url.hostname === '') out.push(`${name} has no host`);
  if (url.port !== '' && !(Number(url.port) >= 1 && Number(url.port) <= 65535)) out.push(`${name} has an invalid port`);
  if (url.password && !url.username) out.push(`${name} has a password without a user name`);
  return out;
}

/** An address for From: `name@host` or `Display Name <name@host>`. */
export const isFromAddress = (s: string): boolean => /^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(s.trim());

export interface SmtpMailer extends Mailer {
  close(): void;
}

export function smtpMailer(settings: SmtpSettings): SmtpMailer {
  const transport = nodemailer.createTransport(settings.url);
  return {
    async send(message) {
      await transport.sendMail({ from: settings.from, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}
