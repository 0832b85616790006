// `attest verify`: recompute every audit-log chain and every evidence hash.
import { verifyChain } from '../domain/audit-chain.js';
import { digestOf } from '../domain/hash.js';
import type { AppContext } from './context.js';
import { evidenceDigestView } from './evidence.service.js';

export interface VerifyProblem {
  kind: 'audit_log' | 'evidence_file' | 'evidence_record';
  organization: string;
  id: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  organizations: number;
  auditEntries: number;
  evidenceChecked: number;
  problems: VerifyProblem[];
}

export class VerifyService {
  constructor(private readonly ctx: AppContext, private readonly onProgress: (done: number, what: string) => void = () => undefined) {}

  /** Every organization of the workspace, or only `orgId`'s (what a signed-in caller may see). */
  async run(orgId?: string): Promise<VerifyReport> {
    const { repos, blobs } = this.ctx.store;
    const problems: VerifyProblem[] = [];
    const orgs = orgId === undefined ? await repos.organizations.list(1000) : [await repos.organizations.getById(orgId)].filter((o) => o !== null);
    let auditEntries = 0;
    for (const org of orgs) {
      let state = { seq: 0, hash: '0'.repeat(64) };
      for (;;) {
        const page = await repos.auditLog.page(org.id, state.seq, 1000);
        if (page.length === 0) break;
        const { breaks, last } = verifyChain(page, state);
        for (const b of breaks) problems.push({ kind: 'audit_log', organization: org.id, id: String(b.seq), message: b.message });
        auditEntries += page.length;
        state = last;
        this.onProgress(auditEntries, 'audit entries');
      }
    }
    let evidenceChecked = 0;
    // Key order leads with the organization: one organization's evidence is one contiguous run.
    let cursor: { orgId: string; id: string } | null = orgId === undefined ? null : { orgId, id: '00000000-0000-0000-0000-000000000000' };
    for (;;) {
      const batch = (await repos.evidence.scanAll(cursor, 200)).filter((e) => orgId === undefined || e.orgId === orgId);
      if (batch.length === 0) break;
      for (const e of batch) {
        const actual = await blobs.rehash(e.sha256);
        if (!actual) problems.push({ kind: 'evidence_file', organization: e.orgId, id: e.id, message: `evidence ${e.id} (${e.filename}): the file is missing` });
        else if (actual.sha256 !== e.sha256 || actual.size !== e.size) problems.push({ kind: 'evidence_file', organization: e.orgId, id: e.id, message: `evidence ${e.id} (${e.filename}): the stored file was altered (sha-256 ${actual.sha256.slice(0, 12)}…, recorded ${e.sha256.slice(0, 12)}…)` });
        const entries = await repos.auditLog.findForEntity(e.orgId, 'evidence', e.id);
        const created = entries.find((x) => x.action === 'evidence.add');
        if (!created) problems.push({ kind: 'evidence_record', organization: e.orgId, id: e.id, message: `evidence ${e.id} (${e.filename}) has no audit-log entry recording its addition` });
        else if (created.afterDigest !== digestOf(evidenceDigestView(e))) problems.push({ kind: 'evidence_record', organization: e.orgId, id: e.id, message: `evidence ${e.id} (${e.filename}): its record differs from what the audit log recorded when it was added` });
        evidenceChecked += 1;
      }
      this.onProgress(evidenceChecked, 'evidence files');
      const last = batch[batch.length - 1]!;
      cursor = { orgId: last.orgId, id: last.id };
    }
    return { ok: problems.length === 0, organizations: orgs.length, auditEntries, evidenceChecked, problems };
  }
}
