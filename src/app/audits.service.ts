// Audits: Type I (as of a date) or Type II (over a period) over chosen categories; the
// population of each control in the audit's window, reproducible samples drawn from a seed
// shown to the auditor, and the operating-effectiveness view.
//
// Visibility rule (service level): through an audit, only evidence effective within the
// audit's window is visible (Type II: the period; Type I: on or before the date, within the
// control's validity window). Every read below goes through that rule. An instance made by
// `forAuditor(userId)` also sees only the audits that account is assigned to (any other is
// not_found, as if it did not exist), and reads evidence only through them (docs/AUDITS.md).
import { randomInt, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { dailyCoverage, occurrenceCoverage, type Coverage, type DateRange } from '../domain/effectiveness.js';
import { AppError, invalid, notFound, type FieldError } from '../domain/errors.js';
import { isIsoDate } from '../domain/dates.js';
import {
  compareCodePoints, drawSample, parseSeed, periodDays, planSample, populationDigest, samplingFrequencyOf, MAX_SEED, RISKS, type PopulationKind, type Risk, type SampleRule,
} from '../domain/sampling.js';
import { isUuid } from '../domain/ids.js';
import type { Category, ReportType } from '../domain/types.js';
import type { AuditAuditor, AuditRecord, ControlFieldwork, EvidenceRecord, StoredSample, User } from '../store/index.js';
import {
  controlWindow, evidenceItem, instants, MAX_POPULATION, populationKind, ResultHistory, resourceItem,
  type AuditControl, type CheckHistory, type FailingWindow, type PopulationItem,
} from './audit-population.js';
import type { Actor, AppContext } from './context.js';
import { present, type EvidenceView } from './evidence.service.js';
import { checksByControl } from './scan.service.js';
import { parseCategories } from './workspace.service.js';

export interface AuditInput {
  /** 1 / 2, "1" / "2", or "type1" / "type2". */
  type: unknown;
  /** Type I: the as-of date. */
  date?: string;
  /** Type II: the first and last days of the period. */
  from?: string;
  to?: string;
  /** Default: the workspace scope's categories. Security is always in. */
  categories?: string[];
}

export interface AuditView {
  id: string;
  type: ReportType;
  asOf: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  categories: Category[];
  /** The seed of the current samples; null before the first draw. */
  seed: number | null;
  /** Every seed drawn with, oldest first. */
  seedsDrawn: number[];
  /** Controls in the audit: in scope, supporting a criterion of its categories. */
  controls: number;
  createdBy: string;
  createdAt: string;
}

export interface SampleItemView extends PopulationItem {
  /** The stream the item was drawn from: the control id, or control/check for automated controls. */
  stream: string;
}

export interface ControlSample {
  control: string;
  title: string;
  frequency: string;
  window: DateRange;
  populationKind: PopulationKind;
  populationSize: number;
  /** SHA-256 of the population keys in canonical order, one per line. */
  populationDigest: string;
  /** True when the population has changed since this sample was drawn (draw with a new seed to include it). */
  populationChanged: boolean;
  rule: SampleRule;
  /** The control's risk the sample was drawn with (sizes frequency-table samples). */
  risk: Risk;
  /** The control's risk now; differs from `risk` when it changed after this draw (draw with a new seed to apply it). */
  currentRisk: Risk;
  /** What the rule asks for; more than `size` when the population is smaller. */
  required: number;
  size: number;
  explanation: string;
  drawnAt: string;
  drawnBy: string;
  items: SampleItemView[];
}

export interface SampleView {
  audit: string;
  type: ReportType;
  seed: number;
  /** How to re-derive the draws: see src/domain/sampling.ts. */
  algorithm: string;
  controls: ControlSample[];
}

export type EffectivenessState = 'no_evidence' | 'exceptions' | 'failing' | 'gaps' | 'operating';

export interface ControlEffectiveness {
  control: string;
  title: string;
  frequency: string;
  automation: string;
  window: DateRange;
  populationKind: PopulationKind;
  populationSize: number;
  /** Expected occurrences (days monitored for automated controls); null without a fixed count. */
  expected: number | null;
  evidenced: number;
  gaps: DateRange[];
  failingWindows: FailingWindow[];
  tests: { performed: number; passed: number; exceptions: number; methods: string[]; inquiryOnly: boolean };
  exceptions: { recorded: number; awaitingResponse: number };
  /** The risk that sizes the control's sample in this audit (moderate unless set). */
  risk: Risk;
  /** The current sample (the audit's seed), if drawn. */
  sample: { seed: number; size: number } | null;
  state: EffectivenessState;
  explanation: string;
}

export interface EffectivenessView {
  audit: AuditView;
  summary: Record<EffectivenessState, number> & { controls: number };
  controls: ControlEffectiveness[];
}

/** An auditor assigned to an audit, with their account's name and whether it is disabled. */
export type AuditorView = AuditAuditor;

export interface AuditEvidenceView extends EvidenceView {
  /** The audit's controls this evidence is visible for (linked, effective within their window). */
  auditControls: string[];
}

const ALGORITHM = 'attest/sample/v1: SHA-256 counter stream, rejection sampling, partial Fisher–Yates over the population sorted by key (code points)';

export function parseReportType(value: unknown): ReportType | null {
  const v = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().toLowerCase().replace(/[\s_-]+/g, '') : '';
  if (v === '1' || v === 'type1' || v === 'i' || v === 'typei') return 'type1';
  if (v === '2' || v === 'type2' || v === 'ii' || v === 'typeii') return 'type2';
  return null;
}

interface Population {
  kind: PopulationKind;
  items: PopulationItem[];
  /** Automated controls: items per check (configuration). */
  byCheck: Map<string, PopulationItem[]>;
}

export class AuditsService {
  private readonly library: Map<string, { title: string; automation: 'automated' | 'manual'; criteria: string[] }>;
  private readonly checksOf = checksByControl();
  private readonly categoryOf: Map<string, Category>;
  private readonly history: CheckHistory;

  /**
   * `auditor`: this instance reads for an account with the auditor role: the audits assigned
   * to `userId` only (null, an API token: none). Undefined: every audit of the organization.
   */
  constructor(private readonly ctx: AppContext, history?: CheckHistory, private readonly auditor?: { userId: string | null }) {
    this.library = new Map(ctx.catalog.controls.map((c) => [c.id, c]));
    this.categoryOf = new Map(ctx.catalog.soc2.criteria.map((c) => [c.id, c.category]));
    this.history = history ?? new ResultHistory(ctx);
  }

  /** The same service, limited to the audits assigned to an auditor's account. */
  forAuditor(userId: string | null): AuditsService {
    return new AuditsService(this.ctx, this.history, { userId });
  }

  /** True when this instance is limited to an auditor's audits. */
  get scoped(): boolean {
    return this.auditor !== undefined;
  }

  // --- audits -----------------------------------------------------------------------------

  async create(orgId: string, input: AuditInput, actor: Actor): Promise<AuditView> {
    if (this.auditor) throw new AppError('forbidden', 'an auditor does not create audits');
    const errors: FieldError[] = [];
    const type = parseReportType(input.type);
    if (input.type === undefined || input.type === null || input.type === '') errors.push({ field: 'type', code: 'required', message: 'choose the report type: 1 (as of a date) or 2 (over a period)' });
    else if (!type) errors.push({ field: 'type', code: 'invalid_value', message: `unknown report type ${JSON.stringify(input.type)}; use 1 or 2` });
    const date = (field: 'date' | 'from' | 'to', need: boolean): string | null => {
      const v = input[field]?.trim();
      if (!v) {
        if (need) errors.push({ field, code: 'required', message: `a Type ${type === 'type1' ? 'I audit needs its as-of date' : `II audit needs the ${field === 'from' ? 'first' : 'last'} day of its period`} (YYYY-MM-DD)` });
        return null;
      }
      if (!need) {
        errors.push({ field, code: 'not_allowed', message: type === 'type1' ? 'a Type I audit has one date (--date), not a period' : 'a Type II audit has a period (--from, --to), not one date' });
        return null;
      }
      if (!isIsoDate(v)) {
        errors.push({ field, code: 'invalid_date', message: `${JSON.stringify(input[field])} is not a date (YYYY-MM-DD)` });
        return null;
      }
      return v;
    };
    const asOf = type ? date('date', type === 'type1') : null;
    const from = type ? date('from', type === 'type2') : null;
    const to = type ? date('to', type === 'type2') : null;
    if (from && to && to <= from) errors.push({ field: 'to', code: 'before_start', message: `the period must end after it starts (${from} … ${to})` });
    let categories: Category[];
    if (input.categories !== undefined) {
      const parsed = parseCategories(input.categories, 'categories');
      errors.push(...parsed.errors);
      categories = parsed.categories;
    } else {
      const scope = await this.ctx.store.repos.scope.get(orgId);
      categories = scope?.categories ?? ['security'];
    }
    if (errors.length || !type) throw invalid(errors);
    const record: AuditRecord = {
      orgId, id: randomUUID(), reportType: type, asOf, periodStart: from, periodEnd: to, categories, seed: null,
      createdBy: actor, createdAt: this.ctx.clock().toISOString(),
    };
    const saved = await this.ctx.store.transaction(async (repos) => {
      const out = await repos.audits.insert(record);
      const { orgId: _o, ...after } = out;
      await repos.auditLog.append(orgId, { actor, action: 'audit.create', entityType: 'audit', entityId: out.id, before: null, after, detail: { type, categories } }, this.ctx.clock());
      return out;
    });
    return this.view(saved);
  }

  async list(orgId: string, page: { limit?: number; offset?: number } = {}): Promise<{ items: AuditView[]; total: number }> {
    const { repos } = this.ctx.store;
    if (this.auditor && this.auditor.userId === null) return { items: [], total: 0 };
    const filter = this.auditor ? { auditor: this.auditor.userId! } : {};
    const [rows, total] = await Promise.all([repos.audits.findBy(orgId, page, filter), repos.audits.countBy(orgId, filter)]);
    return { items: await Promise.all(rows.map((r) => this.view(r))), total };
  }

  async get(orgId: string, id: string): Promise<AuditView> {
    return this.view(await this.record(orgId, id));
  }

  /** The stored audit, or not_found naming the `audit` field. */
  async record(orgId: string, id: string): Promise<AuditRecord> {
    const { repos } = this.ctx.store;
    const found = isUuid(id) ? await repos.audits.getById(orgId, id.toLowerCase()) : null;
    // An auditor's other audits do not exist for them.
    if (!found || (this.auditor && !(this.auditor.userId && (await repos.audits.isAssigned(orgId, found.id, this.auditor.userId))))) throw notFound('audit', id, 'audit');
    return found;
  }

  // --- auditors assigned to the audit ------------------------------------------------------

  async auditors(orgId: string, auditId: string): Promise<AuditorView[]> {
    const audit = await this.record(orgId, auditId);
    return this.ctx.store.repos.audits.findAuditors(orgId, audit.id);
  }

  /** Assigns an account with the auditor role to the audit (idempotent). */
  async assignAuditor(orgId: string, auditId: string, userId: string, actor: Actor): Promise<AuditorView[]> {
    const audit = await this.record(orgId, auditId);
    const user = await this.auditorAccount(orgId, userId);
    await this.ctx.store.transaction(async (repos) => {
      if (await repos.audits.assignAuditor(orgId, audit.id, user.id, actor, this.ctx.clock().toISOString())) {
        await repos.auditLog.append(orgId, { actor, action: 'audit.auditor.assign', entityType: 'audit', entityId: audit.id, before: null, after: { user: user.id }, detail: { user: user.id } }, this.ctx.clock());
      }
    });
    return this.auditors(orgId, audit.id);
  }

  async unassignAuditor(orgId: string, auditId: string, userId: string, actor: Actor): Promise<AuditorView[]> {
    const audit = await this.record(orgId, auditId);
    const id = userId.trim().toLowerCase();
    await this.ctx.store.transaction(async (repos) => {
      if (!isUuid(id) || !(await repos.audits.unassignAuditor(orgId, audit.id, id))) throw notFound('auditor', userId, 'user');
      await repos.auditLog.append(orgId, { actor, action: 'audit.auditor.unassign', entityType: 'audit', entityId: audit.id, before: { user: id }, after: null, detail: { user: id } }, this.ctx.clock());
    });
    return this.auditors(orgId, audit.id);
  }

  private async auditorAccount(orgId: string, userId: string): Promise<User> {
    const id = userId.trim().toLowerCase();
    const user = isUuid(id) ? await this.ctx.store.repos.users.getById(orgId, id) : null;
    if (!user) throw notFound('member', userId, 'user');
    if (user.role !== 'auditor') throw invalid([{ field: 'user', code: 'not_auditor', message: `${user.email} has the ${user.role} role, which sees every audit already; only auditors are assigned to audits` }]);
    return user;
  }

  // --- per-control risk --------------------------------------------------------------------

  /** Sets a control's risk in the audit (sizes its next draws; samples already drawn keep theirs). */
  async setRisk(orgId: string, auditId: string, controlId: string, risk: unknown, actor: Actor): Promise<{ control: string; risk: Risk }> {
    const audit = await this.record(orgId, auditId);
    const errors: FieldError[] = [];
    const control = await this.control(orgId, audit, controlId).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'invalid_input') errors.push(...e.fields);
      else throw e;
      return null;
    });
    if (!RISKS.includes(risk as Risk)) errors.push({ field: 'risk', code: 'invalid_value', message: `the risk is ${RISKS.join(', ')}` });
    if (errors.length || !control) throw invalid(errors);
    const before = (await this.ctx.store.repos.audits.risks(orgId, audit.id)).get(control.id) ?? 'moderate';
    await this.ctx.store.transaction(async (repos) => {
      await repos.audits.setRisk(orgId, audit.id, control.id, risk as Risk, actor, this.ctx.clock().toISOString());
      await repos.auditLog.append(orgId, { actor, action: 'audit.risk', entityType: 'audit', entityId: audit.id, before: { control: control.id, risk: before }, after: { control: control.id, risk }, detail: { control: control.id, risk, was: before } }, this.ctx.clock());
    });
    return { control: control.id, risk: risk as Risk };
  }

  /** The audit's controls, by id: in scope and supporting a criterion of one of its categories. */
  async controls(orgId: string, audit: AuditRecord): Promise<AuditControl[]> {
    const rows = await this.ctx.store.repos.controls.findBy(orgId, { inScope: true }, { limit: 1000 });
    const chosen = new Set<string>(audit.categories);
    const out: AuditControl[] = [];
    for (const row of rows) {
      const lib = this.library.get(row.controlId);
      if (!lib || !lib.criteria.some((c) => chosen.has(this.categoryOf.get(c) ?? ''))) continue;
      out.push({
        id: row.controlId, title: row.title, frequency: row.frequency, automation: lib.automation, criteria: lib.criteria,
        checks: (this.checksOf.get(row.controlId) ?? []).map((c) => c.meta.id),
        sampling: samplingFrequencyOf(row.frequency, lib.automation), window: controlWindow(audit, row.frequency),
      });
    }
    return out;
  }

  /** One control of the audit, or invalid_input on `field` (unknown control, or not in this audit). */
  async control(orgId: string, audit: AuditRecord, controlId: string, field = 'control'): Promise<AuditControl> {
    const id = controlId.trim().toUpperCase();
    const found = (await this.controls(orgId, audit)).find((c) => c.id === id);
    if (found) return found;
    const exists = await this.ctx.store.repos.controls.getById(orgId, id);
    throw invalid([exists
      ? { field, code: 'not_in_audit', message: `control ${id} is not in this audit (out of scope, or supports none of its categories: ${audit.categories.join(', ')})` }
      : { field, code: 'unknown_id', message: `no control ${JSON.stringify(controlId)} in this workspace` }]);
  }

  // --- evidence seen through the audit ----------------------------------------------------

  /** Evidence visible through the audit, newest effective first. */
  async evidence(orgId: string, auditId: string, filter: { control?: string } = {}, page: { limit?: number; offset?: number } = {}): Promise<{ items: AuditEvidenceView[]; total: number }> {
    const audit = await this.record(orgId, auditId);
    const controls = filter.control ? [await this.control(orgId, audit, filter.control)] : await this.controls(orgId, audit);
    const all = await this.visibleEvidence(orgId, controls);
    const limit = Math.min(Math.max(page.limit ?? 100, 1), 1000);
    const offset = Math.max(page.offset ?? 0, 0);
    const items = all.slice(offset, offset + limit);
    const links = await this.ctx.store.repos.evidence.linksFor(orgId, items.map((e) => e.record.id));
    return { items: items.map(({ record, auditControls }) => ({ ...present(record, links.get(record.id) ?? []), auditControls })), total: all.length };
  }

  /** One piece of evidence, if the audit sees it; not_found otherwise (as if it did not exist). */
  async evidenceItem(orgId: string, auditId: string, evidenceId: string): Promise<AuditEvidenceView> {
    const audit = await this.record(orgId, auditId);
    const found = isUuid(evidenceId) ? (await this.visibleEvidence(orgId, await this.controls(orgId, audit))).find((e) => e.record.id === evidenceId.toLowerCase()) : undefined;
    if (!found) throw notFound('evidence', evidenceId, 'evidence');
    const links = await this.ctx.store.repos.evidence.linksFor(orgId, [found.record.id]);
    return { ...present(found.record, links.get(found.record.id) ?? []), auditControls: found.auditControls };
  }

  /** The file of evidence the audit sees. */
  async openEvidence(orgId: string, auditId: string, evidenceId: string, open: (orgId: string, id: string) => Promise<{ record: EvidenceRecord; stream: Readable }>) {
    const item = await this.evidenceItem(orgId, auditId, evidenceId);
    return open(orgId, item.id);
  }

  /**
   * Everything this instance's audits let it see: for an auditor, the evidence visible through
   * any audit assigned to them (the union of their windows), newest effective first.
   */
  async evidenceAcrossAudits(orgId: string): Promise<{ record: EvidenceRecord; auditControls: string[] }[]> {
    if (this.auditor?.userId === null) return [];
    const audits = await this.ctx.store.repos.audits.findBy(orgId, { limit: 1000 }, this.auditor ? { auditor: this.auditor.userId! } : {});
    const out = new Map<string, { record: EvidenceRecord; auditControls: string[] }>();
    for (const audit of audits) {
      for (const e of await this.visibleEvidence(orgId, await this.controls(orgId, audit))) {
        const seen = out.get(e.record.id);
        if (seen) seen.auditControls = [...new Set([...seen.auditControls, ...e.auditControls])].sort();
        else out.set(e.record.id, e);
      }
    }
    return [...out.values()].sort(newestEffectiveFirst);
  }

  /**
   * Whether one piece of evidence is visible across the caller's audits (see
   * `evidenceAcrossAudits`): linked to one of an audit's controls and effective within that
   * control's window. Reads the evidence and its links, not every audit's evidence.
   */
  async seesEvidence(orgId: string, evidenceId: string): Promise<boolean> {
    if (this.auditor?.userId === null || !isUuid(evidenceId)) return false;
    const { repos } = this.ctx.store;
    const record = await repos.evidence.getById(orgId, evidenceId);
    if (!record) return false;
    const linked = new Set((await repos.evidence.linksFor(orgId, [record.id])).get(record.id));
    if (linked.size === 0) return false;
    const audits = await repos.audits.findBy(orgId, { limit: 1000 }, this.auditor ? { auditor: this.auditor.userId! } : {});
    for (const audit of audits) {
      for (const c of await this.controls(orgId, audit)) {
        if (linked.has(c.id) && record.effectiveAt >= c.window.from && record.effectiveAt <= c.window.to) return true;
      }
    }
    return false;
  }

  private async visibleEvidence(orgId: string, controls: AuditControl[]): Promise<{ record: EvidenceRecord; auditControls: string[] }[]> {
    if (controls.length === 0) return [];
    const from = controls.reduce((m, c) => (c.window.from < m ? c.window.from : m), controls[0]!.window.from);
    const to = controls.reduce((m, c) => (c.window.to > m ? c.window.to : m), controls[0]!.window.to);
    const byId = new Map(controls.map((c) => [c.id, c]));
    const rows = tooLarge(await this.ctx.store.repos.audits.linkedEvidenceBetween(orgId, controls.map((c) => c.id), from, to, MAX_POPULATION), controls.length === 1 ? controls[0]!.id : null);
    const out = new Map<string, { record: EvidenceRecord; auditControls: string[] }>();
    for (const { controlId, evidence } of rows) {
      const w = byId.get(controlId)!.window;
      if (evidence.effectiveAt < w.from || evidence.effectiveAt > w.to) continue;
      const entry = out.get(evidence.id) ?? { record: evidence, auditControls: [] };
      entry.auditControls.push(controlId);
      out.set(evidence.id, entry);
    }
    return [...out.values()].sort(newestEffectiveFirst);
  }

  // --- populations and samples -------------------------------------------------------------

  /** A control's population in the audit's window, in canonical order (paged). */
  async population(orgId: string, auditId: string, controlId: string, page: { limit?: number; offset?: number } = {}) {
    const audit = await this.record(orgId, auditId);
    const control = await this.control(orgId, audit, controlId);
    const pop = await this.populationOf(orgId, control);
    const limit = Math.min(Math.max(page.limit ?? 100, 1), 1000);
    const offset = Math.max(page.offset ?? 0, 0);
    const keys = pop.items.map((i) => i.key);
    return {
      control: control.id, window: control.window, kind: pop.kind, size: pop.items.length, digest: populationDigest(keys),
      items: pop.items.slice(offset, offset + limit),
    };
  }

  private async populationOf(orgId: string, control: AuditControl): Promise<Population> {
    if (control.checks.length > 0) {
      const window = instants(control.window);
      const counts = await this.history.resourceCounts(orgId, control.checks, window);
      if ([...counts.values()].some((n) => n > 0)) {
        const resources = tooLarge(await this.history.resources(orgId, control.checks, window, MAX_POPULATION), control.id);
        const items = sortByKey(resources.map(resourceItem));
        const byCheck = new Map<string, PopulationItem[]>();
        for (const item of items) {
          const list = byCheck.get(item.checkId!);
          if (list) list.push(item);
          else byCheck.set(item.checkId!, [item]);
        }
        return { kind: 'resources', items, byCheck };
      }
    }
    const rows = tooLarge(await this.ctx.store.repos.audits.linkedEvidenceBetween(orgId, [control.id], control.window.from, control.window.to, MAX_POPULATION), control.id);
    return { kind: populationKind(control, false), items: sortByKey(rows.map((r) => evidenceItem(r.evidence))), byCheck: new Map() };
  }

  /**
   * The sample of each control (or one) for a seed. A draw is made once per seed and control and
   * kept: asking again with the same seed answers the same sample, byte for byte. Without a
   * seed, the audit's current seed is used (a random one on the first draw); a seed different
   * from the current one becomes the current one.
   */
  async sample(orgId: string, auditId: string, opts: { seed?: unknown; control?: string }, actor: Actor): Promise<SampleView> {
    const audit = await this.record(orgId, auditId);
    let seed: number;
    if (opts.seed !== undefined && opts.seed !== null && opts.seed !== '') {
      const parsed = parseSeed(opts.seed);
      if (parsed === null) throw invalid([{ field: 'seed', code: 'invalid_seed', message: `the seed must be a whole number from 0 to ${MAX_SEED}, got ${JSON.stringify(opts.seed)}` }]);
      seed = parsed;
    } else {
      seed = audit.seed ?? randomInt(0, 2 ** 47);
    }
    const controls = opts.control ? [await this.control(orgId, audit, opts.control)] : await this.controls(orgId, audit);
    const { repos } = this.ctx.store;
    const risks = await repos.audits.risks(orgId, audit.id);
    const stored = new Map((await repos.audits.findSamples(orgId, audit.id, seed, controls.map((c) => c.id))).map((s) => [s.controlId, s]));
    const populations = new Map<string, Population>();
    for (const c of controls) populations.set(c.id, await this.populationOf(orgId, c));
    const fresh: StoredSample[] = [];
    const drawnAt = this.ctx.clock().toISOString();
    for (const c of controls) {
      if (stored.has(c.id)) continue;
      fresh.push(this.draw(orgId, audit, c, populations.get(c.id)!, seed, risks.get(c.id) ?? 'moderate', actor, drawnAt));
    }
    if (fresh.length > 0 || audit.seed !== seed) {
      await this.ctx.store.transaction(async (tx) => {
        const added = await tx.audits.insertSamples(fresh);
        if (audit.seed !== seed) await tx.audits.setSeed(orgId, audit.id, seed);
        await tx.auditLog.append(orgId, {
          actor, action: 'audit.sample', entityType: 'audit', entityId: audit.id, before: { seed: audit.seed }, after: { seed },
          detail: { seed, drawn: added, controls: fresh.map((s) => s.controlId) },
        }, this.ctx.clock());
      });
      // Re-read: a concurrent draw with the same seed may have been stored first, and it is the one that counts.
      for (const s of await repos.audits.findSamples(orgId, audit.id, seed, fresh.map((f) => f.controlId))) stored.set(s.controlId, s);
    }
    return {
      audit: audit.id, type: audit.reportType, seed, algorithm: ALGORITHM,
      controls: controls.map((c) => {
        const s = stored.get(c.id)!;
        const pop = populations.get(c.id)!;
        const digest = populationDigest(pop.items.map((i) => i.key));
        return {
          control: c.id, title: c.title, frequency: c.frequency, window: c.window, populationKind: s.populationKind, populationSize: s.populationSize,
          populationDigest: s.populationDigest, populationChanged: digest !== s.populationDigest, rule: s.rule as SampleRule,
          risk: s.risk, currentRisk: risks.get(c.id) ?? 'moderate', required: s.required,
          size: s.items.length, explanation: s.explanation, drawnAt: s.drawnAt, drawnBy: s.drawnBy, items: s.items as unknown as SampleItemView[],
        };
      }),
    };
  }

  private draw(orgId: string, audit: AuditRecord, c: AuditControl, pop: Population, seed: number, risk: Risk, actor: Actor, drawnAt: string): StoredSample {
    const days = periodDays(c.window.from, c.window.to);
    const plan = planSample({
      reportType: audit.reportType, kind: pop.kind, frequency: c.sampling, populationSize: pop.items.length, days, risk,
      configurations: pop.kind === 'resources' ? pop.byCheck.size : undefined,
    });
    let items: SampleItemView[];
    if (pop.kind === 'resources') {
      // One per configuration: each check its own stream, `CONTROL/check`.
      items = [...pop.byCheck.keys()].sort().flatMap((checkId) => {
        const stream = `${c.id}/${checkId}`;
        return drawSample(pop.byCheck.get(checkId)!, 1, { seed, stream, key: (i) => i.key }).items.map((i) => ({ ...i, stream }));
      });
    } else {
      items = drawSample(pop.items, plan.size, { seed, stream: c.id, key: (i) => i.key }).items.map((i) => ({ ...i, stream: c.id }));
    }
    return {
      orgId, auditId: audit.id, seed, controlId: c.id, populationKind: pop.kind, populationSize: pop.items.length,
      populationDigest: populationDigest(pop.items.map((i) => i.key)), rule: plan.rule, required: plan.required, explanation: plan.explanation,
      items: items as unknown as Record<string, unknown>[], risk, drawnBy: actor, drawnAt,
    };
  }

  // --- operating effectiveness ------------------------------------------------------------

  async status(orgId: string, auditId: string, opts: { control?: string } = {}): Promise<EffectivenessView> {
    const audit = await this.record(orgId, auditId);
    const controls = opts.control ? [await this.control(orgId, audit, opts.control)] : await this.controls(orgId, audit);
    const { repos } = this.ctx.store;
    const [fieldwork, samples, risks] = await Promise.all([
      repos.audits.fieldworkByControl(orgId, audit.id),
      audit.seed === null ? Promise.resolve([]) : repos.audits.findSamples(orgId, audit.id, audit.seed, controls.map((c) => c.id)),
      repos.audits.risks(orgId, audit.id),
    ]);
    const workOf = new Map(fieldwork.map((f) => [f.controlId, f]));
    const sampleOf = new Map(samples.map((s) => [s.controlId, s]));
    const evidence = await this.visibleEvidence(orgId, controls);
    const datesOf = new Map<string, string[]>();
    for (const e of evidence) {
      for (const c of e.auditControls) {
        const list = datesOf.get(c);
        if (list) list.push(e.record.effectiveAt);
        else datesOf.set(c, [e.record.effectiveAt]);
      }
    }
    const out: ControlEffectiveness[] = [];
    for (const c of controls) {
      out.push({ ...(await this.effectiveness(orgId, audit, c, datesOf.get(c.id) ?? [], workOf.get(c.id), sampleOf.get(c.id))), risk: risks.get(c.id) ?? 'moderate' });
    }
    const summary = { controls: out.length, no_evidence: 0, exceptions: 0, failing: 0, gaps: 0, operating: 0 };
    for (const c of out) summary[c.state] += 1;
    return { audit: await this.view(audit), summary, controls: out };
  }

  private async effectiveness(orgId: string, audit: AuditRecord, c: AuditControl, dates: string[], work: ControlFieldwork | undefined, sample: StoredSample | undefined): Promise<Omit<ControlEffectiveness, 'risk'>> {
    let kind: PopulationKind = populationKind(c, false);
    let size = dates.length;
    let coverage: Coverage;
    let failing: FailingWindow[] = [];
    const window = instants(c.window);
    const counts = c.checks.length > 0 ? await this.history.resourceCounts(orgId, c.checks, window) : new Map<string, number>();
    if ([...counts.values()].some((n) => n > 0)) {
      kind = 'resources';
      size = [...counts.values()].reduce((a, b) => a + b, 0);
      const [windows, days] = await Promise.all([this.history.failingWindows(orgId, c.checks, window), this.history.monitoredDays(orgId, c.checks, window)]);
      failing = windows;
      coverage = audit.reportType === 'type2' ? dailyCoverage(c.window, days) : { expected: 1, evidenced: days.length > 0 ? 1 : 0, gaps: [] };
    } else if (audit.reportType === 'type1') {
      coverage = { expected: 1, evidenced: size > 0 ? 1 : 0, gaps: size > 0 ? [] : [c.window] };
    } else if (kind === 'events' || c.sampling === null) {
      coverage = { expected: null, evidenced: size, gaps: [] };
    } else {
      coverage = occurrenceCoverage(c.sampling, c.window, dates);
    }
    const tests = {
      performed: work?.tests ?? 0, passed: work?.passed ?? 0, exceptions: work?.exceptions ?? 0, methods: work?.methods ?? [],
      inquiryOnly: (work?.tests ?? 0) > 0 && (work?.methods ?? []).every((m) => m === 'inquiry'),
    };
    const exceptions = { recorded: work?.exceptionsRecorded ?? 0, awaitingResponse: work?.unanswered ?? 0 };
    const { state, explanation } = judge(kind, size, coverage, failing, tests, exceptions);
    return {
      control: c.id, title: c.title, frequency: c.frequency, automation: c.automation, window: c.window, populationKind: kind, populationSize: size,
      expected: coverage.expected, evidenced: coverage.evidenced, gaps: coverage.gaps, failingWindows: failing, tests, exceptions,
      sample: sample ? { seed: sample.seed, size: sample.items.length } : null, state, explanation,
    };
  }

  private async view(a: AuditRecord): Promise<AuditView> {
    const [seeds, controls] = await Promise.all([this.ctx.store.repos.audits.seedsDrawn(a.orgId, a.id), this.controls(a.orgId, a)]);
    return {
      id: a.id, type: a.reportType, asOf: a.asOf, periodStart: a.periodStart, periodEnd: a.periodEnd, categories: a.categories,
      seed: a.seed, seedsDrawn: seeds, controls: controls.length, createdBy: a.createdBy, createdAt: a.createdAt,
    };
  }
}

