// API tokens for the CLI and CI: `Authorization: Bearer att_…`. Each has a role (no more than
// its creator's), an expiry and a last-used time; the token itself is shown once and stored
// as its sha-256.
import { randomUUID } from 'node:crypto';
import { AppError, invalidField, notFound } from '../domain/errors.js';
import type { ApiToken, Organization, Role } from '../store/index.js';
import type { AppContext } from './context.js';
import { derivedCache, headWanted } from './derived-cache.js';
import { mayGrant, type Principal } from './permissions.js';
import { randomToken, sha256Hex } from './secrets.js';
import { isUuid } from '../domain/ids.js';

export const TOKEN_PREFIX = 'att_';
export const MAX_TOKEN_DAYS = 3650;
export const DEFAULT_TOKEN_DAYS = 90;
/** last_used_at is written at most this often per token, not on every request. */
const TOUCH_EVERY_MS = 60_000;
/**
 * A token found active is trusted again without reading it for at most this long: CI and
 * integrations send bursts of requests with one token, and reading it each time was most of
 * what a cached view cost. Any change this process commits clears every entry at once (so a
 * revocation here is immediate); a revocation by another process (a second server, a worker)
 * takes effect within this time. Expiry is checked against the clock on every request.
 */
export const TOKEN_TRUST_MS = 1_000;
const MAX_TRUSTED = 1_000;

interface Trusted {
  token: ApiToken;
  org: Organization;
  /** Date.now() when it was read. */
  at: number;
  /** The store's commit count when it was read. */
  committed: number;
}
const trustedByContext = new WeakMap<AppContext, Map<string, Trusted>>();

export interface TokenView {
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

export interface TokenInput {
  name: string;
  role: Role;
  /** Days until it expires; null: never. */
  expiresInDays: number | null;
}

export function presentToken(t: ApiToken, now: Date): TokenView {
  const state = t.revokedAt ? 'revoked' : t.expiresAt !== null && t.expiresAt <= now.toISOString() ? 'expired' : 'active';
  return { id: t.id, name: t.name, prefix: t.prefix, role: t.role, createdBy: t.createdBy, createdAt: t.createdAt, expiresAt: t.expiresAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt, state };
}

const audited = (t: ApiToken) => ({ id: t.id, name: t.name, role: t.role, expiresAt: t.expiresAt, revokedAt: t.revokedAt });

export class TokensService {
  constructor(private readonly ctx: AppContext) {}

  async list(orgId: string): Promise<TokenView[]> {
    const now = this.ctx.clock();
    return (await this.ctx.store.repos.apiTokens.findByOrg(orgId, { limit: 1000 })).map((t) => presentToken(t, now));
  }

  /** Returns the token's view and the token itself, which is never shown again. */
  async create(orgId: string, input: TokenInput, by: Principal): Promise<{ token: TokenView; secret: string }> {
    const name = input.name.trim();
    if (name === '') throw invalidField('name', 'required', 'name the token after where it is used (e.g. "GitHub Actions")');
    if (input.expiresInDays !== null && (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > MAX_TOKEN_DAYS)) {
      throw invalidField('expiresInDays', 'out_of_range', `a whole number of days from 1 to ${MAX_TOKEN_DAYS}, or null for no expiry`);
    }
    if (!mayGrant(by, input.role)) throw new AppError('forbidden', `you cannot create a token with the ${input.role} role`, [{ field: 'role', code: 'above_your_role', message: `the ${input.role} role can do things you cannot` }]);
    const secret = randomToken(TOKEN_PREFIX);
    const now = this.ctx.clock();
    const token = await this.ctx.store.transaction(async (repos) => {
      const t = await repos.apiTokens.insert({
        orgId, id: randomUUID(), name, tokenHash: sha256Hex(secret), prefix: secret.slice(0, TOKEN_PREFIX.length + 4), role: input.role, createdBy: by.actor,
        createdAt: now.toISOString(), expiresAt: input.expiresInDays === null ? null : new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
      });
      await repos.auditLog.append(orgId, { actor: by.actor, action: 'api_token.create', entityType: 'api_token', entityId: t.id, before: null, after: audited(t), detail: { role: t.role } }, now);
      return t;
    });
    return { token: presentToken(token, now), secret };
  }

  async revoke(orgId: string, id: string, by: Principal): Promise<TokenView> {
    if (!isUuid(id)) throw notFound('token', id, 'id');
    const now = this.ctx.clock();
    const out = await this.ctx.store.transaction(async (repos) => {
      const before = await repos.apiTokens.getById(orgId, id);
      if (!before) throw notFound('token', id, 'id');
      if (!mayGrant(by, before.role)) throw new AppError('forbidden', `you cannot revoke a token with the ${before.role} role`);
      const after = (await repos.apiTokens.revoke(orgId, id, now))!;
      if (!before.revokedAt) await repos.auditLog.append(orgId, { actor: by.actor, action: 'api_token.revoke', entityType: 'api_token', entityId: id, before: audited(before), after: audited(after) }, now);
      return after;
    });
    return presentToken(out, now);
  }

  /** The caller a bearer token stands for; null when it is unknown, revoked or expired. */
  async resolve(secret: string): Promise<{ principal: Principal; org: Organization } | null> {
    if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
    const hash = sha256Hex(secret);
    let trusted = trustedByContext.get(this.ctx);
    if (!trusted) trustedByContext.set(this.ctx, (trusted = new Map()));
    const committed = this.ctx.store.committed();
    let entry = trusted.get(hash);
    if (!entry || entry.committed !== committed || Date.now() - entry.at >= TOKEN_TRUST_MS) {
      trusted.delete(hash);
      const found = await this.ctx.store.repos.apiTokens.resolve(hash, headWanted(this.ctx));
      if (!found) return null;
      if (found.auditHead !== null) derivedCache(this.ctx).observeHead(found.org.id, found.auditHead);
      entry = { token: found.token, org: found.org, at: Date.now(), committed };
    }
    const { token, org } = entry;
    const now = this.ctx.clock();
    if (presentToken(token, now).state !== 'active') return null;
    // Only active tokens are kept: unknown ones cost a read each (no memory to fill by guessing).
    if (!trusted.has(hash)) {
      trusted.set(hash, entry);
      if (trusted.size > MAX_TRUSTED) trusted.delete(trusted.keys().next().value!);
    }
    if (token.lastUsedAt === null || now.getTime() - Date.parse(token.lastUsedAt) >= TOUCH_EVERY_MS) {
      await this.ctx.store.repos.apiTokens.touch(token.orgId, token.id, now);
      entry.token = { ...token, lastUsedAt: now.toISOString() };
    }
    return { principal: { kind: 'token', orgId: token.orgId, role: token.role, actor: `token:${token.id}`, userId: null, tokenId: token.id }, org };
  }
}
