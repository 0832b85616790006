// Migration 0005 replays the per-run results stored by 0002 into change-only history, in run
// order, then drops them. On both engines, from a database migrated up to 0004.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, type Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { migrations } from '../../src/store/migrations/index.js';
import { createPostgresDatabase, engines } from '../support/engines.js';
import { servicesOn } from '../support/services.js';

async function openUnmigrated(name: 'pglite' | 'postgres'): Promise<Db> {
  if (name === 'pglite') return openPglite(undefined);
  const { url, drop } = await createPostgresDatabase();
  const db = await openPostgres(url, { max: 4 });
  return { ...db, close: async () => { await db.close(); await drop(); } };
}

const ORG = randomUUID();
const RUNS = [
  { id: randomUUID(), at: '2026-10-30T10:00:00.000Z', targets: ['infra'] },
  { id: randomUUID(), at: '2026-11-02T10:00:00.000Z', targets: ['k8s'] },
  { id: randomUUID(), at: '2026-11-03T10:00:00.000Z', targets: ['infra', 'infra'] },
];
// [run, check, resource, status, reason]
const RESULTS: [number, string, string, string, string | null][] = [
  [0, 'aws-s3-bucket-encryption', 'b1', 'pass', null],
  [0, 'aws-s3-bucket-encryption', 'b2', 'fail', 'no_encryption'],
  [0, 'aws-s3-bucket-encryption', 'b2', 'pass', null], // a second outcome: the failing one stands
  [0, 'aws-s3-bucket-versioning', 'b1', 'fail', 'disabled'],
  [1, 'k8s-workload-cpu-limit', 'web', 'fail', 'no_limit'],
  [2, 'aws-s3-bucket-encryption', 'b1', 'pass', null],
  [2, 'aws-s3-bucket-encryption', 'b2', 'pass', null], // b2 fixed; versioning b1 gone
  [2, 'aws-s3-bucket-versioning', 'b3', 'pass', null],
];

describe.each(engines)('migration 0005 on $name', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await openUnmigrated(engine.name);
    await migrate(db, migrations.filter((m) => m.version < 5));
    await db.query(`INSERT INTO organizations (id, name, slug) VALUES ($1, 'Old Co', 'old-co')`, [ORG]);
    for (const r of RUNS) {
      await db.query(`INSERT INTO scan_runs (org_id, id, started_at, finished_at, actor, targets, summary) VALUES ($1, $2, $3, $3, 'cli', $4, '{}')`, [ORG, r.id, r.at, JSON.stringify(r.targets)]);
    }
    for (const [i, [run, check, resource, status, reason]] of RESULTS.entries()) {
      await db.query(`INSERT INTO scan_results (org_id, run_id, ordinal, check_id, resource_type, resource_id, status, reason, message, severity, path, start_line, end_line)
        VALUES ($1, $2, $3, $4, 'aws.s3.bucket', $5, $6, $7, NULL, 'high', 'main.tf', 1, 2)`, [ORG, RUNS[run]!.id, i, check, resource, status, reason]);
    }
    expect(await migrate(db)).toContain(5);
  });
  afterAll(async () => db?.close());

  it('replays the runs into intervals, closing changed and absent results, and drops the per-run table', async () => {
    const rows = await db.query<{ check_id: string; resource_id: string; status: string; valid_from: Date; valid_to: Date | null }>(
      'SELECT check_id, resource_id, status, valid_from, valid_to FROM result_intervals WHERE org_id = $1 ORDER BY check_id, resource_id, valid_from', [ORG]);
    const at = (v: Date | null) => (v === null ? null : new Date(v).toISOString());
    expect(rows.map((r) => [r.check_id, r.resource_id, r.status, at(r.valid_from), at(r.valid_to)])).toEqual([
      ['aws-s3-bucket-encryption', 'b1', 'pass', RUNS[0]!.at, null],
      ['aws-s3-bucket-encryption', 'b2', 'fail', RUNS[0]!.at, RUNS[2]!.at],
      ['aws-s3-bucket-encryption', 'b2', 'pass', RUNS[2]!.at, null],
      ['aws-s3-bucket-versioning', 'b1', 'fail', RUNS[0]!.at, RUNS[2]!.at],
      ['aws-s3-bucket-versioning', 'b3', 'pass', RUNS[2]!.at, null],
      ['k8s-workload-cpu-limit', 'web', 'fail', RUNS[1]!.at, null],
    ]);
    expect((await db.query<{ t: string | null }>(`SELECT to_regclass('scan_results')::text AS t`))[0]!.t).toBeNull();
    const scopes = await db.query<{ id: string; scope_id: number }>('SELECT id, scope_id FROM scan_runs WHERE org_id = $1 ORDER BY finished_at', [ORG]);
    expect(scopes[0]!.scope_id).toBe(scopes[2]!.scope_id);
    expect(scopes[1]!.scope_id).not.toBe(scopes[0]!.scope_id);
  });

  it('keeps each run\'s tallies and builds the roll-up, so the services carry on from the replayed state', async () => {
    const s = servicesOn(db, { now: '2026-11-24T12:00:00Z' });
    expect((await s.scans.run(ORG, RUNS[0]!.id)).checks).toEqual([
      { checkId: 'aws-s3-bucket-encryption', resources: 2, pass: 2, fail: 1, unknown: 0, notApplicable: 0, error: 0, suppressed: 0 },
      { checkId: 'aws-s3-bucket-versioning', resources: 1, pass: 0, fail: 1, unknown: 0, notApplicable: 0, error: 0, suppressed: 0 },
    ]);
    const enc = await s.history.period(ORG, { kind: 'check', id: 'aws-s3-bucket-encryption' }, { from: RUNS[0]!.at, to: '2026-11-04T10:00:00.000Z' });
    expect(enc.failingWindows).toEqual([{ start: RUNS[0]!.at, end: RUNS[2]!.at, ongoing: false }]);
    const { changes } = await s.scans.record(ORG, {
      startedAt: '2026-11-20T10:00:00Z', finishedAt: '2026-11-20T10:00:05Z', targets: ['infra'],
      results: [{ checkId: 'aws-s3-bucket-encryption', resourceType: 'aws.s3.bucket', resourceId: 'b1', status: 'pass', reason: null, message: null, severity: 'high', path: null, startLine: null, endLine: null }],
    }, 'test');
    expect(changes).toEqual({ opened: 0, closed: 1 }); // b2 is gone; b1 unchanged; versioning not evaluated
  });
});
