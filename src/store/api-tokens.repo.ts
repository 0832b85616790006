import type { Queryable } from './db.js';
import type { Organization } from './organizations.repo.js';
import { bounded, iso, isoOrNull, type Page } from './rows.js';
import type { Role } from './users.repo.js';

export interface ApiToken {
  orgId: string;
  id: string;
  name: string;
  /** The first characters of the token, to recognize it in a list (`att_AbCd…`). */
  prefix: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const present = (r: Record<string, unknown>): ApiToken => ({
  orgId: String(r.org_id), id: String(r.id), name: String(r.name), prefix: String(r.prefix), role: r.role as Role, createdBy: String(r.created_by),
  createdAt: iso(r.created_at), expiresAt: isoOrNull(r.expires_at), lastUsedAt: isoOrNull(r.last_used_at), revokedAt: isoOrNull(r.revoked_at),
});

export class ApiTokensRepo {
  constructor(private readonly q: Queryable) {}

  async insert(t: Omit<ApiToken, 'lastUsedAt' | 'revokedAt'> & { tokenHash: string }): Promise<ApiToken> {
    const rows = await this.q.query(
      `INSERT INTO api_tokens (org_id, id, name, token_hash, prefix, role, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [t.orgId, t.id, t.name, t.tokenHash, t.prefix, t.role, t.createdBy, t.createdAt, t.expiresAt],
    );
    return present(rows[0]!);
  }

  async getById(orgId: string, id: string): Promise<ApiToken | null> {
    const rows = await this.q.query('SELECT * FROM api_tokens WHERE org_id = $1 AND id = $2', [orgId, id]);
    return rows[0] ? present(rows[0]) : null;
  }

  /** Newest first. */
  async findByOrg(orgId: string, page?: Page): Promise<ApiToken[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query('SELECT * FROM api_tokens WHERE org_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3', [orgId, limit, offset]);
    return rows.map(present);
  }

  /** The token with this hash and its organization, whatever its state (the caller judges expiry and revocation). */
  /**
   * The token and its organization, with the organization's audit-log head read in the same
   * statement when `withHead` (a PostgreSQL server: src/app/derived-cache.ts; the embedded
   * database needs no head, and there the extra read halved the requests served). Prepared: every
   * API request runs it. Its columns are named, not `t.*`, so a column added by a later migration
   * does not change a prepared statement's result.
   */
  async resolve(tokenHash: string, withHead = false): Promise<{ token: ApiToken; org: Organization; auditHead: number | null } | null> {
    const head = withHead ? '(SELECT coalesce(max(a.seq), 0) FROM audit_log a WHERE a.org_id = t.org_id)' : 'NULL::bigint';
    const rows = await this.q.query(
      `SELECT t.org_id, t.id, t.name, t.prefix, t.role, t.created_by, t.created_at, t.expires_at, t.last_used_at, t.revoked_at, o.name AS org_name,
         o.slug AS org_slug, o.created_at AS org_created_at, ${head} AS audit_head
       FROM api_tokens t JOIN organizations o ON o.id = t.org_id WHERE t.token_hash = $1`,
      [tokenHash],
      { prepare: withHead ? 'api-token-resolve-head' : 'api-token-resolve' },
    );
    const r = rows[0];
    if (!r) return null;
    return {
      token: present(r), org: { id: String(r.org_id), name: String(r.org_name), slug: String(r.org_slug), createdAt: iso(r.org_created_at) },
      auditHead: r.audit_head === null ? null : Number(r.audit_head),
    };
  }

  async touch(orgId: string, id: string, now: Date): Promise<void> {
    await this.q.query('UPDATE api_tokens SET last_used_at = $3 WHERE org_id = $1 AND id = $2', [orgId, id, now.toISOString()]);
  }

  /** Revokes a live token; null when there is no such token, the token unchanged when it was already revoked. */
  async revoke(orgId: string, id: string, now: Date): Promise<ApiToken | null> {
    const rows = await this.q.query('UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE org_id = $1 AND id = $2 RETURNING *', [orgId, id, now.toISOString()]);
    return rows[0] ? present(rows[0]) : null;
  }
}
