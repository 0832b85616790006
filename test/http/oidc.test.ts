// Single sign-on end to end against a real OpenID Connect provider (the `oidc-provider` package)
// listening on localhost: discovery, the authorization code flow with PKCE, state and nonce, the
// provider's login and consent, the ID token and userinfo, then Attest's session. No mock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SsoConfig } from '../../src/app/index.js';
import { CALLBACK, startIdp, type Idp } from '../support/oidc-idp.js';
import { cookieValue, errorOf, openApp, setCookies, type Harness } from './harness.js';

let h: Harness;
let idp: Idp;
let issuer: string;

beforeAll(async () => {
  idp = await startIdp({ attest: 'attest-client-secret' });
  issuer = idp.issuer;
  h = await openApp();
  h.services.ctx.sso = { issuer, clientId: 'attest', clientSecret: 'attest-client-secret', organization: null, provisionRole: null, name: 'Acme IdP' };
}, 30_000);

afterAll(async () => {
  await h?.close();
  await idp?.close();
});

const sso = (patch: Partial<SsoConfig>) => Object.assign(h.services.ctx.sso!, patch);

/** Runs the whole flow for `account`; returns Attest's final answer. */
async function signInWithSso(account: string, returnTo?: string) {
  const start = await h.app.inject({ method: 'GET', url: `/api/auth/oidc/start${returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}` });
  expect(start.statusCode, start.body).toBe(302);
  const flowCookie = cookieValue(setCookies(start).attest_oidc)!;
  const back = new URL(await idp.signIn(start.headers.location as string, account));
  const res = await h.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: `attest_oidc=${encodeURIComponent(flowCookie)}` } });
  return { start, back, res, flowCookie };
}

const cookieHeaderOf = (res: Awaited<ReturnType<typeof signInWithSso>>['res']) =>
  Object.entries(setCookies(res)).filter(([n]) => n !== 'attest_oidc').map(([n, line]) => `${n}=${encodeURIComponent(cookieValue(line)!)}`).join('; ');

