// /api/auth: first-run setup, sign-in and sign-out, the cookies, lockout and per-address
// throttling, CSRF and Origin checks, and what anonymous callers may reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { AUTH_POLICY } from '../../src/app/auth.service.js';
import { sha256Hex } from '../../src/app/secrets.js';
import { buildApp } from '../../src/http/app.js';
import { cookieValue, errorOf, fieldCodes, openApp, setCookies, withHeaders, type Harness } from './harness.js';

const PASSWORD = 'correct horse battery staple';

let h: Harness;
beforeAll(async () => {
  h = await openApp({ owner: false });
});
afterAll(async () => {
  await h?.close();
});

let ipCounter = 0;
/** A client address of its own, so one test's failures do not throttle another's. */
const newIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

const login = (body: object, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, remoteAddress, headers });

/** The cookie header a browser would send back after `res`. */
const cookieHeader = (res: LightMyRequestResponse) => Object.entries(setCookies(res)).map(([name, line]) => `${name}=${encodeURIComponent(cookieValue(line)!)}`).join('; ');

const auditActions = async (orgId: string, n = 5) => (await h.services.ctx.store.repos.auditLog.recent(orgId, n)).map((e) => e.action);

describe('first-run setup', () => {
  it('creates the first account as an owner with the one-time token, signs it in, and happens once', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/setup' })).json()).toEqual({ required: true });
    const token = (await h.services.auth.issueSetupToken())!;
    expect(token).toMatch(/^[\w-]{43}$/);
    // Stored as its hash only.
    const guard = h.services.ctx.store.repos.loginGuard;
    expect(await guard.setupTokenValid(sha256Hex(token), h.services.now.value)).toBe(true);
    expect(await guard.setupTokenValid(token, h.services.now.value)).toBe(false);

    const body = { token, email: 'Founder@Acme.example', name: 'Ada Founder', password: PASSWORD };
    const wrong = await h.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { ...body, token: `${token.slice(0, -1)}x` } });
    expect(wrong.statusCode).toBe(400);
    expect(fieldCodes(wrong)).toEqual(['token invalid_token']);
    const weak = await h.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { ...body, email: 'not-an-email', name: ' ', password: 'short' } });
    expect(fieldCodes(weak)).toEqual(['email invalid_email', 'name required', 'password too_short']);

    const res = await h.app.inject({ method: 'POST', url: '/api/auth/setup', payload: body });
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json<{ user: { id: string; email: string; role: string }; organization: { id: string }; csrfToken: string }>();
    expect(out.user).toMatchObject({ email: 'founder@acme.example', role: 'owner' });
    expect(out.organization.id).toBe(h.org!.id);
    expect(cookieValue(setCookies(res).attest_csrf)).toBe(out.csrfToken);

    const me = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookieHeader(res) } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'user', role: 'owner', user: { id: out.user.id }, organization: { id: h.org!.id }, csrfToken: out.csrfToken });
    expect(await auditActions(h.org!.id, 2)).toEqual(['user.login', 'user.create']);
    const created = (await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 2))[1]!;
    expect(created).toMatchObject({ actor: `user:${out.user.id}`, entityId: out.user.id, detail: { via: 'setup' } });

    // The token is spent, and no new one is issued once an account exists.
    const again = await h.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { ...body, email: 'second@acme.example' } });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('conflict');
    expect(await h.services.auth.issueSetupToken()).toBeNull();
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/setup' })).json()).toEqual({ required: false });
    expect(await h.services.ctx.store.repos.users.countByOrg(h.org!.id)).toBe(1);
  });
});

describe('first-run setup before any organization exists', () => {
  it('creates the organization with the name given, and makes the account its owner', async () => {
    const bare = await openApp({ init: false });
    try {
      const token = (await bare.services.auth.issueSetupToken())!;
      const res = await bare.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { token, email: 'first@initech.example', name: 'First', password: PASSWORD, organization: 'Initech' } });
      expect(res.statusCode, res.body).toBe(201);
      const orgs = await bare.services.ctx.store.repos.organizations.list(10);
      expect(orgs.map((o) => o.name)).toEqual(['Initech']);
      expect(res.json()).toMatchObject({ organization: { id: orgs[0]!.id, name: 'Initech' }, user: { role: 'owner' } });
      expect((await bare.services.controls.list(orgs[0]!.id)).length).toBe(bare.services.ctx.catalog.controls.length);
    } finally {
      await bare.close();
    }
  });

  it('creates nothing with a wrong token', async () => {
    const bare = await openApp({ init: false });
    try {
      await bare.services.auth.issueSetupToken();
      const res = await bare.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { token: 'not-the-token', email: 'first@initech.example', name: 'First', password: PASSWORD, organization: 'Initech' } });
      expect(fieldCodes(res)).toEqual(['token invalid_token']);
      expect(await bare.services.ctx.store.repos.organizations.list(10)).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});

