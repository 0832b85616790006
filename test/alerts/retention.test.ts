// Alert retention on both engines: the prune-alerts job, run through the queue and a worker,
// deletes an organization's alert events older than the retention period with their
// deliveries, and old deliveries of no event (digests, test sends), but never an event with a
// delivery still pending, a pending delivery, what a daily digest not yet sent will list, or
// another organization's alerts; and it deletes in bounded batches.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleDefaults } from '../../src/app/jobs.service.js';
import { loadCollectors } from '../../src/cli/collectors.js';
import { loadConfig } from '../../src/cli/config.js';
import { silentLogger } from '../../src/jobs/log.js';
import { PRUNE_BATCH } from '../../src/jobs/prune-jobs.js';
import { Queue } from '../../src/jobs/queue.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { Worker } from '../../src/jobs/worker.js';
import type { DeliveryState } from '../../src/store/alerts.repo.js';
import type { Db } from '../../src/store/db.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

it('reads ATTEST_ALERT_RETENTION_DAYS (default 90) and refuses a value that is not a whole number of days', () => {
  expect(loadConfig({}, '/tmp').jobs.alertRetentionDays).toBe(90);
  expect(loadConfig({ ATTEST_ALERT_RETENTION_DAYS: '30' }, '/tmp').jobs.alertRetentionDays).toBe(30);
  for (const bad of ['0', '-3', '1.5', 'forever', '40000']) {
    expect(() => loadConfig({ ATTEST_ALERT_RETENTION_DAYS: bad }, '/tmp'), bad).toThrow(/ATTEST_ALERT_RETENTION_DAYS="[^"]*" must be a whole number from 1 to 36500/);
  }
});

