import type { Queryable } from './db.js';
import { iso } from './rows.js';
import type { Role } from './users.repo.js';

/** An organization's single sign-on settings; the client secret stays sealed. */
export interface SsoSettings {
  orgId: string;
  issuer: string;
  clientId: string;
  clientSecretSealed: string;
  provisionRole: Role | null;
  name: string;
  enabled: boolean;
  updatedAt: string;
  updatedBy: string;
}

/** An organization people may sign in to with single sign-on, for the sign-in page. */
export interface SsoEntry {
  orgId: string;
  slug: string;
  organizationName: string;
  name: string;
}

const present = (r: Record<string, unknown>): SsoSettings => ({
  orgId: String(r.org_id), issuer: String(r.issuer), clientId: String(r.client_id), clientSecretSealed: String(r.client_secret_sealed),
  provisionRole: (r.provision_role as Role | null) ?? null, name: String(r.name), enabled: Boolean(r.enabled),
  updatedAt: iso(r.updated_at), updatedBy: String(r.updated_by),
});

export class SsoSettingsRepo {
  constructor(private readonly q: Queryable) {}

  async get(orgId: string): Promise<SsoSettings | null> {
    const rows = await this.q.query('SELECT * FROM sso_settings WHERE org_id = $1', [orgId]);
    return rows[0] ? present(rows[0]) : null;
  }

  /** Creates or replaces the organization's settings. */
  async put(s: SsoSettings): Promise<SsoSettings> {
    const rows = await this.q.query(
      `INSERT INTO sso_settings (org_id, issuer, client_id, client_secret_sealed, provision_role, name, enabled, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (org_id) DO UPDATE SET issuer = EXCLUDED.issuer, client_id = EXCLUDED.client_id,
         client_secret_sealed = EXCLUDED.client_secret_sealed, provision_role = EXCLUDED.provision_role, name = EXCLUDED.name,
         enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
       RETURNING *`,
      [s.orgId, s.issuer, s.clientId, s.clientSecretSealed, s.provisionRole, s.name, s.enabled, s.updatedAt, s.updatedBy],
    );
    return present(rows[0]!);
  }

  async delete(orgId: string): Promise<SsoSettings | null> {
    const rows = await this.q.query('DELETE FROM sso_settings WHERE org_id = $1 RETURNING *', [orgId]);
    return rows[0] ? present(rows[0]) : null;
  }

  /** Organizations whose single sign-on is on, by name (at most `limit`). */
  async listEnabled(limit = 100): Promise<SsoEntry[]> {
    const rows = await this.q.query(
      `SELECT s.org_id, o.slug, o.name AS organization_name, s.name FROM sso_settings s JOIN organizations o ON o.id = s.org_id
       WHERE s.enabled ORDER BY o.name, o.slug LIMIT $1`,
      [Math.min(Math.max(limit, 1), 1000)],
    );
    return rows.map((r) => ({ orgId: String(r.org_id), slug: String(r.slug), organizationName: String(r.organization_name), name: String(r.name) }));
  }
}
