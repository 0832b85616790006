// Settings → Single sign-on over HTTP: validation, the secret never in an answer, who may read
// and change the settings, the environment's precedence, and sign-in end to end against a real
// OpenID Connect provider on 127.0.0.1 configured through this API (no ATTEST_OIDC_* at all),
// for two organizations with their own clients, with provisioning at the configured role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organization } from '../../src/store/index.js';
import { startIdp, type Idp } from '../support/oidc-idp.js';
import { cookieValue, errorOf, fieldCodes, openApp, setCookies, type Caller, type Harness } from './harness.js';

const ACME_SECRET = 'acme-client-secret-NEVER-SHOWN';
const INITECH_SECRET = 'initech-client-secret-NEVER-SHOWN';

let h: Harness;
let idp: Idp;
let acme: Organization;
let initech: Organization;
let acmeAdmin: Caller;
let initechOwner: Caller;

beforeAll(async () => {
  idp = await startIdp({ 'attest-acme': ACME_SECRET, 'attest-initech': INITECH_SECRET });
  h = await openApp({ app: { publicUrl: 'http://localhost' } });
  acme = h.org!;
  initech = await h.newOrg('Initech');
  acmeAdmin = await h.as('admin');
  initechOwner = await h.as('owner', { org: initech });
}, 30_000);

afterAll(async () => {
  await h?.close();
  await idp?.close();
});

const put = (who: Caller, payload: object) => who.inject({ method: 'PUT', url: '/api/settings/sso', payload });

/** The whole flow for `account`, started with `query`; Attest's final answer. */
async function signIn(account: string, query = '') {
  const start = await h.app.inject({ method: 'GET', url: `/api/auth/oidc/start${query}` });
  if (start.statusCode !== 302) return { start, res: null };
  const flowCookie = cookieValue(setCookies(start).attest_oidc)!;
  const back = new URL(await idp.signIn(start.headers.location as string, account));
  const res = await h.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: `attest_oidc=${encodeURIComponent(flowCookie)}` } });
  return { start, res };
}

