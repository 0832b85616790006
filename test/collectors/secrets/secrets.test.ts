// The fixtures hold fake secrets broken by `${-}` (a placeholder, so the stored files hold
// nothing that looks like a secret, to this scanner or any other); `materialize` removes it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entropy, findSecrets, isPlaceholder, looksLikeSecret, maskSecret, SECRET_KINDS } from '../../../src/collectors/secrets/index.js';
import type { SecretCandidate } from '../../../src/domain/resources/workloads.js';

const raw = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const materialize = (text: string) => text.replaceAll('${-}', '');
const scan = (name: string) => findSecrets(name, materialize(raw(name)));
const rows = (name: string) => scan(name).resources.map((r) => {
  const a = r.attributes as unknown as SecretCandidate;
  return [r.id, a.kind, a.masked, a.location.startLine, a.location.endLine];
});
/** The secrets of a fixture: what stood right after each `${-}`, up to a quote, blank or end of line. */
const secretsOf = (name: string) => [...raw(name).matchAll(/\$\{-\}([^\s"']+)/g)].map((m) => m[1] ?? '').filter((s) => s.length >= 8);

describe('secrets: what is found', () => {
  it('finds provider keys and generic assignments in an env file, masked, with their lines', () => {
    expect(rows('config.env')).toEqual([
      ['config.env:3:aws-access-key-id', 'aws-access-key-id', 'AKIA************F10E', 3, 3],
      // The AWS secret key wins over the generic rule for the same characters.
      ['config.env:4:aws-secret-access-key', 'aws-secret-access-key', '****************jORS', 4, 4],
      ['config.env:5:github-token', 'github-token', 'ghp_************************wkNh', 5, 5],
      ['config.env:6:slack-token', 'slack-token', 'xoxb-************************fjgV', 6, 6],
      ['config.env:7:stripe-key', 'stripe-key', 'sk_live_********************xNbe', 7, 7],
      ['config.env:8:generic-password', 'generic-password', '****************', 8, 8],
    ]);
  });

  it('finds keys in code, tells two findings on one line apart, and leaves non-literals alone', () => {
    expect(rows('settings.py')).toEqual([
      ['settings.py:4:google-api-key', 'google-api-key', 'AIza************************S5SU', 4, 4],
      ['settings.py:5:generic-api-key', 'generic-api-key', '****************', 5, 5],
      ['settings.py:8:github-token', 'github-token', 'github_pat_************************zzzg', 8, 8],
      ['settings.py:10:generic-api-key', 'generic-api-key', '****************', 10, 10],
      ['settings.py:10:generic-api-key:2', 'generic-api-key', '****************', 10, 10],
    ]);
  });

  it('finds quoted JSON keys, a private key inside a JSON string, and skips a token URL', () => {
    expect(rows('app.json')).toEqual([
      ['app.json:2:stripe-key', 'stripe-key', 'rk_live_********************fjgV', 2, 2],
      ['app.json:3:generic-api-key', 'generic-api-key', '****************', 3, 3],
      ['app.json:4:private-key', 'private-key', '-----BEGIN PRIVATE KEY-----************************', 4, 4],
      ['app.json:5:generic-password', 'generic-password', '****************', 5, 5],
    ]);
  });

  it('spans a private key block from BEGIN to END, showing the header only', () => {
    expect(rows('id_rsa')).toEqual([['id_rsa:1:private-key', 'private-key', '-----BEGIN RSA PRIVATE KEY-----************************', 1, 5]]);
    expect(scan('id_rsa').resources[0]?.source).toEqual({ kind: 'file', format: 'text', path: 'id_rsa', startLine: 1, endLine: 5 });
  });

  it('reads unquoted YAML values and leaves the attest:ignore marker to suppressions', () => {
    expect(rows('deploy.yaml')).toEqual([
      ['deploy.yaml:4:generic-password', 'generic-password', '****************', 4, 4],
      ['deploy.yaml:7:generic-api-key', 'generic-api-key', '****************', 7, 7],
    ]);
  });

  it('uses only the documented kinds', () => {
    const kinds = new Set(['config.env', 'settings.py', 'app.json', 'id_rsa', 'deploy.yaml'].flatMap((f) => rows(f).map((r) => r[1])));
    for (const k of kinds) expect(SECRET_KINDS).toContain(k);
    expect(kinds.size).toBe(9);
  });
});

describe('secrets: what is never stored', () => {
  it('keeps no raw secret in any resource', () => {
    for (const f of ['config.env', 'settings.py', 'app.json', 'deploy.yaml', 'id_rsa']) {
      const json = JSON.stringify(scan(f));
      const secrets = f === 'id_rsa' ? raw(f).split('\n').slice(1, 4) : secretsOf(f);
      expect(secrets.length, f).toBeGreaterThan(0);
      // Neither the value nor any 8-character run of it.
      for (const s of secrets) for (let i = 0; i + 8 <= s.length; i++) expect(json, `${f}: ${s.slice(0, 4)}…`).not.toContain(s.slice(i, i + 8));
    }
  });

  it('masks with the known prefix, capped stars, and a tail only when enough stays hidden', () => {
    expect(maskSecret('AKIAIOSFODNN7EXAMPLE', 4)).toBe('AKIA************MPLE');
    expect(maskSecret('abcdefghij')).toBe('****************');
    expect(maskSecret('a'.repeat(31))).toBe('****************');
    expect(maskSecret(`${'a'.repeat(36)}WXYZ`)).toBe('****************WXYZ');
    expect(maskSecret(`ghp_${'b'.repeat(60)}`, 4)).toBe(`ghp_${'*'.repeat(24)}bbbb`);
    expect(maskSecret('-----BEGIN KEY-----abcdefghijklmnopqrstuvwxyz', 19, false)).toBe(`-----BEGIN KEY-----${'*'.repeat(24)}`);
  });
});

describe('secrets: what is not a secret', () => {
  it('reports nothing in documentation samples, placeholders and code references', () => {
    expect(scan('placeholders.txt').resources.map((r) => r.id)).toEqual([]);
  });

  it('reports nothing in the stored fixtures themselves', () => {
    for (const f of ['config.env', 'settings.py', 'app.json', 'deploy.yaml', 'id_rsa']) expect(findSecrets(f, raw(f)).resources, f).toEqual([]);
  });

  it('tells placeholders apart', () => {
    for (const v of ['changeme', 'CHANGE_ME_now1', 'example123', '${DB_PASSWORD}', '{{ .Values.pw }}', '<api-key>', 'dummy9999', 'test-key-1234', 'xxxxxxxxxxxx', '$VAULT_TOKEN', '%DB_PASS%', '************']) expect(isPlaceholder(v), v).toBe(true);
    for (const v of ['k9Xq2LmP7vRt4wZs', 'Zr8#kP2@wQ9!xL4m']) expect(isPlaceholder(v), v).toBe(false);
  });

  it('requires length, mixed characters and entropy of a generic value', () => {
    expect(looksLikeSecret('k9Xq2LmP7vRt4wZs')).toBe(true);
    expect(looksLikeSecret('hunter2')).toBe(false); // too short
    expect(looksLikeSecret('Authorization')).toBe(false); // letters only
    expect(looksLikeSecret('aaaa1111aaaa1111')).toBe(false); // low entropy
    expect(looksLikeSecret('https://x.example.org/t0ken')).toBe(false);
    expect(looksLikeSecret('/etc/app/secret1.key')).toBe(false);
    expect(looksLikeSecret('two words 123')).toBe(false);
    expect(entropy('')).toBe(0);
    expect(entropy('aaaa')).toBe(0);
    expect(entropy('abcd')).toBe(2);
  });
});

describe('secrets: bad input', () => {
  it('never throws, and stays fast on pathological text', () => {
    for (const text of ['', '\u0000\u0001', 'password=', 'password: "', '-----BEGIN PRIVATE KEY-----', 'token = "\\', 'x'.repeat(10_000)]) {
      expect(findSecrets('f', text)).toEqual({ resources: [], problems: [] });
    }
    const started = performance.now();
    const big = ['password=', 'secret: "', '-----BEGIN RSA PRIVATE KEY-----\n', 'tokentokentoken', 'AKIA'].map((s) => s.repeat(50_000)).join('\n');
    expect(findSecrets('big', big).resources).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
