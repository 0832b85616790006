// The account settings of the configuration: ATTEST_SECRET_KEY, ATTEST_PUBLIC_URL, ATTEST_TRUST_PROXY,
// and the key file written on first run.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/cli/config.js';
import { secretKeyFor, secretKeyPath } from '../../src/cli/runtime.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, '/tmp');
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe('account settings', () => {
  it('defaults: no key (the key file is used), no public URL, no trusted proxy', () => {
    expect(loadConfig({}, '/tmp')).toMatchObject({ secretKey: null, publicUrl: null, trustProxy: false });
  });

  it('reads them', () => {
    const config = loadConfig({ ATTEST_SECRET_KEY: 'k'.repeat(40), ATTEST_PUBLIC_URL: 'https://attest.example.com/', ATTEST_TRUST_PROXY: '10.0.0.0/8, 192.168.1.1' }, '/tmp');
    expect(config).toMatchObject({ secretKey: 'k'.repeat(40), publicUrl: 'https://attest.example.com', trustProxy: ['10.0.0.0/8', '192.168.1.1'] });
    expect(loadConfig({ ATTEST_TRUST_PROXY: 'true' }, '/tmp').trustProxy).toBe(true);
    expect(loadConfig({ ATTEST_TRUST_PROXY: '2' }, '/tmp').trustProxy).toBe(2);
  });

  it('reports every bad value at once', () => {
    const problems = problemsOf({ ATTEST_SECRET_KEY: 'short', ATTEST_PUBLIC_URL: 'attest.example.com', ATTEST_TRUST_PROXY: 'my proxy' });
    expect(problems).toHaveLength(3);
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['ATTEST_SECRET_KEY', 'ATTEST_PUBLIC_URL', 'ATTEST_TRUST_PROXY']);
  });
});

describe('single sign-on settings', () => {
  it('is off without an issuer, and reads the provider and its client when set', () => {
    expect(loadConfig({}, '/tmp').sso).toBeNull();
    const config = loadConfig({ ATTEST_OIDC_ISSUER: 'https://idp.example.com', ATTEST_OIDC_CLIENT_ID: 'attest', ATTEST_OIDC_CLIENT_SECRET: 's3cret', ATTEST_OIDC_PROVISION_ROLE: 'viewer', ATTEST_OIDC_ORG: 'acme' }, '/tmp');
    expect(config.sso).toEqual({ issuer: 'https://idp.example.com', clientId: 'attest', clientSecret: 's3cret', organization: 'acme', provisionRole: 'viewer', name: 'single sign-on' });
    expect(loadConfig({ ATTEST_OIDC_ISSUER: 'http://127.0.0.1:9000', ATTEST_OIDC_CLIENT_ID: 'a', ATTEST_OIDC_CLIENT_SECRET: 'b' }, '/tmp').sso?.provisionRole).toBeNull();
  });

  it('refuses plain http off loopback, a missing client and an unknown role, all at once', () => {
    const problems = problemsOf({ ATTEST_OIDC_ISSUER: 'http://idp.example.com', ATTEST_OIDC_PROVISION_ROLE: 'superuser' });
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['ATTEST_OIDC_ISSUER', 'ATTEST_OIDC_CLIENT_ID', 'ATTEST_OIDC_CLIENT_SECRET', 'ATTEST_OIDC_PROVISION_ROLE']);
  });
});

describe('the key file', () => {
  it('is written once with mode 0600 and read back; ATTEST_SECRET_KEY takes precedence', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'attest-key-'));
    const config = loadConfig({ ATTEST_DATA_DIR: dataDir }, '/tmp');
    const first = secretKeyFor(config);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(secretKeyPath(dataDir)).mode & 0o777).toBe(0o600);
    expect(secretKeyFor(config)).toBe(first);
    expect(readFileSync(secretKeyPath(dataDir), 'utf8').trim()).toBe(first);
    expect(secretKeyFor({ ...config, secretKey: 'x'.repeat(32) })).toBe('x'.repeat(32));
  });

  it('refuses a damaged key file rather than replacing it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'attest-key-'));
    writeFileSync(secretKeyPath(dataDir), 'truncated\n', { mode: 0o600 });
    expect(() => secretKeyFor(loadConfig({ ATTEST_DATA_DIR: dataDir }, '/tmp'))).toThrow(/damaged/);
    expect(readFileSync(secretKeyPath(dataDir), 'utf8')).toBe('truncated\n');
  });
});
