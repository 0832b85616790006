import type { AlertEvent, AlertKind, AlertSubject } from '../domain/alerts.js';
import type { Queryable } from './db.js';
import { bounded, iso, isoOrNull, type Page } from './rows.js';

export type DeliveryChannel = 'webhook' | 'email';
export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** One message to one destination, and how its attempts went. */
export interface AlertDelivery {
  orgId: string;
  id: string;
  key: string;
  channel: DeliveryChannel;
  eventId: string | null;
  webhookId: string | null;
  userId: string | null;
  /** What the message went to, for the log: the endpoint's host, or the person's email. */
  target: string;
  state: DeliveryState;
  attempts: number;
  statusCode: number | null;
  error: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
}

const presentEvent = (r: Record<string, unknown>): AlertEvent => ({
  orgId: String(r.org_id), id: String(r.id), kind: r.kind as AlertKind, subjectType: r.subject_type as AlertSubject, subjectId: String(r.subject_id),
  subjectTitle: String(r.subject_title), before: r.before_status === null ? null : String(r.before_status), after: r.after_status === null ? null : String(r.after_status),
  detail: String(r.detail), at: iso(r.at),
});

const presentDelivery = (r: Record<string, unknown>): AlertDelivery => ({
  orgId: String(r.org_id), id: String(r.id), key: String(r.key), channel: r.channel as DeliveryChannel,
  eventId: r.event_id === null ? null : String(r.event_id), webhookId: r.webhook_id === null ? null : String(r.webhook_id), userId: r.user_id === null ? null : String(r.user_id),
  target: String(r.target), state: r.state as DeliveryState, attempts: Number(r.attempts), statusCode: r.status_code === null ? null : Number(r.status_code),
  error: r.error === null ? null : String(r.error), createdAt: iso(r.created_at), lastAttemptAt: isoOrNull(r.last_attempt_at), deliveredAt: isoOrNull(r.delivered_at),
});

export class AlertsRepo {
  constructor(private readonly q: Queryable) {}

