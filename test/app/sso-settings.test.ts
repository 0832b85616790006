// Single sign-on settings per organization, on both engines: the repository, validation with
// every field problem at once, the client secret sealed at rest and bound to its organization,
// the audit trail without the secret, and the environment's configuration taking precedence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSecretContext } from '../../src/app/sso.service.js';
import { AppError } from '../../src/domain/errors.js';
import type { Db } from '../../src/store/db.js';
import type { Organization } from '../../src/store/index.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

const SECRET = 'client-secret-NEVER-in-clear-0123456789';

async function problems(work: Promise<unknown>): Promise<string[]> {
  const e = await work.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  return (e as AppError).fields.map((f) => `${f.field} ${f.code}`).sort();
}

describe.each(engines)('single sign-on settings on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  let acme: Organization;
  let initech: Organization;
  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db);
    acme = (await s.workspace.init({ name: 'Acme' }, 'test')).org;
    initech = (await s.workspace.createOrganization({ name: 'Initech', categories: ['security'] }, 'test')).org;
  });
  afterAll(async () => db?.close());

  it('reports every field problem at once, and the secret is required the first time', async () => {
    expect(await problems(s.ssoSettings.save(acme.id, { issuer: 'http://idp.example.com', clientId: ' ', provisionRole: 'owner', name: 'x'.repeat(101) }, 'test'))).toEqual([
      'clientId required', 'clientSecret required', 'issuer invalid_url', 'name too_long', 'provisionRole invalid',
    ]);
    expect(await problems(s.ssoSettings.save(acme.id, { issuer: 'not a url', clientId: 'a', clientSecret: 's', provisionRole: 'boss' }, 'test'))).toEqual(['issuer invalid_url', 'provisionRole invalid']);
    expect(await problems(s.ssoSettings.save(acme.id, { issuer: '', clientId: 'a', clientSecret: 's' }, 'test'))).toEqual(['issuer required']);
    expect(await s.ctx.store.repos.ssoSettings.get(acme.id)).toBeNull();
    expect((await s.auditLog.recent(acme.id, 5)).filter((e) => e.entityType === 'sso_settings')).toEqual([]);
  });

  it('saves with defaults, seals the secret bound to the organization, and never shows it', async () => {
    const view = await s.ssoSettings.save(acme.id, { issuer: 'https://idp.example.com/realms/acme', clientId: ' attest ', clientSecret: SECRET }, 'user:u1');
    expect(view).toEqual({
      source: 'database', editable: true, enabled: true, issuer: 'https://idp.example.com/realms/acme', clientId: 'attest', clientSecretSet: true,
      provisionRole: null, name: 'Single sign-on', organization: null, updatedAt: '2026-11-24T12:00:00.000Z', updatedBy: 'user:u1',
    });
    expect(JSON.stringify(await s.ssoSettings.get(acme.id))).not.toContain(SECRET);
    const [row] = await db.query<Record<string, unknown>>('SELECT * FROM sso_settings WHERE org_id = $1', [acme.id]);
    expect(JSON.stringify(row)).not.toContain(SECRET);
    const sealed = String(row!.client_secret_sealed);
    expect(s.ctx.secrets!.decrypt(sealed, clientSecretContext(acme.id)).toString('utf8')).toBe(SECRET);
    // Moved to another organization's row, the box does not open.
    expect(() => s.ctx.secrets!.decrypt(sealed, clientSecretContext(initech.id))).toThrow();
    const entry = (await s.auditLog.recent(acme.id, 1))[0]!;
    expect(entry).toMatchObject({ action: 'sso_settings.created', entityType: 'sso_settings', entityId: acme.id, actor: 'user:u1', detail: { clientSecretChanged: true } });
    expect(JSON.stringify(entry)).not.toContain(SECRET);
  });

  it('keeps the stored secret when a later save leaves it blank, and says whether it changed', async () => {
    const sealedBefore = (await s.ctx.store.repos.ssoSettings.get(acme.id))!.clientSecretSealed;
    s.now.value = new Date('2026-11-24T12:01:00Z');
    const view = await s.ssoSettings.save(acme.id, { issuer: 'https://idp.example.com/realms/acme', clientId: 'attest', clientSecret: '  ', provisionRole: 'viewer', name: 'Acme IdP', enabled: false }, 'user:u2');
    expect(view).toMatchObject({ enabled: false, provisionRole: 'viewer', name: 'Acme IdP', clientSecretSet: true, updatedBy: 'user:u2' });
    expect((await s.ctx.store.repos.ssoSettings.get(acme.id))!.clientSecretSealed).toBe(sealedBefore);
    expect((await s.auditLog.recent(acme.id, 1))[0]).toMatchObject({ action: 'sso_settings.updated', detail: { clientSecretChanged: false } });
    await s.ssoSettings.save(acme.id, { issuer: 'https://idp.example.com/realms/acme', clientId: 'attest', clientSecret: 'a new secret', provisionRole: 'viewer', name: 'Acme IdP', enabled: true }, 'user:u2');
    const sealedAfter = (await s.ctx.store.repos.ssoSettings.get(acme.id))!.clientSecretSealed;
    expect(sealedAfter).not.toBe(sealedBefore);
    expect(s.ctx.secrets!.decrypt(sealedAfter, clientSecretContext(acme.id)).toString('utf8')).toBe('a new secret');
    expect((await s.auditLog.recent(acme.id, 1))[0]).toMatchObject({ action: 'sso_settings.updated', detail: { clientSecretChanged: true } });
  });

  it('lists the organizations with single sign-on on, for the sign-in page', async () => {
    await s.ssoSettings.save(initech.id, { issuer: 'https://login.initech.example', clientId: 'i', clientSecret: 'i-secret', name: 'Initech SSO', enabled: false }, 'test');
    expect(await s.sso.providers()).toEqual([{ organization: acme.slug, organizationName: 'Acme', name: 'Acme IdP' }]);
    await s.ssoSettings.save(initech.id, { issuer: 'https://login.initech.example', clientId: 'i', name: 'Initech SSO' }, 'test');
    expect(await s.sso.providers()).toEqual([
      { organization: acme.slug, organizationName: 'Acme', name: 'Acme IdP' },
      { organization: initech.slug, organizationName: 'Initech', name: 'Initech SSO' },
    ]);
    expect(await s.sso.info()).toEqual({ enabled: true, name: 'Acme IdP' });
  });

  it('tests an issuer: a provider that does not answer is reported, not thrown', async () => {
    const result = await s.ssoSettings.test(acme.id, 'http://127.0.0.1:9/nothing-here');
    expect(result).toMatchObject({ ok: false, issuer: 'http://127.0.0.1:9/nothing-here', authorizationEndpoint: null });
    expect(result.error).toMatch(/\S/);
    expect(await problems(s.ssoSettings.test(acme.id, 'http://idp.example.com'))).toEqual(['issuer invalid_url']);
  });

  it('defers to the environment: shown read-only, saving and removing refused naming ATTEST_OIDC_ISSUER', async () => {
    s.ctx.sso = { issuer: 'https://env.example.com', clientId: 'env-client', clientSecret: 'env-secret', organization: null, provisionRole: 'member', name: 'Env IdP' };
    try {
      const view = await s.ssoSettings.get(initech.id);
      expect(view).toMatchObject({ source: 'environment', editable: false, enabled: true, issuer: 'https://env.example.com', clientId: 'env-client', clientSecretSet: true, provisionRole: 'member', name: 'Env IdP' });
      expect(JSON.stringify(view)).not.toContain('env-secret');
      for (const work of [s.ssoSettings.save(initech.id, { issuer: 'https://x.example', clientId: 'x', clientSecret: 'x' }, 'test'), s.ssoSettings.remove(initech.id, 'test')]) {
        const e = await work.then(() => null, (x: unknown) => x as AppError);
        expect(e?.code).toBe('conflict');
        expect(e?.message).toContain('ATTEST_OIDC_ISSUER');
      }
      expect(await s.sso.providers()).toEqual([{ organization: acme.slug, organizationName: 'Acme', name: 'Env IdP' }]);
      expect((await s.ctx.store.repos.ssoSettings.get(initech.id))?.clientId).toBe('i');
    } finally {
      delete s.ctx.sso;
    }
  });

  it('removes the settings (audited), and removing again is a no-op', async () => {
    expect(await s.ssoSettings.remove(initech.id, 'user:u3')).toMatchObject({ source: 'none', enabled: false, issuer: null, clientSecretSet: false });
    expect(await s.ctx.store.repos.ssoSettings.get(initech.id)).toBeNull();
    const entry = (await s.auditLog.recent(initech.id, 1))[0]!;
    expect(entry).toMatchObject({ action: 'sso_settings.deleted', actor: 'user:u3', entityId: initech.id });
    expect(entry.afterDigest).toBeNull();
    const seq = entry.seq;
    await s.ssoSettings.remove(initech.id, 'user:u3');
    expect((await s.auditLog.recent(initech.id, 1))[0]!.seq).toBe(seq);
    // Acme's are untouched.
    expect((await s.ssoSettings.get(acme.id)).issuer).toBe('https://idp.example.com/realms/acme');
  });
});
