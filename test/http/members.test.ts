// /api/members and /api/invitations: invitations by link, password-reset links (as
// `attest users reset-password` asks for them, and by email), roles, disabling, the last owner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer, type SmtpMailer } from '../../src/app/mailer.js';
import { sha256Hex } from '../../src/app/secrets.js';
import { startSmtpServer, type SmtpTestServer } from '../support/smtp.js';
import { errorOf, fieldCodes, openApp, type Harness } from './harness.js';

const PASSWORD = 'a long enough password';

let h: Harness;
// Email goes through nodemailer to a real SMTP server on 127.0.0.1.
let smtp: SmtpTestServer;
let mailer: SmtpMailer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  mailer = smtpMailer({ url: smtp.url, from: 'attest@example.com' });
  h = await openApp({ mailer });
});
afterAll(async () => {
  await h?.close();
  mailer?.close();
  await smtp?.close();
});

let ip = 0;
const login = (email: string, password: string) => h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: `10.7.0.${++ip}` });
const tokenOf = (url: string) => new URL(url).hash.replace(/^#token=/, '');

describe('invitations', () => {
  it('invites by link; the invitee accepts with a name and a password and is signed in with the role', async () => {
    const admin = await h.as('admin');
    const res = await admin.inject({ method: 'POST', url: '/api/invitations', payload: { email: 'New.Hire@Acme.example', role: 'member' } });
    expect(res.statusCode, res.body).toBe(201);
    const { invitation, url } = res.json<{ invitation: { id: string; email: string; state: string }; url: string }>();
    expect(invitation).toMatchObject({ email: 'new.hire@acme.example', state: 'pending', invitedBy: admin.actor });
    expect(url).toMatch(/^http:\/\/localhost:80\/invite#token=[\w-]{43}$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const token = tokenOf(url);
    // Stored as a hash; the list never shows the token.
    expect((await h.services.ctx.store.repos.invitations.findByHash(sha256Hex(token)))?.invitation.id).toBe(invitation.id);
    const list = await admin.inject({ method: 'GET', url: '/api/invitations' });
    expect(list.body).not.toContain(token);
    expect(list.json<{ id: string }[]>().map((i) => i.id)).toContain(invitation.id);

    const lookup = await h.app.inject({ method: 'POST', url: '/api/auth/invitations/lookup', payload: { token } });
    expect(lookup.json()).toMatchObject({ email: 'new.hire@acme.example', role: 'member', organization: { name: 'Acme Cloud' } });

    const weak = await h.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, name: '', password: 'new.hire@acme.example' } });
    expect(fieldCodes(weak)).toEqual(['name required', 'password same_as_email']);
    const accepted = await h.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, name: 'New Hire', password: PASSWORD } });
    expect(accepted.statusCode, accepted.body).toBe(201);
    const user = accepted.json<{ user: { id: string; role: string; email: string } }>().user;
    expect(user).toMatchObject({ role: 'member', email: 'new.hire@acme.example' });
    expect(accepted.headers['set-cookie']).toBeDefined();
    expect((await login('new.hire@acme.example', PASSWORD)).statusCode).toBe(200);

    const created = (await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 5)).find((e) => e.action === 'user.create' && e.entityId === user.id);
    expect(created).toMatchObject({ actor: `user:${user.id}`, detail: { via: 'invitation', invitation: invitation.id, invitedBy: admin.actor } });
    const again = await h.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, name: 'Twice', password: PASSWORD } });
    expect(again.statusCode).toBe(400);
    expect(fieldCodes(again)).toEqual(['token invalid_token']);
    expect((await admin.inject({ method: 'GET', url: '/api/invitations' })).json<{ id: string; state: string }[]>().find((i) => i.id === invitation.id)?.state).toBe('accepted');
  });

  it('refuses an expired or revoked invitation', async () => {
    const inviteOne = async (email: string) => (await h.services.members.invite(h.org!.id, { email, role: 'viewer' }, { kind: 'cli', orgId: h.org!.id, role: 'owner', actor: 'cli', userId: null, tokenId: null }));
    const expiring = await inviteOne('late@acme.example');
    const saved = h.services.now.value;
    try {
      h.services.now.value = new Date(saved.getTime() + 7 * 86_400_000 + 1000);
      const late = await h.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token: expiring.token, name: 'Late', password: PASSWORD } });
      expect(fieldCodes(late)).toEqual(['token invalid_token']);
    } finally {
      h.services.now.value = saved;
    }
    const revoked = await inviteOne('revoked@acme.example');
    const res = await h.inject({ method: 'DELETE', url: `/api/invitations/${revoked.invitation.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'revoked' });
    const refused = await h.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token: revoked.token, name: 'Revoked', password: PASSWORD } });
    expect(fieldCodes(refused)).toEqual(['token invalid_token']);
    expect(await h.services.ctx.store.repos.users.findByEmail(h.org!.id, 'revoked@acme.example')).toBeNull();
  });

  it('grants no role above the inviter\'s, and no invitation to a member', async () => {
    const admin = await h.as('admin');
    const owner = await admin.inject({ method: 'POST', url: '/api/invitations', payload: { email: 'boss@acme.example', role: 'owner' } });
    expect(owner.statusCode).toBe(403);
    expect(fieldCodes(owner)).toEqual(['role above_your_role']);
    expect((await h.inject({ method: 'POST', url: '/api/invitations', payload: { email: 'boss@acme.example', role: 'owner' } })).statusCode).toBe(201);
    const member = await h.as('member');
    expect((await member.inject({ method: 'POST', url: '/api/invitations', payload: { email: 'x@acme.example', role: 'viewer' } })).statusCode).toBe(403);
    const existing = await h.inject({ method: 'POST', url: '/api/invitations', payload: { email: h.owner!.user!.email, role: 'viewer' } });
    expect(existing.statusCode).toBe(409);
    expect(fieldCodes(existing)).toEqual(['email already_member']);
  });
});

describe('password reset', () => {
  it('gives a one-time link through the local command (as `attest users reset-password` does); the link sets a new password and ends every session', async () => {
    const person = await h.as('member', { email: 'forgetful@acme.example', password: PASSWORD });
    const res = await h.cli({ method: 'POST', url: '/api/members/password-resets', payload: { email: 'forgetful@acme.example' } });
    expect(res.statusCode, res.body).toBe(201);
    const { url, member } = res.json<{ url: string; member: { id: string } }>();
    expect(member.id).toBe(person.user!.id);
    expect(url).toMatch(/\/reset-password#token=[\w-]{43}$/);
    const entry = (await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 1))[0]!;
    expect(entry).toMatchObject({ actor: 'cli', action: 'user.password_reset_link', entityId: person.user!.id });

    const newPassword = 'a brand new password';
    const weak = await h.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token: tokenOf(url), password: 'short' } });
    expect(fieldCodes(weak)).toEqual(['password too_short']);
    const done = await h.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token: tokenOf(url), password: newPassword } });
    expect(done.statusCode, done.body).toBe(204);
    expect((await person.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await login('forgetful@acme.example', PASSWORD)).statusCode).toBe(401);
    expect((await login('forgetful@acme.example', newPassword)).statusCode).toBe(200);
    const reuse = await h.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token: tokenOf(url), password: 'yet another password' } });
    expect(fieldCodes(reuse)).toEqual(['token invalid_token']);
  });

  it('lifts a lockout, and only the newest link works', async () => {
    await h.as('member', { email: 'lockedout@acme.example', password: PASSWORD });
    for (let i = 0; i < 5; i++) await login('lockedout@acme.example', 'wrong password');
    expect((await login('lockedout@acme.example', PASSWORD)).statusCode).toBe(429);
    const first = (await h.cli({ method: 'POST', url: '/api/members/password-resets', payload: { email: 'lockedout@acme.example' } })).json<{ url: string }>().url;
    const second = (await h.cli({ method: 'POST', url: '/api/members/password-resets', payload: { email: 'lockedout@acme.example' } })).json<{ url: string }>().url;
    expect(fieldCodes(await h.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token: tokenOf(first), password: 'the newest password' } }))).toEqual(['token invalid_token']);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token: tokenOf(second), password: 'the newest password' } })).statusCode).toBe(204);
    expect((await login('lockedout@acme.example', 'the newest password')).statusCode).toBe(200);
  });

  it('expires after an hour', async () => {
    await h.as('member', { email: 'slow@acme.example', password: PASSWORD });
    const { url } = (await h.inject({ method: 'POST', url: '/api/members/password-resets', payload: { email: 'slow@acme.example' } })).json<{ url: string }>();
    const saved = h.services.now.value;
    try {
      h.services.now.value = new Date(saved.getTime() + 60 * 60_000 + 1000);
      expect(fieldCodes(await h.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token: tokenOf(url), password: 'too late a password' } }))).toEqual(['token invalid_token']);
    } finally {
      h.services.now.value = saved;
    }
  });

  it('emails a link when a mailer is configured, and answers the same for an unknown email', async () => {
    await h.as('viewer', { email: 'mailme@acme.example', password: PASSWORD });
    const before = smtp.received.length;
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: 'MailMe@acme.example' } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ delivery: 'email' });
    // The email goes out after the answer (its timing must not tell whether the account exists).
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail!.to).toEqual(['mailme@acme.example']);
    const link = /(http:\/\/\S+\/reset-password#token=[\w-]+)/.exec(mail!.text)![1]!;
    const unknown = await h.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: 'nobody@acme.example' } });
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual({ delivery: 'email' });
    // The same request through the service, waiting for what it does after answering: no email.
    await (await h.services.auth.requestPasswordReset('nobody@acme.example', { address: '127.0.0.1' }, (t) => `http://127.0.0.1/reset-password#token=${t}`)).delivery;
    expect(smtp.received).toHaveLength(before + 1);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token: tokenOf(link), password: 'emailed new password' } })).statusCode).toBe(204);
    expect((await login('mailme@acme.example', 'emailed new password')).statusCode).toBe(200);
  });

  it('an admin cannot reset an owner\'s password', async () => {
    const admin = await h.as('admin');
    const res = await admin.inject({ method: 'POST', url: '/api/members/password-resets', payload: { email: h.owner!.user!.email } });
    expect(res.statusCode).toBe(403);
    const unknown = await admin.inject({ method: 'POST', url: '/api/members/password-resets', payload: { email: 'nobody@acme.example' } });
    expect(unknown.statusCode).toBe(404);
    expect(fieldCodes(unknown)).toEqual(['email unknown_id']);
  });
});

