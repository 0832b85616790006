// The organization's controls: library metadata + the organization's choices + derived status.
import { invalid, notFound, type FieldError } from '../domain/errors.js';
import { toIsoDate } from '../domain/dates.js';
import { deriveControlStatus, type ControlStatus } from '../domain/status.js';
import type { Automation, Frequency, LibraryControl, Nature } from '../domain/types.js';
import type { OrgControl, OrgControlPatch } from '../store/index.js';
import type { Actor, AppContext } from './context.js';
import type { OverdueTask } from '../domain/tasks.js';
import { overdueByControl } from './tasks.service.js';
import { checksByControl, ScanService, type LatestChecks } from './scan.service.js';
import { derivedCache } from './derived-cache.js';

export interface ControlView {
  id: string;
  title: string;
  description: string;
  domain: string;
  ownerRole: string;
  frequency: Frequency;
  automation: Automation;
  nature: Nature;
  suggestedEvidence: string[];
  criteria: string[];
  mappings: Record<string, string[]>;
  owner: string | null;
  inScope: boolean;
  exclusionReason: string | null;
  notes: string;
  status: ControlStatus;
  explanation: string;
  evidenceCount: number;
  latestEvidenceEffective: string | null;
  /** Ids of the checks that evidence this control. */
  checks: string[];
}

export interface ControlQuery {
  criterion?: string;
  status?: ControlStatus;
  owner?: string;
  domain?: string;
  inScope?: boolean;
}

export const CONTROL_STATUSES: ControlStatus[] = ['evidenced', 'failing', 'at_risk', 'stale', 'no_evidence', 'excluded'];

/** A library control as a view, for when no workspace exists yet. */
export function libraryView(c: LibraryControl): Omit<ControlView, 'owner' | 'inScope' | 'exclusionReason' | 'notes' | 'status' | 'explanation' | 'evidenceCount' | 'latestEvidenceEffective' | 'checks'> {
  return { id: c.id, title: c.title, description: c.description, domain: c.domain, ownerRole: c.ownerRole, frequency: c.frequency, automation: c.automation, nature: c.nature, suggestedEvidence: c.evidence, criteria: c.criteria, mappings: c.mappings };
}

/** What the audit log digests for a control: the organization's editable state. */
const auditedState = (c: OrgControl) => ({ controlId: c.controlId, owner: c.owner, inScope: c.inScope, exclusionReason: c.exclusionReason, notes: c.notes });

export class ControlsService {
  private readonly library: Map<string, LibraryControl>;
  private readonly checksOf = checksByControl();
  private readonly scans: ScanService;
  constructor(private readonly ctx: AppContext) {
    this.library = new Map(ctx.catalog.controls.map((c) => [c.id, c]));
    this.scans = new ScanService(ctx);
  }

  /**
   * The controls with their derived status, as of the organization's latest change and today
   * (derived-cache.ts). Unfiltered, the list is the cached one itself (the same array until
   * something changes, which lets the HTTP layer reuse its serialization): do not mutate it.
   */
  async list(orgId: string, query: ControlQuery = {}): Promise<ControlView[]> {
    const views = await derivedCache(this.ctx).get(orgId, 'controls', () => this.derive(orgId));
    if (Object.values(query).every((v) => v === undefined)) return views;
    return views
      .filter((v) =>
        (query.criterion === undefined || v.criteria.includes(query.criterion)) &&
        (query.status === undefined || v.status === query.status) &&
        (query.owner === undefined || v.owner === query.owner) &&
        (query.domain === undefined || v.domain === query.domain) &&
        (query.inScope === undefined || v.inScope === query.inScope));
  }

