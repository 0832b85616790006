// The shapes of the accounts, audit-log and jobs API the Settings and Jobs pages use (see
// /openapi.json and src/http/routes/{auth,members,tokens,audit-log,jobs}.ts). Types only (hooks
// are in caller.ts): test/web/wire-types.test.ts checks them against the server's views.

export const ROLES = ['owner', 'admin', 'member', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** GET /api/auth/me: the caller's role and what it may do (the server checks again on every request). */
export interface Caller {
  kind: 'user' | 'token' | 'cli';
  role: Role;
  permissions: string[];
  user: MemberDetail | null;
  organization: { id: string; name: string; slug: string } | null;
}

export interface MemberDetail {
  id: string;
  email: string;
  name: string;
  role: Role;
  twoFactor: boolean;
  disabled: boolean;
  locked: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  state: 'pending' | 'accepted' | 'revoked' | 'expired';
  acceptedAt: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  beforeDigest: string | null;
  afterDigest: string | null;
  detail: Record<string, unknown>;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  auditEntries: number;
  evidenceChecked: number;
  problems: { kind: string; id: string; message: string }[];
}

export interface JobError {
  code: string;
  message: string;
}

export interface JobRun {
  attempt: number;
  worker: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  outcome: string;
  error: JobError | null;
}

export const JOB_STATES = ['queued', 'running', 'completed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface Job {
  id: string;
  name: string;
  key: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  createdAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  lastError: JobError | null;
  runs: JobRun[];
}

export interface Schedule {
  job: string;
  title: string;
  cron: string;
  enabled: boolean;
  options: { paths?: string[] };
  nextRunAt: string | null;
  lastEnqueuedAt: string | null;
  lastJobId: string | null;
  stored: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** GET /api/settings/sso: the organization's single sign-on settings (or the environment's); never the client secret. */
export interface SsoSettings {
  source: 'environment' | 'database' | 'none';
  editable: boolean;
  enabled: boolean;
  issuer: string | null;
  clientId: string | null;
  clientSecretSet: boolean;
  provisionRole: Role | null;
  name: string | null;
  organization: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
  callbackUrl: string;
}

/** POST /api/settings/sso/test: whether the issuer's discovery document was found. */
export interface SsoTestResult {
  ok: boolean;
  issuer: string;
  authorizationEndpoint: string | null;
  error: string | null;
}

/** GET /api/auth/sso: one button on the sign-in page. */
export interface SsoProvider {
  organization: string;
  organizationName: string;
  name: string;
}

/** Roles single sign-on may give someone new (never owner). */
export const PROVISION_ROLES = ['admin', 'member', 'auditor', 'viewer'] as const satisfies readonly Role[];
