import type { Queryable } from './db.js';
import type { Organization } from './organizations.repo.js';
import { bounded, iso, isoOrNull, type Page } from './rows.js';
import type { Role } from './users.repo.js';

export interface Invitation {
  orgId: string;
  id: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  acceptedUserId: string | null;
  revokedAt: string | null;
  /** An auditor's invitation names the audit accepting it assigns (migrations/0009). */
  auditId: string | null;
}

const present = (r: Record<string, unknown>): Invitation => ({
  orgId: String(r.org_id), id: String(r.id), email: String(r.email), role: r.role as Role, invitedBy: String(r.invited_by), createdAt: iso(r.created_at),
  expiresAt: iso(r.expires_at), acceptedAt: isoOrNull(r.accepted_at), acceptedUserId: (r.accepted_user_id as string | null) ?? null, revokedAt: isoOrNull(r.revoked_at),
  auditId: (r.audit_id as string | null | undefined) ?? null,
});

export class InvitationsRepo {
  constructor(private readonly q: Queryable) {}

  async insert(i: Omit<Invitation, 'acceptedAt' | 'acceptedUserId' | 'revokedAt' | 'auditId'> & { tokenHash: string; auditId?: string | null }): Promise<Invitation> {
    const rows = await this.q.query(
      `INSERT INTO invitations (org_id, id, email, role, token_hash, invited_by, created_at, expires_at, audit_id)
       VALUES ($1, $2, lower($3), $4, $5, $6, $7, $8, $9) RETURNING *`,
      [i.orgId, i.id, i.email, i.role, i.tokenHash, i.invitedBy, i.createdAt, i.expiresAt, i.auditId ?? null],
    );
    return present(rows[0]!);
  }

  async getById(orgId: string, id: string): Promise<Invitation | null> {
    const rows = await this.q.query('SELECT * FROM invitations WHERE org_id = $1 AND id = $2', [orgId, id]);
    return rows[0] ? present(rows[0]) : null;
  }

  /** Newest first. */
  async findByOrg(orgId: string, page?: Page): Promise<Invitation[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query('SELECT * FROM invitations WHERE org_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3', [orgId, limit, offset]);
    return rows.map(present);
  }

  async findByHash(tokenHash: string): Promise<{ invitation: Invitation; org: Organization } | null> {
    const rows = await this.q.query(
      `SELECT i.*, o.name AS org_name, o.slug AS org_slug, o.created_at AS org_created_at
       FROM invitations i JOIN organizations o ON o.id = i.org_id WHERE i.token_hash = $1`,
      [tokenHash],
    );
    const r = rows[0];
    if (!r) return null;
    return { invitation: present(r), org: { id: String(r.org_id), name: String(r.org_name), slug: String(r.org_slug), createdAt: iso(r.org_created_at) } };
  }

  /** Marks a pending invitation accepted; false when it was accepted, revoked or expired meanwhile. */
  async accept(orgId: string, id: string, userId: string, now: Date): Promise<boolean> {
    const rows = await this.q.query(
      `UPDATE invitations SET accepted_at = $4, accepted_user_id = $3
       WHERE org_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $4 RETURNING id`,
      [orgId, id, userId, now.toISOString()],
    );
    return rows.length > 0;
  }

  async revoke(orgId: string, id: string, now: Date): Promise<Invitation | null> {
    const rows = await this.q.query(
      'UPDATE invitations SET revoked_at = COALESCE(revoked_at, $3) WHERE org_id = $1 AND id = $2 AND accepted_at IS NULL RETURNING *',
      [orgId, id, now.toISOString()],
    );
    return rows[0] ? present(rows[0]) : null;
  }
}
