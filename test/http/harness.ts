// The HTTP API on a real PGlite database, driven with inject(): one app per test file.
// Every API route needs a caller: `h.inject` sends the requests of the workspace's owner (a
// signed-in session with its CSRF token), `h.as(role)` makes callers of other roles and
// organizations, `h.cli` is the local `attest` command (the token of the workspace lock).
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Mailer, TokenView } from '../../src/app/index.js';
import { hashPassword } from '../../src/app/passwords.js';
import { buildApp, type AppOptions } from '../../src/http/app.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../../src/http/auth.js';
import type { Organization, Role, User } from '../../src/store/index.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

export type Inject = (opts: InjectOptions) => Promise<LightMyRequestResponse>;

/** A caller of the API: a person with a session, or a bearer token. */
export interface Caller {
  inject: Inject;
  /** What the audit log records for this caller. */
  actor: string;
  org: Organization;
  role: Role;
  user: User | null;
  /** The session cookie's secret and its CSRF token (session callers). */
  session: { secret: string; csrf: string } | null;
  /** The API token (token callers). */
  token: string | null;
}

export interface Harness {
  app: FastifyInstance;
  services: TestServices;
  /** The workspace's organization, when opened with `init`. */
  org: Organization | null;
  /** The owner of the workspace's organization, signed in (when opened with `init`). */
  owner: Caller | null;
  /** Requests as the owner; before `init`, as the local command. */
  inject: Inject;
  /** Requests as the local `attest` command (the lock file's token): an owner of the workspace's organization, actor `cli`. */
  cli: Inject;
  localToken: string;
  /** A new signed-in member of `org` (default: the workspace's) with `role`; `password` lets them sign in themselves. */
  as(role: Role, opts?: { org?: Organization; email?: string; password?: string }): Promise<Caller>;
  /** A new API token of `org` with `role`. */
  tokenFor(role: Role, opts?: { org?: Organization; expiresInDays?: number | null }): Promise<Caller & { view: TokenView }>;
  /** Another organization, with its scope and controls. */
  newOrg(name: string): Promise<Organization>;
  close(): Promise<void>;
}

/** Adds headers to every request of `inject`; `csrf` only on writes, as a browser's script would. */
export function withHeaders(inject: Inject, headers: Record<string, string>, csrf?: string): Inject {
  return (opts) => {
    const method = (opts.method ?? 'GET').toUpperCase();
    const extra = csrf && !['GET', 'HEAD', 'OPTIONS'].includes(method) ? { [CSRF_HEADER]: csrf } : {};
    return inject({ ...opts, headers: { ...headers, ...extra, ...(opts.headers ?? {}) } });
  };
}

let counter = 0;

/**
 * `init: false`: no organization yet; `owner: false`: an organization without any account
 * (first-run setup still to do); `app`: more options for buildApp.
 */