  /**
   * Serializes status-change detection per organization until the transaction ends: two
   * evaluations committing at once would otherwise both see the old status and raise the same
   * alert twice.
   */
  async lockDetection(orgId: string): Promise<void> {
    await this.q.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 8008))', [orgId]);
  }

  /** Each control's status as alerts last recorded it. */
  async controlStates(orgId: string): Promise<Map<string, string>> {
    const rows = await this.q.query<{ control_id: string; status: string }>('SELECT control_id, status FROM alert_control_state WHERE org_id = $1', [orgId]);
    return new Map(rows.map((r) => [r.control_id, r.status]));
  }

  async setControlStates(orgId: string, states: { controlId: string; status: string }[], now: Date): Promise<void> {
    if (states.length === 0) return;
    await this.q.query(
      `INSERT INTO alert_control_state (org_id, control_id, status, updated_at)
       SELECT $1, c.id, c.status, $4 FROM unnest($2::text[], $3::text[]) AS c(id, status)
       ON CONFLICT (org_id, control_id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
       WHERE alert_control_state.status <> EXCLUDED.status`,
      [orgId, states.map((s) => s.controlId), states.map((s) => s.status), now.toISOString()],
    );
  }

  /** Inserts the events in one statement; returns them in the order given. */
  async insertEvents(events: readonly AlertEvent[]): Promise<AlertEvent[]> {
    if (events.length === 0) return [];
    const rows = await this.q.query(
      `INSERT INTO alert_events (org_id, id, kind, subject_type, subject_id, subject_title, before_status, after_status, detail, at)
       SELECT e.org_id, e.id, e.kind, e.subject_type, e.subject_id, e.subject_title, e.before_status, e.after_status, e.detail, e.at::timestamptz
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
         AS e(org_id, id, kind, subject_type, subject_id, subject_title, before_status, after_status, detail, at)
       RETURNING *`,
      [
        events.map((e) => e.orgId), events.map((e) => e.id), events.map((e) => e.kind), events.map((e) => e.subjectType), events.map((e) => e.subjectId),
        events.map((e) => e.subjectTitle), events.map((e) => e.before), events.map((e) => e.after), events.map((e) => e.detail), events.map((e) => e.at),
      ],
    );
    const byId = new Map(rows.map((r) => [String(r.id), presentEvent(r)]));
    return events.map((e) => byId.get(e.id)!);
  }

  async getEvent(orgId: string, id: string): Promise<AlertEvent | null> {
    const rows = await this.q.query('SELECT * FROM alert_events WHERE org_id = $1 AND id = $2', [orgId, id]);
    return rows[0] ? presentEvent(rows[0]) : null;
  }

  /** Newest first. */
  async findEvents(orgId: string, page?: Page): Promise<AlertEvent[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query('SELECT * FROM alert_events WHERE org_id = $1 ORDER BY at DESC, id LIMIT $2 OFFSET $3', [orgId, limit, offset]);
    return rows.map(presentEvent);
  }

  /**
   * Events at or after `from` and before `to`, of the given kinds, oldest first; bounded: at
   * most `limit` of each kind, so the first `limit` of any subset of the kinds are all there.
   */
  async findEventsBetween(orgId: string, from: Date, to: Date, kinds: readonly AlertKind[], limit = 500): Promise<AlertEvent[]> {
    const rows = await this.q.query(
      `SELECT e.* FROM unnest($4::text[]) AS k(kind) CROSS JOIN LATERAL (
         SELECT * FROM alert_events WHERE org_id = $1 AND at >= $2 AND at < $3 AND kind = k.kind ORDER BY at, id LIMIT $5) e
       ORDER BY e.at, e.id`,
      [orgId, from.toISOString(), to.toISOString(), [...new Set(kinds)], limit],
    );
    return rows.map(presentEvent);
  }

  /** Records a delivery to come; the existing one when its key is already there. */
  async insertDelivery(d: Pick<AlertDelivery, 'orgId' | 'id' | 'key' | 'channel' | 'eventId' | 'webhookId' | 'userId' | 'target' | 'createdAt'>): Promise<AlertDelivery> {
    const rows = await this.q.query(
      `INSERT INTO alert_deliveries (org_id, id, key, channel, event_id, webhook_id, user_id, target, state, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9) ON CONFLICT (org_id, key) DO NOTHING RETURNING *`,
      [d.orgId, d.id, d.key, d.channel, d.eventId, d.webhookId, d.userId, d.target, d.createdAt],
    );
    if (rows[0]) return presentDelivery(rows[0]);
    return (await this.getDeliveryByKey(d.orgId, d.key))!;
  }

  /** Records deliveries to come in one statement; a key already there is left as it is. */
  async insertDeliveries(ds: readonly Pick<AlertDelivery, 'orgId' | 'id' | 'key' | 'channel' | 'eventId' | 'webhookId' | 'userId' | 'target' | 'createdAt'>[]): Promise<void> {
    if (ds.length === 0) return;
    await this.q.query(
      `INSERT INTO alert_deliveries (org_id, id, key, channel, event_id, webhook_id, user_id, target, state, created_at)
       SELECT d.org_id, d.id, d.key, d.channel, d.event_id, d.webhook_id, d.user_id, d.target, 'pending', d.created_at::timestamptz
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::text[])
         AS d(org_id, id, key, channel, event_id, webhook_id, user_id, target, created_at)
       ON CONFLICT (org_id, key) DO NOTHING`,
      [
        ds.map((d) => d.orgId), ds.map((d) => d.id), ds.map((d) => d.key), ds.map((d) => d.channel), ds.map((d) => d.eventId),
        ds.map((d) => d.webhookId), ds.map((d) => d.userId), ds.map((d) => d.target), ds.map((d) => d.createdAt),
      ],
    );
  }

  async getDeliveryByKey(orgId: string, key: string): Promise<AlertDelivery | null> {
    const rows = await this.q.query('SELECT * FROM alert_deliveries WHERE org_id = $1 AND key = $2', [orgId, key]);
    return rows[0] ? presentDelivery(rows[0]) : null;
  }

  /** Records one attempt: delivered, or still pending (a retry follows) or failed (the last). */
  async recordAttempt(orgId: string, key: string, outcome: { state: DeliveryState; statusCode: number | null; error: string | null }, now: Date): Promise<AlertDelivery | null> {
    const rows = await this.q.query(
      `UPDATE alert_deliveries SET attempts = attempts + 1, state = $3, status_code = $4, error = $5, last_attempt_at = $6,
         delivered_at = CASE WHEN $3 = 'delivered' THEN $6::timestamptz ELSE delivered_at END
       WHERE org_id = $1 AND key = $2 RETURNING *`,
      [orgId, key, outcome.state, outcome.statusCode, outcome.error, now.toISOString()],
    );
    return rows[0] ? presentDelivery(rows[0]) : null;
  }

  /**
   * Ends as failed, with `error`, the organization's pending deliveries of alert events whose
   * deliver-alert job (same key) will never run again: given up by the queue after its worker
   * stopped during the last attempt (its lease ran out with no attempt left), ended without the
   * attempt being recorded, or gone. Nothing else would end them, and retention keeps an event
   * while a delivery of it is pending. A job still queued, or running under a live lease or with
   * attempts left (another worker takes it over), keeps its delivery pending. At most `limit`,
   * oldest first; returns how many.
   */
  async failStranded(orgId: string, now: Date, error: string, limit: number): Promise<number> {
    const rows = await this.q.query(
      `WITH stranded AS (
         SELECT d.id FROM alert_deliveries d
         WHERE d.org_id = $1 AND d.state = 'pending' AND d.event_id IS NOT NULL
           AND NOT EXISTS (
             SELECT 1 FROM jobs j WHERE j.org_id = d.org_id AND j.idempotency_key = d.key
               AND (j.state = 'queued' OR (j.state = 'running' AND (j.lease_until >= $2 OR j.attempts < j.max_attempts))))
         ORDER BY d.created_at, d.id LIMIT $4 FOR UPDATE OF d)
       UPDATE alert_deliveries d SET state = 'failed', status_code = NULL, error = $3
       FROM stranded WHERE d.org_id = $1 AND d.id = stranded.id AND d.state = 'pending'
       RETURNING 1 AS failed`,
      [orgId, now.toISOString(), error, limit],
    );
    return rows.length;
  }

  /**
   * Retention (the prune-alerts job): deletes the organization's events raised before `before`
   * with their deliveries, at most `limit` events, oldest first, but never an event that has a
   * delivery still pending (queued or between retries). Then, at most `limit` again, deliveries
   * of no stored event (daily digests, test sends) created before `before`, pending or not: a
   * digest or test send still pending after the retention period was cut off long ago (its
   * attempts span hours), and no job of an alert names it to end it as failed.
   * Returns what went, and whether more remain past the limits.
   */
  async prune(orgId: string, before: Date, limit: number): Promise<{ events: number; deliveries: number; more: boolean }> {
    const doomed = await this.q.query<{ id: string }>(
      `SELECT e.id FROM alert_events e
       WHERE e.org_id = $1 AND e.at < $2
         AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.org_id = e.org_id AND d.event_id = e.id AND d.state = 'pending')
       ORDER BY e.at, e.id LIMIT $3 FOR UPDATE`,
      [orgId, before.toISOString(), limit + 1],
    );
    const ids = doomed.slice(0, limit).map((r) => r.id);
    let deliveries = 0;
    let events = 0;
    if (ids.length) {
      deliveries += (await this.q.query('DELETE FROM alert_deliveries WHERE org_id = $1 AND event_id = ANY($2::uuid[]) RETURNING 1 AS gone', [orgId, ids])).length;
      events = (await this.q.query('DELETE FROM alert_events WHERE org_id = $1 AND id = ANY($2::uuid[]) RETURNING 1 AS gone', [orgId, ids])).length;
    }
    const loose = await this.q.query<{ id: string }>(
      `SELECT id FROM alert_deliveries WHERE org_id = $1 AND event_id IS NULL AND created_at < $2
       ORDER BY created_at, id LIMIT $3 FOR UPDATE`,
      [orgId, before.toISOString(), limit + 1],
    );
    const looseIds = loose.slice(0, limit).map((r) => r.id);
    if (looseIds.length) {
      deliveries += (await this.q.query(`DELETE FROM alert_deliveries WHERE org_id = $1 AND id = ANY($2::uuid[]) RETURNING 1 AS gone`, [orgId, looseIds])).length;
    }
    return { events, deliveries, more: doomed.length > limit || loose.length > limit };
  }

  /** Newest first. */
  async findDeliveries(orgId: string, page?: Page): Promise<AlertDelivery[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query('SELECT * FROM alert_deliveries WHERE org_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3', [orgId, limit, offset]);
    return rows.map(presentDelivery);
  }
}
