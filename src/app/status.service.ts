// Readiness of the organization's scope: by category and by criterion, the top gaps, and what
// to do next. Read from the maintained summary (store/status-summary.repo.ts, migration 0010,
// and derived-cache.ts in memory): the report is computed once per change (every change that
// can move a control's status appends to the audit log, whose head keys the summary) and per
// day (evidence ages), then served as it stands. So the dashboard costs the same with 100
// resources or 100,000.
import { computeReadiness, type CriterionReadiness, type Readiness } from '../domain/readiness.js';
import type { AuditScope } from '../domain/types.js';
import type { Organization } from '../store/index.js';
import type { AppContext } from './context.js';
import { ControlsService, type ControlView } from './controls.service.js';
import { derivedCache } from './derived-cache.js';

export interface StatusReport {
  organization: { id: string; name: string };
  scope: Pick<AuditScope, 'categories' | 'reportType' | 'asOf' | 'periodStart' | 'periodEnd'>;
  readiness: Readiness;
  /** In-scope controls without current evidence, most-cited first: what to do next. */
  nextSteps: { control: string; title: string; status: ControlView['status']; explanation: string; criteria: string[] }[];
  /** Criteria in scope with the most controls lacking current evidence (then the most failing), worst first. */
  topGaps: (Pick<CriterionReadiness, 'id' | 'category' | 'title' | 'controls' | 'evidenced' | 'failing' | 'stale' | 'noEvidence' | 'state'> & { missing: number })[];
  /** When this report was computed; it stands until something changes or the day turns. */
  computedAt: string;
}

/** The shape of the stored report; bump it when StatusReport changes, so older rows are recomputed. */
export const SUMMARY_FORMAT = 2; // 2: readiness counts controls at risk (overdue tasks)
const TOP_GAPS = 8;

export class StatusService {
  constructor(private readonly ctx: AppContext) {}

  /**
   * The report, from memory while the organization's audit-log head and the day are those it
   * was computed at; else from the stored summary if it is current (another process, or before
   * a restart, computed it); else computed and stored.
   */
  async report(org: Organization): Promise<StatusReport> {
    const report = await derivedCache(this.ctx).get(org.id, 'status', async (day) => {
      const { head, summary } = await this.ctx.store.repos.statusSummary.read<StatusReport>(org.id);
      if (summary && summary.auditSeq === head && summary.day === day && summary.format === SUMMARY_FORMAT) return summary.report;
      // The head was read before computing: a change committed meanwhile leaves the row behind
      // the head, so the next read computes again; never ahead of what it reflects.
      const computed = await this.compute(org);
      await this.ctx.store.repos.statusSummary.upsert(org.id, { auditSeq: head, day, format: SUMMARY_FORMAT, computedAt: computed.computedAt, report: computed });
      return computed;
    });
    // The cached object itself while the organization keeps its name (see ControlsService.list).
    return report.organization.name === org.name ? report : { ...report, organization: { id: org.id, name: org.name } };
  }

  /** The report computed from the controls, their evidence and the current check results. */
  async compute(org: Organization): Promise<StatusReport> {
    const scope = await this.ctx.store.repos.scope.get(org.id);
    if (!scope) throw new Error(`organization ${org.id} has no scope row`);
    const controls = await new ControlsService(this.ctx).list(org.id);
    const readiness = computeReadiness(this.ctx.catalog.soc2.criteria, controls, scope.categories);
    const inScopeCriteria = new Set(readiness.criteria.map((c) => c.id));
    const nextSteps = controls
      .filter((c) => c.inScope && c.status !== 'evidenced' && c.criteria.some((id) => inScopeCriteria.has(id)))
      .sort((a, b) => b.criteria.length - a.criteria.length || a.id.localeCompare(b.id))
      .slice(0, 10)
      .map((c) => ({ control: c.id, title: c.title, status: c.status, explanation: c.explanation, criteria: c.criteria }));
    const topGaps = readiness.criteria
      .map((c) => ({ id: c.id, category: c.category, title: c.title, controls: c.controls, evidenced: c.evidenced, failing: c.failing, stale: c.stale, noEvidence: c.noEvidence, state: c.state, missing: c.controls - c.evidenced }))
      .filter((c) => c.state !== 'ready')
      .sort((a, b) => b.missing - a.missing || b.failing - a.failing || a.id.localeCompare(b.id))
      .slice(0, TOP_GAPS);
    return {
      organization: { id: org.id, name: org.name },
      scope: { categories: scope.categories, reportType: scope.reportType, asOf: scope.asOf, periodStart: scope.periodStart, periodEnd: scope.periodEnd },
      readiness,
      nextSteps,
      topGaps,
      computedAt: this.ctx.clock().toISOString(),
    };
  }
}