async function meAfter(res: NonNullable<Awaited<ReturnType<typeof signIn>>['res']>) {
  const cookie = Object.entries(setCookies(res)).filter(([n]) => n !== 'attest_oidc').map(([n, line]) => `${n}=${encodeURIComponent(cookieValue(line)!)}`).join('; ');
  return (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json() as { role: string; organization: { slug: string }; user: { email: string } };
}

describe('/api/settings/sso', () => {
  it('shows nothing configured, with the redirect URI; members read it, viewers and auditors do not; only admins and owners change it', async () => {
    const res = await acmeAdmin.inject({ method: 'GET', url: '/api/settings/sso' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toMatchObject({ source: 'none', editable: true, enabled: false, issuer: null, clientSecretSet: false, callbackUrl: 'http://localhost/api/auth/oidc/callback' });
    const member = await h.as('member');
    expect((await member.inject({ method: 'GET', url: '/api/settings/sso' })).statusCode).toBe(200);
    for (const role of ['viewer', 'auditor'] as const) expect((await (await h.as(role)).inject({ method: 'GET', url: '/api/settings/sso' })).statusCode, role).toBe(403);
    const writes = [
      await put(member, { issuer: idp.issuer, clientId: 'attest-acme', clientSecret: ACME_SECRET }),
      await member.inject({ method: 'POST', url: '/api/settings/sso/test', payload: { issuer: idp.issuer } }),
      await member.inject({ method: 'DELETE', url: '/api/settings/sso' }),
    ];
    for (const w of writes) {
      expect(w.statusCode).toBe(403);
      expect(errorOf(w).code).toBe('forbidden');
    }
    expect(await h.services.ctx.store.repos.ssoSettings.get(acme.id)).toBeNull();
  });

  it('names every field problem at once and saves nothing', async () => {
    const res = await put(acmeAdmin, { issuer: 'http://idp.example.com', clientId: '', provisionRole: 'owner', name: 'n'.repeat(101) });
    expect(res.statusCode).toBe(400);
    expect(fieldCodes(res)).toEqual(['clientId required', 'clientSecret required', 'issuer invalid_url', 'name too_long', 'provisionRole invalid']);
    expect(errorOf(res).fields.find((f) => f.field === 'issuer')?.message).toMatch(/https/);
    // Shapes the schema refuses: an unknown field.
    expect((await put(acmeAdmin, { issuer: idp.issuer, clientId: 'x', clientSecret: 'y', tenant: 'z' })).statusCode).toBe(400);
    expect(await h.services.ctx.store.repos.ssoSettings.get(acme.id)).toBeNull();
  });

  it('saves the settings and never answers with the client secret: not on save, read, or in the audit log', async () => {
    const res = await put(acmeAdmin, { issuer: idp.issuer, clientId: 'attest-acme', clientSecret: ACME_SECRET, provisionRole: 'member', name: 'Acme IdP' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ source: 'database', enabled: true, issuer: idp.issuer, clientId: 'attest-acme', clientSecretSet: true, provisionRole: 'member', name: 'Acme IdP', updatedBy: acmeAdmin.actor });
    expect(res.body).not.toContain(ACME_SECRET);
    const read = await acmeAdmin.inject({ method: 'GET', url: '/api/settings/sso' });
    expect(read.body).not.toContain(ACME_SECRET);
    expect(read.json()).toMatchObject({ clientSecretSet: true, clientId: 'attest-acme' });
    const log = await acmeAdmin.inject({ method: 'GET', url: '/api/audit-log?entityType=sso_settings' });
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('sso_settings.created');
    expect(log.body).toContain('clientSecretChanged');
    expect(log.body).not.toContain(ACME_SECRET);
  });

  it('tests an issuer: the running provider answers; a closed port is reported with its error', async () => {
    const ok = await acmeAdmin.inject({ method: 'POST', url: '/api/settings/sso/test' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, issuer: idp.issuer, error: null });
    expect(ok.json().authorizationEndpoint).toMatch(new RegExp(`^${idp.issuer}/`));
    const closed = await acmeAdmin.inject({ method: 'POST', url: '/api/settings/sso/test', payload: { issuer: 'http://127.0.0.1:9/realm' } });
    expect(closed.json()).toMatchObject({ ok: false, issuer: 'http://127.0.0.1:9/realm', authorizationEndpoint: null });
    expect(closed.json().error).toMatch(/\S/);
    const bad = await acmeAdmin.inject({ method: 'POST', url: '/api/settings/sso/test', payload: { issuer: 'http://idp.example.com' } });
    expect(fieldCodes(bad)).toEqual(['issuer invalid_url']);
  });
});

describe('signing in with saved settings', () => {
  it('offers the one organization, and provisions a newcomer with the configured role', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/sso' })).json()).toEqual({ providers: [{ organization: acme.slug, organizationName: acme.name, name: 'Acme IdP' }] });
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/oidc' })).json()).toEqual({ enabled: true, name: 'Acme IdP' });
    const { start, res } = await signIn('newcomer', '?returnTo=%2Fcontrols');
    expect(new URL(start.headers.location as string).searchParams.get('client_id')).toBe('attest-acme');
    expect(res!.headers.location).toBe('/controls');
    const user = await h.services.ctx.store.repos.users.findByEmail(acme.id, 'newcomer@acme.example');
    expect(user).toMatchObject({ role: 'member', name: 'New Comer' });
    expect(await meAfter(res!)).toMatchObject({ role: 'member', organization: { slug: acme.slug }, user: { email: 'newcomer@acme.example' } });
  });

  it('with two organizations, needs ?org= and signs into the one named, with its own client and role', async () => {
    const saved = await put(initechOwner, { issuer: idp.issuer, clientId: 'attest-initech', clientSecret: INITECH_SECRET, name: 'Initech Login' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/sso' })).json().providers.map((p: { organization: string }) => p.organization).sort()).toEqual([acme.slug, initech.slug].sort());
    const ambiguous = await h.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
    expect(ambiguous.statusCode).toBe(400);
    expect(fieldCodes(ambiguous)).toEqual(['org required']);
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/oidc/start?org=no-such-org' })).statusCode).toBe(404);

    // No provisioning role at Initech: someone without an account is refused.
    const refused = await signIn('milton', `?org=${initech.slug}`);
    expect(new URL(refused.start.headers.location as string).searchParams.get('client_id')).toBe('attest-initech');
    expect(refused.res!.headers.location).toBe('/login?sso_error=no_account');
    // A later save with the secret left blank keeps it, and turns provisioning on.
    expect((await put(initechOwner, { issuer: idp.issuer, clientId: 'attest-initech', clientSecret: '', provisionRole: 'viewer', name: 'Initech Login' })).statusCode).toBe(200);
    const { res } = await signIn('milton', `?org=${initech.slug}`);
    expect(res!.headers.location).toBe('/');
    expect(await meAfter(res!)).toMatchObject({ role: 'viewer', organization: { slug: initech.slug } });
    expect(await h.services.ctx.store.repos.users.findByEmail(acme.id, 'milton@initech.example')).toBeNull();
  });

  it('uses a changed secret at once (the discovered provider is dropped), and refuses a callback whose settings were turned off', async () => {
    expect((await put(initechOwner, { issuer: idp.issuer, clientId: 'attest-initech', clientSecret: 'a wrong secret', provisionRole: 'viewer', name: 'Initech Login' })).statusCode).toBe(200);
    expect((await signIn('milton', `?org=${initech.slug}`)).res!.headers.location).toBe('/login?sso_error=sso_failed');
    expect((await put(initechOwner, { issuer: idp.issuer, clientId: 'attest-initech', clientSecret: INITECH_SECRET, provisionRole: 'viewer', name: 'Initech Login' })).statusCode).toBe(200);
    expect((await signIn('milton', `?org=${initech.slug}`)).res!.headers.location).toBe('/');

    // Started, then switched off before the provider sends the person back.
    const start = await h.app.inject({ method: 'GET', url: `/api/auth/oidc/start?org=${initech.slug}` });
    const back = new URL(await idp.signIn(start.headers.location as string, 'milton'));
    expect((await put(initechOwner, { issuer: idp.issuer, clientId: 'attest-initech', provisionRole: 'viewer', name: 'Initech Login', enabled: false })).statusCode).toBe(200);
    const res = await h.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: `attest_oidc=${encodeURIComponent(cookieValue(setCookies(start).attest_oidc)!)}` } });
    expect(res.headers.location).toBe('/login?sso_error=not_configured');
    expect((await h.app.inject({ method: 'GET', url: `/api/auth/oidc/start?org=${initech.slug}` })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/sso' })).json().providers.map((p: { organization: string }) => p.organization)).toEqual([acme.slug]);
  });

  it('removes the settings: nothing to sign in with, and the page shows none', async () => {
    const del = await initechOwner.inject({ method: 'DELETE', url: '/api/settings/sso' });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ source: 'none', enabled: false, issuer: null });
    expect((await initechOwner.inject({ method: 'GET', url: '/api/settings/sso' })).json()).toMatchObject({ source: 'none' });
    expect(await h.services.ctx.store.repos.ssoSettings.get(initech.id)).toBeNull();
  });
});

describe('when ATTEST_OIDC_ISSUER is set', () => {
  it('shows the environment\'s configuration read-only and refuses to save or remove, naming the variable', async () => {
    h.services.ctx.sso = { issuer: 'https://env-idp.example.com', clientId: 'env-client', clientSecret: 'ENV-SECRET-never-shown', organization: null, provisionRole: null, name: 'Env IdP' };
    try {
      const read = await acmeAdmin.inject({ method: 'GET', url: '/api/settings/sso' });
      expect(read.json()).toMatchObject({ source: 'environment', editable: false, enabled: true, issuer: 'https://env-idp.example.com', clientId: 'env-client', clientSecretSet: true, name: 'Env IdP' });
      expect(read.body).not.toContain('ENV-SECRET');
      for (const res of [await put(acmeAdmin, { issuer: idp.issuer, clientId: 'attest-acme', clientSecret: ACME_SECRET }), await acmeAdmin.inject({ method: 'DELETE', url: '/api/settings/sso' })]) {
        expect(res.statusCode).toBe(409);
        expect(errorOf(res).code).toBe('conflict');
        expect(errorOf(res).message).toContain('ATTEST_OIDC_ISSUER');
      }
      // Sign-in follows the environment, not Acme's saved settings.
      expect((await h.app.inject({ method: 'GET', url: '/api/auth/sso' })).json()).toEqual({ providers: [{ organization: acme.slug, organizationName: acme.name, name: 'Env IdP' }] });
      expect((await h.app.inject({ method: 'GET', url: `/api/auth/oidc/start?org=${initech.slug}` })).statusCode).toBe(404);
    } finally {
      delete h.services.ctx.sso;
    }
    expect((await acmeAdmin.inject({ method: 'GET', url: '/api/settings/sso' })).json()).toMatchObject({ source: 'database', clientId: 'attest-acme' });
  });
});
