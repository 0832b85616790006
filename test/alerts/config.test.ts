// ATTEST_SMTP_URL / ATTEST_SMTP_FROM / ATTEST_WEBHOOK_ALLOW_PRIVATE: parsed once, every problem named.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/cli/config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, '/tmp');
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe('alerts configuration', () => {
  it('is off by default', () => {
    expect(loadConfig({}, '/tmp')).toMatchObject({ smtp: null, webhookAllowPrivate: false });
  });

  it('reads SMTP (smtp:// and smtps://) and the private-address override', () => {
    expect(loadConfig({ ATTEST_SMTP_URL: 'smtps://mailer:pw@mail.example.com:465', ATTEST_SMTP_FROM: 'Attest <attest@example.com>', ATTEST_WEBHOOK_ALLOW_PRIVATE: 'true' }, '/tmp'))
      .toMatchObject({ smtp: { url: 'smtps://mailer:pw@mail.example.com:465', from: 'Attest <attest@example.com>' }, webhookAllowPrivate: true });
    expect(loadConfig({ ATTEST_SMTP_URL: 'smtp://127.0.0.1:2525', ATTEST_SMTP_FROM: 'attest@example.com', ATTEST_WEBHOOK_ALLOW_PRIVATE: 'false' }, '/tmp'))
      .toMatchObject({ smtp: { url: 'smtp://127.0.0.1:2525', from: 'attest@example.com' }, webhookAllowPrivate: false });
  });

  it('names every problem at once', () => {
    expect(problemsOf({ ATTEST_SMTP_URL: 'https://mail.example.com', ATTEST_WEBHOOK_ALLOW_PRIVATE: 'yes please' })).toEqual([
      'ATTEST_SMTP_URL must start with smtp:// or smtps:// (got https://)',
      'ATTEST_SMTP_FROM is required with ATTEST_SMTP_URL, e.g. "Attest <attest@example.com>"',
      'ATTEST_WEBHOOK_ALLOW_PRIVATE must be true or false',
    ]);
    expect(problemsOf({ ATTEST_SMTP_URL: 'smtp://mail.example.com', ATTEST_SMTP_FROM: 'not an address' })).toEqual(['ATTEST_SMTP_FROM must be an email address, optionally with a name: "Attest <attest@example.com>"']);
    expect(problemsOf({ ATTEST_SMTP_FROM: 'attest@example.com' })).toEqual(['ATTEST_SMTP_FROM is set but ATTEST_SMTP_URL is not: set both to send email, or neither']);
    expect(problemsOf({ ATTEST_SMTP_URL: 'mail.example.com', ATTEST_SMTP_FROM: 'attest@example.com' })).toEqual(['ATTEST_SMTP_URL must be a URL like smtp://user:password@mail.example.com:587 or smtps://…:465']);
  });
});
