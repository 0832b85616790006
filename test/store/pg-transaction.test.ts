// Reads issued together inside a PostgreSQL transaction (services use Promise.all) run one after
// another on its client, with their own results, and without pg's deprecated query queue (which
// pg 9 turns into an error). Run in a fresh process: Node prints a deprecation only once.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const URL = process.env.ATTEST_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('PostgreSQL statements', () => {
  it('runs concurrent reads of one transaction in turn, each with its own result, with no deprecation', () => {
    const script = join(mkdtempSync(join(tmpdir(), 'attest-pg-tx-')), 'probe.mts');
    writeFileSync(script, `
      import { openPostgres } from ${JSON.stringify(join(ROOT, 'src/store/db.ts'))};
      const warnings: string[] = [];
      process.on('warning', (w) => warnings.push(w.message));
      const db = await openPostgres(${JSON.stringify(URL)}, { max: 2 });
      const rows = await db.transaction((tx) => Promise.all([
        tx.query<{ n: number }>('SELECT pg_sleep(0.05), 1 AS n'),
        tx.query<{ n: number }>('SELECT 2 AS n'),
        tx.query<{ n: number }>('SELECT 3 AS n'),
      ]));
      const failed = await db.transaction((tx) => Promise.allSettled([tx.query('SELECT 1/0'), tx.query('SELECT 4 AS n')])).catch((e: Error) => e.message);
      await db.close();
      await new Promise((r) => setTimeout(r, 50));
      console.log(JSON.stringify({ ns: rows.map((r) => r[0]!.n), failed: Array.isArray(failed) ? failed.map((f) => f.status) : failed, warnings }));
    `);
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8' });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { ns: number[]; failed: string[]; warnings: string[] };
    expect(result.ns).toEqual([1, 2, 3]);
    // A failed statement aborts the transaction: the read queued after it fails too, nothing hangs.
    expect(result.failed).toEqual(['rejected', 'rejected']);
    expect(result.warnings).toEqual([]);
  });

  it('prepares a statement named by the caller once per connection, and runs it with new values', async () => {
    const { openPostgres, openPglite } = await import('../../src/store/db.js');
    const db = await openPostgres(URL, { max: 1 });
    try {
      const first = await db.query<{ n: number }>('SELECT $1::int + 1 AS n', [1], { prepare: 'attest-test-plus-one' });
      const second = await db.query<{ n: number }>('SELECT $1::int + 1 AS n', [41], { prepare: 'attest-test-plus-one' });
      expect([first[0]!.n, second[0]!.n]).toEqual([2, 42]);
      // One connection in the pool: the statement is there, prepared once.
      const prepared = await db.query<{ name: string }>("SELECT name FROM pg_prepared_statements WHERE name = 'attest-test-plus-one'");
      expect(prepared).toHaveLength(1);
    } finally {
      await db.close();
    }
    // PGlite has no server-side plan cache to keep: the option is accepted and ignored.
    const lite = await openPglite(undefined);
    try {
      expect((await lite.query<{ n: number }>('SELECT $1::int + 1 AS n', [2], { prepare: 'attest-test-plus-one' }))[0]!.n).toBe(3);
    } finally {
      await lite.close();
    }
  });
});
