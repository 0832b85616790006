// Authentication and authorization, in one place, before any body is read:
//   1. every route declares what it needs — `config: { permission: 'controls:write' }`, or
//      'authenticated', or 'public' — and the app refuses to start with a route that does not
//      (or with a public route outside /healthz, /openapi.json, /api/auth/ and /api/public/);
//   2. one onRequest hook finds the caller (session cookie, API token, or the local `attest`
//      command's token from the workspace lock) and checks the route's permission against
//      the table in src/app/permissions.ts;
//   3. cookie-authenticated writes need the session's CSRF token in X-CSRF-Token, and any
//      write that carries an Origin header must come from this server's origin.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_POLICY } from '../app/auth.service.js';
import type { Services } from '../app/index.js';
import { can, cliPrincipal, isAccess, PERMISSIONS, type Access, type Principal } from '../app/permissions.js';
import { safeEqual } from '../app/secrets.js';
import { AppError } from '../domain/errors.js';
import type { Organization, User } from '../store/index.js';

export const SESSION_COOKIE = 'attest_session';
/** Readable by the web app's script, which sends it back in X-CSRF-Token. */
export const CSRF_COOKIE = 'attest_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The only paths that may answer anonymous callers. */
export const PUBLIC_PATHS = /^\/(healthz|openapi\.json)$|^\/api\/(auth|public)\//;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs from its caller; see src/app/permissions.ts. */
    permission?: Access;
  }
  interface FastifyRequest {
    /** The authenticated caller; null on public routes. */
    principal: Principal | null;
    /** Who the audit log records: `user:<id>`, `token:<id>` or `cli`. */
    actor: string;
    /** The caller's organization; every query is scoped to it. */
    org(): Promise<Organization>;
    /** The signed-in person, for session callers. */
    user: User | null;
    /** The session cookie's secret, when the caller authenticated with it. */
    sessionSecret: string | null;
    callerOrg: Organization | null;
  }
  interface FastifyInstance {
    /** Every route with what it requires, in registration order (docs/PERMISSIONS.md, the matrix test). */
    accessTable: RouteAccess[];
  }
}

export interface AuthOptions {
  services: Services;
  /** The secret shared with local `attest` commands through the workspace lock file. */
  localToken?: string;
  /** The address people reach the server at (ATTEST_PUBLIC_URL); links and the Origin check use it. */
  publicUrl?: string;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === '' || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      /* a malformed cookie is no cookie */
    }
  }
  return out;
}

/** `https` when the request came over TLS (or, with ATTEST_TRUST_PROXY, the proxy says so). */
const isHttps = (req: FastifyRequest) => req.protocol === 'https';

/** A Set-Cookie line: SameSite=Lax always, Secure over HTTPS. */
export function cookie(name: string, value: string, req: FastifyRequest, opts: { httpOnly: boolean; maxAgeSeconds: number; path?: string }): string {
  return [
    `${name}=${encodeURIComponent(value)}`, `Path=${opts.path ?? '/'}`, `Max-Age=${opts.maxAgeSeconds}`, 'SameSite=Lax',
    ...(opts.httpOnly ? ['HttpOnly'] : []), ...(isHttps(req) ? ['Secure'] : []),
  ].join('; ');
}

export function setSessionCookies(req: FastifyRequest, reply: FastifyReply, grant: { secret: string; csrfToken: string }): void {
  // The server ends the session on its own clock; the browser forgets the cookie at about the same time.
  const maxAgeSeconds = Math.floor(AUTH_POLICY.sessionTtlMs / 1000);
  void reply.header('set-cookie', [
    cookie(SESSION_COOKIE, grant.secret, req, { httpOnly: true, maxAgeSeconds }),
    cookie(CSRF_COOKIE, grant.csrfToken, req, { httpOnly: false, maxAgeSeconds }),
  ]);
  void reply.header('cache-control', 'no-store');
}

export function clearSessionCookies(req: FastifyRequest, reply: FastifyReply): void {
  void reply.header('set-cookie', [
    cookie(SESSION_COOKIE, '', req, { httpOnly: true, maxAgeSeconds: 0 }),
    cookie(CSRF_COOKIE, '', req, { httpOnly: false, maxAgeSeconds: 0 }),
  ]);
}

