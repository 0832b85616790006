// Recurring manual work: tasks generated per control and calendar period (src/domain/tasks.ts),
// assigned to the control's owner, completed with evidence effective within their period or
// skipped with a reason. An open task past its due date puts its control at risk
// (ControlsService, through overdueByControl).
import { randomUUID } from 'node:crypto';
import { toIsoDate } from '../domain/dates.js';
import { conflict, invalid, notFound, type FieldError } from '../domain/errors.js';
import {
  assessOccurrence, evidenceWithin, needsTasks, nextPeriod, overdueExplanation, periodContaining, type OccurrenceState, type Period, type OverdueTask, type PeriodicFrequency,
} from '../domain/tasks.js';
import type { LibraryControl } from '../domain/types.js';
import type { LinkedEffective, Repos, TaskRecord, TaskState } from '../store/index.js';
import type { Actor, AppContext } from './context.js';
import { AlertsService } from './alerts.service.js';
import { isUuid } from '../domain/ids.js';

export interface TaskView {
  id: string;
  control: string;
  /** The control's title: what the work is. */
  title: string;
  frequency: PeriodicFrequency;
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  due: string;
  assignee: string | null;
  /** As stored. */
  state: TaskState;
  /** Where it stands today: an open task with evidence effective in its period is done. */
  status: OccurrenceState;
  daysOverdue: number;
  /** The evidence that completed it, or the latest evidence effective within its period. */
  evidenceId: string | null;
  evidenceEffective: string | null;
  note: string;
  skipReason: string | null;
  completedBy: string | null;
  completedAt: string | null;
  createdAt: string;
}

export interface TaskQuery {
  state?: TaskState;
  /** Only open tasks past their due date without evidence in their period. */
  overdue?: boolean;
  control?: string;
  assignee?: string;
}

export interface GenerateResult {
  /** Tasks added (current and next period of each control that needs them). */
  created: number;
  /** Open tasks marked done because evidence effective within their period is linked to the control. */
  completed: number;
  controls: number;
  /** `task_overdue` alerts raised: once per task, the first run after its due date. */
  alerted: number;
}

const NOTE_MAX = 2000;

/** What the audit log digests for a task. */
const audited = (t: TaskRecord) => ({ id: t.id, controlId: t.controlId, periodStart: t.periodStart, dueOn: t.dueOn, assignee: t.assignee, state: t.state, evidenceId: t.evidenceId, note: t.note, skipReason: t.skipReason });

/** Per control, its overdue tasks as of `today` (open, past due, no evidence effective within the period). */
export async function overdueByControl(repos: Repos, orgId: string, today: string, titles: Map<string, string>): Promise<Map<string, OverdueTask[]>> {
  const open = await repos.tasks.findBy(orgId, { state: 'open', dueBefore: today }, { limit: 1000 });
  const out = new Map<string, OverdueTask[]>();
  if (open.length === 0) return out;
  const evidence = await repos.tasks.linkedEvidence(orgId, [...new Set(open.map((t) => t.controlId))]);
  for (const t of open) {
    const dates = (evidence.get(t.controlId) ?? []).map((e) => e.effectiveAt);
    const a = assessOccurrence({ frequency: t.frequency, period: periodOf(t), taskState: t.state, evidenceDates: dates, today });
    if (a.state !== 'overdue') continue;
    const list = out.get(t.controlId) ?? [];
    list.push({ title: titles.get(t.controlId) ?? t.controlId, period: { label: t.periodLabel, due: t.dueOn } });
    out.set(t.controlId, list);
  }
  return out;
}

const periodOf = (t: TaskRecord) => ({ start: t.periodStart, end: t.periodEnd, due: t.dueOn, label: t.periodLabel });

/** The latest evidence effective within the task's period. */
const inPeriod = (t: TaskRecord, linked: LinkedEffective[]): LinkedEffective | null => {
  const date = evidenceWithin(periodOf(t), linked.map((e) => e.effectiveAt));
  return date === null ? null : linked.find((e) => e.effectiveAt === date)!;
};

/** The period containing `today` and the one after it: the tasks kept ahead. */
function currentAndNext(frequency: PeriodicFrequency, today: string): Period[] {
  const current = periodContaining(frequency, today);
  return [current, nextPeriod(frequency, current)];
}

export class TasksService {
  private readonly library: Map<string, LibraryControl>;
  constructor(private readonly ctx: AppContext) {
    this.library = new Map(ctx.catalog.controls.map((c) => [c.id, c]));
  }

  private today(): string {
    return toIsoDate(this.ctx.clock());
  }

