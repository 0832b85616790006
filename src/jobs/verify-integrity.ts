// Verifies the organization's audit-log hash chain and every evidence file (what
// `attest verify` does) and records the outcome. The verification reads outside any
// transaction; the outcome is written with the job's completion, so it is recorded once.
import { randomUUID } from 'node:crypto';
import { defineJob, scheduledSlot } from './types.js';

export interface VerifyIntegrityPayload {
  scheduledFor: string;
}

export interface VerifyIntegrityResult {
  ok: boolean;
  auditEntries: number;
  evidenceChecked: number;
  problems: number;
}

export const NAME = 'verify-integrity';

export const verifyIntegrity = defineJob<VerifyIntegrityPayload, VerifyIntegrityResult>({
  name: NAME,
  description: 'Verify the audit-log hash chain and every evidence file, and record the outcome',
  retry: { attempts: 3, backoffSeconds: 300, factor: 2, maxSeconds: 3600 },
  timeoutSeconds: 3600,
  ...scheduledSlot(NAME),
  async perform(_payload, jc) {
    const report = await jc.services.verify().run(jc.orgId);
    const problems = report.problems.filter((p) => p.organization === jc.orgId);
    const result = await jc.commit(async ({ repos }) => {
      await repos.integrity.insert(jc.orgId, {
        id: randomUUID(), jobId: jc.jobId, checkedAt: jc.clock().toISOString(), ok: problems.length === 0, auditEntries: report.auditEntries,
        evidenceChecked: report.evidenceChecked, problemCount: problems.length, problems: problems.map((p) => ({ kind: p.kind, id: p.id, message: p.message })),
      });
      return { ok: problems.length === 0, auditEntries: report.auditEntries, evidenceChecked: report.evidenceChecked, problems: problems.length };
    });
    if (!result.ok) jc.log.warn({ problems: result.problems }, 'integrity verification found problems');
    return result;
  },
});