describe.each(engines)('alert retention on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  let orgId: string;
  let otherOrg: string;
  let queue: Queue;
  let root: string;
  const registry = jobRegistry();
  const workerWith = (alertRetentionDays?: number) => new Worker(s.ctx, registry, { collectors: loadCollectors, scanRoot: root, version: 'test', ...(alertRetentionDays ? { alertRetentionDays } : {}) },
    { id: 'w', leaseMs: 60_000, pollMs: 20, graceMs: 100, scheduleEveryMs: 0, log: silentLogger });
  const at = (iso: string) => { s.now.value = new Date(iso); };
  const prune = async (slot: string, days?: number) => {
    at(slot);
    const { job } = await queue.enqueue(orgId, 'prune-alerts', { scheduledFor: slot });
    expect((await workerWith(days).runOnce())?.jobId).toBe(job.id);
    const done = await s.jobs.get(orgId, job.id);
    expect(done.state, JSON.stringify(done.lastError)).toBe('completed');
    return done.result as { retentionDays: number; before: string; heldForDigest: boolean; events: number; deliveries: number; more: boolean };
  };
  /** An alert event raised at `when`, with one delivery per given state (webhook, then email). */
  const event = async (org: string, when: string, states: DeliveryState[] = []) => {
    const [e] = await s.ctx.store.repos.alerts.insertEvents([{
      orgId: org, id: randomUUID(), kind: 'control_failing', subjectType: 'control', subjectId: 'CRY-01', subjectTitle: 'Encryption at rest',
      before: 'evidenced', after: 'failing', detail: 'failing', at: new Date(when).toISOString(),
    }]);
    for (const [i, state] of states.entries()) await delivery(org, `${i ? 'email' : 'webhook'}:${e!.id}:${randomUUID()}`, when, state, e!.id);
    return e!.id;
  };
  const delivery = async (org: string, key: string, when: string, state: DeliveryState, eventId: string | null = null) => {
    const { repos } = s.ctx.store;
    await repos.alerts.insertDelivery({ orgId: org, id: randomUUID(), key, channel: key.startsWith('webhook') ? 'webhook' : 'email', eventId, webhookId: null, userId: null, target: 'receiver.example.com', createdAt: new Date(when).toISOString() });
    if (state !== 'pending') await repos.alerts.recordAttempt(org, key, { state, statusCode: state === 'delivered' ? 204 : 500, error: null }, new Date(when));
    // A message of an event still on its way has its deliver-alert job queued for a retry (not due during these tests).
    else if (eventId) await repos.jobs.insert({ orgId: org, id: randomUUID(), name: 'deliver-alert', key, payload: { key }, maxAttempts: 6, runAt: new Date('2099-01-01T00:00:00Z'), createdAt: new Date(when) });
    return key;
  };
  const eventIds = async (org: string) => (await db.query<{ id: string }>('SELECT id FROM alert_events WHERE org_id = $1 ORDER BY at, id', [org])).map((r) => r.id);
  const deliveryKeys = async (org: string) => (await db.query<{ key: string }>('SELECT key FROM alert_deliveries WHERE org_id = $1 ORDER BY key', [org])).map((r) => r.key);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db);
    root = mkdtempSync(join(tmpdir(), 'attest-alert-retention-'));
    queue = new Queue(s.ctx, registry);
    at('2026-05-01T00:00:00Z');
    orgId = (await s.workspace.init({ name: 'Alert Retention Co' }, 'test')).org.id;
    otherOrg = (await s.ctx.store.repos.organizations.insert({ id: randomUUID(), name: 'Other Co', slug: 'other-co' })).id;
    at('2026-11-24T12:00:00Z');
    await s.ctx.store.repos.schedules.seedDefaults(scheduleDefaults(s.now.value), s.now.value);

    // Old (the default 90 days end on 2026-08-26T12:00Z): delivered or failed, or never sent anywhere.
    ids.delivered = await event(orgId, '2026-06-01T10:00:00Z', ['delivered', 'failed']);
    ids.quiet = await event(orgId, '2026-07-01T10:00:00Z');
    // Old, but one of its deliveries is still pending (a retry to come).
    ids.pending = await event(orgId, '2026-06-15T10:00:00Z', ['delivered', 'pending']);
    // Recent.
    ids.recent = await event(orgId, '2026-11-01T10:00:00Z', ['delivered']);
    // Another organization's old ones.
    ids.other = await event(otherOrg, '2026-06-01T10:00:00Z', ['delivered']);
    // Deliveries of no event: an old digest sent, an old test send that failed, an old digest
    // still pending (cut off long ago: nothing else will end it), a recent digest.
    ids.oldDigest = await delivery(orgId, 'digest:2026-06-01:someone', '2026-06-02T07:00:00Z', 'delivered');
    ids.oldTest = await delivery(orgId, 'test:x:endpoint', '2026-06-03T07:00:00Z', 'failed');
    ids.pendingDigest = await delivery(orgId, 'digest:2026-06-04:someone', '2026-06-05T07:00:00Z', 'pending');
    ids.recentDigest = await delivery(orgId, 'digest:2026-11-20:someone', '2026-11-21T07:00:00Z', 'delivered');
    ids.otherDigest = await delivery(otherOrg, 'digest:2026-06-01:someone', '2026-06-02T07:00:00Z', 'delivered');
  });
  afterAll(async () => {
    await db?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('finds an event\'s deliveries by index, not by scanning the organization\'s', async () => {
    // Tiny tables may still be scanned: with sequential scans off (in one transaction, on one
    // connection) the index must be what the plan uses.
    const plan = await db.transaction(async (tx) => {
      await tx.exec('SET LOCAL enable_seqscan = off');
      return tx.query<{ 'QUERY PLAN': string }>('EXPLAIN SELECT 1 FROM alert_deliveries WHERE org_id = $1 AND event_id = $2', [orgId, '00000000-0000-4000-8000-000000000000']);
    });
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('alert_deliveries_by_event');
  });

  it('deletes events older than 90 days with their deliveries, keeping pending ones, recent ones and other organizations\'', async () => {
    const otherBefore = { events: await eventIds(otherOrg), deliveries: await deliveryKeys(otherOrg) };
    expect(otherBefore.events).toEqual([ids.other]);
    expect(otherBefore.deliveries).toHaveLength(2);
    const pendingKeys = (await deliveryKeys(orgId)).filter((k) => k.includes(ids.pending!));
    expect(pendingKeys).toHaveLength(2);

    const result = await prune('2026-11-24T12:00:00Z');
    expect(result).toEqual({ retentionDays: 90, stranded: 0, before: '2026-08-26T12:00:00.000Z', heldForDigest: false, events: 2, deliveries: 5, more: false });
    expect(await eventIds(orgId)).toEqual([ids.pending, ids.recent]);
    const kept = await deliveryKeys(orgId);
    expect(kept.filter((k) => k.includes(ids.delivered!))).toEqual([]);
    expect(kept.filter((k) => k.includes(ids.pending!))).toEqual(pendingKeys);
    expect(kept.filter((k) => k.includes(ids.recent!))).toHaveLength(1);
    expect(kept).not.toContain(ids.oldDigest);
    expect(kept).not.toContain(ids.oldTest);
    expect(kept).not.toContain(ids.pendingDigest);
    expect(kept).toContain(ids.recentDigest);
    expect({ events: await eventIds(otherOrg), deliveries: await deliveryKeys(otherOrg) }).toEqual(otherBefore);
    // The alerts API still lists what is left.
    expect((await s.alerts.events(orgId)).map((e) => e.id)).toEqual([ids.recent, ids.pending]);

    // Once the pending delivery ends, its event goes too; running again finds nothing else.
    await s.ctx.store.repos.alerts.recordAttempt(orgId, pendingKeys.find((k) => k.startsWith('email'))!, { state: 'failed', statusCode: 500, error: null }, s.now.value);
    expect(await prune('2026-11-24T12:30:00Z')).toMatchObject({ events: 1, deliveries: 2, more: false });
    expect(await eventIds(orgId)).toEqual([ids.recent]);
    expect(await prune('2026-11-24T13:00:00Z')).toMatchObject({ events: 0, deliveries: 0 });
  });

  it('keeps what a daily digest not yet sent will list', async () => {
    // A digest for 2026-08-20 07:00 is still queued (say a worker was down): it lists the alerts of the 24 hours before.
    await event(orgId, '2026-08-19T06:00:00Z', ['delivered']);
    const listed = await event(orgId, '2026-08-19T10:00:00Z', ['delivered']);
    const { job: digest } = await queue.enqueue(orgId, 'alert-digest', { scheduledFor: '2026-08-20T07:00:00Z' }, { runAt: new Date('2027-01-01T00:00:00Z') });
    expect(await prune('2026-11-24T14:00:00Z')).toEqual({ retentionDays: 90, stranded: 0, before: '2026-08-19T07:00:00.000Z', heldForDigest: true, events: 1, deliveries: 1, more: false });
    expect(await eventIds(orgId)).toEqual([listed, ids.recent]);

    // The digest went out; but the schedule's next slot is 2026-08-21 07:00 (no scheduler ran since): its digest will list 08-20 07:00 onwards.
    await db.query(`UPDATE jobs SET state = 'completed', finished_at = $3 WHERE org_id = $1 AND id = $2`, [orgId, digest.id, s.now.value.toISOString()]);
    const nextListed = await event(orgId, '2026-08-20T09:00:00Z', ['delivered']);
    await db.query(`UPDATE job_schedules SET next_run_at = '2026-08-21T07:00:00Z' WHERE org_id = $1 AND job = 'alert-digest'`, [orgId]);
    expect(await prune('2026-11-24T14:30:00Z')).toMatchObject({ before: '2026-08-20T07:00:00.000Z', heldForDigest: true, events: 1 });
    expect(await eventIds(orgId)).toEqual([nextListed, ids.recent]);

    // A disabled digest schedule sends nothing, so it holds nothing back.
    await db.query(`UPDATE job_schedules SET enabled = false WHERE org_id = $1 AND job = 'alert-digest'`, [orgId]);
    expect(await prune('2026-11-24T15:00:00Z')).toMatchObject({ before: '2026-08-26T15:00:00.000Z', heldForDigest: false, events: 1 });
    expect(await eventIds(orgId)).toEqual([ids.recent]);
  });

  it('honours the configured retention, and deletes in bounded batches, oldest first', async () => {
    expect(await prune('2026-11-24T16:00:00Z', 7)).toMatchObject({ retentionDays: 7, before: '2026-11-17T16:00:00.000Z', events: 1, deliveries: 1 });
    expect(await eventIds(orgId)).toEqual([]);
    expect(await deliveryKeys(orgId)).toEqual([ids.recentDigest]);

    const three = [];
    for (const day of ['01', '02', '03']) three.push(await event(orgId, `2026-09-${day}T00:00:00Z`, ['delivered', 'failed']));
    for (const day of ['04', '05']) await delivery(orgId, `digest:2026-09-${day}:someone`, `2026-09-${day}T07:00:00Z`, 'delivered');
    const everything = new Date('2027-06-01T00:00:00Z');
    const first = await s.ctx.store.transaction((repos) => repos.alerts.prune(orgId, everything, 2));
    expect(first).toEqual({ events: 2, deliveries: 4 + 2, more: true });
    expect(await eventIds(orgId)).toEqual([three[2]]);
    expect(await s.ctx.store.transaction((repos) => repos.alerts.prune(orgId, everything, PRUNE_BATCH))).toEqual({ events: 1, deliveries: 2 + 1, more: false });
    expect(await eventIds(orgId)).toEqual([]);
    expect(await deliveryKeys(orgId)).toEqual([]);
    expect(await eventIds(otherOrg)).toEqual([ids.other]);
  });
});
