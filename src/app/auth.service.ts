// Signing in and everything a person does without being signed in yet: first-run setup,
// password sign-in with optional TOTP, lockout and per-address throttling, sessions,
// two-factor enrolment, accepting an invitation, resetting a password.
import { randomBytes, randomUUID } from 'node:crypto';
import { AppError, conflict, invalid, invalidField, rateLimited, type FieldError } from '../domain/errors.js';
import { base32Encode, matchTotp, otpauthUri } from '../domain/totp.js';
import type { Organization, User } from '../store/index.js';
import type { AppContext } from './context.js';
import { derivedCache, headWanted } from './derived-cache.js';
import { auditedUser, emailProblems, MembersService, presentMember, type MemberView } from './members.service.js';
import { hashPassword, passwordProblems, verifyNothing, verifyPassword } from './passwords.js';
import { permissionsOf, type Permission, type Principal } from './permissions.js';
import { qrCodeDataUrl } from './qr.js';
import { randomToken, safeEqual, sha256Hex, type Secrets } from './secrets.js';
import { WorkspaceService } from './workspace.service.js';

const MINUTE = 60_000;

/** Sign-in policy. Documented in docs/ACCOUNTS.md. */
export const AUTH_POLICY = {
  /** A session ends this long after sign-in, whatever happens. */
  sessionTtlMs: 12 * 60 * MINUTE,
  /** …or after this long without a request. */
  sessionIdleMs: 2 * 60 * MINUTE,
  /** last_seen_at is written at most this often per session. */
  touchEveryMs: MINUTE,
  /** Failed sign-ins in a row that lock an account, and for how long. */
  account: { maxFailures: 5, lockMs: 15 * MINUTE },
  /** Failed sign-ins from one address within the window that block it, and for how long. */
  address: { maxFailures: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
  /** Reset-by-email requests from one address within the window. */
  resetRequests: { max: 10, windowMs: 15 * MINUTE },
  setupTtlMs: 7 * 24 * 60 * MINUTE,
  recoveryCodes: 10,
} as const;

export interface SessionGrant {
  /** The cookie value; the server keeps only its hash. */
  secret: string;
  csrfToken: string;
  expiresAt: string;
}

export interface SignedIn extends SessionGrant {
  user: MemberView;
  organization: { id: string; name: string; slug: string };
}

export interface LoginInput {
  email: string;
  password: string;
  /** A 6-digit TOTP code, when two-factor is on. */
  code?: string;
  /** Or one of the recovery codes. */
  recoveryCode?: string;
  /** The organization's slug, when the same email signs in to several. */
  organization?: string;
}

export interface ResolvedSession {
  principal: Principal;
  org: Organization;
  user: User;
  sessionId: string;
}

export interface Me {
  kind: Principal['kind'];
  role: Principal['role'];
  permissions: Permission[];
  user: MemberView | null;
  token: { id: string } | null;
  organization: { id: string; name: string; slug: string } | null;
}

const orgView = (o: Organization) => ({ id: o.id, name: o.name, slug: o.slug });
const totpContext = (u: { orgId: string; id: string }) => `totp:${u.orgId}:${u.id}`;
const normalizeRecoveryCode = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();
/** 10 characters of base32 (50 bits), shown as xxxxx-xxxxx. */
const newRecoveryCode = () => base32Encode(randomBytes(7)).slice(0, 10).toLowerCase().replace(/^(.{5})/, '$1-');
const unauthorized = (fields: FieldError[] = [{ field: 'credentials', code: 'invalid_credentials', message: 'the email or password is wrong' }]) =>
  new AppError('unauthorized', 'the email or password is wrong', fields);

export class AuthService {
  constructor(private readonly ctx: AppContext) {}

  private get secrets(): Secrets {
    if (!this.ctx.secrets) throw new AppError('internal', 'no secret key is configured (ATTEST_SECRET_KEY): accounts are unavailable');
    return this.ctx.secrets;
  }

  // ---- first run -------------------------------------------------------------------------

  async setupRequired(): Promise<boolean> {
    return !(await this.ctx.store.repos.users.anyExists());
  }

  /** A one-time setup token while no account exists (null once one does). */
  async issueSetupToken(): Promise<string | null> {
    if (!(await this.setupRequired())) return null;
    const token = randomToken();
    const now = this.ctx.clock();
    await this.ctx.store.repos.loginGuard.insertSetupToken(sha256Hex(token), now, new Date(now.getTime() + AUTH_POLICY.setupTtlMs));
    return token;
  }

  /** Creates the first account, an owner of the workspace's organization (created if need be), and signs it in. */
  async setup(input: { token: string; email: string; name: string; password: string; organization?: string }): Promise<SignedIn> {
    const email = input.email.trim().toLowerCase();
    const name = input.name.trim();
    const errors = [...emailProblems(email), ...nameProblems(name), ...passwordProblems(input.password, email)];
    if (errors.length) throw invalid(errors);
    if (!(await this.setupRequired())) throw conflict('setup is done: an account exists; sign in instead');
    const invalidSetup = () => badToken('the setup link is invalid or has expired: restart `attest serve` for a new one');
    if (!(await this.ctx.store.repos.loginGuard.setupTokenValid(sha256Hex(input.token), this.ctx.clock()))) throw invalidSetup();
    const workspace = new WorkspaceService(this.ctx);
    const org = (await workspace.defaultOrg()) ?? (await workspace.init({ name: input.organization?.trim() || 'My organization' }, 'system')).org;
    const passwordHash = await hashPassword(input.password);
    const now = this.ctx.clock();
    const user = await this.ctx.store.transaction(async (repos) => {
      await repos.loginGuard.lockSetup();
      if (await repos.users.anyExists()) throw conflict('setup is done: an account exists; sign in instead');
      if (!(await repos.loginGuard.consumeSetupToken(sha256Hex(input.token), now))) throw invalidSetup();
      await repos.loginGuard.clearSetupTokens();
      const u = await repos.users.insert({ orgId: org.id, id: randomUUID(), email, name, role: 'owner', passwordHash, now });
      await repos.auditLog.append(org.id, { actor: `user:${u.id}`, action: 'user.create', entityType: 'user', entityId: u.id, before: null, after: auditedUser(u), detail: { via: 'setup' } }, now);
      return u;
    });
    return this.signIn(user, org, 'setup');
  }

  // ---- password sign-in ------------------------------------------------------------------

  async login(input: LoginInput, client: { address: string }): Promise<SignedIn> {
    const { repos } = this.ctx.store;
    const now = this.ctx.clock();
    const addressKey = sha256Hex(`login:${client.address}`);
    const blocked = await repos.loginGuard.lockedUntil(addressKey);
    if (blocked && blocked > now.toISOString()) throw rateLimited('too many failed sign-ins from this address; try again later', blocked, now);

    let candidates = await repos.users.findByEmailInAnyOrg(input.email.trim());
    if (input.organization !== undefined) {
      const org = await repos.organizations.getBySlug(input.organization.trim().toLowerCase());
      candidates = candidates.filter((u) => u.orgId === org?.id);
    }
    const failAddress = async () => {
      await repos.loginGuard.prune(now, AUTH_POLICY.address.windowMs);
      const until = await repos.loginGuard.recordFailure(addressKey, now, AUTH_POLICY.address.windowMs, AUTH_POLICY.address.maxFailures, AUTH_POLICY.address.lockMs);
      if (until) throw rateLimited('too many failed sign-ins from this address; try again later', until, now);
    };
    if (candidates.length === 0) {
      await verifyNothing(input.password);
      await failAddress();
      throw unauthorized();
    }

    const locked = (u: User) => u.lockedUntil !== null && u.lockedUntil > now.toISOString();
    const open = candidates.filter((u) => !locked(u));
    const matched: User[] = [];
    for (const u of open) {
      const creds = await repos.users.getCredentials(u.orgId, u.id);
      if (creds?.passwordHash && (await verifyPassword(creds.passwordHash, input.password))) matched.push(u);
    }
    if (open.length === 0) {
      await verifyNothing(input.password);
      const until = candidates.map((u) => u.lockedUntil!).sort()[0]!;
      throw rateLimited('this account is locked after too many failed sign-ins; try again later, or ask an admin for a password-reset link', until, now);
    }
    if (matched.length === 0) {
      for (const u of open) await this.countFailure(u, now);
      await failAddress();
      throw unauthorized();
    }
    const active = matched.filter((u) => u.disabledAt === null);
    if (active.length === 0) throw unauthorized();
    if (active.length > 1) throw invalidField('organization', 'ambiguous', 'this email signs in to several organizations: give the organization (its slug) too');
    const user = active[0]!;

    let method = 'password';
    if (user.twoFactor) {
      if (!input.code && !input.recoveryCode) {
        throw new AppError('two_factor_required', 'enter the code from your authenticator app, or a recovery code', [{ field: 'code', code: 'required', message: 'a two-factor code is required' }]);
      }
      const ok = input.recoveryCode ? await this.useRecoveryCode(user, input.recoveryCode) : await this.useTotp(user, input.code!);
      if (!ok) {
        await this.countFailure(user, now);
        await failAddress();
        const field = input.recoveryCode ? 'recoveryCode' : 'code';
        throw unauthorized([{ field, code: 'invalid_code', message: 'the code is wrong, expired or already used' }]);
      }
      method = input.recoveryCode ? 'password+recovery_code' : 'password+totp';
    }
    const org = (await repos.organizations.getById(user.orgId))!;
    return this.signIn(user, org, method);
  }

  private async countFailure(u: User, now: Date): Promise<void> {
    const { account } = AUTH_POLICY;
    const result = await this.ctx.store.repos.users.recordFailedLogin(u.orgId, u.id, account.maxFailures, new Date(now.getTime() + account.lockMs));
    if (result.locked) {
      await this.ctx.store.transaction((repos) => repos.auditLog.append(u.orgId, {
        actor: 'system', action: 'user.lockout', entityType: 'user', entityId: u.id, before: null, after: { lockedUntil: result.lockedUntil }, detail: { failures: account.maxFailures },
      }, now));
    }
  }

  private async useTotp(user: User, code: string): Promise<boolean> {
    const creds = await this.ctx.store.repos.users.getCredentials(user.orgId, user.id);
    if (!creds?.totpSecret) return false;
    const secret = this.secrets.decrypt(creds.totpSecret, totpContext(user));
    const step = matchTotp(secret, code, this.ctx.clock());
    return step !== null && (await this.ctx.store.repos.users.useTotpStep(user.orgId, user.id, step));
  }

  private async useRecoveryCode(user: User, code: string): Promise<boolean> {
    return this.ctx.store.repos.users.useRecoveryCode(user.orgId, user.id, this.recoveryHash(user, code));
  }

  private recoveryHash(user: User, code: string): string {
    return this.secrets.mac(`recovery:${user.orgId}:${user.id}`, normalizeRecoveryCode(code));
  }

  // ---- sessions --------------------------------------------------------------------------

  /** Opens a session for a user (after sign-in, setup or accepting an invitation). */
  async createSession(user: User, now: Date = this.ctx.clock()): Promise<SessionGrant> {
    const secret = randomToken();
    const expiresAt = new Date(now.getTime() + AUTH_POLICY.sessionTtlMs).toISOString();
    await this.ctx.store.repos.sessions.insert({ orgId: user.orgId, id: sha256Hex(secret), userId: user.id, createdAt: now.toISOString(), lastSeenAt: now.toISOString(), expiresAt });
    return { secret, csrfToken: this.csrfToken(secret), expiresAt };
  }

  /** Records the sign-in and opens a session (password, setup, invitation, or single sign-on). */
  async signIn(user: User, org: Organization, method: string): Promise<SignedIn> {
    const now = this.ctx.clock();
    const { repos } = this.ctx.store;
    await repos.users.recordLogin(user.orgId, user.id, now);
    await repos.sessions.deleteExpired(now, new Date(now.getTime() - AUTH_POLICY.sessionIdleMs));
    const grant = await this.createSession(user, now);
    await this.ctx.store.transaction((tx) => tx.auditLog.append(user.orgId, { actor: `user:${user.id}`, action: 'user.login', entityType: 'user', entityId: user.id, before: null, after: null, detail: { method } }, now));
    const fresh = (await repos.users.getById(user.orgId, user.id)) ?? user;
    return { ...grant, user: presentMember(fresh, now), organization: orgView(org) };
  }

  /** The CSRF token of a session: a keyed hash of its secret, so nothing more is stored. */
  csrfToken(sessionSecret: string): string {
    return this.secrets.mac('csrf', sessionSecret);
  }

  checkCsrf(sessionSecret: string, given: string | undefined): boolean {
    return given !== undefined && safeEqual(this.csrfToken(sessionSecret), given);
  }

  /** The signed-in person behind a session cookie; null when unknown, expired, idle too long, or the account is disabled. */
  async resolveSession(secret: string): Promise<ResolvedSession | null> {
    if (secret.length === 0 || secret.length > 200) return null;
    const { repos } = this.ctx.store;
    const found = await repos.sessions.resolve(sha256Hex(secret), headWanted(this.ctx));
    if (!found) return null;
    const { session, user, org, auditHead } = found;
    if (auditHead !== null) derivedCache(this.ctx).observeHead(org.id, auditHead);
    const now = this.ctx.clock();
    const idle = now.getTime() - Date.parse(session.lastSeenAt);
    if (session.expiresAt <= now.toISOString() || idle > AUTH_POLICY.sessionIdleMs || user.disabledAt !== null) {
      await repos.sessions.delete(session.orgId, session.id);
      return null;
    }
    if (idle >= AUTH_POLICY.touchEveryMs) await repos.sessions.touch(session.orgId, session.id, now);
    return { principal: { kind: 'user', orgId: user.orgId, role: user.role, actor: `user:${user.id}`, userId: user.id, tokenId: null }, org, user, sessionId: session.id };
  }

  async logout(secret: string): Promise<void> {
    const found = await this.ctx.store.repos.sessions.resolve(sha256Hex(secret));
    if (found) await this.ctx.store.repos.sessions.delete(found.session.orgId, found.session.id);
  }

  me(principal: Principal, org: Organization | null, user: User | null): Me {
    return {
      kind: principal.kind, role: principal.role, permissions: permissionsOf(principal.role),
      user: user ? presentMember(user, this.ctx.clock()) : null,
      token: principal.tokenId ? { id: principal.tokenId } : null,
      organization: org ? orgView(org) : null,
    };
  }

  // ---- two-factor ------------------------------------------------------------------------

  /** Starts enrolment: a new secret (pending until confirmed with a code), as a URI and a QR code. */
  async enrolTwoFactor(principal: Principal): Promise<{ secret: string; otpauthUri: string; qrCode: string }> {
    const user = await this.requireUser(principal);
    if (user.twoFactor) throw conflict('two-factor sign-in is already on; turn it off first to enrol a new device');
    const secret = randomBytes(20);
    await this.ctx.store.repos.users.setTotpPending(user.orgId, user.id, this.secrets.encrypt(secret, totpContext(user)));
    const uri = otpauthUri({ secret, issuer: 'Attest', account: user.email });
    return { secret: base32Encode(secret), otpauthUri: uri, qrCode: qrCodeDataUrl(uri) };
  }

  /** Confirms enrolment with a first code; returns the recovery codes, shown this once. */
  async confirmTwoFactor(principal: Principal, code: string): Promise<{ recoveryCodes: string[] }> {
    const user = await this.requireUser(principal);
    if (user.twoFactor) throw conflict('two-factor sign-in is already on');
    const creds = await this.ctx.store.repos.users.getCredentials(user.orgId, user.id);
    if (!creds?.totpPendingSecret) throw conflict('start enrolment first (POST /api/auth/two-factor/enrol)');
    const now = this.ctx.clock();
    const step = matchTotp(this.secrets.decrypt(creds.totpPendingSecret, totpContext(user)), code, now);
    if (step === null) throw invalidField('code', 'invalid_code', 'the code does not match: check the time on your phone and enter the current code');
    const codes = Array.from({ length: AUTH_POLICY.recoveryCodes }, newRecoveryCode);
    await this.ctx.store.transaction(async (repos) => {
      await repos.users.enableTotp(user.orgId, user.id, creds.totpPendingSecret!, step, codes.map((c) => this.recoveryHash(user, c)), now);
      await repos.auditLog.append(user.orgId, { actor: principal.actor, action: 'user.two_factor.enable', entityType: 'user', entityId: user.id, before: auditedUser(user), after: auditedUser({ ...user, twoFactor: true }) }, now);
    });
    return { recoveryCodes: codes };
  }

  /** Turns two-factor off: needs the password and a current code (or a recovery code). */
  async disableTwoFactor(principal: Principal, input: { password: string; code?: string; recoveryCode?: string }): Promise<void> {
    const user = await this.requireUser(principal);
    if (!user.twoFactor) throw conflict('two-factor sign-in is not on');
    const creds = await this.ctx.store.repos.users.getCredentials(user.orgId, user.id);
    const errors: FieldError[] = [];
    if (!creds?.passwordHash || !(await verifyPassword(creds.passwordHash, input.password))) errors.push({ field: 'password', code: 'invalid_credentials', message: 'the password is wrong' });
    const codeOk = input.recoveryCode ? await this.useRecoveryCode(user, input.recoveryCode) : input.code ? await this.useTotp(user, input.code) : false;
    if (!codeOk) errors.push({ field: input.recoveryCode ? 'recoveryCode' : 'code', code: 'invalid_code', message: 'a current code or an unused recovery code is required' });
    if (errors.length) throw invalid(errors);
    const now = this.ctx.clock();
    await this.ctx.store.transaction(async (repos) => {
      await repos.users.disableTotp(user.orgId, user.id);
      await repos.auditLog.append(user.orgId, { actor: principal.actor, action: 'user.two_factor.disable', entityType: 'user', entityId: user.id, before: auditedUser(user), after: auditedUser({ ...user, twoFactor: false }) }, now);
    });
  }

  private async requireUser(principal: Principal): Promise<User> {
    if (principal.kind !== 'user' || !principal.orgId || !principal.userId) throw new AppError('forbidden', 'two-factor sign-in belongs to a person: sign in with a session, not a token');
    const user = await this.ctx.store.repos.users.getById(principal.orgId, principal.userId);
    if (!user) throw new AppError('unauthorized', 'the account no longer exists');
    return user;
  }

  // ---- invitations and password resets ---------------------------------------------------

  /** What an invitation link is for, so the page can say it before asking for a password. */
  async lookupInvitation(token: string): Promise<{ email: string; role: string; organization: { name: string }; expiresAt: string }> {
    const { invitation, org } = await this.liveInvitation(token);
    return { email: invitation.email, role: invitation.role, organization: { name: org.name }, expiresAt: invitation.expiresAt };
  }

  /** Creates the invited account and signs it in. */
  async acceptInvitation(input: { token: string; name: string; password: string }): Promise<SignedIn> {
    const { invitation, org } = await this.liveInvitation(input.token);
    const name = input.name.trim();
    const errors = [...nameProblems(name), ...passwordProblems(input.password, invitation.email)];
    if (errors.length) throw invalid(errors);
    const passwordHash = await hashPassword(input.password);
    const now = this.ctx.clock();
    const user = await this.ctx.store.transaction(async (repos) => {
      if (await repos.users.findByEmail(org.id, invitation.email)) throw new AppError('conflict', `${invitation.email} is already a member`, [{ field: 'email', code: 'already_member', message: 'sign in instead' }]);
      const u = await repos.users.insert({ orgId: org.id, id: randomUUID(), email: invitation.email, name, role: invitation.role, passwordHash, now });
      if (!(await repos.invitations.accept(org.id, invitation.id, u.id, now))) throw badToken('the invitation is invalid, used or expired: ask for a new one');
      await repos.auditLog.append(org.id, { actor: `user:${u.id}`, action: 'user.create', entityType: 'user', entityId: u.id, before: null, after: auditedUser(u), detail: { via: 'invitation', invitation: invitation.id, invitedBy: invitation.invitedBy } }, now);
      // An auditor invited for an audit is assigned to it (and sees only what it assigns: docs/AUDITS.md).
      if (invitation.auditId) {
        await repos.audits.assignAuditor(org.id, invitation.auditId, u.id, invitation.invitedBy, now.toISOString());
        await repos.auditLog.append(org.id, { actor: `user:${u.id}`, action: 'audit.auditor.assign', entityType: 'audit', entityId: invitation.auditId, before: null, after: { user: u.id }, detail: { via: 'invitation', invitation: invitation.id } }, now);
      }
      return u;
    });
    return this.signIn(user, org, 'invitation');
  }

  private async liveInvitation(token: string) {
    const found = await this.ctx.store.repos.invitations.findByHash(sha256Hex(token));
    const now = this.ctx.clock().toISOString();
    if (!found || found.invitation.acceptedAt || found.invitation.revokedAt || found.invitation.expiresAt <= now) throw badToken('the invitation is invalid, used or expired: ask for a new one');
    return found;
  }

  /** Sets a new password with a reset link; ends every session of the account. */
  async resetPassword(input: { token: string; password: string }): Promise<void> {
    const { repos } = this.ctx.store;
    const reset = await repos.passwordResets.findByHash(sha256Hex(input.token));
    const now = this.ctx.clock();
    if (!reset || reset.usedAt || reset.expiresAt <= now.toISOString()) throw badToken('the reset link is invalid, used or expired: ask for a new one');
    const user = await repos.users.getById(reset.orgId, reset.userId);
    if (!user || user.disabledAt) throw badToken('the reset link is invalid, used or expired: ask for a new one');
    const errors = passwordProblems(input.password, user.email);
    if (errors.length) throw invalid(errors);
    const passwordHash = await hashPassword(input.password);
    await this.ctx.store.transaction(async (tx) => {
      if (!(await tx.passwordResets.use(reset.orgId, reset.id, now))) throw badToken('the reset link is invalid, used or expired: ask for a new one');
      await tx.users.setPassword(user.orgId, user.id, passwordHash, now);
      await tx.passwordResets.invalidateForUser(user.orgId, user.id, now);
      const ended = await tx.sessions.deleteForUser(user.orgId, user.id);
      await tx.auditLog.append(user.orgId, { actor: `user:${user.id}`, action: 'user.password_reset', entityType: 'user', entityId: user.id, before: null, after: null, detail: { reset: reset.id, sessionsEnded: ended } }, now);
    });
  }

  /**
   * "Forgot my password": emails a reset link when a mailer is configured. Answers the same
   * whether or not the email is known, and as fast: the lookup and the email happen after the
   * answer (`delivery` settles when they are done), so the time taken does not tell either.
   * Throttled per address.
   */
  async requestPasswordReset(email: string, client: { address: string }, linkFor: (token: string) => string): Promise<{ sent: boolean; delivery: Promise<void> }> {
    const { repos } = this.ctx.store;
    const now = this.ctx.clock();
    const key = sha256Hex(`reset:${client.address}`);
    const blocked = await repos.loginGuard.lockedUntil(key);
    if (blocked && blocked > now.toISOString()) throw rateLimited('too many password-reset requests from this address; try again later', blocked, now);
    await repos.loginGuard.recordFailure(key, now, AUTH_POLICY.resetRequests.windowMs, AUTH_POLICY.resetRequests.max, AUTH_POLICY.resetRequests.windowMs);
    const mailer = this.ctx.mailer;
    if (!mailer) return { sent: false, delivery: Promise.resolve() };
    const delivery = (async () => {
      await new Promise((r) => setImmediate(r)); // after the answer is on its way
      const users = (await repos.users.findByEmailInAnyOrg(email.trim())).filter((u) => u.disabledAt === null);
      const members = new MembersService(this.ctx);
      for (const u of users) {
        const { token, expiresAt } = await members.issueReset(u, 'system');
        await mailer.send({
          to: u.email,
          subject: 'Reset your Attest password',
          text: `Someone (hopefully you) asked to reset the password of ${u.email} on Attest.\n\nSet a new password here, before ${expiresAt}:\n${linkFor(token)}\n\nIf it was not you, ignore this email: your password stays as it is.\n`,
        });
      }
    })();
    return { sent: true, delivery };
  }
}

function nameProblems(name: string): FieldError[] {
  if (name === '') return [{ field: 'name', code: 'required', message: 'your name is required' }];
  if (name.length > 200) return [{ field: 'name', code: 'too_long', message: 'at most 200 characters' }];
  return [];
}

const badToken = (message: string) => invalidField('token', 'invalid_token', message);
