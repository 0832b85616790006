import type { Queryable } from './db.js';
import { bounded, iso, isoOrNull, type Page } from './rows.js';

export type Role = 'owner' | 'admin' | 'member' | 'auditor' | 'viewer';
export interface User {
  orgId: string;
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  /** Two-factor sign-in is on (a confirmed TOTP secret). */
  twoFactor: boolean;
  disabledAt: string | null;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}

/** What sign-in needs; never presented to a client. */
export interface UserCredentials {
  passwordHash: string | null;
  /** Encrypted with the server key (see src/app/secrets.ts). */
  totpSecret: string | null;
  totpPendingSecret: string | null;
  totpLastStep: number | null;
  recoveryCodeHashes: string[];
  failedLogins: number;
  lockedUntil: string | null;
}

const present = (r: Record<string, unknown>): User => ({
  orgId: String(r.org_id), id: String(r.id), email: String(r.email), name: String(r.name), role: r.role as Role, createdAt: iso(r.created_at),
  twoFactor: r.totp_enabled_at !== null && r.totp_enabled_at !== undefined, disabledAt: isoOrNull(r.disabled_at),
  lockedUntil: isoOrNull(r.locked_until), lastLoginAt: isoOrNull(r.last_login_at),
});

/** The users columns a joined query must select (prefixed `u.`) to present a User. */
export const USER_COLUMNS = ['org_id', 'id', 'email', 'name', 'role', 'created_at', 'totp_enabled_at', 'disabled_at', 'locked_until', 'last_login_at'];
export const presentUser = present;

export class UsersRepo {
  constructor(private readonly q: Queryable) {}

  async insert(u: { orgId: string; id: string; email: string; name: string; role: Role; passwordHash?: string | null; now?: Date }): Promise<User> {
    const rows = await this.q.query(
      `INSERT INTO users (org_id, id, email, name, role, password_hash, password_changed_at, created_at)
       VALUES ($1, $2, lower($3), $4, $5, $6, CASE WHEN $6::text IS NULL THEN NULL ELSE $7::timestamptz END, $7::timestamptz) RETURNING *`,
      [u.orgId, u.id, u.email, u.name, u.role, u.passwordHash ?? null, (u.now ?? new Date()).toISOString()],
    );
    return present(rows[0]!);
  }

  async getById(orgId: string, id: string): Promise<User | null> {
    const rows = await this.q.query('SELECT * FROM users WHERE org_id = $1 AND id = $2', [orgId, id]);
    return rows[0] ? present(rows[0]) : null;
  }

  async findByEmail(orgId: string, email: string): Promise<User | null> {
    const rows = await this.q.query('SELECT * FROM users WHERE org_id = $1 AND email = lower($2)', [orgId, email]);
    return rows[0] ? present(rows[0]) : null;
  }

  /** Sign-in by email: the accounts with this email in any organization (a few at most). */
  async findByEmailInAnyOrg(email: string, limit = 20): Promise<User[]> {
    const rows = await this.q.query('SELECT * FROM users WHERE email = lower($1) ORDER BY created_at, org_id LIMIT $2', [email, Math.min(limit, 100)]);
    return rows.map(present);
  }

  async findByOrg(orgId: string, page?: Page): Promise<User[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query('SELECT * FROM users WHERE org_id = $1 ORDER BY email LIMIT $2 OFFSET $3', [orgId, limit, offset]);
    return rows.map(present);
  }

  async countByOrg(orgId: string): Promise<number> {
    const rows = await this.q.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE org_id = $1', [orgId]);
    return rows[0]?.n ?? 0;
  }

  /** Whether any account exists in any organization (first-run setup). */
  async anyExists(): Promise<boolean> {
    const rows = await this.q.query('SELECT 1 FROM users LIMIT 1');
    return rows.length > 0;
  }

  async countActiveOwners(orgId: string): Promise<number> {
    const rows = await this.q.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE org_id = $1 AND role = 'owner' AND disabled_at IS NULL", [orgId]);
    return rows[0]?.n ?? 0;
  }

  async getCredentials(orgId: string, id: string): Promise<UserCredentials | null> {
    const rows = await this.q.query('SELECT * FROM users WHERE org_id = $1 AND id = $2', [orgId, id]);
    const r = rows[0];
    if (!r) return null;
    return {
      passwordHash: (r.password_hash as string | null) ?? null, totpSecret: (r.totp_secret as string | null) ?? null,
      totpPendingSecret: (r.totp_pending_secret as string | null) ?? null,
      totpLastStep: r.totp_last_step === null || r.totp_last_step === undefined ? null : Number(r.totp_last_step),
      recoveryCodeHashes: (r.recovery_code_hashes as string[] | null) ?? [], failedLogins: Number(r.failed_logins), lockedUntil: isoOrNull(r.locked_until),
    };
  }

