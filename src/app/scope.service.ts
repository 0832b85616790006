// The audit scope: categories (Security always), Type I date or Type II period, and the
// system description fields of DC 200.
import { invalid, type FieldError } from '../domain/errors.js';
import { isIsoDate, daysBetween } from '../domain/dates.js';
import type { AuditScope, ReportType, SystemDescription } from '../domain/types.js';
import type { Actor, AppContext } from './context.js';
import { parseCategories } from './workspace.service.js';

export interface ScopePatch {
  categories?: string[];
  reportType?: ReportType;
  asOf?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  systemDescription?: SystemDescriptionPatch;
}

export type SystemDescriptionPatch = Partial<Omit<SystemDescription, 'components'>> & { components?: Partial<SystemDescription['components']> };

export interface ScopeView extends AuditScope {
  /** Advice that is not an error, e.g. a Type II period shorter than three months. */
  notices: string[];
}

export class ScopeService {
  constructor(private readonly ctx: AppContext) {}

  async get(orgId: string): Promise<ScopeView> {
    const scope = await this.ctx.store.repos.scope.get(orgId);
    if (!scope) throw new Error(`organization ${orgId} has no scope row`);
    return { ...scope, notices: notices(scope) };
  }

  async update(orgId: string, patch: ScopePatch, actor: Actor): Promise<ScopeView> {
    const current = await this.get(orgId);
    const errors: FieldError[] = [];
    let categories = current.categories;
    if (patch.categories !== undefined) {
      const parsed = parseCategories(patch.categories);
      errors.push(...parsed.errors);
      categories = parsed.categories;
    }
    const next: Omit<AuditScope, 'updatedAt'> = {
      categories,
      reportType: patch.reportType ?? current.reportType,
      asOf: patch.asOf !== undefined ? patch.asOf : current.asOf,
      periodStart: patch.periodStart !== undefined ? patch.periodStart : current.periodStart,
      periodEnd: patch.periodEnd !== undefined ? patch.periodEnd : current.periodEnd,
      systemDescription: mergeDescription(current.systemDescription, patch.systemDescription),
    };
    for (const f of ['asOf', 'periodStart', 'periodEnd'] as const) {
      const v = next[f];
      if (v !== null && !isIsoDate(v)) errors.push({ field: f, code: 'invalid_date', message: `${JSON.stringify(v)} is not a date (YYYY-MM-DD)` });
    }
    if (next.reportType === 'type2') {
      if (next.periodStart === null) errors.push({ field: 'periodStart', code: 'required', message: 'a Type II scope needs the start of its period' });
      if (next.periodEnd === null) errors.push({ field: 'periodEnd', code: 'required', message: 'a Type II scope needs the end of its period' });
      if (next.periodStart && next.periodEnd && isIsoDate(next.periodStart) && isIsoDate(next.periodEnd) && next.periodStart >= next.periodEnd) {
        errors.push({ field: 'periodEnd', code: 'before_start', message: 'the period must end after it starts' });
      }
    }
    const known = new Set(this.ctx.catalog.soc2.criteria.map((c) => c.id));
    next.systemDescription.criteriaNotRelevant.forEach((item, i) => {
      if (!known.has(item.criterion)) errors.push({ field: `systemDescription.criteriaNotRelevant.${i}.criterion`, code: 'unknown_id', message: `no SOC 2 criterion ${JSON.stringify(item.criterion)}` });
      if (item.reason.trim() === '') errors.push({ field: `systemDescription.criteriaNotRelevant.${i}.reason`, code: 'required', message: 'say why the criterion is not relevant' });
    });
    if (errors.length) throw invalid(errors);
    const saved = await this.ctx.store.transaction(async (repos) => {
      const out = await repos.scope.upsert(orgId, next);
      const { updatedAt: _b, notices: _n, ...before } = current;
      const { updatedAt: _a, ...after } = out;
      await repos.auditLog.append(orgId, { actor, action: 'scope.update', entityType: 'scope', entityId: orgId, before, after, detail: { fields: Object.keys(patch).sort() } }, this.ctx.clock());
      return out;
    });
    return { ...saved, notices: notices(saved) };
  }
}

function mergeDescription(current: SystemDescription, patch: SystemDescriptionPatch | undefined): SystemDescription {
  if (!patch) return current;
  return { ...current, ...patch, components: { ...current.components, ...(patch.components ?? {}) } };
}

function notices(s: AuditScope): string[] {
  const out: string[] = [];
  if (s.reportType === 'type1' && s.asOf === null) out.push('Set the Type I as-of date when you know it.');
  if (s.reportType === 'type2' && s.periodStart && s.periodEnd) {
    const days = daysBetween(s.periodStart, s.periodEnd);
    if (days < 89) out.push(`The Type II period is ${days} days; auditors usually expect at least three months.`);
    if (days > 366) out.push(`The Type II period is ${days} days; periods longer than twelve months are unusual.`);
  }
  if (s.systemDescription.services.trim() === '') out.push('Describe the services in scope (DC 200, item 1).');
  return out;
}
