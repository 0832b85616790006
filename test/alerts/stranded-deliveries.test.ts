// A delivery whose worker is killed during its last attempt, on both engines: the queue gives up
// on the job (its lease runs out with no attempt left) and nothing records the attempt, so the
// delivery would stay pending for ever and retention would keep its event for ever. The
// prune-alerts job ends such deliveries as failed, saying why, and then prunes their events once
// they are old enough; deliveries whose job will still run are left alone.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVER_ALERT_JOB } from '../../src/app/alerts.service.js';
import { loadCollectors } from '../../src/cli/collectors.js';
import type { AlertDraft } from '../../src/domain/alerts.js';
import { silentLogger } from '../../src/jobs/log.js';
import { STRANDED_ERROR, type PruneAlertsResult } from '../../src/jobs/prune-alerts.js';
import { Queue } from '../../src/jobs/queue.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { Worker } from '../../src/jobs/worker.js';
import type { Db } from '../../src/store/db.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

const draft = (subjectId: string): AlertDraft => ({
  kind: 'control_failing', subjectType: 'control', subjectId, subjectTitle: 'Encryption at rest', before: 'evidenced', after: 'failing', detail: 'failing',
});

describe.each(engines)('stranded alert deliveries on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  let orgId: string;
  let queue: Queue;
  let worker: Worker;
  let receiver: Server;
  let root: string;
  let hits = 0;
  const LEASE_MS = 60_000;

  const at = (iso: string) => { s.now.value = new Date(iso); };
  const later = (ms: number) => { s.now.value = new Date(s.now.value.getTime() + ms); };
  const prune = async (slot: string): Promise<PruneAlertsResult> => {
    at(slot);
    const { job } = await queue.enqueue(orgId, 'prune-alerts', { scheduledFor: slot });
    expect((await worker.runOnce())?.jobId).toBe(job.id);
    const done = await s.jobs.get(orgId, job.id);
    expect(done.state, JSON.stringify(done.lastError)).toBe('completed');
    return done.result as PruneAlertsResult;
  };
  const delivery = async (eventId: string) => {
    const found = (await s.ctx.store.repos.alerts.findDeliveries(orgId)).filter((d) => d.eventId === eventId);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const jobOf = async (key: string) => (await s.ctx.store.repos.jobs.getByKey(orgId, key))!;
  const eventIds = async () => (await db.query<{ id: string }>('SELECT id FROM alert_events WHERE org_id = $1 ORDER BY at, id', [orgId])).map((r) => r.id);

  beforeAll(async () => {
    // A receiver that always answers 500: every attempt fails and is retried.
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => { hits++; res.writeHead(500).end(); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    db = await engine.open();
    s = servicesOn(db, { now: '2026-06-01T09:00:00Z' });
    s.ctx.alerts = { allowPrivateWebhooks: true, publicUrl: null };
    root = mkdtempSync(join(tmpdir(), 'attest-stranded-'));
    orgId = (await s.workspace.init({ name: 'Stranded Co' }, 'test')).org.id;
    await s.alerts.createWebhook(orgId, { name: 'down', url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`, kinds: ['control_failing'] }, 'test');
    const registry = jobRegistry();
    queue = new Queue(s.ctx, registry);
    worker = new Worker(s.ctx, registry, { collectors: loadCollectors, scanRoot: root, version: 'test' }, { id: 'w', leaseMs: LEASE_MS, pollMs: 20, graceMs: 100, scheduleEveryMs: 0, log: silentLogger });
  });
  afterAll(async () => {
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
    await db?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('fails a delivery whose worker was killed during its last attempt, then prunes its event once old enough', async () => {
    at('2026-06-01T10:00:00Z');
    const [event] = await s.alerts.raise(orgId, [draft('CRY-01')]);
    const { key } = await delivery(event!.id);

    // Every attempt but the last fails and is retried (the backoff is at most 3 hours).
    for (let attempt = 1; attempt < DELIVER_ALERT_JOB.attempts; attempt++) {
      expect(await worker.runOnce()).toMatchObject({ outcome: 'retrying' });
      later(4 * 3600_000);
    }
    expect(hits).toBe(DELIVER_ALERT_JOB.attempts - 1);
    expect(await delivery(event!.id)).toMatchObject({ state: 'pending', attempts: 5, statusCode: 500 });

    // The last attempt: a worker claims it and is killed before writing anything.
    const now = s.now.value;
    const claim = await s.ctx.store.transaction((repos) => repos.jobs.claim([DELIVER_ALERT_JOB.name], 'killed', randomUUID(), now, new Date(now.getTime() + LEASE_MS)));
    expect(claim?.job).toMatchObject({ key, attempts: DELIVER_ALERT_JOB.attempts, maxAttempts: DELIVER_ALERT_JOB.attempts });

    // Its lease runs out: the next worker finds nothing to run and the queue gives the job up.
    later(LEASE_MS + 1000);
    expect(await worker.runOnce()).toBeNull();
    expect(await jobOf(key)).toMatchObject({ state: 'failed', attempts: 6, lastError: { code: 'lease_expired' } });
    expect((await delivery(event!.id)).state).toBe('pending');

    // The next prune-alerts run ends the delivery (the event is too recent to go).
    expect(await prune('2026-06-02T07:00:00Z')).toMatchObject({ stranded: 1, events: 0, deliveries: 0 });
    expect(await delivery(event!.id)).toMatchObject({ state: 'failed', attempts: 5, statusCode: null, error: STRANDED_ERROR, deliveredAt: null });
    expect(STRANDED_ERROR).toContain('the worker stopped during the last attempt');
    expect(await eventIds()).toEqual([event!.id]);

    // Once older than the retention (90 days), the event goes with its delivery.
    expect(await prune('2026-08-29T04:53:00Z')).toMatchObject({ stranded: 0, events: 0 });
    expect(await prune('2026-08-31T04:53:00Z')).toMatchObject({ stranded: 0, events: 1, deliveries: 1, more: false });
    expect(await eventIds()).toEqual([]);
    expect(await s.alerts.deliveries(orgId)).toEqual([]);
  });

  it('fails a pending delivery whose job is gone; leaves those whose job will still run, and digests', async () => {
    at('2026-09-01T10:00:00Z');
    const events = await s.alerts.raise(orgId, ['queued', 'leased', 'expired-with-attempts-left', 'gone'].map(draft));
    const keys = await Promise.all(events.map(async (e) => (await delivery(e.id)).key));
    const [queued, leased, expiredWithAttemptsLeft, gone] = keys as [string, string, string, string];
    const now = s.now.value;
    const lease = async (key: string, leaseUntil: Date, attempts: number) => {
      await db.query(`UPDATE jobs SET state = 'running', attempts = $3, lease_token = $4, lease_owner = 'elsewhere', lease_until = $5 WHERE org_id = $1 AND idempotency_key = $2`, [orgId, key, attempts, randomUUID(), leaseUntil.toISOString()]);
    };
    // Waiting for a retry; running under a live lease on its last attempt; lease expired with attempts left (another worker takes it over).
    await db.query(`UPDATE jobs SET attempts = 2, run_at = $3 WHERE org_id = $1 AND idempotency_key = $2`, [orgId, queued, new Date(now.getTime() + 3600_000).toISOString()]);
    await lease(leased, new Date(now.getTime() + LEASE_MS), DELIVER_ALERT_JOB.attempts);
    await lease(expiredWithAttemptsLeft, new Date(now.getTime() - 1000), 3);
    // A job that failed for good and was deleted afterwards (prune-jobs), its delivery still pending.
    await db.query(`DELETE FROM jobs WHERE org_id = $1 AND idempotency_key = $2`, [orgId, gone]);
    // A digest being sent has no job of its own key: not for this sweep.
    await s.ctx.store.repos.alerts.insertDelivery({ orgId, id: randomUUID(), key: 'digest:2026-08-31:someone', channel: 'email', eventId: null, webhookId: null, userId: null, target: 'someone@example.com', createdAt: now.toISOString() });

    expect(await s.ctx.store.transaction((repos) => repos.alerts.failStranded(orgId, now, STRANDED_ERROR, 100))).toBe(1);
    const states = Object.fromEntries((await s.ctx.store.repos.alerts.findDeliveries(orgId)).map((d) => [d.key, [d.state, d.error]]));
    expect(states).toEqual({
      [queued]: ['pending', null], [leased]: ['pending', null], [expiredWithAttemptsLeft]: ['pending', null],
      [gone]: ['failed', STRANDED_ERROR], 'digest:2026-08-31:someone': ['pending', null],
    });
    // Once the live lease has run out on the last attempt, that one is stranded too; a second sweep changes nothing else.
    const afterLease = new Date(now.getTime() + LEASE_MS + 1000);
    expect(await s.ctx.store.transaction((repos) => repos.alerts.failStranded(orgId, afterLease, STRANDED_ERROR, 100))).toBe(1);
    expect((await s.ctx.store.repos.alerts.findDeliveries(orgId)).filter((d) => d.state === 'pending').map((d) => d.key).sort()).toEqual([queued, expiredWithAttemptsLeft, 'digest:2026-08-31:someone'].sort());
  });
});
