// The dashboard reads a maintained summary: computed once per change (keyed by the audit-log
// head) and per day, served from one row otherwise, and always equal to a fresh computation.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { derivedCache, HEAD_FRESH_MS } from '../../src/app/derived-cache.js';
import type { Organization, StoredResult } from '../../src/store/index.js';
import type { Db } from '../../src/store/db.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

const result = (i: number, status: StoredResult['status']): StoredResult => ({
  checkId: 'aws-s3-bucket-encryption', resourceType: 'aws.s3.bucket', resourceId: `aws_s3_bucket.b${i}`, status,
  reason: status === 'fail' ? 'no_encryption' : null, message: null, severity: 'high', path: 'infra/main.tf', startLine: i, endLine: i,
});

describe.each(engines)('status summary on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  let org: Organization;
  const fresh = async () => ({ ...(await s.status.compute(org)), computedAt: 'x' });
  const served = async () => ({ ...(await s.status.report(org)), computedAt: 'x' });
  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db, { now: '2026-11-24T12:00:00Z' });
    org = (await s.workspace.init({ name: 'Summary Co' }, 'test')).org;
  });
  afterAll(async () => db?.close());

  it('stores the report and serves it from the row until something changes', async () => {
    const first = await s.status.report(org);
    expect(first.computedAt).toBe('2026-11-24T12:00:00.000Z');
    const row = await s.ctx.store.repos.statusSummary.read(org.id);
    expect(row.summary?.auditSeq).toBe(row.head);
    s.now.value = new Date('2026-11-24T12:05:00Z');
    const again = await s.status.report(org);
    expect(again.computedAt).toBe('2026-11-24T12:00:00.000Z'); // not recomputed
    expect(again.readiness).toEqual(first.readiness);
  });

  it('follows a control excluded from scope', async () => {
    const before = await s.status.report(org);
    await s.controls.update(org.id, 'CRY-01', { inScope: false, exclusionReason: 'no data at rest in this system' }, 'test');
    const after = await s.status.report(org);
    expect(after.computedAt).toBe('2026-11-24T12:05:00.000Z');
    expect(after.readiness.overall.excluded).toBe(before.readiness.overall.excluded + 1);
    expect(await served()).toEqual(await fresh());
    await s.controls.update(org.id, 'CRY-01', { inScope: true }, 'test');
    expect((await s.status.report(org)).readiness.overall.excluded).toBe(before.readiness.overall.excluded);
  });

  it('follows evidence added, and its ageing when the day turns', async () => {
    const before = (await s.status.report(org)).readiness.overall;
    await s.evidence.add(org.id, { filename: 'review.txt', controls: ['GOV-01'], effectiveDate: '2026-11-20' }, new TextEncoder().encode('access review'), 'test');
    const after = (await s.status.report(org)).readiness.overall;
    expect(after.evidenced).toBe(before.evidenced + 1);
    expect(await served()).toEqual(await fresh());
    // Over a year later, with no change in between, the evidence is stale: the new day recomputes.
    s.now.value = new Date('2028-01-15T12:00:00Z');
    const later = (await s.status.report(org)).readiness.overall;
    expect(later.evidenced).toBe(before.evidenced);
    expect(later.stale).toBe(before.stale + 1);
    expect(await served()).toEqual(await fresh());
  });

  it('follows scan results: failing, then passing again', async () => {
    const base = (await s.status.report(org)).readiness.overall;
    const fail = Array.from({ length: 10 }, (_, i) => result(i, i < 2 ? 'fail' : 'pass'));
    await s.scans.record(org.id, { startedAt: '2028-01-15T10:00:00Z', finishedAt: '2028-01-15T10:00:05Z', targets: ['infra'], results: fail }, 'test');
    const failing = await s.status.report(org);
    expect(failing.readiness.overall.failing).toBe(base.failing + 1);
    expect((await s.controls.get(org.id, 'CRY-01')).status).toBe('failing');
    expect(failing.topGaps.length).toBeGreaterThan(0);
    expect(failing.topGaps[0]!.missing).toBeGreaterThanOrEqual(failing.topGaps.at(-1)!.missing);
    const pass = Array.from({ length: 10 }, (_, i) => result(i, 'pass'));
    await s.scans.record(org.id, { startedAt: '2028-01-15T11:00:00Z', finishedAt: '2028-01-15T11:00:05Z', targets: ['infra'], results: pass }, 'test');
    const passing = (await s.status.report(org)).readiness.overall;
    expect(passing.failing).toBe(base.failing);
    expect(passing.evidenced).toBe(base.evidenced + 1);
    expect(await served()).toEqual(await fresh());
  });

  it('the controls and evidence lists, kept in memory, follow every change too', async () => {
    const before = await s.evidence.list(org.id);
    expect((await s.controls.get(org.id, 'GOV-03')).owner).toBeNull();
    await s.controls.update(org.id, 'GOV-03', { owner: 'lead@example.com' }, 'test');
    expect((await s.controls.list(org.id, { owner: 'lead@example.com' })).map((c) => c.id)).toEqual(['GOV-03']);
    const added = await s.evidence.add(org.id, { filename: 'board-minutes.txt', controls: ['GOV-03'], effectiveDate: '2028-01-10' }, new TextEncoder().encode('minutes'), 'test');
    const after = await s.evidence.list(org.id);
    expect(after.total).toBe(before.total + 1);
    expect(after.items[0]!.id).toBe(added.id);
    expect((await s.controls.get(org.id, 'GOV-03')).evidenceCount).toBe(1);
    expect(await s.controls.list(org.id)).toEqual(await s.controls.derive(org.id));
  });

  it('concurrent reads after a change compute once', async () => {
    await s.controls.update(org.id, 'GOV-02', { owner: 'it@example.com' }, 'test');
    s.now.value = new Date('2028-01-15T13:00:00Z');
    const compute = vi.spyOn(s.status, 'compute');
    try {
      const reports = await Promise.all(Array.from({ length: 20 }, () => s.status.report(org)));
      expect(new Set(reports.map((r) => r.computedAt)).size).toBe(1);
      expect(compute).toHaveBeenCalledTimes(1);
    } finally {
      compute.mockRestore();
    }
  });

  // On PGlite one process holds the workspace: there is no other process to follow.
  if (engine.name === 'postgres') it('on a server, sees another process\'s change at once when a caller brings the new head, and within a second otherwise', async () => {
    // Another process: its own services and caches on the same database.
    const other = servicesOn(db, { now: s.now.value.toISOString() });
    const owner = async () => (await s.controls.list(org.id, {})).find((c) => c.id === 'GOV-04')!.owner;
    expect(await owner()).toBeNull();
    await other.controls.update(org.id, 'GOV-04', { owner: 'elsewhere@example.com' }, 'test');
    // A caller whose credentials are read brings the organization's head with them.
    const head = await s.ctx.store.repos.statusSummary.head(org.id);
    derivedCache(s.ctx).observeHead(org.id, head);
    expect(await owner()).toBe('elsewhere@example.com');
    await other.controls.update(org.id, 'GOV-04', { owner: 'later@example.com' }, 'test');
    await new Promise((r) => setTimeout(r, HEAD_FRESH_MS + 100));
    expect(await owner()).toBe('later@example.com');
    // This process's own changes show at once.
    await s.controls.update(org.id, 'GOV-04', { owner: null }, 'test');
    expect(await owner()).toBeNull();
  });
});
