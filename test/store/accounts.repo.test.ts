// The account repositories on both engines: credentials and lockout on users, sessions, API
// tokens, invitations, password resets, and the instance-wide setup tokens and throttle.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { reposFor, type Repos } from '../../src/store/index.js';
import { engines } from '../support/engines.js';

const T0 = new Date('2026-11-24T12:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const hash = (n: number | string) => String(n).padStart(64, '0');

describe.each(engines)('account repositories on $name', (engine) => {
  let db: Db;
  let repos: Repos;
  beforeAll(async () => {
    db = await engine.open();
    repos = reposFor(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  const newOrg = async () => {
    const id = randomUUID();
    return repos.organizations.insert({ id, name: 'Org', slug: `org-${id}` });
  };
  const newUser = async (orgId: string, email = `${randomUUID()}@example.com`, passwordHash: string | null = 'hash') =>
    repos.users.insert({ orgId, id: randomUUID(), email, name: 'N', role: 'member', passwordHash, now: T0 });

  describe('users', () => {
    it('keeps credentials out of the user and finds an email in any organization', async () => {
      const [a, b] = [await newOrg(), await newOrg()];
      const email = `Same.${randomUUID()}@Example.com`;
      const ua = await newUser(a.id, email, '$argon2id$a');
      const ub = await newUser(b.id, email, null);
      expect(ua).toMatchObject({ email: email.toLowerCase(), twoFactor: false, disabledAt: null, lockedUntil: null, lastLoginAt: null });
      expect(Object.keys(ua)).not.toContain('passwordHash');
      expect((await repos.users.findByEmailInAnyOrg(email.toUpperCase())).map((u) => u.id).sort()).toEqual([ua.id, ub.id].sort());
      expect(await repos.users.getCredentials(a.id, ua.id)).toMatchObject({ passwordHash: '$argon2id$a', recoveryCodeHashes: [], failedLogins: 0 });
      expect((await repos.users.getCredentials(b.id, ub.id))?.passwordHash).toBeNull();
      expect(await repos.users.getCredentials(b.id, ua.id)).toBeNull();
      expect(await repos.users.anyExists()).toBe(true);
    });

    it('locks on the fifth failure in a row, starts the count again, and a new password lifts the lock', async () => {
      const org = await newOrg();
      const u = await newUser(org.id);
      const lockUntil = at(15 * MIN);
      for (let i = 1; i < 5; i++) expect(await repos.users.recordFailedLogin(org.id, u.id, 5, lockUntil)).toEqual({ locked: false, lockedUntil: null });
      expect(await repos.users.recordFailedLogin(org.id, u.id, 5, lockUntil)).toEqual({ locked: true, lockedUntil: lockUntil.toISOString() });
      expect(await repos.users.getCredentials(org.id, u.id)).toMatchObject({ failedLogins: 0, lockedUntil: lockUntil.toISOString() });
      expect((await repos.users.getById(org.id, u.id))?.lockedUntil).toBe(lockUntil.toISOString());
      await repos.users.recordFailedLogin(org.id, u.id, 5, at(20 * MIN));
      expect(await repos.users.setPassword(org.id, u.id, 'new-hash', at(MIN))).toBe(true);
      expect(await repos.users.getCredentials(org.id, u.id)).toMatchObject({ passwordHash: 'new-hash', failedLogins: 0, lockedUntil: null });
    });

    it('accepts each TOTP step once and in order, and each recovery code once', async () => {
      const org = await newOrg();
      const u = await newUser(org.id);
      await repos.users.setTotpPending(org.id, u.id, 'v1.pending');
      await repos.users.enableTotp(org.id, u.id, 'v1.pending', 100, ['r1', 'r2'], T0);
      expect((await repos.users.getById(org.id, u.id))?.twoFactor).toBe(true);
      expect(await repos.users.getCredentials(org.id, u.id)).toMatchObject({ totpSecret: 'v1.pending', totpPendingSecret: null, totpLastStep: 100 });
      expect(await repos.users.useTotpStep(org.id, u.id, 100)).toBe(false);
      expect(await repos.users.useTotpStep(org.id, u.id, 101)).toBe(true);
      expect(await repos.users.useTotpStep(org.id, u.id, 101)).toBe(false);
      expect(await repos.users.useTotpStep(org.id, u.id, 99)).toBe(false);
      expect(await repos.users.useRecoveryCode(org.id, u.id, 'r2')).toBe(true);
      expect(await repos.users.useRecoveryCode(org.id, u.id, 'r2')).toBe(false);
      expect(await repos.users.useRecoveryCode(org.id, u.id, 'r3')).toBe(false);
      expect((await repos.users.getCredentials(org.id, u.id))?.recoveryCodeHashes).toEqual(['r1']);
      await repos.users.disableTotp(org.id, u.id);
      expect(await repos.users.getCredentials(org.id, u.id)).toMatchObject({ totpSecret: null, totpLastStep: null, recoveryCodeHashes: [] });
    });

    it('changes role and disabled state, and counts active owners', async () => {
      const org = await newOrg();
      const u = await newUser(org.id);
      expect(await repos.users.countActiveOwners(org.id)).toBe(0);
      expect(await repos.users.update(org.id, u.id, { role: 'owner' }, T0)).toMatchObject({ role: 'owner', disabledAt: null });
      expect(await repos.users.countActiveOwners(org.id)).toBe(1);
      expect((await repos.users.update(org.id, u.id, { disabled: true }, T0))?.disabledAt).toBe(T0.toISOString());
      // Disabling again keeps the first date; the role is kept.
      expect(await repos.users.update(org.id, u.id, { disabled: true }, at(MIN))).toMatchObject({ disabledAt: T0.toISOString(), role: 'owner' });
      expect(await repos.users.countActiveOwners(org.id)).toBe(0);
      expect((await repos.users.update(org.id, u.id, { disabled: false }, T0))?.disabledAt).toBeNull();
      expect(await repos.users.update(org.id, randomUUID(), { role: 'viewer' }, T0)).toBeNull();
    });
  });

  describe('sessions', () => {
    it('resolve with their user and organization, in one query, and end one by one or per user', async () => {
      const org = await newOrg();
      const u = await newUser(org.id);
      const s = { orgId: org.id, userId: u.id, createdAt: T0.toISOString(), lastSeenAt: T0.toISOString(), expiresAt: at(60 * MIN).toISOString() };
      await repos.sessions.insert({ ...s, id: hash('a1') });
      await repos.sessions.insert({ ...s, id: hash('a2') });
      const found = await repos.sessions.resolve(hash('a1'));
      expect(found?.session).toMatchObject({ id: hash('a1'), userId: u.id, expiresAt: s.expiresAt });
      expect(found?.user).toEqual(await repos.users.getById(org.id, u.id));
      expect(found?.org).toEqual(org);
      expect(found?.auditHead).toBeNull();
      expect((await repos.sessions.resolve(hash('a1'), true))?.auditHead).toBe(0);
      await repos.sessions.touch(org.id, hash('a1'), at(MIN));
      expect((await repos.sessions.resolve(hash('a1')))?.session.lastSeenAt).toBe(at(MIN).toISOString());
      expect(await repos.sessions.delete(org.id, hash('a1'))).toBe(true);
      expect(await repos.sessions.resolve(hash('a1'))).toBeNull();
      expect(await repos.sessions.deleteForUser(org.id, u.id)).toBe(1);
      expect(await repos.sessions.countForUser(org.id, u.id)).toBe(0);
    });

    it('housekeeping removes expired and idle sessions only', async () => {
      const org = await newOrg();
      const u = await newUser(org.id);
      const base = { orgId: org.id, userId: u.id, createdAt: T0.toISOString() };
      await repos.sessions.insert({ ...base, id: hash('b-expired'), lastSeenAt: at(50 * MIN).toISOString(), expiresAt: at(55 * MIN).toISOString() });
      await repos.sessions.insert({ ...base, id: hash('b-idle'), lastSeenAt: T0.toISOString(), expiresAt: at(600 * MIN).toISOString() });
      await repos.sessions.insert({ ...base, id: hash('b-live'), lastSeenAt: at(50 * MIN).toISOString(), expiresAt: at(600 * MIN).toISOString() });
      await repos.sessions.deleteExpired(at(60 * MIN), at(30 * MIN));
      expect(await repos.sessions.resolve(hash('b-expired'))).toBeNull();
      expect(await repos.sessions.resolve(hash('b-idle'))).toBeNull();
      expect(await repos.sessions.resolve(hash('b-live'))).not.toBeNull();
    });
  });

  describe('API tokens', () => {
    it('resolve by hash with their organization; revocation keeps its first date', async () => {
      const org = await newOrg();
      const t = await repos.apiTokens.insert({ orgId: org.id, id: randomUUID(), name: 'ci', tokenHash: hash('t1'), prefix: 'att_abcd', role: 'viewer', createdBy: 'cli', createdAt: T0.toISOString(), expiresAt: null });
      expect(t).toMatchObject({ expiresAt: null, lastUsedAt: null, revokedAt: null, role: 'viewer' });
      expect(await repos.apiTokens.resolve(hash('t1'), true)).toEqual({ token: t, org, auditHead: 0 });
      expect((await repos.apiTokens.resolve(hash('t1')))?.auditHead).toBeNull();
      // The organization's audit-log head comes with the token (derived views key on it).
      const entry = await repos.auditLog.append(org.id, { actor: 'cli', action: 'test.head', entityType: 'organization', entityId: org.id, before: null, after: { x: 1 }, detail: {} }, T0);
      expect((await repos.apiTokens.resolve(hash('t1'), true))?.auditHead).toBe(entry.seq);
      await repos.apiTokens.touch(org.id, t.id, at(MIN));
      expect((await repos.apiTokens.getById(org.id, t.id))?.lastUsedAt).toBe(at(MIN).toISOString());
      expect((await repos.apiTokens.revoke(org.id, t.id, at(2 * MIN)))?.revokedAt).toBe(at(2 * MIN).toISOString());
      expect((await repos.apiTokens.revoke(org.id, t.id, at(3 * MIN)))?.revokedAt).toBe(at(2 * MIN).toISOString());
      expect(await repos.apiTokens.revoke((await newOrg()).id, t.id, T0)).toBeNull();
      expect(await repos.apiTokens.findByOrg(org.id)).toHaveLength(1);
    });
  });

  describe('invitations and password resets', () => {
    it('accept an invitation once, and only while pending and unexpired', async () => {
      const org = await newOrg();
      const base = { orgId: org.id, role: 'member' as const, invitedBy: 'cli', createdAt: T0.toISOString(), expiresAt: at(10 * MIN).toISOString() };
      const inv = await repos.invitations.insert({ ...base, id: randomUUID(), email: 'NEW@example.com', tokenHash: hash('i1') });
      expect(inv.email).toBe('new@example.com');
      expect((await repos.invitations.findByHash(hash('i1')))?.org).toEqual(org);
      const u = await newUser(org.id);
      expect(await repos.invitations.accept(org.id, inv.id, u.id, at(11 * MIN))).toBe(false);
      expect(await repos.invitations.accept(org.id, inv.id, u.id, at(MIN))).toBe(true);
      expect(await repos.invitations.accept(org.id, inv.id, u.id, at(2 * MIN))).toBe(false);
      expect(await repos.invitations.revoke(org.id, inv.id, at(3 * MIN))).toBeNull();
      const revoked = await repos.invitations.insert({ ...base, id: randomUUID(), email: 'r@example.com', tokenHash: hash('i2') });
      expect((await repos.invitations.revoke(org.id, revoked.id, at(MIN)))?.revokedAt).toBe(at(MIN).toISOString());
      expect(await repos.invitations.accept(org.id, revoked.id, u.id, at(2 * MIN))).toBe(false);
    });

    it('use a reset link once, before it expires; a newer link ends the older ones', async () => {
      const org = await newOrg();
      const u = await newUser(org.id);
      const base = { orgId: org.id, userId: u.id, createdBy: 'cli', createdAt: T0.toISOString(), expiresAt: at(60 * MIN).toISOString() };
      const first = await repos.passwordResets.insert({ ...base, id: randomUUID(), tokenHash: hash('p1') });
      expect(await repos.passwordResets.findByHash(hash('p1'))).toEqual(first);
      expect(await repos.passwordResets.use(org.id, first.id, at(61 * MIN))).toBe(false);
      expect(await repos.passwordResets.invalidateForUser(org.id, u.id, at(MIN))).toBe(1);
      expect(await repos.passwordResets.use(org.id, first.id, at(2 * MIN))).toBe(false);
      const second = await repos.passwordResets.insert({ ...base, id: randomUUID(), tokenHash: hash('p2') });
      expect(await repos.passwordResets.use(org.id, second.id, at(2 * MIN))).toBe(true);
      expect(await repos.passwordResets.use(org.id, second.id, at(3 * MIN))).toBe(false);
    });
  });

  describe('instance-wide guard', () => {
    it('consumes a setup token once, and not after it expires', async () => {
      const guard = repos.loginGuard;
      await guard.insertSetupToken(hash('s1'), T0, at(10 * MIN));
      await guard.insertSetupToken(hash('s2'), T0, at(10 * MIN));
      expect(await guard.setupTokenValid(hash('s1'), at(MIN))).toBe(true);
      expect(await guard.consumeSetupToken(hash('s1'), at(11 * MIN))).toBe(false);
      expect(await guard.consumeSetupToken(hash('s1'), at(MIN))).toBe(true);
      expect(await guard.consumeSetupToken(hash('s1'), at(MIN))).toBe(false);
      await guard.clearSetupTokens();
      expect(await guard.setupTokenValid(hash('s2'), at(MIN))).toBe(false);
    });

    it('blocks a key on the max-th failure within the window, and starts a new window after it', async () => {
      const guard = repos.loginGuard;
      const key = hash(randomUUID().replace(/-/g, '').slice(0, 20));
      const window = 15 * MIN;
      expect(await guard.recordFailure(key, T0, window, 3, 5 * MIN)).toBeNull();
      expect(await guard.recordFailure(key, at(MIN), window, 3, 5 * MIN)).toBeNull();
      expect(await guard.recordFailure(key, at(2 * MIN), window, 3, 5 * MIN)).toBe(at(7 * MIN).toISOString());
      expect(await guard.lockedUntil(key)).toBe(at(7 * MIN).toISOString());
      // After the window, counting starts again (the block has ended by then too).
      expect(await guard.recordFailure(key, at(20 * MIN), window, 3, 5 * MIN)).toBeNull();
      expect(await guard.recordFailure(key, at(21 * MIN), window, 3, 5 * MIN)).toBeNull();
      // Pruning forgets ended windows and blocks, and keeps a block still running.
      const blocked = hash('blocked-key-for-prune');
      expect(await guard.recordFailure(blocked, at(38 * MIN), window, 1, 5 * MIN)).toBe(at(43 * MIN).toISOString());
      await guard.prune(at(40 * MIN), window);
      expect(await guard.lockedUntil(key)).toBeNull();
      expect(await guard.lockedUntil(blocked)).toBe(at(43 * MIN).toISOString());
    });
  });
});