/** The base of links the server hands out (setup, invitation, reset): the public URL, or where this request came to. */
export const baseUrlOf = (req: FastifyRequest, publicUrl?: string) => (publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');

const unauthenticated = (message = 'sign in, or send an API token (Authorization: Bearer att_…)') => new AppError('unauthorized', message);

/** Installs the route check, the decorators and the hook. Call before registering routes. */
export function installAuth(app: FastifyInstance, opts: AuthOptions): void {
  const { services } = opts;
  const table: RouteAccess[] = [];
  app.decorate('accessTable', table);

  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat().filter((m) => m !== 'HEAD');
    if (methods.length === 0) return; // the HEAD twin Fastify adds for each GET shares its config
    const access: unknown = route.config?.permission;
    if (!isAccess(access)) throw new Error(`${methods.join(',')} ${route.url} declares no permission: add config: { permission: '…' } (see src/app/permissions.ts)`);
    if (access === 'public' && !PUBLIC_PATHS.test(route.url)) throw new Error(`${methods.join(',')} ${route.url} is public, but only /healthz, /openapi.json, /api/auth/* and /api/public/* may answer anonymous callers`);
    for (const method of methods) table.push({ method, url: route.url, access });
    if (route.schema) {
      const schema = route.schema as Record<string, unknown>;
      schema.security = access === 'public' ? [] : [{ session: [] }, { bearer: [] }];
      if (access !== 'public') {
        const who = access === 'authenticated' ? 'Any signed-in caller.' : `Requires \`${access}\` (${PERMISSIONS[access].roles.join(', ') || 'the local `attest` command only'}).`;
        schema.description = [schema.description, who].filter(Boolean).join('\n\n');
      }
    }
  });

  app.decorateRequest('principal', null);
  app.decorateRequest('actor', 'anonymous');
  app.decorateRequest('user', null);
  app.decorateRequest('sessionSecret', null);
  app.decorateRequest('callerOrg', null);
  app.decorateRequest('org', async function (this: FastifyRequest) {
    if (this.callerOrg) return this.callerOrg;
    if (this.principal?.kind === 'cli') return services.workspace.requireOrg();
    throw unauthenticated();
  });

  const localToken = opts.localToken;
  const publicOrigin = opts.publicUrl ? new URL(opts.publicUrl).origin : null;

  async function authenticate(req: FastifyRequest): Promise<boolean> {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
      if (!m) throw unauthenticated('the Authorization header must be `Bearer <token>`');
      const given = m[1]!;
      if (localToken && safeEqual(given, localToken)) {
        const org = await services.workspace.defaultOrg();
        req.principal = cliPrincipal(org?.id ?? null);
        req.callerOrg = org;
        return true;
      }
      const found = await services.tokens.resolve(given);
      if (!found) throw unauthenticated('the API token is unknown, revoked or expired');
      req.principal = found.principal;
      req.callerOrg = found.org;
      return true;
    }
    const secret = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (!secret) return false;
    const session = await services.auth.resolveSession(secret);
    if (!session) return false;
    req.principal = session.principal;
    req.callerOrg = session.org;
    req.user = session.user;
    req.sessionSecret = secret;
    return true;
  }

  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.permission;
    if (access === undefined) return; // no route: the web app's files, or a 404
    const write = !SAFE_METHODS.has(req.method);
    if (write && req.headers.origin !== undefined) {
      const origin = req.headers.origin;
      if (origin !== `${req.protocol}://${req.host}` && origin !== publicOrigin) {
        throw new AppError('forbidden', 'cross-origin request refused', [{ field: 'header.origin', code: 'cross_origin', message: `${origin} is not this server's origin` }]);
      }
    }
    if (access === 'public') return;
    if (!(await authenticate(req))) throw unauthenticated();
    const principal = req.principal!;
    req.actor = principal.actor;
    if (write && req.sessionSecret !== null) {
      const given = req.headers[CSRF_HEADER];
      if (!services.auth.checkCsrf(req.sessionSecret, typeof given === 'string' ? given : undefined)) {
        throw new AppError('forbidden', 'this write needs the CSRF token of your session in the X-CSRF-Token header', [{ field: `header.${CSRF_HEADER}`, code: given === undefined ? 'csrf_missing' : 'csrf_invalid', message: 'send the value of the attest_csrf cookie (or of csrfToken from /api/auth/me)' }]);
      }
    }
    if (access !== 'authenticated' && !can(principal, access)) {
      throw new AppError('forbidden', `your role (${principal.role}) does not allow this: it needs ${access}`, [{ field: 'permission', code: 'missing_permission', message: access }]);
    }
  });
}
