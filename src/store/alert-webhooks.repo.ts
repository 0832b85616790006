import type { AlertKind } from '../domain/alerts.js';
import { groupBy } from '../domain/group.js';
import type { Queryable } from './db.js';
import { bounded, iso, type Page } from './rows.js';

/** A webhook endpoint of an organization; the HMAC secret stays sealed. */
export interface AlertWebhook {
  orgId: string;
  id: string;
  name: string;
  url: string;
  secretSealed: string;
  kinds: AlertKind[];
  enabled: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

const present = (r: Record<string, unknown>): AlertWebhook => ({
  orgId: String(r.org_id), id: String(r.id), name: String(r.name), url: String(r.url), secretSealed: String(r.secret_sealed),
  kinds: (typeof r.kinds === 'string' ? JSON.parse(r.kinds) : r.kinds) as AlertKind[], enabled: Boolean(r.enabled),
  createdBy: String(r.created_by), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
});

export class AlertWebhooksRepo {
  constructor(private readonly q: Queryable) {}

  async insert(w: Omit<AlertWebhook, 'updatedAt'>): Promise<AlertWebhook> {
    const rows = await this.q.query(
      `INSERT INTO alert_webhooks (org_id, id, name, url, secret_sealed, kinds, enabled, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $9) RETURNING *`,
      [w.orgId, w.id, w.name, w.url, w.secretSealed, JSON.stringify(w.kinds), w.enabled, w.createdBy, w.createdAt],
    );
    return present(rows[0]!);
  }

  async getById(orgId: string, id: string): Promise<AlertWebhook | null> {
    const rows = await this.q.query('SELECT * FROM alert_webhooks WHERE org_id = $1 AND id = $2', [orgId, id]);
    return rows[0] ? present(rows[0]) : null;
  }

  /** Oldest first. */
  async findByOrg(orgId: string, page?: Page): Promise<AlertWebhook[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query('SELECT * FROM alert_webhooks WHERE org_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3', [orgId, limit, offset]);
    return rows.map(present);
  }

  /** For each of `kinds`, the enabled endpoints that take it (oldest first, at most 100 each). */
  async findForKinds(orgId: string, kinds: readonly AlertKind[]): Promise<Map<AlertKind, AlertWebhook[]>> {
    const rows = await this.q.query(
      `SELECT k.kind AS for_kind, w.* FROM unnest($2::text[]) AS k(kind) CROSS JOIN LATERAL (
         SELECT * FROM alert_webhooks WHERE org_id = $1 AND enabled AND kinds @> jsonb_build_array(k.kind) ORDER BY created_at, id LIMIT 100) w
       ORDER BY k.kind, w.created_at, w.id`,
      [orgId, [...new Set(kinds)]],
    );
    return groupBy(rows, (r) => r.for_kind as AlertKind, present);
  }

  async update(orgId: string, id: string, patch: { name?: string; url?: string; kinds?: AlertKind[]; enabled?: boolean }, now: Date): Promise<AlertWebhook | null> {
    const rows = await this.q.query(
      `UPDATE alert_webhooks SET name = COALESCE($3, name), url = COALESCE($4, url), kinds = COALESCE($5::jsonb, kinds),
         enabled = COALESCE($6, enabled), updated_at = $7
       WHERE org_id = $1 AND id = $2 RETURNING *`,
      [orgId, id, patch.name ?? null, patch.url ?? null, patch.kinds ? JSON.stringify(patch.kinds) : null, patch.enabled ?? null, now.toISOString()],
    );
    return rows[0] ? present(rows[0]) : null;
  }

  async delete(orgId: string, id: string): Promise<AlertWebhook | null> {
    const rows = await this.q.query('DELETE FROM alert_webhooks WHERE org_id = $1 AND id = $2 RETURNING *', [orgId, id]);
    return rows[0] ? present(rows[0]) : null;
  }
}
