// Retention of alerts: deletes the organization's alert events older than
// ATTEST_ALERT_RETENTION_DAYS with their deliveries, and old deliveries of no event (daily
// digests, test sends). Kept whatever their age: an event with a delivery still pending (queued
// or waiting for a retry), a pending delivery, and every event a daily digest not yet sent will
// list — from 24 hours before the earliest slot of an alert-digest job still queued or running,
// or of the digest schedule's next slot (which can be in the past when no scheduler ran).
// First it ends the deliveries the queue gave up on (their worker stopped during the last
// attempt, or their job is gone): nothing else would, and they would hold their event for ever.
import { DIGEST_WINDOW_MS } from '../app/alerts.service.js';
import type { Repos } from '../store/index.js';
import { NAME as DIGEST } from './alert-digest.js';
import { PRUNE_BATCH, retentionCutoff } from './prune-jobs.js';
import { defineJob, scheduledSlot } from './types.js';

export const DEFAULT_ALERT_RETENTION_DAYS = 90;

export interface PruneAlertsPayload {
  scheduledFor: string;
}

export interface PruneAlertsResult {
  retentionDays: number;
  /** Pending deliveries ended as failed: their job will never run again (STRANDED_ERROR). */
  stranded: number;
  /** Events raised (and event-less deliveries created) before this instant were eligible. */
  before: string;
  /** Set when a digest still to be sent held `before` back from the retention's cutoff. */
  heldForDigest: boolean;
  events: number;
  deliveries: number;
  /** More eligible rows remain than one run deletes. */
  more: boolean;
}

export const NAME = 'prune-alerts';

/** The error of a delivery whose job the queue gave up on before the attempt was recorded. */
export const STRANDED_ERROR = 'the worker stopped during the last attempt; the queue gave up on this delivery';

/** The earliest instant a digest not yet sent reads events from; null when none is to come before the retention matters. */
async function digestNeedsFrom(repos: Repos, orgId: string): Promise<number | null> {
  const slots: number[] = [];
  for (const state of ['queued', 'running'] as const) {
    for (const job of await repos.jobs.findBy(orgId, { state, name: DIGEST }, { limit: 1000 })) {
      const slot = Date.parse(String((job.payload as { scheduledFor?: unknown } | null)?.scheduledFor));
      if (Number.isFinite(slot)) slots.push(slot);
    }
  }
  const schedule = await repos.schedules.get(orgId, DIGEST);
  if (schedule?.enabled && schedule.nextRunAt) slots.push(Date.parse(schedule.nextRunAt));
  return slots.length ? Math.min(...slots) - DIGEST_WINDOW_MS : null;
}

export const pruneAlerts = defineJob<PruneAlertsPayload, PruneAlertsResult>({
  name: NAME,
  description: 'Delete alert events and their deliveries older than the retention period',
  retry: { attempts: 3, backoffSeconds: 300, factor: 2, maxSeconds: 3600 },
  timeoutSeconds: 600,
  ...scheduledSlot(NAME),
  perform: (_payload, jc) => jc.commit(async ({ repos }) => {
    const retentionDays = jc.deps.alertRetentionDays ?? DEFAULT_ALERT_RETENTION_DAYS;
    const now = jc.clock();
    const cutoff = retentionCutoff(now, retentionDays).getTime();
    // Before pruning, in the same transaction: an event old enough goes in this very run.
    const stranded = await repos.alerts.failStranded(jc.orgId, now, STRANDED_ERROR, PRUNE_BATCH);
    if (stranded) jc.log.warn({ deliveries: stranded }, 'alert deliveries failed: their job was given up');
    const digestFrom = await digestNeedsFrom(repos, jc.orgId);
    const before = new Date(digestFrom !== null && digestFrom < cutoff ? digestFrom : cutoff);
    // At most PRUNE_BATCH events, and as many deliveries of no event, per run.
    const gone = await repos.alerts.prune(jc.orgId, before, PRUNE_BATCH);
    if (gone.events || gone.deliveries) jc.log.info({ events: gone.events, deliveries: gone.deliveries, more: gone.more }, 'old alerts pruned');
    return { retentionDays, stranded, before: before.toISOString(), heldForDigest: before.getTime() < cutoff, ...gone };
  }),
});
