import type { AuditScope, Category, ReportType, SystemDescription } from '../domain/types.js';
import type { Queryable } from './db.js';
import { iso } from './rows.js';

const present = (r: Record<string, unknown>): AuditScope => ({
  categories: r.categories as Category[],
  reportType: r.report_type as ReportType,
  asOf: (r.as_of as string | null) ?? null,
  periodStart: (r.period_start as string | null) ?? null,
  periodEnd: (r.period_end as string | null) ?? null,
  systemDescription: r.system_description as SystemDescription,
  updatedAt: iso(r.updated_at),
});

export class ScopeRepo {
  constructor(private readonly q: Queryable) {}

  async get(orgId: string): Promise<AuditScope | null> {
    const rows = await this.q.query('SELECT * FROM audit_scopes WHERE org_id = $1', [orgId]);
    return rows[0] ? present(rows[0]) : null;
  }

  async upsert(orgId: string, s: Omit<AuditScope, 'updatedAt'>): Promise<AuditScope> {
    const rows = await this.q.query(
      `INSERT INTO audit_scopes (org_id, categories, report_type, as_of, period_start, period_end, system_description, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (org_id) DO UPDATE SET categories = EXCLUDED.categories, report_type = EXCLUDED.report_type, as_of = EXCLUDED.as_of,
         period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end, system_description = EXCLUDED.system_description, updated_at = now()
       RETURNING *`,
      [orgId, s.categories, s.reportType, s.asOf, s.periodStart, s.periodEnd, JSON.stringify(s.systemDescription)],
    );
    return present(rows[0]!);
  }
}