/** A population read up to MAX_POPULATION is refused when it reaches it: a sample is never drawn from part of one. */
function tooLarge<T>(rows: T[], control: string | null): T[] {
  if (rows.length < MAX_POPULATION) return rows;
  throw invalid([{ field: 'control', code: 'population_too_large', message: `${control ? `the population of ${control}` : 'the evidence of this audit'} reaches ${MAX_POPULATION} items; ask for one control, or a shorter window` }]);
}

const newestEffectiveFirst = (a: { record: EvidenceRecord }, b: { record: EvidenceRecord }) =>
  a.record.effectiveAt !== b.record.effectiveAt ? (a.record.effectiveAt < b.record.effectiveAt ? 1 : -1) : a.record.id < b.record.id ? -1 : 1;

/** The canonical order, for display; the draw orders the population itself (src/domain/sampling.ts). */
const sortByKey = (items: PopulationItem[]) => items.sort((a, b) => compareCodePoints(a.key, b.key));

const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function judge(kind: PopulationKind, size: number, cov: Coverage, failing: FailingWindow[], tests: ControlEffectiveness['tests'], exceptions: ControlEffectiveness['exceptions']): { state: EffectivenessState; explanation: string } {
  const found = kind === 'resources' ? `${n(size, 'resource')} judged by its checks` : kind === 'events' ? n(size, 'event') : n(size, 'occurrence') + ' evidenced';
  const cover = cov.expected === null ? '' : kind === 'resources' ? `; monitored on ${cov.evidenced} of ${n(cov.expected, 'day')}` : `; ${cov.evidenced} of ${cov.expected} expected`;
  const tested = tests.performed > 0 ? `; ${n(tests.performed, 'test')}, ${tests.passed} passed${tests.inquiryOnly ? ' (inquiry only: not enough alone)' : ''}` : '';
  const facts = `${found}${cover}${tested}`;
  if (size === 0) return { state: 'no_evidence', explanation: kind === 'events' ? 'no events in the window: confirm none occurred, or add the evidence of each' : `nothing in the window: ${facts}` };
  if (tests.exceptions > 0 || exceptions.recorded > 0) {
    return { state: 'exceptions', explanation: `${n(exceptions.recorded, 'exception')} (${exceptions.awaitingResponse} awaiting management's response): ${facts}` };
  }
  if (failing.length > 0) {
    const open = failing.filter((w) => w.ongoing).length;
    return { state: 'failing', explanation: `${n(failing.length, 'failing window')}${open ? ` (${open} still open at the end)` : ''}: ${facts}` };
  }
  if (cov.expected !== null && cov.evidenced < cov.expected) {
    return { state: 'gaps', explanation: `${cov.expected - cov.evidenced} expected ${kind === 'resources' ? 'days without monitoring' : 'occurrences without evidence'}: ${facts}` };
  }
  return { state: 'operating', explanation: facts };
}