  async update(orgId: string, id: string, patch: { role?: Role; name?: string; disabled?: boolean }, now: Date): Promise<User | null> {
    const rows = await this.q.query(
      `UPDATE users SET role = COALESCE($3, role), name = COALESCE($4, name),
         disabled_at = CASE WHEN $5::boolean IS NULL THEN disabled_at WHEN $5 THEN COALESCE(disabled_at, $6::timestamptz) ELSE NULL END
       WHERE org_id = $1 AND id = $2 RETURNING *`,
      [orgId, id, patch.role ?? null, patch.name ?? null, patch.disabled ?? null, now.toISOString()],
    );
    return rows[0] ? present(rows[0]) : null;
  }

  /** A new password also lifts a lockout. */
  async setPassword(orgId: string, id: string, passwordHash: string, now: Date): Promise<boolean> {
    const rows = await this.q.query(
      'UPDATE users SET password_hash = $3, password_changed_at = $4, failed_logins = 0, locked_until = NULL WHERE org_id = $1 AND id = $2 RETURNING id',
      [orgId, id, passwordHash, now.toISOString()],
    );
    return rows.length > 0;
  }

  /**
   * Counts a failed sign-in; the `maxFailures`-th in a row locks the account until `lockUntil`
   * (and starts the count again). Atomic, so concurrent attempts cannot slip past the limit.
   */
  async recordFailedLogin(orgId: string, id: string, maxFailures: number, lockUntil: Date): Promise<{ locked: boolean; lockedUntil: string | null }> {
    const rows = await this.q.query(
      `UPDATE users SET
         locked_until = CASE WHEN failed_logins + 1 >= $3 THEN $4::timestamptz ELSE locked_until END,
         failed_logins = CASE WHEN failed_logins + 1 >= $3 THEN 0 ELSE failed_logins + 1 END
       WHERE org_id = $1 AND id = $2 RETURNING failed_logins, locked_until`,
      [orgId, id, maxFailures, lockUntil.toISOString()],
    );
    const lockedUntil = isoOrNull(rows[0]?.locked_until);
    return { locked: lockedUntil !== null && lockedUntil === lockUntil.toISOString(), lockedUntil };
  }

  async recordLogin(orgId: string, id: string, now: Date): Promise<void> {
    await this.q.query('UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $3 WHERE org_id = $1 AND id = $2', [orgId, id, now.toISOString()]);
  }

  async setTotpPending(orgId: string, id: string, encryptedSecret: string | null): Promise<void> {
    await this.q.query('UPDATE users SET totp_pending_secret = $3 WHERE org_id = $1 AND id = $2', [orgId, id, encryptedSecret]);
  }

  /** Turns two-factor on with the confirmed secret; `step` is the time step its first code used. */
  async enableTotp(orgId: string, id: string, encryptedSecret: string, step: number, recoveryCodeHashes: string[], now: Date): Promise<void> {
    await this.q.query(
      `UPDATE users SET totp_secret = $3, totp_pending_secret = NULL, totp_enabled_at = $4, totp_last_step = $5, recovery_code_hashes = $6
       WHERE org_id = $1 AND id = $2`,
      [orgId, id, encryptedSecret, now.toISOString(), step, recoveryCodeHashes],
    );
  }

  async disableTotp(orgId: string, id: string): Promise<void> {
    await this.q.query(
      "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, recovery_code_hashes = '{}' WHERE org_id = $1 AND id = $2",
      [orgId, id],
    );
  }

  /** Records that a TOTP code of time step `step` was used; false when that step (or a later one) already was: a replay. */
  async useTotpStep(orgId: string, id: string, step: number): Promise<boolean> {
    const rows = await this.q.query(
      'UPDATE users SET totp_last_step = $3 WHERE org_id = $1 AND id = $2 AND (totp_last_step IS NULL OR totp_last_step < $3) RETURNING id',
      [orgId, id, step],
    );
    return rows.length > 0;
  }

  /** Consumes one recovery code by its hash; false when it is not (or no longer) there. */
  async useRecoveryCode(orgId: string, id: string, codeHash: string): Promise<boolean> {
    const rows = await this.q.query(
      'UPDATE users SET recovery_code_hashes = array_remove(recovery_code_hashes, $3) WHERE org_id = $1 AND id = $2 AND $3 = ANY (recovery_code_hashes) RETURNING id',
      [orgId, id, codeHash],
    );
    return rows.length > 0;
  }

  async setRecoveryCodes(orgId: string, id: string, hashes: string[]): Promise<void> {
    await this.q.query('UPDATE users SET recovery_code_hashes = $3 WHERE org_id = $1 AND id = $2', [orgId, id, hashes]);
  }
}