  /** Every control's status derived afresh from its evidence, its checks' current results and its tasks. */
  async derive(orgId: string): Promise<ControlView[]> {
    const { repos } = this.ctx.store;
    const [rows, stats, latest] = await Promise.all([repos.controls.findBy(orgId, {}, { limit: 1000 }), repos.evidence.statsByControl(orgId), this.scans.latest(orgId)]);
    const byControl = new Map(stats.map((s) => [s.controlId, s]));
    const today = toIsoDate(this.ctx.clock());
    const overdue = await overdueByControl(repos, orgId, today, new Map(rows.map((r) => [r.controlId, r.title])));
    return rows.map((row) => this.view(row, byControl.get(row.controlId), today, latest, overdue.get(row.controlId) ?? []));
  }

  async get(orgId: string, controlId: string): Promise<ControlView> {
    const views = await this.list(orgId, {});
    const found = views.find((v) => v.id === controlId);
    if (!found) throw notFound('control', controlId, 'id');
    return found;
  }

  async update(orgId: string, controlId: string, patch: OrgControlPatch, actor: Actor): Promise<ControlView> {
    const errors: FieldError[] = [];
    if (patch.owner !== undefined && patch.owner !== null && patch.owner.trim() === '') errors.push({ field: 'owner', code: 'empty', message: 'use null to clear the owner' });
    const normalized: OrgControlPatch = { ...patch };
    if (patch.inScope === true) normalized.exclusionReason = null;
    if (patch.inScope === false && (patch.exclusionReason ?? '').trim() === '') {
      errors.push({ field: 'exclusionReason', code: 'required', message: 'excluding a control from scope needs a reason' });
    }
    if (patch.inScope === undefined && patch.exclusionReason !== undefined) {
      errors.push({ field: 'exclusionReason', code: 'needs_in_scope_false', message: 'give inScope: false together with the reason' });
    }
    if (errors.length) throw invalid(errors);
    await this.ctx.store.transaction(async (repos) => {
      const before = await repos.controls.getById(orgId, controlId);
      if (!before) throw notFound('control', controlId, 'id');
      const after = await repos.controls.update(orgId, controlId, normalized);
      await repos.auditLog.append(orgId, {
        actor, action: 'control.update', entityType: 'control', entityId: controlId,
        before: auditedState(before), after: after && auditedState(after), detail: { fields: Object.keys(patch).sort() },
      }, this.ctx.clock());
    });
    return this.get(orgId, controlId);
  }

  private view(row: OrgControl, stats: { count: number; latestEffective: string | null } | undefined, today: string, latest: LatestChecks, overdueTasks: OverdueTask[]): ControlView {
    const lib = this.library.get(row.controlId);
    const checkIds = (this.checksOf.get(row.controlId) ?? []).map((c) => c.meta.id);
    const tallies = checkIds.flatMap((id) => latest.byCheck.get(id) ?? []);
    // The scan that last evaluated one of its checks dates the explanation.
    const scannedAt = tallies.reduce((at, t) => (t.observedAt > at ? t.observedAt : at), '');
    const derived = deriveControlStatus({
      inScope: row.inScope, exclusionReason: row.exclusionReason, frequency: row.frequency,
      evidenceCount: stats?.count ?? 0, latestEffective: stats?.latestEffective ?? null, today,
      checks: tallies.length ? { scannedAt, tallies } : null, overdueTasks,
    });
    return {
      id: row.controlId,
      title: row.title,
      description: row.description,
      domain: lib?.domain ?? 'custom',
      ownerRole: lib?.ownerRole ?? '',
      frequency: row.frequency,
      automation: lib?.automation ?? 'manual',
      nature: lib?.nature ?? 'preventive',
      suggestedEvidence: lib?.evidence ?? [],
      criteria: lib?.criteria ?? [],
      mappings: lib?.mappings ?? {},
      owner: row.owner,
      inScope: row.inScope,
      exclusionReason: row.exclusionReason,
      notes: row.notes,
      status: derived.status,
      explanation: derived.explanation,
      evidenceCount: stats?.count ?? 0,
      latestEvidenceEffective: stats?.latestEffective ?? null,
      checks: checkIds,
    };
  }
}
