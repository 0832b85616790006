// The scheduler: declared schedules stored per organization, each due slot enqueued exactly
// once even with schedulers racing (on PostgreSQL: two connection pools, as two processes
// would have), missed slots collapsed, disabled schedules skipped, options passed on.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/jobs/log.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { openPglite, openPostgres, type Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { createPostgresDatabase, engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

interface Pair { a: Db; b: Db; close(): Promise<void> }

const variants: { name: string; open(): Promise<Pair> }[] = [
  {
    name: 'pglite (one connection, interleaved ticks)',
    async open() {
      const db = await openPglite(undefined);
      await migrate(db);
      return { a: db, b: db, close: () => db.close() };
    },
  },
  ...(engines.some((e) => e.name === 'postgres') ? [{
    name: 'postgres (two pools, concurrent ticks)',
    async open(): Promise<Pair> {
      const { url, drop } = await createPostgresDatabase();
      const a = await openPostgres(url, { max: 4 });
      await migrate(a);
      const b = await openPostgres(url, { max: 4 });
      return { a, b, close: async () => { await a.close(); await b.close(); await drop(); } };
    },
  }] : []),
];

describe.each(variants)('scheduler on $name', (variant) => {
  let pair: Pair;
  let sa: TestServices;
  let sb: TestServices;
  let orgs: string[];
  let schedulers: Scheduler[];
  const at = (iso: string) => { sa.now.value = new Date(iso); sb.now.value = new Date(iso); };
  const race = async () => {
    const results = await Promise.all([...schedulers, ...schedulers].map((s) => s.tick()));
    return { seeded: results.reduce((n, r) => n + r.seeded, 0), enqueued: results.reduce((n, r) => n + r.enqueued, 0) };
  };
  const jobsNamed = (name: string) => pair.a.query<{ org_id: string; idempotency_key: string; payload: Record<string, unknown> }>(
    'SELECT org_id, idempotency_key, payload FROM jobs WHERE name = $1 ORDER BY idempotency_key, org_id', [name]);

  beforeAll(async () => {
    pair = await variant.open();
    sa = servicesOn(pair.a);
    sb = servicesOn(pair.b);
    const first = (await sa.workspace.init({ name: 'Sched Co' }, 'test')).org.id;
    const more = [];
    for (const n of [2, 3]) more.push((await sa.ctx.store.repos.organizations.insert({ id: randomUUID(), name: `Org ${n}`, slug: `org-${n}` })).id);
    orgs = [first, ...more];
    const registry = jobRegistry();
    schedulers = [new Scheduler(sa.ctx, registry, silentLogger), new Scheduler(sb.ctx, registry, silentLogger)];
  });
  afterAll(async () => pair?.close());

  it('stores the declared schedules once per organization, and enqueues nothing before the first slot', async () => {
    at('2026-11-24T12:00:00Z');
    expect(await race()).toEqual({ seeded: 21, enqueued: 0 });
    const stored = await sa.ctx.store.repos.schedules.list(orgs[0]!);
    expect(stored.map((s) => [s.job, s.cron, s.enabled, s.nextRunAt])).toEqual([
      ['alert-digest', '0 7 * * *', true, '2026-11-25T07:00:00.000Z'],
      ['evaluate-status', '5 * * * *', true, '2026-11-24T12:05:00.000Z'],
      ['generate-tasks', '11 0 * * *', true, '2026-11-25T00:11:00.000Z'],
      ['prune-alerts', '53 4 * * *', true, '2026-11-25T04:53:00.000Z'],
      ['prune-jobs', '43 4 * * *', true, '2026-11-25T04:43:00.000Z'],
      ['scan-path', '0 2 * * *', false, null],
      ['verify-integrity', '17 3 * * *', true, '2026-11-25T03:17:00.000Z'],
    ]);
    expect((await sa.jobs.schedules(orgs[0]!)).every((s) => s.stored)).toBe(true);
  });

  it('enqueues each due slot once per organization, with four ticks racing', async () => {
    for (const [i, slot] of ['12:05', '13:05', '14:05'].entries()) {
      at(`2026-11-24T${slot}:30Z`);
      expect(await race()).toEqual({ seeded: 0, enqueued: 3 });
      const jobs = await jobsNamed('evaluate-status');
      expect(jobs).toHaveLength(3 * (i + 1));
      expect(jobs.filter((j) => j.idempotency_key === `evaluate-status@2026-11-24T${slot}:00.000Z`).map((j) => j.org_id).sort()).toEqual([...orgs].sort());
    }
    expect(await race()).toEqual({ seeded: 0, enqueued: 0 }); // same instant: nothing is due any more
  });

  it('collapses slots missed while nothing ran into one run, and moves on to the next slot', async () => {
    at('2026-11-24T20:00:00Z');
    expect(await race()).toEqual({ seeded: 0, enqueued: 3 });
    const keys = (await jobsNamed('evaluate-status')).map((j) => j.idempotency_key);
    expect(keys.filter((k) => k.includes('T15:05'))).toHaveLength(3);
    expect(keys.some((k) => /T1[6-9]:05/.test(k))).toBe(false);
    expect((await sa.ctx.store.repos.schedules.get(orgs[0]!, 'evaluate-status'))?.nextRunAt).toBe('2026-11-24T20:05:00.000Z');
  });

  it('never enqueues a slot twice, even when a schedule is read stale', async () => {
    await pair.a.query(`UPDATE job_schedules SET next_run_at = '2026-11-24T12:05:00Z' WHERE org_id = $1 AND job = 'evaluate-status'`, [orgs[0]]);
    expect(await race()).toEqual({ seeded: 0, enqueued: 0 });
    expect(await jobsNamed('evaluate-status')).toHaveLength(12);
    expect((await sa.ctx.store.repos.schedules.get(orgs[0]!, 'evaluate-status'))?.nextRunAt).toBe('2026-11-24T20:05:00.000Z');
  });

  it('skips disabled schedules and passes a schedule\'s options to its job', async () => {
    await sa.jobs.setSchedule(orgs[0]!, 'evaluate-status', { enabled: false }, 'test');
    await sa.jobs.setSchedule(orgs[1]!, 'scan-path', { enabled: true, cron: '0 21 * * *', options: { paths: ['infra', 'k8s'] } }, 'test');
    at('2026-11-24T21:05:00Z');
    expect(await race()).toEqual({ seeded: 0, enqueued: 3 }); // evaluate-status for two organizations, scan-path for one
    const slot = (await jobsNamed('evaluate-status')).filter((j) => j.idempotency_key.includes('T20:05'));
    expect(slot.map((j) => j.org_id).sort()).toEqual([orgs[1], orgs[2]].sort());
    const scans = await jobsNamed('scan-path');
    expect(scans).toEqual([{ org_id: orgs[1], idempotency_key: 'scan-path@2026-11-24T21:00:00.000Z', payload: { scheduledFor: '2026-11-24T21:00:00.000Z', paths: ['infra', 'k8s'] } }]);
  });

  it('validates a schedule change, reporting every problem', async () => {
    const problems = async (job: string, patch: Parameters<TestServices['jobs']['setSchedule']>[2]) => {
      try {
        await sa.jobs.setSchedule(orgs[0]!, job, patch, 'test');
        return null;
      } catch (e) {
        const err = e as { code: string; fields: { field: string; code: string }[] };
        return [err.code, ...err.fields.map((f) => `${f.field} ${f.code}`).sort()];
      }
    };
    expect(await problems('no-such-job', { enabled: true })).toEqual(['not_found', 'job unknown_id']);
    expect(await problems('scan-path', { enabled: true, cron: '61 * * * *' })).toEqual(['invalid_input', 'cron invalid_cron', 'options.paths required']);
    expect(await problems('scan-path', { cron: '0 0 30 2 *', options: { paths: ['ok', '../etc', ''] } })).toEqual(['invalid_input', 'cron never_runs', 'options.paths.1 invalid_path', 'options.paths.2 required']);
    expect(await problems('verify-integrity', { options: { paths: ['x'] } })).toEqual(['invalid_input', 'options.paths not_applicable']);
    expect(await problems('verify-integrity', { options: { depth: 3 } as never })).toEqual(['invalid_input', 'options.depth unknown_option']);
    const saved = await sa.jobs.setSchedule(orgs[0]!, 'verify-integrity', { cron: '@daily' }, 'test');
    expect(saved).toMatchObject({ job: 'verify-integrity', cron: '@daily', enabled: true, nextRunAt: '2026-11-25T00:00:00.000Z', updatedBy: 'test', stored: true });
    const audit = await sa.ctx.store.repos.auditLog.recent(orgs[0]!, 5);
    expect(audit[0]).toMatchObject({ action: 'schedule.update', entityType: 'schedule', entityId: 'verify-integrity', detail: { cron: '@daily', enabled: true } });
  });
});
