// /api/history: status at an instant, a period's shares and failing windows, and the
// operating-effectiveness view of every control; validation, roles and organization isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredResult } from '../../src/store/index.js';
import { errorOf, fieldCodes, openApp, type Harness } from './harness.js';

const CPU = 'k8s-workload-cpu-limit';
const MEM = 'k8s-workload-memory-limit';
const day = (n: number) => new Date(Date.UTC(2026, 9, n, 6)).toISOString();
const result = (checkId: string, resourceId: string, status: StoredResult['status']): StoredResult => ({
  checkId, resourceType: 'k8s.workload', resourceId, status, reason: status === 'fail' ? 'no_limit' : null, message: null, severity: 'medium', path: 'k8s/app.yaml', startLine: 3, endLine: 9,
});

let h: Harness;
beforeAll(async () => {
  h = await openApp();
  const record = async (at: string, results: StoredResult[]) => {
    const res = await h.inject({ method: 'POST', url: '/api/scans', payload: { startedAt: at, finishedAt: at, targets: ['k8s'], results } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ run: { id: string }; changes: { opened: number; closed: number } }>();
  };
  expect((await record(day(1), [result(CPU, 'deploy/web', 'pass'), result(MEM, 'deploy/web', 'pass')])).changes).toEqual({ opened: 2, closed: 0 });
  expect((await record(day(3), [result(CPU, 'deploy/web', 'fail'), result(MEM, 'deploy/web', 'pass')])).changes).toEqual({ opened: 1, closed: 1 });
  await record(day(5), [result(CPU, 'deploy/web', 'pass'), result(MEM, 'deploy/web', 'pass')]);
});
afterAll(async () => {
  await h?.close();
});

const get = async (url: string, inject = h.inject) => {
  const res = await inject({ method: 'GET', url });
  return res;
};

describe('GET /api/history/status', () => {
  it('answers for a check, a resource (ids with slashes) and a control at an instant', async () => {
    const check = await get(`/api/history/status?kind=check&id=${CPU}&at=${day(4)}`);
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json()).toMatchObject({ kind: 'check', id: CPU, at: day(4), state: 'fail', checks: [{ checkId: CPU, pass: 0, fail: 1, since: day(3) }] });
    const resource = await get(`/api/history/status?kind=resource&id=${encodeURIComponent('deploy/web')}&at=${day(2)}`);
    expect(resource.json()).toMatchObject({ state: 'pass', results: [{ checkId: CPU, status: 'pass', startLine: 3 }, { checkId: MEM, status: 'pass' }] });
    const control = await get(`/api/history/status?kind=control&id=bcp-06&at=${day(4)}`);
    expect(control.json()).toMatchObject({ kind: 'control', id: 'BCP-06', state: 'fail' });
    // Without `at`: now.
    expect((await get(`/api/history/status?kind=control&id=BCP-06`)).json()).toMatchObject({ state: 'pass', at: h.services.now.value.toISOString() });
  });

  it('refuses a bad kind, a future instant and unknown subjects, naming the field', async () => {
    const kind = await get(`/api/history/status?kind=bucket&id=x`);
    expect(kind.statusCode).toBe(400);
    expect(fieldCodes(kind)).toContain('querystring.kind anyOf');
    const future = await get(`/api/history/status?kind=check&id=${CPU}&at=2030-01-01`);
    expect(future.statusCode).toBe(400);
    expect(fieldCodes(future)).toEqual(['at future_date']);
    const unknown = await get(`/api/history/status?kind=check&id=no-such-check`);
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).code).toBe('not_found');
    expect((await get(`/api/history/status?kind=control&id=NOPE-1`)).statusCode).toBe(404);
  });
});

describe('GET /api/history/period and /api/history/controls', () => {
  it('gives shares and failing windows for a subject', async () => {
    const res = await get(`/api/history/period?kind=check&id=${CPU}&from=${day(1)}&to=${day(9)}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ passingShare: number; failingShare: number; failingWindows: unknown[] }>();
    expect(body.failingShare).toBeCloseTo(0.25, 10);
    expect(body.passingShare).toBeCloseTo(0.75, 10);
    expect(body.failingWindows).toEqual([{ start: day(3), end: day(5), ongoing: false }]);
    expect(fieldCodes(await get(`/api/history/period?kind=check&id=${CPU}&from=${day(9)}&to=${day(1)}`))).toEqual(['to before_start']);
  });

  it('gives the operating-effectiveness view of every control', async () => {
    const res = await get(`/api/history/controls?from=2026-10-01&to=2026-10-09`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ from: string; controls: { controlId: string; checks: string[]; failingWindows: unknown[]; noDataShare: number }[] }>();
    expect(body.from).toBe('2026-10-01T00:00:00.000Z');
    expect(body.controls).toHaveLength(h.services.ctx.catalog.controls.length);
    expect(body.controls.find((c) => c.controlId === 'BCP-06')).toMatchObject({ checks: [CPU, MEM], failingWindows: [{ start: day(3), end: day(5), ongoing: false }] });
    expect(body.controls.find((c) => c.controlId === 'IAM-10')).toMatchObject({ noDataShare: 1, failingWindows: [] });
  });

  it('lets a viewer read, and shows another organization none of it', async () => {
    const viewer = await h.as('viewer');
    expect((await get(`/api/history/status?kind=check&id=${CPU}&at=${day(4)}`, viewer.inject)).json()).toMatchObject({ state: 'fail' });
    const other = await h.as('owner', { org: await h.newOrg('Other Co') });
    expect((await get(`/api/history/status?kind=check&id=${CPU}&at=${day(4)}`, other.inject)).json()).toMatchObject({ state: 'none' });
    const view = (await get(`/api/history/controls?from=2026-10-01&to=2026-10-09`, other.inject)).json<{ controls: { controlId: string; failingWindows: unknown[] }[] }>();
    expect(view.controls.find((c) => c.controlId === 'BCP-06')!.failingWindows).toEqual([]);
    expect((await h.app.inject({ method: 'GET', url: `/api/history/controls?from=2026-10-01&to=2026-10-09` })).statusCode).toBe(401);
  });
});
