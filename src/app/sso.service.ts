// OpenID Connect single sign-on (authorization code flow with PKCE, state and nonce), through
// openid-client, which discovers the provider and validates its ID token (signature from its
// JWKS, issuer, audience, expiry, nonce). The flow's secrets travel in a short-lived cookie
// sealed with the server key, so nothing is stored between the two legs. People are matched to
// accounts of the configured organization by their provider-verified email.
//
// Where the settings come from: ATTEST_OIDC_* (ctx.sso) when ATTEST_OIDC_ISSUER is set, for one
// organization; otherwise each organization's own settings, saved from the app
// (sso-settings.service.ts, table sso_settings), with the client secret sealed by the server key.
import * as oidc from 'openid-client';
import { randomUUID } from 'node:crypto';
import { AppError, invalidField, notFound } from '../domain/errors.js';
import { isLoopbackUrl } from '../domain/sso.js';
import type { Organization, Role, SsoSettings, User } from '../store/index.js';
import { AuthService, type SignedIn } from './auth.service.js';
import type { AppContext, SsoConfig } from './context.js';
import { auditedUser } from './members.service.js';

/** How long the provider has to send the person back. */
export const SSO_FLOW_TTL_MS = 10 * 60_000;
const SEAL_CONTEXT = 'oidc-flow v1';

export interface SsoConfigurationView {
  enabled: boolean;
  issuer: string | null;
  clientId: string | null;
  clientSecretSet: boolean;
  /** The slug of the organization people sign in to; null: the workspace's. */
  organization: string | null;
  provisionRole: Role | null;
  name: string | null;
}

interface Flow {
  /** Whose settings started it: the environment's, or this organization's (sso_settings). */
  source: 'env' | 'db';
  orgId: string | null;
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  expiresAt: number;
}

/** Only a path on this server: no scheme, no host, no `//` (an open redirect otherwise). */
export const safeReturnTo = (path: string | undefined): string => (path && /^\/(?![/\\])[^\s]*$/.test(path) ? path : '/');

/** The settings a sign-in uses: the environment's, or an organization's from the database. */
interface Resolved {
  source: 'env' | 'db';
  /** The organization signed in to; null for the environment's until the callback resolves it (as before). */
  orgId: string | null;
  issuer: string;
  clientId: string;
  clientSecret: string;
  provisionRole: Role | null;
  /** What the cached provider configuration was built from: changes when the client secret does. */
  version: string;
}

/** One organization the sign-in page offers single sign-on for. */
export interface SsoProvider {
  /** The organization's slug, for `GET /api/auth/oidc/start?org=`. */
  organization: string;
  organizationName: string;
  /** What the button says. */
  name: string;
}

/** What testing an issuer found: its discovery document, or why not. */
export interface SsoTestResult {
  ok: boolean;
  issuer: string;
  authorizationEndpoint: string | null;
  error: string | null;
}

/** The sealed client secret is bound to its organization, so a box copied to another row does not open. */
export const clientSecretContext = (orgId: string) => `sso-client-secret:${orgId}`;

const cacheKey = (issuer: string, clientId: string) => `${issuer}\n${clientId}`;

const insecureIfLoopback = (url: URL) => (url.protocol === 'http:' && isLoopbackUrl(url) ? [oidc.allowInsecureRequests] : []);

const ssoFailed = (code: string, message: string) => new AppError('unauthorized', message, [{ field: 'sso', code, message }]);

export class SsoService {
  /** Discovered providers, per (issuer, client id), with what each was built from. */
  private readonly configurations = new Map<string, { version: string; configuration: Promise<oidc.Configuration> }>();
  constructor(private readonly ctx: AppContext) {}

  /** What the sign-in page needs to offer the button (one of them when several organizations have single sign-on). */
  async info(): Promise<{ enabled: boolean; name: string | null }> {
    if (this.ctx.sso) return { enabled: true, name: this.ctx.sso.name };
    const first = (await this.ctx.store.repos.ssoSettings.listEnabled(1))[0];
    return { enabled: first !== undefined, name: first?.name ?? null };
  }

  /** Every organization people may sign in to with single sign-on, for the sign-in page's buttons. */
  async providers(): Promise<SsoProvider[]> {
    if (this.ctx.sso) {
      const org = await this.organization().catch(() => null);
      return org ? [{ organization: org.slug, organizationName: org.name, name: this.ctx.sso.name }] : [];
    }
    return (await this.ctx.store.repos.ssoSettings.listEnabled(100)).map((e) => ({ organization: e.slug, organizationName: e.organizationName, name: e.name }));
  }

  /** The configuration as an admin may see it (the settings page): never the client secret. */
  settings(): SsoConfigurationView {
    const c = this.ctx.sso;
    return {
      enabled: c !== undefined, issuer: c?.issuer ?? null, clientId: c?.clientId ?? null, clientSecretSet: (c?.clientSecret ?? '') !== '',
      organization: c?.organization ?? null, provisionRole: c?.provisionRole ?? null, name: c?.name ?? null,
    };
  }