describe('single sign-on with OpenID Connect', () => {
  it('says whether it is on, and what to call it', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/oidc' })).json()).toEqual({ enabled: true, name: 'Acme IdP' });
  });

  it('starts the authorization code flow with PKCE, state and nonce, keeping them sealed in a short-lived cookie', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
    expect(res.statusCode).toBe(302);
    const to = new URL(res.headers.location as string);
    expect(to.origin).toBe(issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({ client_id: 'attest', response_type: 'code', redirect_uri: CALLBACK, code_challenge_method: 'S256', scope: 'openid email profile' });
    for (const p of ['state', 'nonce', 'code_challenge']) expect(to.searchParams.get(p)?.length, p).toBeGreaterThanOrEqual(22);
    const line = setCookies(res).attest_oidc!;
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/Path=\/api\/auth\/oidc/);
    expect(line).toMatch(/Max-Age=600/);
    expect(cookieValue(line)).not.toContain(to.searchParams.get('state')!);
  });

  it('signs in an existing member by their verified email, and lands on returnTo', async () => {
    const member = await h.as('member', { email: 'dana@acme.example' });
    const { res } = await signInWithSso('dana', '/controls?status=failing');
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/controls?status=failing');
    expect(setCookies(res).attest_oidc).toMatch(/Max-Age=0/);
    const me = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookieHeaderOf(res) } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'user', role: 'member', user: { id: member.user!.id } });
    const entry = (await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 1))[0]!;
    expect(entry).toMatchObject({ action: 'user.login', actor: member.actor, detail: { method: 'oidc' } });
  });

  it('refuses someone without an account unless provisioning is on; then creates them with the configured role', async () => {
    const refused = await signInWithSso('newcomer');
    expect(refused.res.statusCode).toBe(302);
    expect(refused.res.headers.location).toBe('/login?sso_error=no_account');
    expect(refused.res.headers['set-cookie']?.toString()).not.toContain('attest_session=');
    expect(await h.services.ctx.store.repos.users.findByEmail(h.org!.id, 'newcomer@acme.example')).toBeNull();

    sso({ provisionRole: 'viewer' });
    try {
      const { res } = await signInWithSso('newcomer');
      expect(res.headers.location).toBe('/');
      const user = await h.services.ctx.store.repos.users.findByEmail(h.org!.id, 'newcomer@acme.example');
      expect(user).toMatchObject({ role: 'viewer', name: 'New Comer' });
      const created = (await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 5)).find((e) => e.action === 'user.create' && e.entityId === user!.id);
      expect(created?.detail).toEqual({ via: 'oidc' });
      // No password: the account signs in through the provider only.
      expect((await h.services.ctx.store.repos.users.getCredentials(h.org!.id, user!.id))?.passwordHash).toBeNull();
    } finally {
      sso({ provisionRole: null });
    }
  });

  it('refuses an email the provider has not verified, even with provisioning on', async () => {
    sso({ provisionRole: 'viewer' });
    try {
      const { res } = await signInWithSso('unverified');
      expect(res.headers.location).toBe('/login?sso_error=email_unverified');
      expect(await h.services.ctx.store.repos.users.findByEmail(h.org!.id, 'unverified@acme.example')).toBeNull();
    } finally {
      sso({ provisionRole: null });
    }
  });

  it('refuses a disabled account', async () => {
    const person = await h.as('member', { email: 'leaver@acme.example' });
    await h.services.ctx.store.repos.users.update(h.org!.id, person.user!.id, { disabled: true }, h.services.now.value);
    expect((await signInWithSso('leaver')).res.headers.location).toBe('/login?sso_error=disabled');
  });

  it('refuses a callback without its flow cookie, or with another flow\'s, and a replayed code', async () => {
    const first = await signInWithSso('dana');
    expect(first.res.headers.location).toBe('/');
    const callback = `${first.back.pathname}${first.back.search}`;
    // The same answer replayed with its own flow cookie: the provider has spent the code.
    const replay = await h.app.inject({ method: 'GET', url: callback, headers: { cookie: `attest_oidc=${encodeURIComponent(first.flowCookie)}` } });
    expect(replay.headers.location).toBe('/login?sso_error=sso_failed');
    expect(replay.headers['set-cookie']?.toString()).not.toContain('attest_session=');
    // Without the flow cookie (the browser clears it with the first answer).
    const noCookie = await h.app.inject({ method: 'GET', url: `${first.back.pathname}${first.back.search}` });
    expect(noCookie.headers.location).toBe('/login?sso_error=invalid_state');
    // Another flow's cookie: its state does not match this answer.
    const other = await h.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
    const mismatched = await h.app.inject({ method: 'GET', url: `${first.back.pathname}${first.back.search}`, headers: { cookie: `attest_oidc=${encodeURIComponent(cookieValue(setCookies(other).attest_oidc)!)}` } });
    expect(mismatched.headers.location).toBe('/login?sso_error=sso_failed');
    // A forged cookie does not open.
    const forged = await h.app.inject({ method: 'GET', url: `${first.back.pathname}${first.back.search}`, headers: { cookie: 'attest_oidc=v1.AAAA.BBBB.CCCC' } });
    expect(forged.headers.location).toBe('/login?sso_error=invalid_state');
  });

  it('lands only on a path of this server, never another site', async () => {
    for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const { res } = await signInWithSso('dana', returnTo);
      expect(res.headers.location, returnTo).toBe('/');
    }
  });

  it('answers 404 on start when single sign-on is not configured', async () => {
    const saved = h.services.ctx.sso;
    delete h.services.ctx.sso;
    try {
      expect((await h.app.inject({ method: 'GET', url: '/api/auth/oidc' })).json()).toEqual({ enabled: false, name: null });
      const res = await h.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
      expect(res.statusCode).toBe(404);
      expect(errorOf(res).code).toBe('not_found');
    } finally {
      h.services.ctx.sso = saved;
    }
  });
});
