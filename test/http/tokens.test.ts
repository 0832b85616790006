// /api/tokens: API tokens for the CLI and CI — created with a role and an expiry, shown once,
// hashed at rest, used as `Authorization: Bearer att_…`, last use recorded, expired and revoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/app/secrets.js';
import { TOKEN_TRUST_MS } from '../../src/app/tokens.service.js';
import { errorOf, fieldCodes, openApp, withHeaders, type Harness, type Inject } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openApp();
});
afterAll(async () => {
  await h?.close();
});

interface TokenView { id: string; name: string; prefix: string; role: string; createdBy: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null; state: string }

const bearer = (secret: string): Inject => withHeaders((o) => h.app.inject(o), { authorization: `Bearer ${secret}` });
const create = async (body: object, via: Inject = h.inject) => {
  const res = await via({ method: 'POST', url: '/api/tokens', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ token: TokenView; secret: string }>();
};

describe('creating and using a token', () => {
  it('is shown once, stored as its hash, and acts with its role in its organization', async () => {
    const { token, secret } = await create({ name: 'GitHub Actions', role: 'member', expiresInDays: 90 });
    expect(secret).toMatch(/^att_[\w-]{43}$/);
    expect(token).toMatchObject({ name: 'GitHub Actions', role: 'member', prefix: secret.slice(0, 8), createdBy: h.owner!.actor, state: 'active', lastUsedAt: null, revokedAt: null });
    expect(token.expiresAt).toBe(new Date(h.services.now.value.getTime() + 90 * 86_400_000).toISOString());
    const found = await h.services.ctx.store.repos.apiTokens.resolve(sha256Hex(secret));
    expect(found?.token.id).toBe(token.id);
    expect(await h.services.ctx.store.repos.apiTokens.resolve(secret)).toBeNull();
    const listed = await h.inject({ method: 'GET', url: '/api/tokens' });
    expect(listed.body).not.toContain(secret);
    expect(listed.json<TokenView[]>().map((t) => t.id)).toContain(token.id);

    const ci = bearer(secret);
    const change = await ci({ method: 'PATCH', url: '/api/controls/IAM-01', payload: { notes: 'from CI' } });
    expect(change.statusCode, change.body).toBe(200);
    const entry = (await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 1))[0]!;
    expect(entry).toMatchObject({ action: 'control.update', actor: `token:${token.id}` });
    // A member token cannot do what a member cannot.
    const scope = await ci({ method: 'PATCH', url: '/api/scope', payload: { asOf: '2026-12-31' } });
    expect(scope.statusCode).toBe(403);
    expect(fieldCodes(scope)).toEqual(['permission missing_permission']);
    const me = await ci({ method: 'GET', url: '/api/auth/me' });
    expect(me.json()).toMatchObject({ kind: 'token', role: 'member', user: null, token: { id: token.id }, organization: { id: h.org!.id }, csrfToken: null });
  });

  it('records when it was last used, at most once a minute', async () => {
    const { token, secret } = await create({ name: 'nightly', role: 'viewer' });
    const ci = bearer(secret);
    const lastUsed = async () => (await h.services.ctx.store.repos.apiTokens.getById(h.org!.id, token.id))!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await ci({ method: 'GET', url: '/api/controls' });
    expect(await lastUsed()).toBe(h.services.now.value.toISOString());
    const saved = h.services.now.value;
    try {
      h.services.now.value = new Date(saved.getTime() + 30_000);
      await ci({ method: 'GET', url: '/api/status' });
      expect(await lastUsed()).toBe(saved.toISOString());
      h.services.now.value = new Date(saved.getTime() + 61_000);
      await ci({ method: 'GET', url: '/api/status' });
      expect(await lastUsed()).toBe(h.services.now.value.toISOString());
    } finally {
      h.services.now.value = saved;
    }
  });

  it('stops working when it expires', async () => {
    const { token, secret } = await create({ name: 'short-lived', role: 'viewer', expiresInDays: 1 });
    const ci = bearer(secret);
    const saved = h.services.now.value;
    try {
      h.services.now.value = new Date(saved.getTime() + 86_400_000 - 1000);
      expect((await ci({ method: 'GET', url: '/api/controls' })).statusCode).toBe(200);
      h.services.now.value = new Date(saved.getTime() + 86_400_000);
      const res = await ci({ method: 'GET', url: '/api/controls' });
      expect(res.statusCode).toBe(401);
      expect(errorOf(res).code).toBe('unauthorized');
      const { inject: reader } = await h.tokenFor('owner', { expiresInDays: null });
      expect((await reader({ method: 'GET', url: '/api/tokens' })).json<TokenView[]>().find((t) => t.id === token.id)?.state).toBe('expired');
    } finally {
      h.services.now.value = saved;
    }
  });

  it('does not expire when asked for no expiry, and defaults to ninety days', async () => {
    expect((await create({ name: 'forever', role: 'viewer', expiresInDays: null })).token.expiresAt).toBeNull();
    const { token } = await create({ name: 'default', role: 'viewer' });
    expect(Date.parse(token.expiresAt!) - h.services.now.value.getTime()).toBe(90 * 86_400_000);
  });

  it('stops working at once when revoked, and the revocation is recorded', async () => {
    const { token, secret } = await create({ name: 'leaked', role: 'admin' });
    const ci = bearer(secret);
    expect((await ci({ method: 'GET', url: '/api/members' })).statusCode).toBe(200);
    const res = await h.inject({ method: 'DELETE', url: `/api/tokens/${token.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: token.id, state: 'revoked', revokedAt: h.services.now.value.toISOString() });
    expect((await ci({ method: 'GET', url: '/api/members' })).statusCode).toBe(401);
    const entry = (await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 1))[0]!;
    expect(entry).toMatchObject({ action: 'api_token.revoke', entityId: token.id, actor: h.owner!.actor });
    expect((await h.inject({ method: 'DELETE', url: '/api/tokens/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
  });

  it('is read again at most a second after another process revokes it', async () => {
    const { token, secret } = await create({ name: 'shared', role: 'viewer' });
    const ci = bearer(secret);
    expect((await ci({ method: 'GET', url: '/api/status' })).statusCode).toBe(200);
    // Revoked behind this process's back (another server or worker): no commit of its own to see.
    const committed = h.services.ctx.store.committed();
    await h.services.ctx.store.repos.apiTokens.revoke(h.org!.id, token.id, h.services.now.value);
    expect(h.services.ctx.store.committed()).toBe(committed);
    // It may be trusted a little longer (read under a second ago), never past the trust period.
    await new Promise((r) => setTimeout(r, TOKEN_TRUST_MS + 50));
    expect((await ci({ method: 'GET', url: '/api/status' })).statusCode).toBe(401);
  });
});

describe('limits', () => {
  it('gives no token a role above its creator\'s', async () => {
    const admin = await h.as('admin');
    const res = await admin.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'escalate', role: 'owner' } });
    expect(res.statusCode).toBe(403);
    expect(fieldCodes(res)).toEqual(['role above_your_role']);
    expect((await create({ name: 'fine', role: 'admin' }, admin.inject)).token.role).toBe('admin');
    const adminToken = await h.tokenFor('admin');
    expect((await adminToken.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'escalate', role: 'owner' } })).statusCode).toBe(403);
  });

  it('refuses a bad name, role or expiry, naming each field', async () => {
    const res = await h.inject({ method: 'POST', url: '/api/tokens', payload: { name: '', role: 'root', expiresInDays: 0 } });
    expect(res.statusCode).toBe(400);
    expect(new Set(errorOf(res).fields.map((f) => f.field))).toEqual(new Set(['body.name', 'body.role', 'body.expiresInDays']));
    const blank = await h.inject({ method: 'POST', url: '/api/tokens', payload: { name: '   ', role: 'viewer' } });
    expect(fieldCodes(blank)).toEqual(['name required']);
  });
});
