// `attest verify`: recompute every audit-log chain and every evidence hash.
import { verifyChain } from '../domain/audit-chain.js';
import { digestOf } from '../domain/hash.js';
import type { AppContext } from './context.js';
import { evidenceDigestView } from './evidence.service.js';

export interface VerifyProblem {
  kind: 'audit_log' | 'audit_anchor' | 'evidence_file' | 'evidence_record';
  organization: string;
  id: string;
  message: string;
}

/**
 * The last entry of an organization's chain. Nothing inside the database can show that the
 * newest entries were removed; a head kept elsewhere (the JSON of an earlier `attest verify`)
 * can: that entry must still be in the chain, with the same hash.
 */
export interface ChainHead {
  organization: string;
  seq: number;
  hash: string;
}

export interface VerifyReport {
  ok: boolean;
  organizations: number;
  auditEntries: number;
  evidenceChecked: number;
  /** Each organization's chain head, to keep outside the database as an anchor. */
  heads: ChainHead[];
  /** Anchors given and checked. */
  anchorsChecked: number;
  problems: VerifyProblem[];
}

export class VerifyService {
  constructor(private readonly ctx: AppContext, private readonly onProgress: (done: number, what: string) => void = () => undefined) {}

  /** Every organization of the workspace, or only `orgId`'s (what a signed-in caller may see). */
  async run(orgId?: string, anchors: readonly ChainHead[] = []): Promise<VerifyReport> {
    const { repos, blobs } = this.ctx.store;
    const problems: VerifyProblem[] = [];
    const orgs = orgId === undefined ? await repos.organizations.list(1000) : [await repos.organizations.getById(orgId)].filter((o) => o !== null);
    let auditEntries = 0;
    const heads: ChainHead[] = [];
    let anchorsChecked = 0;
    for (const org of orgs) {
      let state = { seq: 0, hash: '0'.repeat(64) };
      const pending = new Map(anchors.filter((a) => a.organization === org.id).map((a) => [a.seq, a.hash]));
      anchorsChecked += pending.size;
      for (;;) {
        const page = await repos.auditLog.page(org.id, state.seq, 1000);
        if (page.length === 0) break;
        const { breaks, last } = verifyChain(page, state);
        for (const b of breaks) problems.push({ kind: 'audit_log', organization: org.id, id: String(b.seq), message: b.message });
        for (const e of page) {
          const anchored = pending.get(e.seq);
          if (anchored === undefined) continue;
          pending.delete(e.seq);
          if (anchored !== e.hash) problems.push({ kind: 'audit_anchor', organization: org.id, id: String(e.seq), message: `entry ${e.seq} differs from the anchor kept for it: the log was rewritten up to there` });
        }
        auditEntries += page.length;
        state = last;
        this.onProgress(auditEntries, 'audit entries');
      }
      for (const seq of pending.keys()) problems.push({ kind: 'audit_anchor', organization: org.id, id: String(seq), message: `entry ${seq}, a head kept as an anchor, is no longer in the log (it ends at ${state.seq}): entries were removed` });
      heads.push({ organization: org.id, seq: state.seq, hash: state.hash });
    }
    const known = new Set(orgs.map((o) => o.id));
    for (const a of anchors) if (!known.has(a.organization)) problems.push({ kind: 'audit_anchor', organization: a.organization, id: String(a.seq), message: `the anchor names organization ${a.organization}, which is not in this workspace${orgId === undefined ? '' : ' (or not yours)'}` });
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
    return { ok: problems.length === 0, organizations: orgs.length, auditEntries, evidenceChecked, heads, anchorsChecked, problems };
  }
}
