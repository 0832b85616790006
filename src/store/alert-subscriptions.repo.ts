import type { AlertKind, DeliveryMode } from '../domain/alerts.js';
import { groupBy } from '../domain/group.js';
import type { Queryable } from './db.js';
import { iso } from './rows.js';

/** What one person hears about, and how. */
export interface AlertSubscription {
  orgId: string;
  userId: string;
  kinds: AlertKind[];
  mode: DeliveryMode;
  updatedAt: string;
}

/** A subscriber with the address and state of their account. */
export interface Subscriber extends AlertSubscription {
  email: string;
  name: string;
}

const present = (r: Record<string, unknown>): AlertSubscription => ({
  orgId: String(r.org_id), userId: String(r.user_id), kinds: (typeof r.kinds === 'string' ? JSON.parse(r.kinds) : r.kinds) as AlertKind[],
  mode: r.mode as DeliveryMode, updatedAt: iso(r.updated_at),
});

const presentSubscriber = (r: Record<string, unknown>): Subscriber => ({ ...present(r), email: String(r.email), name: String(r.name) });

/** Active (not disabled) people of organization $1 who chose mode $2. */
const SUBSCRIBERS = `SELECT s.*, u.email, u.name FROM alert_subscriptions s JOIN users u ON u.org_id = s.org_id AND u.id = s.user_id
  WHERE s.org_id = $1 AND s.mode = $2 AND u.disabled_at IS NULL`;

export class AlertSubscriptionsRepo {
  constructor(private readonly q: Queryable) {}

  async get(orgId: string, userId: string): Promise<AlertSubscription | null> {
    const rows = await this.q.query('SELECT * FROM alert_subscriptions WHERE org_id = $1 AND user_id = $2', [orgId, userId]);
    return rows[0] ? present(rows[0]) : null;
  }

  async upsert(s: AlertSubscription): Promise<AlertSubscription> {
    const rows = await this.q.query(
      `INSERT INTO alert_subscriptions (org_id, user_id, kinds, mode, updated_at) VALUES ($1, $2, $3::jsonb, $4, $5)
       ON CONFLICT (org_id, user_id) DO UPDATE SET kinds = EXCLUDED.kinds, mode = EXCLUDED.mode, updated_at = EXCLUDED.updated_at
       RETURNING *`,
      [s.orgId, s.userId, JSON.stringify(s.kinds), s.mode, s.updatedAt],
    );
    return present(rows[0]!);
  }

  /** Active (not disabled) people who chose `mode`; bounded. */
  async findSubscribers(orgId: string, mode: DeliveryMode, limit = 1000): Promise<Subscriber[]> {
    const rows = await this.q.query(`${SUBSCRIBERS} ORDER BY u.email LIMIT $3`, [orgId, mode, limit]);
    return rows.map(presentSubscriber);
  }

  /** For each of `kinds`, the active people who chose `mode` and take that kind (by email, at most `limit` each). */
  async findSubscribersByKind(orgId: string, mode: DeliveryMode, kinds: readonly AlertKind[], limit = 1000): Promise<Map<AlertKind, Subscriber[]>> {
    const rows = await this.q.query(
      `SELECT k.kind AS for_kind, x.* FROM unnest($3::text[]) AS k(kind) CROSS JOIN LATERAL (
         ${SUBSCRIBERS} AND s.kinds @> jsonb_build_array(k.kind) ORDER BY u.email LIMIT $4) x
       ORDER BY k.kind, x.email`,
      [orgId, mode, [...new Set(kinds)], limit],
    );
    return groupBy(rows, (r) => r.for_kind as AlertKind, presentSubscriber);
  }
}
