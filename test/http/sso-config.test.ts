// GET /api/auth/sso/config: what the Single sign-on settings page shows. It says what is
// configured and the callback URL to register, and never carries the client secret.
import { afterAll, describe, expect, it } from 'vitest';
import { openApp } from './harness.js';

const h = await openApp({ app: { publicUrl: 'https://attest.example.com' } });
afterAll(async () => {
  await h?.close();
});

describe('GET /api/auth/sso/config', () => {
  it('says single sign-on is off, with the callback URL to register, when ATTEST_OIDC_ISSUER is not set', async () => {
    const admin = await h.as('admin');
    const res = await admin.inject({ method: 'GET', url: '/api/auth/sso/config' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({ enabled: false, issuer: null, clientId: null, clientSecretSet: false, organization: null, provisionRole: null, name: null, callbackUrl: 'https://attest.example.com/api/auth/oidc/callback' });
  });

  it('shows the configuration without the client secret', async () => {
    h.services.ctx.sso = { issuer: 'https://idp.example.com/realms/acme', clientId: 'attest-web', clientSecret: 'SECRET-never-shown-0123456789', organization: 'acme', provisionRole: 'viewer', name: 'Acme IdP' };
    try {
      const owner = await h.as('owner');
      const res = await owner.inject({ method: 'GET', url: '/api/auth/sso/config' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ enabled: true, issuer: 'https://idp.example.com/realms/acme', clientId: 'attest-web', clientSecretSet: true, organization: 'acme', provisionRole: 'viewer', name: 'Acme IdP', callbackUrl: 'https://attest.example.com/api/auth/oidc/callback' });
      expect(res.body).not.toContain('SECRET-never-shown');
      // A member may not read it (members:manage).
      expect((await (await h.as('member')).inject({ method: 'GET', url: '/api/auth/sso/config' })).statusCode).toBe(403);
    } finally {
      delete h.services.ctx.sso;
    }
  });
});