  private fromEnv(c: SsoConfig): Resolved {
    return { source: 'env', orgId: null, issuer: c.issuer, clientId: c.clientId, clientSecret: c.clientSecret, provisionRole: c.provisionRole, version: `env:${c.clientSecret}` };
  }

  private fromDb(s: SsoSettings): Resolved {
    let clientSecret: string;
    try {
      clientSecret = this.secrets().decrypt(s.clientSecretSealed, clientSecretContext(s.orgId)).toString('utf8');
    } catch {
      throw new AppError('internal', 'the stored client secret cannot be opened with this server key (ATTEST_SECRET_KEY changed?): save the single sign-on settings again with the secret');
    }
    return { source: 'db', orgId: s.orgId, issuer: s.issuer, clientId: s.clientId, clientSecret, provisionRole: s.provisionRole, version: s.clientSecretSealed };
  }

  /**
   * The settings a sign-in starts with: the environment's when set (for its organization only);
   * otherwise the organization named by `slug`, or the one organization with single sign-on on.
   */
  private async resolveStart(slug: string | undefined): Promise<Resolved> {
    const { repos } = this.ctx.store;
    const named = slug === undefined ? null : await repos.organizations.getBySlug(slug);
    if (slug !== undefined && !named) throw notFound('organization', slug, 'org');
    if (this.ctx.sso) {
      if (named && named.id !== (await this.organization()).id) throw new AppError('not_found', `single sign-on is not configured for ${JSON.stringify(slug)}: this server's (ATTEST_OIDC_*) is for another organization`);
      return this.fromEnv(this.ctx.sso);
    }
    if (named) {
      const s = await repos.ssoSettings.get(named.id);
      if (!s?.enabled) throw new AppError('not_found', `single sign-on is not on for ${JSON.stringify(slug)}`);
      return this.fromDb(s);
    }
    const on = await repos.ssoSettings.listEnabled(2);
    if (on.length === 0) throw new AppError('not_found', 'single sign-on is not configured (Settings → Single sign-on, or ATTEST_OIDC_ISSUER)');
    if (on.length > 1) throw invalidField('org', 'required', 'several organizations use single sign-on: name one with ?org=SLUG');
    const s = await repos.ssoSettings.get(on[0]!.orgId);
    if (!s?.enabled) throw new AppError('not_found', 'single sign-on was just turned off');
    return this.fromDb(s);
  }

  /** The settings a callback finishes with: the same source as the flow started with, as they are now. */
  private async resolveFinish(flow: Flow): Promise<Resolved> {
    const moved = () => ssoFailed('not_configured', 'single sign-on was turned off or reconfigured during the sign-in: start again');
    if (this.ctx.sso) {
      if (flow.source !== 'env') throw moved();
      return this.fromEnv(this.ctx.sso);
    }
    const s = flow.source === 'db' && flow.orgId ? await this.ctx.store.repos.ssoSettings.get(flow.orgId) : null;
    if (!s?.enabled) throw moved();
    return this.fromDb(s);
  }

  private provider(r: Resolved): Promise<oidc.Configuration> {
    const key = cacheKey(r.issuer, r.clientId);
    const cached = this.configurations.get(key);
    if (cached && cached.version === r.version) return cached.configuration;
    const configuration = (async () => {
      const url = new URL(r.issuer);
      const execute = insecureIfLoopback(url);
      return oidc.discovery(url, r.clientId, r.clientSecret, undefined, execute.length ? { execute } : undefined);
    })().catch((e: unknown) => {
      if (this.configurations.get(key)?.configuration === configuration) this.configurations.delete(key); // try discovery again next time
      throw ssoFailed('provider_unavailable', `the identity provider did not answer discovery: ${(e as Error).message}`);
    });
    this.configurations.set(key, { version: r.version, configuration });
    return configuration;
  }

  /** Drops what was discovered for this issuer and client: their settings changed. */
  forget(issuer: string, clientId: string): void {
    this.configurations.delete(cacheKey(issuer, clientId));
  }

  /** Fetches the issuer's discovery document (nothing is cached or stored): whether the provider answers, and how. */
  async discover(issuer: string): Promise<SsoTestResult> {
    const url = new URL(issuer);
    const execute = insecureIfLoopback(url);
    try {
      const config = await oidc.discovery(url, 'attest-settings-test', undefined, undefined, { timeout: 10, ...(execute.length ? { execute } : {}) });
      return { ok: true, issuer, authorizationEndpoint: config.serverMetadata().authorization_endpoint ?? null, error: null };
    } catch (e) {
      const cause = (e as { cause?: unknown }).cause;
      const detail = cause instanceof Error && cause.message !== (e as Error).message ? ` (${cause.message})` : '';
      return { ok: false, issuer, authorizationEndpoint: null, error: `${(e as Error).message}${detail}` };
    }
  }

