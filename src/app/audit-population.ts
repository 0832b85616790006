// What an audit sees of each control: its window, its population in that window, and (for
// automated controls) the monitoring history. That history comes through one seam,
// CheckHistory; ResultHistory answers it from the change-only result history: failing windows
// from HistoryService (the per-check roll-up), monitored days and judged resources from the
// result intervals and per-run tallies (src/store/audit-history.repo.ts).
import { addDays } from '../domain/dates.js';
import type { DateRange } from '../domain/effectiveness.js';
import type { PopulationKind, SamplingFrequency } from '../domain/sampling.js';
import { EVIDENCE_VALID_DAYS } from '../domain/status.js';
import type { Automation, Frequency } from '../domain/types.js';
import type { AuditRecord, EvidenceRecord, JudgedResource } from '../store/index.js';
import type { AppContext } from './context.js';
import { HistoryService } from './history.service.js';
import { settleHistory } from './scan.service.js';

/** [start, end) as ISO instants; the days of a window run from 00:00 UTC to 00:00 UTC. */
export interface InstantWindow {
  start: string;
  end: string;
}

/** A stretch of the window during which a check failed on at least one resource. */
export interface FailingWindow {
  checkId: string;
  start: string;
  /** Clipped to the end of the window (or now) when still failing: see `ongoing`. */
  end: string;
  ongoing: boolean;
}

export interface CheckHistory {
  /** Per check, the stretches of the window in which it failed on some resource. */
  failingWindows(orgId: string, checkIds: string[], window: InstantWindow): Promise<FailingWindow[]>;
  /** UTC days within the window on which a run judged a resource with one of the checks. */
  monitoredDays(orgId: string, checkIds: string[], window: InstantWindow): Promise<string[]>;
  /** Per check, distinct resources judged within the window. */
  resourceCounts(orgId: string, checkIds: string[], window: InstantWindow): Promise<Map<string, number>>;
  /** The resources judged within the window; at most `limit`. */
  resources(orgId: string, checkIds: string[], window: InstantWindow, limit: number): Promise<JudgedResource[]>;
}

/** CheckHistory over the result history of issue 5 (migrations/0005). */
export class ResultHistory implements CheckHistory {
  private readonly history: HistoryService;
  constructor(private readonly ctx: AppContext) {
    this.history = new HistoryService(ctx);
  }

  async failingWindows(orgId: string, checkIds: string[], window: InstantWindow): Promise<FailingWindow[]> {
    // History ends now: a window that has not begun has no history yet.
    if (window.start >= this.ctx.clock().toISOString()) return [];
    const out: FailingWindow[] = [];
    for (const checkId of [...checkIds].sort()) {
      const period = await this.history.period(orgId, { kind: 'check', id: checkId }, { from: window.start, to: window.end });
      for (const w of period.failingWindows) out.push({ checkId, start: w.start, end: w.end, ongoing: w.ongoing });
    }
    return out.sort((a, b) => (a.start !== b.start ? (a.start < b.start ? -1 : 1) : a.checkId < b.checkId ? -1 : 1));
  }

  monitoredDays(orgId: string, checkIds: string[], window: InstantWindow) {
    return this.ctx.store.repos.auditHistory.monitoredDays(orgId, checkIds, window.start, window.end);
  }

  async resourceCounts(orgId: string, checkIds: string[], window: InstantWindow) {
    await settleHistory(this.ctx, orgId);
    return this.ctx.store.repos.auditHistory.judgedResourceCounts(orgId, checkIds, window.start, window.end);
  }

  async resources(orgId: string, checkIds: string[], window: InstantWindow, limit: number) {
    await settleHistory(this.ctx, orgId);
    return this.ctx.store.repos.auditHistory.judgedResources(orgId, checkIds, window.start, window.end, limit);
  }
}

/** A control as an audit sees it. */
export interface AuditControl {
  id: string;
  title: string;
  frequency: Frequency;
  automation: Automation;
  criteria: string[];
  /** Checks that evidence it. */
  checks: string[];
  /** Its row of the frequency table; null for per-event controls. */
  sampling: SamplingFrequency | null;
  /** The dates whose evidence the audit sees for this control. */
  window: DateRange;
}

export const instants = (w: DateRange): InstantWindow => ({ start: `${w.from}T00:00:00.000Z`, end: `${addDays(w.to, 1)}T00:00:00.000Z` });

/**
 * The evidence window of a control in an audit. Type II: the period. Type I: the as-of date and
 * the days before it in which evidence keeps a control of this frequency current
 * (EVIDENCE_VALID_DAYS, the rule control status uses), so a Type I audit sees what was in place.
 */
export function controlWindow(audit: Pick<AuditRecord, 'reportType' | 'asOf' | 'periodStart' | 'periodEnd'>, frequency: Frequency): DateRange {
  if (audit.reportType === 'type2') return { from: audit.periodStart!, to: audit.periodEnd! };
  return { from: addDays(audit.asOf!, -EVIDENCE_VALID_DAYS[frequency]), to: audit.asOf! };
}

/** One member of a population. Its key orders the population canonically and names it. */
export interface PopulationItem {
  key: string;
  evidenceId?: string;
  effectiveAt?: string;
  filename?: string;
  sha256?: string;
  checkId?: string;
  resourceType?: string;
  resourceId?: string;
}

export const evidenceItem = (e: EvidenceRecord): PopulationItem => ({ key: `${e.effectiveAt} ${e.id}`, evidenceId: e.id, effectiveAt: e.effectiveAt, filename: e.filename, sha256: e.sha256 });
/** Resource types never contain a space, so the key splits back at the first two. */
export const resourceItem = (r: JudgedResource): PopulationItem => ({ key: `${r.checkId} ${r.resourceType} ${r.resourceId}`, checkId: r.checkId, resourceType: r.resourceType, resourceId: r.resourceId });

/** Automated controls sampled by configuration are those whose checks judged resources in the window. */
export function populationKind(control: AuditControl, judgedByChecks: boolean): PopulationKind {
  if (control.checks.length > 0 && judgedByChecks) return 'resources';
  return control.frequency === 'per-event' ? 'events' : 'occurrences';
}

export const MAX_POPULATION = 500_000;