describe('roles and accounts', () => {
  it('changes a role (ending the member\'s sessions) and records who did it', async () => {
    const member = await h.as('member');
    const admin = await h.as('admin');
    const res = await admin.inject({ method: 'PATCH', url: `/api/members/${member.user!.id}`, payload: { role: 'viewer' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ role: 'viewer' });
    expect((await member.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const entry = (await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 1))[0]!;
    expect(entry).toMatchObject({ actor: admin.actor, action: 'user.update', entityId: member.user!.id, detail: { fields: ['role'] } });
    expect(entry.beforeDigest).not.toBe(entry.afterDigest);
  });

  it('disables an account: its sessions end and it cannot sign in; re-enabling lets it back', async () => {
    const person = await h.as('member', { email: 'leaver@acme.example', password: PASSWORD });
    const off = await h.inject({ method: 'PATCH', url: `/api/members/${person.user!.id}`, payload: { disabled: true } });
    expect(off.json()).toMatchObject({ disabled: true });
    expect((await person.inject({ method: 'GET', url: '/api/controls' })).statusCode).toBe(401);
    expect((await login('leaver@acme.example', PASSWORD)).statusCode).toBe(401);
    await h.inject({ method: 'PATCH', url: `/api/members/${person.user!.id}`, payload: { disabled: false } });
    expect((await login('leaver@acme.example', PASSWORD)).statusCode).toBe(200);
  });

  it('keeps at least one active owner, and only owners change owners', async () => {
    const org = await h.newOrg('Solo');
    const owner = await h.as('owner', { org });
    const self = await owner.inject({ method: 'PATCH', url: `/api/members/${owner.user!.id}`, payload: { role: 'admin' } });
    expect(self.statusCode).toBe(409);
    expect(fieldCodes(self)).toEqual(['role last_owner']);
    const admin = await h.as('admin', { org });
    const demote = await admin.inject({ method: 'PATCH', url: `/api/members/${owner.user!.id}`, payload: { role: 'member' } });
    expect(demote.statusCode).toBe(403);
    const promote = await admin.inject({ method: 'PATCH', url: `/api/members/${admin.user!.id}`, payload: { role: 'owner' } });
    expect(fieldCodes(promote)).toEqual(['role above_your_role']);
    const second = await owner.inject({ method: 'PATCH', url: `/api/members/${admin.user!.id}`, payload: { role: 'owner' } });
    expect(second.statusCode).toBe(200);
    expect((await owner.inject({ method: 'PATCH', url: `/api/members/${owner.user!.id}`, payload: { role: 'admin' } })).statusCode).toBe(200);
    // Changing a role ended the sessions of both; a fresh admin cannot disable themselves.
    expect((await admin.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const another = await h.as('admin', { org });
    const disableSelf = await another.inject({ method: 'PATCH', url: `/api/members/${another.user!.id}`, payload: { disabled: true } });
    expect(disableSelf.statusCode).toBe(409);
    expect(errorOf(disableSelf).code).toBe('conflict');
  });

  it('lists members with their state, never a credential', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/members' });
    expect(res.statusCode).toBe(200);
    const list = res.json<{ email: string; role: string; twoFactor: boolean }[]>();
    expect(list.map((m) => m.email)).toEqual([...list.map((m) => m.email)].sort());
    expect(list.find((m) => m.email === h.owner!.user!.email)).toMatchObject({ role: 'owner', twoFactor: false, disabled: false, locked: false });
    expect(res.body).not.toMatch(/argon2|password_hash|passwordHash|totp/i);
    expect(errorOf(await h.inject({ method: 'GET', url: '/api/members/not-a-uuid' })).code).toBe('not_found');
  });
});