  /**
   * The provider's authorization URL, and the sealed flow to keep in a cookie until the callback.
   * `org`: the slug of the organization to sign in to, when several have single sign-on.
   */
  async start(redirectUri: string, returnTo?: string, org?: string): Promise<{ url: string; sealed: string }> {
    const resolved = await this.resolveStart(org);
    const config = await this.provider(resolved);
    const flow: Flow = {
      source: resolved.source, orgId: resolved.orgId,
      state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(),
      returnTo: safeReturnTo(returnTo), expiresAt: Date.now() + SSO_FLOW_TTL_MS,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      // Normalized as the token request will send it (no default port), so the two match exactly.
      redirect_uri: new URL(redirectUri).href, scope: 'openid email profile', response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier), code_challenge_method: 'S256',
      state: flow.state, nonce: flow.nonce,
    });
    return { url: url.href, sealed: this.secrets().encrypt(Buffer.from(JSON.stringify(flow)), SEAL_CONTEXT) };
  }

  /**
   * Completes the flow from the provider's redirect: checks the sealed flow, exchanges the code,
   * validates the ID token, finds (or, when configured, creates) the account, and signs it in.
   */
  async finish(callbackUrl: URL, sealed: string | undefined, redirectUri: string): Promise<SignedIn & { returnTo: string }> {
    const flow = this.unseal(sealed);
    const resolved = await this.resolveFinish(flow);
    const config = await this.provider(resolved);
    let claims: Record<string, unknown>;
    try {
      // The redirect URI sent to the token endpoint must be the one the flow started with.
      const current = new URL(redirectUri);
      current.search = callbackUrl.search;
      const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
      const idToken = tokens.claims()!;
      claims = { ...idToken };
      // Providers that follow the specification to the letter put the email in userinfo, not the ID token.
      if (typeof idToken.email !== 'string') claims = { ...claims, ...(await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)) };
    } catch (e) {
      throw ssoFailed('sso_failed', `the identity provider's answer was refused: ${(e as Error).message}`);
    }
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (email === '') throw ssoFailed('no_email', 'the identity provider gave no email address (ask for the `email` scope)');
    if (claims.email_verified !== true) throw ssoFailed('email_unverified', 'the identity provider has not verified this email address');
    const org = resolved.orgId ? await this.ctx.store.repos.organizations.getById(resolved.orgId) : await this.organization();
    if (!org) throw ssoFailed('not_configured', 'the organization of this sign-in no longer exists');
    const user = (await this.ctx.store.repos.users.findByEmail(org.id, email)) ?? (await this.provision(org, email, typeof claims.name === 'string' ? claims.name : email, resolved.provisionRole));
    if (user.disabledAt !== null) throw ssoFailed('disabled', 'this account is disabled');
    const signedIn = await new AuthService(this.ctx).signIn(user, org, 'oidc');
    return { ...signedIn, returnTo: flow.returnTo };
  }

  /** The organization of the environment's configuration (ATTEST_OIDC_ORG, or the workspace's). */
  private async organization(): Promise<Organization> {
    const { repos } = this.ctx.store;
    const slug = this.ctx.sso?.organization ?? null;
    const org = slug ? await repos.organizations.getBySlug(slug) : (await repos.organizations.list(1))[0] ?? null;
    if (!org) throw new AppError('workspace_missing', slug ? `no organization with the slug ${JSON.stringify(slug)} (ATTEST_OIDC_ORG)` : 'this workspace has no organization yet');
    return org;
  }

  private async provision(org: Organization, email: string, name: string, role: Role | null): Promise<User> {
    if (role === null) throw new AppError('forbidden', `${email} has no account in ${org.name}: ask an admin for an invitation`, [{ field: 'sso', code: 'no_account', message: 'no account for this email' }]);
    const now = this.ctx.clock();
    return this.ctx.store.transaction(async (repos) => {
      const u = await repos.users.insert({ orgId: org.id, id: randomUUID(), email, name: name.slice(0, 200) || email, role, passwordHash: null, now });
      await repos.auditLog.append(org.id, { actor: `user:${u.id}`, action: 'user.create', entityType: 'user', entityId: u.id, before: null, after: auditedUser(u), detail: { via: 'oidc' } }, now);
      return u;
    });
  }

  private unseal(sealed: string | undefined): Flow {
    const refused = () => invalidField('state', 'invalid_state', 'the sign-in took too long or did not start here: start again');
    if (!sealed) throw refused();
    let flow: Flow;
    try {
      flow = JSON.parse(this.secrets().decrypt(sealed, SEAL_CONTEXT).toString('utf8')) as Flow;
    } catch {
      throw refused();
    }
    if (typeof flow.expiresAt !== 'number' || flow.expiresAt < Date.now() || (flow.source !== 'env' && flow.source !== 'db')) throw refused();
    return flow;
  }

  private secrets() {
    if (!this.ctx.secrets) throw new AppError('internal', 'no secret key is configured (ATTEST_SECRET_KEY)');
    return this.ctx.secrets;
  }
}
