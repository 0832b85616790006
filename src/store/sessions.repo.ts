import type { Queryable } from './db.js';
import type { Organization } from './organizations.repo.js';
import { iso } from './rows.js';
import { presentUser, type User } from './users.repo.js';

export interface Session {
  orgId: string;
  /** sha-256 of the secret in the client's cookie. */
  id: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

const present = (r: Record<string, unknown>): Session => ({
  orgId: String(r.org_id), id: String(r.id), userId: String(r.user_id), createdAt: iso(r.created_at), lastSeenAt: iso(r.last_seen_at), expiresAt: iso(r.expires_at),
});

export class SessionsRepo {
  constructor(private readonly q: Queryable) {}

  async insert(s: Session): Promise<Session> {
    const rows = await this.q.query(
      'INSERT INTO sessions (org_id, id, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
      [s.orgId, s.id, s.userId, s.createdAt, s.lastSeenAt, s.expiresAt],
    );
    return present(rows[0]!);
  }

  /**
   * The session with this id hash, with its user and organization, in one query; null when
   * unknown. With `withHead`, the organization's audit-log head too (a PostgreSQL server:
   * src/app/derived-cache.ts). Prepared: every signed-in request runs it.
   */
  async resolve(id: string, withHead = false): Promise<{ session: Session; user: User; org: Organization; auditHead: number | null } | null> {
    const head = withHead ? '(SELECT coalesce(max(a.seq), 0) FROM audit_log a WHERE a.org_id = s.org_id)' : 'NULL::bigint';
    const rows = await this.q.query(
      `SELECT s.org_id, s.id AS session_id, s.user_id, s.created_at AS session_created_at, s.last_seen_at, s.expires_at,
              u.id, u.email, u.name, u.role, u.created_at, u.totp_enabled_at, u.disabled_at, u.locked_until, u.last_login_at,
              o.name AS org_name, o.slug AS org_slug, o.created_at AS org_created_at,
              ${head} AS audit_head
       FROM sessions s JOIN users u ON u.org_id = s.org_id AND u.id = s.user_id JOIN organizations o ON o.id = s.org_id
       WHERE s.id = $1`,
      [id],
      { prepare: withHead ? 'session-resolve-head' : 'session-resolve' },
    );
    const r = rows[0];
    if (!r) return null;
    return {
      session: present({ ...r, id: r.session_id, created_at: r.session_created_at }),
      user: presentUser(r),
      org: { id: String(r.org_id), name: String(r.org_name), slug: String(r.org_slug), createdAt: iso(r.org_created_at) },
      auditHead: r.audit_head === null ? null : Number(r.audit_head),
    };
  }

  async touch(orgId: string, id: string, now: Date): Promise<void> {
    await this.q.query('UPDATE sessions SET last_seen_at = $3 WHERE org_id = $1 AND id = $2', [orgId, id, now.toISOString()]);
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    return (await this.q.query('DELETE FROM sessions WHERE org_id = $1 AND id = $2 RETURNING id', [orgId, id])).length > 0;
  }

  /** Signs a user out everywhere (password change, account disabled); returns how many sessions ended. */
  async deleteForUser(orgId: string, userId: string): Promise<number> {
    return (await this.q.query('DELETE FROM sessions WHERE org_id = $1 AND user_id = $2 RETURNING id', [orgId, userId])).length;
  }

  async countForUser(orgId: string, userId: string): Promise<number> {
    const rows = await this.q.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE org_id = $1 AND user_id = $2', [orgId, userId]);
    return rows[0]?.n ?? 0;
  }

  /** Housekeeping: removes sessions past their expiry or idle too long. */
  async deleteExpired(now: Date, idleSince: Date): Promise<number> {
    return (await this.q.query('DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2 RETURNING id', [now.toISOString(), idleSince.toISOString()])).length;
  }
}