describe('sign-in and sign-out', () => {
  it('signs in with email and password, sets the cookies, and signs out on the server', async () => {
    const member = await h.as('member', { email: 'dana@acme.example', password: PASSWORD });
    const res = await login({ email: 'DANA@acme.example', password: PASSWORD }, newIp());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ user: { id: member.user!.id, role: 'member', lastLoginAt: h.services.now.value.toISOString() } });
    expect(res.headers['cache-control']).toBe('no-store');
    const cookie = cookieHeader(res);

    const me = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ kind: 'user', role: 'member', permissions: expect.arrayContaining(['controls:write']) as unknown });
    expect(me.json<{ permissions: string[] }>().permissions).not.toContain('members:manage');
    // The server keeps the hash of the session id, never the id.
    const secret = cookieValue(setCookies(res).attest_session)!;
    expect(await h.services.ctx.store.repos.sessions.resolve(sha256Hex(secret))).not.toBeNull();
    expect(await h.services.ctx.store.repos.sessions.resolve(secret)).toBeNull();

    const out = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(setCookies(out).attest_session).toMatch(/^attest_session=; .*Max-Age=0/);
    expect(await h.services.ctx.store.repos.sessions.resolve(sha256Hex(secret))).toBeNull();
    // The old cookie no longer works, even if the browser kept it.
    const after = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(errorOf(after).code).toBe('unauthorized');
  });

  it('sets an HttpOnly, SameSite=Lax session cookie and a readable CSRF cookie; Secure only over HTTPS', async () => {
    await h.as('viewer', { email: 'flags@acme.example', password: PASSWORD });
    const plain = setCookies(await login({ email: 'flags@acme.example', password: PASSWORD }, newIp()));
    const attrs = (line: string) => line.split('; ').slice(1).sort();
    const maxAge = `Max-Age=${AUTH_POLICY.sessionTtlMs / 1000}`;
    expect(attrs(plain.attest_session!)).toEqual(['HttpOnly', maxAge, 'Path=/', 'SameSite=Lax']);
    expect(attrs(plain.attest_csrf!)).toEqual([maxAge, 'Path=/', 'SameSite=Lax']);

    // A proxy's word about HTTPS counts only when the proxy is trusted (ATTEST_TRUST_PROXY).
    const forwarded = { 'x-forwarded-proto': 'https' };
    const untrusted = setCookies(await login({ email: 'flags@acme.example', password: PASSWORD }, newIp(), forwarded));
    expect(untrusted.attest_session).not.toContain('Secure');
    const behindProxy = await buildApp({ services: h.services, trustProxy: true });
    try {
      const res = await behindProxy.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'flags@acme.example', password: PASSWORD }, remoteAddress: newIp(), headers: forwarded });
      expect(res.statusCode).toBe(200);
      expect(attrs(setCookies(res).attest_session!)).toEqual(['HttpOnly', maxAge, 'Path=/', 'SameSite=Lax', 'Secure']);
      expect(attrs(setCookies(res).attest_csrf!)).toEqual([maxAge, 'Path=/', 'SameSite=Lax', 'Secure']);
    } finally {
      await behindProxy.close();
    }
  });

  it('ends a session after its idle time and after its lifetime, on the server clock', async () => {
    const viewer = await h.as('viewer');
    const me = () => viewer.inject({ method: 'GET', url: '/api/auth/me' });
    const saved = h.services.now.value;
    try {
      h.services.now.value = new Date(saved.getTime() + AUTH_POLICY.sessionIdleMs - 60_000);
      expect((await me()).statusCode).toBe(200);
      for (let t = 2; t * (AUTH_POLICY.sessionIdleMs - 60_000) < AUTH_POLICY.sessionTtlMs; t++) {
        h.services.now.value = new Date(saved.getTime() + t * (AUTH_POLICY.sessionIdleMs - 60_000));
        expect((await me()).statusCode, `after ${t} idle periods`).toBe(200);
      }
      h.services.now.value = new Date(saved.getTime() + AUTH_POLICY.sessionTtlMs);
      expect((await me()).statusCode).toBe(401);
      const idle = await h.as('viewer');
      h.services.now.value = new Date(saved.getTime() + AUTH_POLICY.sessionTtlMs + AUTH_POLICY.sessionIdleMs + 1000);
      expect((await idle.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    } finally {
      h.services.now.value = saved;
    }
  });

  it('refuses a wrong password and an unknown email alike, without a cookie', async () => {
    await h.as('member', { email: 'erin@acme.example', password: PASSWORD });
    const ip = newIp();
    const wrong = await login({ email: 'erin@acme.example', password: 'not the password' }, ip);
    const unknown = await login({ email: 'nobody@acme.example', password: PASSWORD }, ip);
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(errorOf(res).code).toBe('unauthorized');
      expect(fieldCodes(res)).toEqual(['credentials invalid_credentials']);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(errorOf(wrong).message).toBe(errorOf(unknown).message);
  });

  it('refuses a disabled account even with the right password', async () => {
    const m = await h.as('member', { email: 'gone@acme.example', password: PASSWORD });
    await h.services.ctx.store.repos.users.update(h.org!.id, m.user!.id, { disabled: true }, h.services.now.value);
    expect((await login({ email: 'gone@acme.example', password: PASSWORD }, newIp())).statusCode).toBe(401);
    expect((await m.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('asks which organization when one email signs in to several with the same password', async () => {
    const other = await h.newOrg('Globex');
    await h.as('member', { email: 'twin@example.com', password: PASSWORD });
    await h.as('admin', { org: other, email: 'twin@example.com', password: PASSWORD });
    const ip = newIp();
    const ambiguous = await login({ email: 'twin@example.com', password: PASSWORD }, ip);
    expect(ambiguous.statusCode).toBe(400);
    expect(fieldCodes(ambiguous)).toEqual(['organization ambiguous']);
    const chosen = await login({ email: 'twin@example.com', password: PASSWORD, organization: other.slug }, ip);
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json()).toMatchObject({ organization: { id: other.id }, user: { role: 'admin' } });
  });
});

describe('lockout and throttling', () => {
  it('locks an account after five failures in a row, whatever the password, until the lock ends', async () => {
    const m = await h.as('member', { email: 'locked@acme.example', password: PASSWORD });
    for (let i = 1; i <= AUTH_POLICY.account.maxFailures; i++) {
      const res = await login({ email: 'locked@acme.example', password: `wrong ${i}` }, newIp());
      expect(res.statusCode, `attempt ${i}`).toBe(401);
    }
    const right = await login({ email: 'locked@acme.example', password: PASSWORD }, newIp());
    expect(right.statusCode).toBe(429);
    expect(errorOf(right).code).toBe('rate_limited');
    expect(right.headers['retry-after']).toBe(String(AUTH_POLICY.account.lockMs / 1000));
    expect(right.headers['set-cookie']).toBeUndefined();
    const lockout = (await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 20)).find((e) => e.action === 'user.lockout' && e.entityId === m.user!.id);
    expect(lockout).toMatchObject({ actor: 'system', detail: { failures: AUTH_POLICY.account.maxFailures } });

    const saved = h.services.now.value;
    try {
      h.services.now.value = new Date(saved.getTime() + AUTH_POLICY.account.lockMs - 1000);
      expect((await login({ email: 'locked@acme.example', password: PASSWORD }, newIp())).statusCode).toBe(429);
      h.services.now.value = new Date(saved.getTime() + AUTH_POLICY.account.lockMs + 1000);
      expect((await login({ email: 'locked@acme.example', password: PASSWORD }, newIp())).statusCode).toBe(200);
    } finally {
      h.services.now.value = saved;
    }
  });

  it('a success resets the count of failures', async () => {
    await h.as('member', { email: 'sometimes@acme.example', password: PASSWORD });
    for (let round = 0; round < 3; round++) {
      for (let i = 1; i < AUTH_POLICY.account.maxFailures; i++) expect((await login({ email: 'sometimes@acme.example', password: 'nope' }, newIp())).statusCode).toBe(401);
      expect((await login({ email: 'sometimes@acme.example', password: PASSWORD }, newIp())).statusCode, `round ${round}`).toBe(200);
    }
  });

  it('blocks an address after twenty failures in the window, for every account, and not other addresses', async () => {
    await h.as('member', { email: 'victim@acme.example', password: PASSWORD });
    const ip = newIp();
    const statuses: number[] = [];
    for (let i = 1; i <= AUTH_POLICY.address.maxFailures; i++) statuses.push((await login({ email: `guess-${i}@acme.example`, password: 'x' }, ip)).statusCode);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const blocked = await login({ email: 'victim@acme.example', password: PASSWORD }, ip);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBe(AUTH_POLICY.address.lockMs / 1000);
    expect((await login({ email: 'victim@acme.example', password: PASSWORD }, newIp())).statusCode).toBe(200);
    // The stored key is a hash: no address in the table.
    const keys = await h.services.ctx.store.repos.loginGuard.lockedUntil(sha256Hex(`login:${ip}`));
    expect(keys).not.toBeNull();
  });
});

describe('CSRF and Origin', () => {
  it('refuses a cookie-authenticated write without the session\'s CSRF token', async () => {
    const member = await h.as('member');
    const cookieOnly = withHeaders((o) => h.app.inject(o), { cookie: `attest_session=${member.session!.secret}` });
    const missing = await cookieOnly({ method: 'PATCH', url: '/api/controls/IAM-01', payload: { notes: 'csrf' } });
    expect(missing.statusCode).toBe(403);
    expect(fieldCodes(missing)).toEqual(['header.x-csrf-token csrf_missing']);
    const other = await h.as('member');
    const wrong = await cookieOnly({ method: 'PATCH', url: '/api/controls/IAM-01', payload: { notes: 'csrf' }, headers: { 'x-csrf-token': other.session!.csrf } });
    expect(fieldCodes(wrong)).toEqual(['header.x-csrf-token csrf_invalid']);
    expect((await h.services.controls.get(h.org!.id, 'IAM-01')).notes).toBe('');
    // Reads need no token; a write with it goes through.
    expect((await cookieOnly({ method: 'GET', url: '/api/controls/IAM-01' })).statusCode).toBe(200);
    const ok = await member.inject({ method: 'PATCH', url: '/api/controls/IAM-01', payload: { notes: 'csrf' } });
    expect(ok.statusCode).toBe(200);
  });

  it('needs no CSRF token with a bearer token (no cookie is involved)', async () => {
    const token = await h.tokenFor('member');
    expect((await token.inject({ method: 'PATCH', url: '/api/controls/IAM-02', payload: { notes: 'from CI' } })).statusCode).toBe(200);
  });

  it('refuses a write from another origin, signed in or not', async () => {
    const member = await h.as('member', { email: 'origin@acme.example', password: PASSWORD });
    const evil = { origin: 'https://evil.example' };
    const write = await member.inject({ method: 'PATCH', url: '/api/controls/IAM-03', payload: { notes: 'x' }, headers: evil });
    expect(write.statusCode).toBe(403);
    expect(fieldCodes(write)).toEqual(['header.origin cross_origin']);
    const signIn = await login({ email: 'origin@acme.example', password: PASSWORD }, newIp(), evil);
    expect(signIn.statusCode).toBe(403);
    const same = await member.inject({ method: 'PATCH', url: '/api/controls/IAM-03', payload: { notes: 'x' }, headers: { origin: 'http://localhost:80', host: 'localhost:80' } });
    expect(same.statusCode, same.body).toBe(200);
  });
});

describe('anonymous callers', () => {
  it('reach health, the OpenAPI document and the auth routes, and nothing else under /api', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
    for (const r of h.app.accessTable.filter((x) => x.access !== 'public')) {
      const res = await h.app.inject({ method: r.method as 'GET', url: r.url.replace(/:id/g, '00000000-0000-4000-8000-000000000000') });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(errorOf(res).code).toBe('unauthorized');
    }
    expect(h.app.accessTable.filter((x) => x.access === 'public').map((x) => x.url).every((u) => /^\/(healthz|openapi\.json)$|^\/api\/auth\//.test(u))).toBe(true);
  });

  it('refuses a malformed or unknown bearer token with 401', async () => {
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer att_unknown', `Bearer ${h.localToken}x`]) {
      const res = await h.app.inject({ method: 'GET', url: '/api/controls', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
    }
  });

  it('will not start with a route that declares no permission, or a public one outside the public paths', async () => {
    const undeclared = await buildApp({ services: h.services });
    await expect(undeclared.register(async (api) => {
      api.get('/api/undeclared', async () => ({}));
    }).ready()).rejects.toThrow(/declares no permission/);
    await undeclared.close().catch(() => undefined);
    const publicData = await buildApp({ services: h.services });
    await expect(publicData.register(async (api) => {
      api.get('/api/controls-for-everyone', { config: { permission: 'public' } }, async () => ({}));
    }).ready()).rejects.toThrow(/only \/healthz/);
    await publicData.close().catch(() => undefined);
  });
});
