import { GENESIS_HASH, hashAuditEntry, type AuditEntry } from '../domain/audit-chain.js';
import { digestOf } from '../domain/hash.js';
import type { Queryable } from './db.js';
import { iso } from './rows.js';

export interface AuditEvent {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  detail?: Record<string, unknown>;
}

const present = (r: Record<string, unknown>): AuditEntry => ({
  orgId: String(r.org_id), seq: Number(r.seq), at: iso(r.at), actor: String(r.actor), action: String(r.action),
  entityType: String(r.entity_type), entityId: String(r.entity_id), beforeDigest: (r.before_digest as string | null) ?? null,
  afterDigest: (r.after_digest as string | null) ?? null, detail: (r.detail as Record<string, unknown>) ?? {},
  prevHash: String(r.prev_hash), hash: String(r.hash),
});

export interface AuditFilter {
  entityType?: string;
  /** `user:<id>`, `token:<id>`, `cli`, `system`. */
  actor?: string;
}

export class AuditLogRepo {
  constructor(private readonly q: Queryable) {}

  /**
   * Appends one entry. Must run inside the transaction of the change it records, so the
   * change and its entry commit together. Entries of one organization are serialized by
   * an advisory lock held to the end of that transaction.
   */
  async append(orgId: string, ev: AuditEvent, now: Date = new Date()): Promise<AuditEntry> {
    await this.q.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 42))', [orgId]);
    const last = await this.q.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log WHERE org_id = $1 ORDER BY seq DESC LIMIT 1', [orgId]);
    const prevHash = last[0]?.hash ?? GENESIS_HASH;
    const fields = {
      orgId, seq: (last[0]?.seq ?? 0) + 1, at: now.toISOString(), actor: ev.actor, action: ev.action, entityType: ev.entityType, entityId: ev.entityId,
      beforeDigest: digestOf(ev.before), afterDigest: digestOf(ev.after), detail: ev.detail ?? {},
    };
    const hash = hashAuditEntry(prevHash, fields);
    await this.q.query(
      `INSERT INTO audit_log (org_id, seq, at, actor, action, entity_type, entity_id, before_digest, after_digest, detail, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [orgId, fields.seq, fields.at, fields.actor, fields.action, fields.entityType, fields.entityId, fields.beforeDigest, fields.afterDigest, JSON.stringify(fields.detail), prevHash, hash],
    );
    return { ...fields, prevHash, hash };
  }

  /** Entries after `afterSeq`, oldest first, bounded. */
  async page(orgId: string, afterSeq = 0, limit = 500): Promise<AuditEntry[]> {
    const rows = await this.q.query('SELECT * FROM audit_log WHERE org_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [orgId, afterSeq, Math.min(limit, 5000)]);
    return rows.map(present);
  }

  /** Newest first, for display; only one entity type's or one actor's entries when asked. */
  async recent(orgId: string, limit = 50, beforeSeq?: number, filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const rows = await this.q.query(
      `SELECT * FROM audit_log WHERE org_id = $1 AND ($2::bigint IS NULL OR seq < $2)
         AND ($4::text IS NULL OR entity_type = $4) AND ($5::text IS NULL OR actor = $5)
       ORDER BY seq DESC LIMIT $3`,
      [orgId, beforeSeq ?? null, Math.min(limit, 500), filter.entityType ?? null, filter.actor ?? null],
    );
    return rows.map(present);
  }

  async findForEntity(orgId: string, entityType: string, entityId: string): Promise<AuditEntry[]> {
    const rows = await this.q.query('SELECT * FROM audit_log WHERE org_id = $1 AND entity_type = $2 AND entity_id = $3 ORDER BY seq LIMIT 1000', [orgId, entityType, entityId]);
    return rows.map(present);
  }
}
