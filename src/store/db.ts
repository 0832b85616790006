// One SQL dialect (PostgreSQL 15), two engines: PGlite embedded in the process, or a
// PostgreSQL server. Repositories see only this interface.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { AppError } from '../domain/errors.js';

export interface QueryOptions {
  /**
   * Prepare the statement once per connection under this name and reuse its plan (PostgreSQL
   * server; PGlite ignores it). For the few statements every request runs (finding the caller):
   * planning a join costs the server more than executing it. The text must be constant.
   */
  prepare?: string;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * PGlite only: the data folder as a gzipped tarball, read by the process that has it open
   * (never copy the folder of an open database with the file system).
   */
  dumpDataDir?(): Promise<Blob>;
}

// Same value types on both engines: dates as YYYY-MM-DD strings, int8 and numeric as numbers.
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const identity = (v: string) => v;

/** Opens (or creates) a PGlite database in `dataDir`, in memory without one; `loadDataDir` seeds a new one from a dump. */
export async function openPglite(dataDir: string | undefined, options: { loadDataDir?: Blob } = {}): Promise<Db> {
  const db = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [DATE_OID]: identity, [INT8_OID]: (v: string) => Number(v), [NUMERIC_OID]: (v: string) => Number(v) },
  });
  const wrap = (q: { query: PGlite['query']; exec: PGlite['exec'] }): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await q.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    engine: 'pglite',
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
    // Inside a transaction: PGlite runs no other statement meanwhile, so the tarball is one
    // point in time. The checkpoint writes dirty pages out, so a restore replays no WAL.
    dumpDataDir: () => db.transaction(async (tx) => {
      await tx.exec('CHECKPOINT');
      return db.dumpDataDir('gzip');
    }),
  };
}

let typesConfigured = false;
function configurePgTypes() {
  if (typesConfigured) return;
  pg.types.setTypeParser(DATE_OID, identity);
  pg.types.setTypeParser(INT8_OID, (v: string) => Number(v));
  pg.types.setTypeParser(NUMERIC_OID, (v: string) => Number(v));
  typesConfigured = true;
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Db> {
  configurePgTypes();
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // Fail now, with the cause, rather than at the first query.
  const probe = await pool.connect().catch(async (e: Error) => {
    await pool.end().catch(() => undefined);
    throw new AppError('database_unavailable', `cannot connect to PostgreSQL at ${redactUrl(url)}: ${e.message}`);
  });
  probe.release();
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: unknown[] = [], options?: QueryOptions) {
      if (options?.prepare) return (await c.query({ name: options.prepare, text: sql, values: params })).rows as T[];
      return (await c.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  // One client carries a transaction, and services may issue several of its reads at once
  // (Promise.all): they go one after another, as the server runs them anyway, instead of relying
  // on pg's internal queue (deprecated: pg 9 refuses a query while another runs).
  const serial = (c: pg.PoolClient): Queryable => {
    let tail: Promise<unknown> = Promise.resolve();
    const inTurn = <T>(f: () => Promise<T>): Promise<T> => {
      const p = tail.then(f, f);
      tail = p.catch(() => undefined);
      return p;
    };
    const inner = wrap(c);
    return {
      query: <T>(sql: string, params: unknown[] = [], options?: QueryOptions) => inTurn(() => inner.query<T>(sql, params, options)),
      exec: (sql: string) => inTurn(() => inner.exec(sql)),
    };
  };
  return {
    engine: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(serial(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
