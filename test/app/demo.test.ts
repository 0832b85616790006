// `attest demo --size small` on both engines: people with roles, controls in every state,
// evidence, 180 days of scan history through the real ingest, and the readiness trend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoService, DEMO_DAYS, DEMO_SPECS, type DemoResult } from '../../src/app/demo.service.js';
import { AppError } from '../../src/domain/errors.js';
import type { Db } from '../../src/store/db.js';
import type { Organization } from '../../src/store/index.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

describe.each(engines)('demo (small) on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  let result: DemoResult;
  let org: Organization;
  const stages = new Set<string>();
  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db, { now: '2026-11-24T12:00:00Z' });
    result = await new DemoService(s.ctx).seed('small', { onProgress: (stage) => stages.add(stage) });
    org = (await s.workspace.requireOrg());
  }, 240_000);
  afterAll(async () => db?.close());

  it('seeds people with every role', async () => {
    expect(result.people).toBe(40);
    const members = await s.members.list(org.id);
    expect(members).toHaveLength(40);
    expect(new Set(members.map((m) => m.role))).toEqual(new Set(['owner', 'admin', 'member', 'viewer', 'auditor']));
    expect(members.every((m) => /@example\.com$/.test(m.email))).toBe(true);
    expect(new Set(members.map((m) => m.email)).size).toBe(40);
  });

  it('puts the library controls in every state, most with an owner', async () => {
    const controls = await s.controls.list(org.id);
    expect(controls).toHaveLength(s.ctx.catalog.controls.length);
    const by = (status: string) => controls.filter((c) => c.status === status);
    for (const status of ['evidenced', 'failing', 'stale', 'no_evidence', 'excluded']) expect(by(status).length, status).toBeGreaterThan(0);
    expect(by('excluded').every((c) => (c.exclusionReason ?? '').length > 20)).toBe(true);
    expect(by('evidenced').some((c) => c.checks.length > 0) && by('evidenced').some((c) => c.checks.length === 0)).toBe(true);
    expect(result.controls).toEqual(Object.fromEntries(['evidenced', 'failing', 'stale', 'no_evidence', 'excluded'].map((k) => [k, by(k).length])));
    expect(result.owned).toBe(controls.filter((c) => c.owner).length);
    expect(result.owned).toBeGreaterThan(controls.length * 0.8);
    expect(result.owned).toBeLessThan(controls.length);
  });

  it('stores evidence files with effective dates, retrievable byte for byte', async () => {
    const { items, total } = await s.evidence.list(org.id, {}, { limit: 500 });
    expect(total).toBe(result.evidence);
    expect(total).toBeGreaterThan(40);
    expect(new Set(items.map((e) => e.effectiveAt)).size).toBeGreaterThan(5);
    expect((await s.verify().run()).ok).toBe(true);
  });

  it('records 180 days of scans through the ingest, the history spanning the period', async () => {
    const runs = await s.scans.runs(org.id, { limit: 500 });
    expect(runs).toHaveLength(result.scans);
    const times = runs.map((r) => Date.parse(r.finishedAt)).sort((a, b) => a - b);
    const spanDays = (times.at(-1)! - times[0]!) / 86_400_000;
    expect(spanDays).toBeGreaterThan(DEMO_DAYS - 2);
    expect(spanDays).toBeLessThan(DEMO_DAYS);
    expect(times.at(-1)).toBeLessThan(s.now.value.getTime());
    expect(result.resources).toBeGreaterThanOrEqual(3_000);
    // Findings burned down: the first day had more failing results than today.
    const failingAt = async (at: string) => (await s.ctx.store.repos.history.checkCountsAt(org.id, null, at)).reduce((n, c) => n + c.fail, 0);
    const afterFirstDay = new Date(times[DEMO_SPECS.small.scopes - 1]! + 1000).toISOString();
    expect(await failingAt(afterFirstDay)).toBeGreaterThan(2 * (await failingAt(s.now.value.toISOString())));
    expect(await failingAt(s.now.value.toISOString())).toBeGreaterThan(0);
  });

  it('stores the readiness trend, today being the real computation', async () => {
    const from = new Date(s.now.value.getTime() - (DEMO_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
    const snapshots = await s.jobs.readinessHistory(org.id, { from, to: '2026-11-24' });
    expect(snapshots).toHaveLength(DEMO_DAYS);
    const report = await s.status.report(org);
    expect(snapshots.at(-1)!.score).toBe(report.readiness.overall.score);
    const { evidenced, failing, stale, noEvidence, atRisk, excluded } = report.readiness.overall;
    expect(snapshots.at(-1)).toMatchObject({ evidenced, failing, stale, noEvidence, atRisk, excluded });
    for (const d of snapshots) expect(d.evidenced + d.failing + d.stale + d.noEvidence + d.atRisk, d.day).toBeLessThanOrEqual(d.controls);
    expect(snapshots[0]!.score).toBeLessThan(snapshots.at(-1)!.score);
    expect(report.topGaps.length).toBeGreaterThan(0);
  });

  it('reported progress for each stage', () => {
    expect([...stages]).toEqual(['people', 'controls', 'evidence', 'scans', 'trend']);
  });

  it('refuses to seed again into a workspace with data, unless forced', async () => {
    await expect(new DemoService(s.ctx).seed('small')).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'conflict' && /--force/.test(e.message));
    expect(await s.members.list(org.id)).toHaveLength(40);
  });
});
