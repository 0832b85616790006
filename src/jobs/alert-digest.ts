// The daily alert digest: one email per person who chose it, with the day's alerts of their
// kinds; nothing is sent to whom nothing happened. Each person's digest is a delivery keyed by
// the day, so a retry of the job sends only those that did not go out.
import { defineJob, scheduledSlot } from './types.js';

export interface AlertDigestPayload {
  /** The scheduled slot: the digest covers the 24 hours before it. */
  scheduledFor: string;
}

export const NAME = 'alert-digest';
const RETRY = { attempts: 4, backoffSeconds: 300, factor: 2, maxSeconds: 3600 };

export const alertDigest = defineJob<AlertDigestPayload, { sent: number; skipped: number; failed: number }>({
  name: NAME,
  description: "Email each digest subscriber the day's alerts",
  retry: RETRY,
  timeoutSeconds: 600,
  ...scheduledSlot(NAME),
  async perform(payload, jc) {
    const outcome = await jc.services.alerts.sendDigests(jc.orgId, new Date(payload.scheduledFor), { final: jc.attempt >= RETRY.attempts });
    return jc.commit(async () => outcome);
  },
});
