// The people of an organization: roles, disabling, invitations by link, password-reset links.
// Invitation and reset tokens are returned once, to be shown to whoever asked, and stored as hashes.
import { randomUUID } from 'node:crypto';
import { AppError, conflict, invalid, notFound, type FieldError } from '../domain/errors.js';
import type { Invitation, Role, User } from '../store/index.js';
import type { AppContext } from './context.js';
import { mayGrant, type Principal } from './permissions.js';
import { randomToken, sha256Hex } from './secrets.js';
import { isUuid } from '../domain/ids.js';

export interface MemberView {
  id: string;
  email: string;
  name: string;
  role: Role;
  twoFactor: boolean;
  disabled: boolean;
  /** Locked out after failed sign-ins, until `lockedUntil`. */
  locked: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  state: 'pending' | 'accepted' | 'revoked' | 'expired';
  acceptedAt: string | null;
  /** The audit an auditor's invitation assigns on acceptance. */
  audit: string | null;
}

export interface MemberPatch {
  role?: Role;
  disabled?: boolean;
  /** `false` turns a member's two-factor off (a lost phone); they enrol again. */
  twoFactor?: false;
}

export const INVITATION_TTL_MS = 7 * 86_400_000;
export const RESET_TTL_MS = 60 * 60_000;

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailProblems(email: string, field = 'email'): FieldError[] {
  if (email.length > 254 || !EMAIL.test(email)) return [{ field, code: 'invalid_email', message: `${JSON.stringify(email)} is not an email address` }];
  return [];
}

export function presentMember(u: User, now: Date): MemberView {
  const locked = u.lockedUntil !== null && u.lockedUntil > now.toISOString();
  return {
    id: u.id, email: u.email, name: u.name, role: u.role, twoFactor: u.twoFactor, disabled: u.disabledAt !== null,
    locked, lockedUntil: locked ? u.lockedUntil : null, lastLoginAt: u.lastLoginAt, createdAt: u.createdAt,
  };
}

/** What the audit log digests for a user: never credentials. */
export const auditedUser = (u: User) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabledAt !== null, twoFactor: u.twoFactor });

export function presentInvitation(i: Invitation, now: Date): InvitationView {
  const state = i.acceptedAt ? 'accepted' : i.revokedAt ? 'revoked' : i.expiresAt <= now.toISOString() ? 'expired' : 'pending';
  return { id: i.id, email: i.email, role: i.role, invitedBy: i.invitedBy, createdAt: i.createdAt, expiresAt: i.expiresAt, state, acceptedAt: i.acceptedAt, audit: i.auditId };
}

const auditedInvitation = (i: Invitation) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt, revokedAt: i.revokedAt, acceptedAt: i.acceptedAt, ...(i.auditId ? { audit: i.auditId } : {}) });


export class MembersService {
  constructor(private readonly ctx: AppContext) {}

  async list(orgId: string): Promise<MemberView[]> {
    const now = this.ctx.clock();
    return (await this.ctx.store.repos.users.findByOrg(orgId, { limit: 1000 })).map((u) => presentMember(u, now));
  }

  async get(orgId: string, id: string): Promise<MemberView> {
    return presentMember(await this.require(orgId, id), this.ctx.clock());
  }

  async update(orgId: string, id: string, patch: MemberPatch, by: Principal): Promise<MemberView> {
    const target = await this.require(orgId, id);
    if (target.role === 'owner' && by.role !== 'owner') throw new AppError('forbidden', 'only an owner may change an owner');
    if (patch.role !== undefined && !mayGrant(by, patch.role)) throw roleAbove(patch.role);
    const losesOwner = target.role === 'owner' && target.disabledAt === null && ((patch.role !== undefined && patch.role !== 'owner') || patch.disabled === true);
    if (patch.disabled === true && by.userId === id) throw conflict('you cannot disable your own account');
    const now = this.ctx.clock();
    const after = await this.ctx.store.transaction(async (repos) => {
      if (losesOwner && (await repos.users.countActiveOwners(orgId)) <= 1) throw new AppError('conflict', 'the organization must keep at least one active owner', [{ field: 'role', code: 'last_owner', message: 'make someone else an owner first' }]);
      const updated = await repos.users.update(orgId, id, { role: patch.role, disabled: patch.disabled }, now);
      if (!updated) throw notFound('member', id, 'id');
      if (patch.twoFactor === false) await repos.users.disableTotp(orgId, id);
      // A disabled account, or one whose role changed, signs in again.
      if (patch.disabled === true || (patch.role !== undefined && patch.role !== target.role)) await repos.sessions.deleteForUser(orgId, id);
      const fresh = (await repos.users.getById(orgId, id))!;
      await repos.auditLog.append(orgId, { actor: by.actor, action: 'user.update', entityType: 'user', entityId: id, before: auditedUser(target), after: auditedUser(fresh), detail: { fields: Object.keys(patch).sort() } }, now);
      return fresh;
    });
    return presentMember(after, now);
  }

