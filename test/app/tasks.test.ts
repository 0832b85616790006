// Recurring manual work on both engines: generating tasks (idempotent, only manual controls
// with a calendar frequency that are in scope, assigned to the control's owner), an overdue
// task putting its control at risk with the reason, completion with in-period evidence
// clearing it, skipping with a reason, and evidence closing tasks on the next generation.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { needsTasks } from '../../src/domain/tasks.js';
import type { Db } from '../../src/store/db.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

const CONTROL = 'IAM-08'; // Quarterly user access reviews: manual, quarterly

describe.each(engines)('tasks on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db, { now: '2026-11-24T12:00:00Z' });
  });
  afterAll(async () => db?.close());

  const at = (iso: string) => { s.now.value = new Date(iso); };
  async function newOrg(): Promise<string> {
    at('2026-11-24T12:00:00Z');
    return (await s.workspace.createOrganization({ name: `Org ${randomUUID().slice(0, 8)}`, categories: ['security'] }, 'test')).org.id;
  }
  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
      return null;
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      return [err.code, ...err.fields.map((f) => `${f.field} ${f.code}`)];
    }
  };
  const evidence = (orgId: string, effectiveDate: string, controls = [CONTROL]) =>
    s.evidence.add(orgId, { filename: `review-${effectiveDate}.csv`, controls, effectiveDate }, Buffer.from(`reviewed ${effectiveDate} ${randomUUID()}`), 'test');

  it('generates the current and next period of every in-scope manual periodic control, once, assigned to the owner', async () => {
    const org = await newOrg();
    await s.controls.update(org, CONTROL, { owner: 'dana@example.com' }, 'test');
    await s.controls.update(org, 'BCP-02', { inScope: false, exclusionReason: 'no backups of our own' }, 'test');
    const first = await s.tasks.generate(org, 'test');
    const eligible = s.ctx.catalog.controls.filter((c) => needsTasks(c) && c.id !== 'BCP-02');
    expect(eligible.length).toBeGreaterThan(20);
    expect(first).toEqual({ created: eligible.length * 2, completed: 0, controls: eligible.length, alerted: 0 });
    expect(await s.tasks.generate(org, 'test')).toEqual({ created: 0, completed: 0, controls: eligible.length, alerted: 0 });

    const all = await s.tasks.list(org);
    expect(new Set(all.map((t) => t.control))).toEqual(new Set(eligible.map((c) => c.id)));
    expect(all.some((t) => t.control === 'BCP-02')).toBe(false);
    const mine = await s.tasks.list(org, { control: CONTROL.toLowerCase() });
    expect(mine.map((t) => [t.periodLabel, t.periodStart, t.periodEnd, t.due, t.assignee, t.state, t.status])).toEqual([
      ['Q4 2026', '2026-10-01', '2026-12-31', '2027-01-15', 'dana@example.com', 'open', 'upcoming'],
      ['Q1 2027', '2027-01-01', '2027-03-31', '2027-04-15', 'dana@example.com', 'open', 'upcoming'],
    ]);
    expect(mine[0]!.title).toBe('Quarterly user access reviews');
    expect((await s.tasks.list(org, { assignee: 'dana@example.com' })).map((t) => t.control)).toEqual([CONTROL, CONTROL]);
    // An annual control: this year and next.
    expect((await s.tasks.list(org, { control: 'RSK-01' })).map((t) => t.periodLabel)).toEqual(['2026', '2027']);
    // The run is in the audit log (it changes what the status report reflects).
    expect((await s.ctx.store.repos.auditLog.recent(org, 5)).filter((e) => e.action === 'task.generate')).toHaveLength(1);
  });

  it('an overdue task puts the control at risk with the reason; completing it with in-period evidence clears it', async () => {
    const org = await newOrg();
    await s.tasks.generate(org, 'test');
    expect((await s.controls.get(org, CONTROL)).status).toBe('no_evidence');

    at('2027-01-05T09:00:00Z');
    expect((await s.tasks.list(org, { control: CONTROL }))[0]).toMatchObject({ periodLabel: 'Q4 2026', status: 'due_soon' });
    at('2027-01-20T09:00:00Z');
    const control = await s.controls.get(org, CONTROL);
    expect(control.status).toBe('at_risk');
    expect(control.explanation).toBe('at risk: Quarterly user access reviews for Q4 2026 was due 2027-01-15 and is overdue (5 days)');
    const overdue = await s.tasks.list(org, { overdue: true, control: CONTROL });
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ status: 'overdue', daysOverdue: 5, state: 'open' });
    const org1 = (await s.ctx.store.repos.organizations.getById(org))!;
    const report = await s.status.report(org1);
    expect(report.readiness.overall.atRisk).toBeGreaterThan(0);
    expect(report.readiness.criteria.find((c) => c.id === 'CC6.2')?.atRisk).toBeGreaterThanOrEqual(1);

    // Evidence outside the period is refused, naming the field; nothing changes.
    const late = await evidence(org, '2027-01-18');
    expect(await failure(s.tasks.complete(org, overdue[0]!.id, { evidenceId: late.id }, 'test'))).toEqual(['invalid_input', 'evidenceId outside_period']);
    expect(await failure(s.tasks.complete(org, overdue[0]!.id, { evidenceId: randomUUID() }, 'test'))).toEqual(['invalid_input', 'evidenceId unknown_id']);
    expect(await failure(s.tasks.complete(org, overdue[0]!.id, { evidenceId: '' }, 'test'))).toEqual(['invalid_input', 'evidenceId required']);

    // Evidence of the work, effective in Q4 2026, uploaded for another control: completing links it.
    const review = await evidence(org, '2026-12-15', ['IAM-01']);
    const done = await s.tasks.complete(org, overdue[0]!.id, { evidenceId: review.id, note: 'all 41 accounts reviewed' }, 'user:dana');
    expect(done).toMatchObject({ state: 'done', status: 'done', evidenceId: review.id, evidenceEffective: '2026-12-15', note: 'all 41 accounts reviewed', completedBy: 'user:dana', completedAt: '2027-01-20T09:00:00.000Z' });
    expect((await s.evidence.get(org, review.id)).controls).toEqual(['IAM-01', CONTROL]);
    const after = await s.controls.get(org, CONTROL);
    expect(after.status).toBe('evidenced');
    expect((await s.status.report(org1)).nextSteps.some((n) => n.control === CONTROL)).toBe(false);
    expect(await failure(s.tasks.complete(org, done.id, { evidenceId: review.id }, 'test'))).toEqual(['conflict']);
    const entries = await s.ctx.store.repos.auditLog.findForEntity(org, 'task', done.id);
    expect(entries.map((e) => e.action)).toEqual(['task.complete']);
  });

  it('skipping needs a reason, and a skipped task does not put the control at risk', async () => {
    const org = await newOrg();
    await s.tasks.generate(org, 'test');
    at('2027-02-01T09:00:00Z');
    const [task] = await s.tasks.list(org, { overdue: true, control: 'GOV-04' });
    expect((await s.controls.get(org, 'GOV-04')).status).toBe('at_risk');
    expect(await failure(s.tasks.skip(org, task!.id, { reason: '   ' }, 'test'))).toEqual(['invalid_input', 'reason required']);
    const skipped = await s.tasks.skip(org, task!.id, { reason: 'the board did not meet: merger freeze, approved by the CEO' }, 'test');
    expect(skipped).toMatchObject({ state: 'skipped', status: 'skipped', skipReason: 'the board did not meet: merger freeze, approved by the CEO' });
    expect((await s.controls.get(org, 'GOV-04')).status).toBe('no_evidence');
    expect(await failure(s.tasks.skip(org, task!.id, { reason: 'again' }, 'test'))).toEqual(['conflict']);
    expect(await failure(s.tasks.get(org, randomUUID()))).toEqual(['not_found', 'id unknown_id']);
    expect(await failure(s.tasks.get(org, 'not-an-id'))).toEqual(['not_found', 'id unknown_id']);
  });

  it('evidence effective within a period closes its open task on the next generation; assignment is audited', async () => {
    const org = await newOrg();
    await s.tasks.generate(org, 'test');
    const e = await evidence(org, '2026-11-20');
    const [q4] = await s.tasks.list(org, { control: CONTROL });
    // Already shown as done before any generation runs…
    expect(q4).toMatchObject({ state: 'open', status: 'done', evidenceId: e.id, evidenceEffective: '2026-11-20' });
    // …and stored as done by the next one.
    expect(await s.tasks.generate(org, 'system')).toMatchObject({ created: 0, completed: 1 });
    expect(await s.tasks.get(org, q4!.id)).toMatchObject({ state: 'done', evidenceId: e.id, completedBy: 'system' });

    const [, q1] = await s.tasks.list(org, { control: CONTROL });
    expect(await s.tasks.assign(org, q1!.id, 'lee@example.com', 'test')).toMatchObject({ assignee: 'lee@example.com' });
    expect(await failure(s.tasks.assign(org, q1!.id, '  ', 'test'))).toEqual(['invalid_input', 'assignee empty']);
    expect(await s.tasks.assign(org, q1!.id, null, 'test')).toMatchObject({ assignee: null });
    expect((await s.ctx.store.repos.auditLog.findForEntity(org, 'task', q1!.id)).map((e) => e.action)).toEqual(['task.assign', 'task.assign']);
  });

  it('raises one task_overdue alert per task, the first run after its due date', async () => {
    const org = await newOrg();
    await s.tasks.generate(org, 'test');
    at('2027-01-20T00:11:00Z');
    const overdue = await s.tasks.list(org, { overdue: true });
    expect(overdue.length).toBeGreaterThan(0);
    const run = await s.tasks.generate(org, 'system');
    expect(run.alerted).toBe(overdue.length);
    const events = (await s.ctx.store.repos.alerts.findEvents(org, { limit: 1000 })).filter((e) => e.kind === 'task_overdue');
    const iam = overdue.find((t) => t.control === CONTROL)!;
    expect(events.find((e) => e.subjectId === iam.id)).toMatchObject({
      subjectType: 'task', subjectTitle: 'IAM-08 Quarterly user access reviews for Q4 2026',
      detail: 'at risk: Quarterly user access reviews for Q4 2026 was due 2027-01-15 and is overdue (5 days)',
    });
    at('2027-01-21T00:11:00Z');
    expect((await s.tasks.generate(org, 'system')).alerted).toBe(0);
    // Alert retention prunes the events; the tasks, still overdue, are not alerted again.
    await db.query('DELETE FROM alert_deliveries WHERE org_id = $1', [org]);
    await db.query('DELETE FROM alert_events WHERE org_id = $1', [org]);
    expect((await s.tasks.generate(org, 'system')).alerted).toBe(0);
  });

  it('keeps organizations apart', async () => {
    const a = await newOrg();
    const b = await newOrg();
    await s.tasks.generate(a, 'test');
    const [task] = await s.tasks.list(a, { control: CONTROL });
    expect(await s.tasks.list(b)).toEqual([]);
    expect(await failure(s.tasks.get(b, task!.id))).toEqual(['not_found', 'id unknown_id']);
    expect(await failure(s.tasks.skip(b, task!.id, { reason: 'not mine' }, 'test'))).toEqual(['not_found', 'id unknown_id']);
  });
});
