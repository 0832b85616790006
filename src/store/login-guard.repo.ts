// Instance-wide sign-in state, not owned by an organization: the first-run setup link, and
// failed attempts per client address (keyed by a hash, so no address is stored).
import type { Queryable } from './db.js';
import { isoOrNull } from './rows.js';

export class LoginGuardRepo {
  constructor(private readonly q: Queryable) {}

  async insertSetupToken(tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
    await this.q.query('INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES ($1, $2, $3)', [tokenHash, now.toISOString(), expiresAt.toISOString()]);
  }

  async setupTokenValid(tokenHash: string, now: Date): Promise<boolean> {
    return (await this.q.query('SELECT 1 FROM setup_tokens WHERE token_hash = $1 AND expires_at > $2', [tokenHash, now.toISOString()])).length > 0;
  }

  /** Deletes a live setup token; true when it existed (it can be used once). */
  async consumeSetupToken(tokenHash: string, now: Date): Promise<boolean> {
    return (await this.q.query('DELETE FROM setup_tokens WHERE token_hash = $1 AND expires_at > $2 RETURNING token_hash', [tokenHash, now.toISOString()])).length > 0;
  }

  async clearSetupTokens(): Promise<void> {
    await this.q.query('DELETE FROM setup_tokens');
  }

  /** Serializes first-run setup across processes, to the end of the transaction. */
  async lockSetup(): Promise<void> {
    await this.q.query('SELECT pg_advisory_xact_lock(7231003)');
  }

  async lockedUntil(key: string): Promise<string | null> {
    const rows = await this.q.query('SELECT locked_until FROM login_throttle WHERE key = $1', [key]);
    return isoOrNull(rows[0]?.locked_until);
  }

  /**
   * Counts a failure for `key` in a window of `windowMs`; the `max`-th in one window blocks the
   * key until `now + lockMs`. Returns the block's end when this failure set or met one.
   */
  async recordFailure(key: string, now: Date, windowMs: number, max: number, lockMs: number): Promise<string | null> {
    const rows = await this.q.query(
      `INSERT INTO login_throttle AS t (key, failures, window_start, locked_until) VALUES ($1, 1, $2, CASE WHEN 1 >= $4 THEN $5::timestamptz END)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_start < $3 THEN 1 ELSE t.failures + 1 END,
         window_start = CASE WHEN t.window_start < $3 THEN $2 ELSE t.window_start END,
         locked_until = CASE WHEN (CASE WHEN t.window_start < $3 THEN 1 ELSE t.failures + 1 END) >= $4 THEN $5::timestamptz ELSE t.locked_until END
       RETURNING locked_until`,
      [key, now.toISOString(), new Date(now.getTime() - windowMs).toISOString(), max, new Date(now.getTime() + lockMs).toISOString()],
    );
    const until = isoOrNull(rows[0]?.locked_until);
    return until !== null && until > now.toISOString() ? until : null;
  }

  /** Housekeeping: forgets windows that ended and blocks that expired. */
  async prune(now: Date, windowMs: number): Promise<void> {
    await this.q.query('DELETE FROM login_throttle WHERE window_start < $1 AND (locked_until IS NULL OR locked_until < $2)', [new Date(now.getTime() - windowMs).toISOString(), now.toISOString()]);
  }
}
