import type { AuditEntry } from '../domain/audit-chain.js';
import type { AppContext } from './context.js';

export class AuditLogService {
  constructor(private readonly ctx: AppContext) {}

  /** Newest first; page backwards with `beforeSeq`. */
  recent(orgId: string, limit = 50, beforeSeq?: number): Promise<AuditEntry[]> {
    return this.ctx.store.repos.auditLog.recent(orgId, limit, beforeSeq);
  }
}
