// Scans recorded in the workspace drive the status of the controls their checks evidence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredResult } from '../../src/store/index.js';
import type { Db } from '../../src/store/db.js';
import { AppError } from '../../src/domain/errors.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

const result = (i: number, status: StoredResult['status']): StoredResult => ({
  checkId: 'aws-s3-bucket-encryption', resourceType: 'aws.s3.bucket', resourceId: `aws_s3_bucket.b${i}`, status,
  reason: status === 'fail' ? 'no_encryption' : null, message: status === 'fail' ? 'the bucket declares no default encryption' : null,
  severity: 'high', path: 'infra/main.tf', startLine: i, endLine: i + 3,
});

describe.each(engines)('scans on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  let orgId: string;
  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db);
    orgId = (await s.workspace.init({ name: 'Scan Co' }, 'test')).org.id;
  });
  afterAll(async () => db?.close());

  it('a failing scan puts the control it evidences in `failing`, with the counts', async () => {
    const results = Array.from({ length: 41 }, (_, i) => result(i, i < 3 ? 'fail' : 'pass'));
    await s.scans.record(orgId, { startedAt: '2026-11-24T10:00:00Z', finishedAt: '2026-11-24T10:00:05Z', targets: ['infra'], results }, 'test');
    const control = await s.controls.get(orgId, 'CRY-01');
    expect(control.checks).toContain('aws-s3-bucket-encryption');
    expect(control.status).toBe('failing');
    expect(control.explanation).toBe('failing: aws-s3-bucket-encryption fails on 3 of 41 aws.s3.bucket resources (scan of 2026-11-24)');
    const report = await s.status.report((await s.workspace.requireOrg()));
    expect(report.readiness.overall.failing).toBe(1);
    const failures = await s.scans.failures(orgId, (await s.scans.runs(orgId))[0]!.id, null);
    expect(failures.map((f) => f.resourceId)).toEqual(['aws_s3_bucket.b0', 'aws_s3_bucket.b1', 'aws_s3_bucket.b2']);
  });

  it('the next scan, all passing, makes it evidenced; status follows the latest run', async () => {
    s.now.value = new Date('2026-11-25T12:00:00Z');
    const results = Array.from({ length: 41 }, (_, i) => result(i, 'pass'));
    await s.scans.record(orgId, { startedAt: '2026-11-25T10:00:00Z', finishedAt: '2026-11-25T10:00:05Z', targets: ['infra'], results }, 'test');
    const control = await s.controls.get(orgId, 'CRY-01');
    expect(control.status).toBe('evidenced');
    expect(control.explanation).toBe('passing: 1 check over 41 resource judgements (scan of 2026-11-25)');
    const run = await s.scans.run(orgId, (await s.scans.runs(orgId))[0]!.id);
    expect(run.checks).toEqual([expect.objectContaining({ checkId: 'aws-s3-bucket-encryption', resources: 41, pass: 41, fail: 0 })]);
    expect((await s.verify().run()).ok).toBe(true);
  });

  it('refuses results of checks it does not know, storing nothing', async () => {
    const before = (await s.scans.runs(orgId)).length;
    const bad = { ...result(0, 'fail'), checkId: 'made-up-check' };
    await expect(s.scans.record(orgId, { startedAt: 'yesterday', finishedAt: '2026-11-25T10:00:05Z', targets: [], results: [bad] }, 'test'))
      .rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'invalid_input' && e.fields.map((f) => f.field).join() === 'startedAt,results.checkId');
    expect(await s.scans.runs(orgId)).toHaveLength(before);
  });

  it('stores a large run in batches', async () => {
    const results = Array.from({ length: 2500 }, (_, i) => result(i, i % 10 === 0 ? 'fail' : 'pass'));
    const { run } = await s.scans.record(orgId, { startedAt: '2026-11-25T11:00:00Z', finishedAt: '2026-11-25T11:00:09Z', targets: ['big'], results }, 'test');
    expect(run.summary).toEqual({ results: 2500, pass: 2250, fail: 250 });
    expect((await s.scans.run(orgId, run.id)).checks[0]).toMatchObject({ resources: 2500, fail: 250 });
  });
});
