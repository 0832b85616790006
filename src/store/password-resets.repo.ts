import type { Queryable } from './db.js';
import { iso, isoOrNull } from './rows.js';

export interface PasswordReset {
  orgId: string;
  id: string;
  userId: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

const present = (r: Record<string, unknown>): PasswordReset => ({
  orgId: String(r.org_id), id: String(r.id), userId: String(r.user_id), createdBy: String(r.created_by), createdAt: iso(r.created_at), expiresAt: iso(r.expires_at), usedAt: isoOrNull(r.used_at),
});

export class PasswordResetsRepo {
  constructor(private readonly q: Queryable) {}

  async insert(p: Omit<PasswordReset, 'usedAt'> & { tokenHash: string }): Promise<PasswordReset> {
    const rows = await this.q.query(
      'INSERT INTO password_resets (org_id, id, user_id, token_hash, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
      [p.orgId, p.id, p.userId, p.tokenHash, p.createdBy, p.createdAt, p.expiresAt],
    );
    return present(rows[0]!);
  }

  async findByHash(tokenHash: string): Promise<PasswordReset | null> {
    const rows = await this.q.query('SELECT * FROM password_resets WHERE token_hash = $1', [tokenHash]);
    return rows[0] ? present(rows[0]) : null;
  }

  /** Uses a live reset link; false when it was used or expired meanwhile. */
  async use(orgId: string, id: string, now: Date): Promise<boolean> {
    const rows = await this.q.query('UPDATE password_resets SET used_at = $3 WHERE org_id = $1 AND id = $2 AND used_at IS NULL AND expires_at > $3 RETURNING id', [orgId, id, now.toISOString()]);
    return rows.length > 0;
  }

  /** Ends every outstanding link of a user (a newer link, or the password changed). */
  async invalidateForUser(orgId: string, userId: string, now: Date): Promise<number> {
    return (await this.q.query('UPDATE password_resets SET used_at = $3 WHERE org_id = $1 AND user_id = $2 AND used_at IS NULL RETURNING id', [orgId, userId, now.toISOString()])).length;
  }
}
