// Readiness of the organization's scope: by category and by criterion.
import { computeReadiness, type Readiness } from '../domain/readiness.js';
import type { AuditScope } from '../domain/types.js';
import type { Organization } from '../store/index.js';
import type { AppContext } from './context.js';
import { ControlsService, type ControlView } from './controls.service.js';

export interface StatusReport {
  organization: { id: string; name: string };
  scope: Pick<AuditScope, 'categories' | 'reportType' | 'asOf' | 'periodStart' | 'periodEnd'>;
  readiness: Readiness;
  /** In-scope controls without current evidence, most-cited first: what to do next. */
  nextSteps: { control: string; title: string; status: ControlView['status']; explanation: string; criteria: string[] }[];
}

export class StatusService {
  constructor(private readonly ctx: AppContext) {}

  async report(org: Organization): Promise<StatusReport> {
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
    return {
      organization: { id: org.id, name: org.name },
      scope: { categories: scope.categories, reportType: scope.reportType, asOf: scope.asOf, periodStart: scope.periodStart, periodEnd: scope.periodEnd },
      readiness,
      nextSteps,
    };
  }
}
