import type { AuditEntry } from '../domain/audit-chain.js';
import type { AppContext } from './context.js';

export class AuditLogService {
  constructor(private readonly ctx: AppContext) {}

  /** Newest first; page backwards with `beforeSeq`; `filter` keeps one entity type's or one actor's entries. */
  recent(orgId: string, limit = 50, beforeSeq?: number, filter: { entityType?: string; actor?: string } = {}): Promise<AuditEntry[]> {
    return this.ctx.store.repos.auditLog.recent(orgId, limit, beforeSeq, filter);
  }
}
