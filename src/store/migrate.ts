import type { Db } from './db.js';
import { migrations, type Migration } from './migrations/index.js';

const LOCK_KEY = 7_231_001; // advisory lock: one migrator at a time across processes

/** Applies pending migrations; returns the versions applied. */
export async function migrate(db: Db, list: Migration[] = migrations): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    // Under the lock: concurrent CREATE TABLE IF NOT EXISTS on a fresh database can fail (pg_type unique violation).
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    const applied: number[] = [];
    for (const m of [...list].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
