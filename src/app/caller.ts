// What a caller reads through: the services every role shares, or, for an account with the
// auditor role, the same services limited to the audits assigned to that account. The limit
// lives here and in AuditsService (not in the routes or the web app): an auditor's audits
// service answers not_found for any other audit, and their evidence reader sees only evidence
// effective within the window of one of their audits (docs/AUDITS.md).
import type { Readable } from 'node:stream';
import { notFound } from '../domain/errors.js';
import type { EvidenceRecord } from '../store/index.js';
import { AuditFieldworkService } from './audit-fieldwork.service.js';
import type { AuditsService } from './audits.service.js';
import type { AppContext } from './context.js';
import type { EvidenceService, EvidenceView } from './evidence.service.js';
import type { Principal } from './permissions.js';

export interface EvidenceReader {
  list(orgId: string, filter?: { controlId?: string }, page?: { limit?: number; offset?: number }): Promise<{ items: EvidenceView[]; total: number }>;
  get(orgId: string, id: string): Promise<EvidenceView>;
  open(orgId: string, id: string): Promise<{ record: EvidenceRecord; stream: Readable }>;
}

export interface CallerServices {
  audits: AuditsService;
  auditFieldwork: AuditFieldworkService;
  evidence: EvidenceReader;
}

/** True when the caller's reads are limited to their audits. */
export const isScopedAuditor = (p: Pick<Principal, 'role' | 'kind'> | null): boolean => p?.role === 'auditor' && p.kind !== 'cli';

/** The services as `principal` may read them. */
export function servicesFor(
  base: { ctx: AppContext; audits: AuditsService; auditFieldwork: AuditFieldworkService; evidence: EvidenceService },
  principal: Principal | null,
): CallerServices {
  if (!principal || !isScopedAuditor(principal)) return base;
  const audits = base.audits.forAuditor(principal.userId);
  return { audits, auditFieldwork: new AuditFieldworkService(base.ctx, audits), evidence: new AuditorEvidence(audits, base.evidence) };
}

/** Evidence as an auditor reads it: what their audits see, nothing else (not_found otherwise). */
export class AuditorEvidence implements EvidenceReader {
  constructor(private readonly audits: AuditsService, private readonly evidence: EvidenceService) {}

  async list(orgId: string, filter: { controlId?: string } = {}, page: { limit?: number; offset?: number } = {}) {
    const visible = (await this.audits.evidenceAcrossAudits(orgId)).filter((e) => !filter.controlId || e.auditControls.includes(filter.controlId));
    const limit = Math.min(Math.max(page.limit ?? 100, 1), 1000);
    const offset = Math.max(page.offset ?? 0, 0);
    return { items: await this.evidence.views(orgId, visible.slice(offset, offset + limit).map((e) => e.record)), total: visible.length };
  }

  async get(orgId: string, id: string) {
    await this.require(orgId, id);
    return this.evidence.get(orgId, id);
  }

  async open(orgId: string, id: string) {
    await this.require(orgId, id);
    return this.evidence.open(orgId, id);
  }

  private async require(orgId: string, id: string): Promise<void> {
    if (!(await this.audits.seesEvidence(orgId, id.trim().toLowerCase()))) throw notFound('evidence', id, 'id');
  }
}
