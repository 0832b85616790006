// Turns the result changes a run recorded into intervals (ScansRepo.settle), queued by every
// ingest so that the ingest itself only appends its changes (migration 0017). Settling is
// idempotent: an attempt after another, or after a read or the next ingest settled first,
// finds nothing pending and completes.
import { SETTLE_HISTORY_JOB } from '../app/scan.service.js';
import { invalidField } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import type { SettleOutcome } from '../store/index.js';
import { defineJob } from './types.js';

export interface SettleHistoryPayload {
  /** The run whose ingest queued the job (its key); settling takes every pending run of the organization. */
  runId: string;
}

export const settleHistory = defineJob<SettleHistoryPayload, SettleOutcome>({
  name: SETTLE_HISTORY_JOB.name,
  description: "Turn a scan run's recorded changes into result intervals",
  retry: { attempts: SETTLE_HISTORY_JOB.attempts, backoffSeconds: 10, factor: 3, maxSeconds: 600 },
  timeoutSeconds: 1800,
  parse: (payload) => {
    const runId = (payload as Record<string, unknown> | null)?.runId;
    if (typeof runId !== 'string' || !isUuid(runId)) throw invalidField('payload.runId', 'invalid', 'the id of the scan run whose changes to settle');
    return { runId };
  },
  key: (p) => `${SETTLE_HISTORY_JOB.name}:${p.runId}`,
  async perform(_payload, jc) {
    const out = (await jc.services.scans.settle(jc.orgId)) ?? { runs: 0, opened: 0, closed: 0, mismatched: 0 };
    if (out.mismatched > 0) jc.log.warn({ ...out }, 'settling found runs recorded from an out-of-date copy of the current results; the next ingest rebuilds it');
    return jc.commit(async () => out);
  },
});
