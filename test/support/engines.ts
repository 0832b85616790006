// The two database engines every repository test runs on. PostgreSQL is mandatory: when it
// cannot be reached the suite fails with the reason. Locally (never in CI) it can be turned
// off with ATTEST_TEST_POSTGRES=off.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';

export const POSTGRES_ADMIN_URL = process.env.ATTEST_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface Engine {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database; `close` also drops it. */
  open(): Promise<Db>;
}

const postgresOff = process.env.ATTEST_TEST_POSTGRES === 'off' && !process.env.CI;

/** Creates a new empty database on the server; returns its URL and a function that drops it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `attest_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`PostgreSQL is required for this test and is not reachable at ${POSTGRES_ADMIN_URL}: ${(e as Error).message}. Start it (see .ci/run) or set ATTEST_TEST_DATABASE_URL.`);
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      // pg's Pool.end() resolves before its clients have disconnected; a forced drop would then
      // terminate them and their FATAL message surface as an unhandled error. Wait for them first.
      for (let i = 0; i < 100; i++) {
        const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const engines: Engine[] = [
  {
    name: 'pglite',
    async open() {
      const db = await openPglite(undefined);
      await migrate(db);
      return db;
    },
  },
  ...(postgresOff ? [] : [{
    name: 'postgres' as const,
    async open() {
      const { url, drop } = await createPostgresDatabase();
      const db = await openPostgres(url, { max: 4 });
      await migrate(db);
      return { ...db, close: async () => { await db.close(); await drop(); } };
    },
  }]),
];