  async invitations(orgId: string): Promise<InvitationView[]> {
    const now = this.ctx.clock();
    return (await this.ctx.store.repos.invitations.findByOrg(orgId, { limit: 500 })).map((i) => presentInvitation(i, now));
  }

  /** Returns the invitation and its token, which is never shown again. */
  /** `audit`: an auditor's invitation names the audit they will see (docs/AUDITS.md). */
  async invite(orgId: string, input: { email: string; role: Role; audit?: string | null }, by: Principal): Promise<{ invitation: InvitationView; token: string }> {
    const email = input.email.trim().toLowerCase();
    const errors = emailProblems(email);
    const auditId = input.audit?.trim().toLowerCase() || null;
    if (auditId && input.role !== 'auditor') errors.push({ field: 'audit', code: 'not_auditor', message: 'only an auditor is invited for an audit' });
    else if (auditId && !(isUuid(auditId) && (await this.ctx.store.repos.audits.getById(orgId, auditId)))) errors.push({ field: 'audit', code: 'unknown_id', message: `no audit ${JSON.stringify(input.audit)} in this organization` });
    if (errors.length) throw invalid(errors);
    if (!mayGrant(by, input.role)) throw roleAbove(input.role);
    const { repos } = this.ctx.store;
    if (await repos.users.findByEmail(orgId, email)) throw new AppError('conflict', `${email} is already a member`, [{ field: 'email', code: 'already_member', message: 'already a member of this organization' }]);
    const token = randomToken();
    const now = this.ctx.clock();
    const invitation = await this.ctx.store.transaction(async (tx) => {
      const inv = await tx.invitations.insert({
        orgId, id: randomUUID(), email, role: input.role, tokenHash: sha256Hex(token), invitedBy: by.actor,
        createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + INVITATION_TTL_MS).toISOString(), auditId,
      });
      await tx.auditLog.append(orgId, { actor: by.actor, action: 'invitation.create', entityType: 'invitation', entityId: inv.id, before: null, after: auditedInvitation(inv), detail: { role: inv.role } }, now);
      return inv;
    });
    return { invitation: presentInvitation(invitation, now), token };
  }

  async revokeInvitation(orgId: string, id: string, by: Principal): Promise<InvitationView> {
    if (!isUuid(id)) throw notFound('invitation', id, 'id');
    const now = this.ctx.clock();
    const out = await this.ctx.store.transaction(async (repos) => {
      const before = await repos.invitations.getById(orgId, id);
      if (!before) throw notFound('invitation', id, 'id');
      if (before.acceptedAt) throw conflict('the invitation was already accepted; disable the member instead');
      if (!mayGrant(by, before.role)) throw roleAbove(before.role);
      const after = (await repos.invitations.revoke(orgId, id, now))!;
      if (!before.revokedAt) await repos.auditLog.append(orgId, { actor: by.actor, action: 'invitation.revoke', entityType: 'invitation', entityId: id, before: auditedInvitation(before), after: auditedInvitation(after) }, now);
      return after;
    });
    return presentInvitation(out, now);
  }

  /** A one-time password-reset link's token for a member (earlier links stop working). */
  async createPasswordReset(orgId: string, email: string, by: Principal): Promise<{ token: string; expiresAt: string; member: MemberView }> {
    const user = await this.ctx.store.repos.users.findByEmail(orgId, email.trim());
    if (!user) throw new AppError('not_found', `no member ${JSON.stringify(email)} in this organization`, [{ field: 'email', code: 'unknown_id', message: 'no member with this email' }]);
    if (user.role === 'owner' && by.role !== 'owner') throw new AppError('forbidden', "only an owner may reset an owner's password");
    return this.issueReset(user, by.actor);
  }

  /** Used by the email flow too (the actor is then `system`). */
  async issueReset(user: User, actor: string): Promise<{ token: string; expiresAt: string; member: MemberView }> {
    const token = randomToken();
    const now = this.ctx.clock();
    const expiresAt = new Date(now.getTime() + RESET_TTL_MS).toISOString();
    await this.ctx.store.transaction(async (repos) => {
      await repos.passwordResets.invalidateForUser(user.orgId, user.id, now);
      const reset = await repos.passwordResets.insert({ orgId: user.orgId, id: randomUUID(), userId: user.id, tokenHash: sha256Hex(token), createdBy: actor, createdAt: now.toISOString(), expiresAt });
      await repos.auditLog.append(user.orgId, { actor, action: 'user.password_reset_link', entityType: 'user', entityId: user.id, before: null, after: { id: reset.id, expiresAt } }, now);
    });
    return { token, expiresAt, member: presentMember(user, now) };
  }

  private async require(orgId: string, id: string): Promise<User> {
    const user = isUuid(id) ? await this.ctx.store.repos.users.getById(orgId, id) : null;
    if (!user) throw notFound('member', id, 'id');
    return user;
  }
}

const roleAbove = (role: Role) => new AppError('forbidden', `you cannot grant the ${role} role`, [{ field: 'role', code: 'above_your_role', message: `the ${role} role can do things you cannot` }]);
