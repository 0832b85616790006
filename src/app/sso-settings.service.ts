// Settings → Single sign-on: an organization's OpenID Connect provider and client, saved from
// the app (table sso_settings). The client secret is sealed with the server key, bound to the
// organization, and never leaves the server again: views say only whether one is set, and the
// audit log records whether it changed. When ATTEST_OIDC_ISSUER is set the environment's
// configuration is authoritative: it is shown read-only and saving is refused.
import { AppError, invalid, type FieldError } from '../domain/errors.js';
import { DEFAULT_SSO_NAME, issuerProblem, PROVISION_ROLES, type ProvisionRole } from '../domain/sso.js';
import type { Role, SsoSettings } from '../store/index.js';
import type { Actor, AppContext } from './context.js';
import { clientSecretContext, type SsoService, type SsoTestResult } from './sso.service.js';

export interface SsoSettingsView {
  /** Where sign-in takes its settings from: the environment (read-only here), this organization's saved settings, or nowhere. */
  source: 'environment' | 'database' | 'none';
  /** Whether the settings can be changed here (not while ATTEST_OIDC_ISSUER is set). */
  editable: boolean;
  enabled: boolean;
  issuer: string | null;
  clientId: string | null;
  clientSecretSet: boolean;
  provisionRole: Role | null;
  name: string | null;
  /** The environment's ATTEST_OIDC_ORG (null: the workspace's); null for saved settings, which are this organization's. */
  organization: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface SsoSettingsInput {
  issuer: string;
  clientId: string;
  /** Required the first time; blank or absent later keeps the stored one. */
  clientSecret?: string | null;
  provisionRole?: string | null;
  name?: string | null;
  enabled?: boolean;
}

const MAX = { issuer: 2000, clientId: 500, clientSecret: 2000, name: 100 };

/** Why saving is refused while the environment configures single sign-on. */
export const ENV_AUTHORITATIVE = 'single sign-on is configured by the environment (ATTEST_OIDC_ISSUER), which takes precedence over settings saved here: change or unset the ATTEST_OIDC_* variables where the server runs, and restart it';

const audited = (s: SsoSettings) => ({
  issuer: s.issuer, clientId: s.clientId, clientSecretSet: true, provisionRole: s.provisionRole, name: s.name, enabled: s.enabled,
});

const NONE: SsoSettingsView = {
  source: 'none', editable: true, enabled: false, issuer: null, clientId: null, clientSecretSet: false, provisionRole: null, name: null, organization: null, updatedAt: null, updatedBy: null,
};

const isProvisionRole = (v: string): v is ProvisionRole => (PROVISION_ROLES as readonly string[]).includes(v);

function tooLong(field: keyof typeof MAX, value: string): FieldError[] {
  return value.length > MAX[field] ? [{ field, code: 'too_long', message: `at most ${MAX[field]} characters` }] : [];
}

export class SsoSettingsService {
  constructor(private readonly ctx: AppContext, private readonly sso: SsoService) {}

  private secrets() {
    if (!this.ctx.secrets) throw new AppError('internal', 'single sign-on settings need the server secret key (to seal the client secret)');
    return this.ctx.secrets;
  }

  private refuseWhenEnv(): void {
    if (this.ctx.sso) throw new AppError('conflict', ENV_AUTHORITATIVE, [{ field: 'ATTEST_OIDC_ISSUER', code: 'environment', message: 'set in the environment' }]);
  }

  /** The settings sign-in uses for this organization: the environment's when set, else the saved ones. Never the client secret. */
  async get(orgId: string): Promise<SsoSettingsView> {
    const env = this.ctx.sso;
    if (env) {
      return {
        source: 'environment', editable: false, enabled: true, issuer: env.issuer, clientId: env.clientId, clientSecretSet: env.clientSecret !== '',
        provisionRole: env.provisionRole, name: env.name, organization: env.organization, updatedAt: null, updatedBy: null,
      };
    }
    const s = await this.ctx.store.repos.ssoSettings.get(orgId);
    return s ? this.present(s) : NONE;
  }

