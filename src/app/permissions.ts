// The one permission table: what each role may do. Every HTTP route declares the permission
// it needs (src/http/auth.ts refuses to start with a route that does not); docs/PERMISSIONS.md
// is generated from this table and the routes (`npm run docs:permissions`) and a test keeps
// it current.
import type { Role } from '../store/index.js';
import type { Actor } from './context.js';

export const ROLES = ['owner', 'admin', 'member', 'auditor', 'viewer'] as const satisfies readonly Role[];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: 'Everything, including granting and removing the owner role.',
  admin: 'Everything an owner does except touching owners: scope, members, invitations, API tokens.',
  member: 'Day-to-day compliance work: controls, evidence, scans. Reads everything but the audit log and API tokens.',
  auditor: 'Limited to the audits assigned to them: those audits (with their fieldwork), the evidence effective within their windows, the catalog, controls and scope, and integrity verification. Other audits are not found; no status, scans, jobs, members or audit log.',
  viewer: 'Read-only: catalog, controls, scope, evidence, status, scans.',
};

const ALL: readonly Role[] = ROLES;
const WRITERS: readonly Role[] = ['owner', 'admin', 'member'];
const ADMINS: readonly Role[] = ['owner', 'admin'];
/** Every role but the auditor, whose reads are limited to their audits (docs/AUDITS.md). */
const ORG_READERS: readonly Role[] = ['owner', 'admin', 'member', 'viewer'];

export const PERMISSIONS = {
  'catalog:read': { roles: ALL, description: 'Read the shipped frameworks, criteria and check catalog' },
  'controls:read': { roles: ALL, description: "Read the organization's controls and their status" },
  'controls:write': { roles: WRITERS, description: 'Assign owners, exclude from scope with a reason, add notes' },
  'scope:read': { roles: ALL, description: 'Read the audit scope and system description' },
  'scope:write': { roles: ADMINS, description: 'Change categories, Type I date or Type II period, the system description' },
  'evidence:read': { roles: ALL, description: 'List, read and download evidence (an auditor: only evidence effective within the window of an audit assigned to them)' },
  'evidence:write': { roles: WRITERS, description: 'Upload evidence and link it to controls' },
  'status:read': { roles: ORG_READERS, description: 'Read readiness and next steps' },
  'scans:read': { roles: ORG_READERS, description: 'Read recorded scan runs and their findings' },
  'scans:write': { roles: WRITERS, description: 'Record scan results (attest scan in CI)' },
  'audit-log:read': { roles: ADMINS, description: 'Read the audit log' },
  'integrity:verify': { roles: ['owner', 'admin', 'auditor'], description: "Recompute the audit-log chain and the evidence hashes of the organization" },
  'members:read': { roles: ['owner', 'admin', 'member'], description: 'List the members of the organization' },
  'members:manage': { roles: ADMINS, description: 'Invite, change roles, disable accounts, issue password-reset links' },
  'tokens:manage': { roles: ADMINS, description: 'Create, list and revoke API tokens' },
  'sso:manage': { roles: ADMINS, description: 'Configure single sign-on (OpenID Connect) for the organization: provider, client and secret, provisioning role; test, disable or remove it' },
  'jobs:read': { roles: ORG_READERS, description: 'Read job runs (durations, errors) and job schedules' },
  'schedules:write': { roles: ADMINS, description: 'Change job schedules: what runs when, and which folders scheduled scans read on the workers' },
  'audits:read': { roles: ALL, description: 'Read audits, populations, samples, operating effectiveness, tests, exceptions, requests, assigned auditors, and the evidence effective within an audit window (an auditor: only the audits assigned to them)' },
  'audits:manage': { roles: ADMINS, description: 'Create audits (Type I date or Type II period, categories); assign and unassign their auditors' },
  'audits:fieldwork': { roles: ['owner', 'admin', 'auditor'], description: "Draw samples, set a control's risk (sizes its sample), record tests and exceptions, add to the request list" },
  'audits:respond': { roles: ['owner', 'admin', 'member', 'auditor'], description: 'Work the request list (status, assignee, comments, attachments)' },
  'audits:answer': { roles: ['owner', 'admin', 'member'], description: "Give management's response to an audit's exceptions: the organization's answer, never its auditor's" },
  'tasks:read': { roles: ORG_READERS, description: 'Read the tasks of recurring manual work (access reviews, risk assessments…); not auditors, who read only their audits' },
  'tasks:write': { roles: WRITERS, description: 'Generate, complete (with evidence), skip (with a reason) and assign tasks' },
  'backup:read': { roles: [], description: 'Download the whole embedded database (every organization): the local `attest` command only, with the token in the workspace lock' },
  'alerts:subscribe': { roles: ORG_READERS, description: 'Read recent alerts and choose which ones reach me by email (immediately or in a daily digest); not auditors, who read only their audits' },
  'alerts:manage': { roles: ADMINS, description: 'Add, change, test and delete webhook endpoints for alerts; read the delivery log' },
} as const satisfies Record<string, { roles: readonly Role[]; description: string }>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** What a route asks of its caller: nothing (`public`), any signed-in caller, or a permission. */
export type Access = 'public' | 'authenticated' | Permission;

export const isAccess = (v: unknown): v is Access => v === 'public' || v === 'authenticated' || (typeof v === 'string' && v in PERMISSIONS);

export function roleCan(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

export const permissionsOf = (role: Role): Permission[] => PERMISSION_NAMES.filter((p) => roleCan(role, p));

/**
 * Who is calling: a person signed in with a session, an API token, or the local `attest`
 * command (the token in the workspace lock), which acts as an owner of the workspace's
 * organization and may also read the whole-database backup.
 */
export interface Principal {
  kind: 'user' | 'token' | 'cli';
  /** Null only for the local command before the workspace has an organization. */
  orgId: string | null;
  role: Role;
  /** Recorded in the audit log: `user:<id>`, `token:<id>` or `cli`. */
  actor: Actor;
  userId: string | null;
  tokenId: string | null;
}

/** Permissions only the local command holds, whatever its role. */
const LOCAL_ONLY: readonly Permission[] = ['backup:read'];

export function can(principal: Principal, permission: Permission): boolean {
  if (principal.kind === 'cli' && LOCAL_ONLY.includes(permission)) return true;
  return roleCan(principal.role, permission);
}

export const cliPrincipal = (orgId: string | null): Principal => ({ kind: 'cli', orgId, role: 'owner', actor: 'cli', userId: null, tokenId: null });

/**
 * Whether `granter` may hand out `role` (invite, change a role, create a token): only owners
 * grant owner, and nobody grants a role that can do something they cannot.
 */
export function mayGrant(granter: Principal, role: Role): boolean {
  if (role === 'owner') return granter.role === 'owner';
  return permissionsOf(role).every((p) => can(granter, p));
}
