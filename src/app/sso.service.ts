// OpenID Connect single sign-on (authorization code flow with PKCE, state and nonce), through
// openid-client, which discovers the provider and validates its ID token (signature from its
// JWKS, issuer, audience, expiry, nonce). The flow's secrets travel in a short-lived cookie
// sealed with the server key, so nothing is stored between the two legs. People are matched to
// accounts of the configured organization by their provider-verified email.
import * as oidc from 'openid-client';
import { randomUUID } from 'node:crypto';
import { AppError, invalidField } from '../domain/errors.js';
import type { Organization, Role, User } from '../store/index.js';
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
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  expiresAt: number;
}

/** Only a path on this server: no scheme, no host, no `//` (an open redirect otherwise). */
export const safeReturnTo = (path: string | undefined): string => (path && /^\/(?![/\\])[^\s]*$/.test(path) ? path : '/');

const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

const ssoFailed = (code: string, message: string) => new AppError('unauthorized', message, [{ field: 'sso', code, message }]);

export class SsoService {
  private configuration: Promise<oidc.Configuration> | null = null;
  constructor(private readonly ctx: AppContext) {}

  /** What the sign-in page needs to offer the button. */
  info(): { enabled: boolean; name: string | null } {
    return { enabled: this.ctx.sso !== undefined, name: this.ctx.sso?.name ?? null };
  }

  /** The configuration as an admin may see it (the settings page): never the client secret. */
  settings(): SsoConfigurationView {
    const c = this.ctx.sso;
    return {
      enabled: c !== undefined, issuer: c?.issuer ?? null, clientId: c?.clientId ?? null, clientSecretSet: (c?.clientSecret ?? '') !== '',
      organization: c?.organization ?? null, provisionRole: c?.provisionRole ?? null, name: c?.name ?? null,
    };
  }

  private get config(): SsoConfig {
    if (!this.ctx.sso) throw new AppError('not_found', 'single sign-on is not configured (ATTEST_OIDC_ISSUER)');
    return this.ctx.sso;
  }

  private provider(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.config;
    this.configuration ??= (async () => {
      const url = new URL(issuer);
      const insecure = url.protocol === 'http:' && isLoopback(url);
      return oidc.discovery(url, clientId, clientSecret, undefined, insecure ? { execute: [oidc.allowInsecureRequests] } : undefined);
    })().catch((e: unknown) => {
      this.configuration = null; // try discovery again next time
      throw ssoFailed('provider_unavailable', `the identity provider did not answer discovery: ${(e as Error).message}`);
    });
    return this.configuration;
  }

  /** The provider's authorization URL, and the sealed flow to keep in a cookie until the callback. */
  async start(redirectUri: string, returnTo?: string): Promise<{ url: string; sealed: string }> {
    const config = await this.provider();
    const flow: Flow = {
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
    const config = await this.provider();
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
    const org = await this.organization();
    const user = (await this.ctx.store.repos.users.findByEmail(org.id, email)) ?? (await this.provision(org, email, typeof claims.name === 'string' ? claims.name : email));
    if (user.disabledAt !== null) throw ssoFailed('disabled', 'this account is disabled');
    const signedIn = await new AuthService(this.ctx).signIn(user, org, 'oidc');
    return { ...signedIn, returnTo: flow.returnTo };
  }

  private async organization(): Promise<Organization> {
    const { repos } = this.ctx.store;
    const slug = this.config.organization;
    const org = slug ? await repos.organizations.getBySlug(slug) : (await repos.organizations.list(1))[0] ?? null;
    if (!org) throw new AppError('workspace_missing', slug ? `no organization with the slug ${JSON.stringify(slug)} (ATTEST_OIDC_ORG)` : 'this workspace has no organization yet');
    return org;
  }

  private async provision(org: Organization, email: string, name: string): Promise<User> {
    const role = this.config.provisionRole;
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
    if (typeof flow.expiresAt !== 'number' || flow.expiresAt < Date.now()) throw refused();
    return flow;
  }

  private secrets() {
    if (!this.ctx.secrets) throw new AppError('internal', 'no secret key is configured (ATTEST_SECRET_KEY)');
    return this.ctx.secrets;
  }
}