export async function openApp(opts: { init?: boolean; owner?: boolean; categories?: string[]; maxUploadBytes?: number; mailer?: Mailer; app?: Partial<AppOptions> } = {}): Promise<Harness> {
  const db = await engines[0]!.open();
  const services = servicesOn(db, { ...(opts.maxUploadBytes === undefined ? {} : { maxUploadBytes: opts.maxUploadBytes }), ...(opts.mailer ? { mailer: opts.mailer } : {}) });
  const org = opts.init === false ? null : (await services.workspace.init({ name: 'Acme Cloud', categories: opts.categories ?? [] }, 'test')).org;
  const localToken = `local-${randomUUID()}`;
  const app = await buildApp({ services, localToken, ...opts.app });
  await app.ready();
  const raw: Inject = (o) => app.inject(o);
  const cli = withHeaders(raw, { authorization: `Bearer ${localToken}` });

  const as: Harness['as'] = async (role, o = {}) => {
    const target = o.org ?? org;
    if (!target) throw new Error('no organization: open the harness with init');
    counter += 1;
    const user = await services.ctx.store.repos.users.insert({
      orgId: target.id, id: randomUUID(), email: o.email ?? `${role}-${counter}@${target.slug}.example.com`, name: `${role} ${counter}`, role,
      passwordHash: o.password ? await hashPassword(o.password) : null, now: services.now.value,
    });
    const grant = await services.auth.createSession(user);
    return {
      inject: withHeaders(raw, { cookie: `${SESSION_COOKIE}=${grant.secret}` }, grant.csrfToken),
      actor: `user:${user.id}`, org: target, role, user, session: { secret: grant.secret, csrf: grant.csrfToken }, token: null,
    };
  };

  const tokenFor: Harness['tokenFor'] = async (role, o = {}) => {
    const target = o.org ?? org;
    if (!target) throw new Error('no organization: open the harness with init');
    const { token, secret } = await services.tokens.create(target.id, { name: `${role} token`, role, expiresInDays: o.expiresInDays === undefined ? 30 : o.expiresInDays }, { kind: 'cli', orgId: target.id, role: 'owner', actor: 'test', userId: null, tokenId: null });
    return { inject: withHeaders(raw, { authorization: `Bearer ${secret}` }), actor: `token:${token.id}`, org: target, role, user: null, session: null, token: secret, view: token };
  };

  const owner = org && opts.owner !== false ? await as('owner') : null;
  return {
    app, services, org, owner, localToken, cli, as, tokenFor,
    inject: owner ? owner.inject : cli,
    newOrg: async (name) => (await services.workspace.createOrganization({ name, categories: ['security'] }, 'test')).org,
    close: async () => {
      await app.close();
      await db.close();
      rmSync(services.blobDir, { recursive: true, force: true });
    },
  };
}

export interface ErrorBody {
  error: { code: string; message: string; fields: { field: string; code: string; message: string }[]; requestId: string };
}

/** The error body of a response, checked to have the documented shape. */
export function errorOf(res: LightMyRequestResponse): ErrorBody['error'] {
  const body = res.json<ErrorBody>();
  if (typeof body?.error?.code !== 'string' || !Array.isArray(body.error.fields) || typeof body.error.requestId !== 'string') {
    throw new Error(`not an error body: ${res.body}`);
  }
  return body.error;
}

/** `field code` pairs of an error response, sorted, for exact comparison. */
export const fieldCodes = (res: LightMyRequestResponse): string[] => errorOf(res).fields.map((f) => `${f.field} ${f.code}`).sort();

export type Part = { name: string; value: string } | { name: string; file: Uint8Array; filename: string; type?: string };

/** A multipart/form-data body built by the platform's own encoder, parts in the given order. */
export async function multipart(parts: Part[]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const p of parts) {
    if ('file' in p) form.append(p.name, new Blob([p.file], { type: p.type ?? 'application/octet-stream' }), p.filename);
    else form.append(p.name, p.value);
  }
  const res = new Response(form);
  const contentType = res.headers.get('content-type');
  if (!contentType) throw new Error('FormData produced no content type');
  return { payload: Buffer.from(await res.arrayBuffer()), headers: { 'content-type': contentType } };
}

/** `METHOD /path` of every route the app registered, from its own route table (HEAD twins left out). */
export const registeredRoutes = (app: FastifyInstance): string[] => app.accessTable.map((r) => `${r.method} ${r.url}`).sort();

/** The Set-Cookie headers of a response, by cookie name. */
export function setCookies(res: LightMyRequestResponse): Record<string, string> {
  const raw = res.headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return Object.fromEntries(list.map((c) => [c.slice(0, c.indexOf('=')), c]));
}

/** The value of a cookie in a Set-Cookie header line. */
export const cookieValue = (line: string | undefined): string | undefined => (line === undefined ? undefined : decodeURIComponent(line.slice(line.indexOf('=') + 1).split(';')[0]!));
