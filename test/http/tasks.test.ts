// /api/tasks: generation, filters, an overdue task making its control at risk through the API,
// completion with uploaded in-period evidence clearing it, skipping, assignment, and errors
// that name their field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '../../src/app/index.js';
import { errorOf, fieldCodes, multipart, openApp, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openApp();
});
afterAll(async () => {
  await h?.close();
});

// The test clock jumps months ahead, past any session's lifetime: requests go as the local command.
const at = (iso: string) => { h.services.now.value = new Date(iso); };
const tasks = async (query = '') => {
  const res = await h.cli({ method: 'GET', url: `/api/tasks${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<TaskView[]>();
};
const control = async (id: string) => (await h.cli({ method: 'GET', url: `/api/controls/${id}` })).json<{ status: string; explanation: string }>();

describe('/api/tasks', () => {
  it('generates tasks idempotently and filters them', async () => {
    at('2026-11-24T12:00:00Z');
    expect(await tasks()).toEqual([]);
    const first = await h.cli({ method: 'POST', url: '/api/tasks/generate' });
    expect(first.statusCode, first.body).toBe(200);
    const { created, controls } = first.json<{ created: number; controls: number }>();
    expect(created).toBe(controls * 2);
    expect((await h.cli({ method: 'POST', url: '/api/tasks/generate' })).json()).toMatchObject({ created: 0 });
    expect(await tasks()).toHaveLength(created);
    expect((await tasks('?control=IAM-08')).map((t) => t.periodLabel)).toEqual(['Q4 2026', 'Q1 2027']);
    expect(await tasks('?overdue=true')).toEqual([]);
    expect((await tasks('?state=open')).length).toBe(created);
    expect(await tasks('?state=done')).toEqual([]);
    const bad = await h.cli({ method: 'GET', url: '/api/tasks?state=finished&colour=red' });
    expect(bad.statusCode).toBe(400);
  });

  it('an overdue task shows the control at risk; completing it with uploaded in-period evidence clears it', async () => {
    at('2027-01-20T09:00:00Z');
    const [overdue] = await tasks('?overdue=true&control=IAM-08');
    expect(overdue).toMatchObject({ periodLabel: 'Q4 2026', status: 'overdue', daysOverdue: 5 });
    expect(await control('IAM-08')).toEqual(expect.objectContaining({ status: 'at_risk', explanation: 'at risk: Quarterly user access reviews for Q4 2026 was due 2027-01-15 and is overdue (5 days)' }));
    const status = (await h.cli({ method: 'GET', url: '/api/status' })).json<{ readiness: { overall: { atRisk: number } }; nextSteps: { control: string; status: string }[] }>();
    expect(status.readiness.overall.atRisk).toBeGreaterThan(0);

    const missing = await h.cli({ method: 'POST', url: `/api/tasks/${overdue!.id}/complete`, payload: { note: 'done' } });
    expect(missing.statusCode).toBe(400);
    expect(fieldCodes(missing)).toContain('body.evidenceId required');

    const upload = async (effectiveDate: string) => {
      const res = await h.cli({ method: 'POST', url: '/api/evidence', ...(await multipart([
        { name: 'controls', value: 'IAM-08' }, { name: 'effectiveDate', value: effectiveDate }, { name: 'file', file: Buffer.from(`access review ${effectiveDate}`), filename: 'review.csv' },
      ])) });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const outside = await h.cli({ method: 'POST', url: `/api/tasks/${overdue!.id}/complete`, payload: { evidenceId: await upload('2027-01-19') } });
    expect(outside.statusCode).toBe(400);
    expect(errorOf(outside).fields).toEqual([expect.objectContaining({ field: 'evidenceId', code: 'outside_period' })]);
    // Evidence dated 2027-01-19 is in Q1 2027: that task now counts as done.
    expect((await tasks('?control=IAM-08'))[1]).toMatchObject({ periodLabel: 'Q1 2027', state: 'open', status: 'done' });

    const ok = await h.cli({ method: 'POST', url: `/api/tasks/${overdue!.id}/complete`, payload: { evidenceId: await upload('2026-12-30'), note: 'reviewed 41 accounts' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'done', status: 'done', evidenceEffective: '2026-12-30', note: 'reviewed 41 accounts', completedBy: 'cli' });
    expect((await control('IAM-08')).status).toBe('evidenced');
    const again = await h.cli({ method: 'POST', url: `/api/tasks/${overdue!.id}/complete`, payload: { evidenceId: ok.json<TaskView>().evidenceId } });
    expect(again.statusCode).toBe(409);
  });

  it('skips with a reason, assigns, and answers 404 for unknown tasks', async () => {
    const [task] = await tasks('?overdue=true&control=GOV-04');
    const noReason = await h.cli({ method: 'POST', url: `/api/tasks/${task!.id}/skip`, payload: {} });
    expect(noReason.statusCode).toBe(400);
    expect(fieldCodes(noReason)).toContain('body.reason required');
    const skipped = await h.cli({ method: 'POST', url: `/api/tasks/${task!.id}/skip`, payload: { reason: 'no board meeting this quarter: approved by the CEO' } });
    expect(skipped.statusCode, skipped.body).toBe(200);
    expect(skipped.json()).toMatchObject({ state: 'skipped', skipReason: 'no board meeting this quarter: approved by the CEO' });
    expect((await control('GOV-04')).status).not.toBe('at_risk');

    const assigned = await h.cli({ method: 'PATCH', url: `/api/tasks/${task!.id}`, payload: { assignee: 'board-secretary@example.com' } });
    expect(assigned.json()).toMatchObject({ assignee: 'board-secretary@example.com' });
    expect((await tasks('?assignee=board-secretary%40example.com')).map((t) => t.id)).toEqual([task!.id]);
    expect((await h.cli({ method: 'PATCH', url: `/api/tasks/${task!.id}`, payload: { assignee: null } })).json()).toMatchObject({ assignee: null });

    const unknown = await h.cli({ method: 'GET', url: '/api/tasks/00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).code).toBe('not_found');
  });

  it('a viewer reads tasks but cannot change them', async () => {
    const viewer = await h.as('viewer');
    const [task] = await tasks('?state=open');
    expect((await viewer.inject({ method: 'GET', url: `/api/tasks/${task!.id}` })).statusCode).toBe(200);
    expect((await viewer.inject({ method: 'POST', url: `/api/tasks/${task!.id}/skip`, payload: { reason: 'x' } })).statusCode).toBe(403);
  });
});
