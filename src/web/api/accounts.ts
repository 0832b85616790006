// The shapes of the accounts, audit-log and jobs API the Settings and Jobs pages use (see
// /openapi.json and src/http/routes/{auth,members,tokens,audit-log,jobs}.ts), and who is calling.
import { useApi, type Resource } from './client';

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
  state: string;
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

export interface Job {
  id: string;
  name: string;
  key: string;
  state: string;
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

export interface Permissions {
  caller: Caller | undefined;
  can: (permission: string) => boolean;
  resource: Resource<Caller>;
}

/** The caller's permissions, to show or hide what their role may do. */
export function usePermissions(): Permissions {
  const resource = useApi<Caller>('/api/auth/me');
  const caller = resource.data;
  return { caller, can: (p) => caller?.permissions.includes(p) ?? false, resource };
}

/** Roles `caller` may hand out: only owners grant owner (the server also refuses a role above the caller's). */
export const grantableRoles = (caller: Caller | undefined): Role[] => ROLES.filter((r) => r !== 'owner' || caller?.role === 'owner');

export interface ActorNames {
  /** A person's name for an actor. */
  name: (actor: string) => string;
  /** The actors the caller knows of: every member (`user:<id>`), the local command, the scheduler. */
  actors: string[];
}

/**
 * Names for audit-log actors (`user:<id>`, `token:<id>`, `cli`, `system`): members by name
 * when the caller may list them (members:read), else a shortened id.
 */
export function useActorNames(caller: Caller | undefined): ActorNames {
  const members = useApi<MemberDetail[]>(caller?.permissions.includes('members:read') ? '/api/members' : null);
  const byId = new Map((members.data ?? []).map((m) => [m.id, m]));
  const name = (actor: string) => {
    const [kind, id] = actor.split(':', 2) as [string, string | undefined];
    if (kind === 'user' && id) {
      const m = byId.get(id);
      return m ? m.name || m.email : `a member (${id.slice(0, 8)})`;
    }
    if (kind === 'token' && id) return `API token ${id.slice(0, 8)}`;
    if (actor === 'cli') return 'the attest command';
    if (actor === 'system') return 'Attest (scheduled)';
    return actor;
  };
  return { name, actors: [...(members.data ?? []).map((m) => `user:${m.id}`), 'cli', 'system'] };
}
