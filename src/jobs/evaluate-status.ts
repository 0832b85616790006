// Recomputes the organization's readiness and stores the day's snapshot: the trend the
// dashboard draws. Idempotent: one row per day, and a retry never overwrites a later
// computation of the same day.
import { toIsoDate } from '../domain/dates.js';
import { notFound } from '../domain/errors.js';
import { defineJob, scheduledSlot } from './types.js';

export interface EvaluateStatusPayload {
  /** The scheduled slot (or the time of a manual request): part of the idempotency key. */
  scheduledFor: string;
}

export interface EvaluateStatusResult {
  day: string;
  score: number;
  controls: number;
  evidenced: number;
  failing: number;
  /** Controls at risk (a recurring task overdue). */
  atRisk: number;
  /** Alerts raised by status changes. */
  alerts: number;
}

export const NAME = 'evaluate-status';

export const evaluateStatus = defineJob<EvaluateStatusPayload, EvaluateStatusResult>({
  name: NAME,
  description: "Recompute readiness and store the day's snapshot",
  retry: { attempts: 5, backoffSeconds: 30, factor: 2, maxSeconds: 1800 },
  timeoutSeconds: 300,
  ...scheduledSlot(NAME),
  perform: (_payload, jc) => jc.commit(async ({ services, repos }) => {
    const org = await repos.organizations.getById(jc.orgId);
    if (!org) throw notFound('organization', jc.orgId);
    const { readiness } = await services.status.report(org);
    // Controls whose status changed since the last evaluation raise alerts (docs/ALERTS.md), in this same transaction.
    const alerts = await services.alerts.recordStatusChanges(jc.orgId, repos);
    const computedAt = jc.clock();
    const o = readiness.overall;
    const stored = await repos.readiness.upsert(jc.orgId, {
      day: toIsoDate(computedAt), computedAt: computedAt.toISOString(), score: o.score, controls: o.controls, evidenced: o.evidenced,
      failing: o.failing, stale: o.stale, noEvidence: o.noEvidence, atRisk: o.atRisk, excluded: o.excluded,
      categories: readiness.categories.map((c) => ({ category: c.category, score: c.score, controls: c.controls, evidenced: c.evidenced, failing: c.failing, stale: c.stale, noEvidence: c.noEvidence, atRisk: c.atRisk })),
    });
    return { day: stored.day, score: stored.score, controls: stored.controls, evidenced: stored.evidenced, failing: stored.failing, atRisk: stored.atRisk, alerts: alerts.length };
  }),
});