  private present(s: SsoSettings): SsoSettingsView {
    return {
      source: 'database', editable: true, enabled: s.enabled, issuer: s.issuer, clientId: s.clientId, clientSecretSet: true,
      provisionRole: s.provisionRole, name: s.name, organization: null, updatedAt: s.updatedAt, updatedBy: s.updatedBy,
    };
  }

  /** Validates and saves the organization's settings (audited); the discovered provider is dropped so the next sign-in uses them. */
  async save(orgId: string, input: SsoSettingsInput, actor: Actor): Promise<SsoSettingsView> {
    this.refuseWhenEnv();
    const { repos } = this.ctx.store;
    const before = await repos.ssoSettings.get(orgId);
    const issuer = input.issuer.trim();
    const clientId = input.clientId.trim();
    const secret = input.clientSecret?.trim() ?? '';
    const role = input.provisionRole?.trim() || null;
    const name = input.name?.trim() || DEFAULT_SSO_NAME;
    const issuerWrong = issuer === '' ? 'required: the identity provider\'s issuer URL' : issuerProblem(issuer);
    const problems: FieldError[] = [
      ...(issuerWrong ? [{ field: 'issuer', code: issuer === '' ? 'required' : 'invalid_url', message: issuerWrong }] : tooLong('issuer', issuer)),
      ...(clientId === '' ? [{ field: 'clientId', code: 'required', message: 'required: the client id registered at the provider' }] : tooLong('clientId', clientId)),
      ...(secret === '' && !before ? [{ field: 'clientSecret', code: 'required', message: 'required the first time: the client secret the provider gave' }] : tooLong('clientSecret', secret)),
      ...(role !== null && !isProvisionRole(role) ? [{ field: 'provisionRole', code: 'invalid', message: `one of ${PROVISION_ROLES.join(', ')}, or none (only existing members sign in)${role === 'owner' ? ': the owner role is only given by an owner' : ''}` }] : []),
      ...tooLong('name', name),
    ];
    if (problems.length) throw invalid(problems);
    const now = this.ctx.clock();
    const sealed = secret === '' ? before!.clientSecretSealed : this.secrets().encrypt(Buffer.from(secret, 'utf8'), clientSecretContext(orgId));
    const saved = await this.ctx.store.transaction(async (tx) => {
      const s = await tx.ssoSettings.put({ orgId, issuer, clientId, clientSecretSealed: sealed, provisionRole: role as ProvisionRole | null, name, enabled: input.enabled ?? true, updatedAt: now.toISOString(), updatedBy: actor });
      await tx.auditLog.append(orgId, {
        actor, action: before ? 'sso_settings.updated' : 'sso_settings.created', entityType: 'sso_settings', entityId: orgId,
        before: before ? audited(before) : null, after: audited(s), detail: { clientSecretChanged: secret !== '' },
      }, now);
      return s;
    });
    if (before) this.sso.forget(before.issuer, before.clientId);
    this.sso.forget(saved.issuer, saved.clientId);
    return this.present(saved);
  }

  /** Removes the organization's settings (audited): people sign in with passwords again. Nothing saved: nothing to do. */
  async remove(orgId: string, actor: Actor): Promise<SsoSettingsView> {
    this.refuseWhenEnv();
    const now = this.ctx.clock();
    const gone = await this.ctx.store.transaction(async (tx) => {
      const s = await tx.ssoSettings.delete(orgId);
      if (s) await tx.auditLog.append(orgId, { actor, action: 'sso_settings.deleted', entityType: 'sso_settings', entityId: orgId, before: audited(s), after: null }, now);
      return s;
    });
    if (gone) this.sso.forget(gone.issuer, gone.clientId);
    return NONE;
  }

  /** Fetches the discovery document of `issuer` (default: the one in use) and says whether the provider answered. */
  async test(orgId: string, issuer?: string): Promise<SsoTestResult> {
    const given = issuer?.trim();
    if (given) {
      const problem = issuerProblem(given);
      if (problem) throw invalid([{ field: 'issuer', code: 'invalid_url', message: problem }]);
      return this.sso.discover(given);
    }
    const current = (await this.get(orgId)).issuer;
    if (!current) throw invalid([{ field: 'issuer', code: 'required', message: 'no issuer to test: enter one, or save the settings first' }]);
    return this.sso.discover(current);
  }
}
