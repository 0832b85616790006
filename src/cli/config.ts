// The one typed configuration, parsed at start-up from the environment, reporting every
// problem at once. Nothing else reads process.env.
import { resolve } from 'node:path';
import type { SsoConfig } from '../app/context.js';
import { ROLES } from '../app/permissions.js';
import { isFromAddress, smtpUrlProblems, type SmtpSettings } from '../app/mailer.js';
import { MIN_SECRET_KEY_LENGTH } from '../app/secrets.js';
import { issuerProblem } from '../domain/sso.js';
import type { Role } from '../store/index.js';

export interface Config {
  /** Folder of the embedded database, evidence files and the workspace lock. */
  dataDir: string;
  /** PostgreSQL server; when null the embedded PGlite database in dataDir is used. */
  databaseUrl: string | null;
  port: number;
  host: string;
  maxUploadBytes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * ATTEST_SECRET_KEY: encrypts secrets at rest (TOTP) and keys the CSRF and recovery-code
   * hashes. Null: the key file in the data folder, written on first run (docs/ACCOUNTS.md).
   */
  secretKey: string | null;
  /** ATTEST_TRUST_PROXY: which proxies' X-Forwarded-* headers to believe (client address, HTTPS). */
  trustProxy: boolean | number | string[];
  /** ATTEST_PUBLIC_URL: where people reach the server; the base of setup, invitation and reset links. */
  publicUrl: string | null;
  /** OpenID Connect single sign-on (ATTEST_OIDC_*); null when ATTEST_OIDC_ISSUER is not set. */
  sso: SsoConfig | null;
  /** ATTEST_SMTP_URL and ATTEST_SMTP_FROM: email for password resets and alerts; null when not set (docs/ALERTS.md). */
  smtp: SmtpSettings | null;
  /** ATTEST_WEBHOOK_ALLOW_PRIVATE=true: webhooks may reach private and loopback addresses (an administrator's choice). */
  webhookAllowPrivate: boolean;
  /** Job workers (in `attest serve` and `attest worker`). */
  jobs: {
    /** Folder scheduled scans may read: their paths resolve against it and stay inside it. */
    scanRoot: string;
    /** How long a worker's claim on a job holds without renewal (renewed every third of it). */
    leaseSeconds: number;
    /** Wait between looks for due jobs when there were none. */
    pollMs: number;
    /** On SIGTERM, how long the current job may take to finish before it is released to another worker. */
    graceSeconds: number;
    /** Finished jobs and their runs older than this many days are deleted by the prune-jobs schedule. */
    retentionDays: number;
    /** Alert events and their deliveries older than this many days are deleted by the prune-alerts schedule (docs/ALERTS.md). */
    alertRetentionDays: number;
    /** Registers the jobs that exist only for the multi-process tests (ATTEST_ENABLE_TEST_JOBS=1). */
    testJobs: boolean;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n- ${problems.join('\n- ')}`);
  }
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** ATTEST_OIDC_ISSUER (https, or http on loopback), _CLIENT_ID, _CLIENT_SECRET, and optionally _ORG, _PROVISION_ROLE, _NAME. */
function parseSso(env: NodeJS.ProcessEnv, problems: string[]): SsoConfig | null {
  const issuer = env.ATTEST_OIDC_ISSUER?.trim() || '';
  if (issuer === '') return null;
  if (issuerProblem(issuer) !== null) problems.push('ATTEST_OIDC_ISSUER must be an https:// URL (http:// only on a loopback address)');
  const clientId = env.ATTEST_OIDC_CLIENT_ID?.trim() || '';
  const clientSecret = env.ATTEST_OIDC_CLIENT_SECRET?.trim() || '';
  if (clientId === '') problems.push('ATTEST_OIDC_CLIENT_ID is required with ATTEST_OIDC_ISSUER');
  if (clientSecret === '') problems.push('ATTEST_OIDC_CLIENT_SECRET is required with ATTEST_OIDC_ISSUER');
  const role = env.ATTEST_OIDC_PROVISION_ROLE?.trim() || '';
  if (role !== '' && !(ROLES as readonly string[]).includes(role)) problems.push(`ATTEST_OIDC_PROVISION_ROLE must be one of ${ROLES.join(', ')} (or unset: only existing members sign in)`);
  return {
    issuer, clientId, clientSecret, organization: env.ATTEST_OIDC_ORG?.trim() || null,
    provisionRole: role === '' ? null : (role as Role), name: env.ATTEST_OIDC_NAME?.trim() || 'single sign-on',
  };
}

/** ATTEST_SMTP_URL (smtp:// or smtps://) with ATTEST_SMTP_FROM; both or neither. */
function parseSmtp(env: NodeJS.ProcessEnv, problems: string[]): SmtpSettings | null {
  const url = env.ATTEST_SMTP_URL?.trim() || '';
  const from = env.ATTEST_SMTP_FROM?.trim() || '';
  if (url === '') {
    if (from !== '') problems.push('ATTEST_SMTP_FROM is set but ATTEST_SMTP_URL is not: set both to send email, or neither');
    return null;
  }
  problems.push(...smtpUrlProblems(url));
  if (from === '') problems.push('ATTEST_SMTP_FROM is required with ATTEST_SMTP_URL, e.g. "Attest <attest@example.com>"');
  else if (!isFromAddress(from)) problems.push('ATTEST_SMTP_FROM must be an email address, optionally with a name: "Attest <attest@example.com>"');
  return { url, from };
}

function parseBoolean(env: NodeJS.ProcessEnv, name: string, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase() ?? '';
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  problems.push(`${name} must be true or false`);
  return false;
}

/** `true`/`false`, a hop count, or a comma-separated list of proxy addresses or CIDR ranges. */
function parseTrustProxy(raw: string, problems: string[]): Config['trustProxy'] {
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.some((a) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(a))) problems.push('ATTEST_TRUST_PROXY must be true, false, a number of hops, or comma-separated proxy addresses (CIDR allowed)');
  return list;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  const logLevel = (env.ATTEST_LOG_LEVEL ?? 'info') as Config['logLevel'];
  const secretKey = env.ATTEST_SECRET_KEY?.trim() || null;
  if (secretKey !== null && secretKey.length < MIN_SECRET_KEY_LENGTH) problems.push(`ATTEST_SECRET_KEY must be at least ${MIN_SECRET_KEY_LENGTH} characters (e.g. \`openssl rand -base64 32\`)`);
  const publicUrl = env.ATTEST_PUBLIC_URL?.trim().replace(/\/+$/, '') || null;
  if (publicUrl !== null && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(publicUrl)) problems.push('ATTEST_PUBLIC_URL must be an http:// or https:// URL, e.g. https://attest.example.com');
  const trustProxy = parseTrustProxy(env.ATTEST_TRUST_PROXY?.trim() ?? '', problems);
  const sso = parseSso(env, problems);
  const smtp = parseSmtp(env, problems);
  const webhookAllowPrivate = parseBoolean(env, 'ATTEST_WEBHOOK_ALLOW_PRIVATE', problems);
  if (!LEVELS.includes(logLevel)) problems.push(`ATTEST_LOG_LEVEL must be one of ${LEVELS.join(', ')}`);
  const config: Config = {
    dataDir: resolve(cwd, env.ATTEST_DATA_DIR?.trim() || '.attest'),
    databaseUrl,
    port: int('PORT', 3000, 0, 65535),
    host: env.ATTEST_HOST?.trim() || '127.0.0.1',
    maxUploadBytes: int('ATTEST_MAX_UPLOAD_MB', 50, 1, 10_240) * 1024 * 1024,
    logLevel,
    secretKey,
    trustProxy,
    publicUrl,
    sso,
    smtp,
    webhookAllowPrivate,
    jobs: {
      scanRoot: resolve(cwd, env.ATTEST_SCAN_ROOT?.trim() || '.'),
      leaseSeconds: int('ATTEST_JOB_LEASE_SECONDS', 60, 2, 3600),
      pollMs: int('ATTEST_WORKER_POLL_MS', 1000, 20, 60_000),
      graceSeconds: int('ATTEST_WORKER_GRACE_SECONDS', 30, 0, 3600),
      retentionDays: int('ATTEST_JOB_RETENTION_DAYS', 30, 1, 36_500),
      alertRetentionDays: int('ATTEST_ALERT_RETENTION_DAYS', 90, 1, 36_500),
      testJobs: env.ATTEST_ENABLE_TEST_JOBS === '1',
    },
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