  /**
   * Creates the tasks of the current and next period for every in-scope manual control with a
   * calendar frequency, assigned to the control's owner, and marks done the open tasks whose
   * period already has evidence. Idempotent: running it twice the same day changes nothing.
   */
  async generate(orgId: string, actor: Actor): Promise<GenerateResult> {
    const { repos } = this.ctx.store;
    const org = await repos.organizations.getById(orgId);
    if (!org) throw notFound('organization', orgId);
    const now = this.ctx.clock();
    const today = toIsoDate(now);
    const controls = (await repos.controls.findBy(orgId, { inScope: true }, { limit: 1000 }))
      .filter((c) => needsTasks({ frequency: c.frequency, automation: this.library.get(c.controlId)?.automation ?? 'manual' }));
    const wanted = controls.flatMap((c) => currentAndNext(c.frequency as PeriodicFrequency, today).map((p) => ({
      id: randomUUID(), controlId: c.controlId, frequency: c.frequency as PeriodicFrequency, periodStart: p.start, periodEnd: p.end, periodLabel: p.label, dueOn: p.due, assignee: c.owner,
    })));
    const run = async (tx: Repos): Promise<GenerateResult> => {
      const created = await tx.tasks.insertMany(orgId, wanted, now);
      const open = await tx.tasks.findBy(orgId, { state: 'open' }, { limit: 1000 });
      const linked = await tx.tasks.linkedEvidence(orgId, [...new Set(open.map((t) => t.controlId))]);
      let completed = 0;
      for (const t of open) {
        const e = inPeriod(t, linked.get(t.controlId) ?? []);
        if (!e) continue;
        const done = await tx.tasks.complete(orgId, t.id, { evidenceId: e.evidenceId, note: `evidence effective ${e.effectiveAt} is within ${t.periodLabel}`, by: actor, at: now });
        if (done) completed++;
      }
      // Each task that went past its due date still open raises one task_overdue alert.
      const titles = new Map(controls.map((c) => [c.controlId, c.title]));
      const late = await tx.tasks.overdueUnalerted(orgId, [...titles.keys()], today);
      const alerts = await new AlertsService(this.ctx).raise(orgId, late.map((t) => ({
        kind: 'task_overdue' as const, subjectType: 'task' as const, subjectId: t.id, subjectTitle: `${t.controlId} ${titles.get(t.controlId)!} for ${t.periodLabel}`,
        before: null, after: null, detail: overdueExplanation([{ title: titles.get(t.controlId)!, period: { label: t.periodLabel, due: t.dueOn } }], today),
      })), tx);
      await tx.tasks.markOverdueAlerted(orgId, late.map((t) => t.id), now);
      if (created.length > 0 || completed > 0) {
        await tx.auditLog.append(orgId, {
          actor, action: 'task.generate', entityType: 'organization', entityId: orgId, before: null,
          after: { created: created.map((t) => t.id).sort(), completed }, detail: { day: today, created: created.length, completed },
        }, now);
      }
      return { created: created.length, completed, controls: controls.length, alerted: alerts.length };
    };
    return this.ctx.store.transaction(run);
  }

  async list(orgId: string, query: TaskQuery = {}): Promise<TaskView[]> {
    const { repos } = this.ctx.store;
    const today = this.today();
    const rows = await repos.tasks.findBy(orgId, {
      ...(query.state ? { state: query.state } : {}), ...(query.control ? { controlId: query.control.toUpperCase() } : {}),
      ...(query.assignee ? { assignee: query.assignee } : {}), ...(query.overdue ? { state: 'open', dueBefore: today } : {}),
    }, { limit: 1000 });
    const views = await this.views(orgId, rows, today);
    return query.overdue ? views.filter((v) => v.status === 'overdue') : views;
  }

  async get(orgId: string, id: string): Promise<TaskView> {
    const [view] = await this.views(orgId, [await this.record(orgId, id)], this.today());
    return view!;
  }

  /**
   * Completes an open task with evidence effective within its period (linked to the control if
   * it is not yet). The evidence is the proof the work was done: no evidence, no completion.
   */
  async complete(orgId: string, id: string, input: { evidenceId: string; note?: string }, actor: Actor): Promise<TaskView> {
    const task = await this.record(orgId, id);
    const errors: FieldError[] = [];
    const note = (input.note ?? '').trim();
    if (note.length > NOTE_MAX) errors.push({ field: 'note', code: 'too_long', message: `at most ${NOTE_MAX} characters` });
    const evidenceId = (input.evidenceId ?? '').trim();
    const evidence = isUuid(evidenceId) ? await this.ctx.store.repos.evidence.getById(orgId, evidenceId) : null;
    if (!evidenceId) errors.push({ field: 'evidenceId', code: 'required', message: 'completing a task needs the evidence of the work' });
    else if (!evidence) errors.push({ field: 'evidenceId', code: 'unknown_id', message: `no evidence ${JSON.stringify(evidenceId)} in this workspace` });
    else if (evidence.effectiveAt < task.periodStart || evidence.effectiveAt > task.periodEnd) {
      errors.push({ field: 'evidenceId', code: 'outside_period', message: `the evidence is effective ${evidence.effectiveAt}, outside ${task.periodLabel} (${task.periodStart} to ${task.periodEnd})` });
    }
    if (errors.length) throw invalid(errors);
    if (task.state !== 'open') throw conflict(`the task for ${task.controlId} ${task.periodLabel} is already ${task.state}`);
    const now = this.ctx.clock();
    await this.ctx.store.transaction(async (repos) => {
      const linked = await repos.evidence.link(orgId, evidence!.id, [task.controlId]);
      if (linked.length) await repos.auditLog.append(orgId, { actor, action: 'evidence.link', entityType: 'evidence', entityId: evidence!.id, before: null, after: { controls: linked }, detail: { controls: linked, task: task.id } }, now);
      const after = await repos.tasks.complete(orgId, task.id, { evidenceId: evidence!.id, note, by: actor, at: now });
      if (!after) throw conflict(`the task for ${task.controlId} ${task.periodLabel} is no longer open`);
      await repos.auditLog.append(orgId, { actor, action: 'task.complete', entityType: 'task', entityId: task.id, before: audited(task), after: audited(after), detail: { control: task.controlId, period: task.periodLabel, evidence: evidence!.id } }, now);
    });
    return this.get(orgId, id);
  }

  /** Skips an open task with a reason (the control did not operate this period, and why). */
  async skip(orgId: string, id: string, input: { reason: string }, actor: Actor): Promise<TaskView> {
    const task = await this.record(orgId, id);
    const reason = (input.reason ?? '').trim();
    if (reason === '') throw invalid([{ field: 'reason', code: 'required', message: 'skipping a task needs a reason' }]);
    if (reason.length > NOTE_MAX) throw invalid([{ field: 'reason', code: 'too_long', message: `at most ${NOTE_MAX} characters` }]);
    if (task.state !== 'open') throw conflict(`the task for ${task.controlId} ${task.periodLabel} is already ${task.state}`);
    const now = this.ctx.clock();
    await this.ctx.store.transaction(async (repos) => {
      const after = await repos.tasks.skip(orgId, task.id, { reason, by: actor, at: now });
      if (!after) throw conflict(`the task for ${task.controlId} ${task.periodLabel} is no longer open`);
      await repos.auditLog.append(orgId, { actor, action: 'task.skip', entityType: 'task', entityId: task.id, before: audited(task), after: audited(after), detail: { control: task.controlId, period: task.periodLabel } }, now);
    });
    return this.get(orgId, id);
  }

  /** Assigns a task to someone (null: unassigned). */
  async assign(orgId: string, id: string, assignee: string | null, actor: Actor): Promise<TaskView> {
    const task = await this.record(orgId, id);
    const value = assignee === null ? null : assignee.trim();
    if (value === '') throw invalid([{ field: 'assignee', code: 'empty', message: 'use null to clear the assignee' }]);
    if (value !== null && value.length > 200) throw invalid([{ field: 'assignee', code: 'too_long', message: 'at most 200 characters' }]);
    if (value !== task.assignee) {
      const now = this.ctx.clock();
      await this.ctx.store.transaction(async (repos) => {
        const after = await repos.tasks.setAssignee(orgId, task.id, value, now);
        await repos.auditLog.append(orgId, { actor, action: 'task.assign', entityType: 'task', entityId: task.id, before: audited(task), after: after && audited(after), detail: { control: task.controlId, period: task.periodLabel } }, now);
      });
    }
    return this.get(orgId, id);
  }

  private async record(orgId: string, id: string): Promise<TaskRecord> {
    const task = isUuid(id) ? await this.ctx.store.repos.tasks.getById(orgId, id) : null;
    if (!task) throw notFound('task', id, 'id');
    return task;
  }

  private async views(orgId: string, rows: TaskRecord[], today: string): Promise<TaskView[]> {
    const { repos } = this.ctx.store;
    const ids = [...new Set(rows.map((t) => t.controlId))];
    const [linked, controls] = await Promise.all([repos.tasks.linkedEvidence(orgId, ids), repos.controls.findBy(orgId, { ids }, { limit: 1000 })]);
    const titles = new Map(controls.map((c) => [c.controlId, c.title]));
    return rows.map((t) => {
      const evidence = linked.get(t.controlId) ?? [];
      const a = assessOccurrence({ frequency: t.frequency, period: periodOf(t), taskState: t.state, evidenceDates: evidence.map((e) => e.effectiveAt), today });
      const within = t.evidenceId ? null : inPeriod(t, evidence);
      const effective = t.evidenceId ? (evidence.find((e) => e.evidenceId === t.evidenceId)?.effectiveAt ?? null) : (within?.effectiveAt ?? null);
      return {
        id: t.id, control: t.controlId, title: titles.get(t.controlId) ?? t.controlId, frequency: t.frequency, periodStart: t.periodStart, periodEnd: t.periodEnd,
        periodLabel: t.periodLabel, due: t.dueOn, assignee: t.assignee, state: t.state, status: a.state, daysOverdue: a.daysOverdue,
        evidenceId: t.evidenceId ?? within?.evidenceId ?? null, evidenceEffective: effective, note: t.note, skipReason: t.skipReason,
        completedBy: t.completedBy, completedAt: t.completedAt, createdAt: t.createdAt,
      };
    });
  }
}
