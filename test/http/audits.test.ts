// /api/audits through inject(): create and validation, samples by seed, the effectiveness view,
// evidence seen only within the window, and the fieldwork. Requests come from the local
// `attest` command (the workspace lock's token); which role may call which route, and the
// isolation of organizations, are in the permission matrix (test/http/matrix.test.ts).
import { createHash, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Db } from '../../src/store/db.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';
import { errorOf, fieldCodes } from './harness.js';

const TOKEN = `local-${randomUUID()}`;
let db: Db;
let services: TestServices;
let app: FastifyInstance;
let orgId: string;
let n = 0;
const addEvidence = async (control: string, effectiveDate: string) =>
  services.evidence.add(orgId, { filename: `e${++n}.txt`, controls: [control], effectiveDate }, Buffer.from(`evidence ${n}`), 'test');

beforeAll(async () => {
  db = await engines[0]!.open();
  services = servicesOn(db);
  orgId = (await services.workspace.init({ name: 'Acme Audited', categories: ['security'] }, 'test')).org.id;
  app = await buildApp({ services, localToken: TOKEN });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await db?.close();
  if (services) rmSync(services.blobDir, { recursive: true, force: true });
});

type Inject = (opts: InjectOptions) => Promise<LightMyRequestResponse>;
const h: { inject: Inject } = { inject: (o) => app.inject({ ...o, headers: { authorization: `Bearer ${TOKEN}`, ...(o.headers ?? {}) } }) };

interface Audit { id: string; type: string; seed: number | null; seedsDrawn: number[]; controls: number }
const post = (inject: Inject, url: string, payload: unknown) => inject({ method: 'POST', url, payload: payload as Record<string, unknown> });

async function createAudit(payload: unknown = { type: 2, from: '2025-11-01', to: '2026-10-31' }): Promise<Audit> {
  const res = await post(h.inject, '/api/audits', payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Audit>();
}

describe('POST /api/audits', () => {
  it('creates a Type II audit (201) and a Type I one; lists and gets them', async () => {
    const two = await createAudit();
    expect(two).toMatchObject({ type: 'type2', periodStart: '2025-11-01', periodEnd: '2026-10-31', categories: ['security'], seed: null });
    const one = await createAudit({ type: 'type1', date: '2026-06-30', categories: ['security', 'availability'] });
    expect(one).toMatchObject({ type: 'type1', asOf: '2026-06-30', categories: ['security', 'availability'] });
    expect(one.controls).toBeGreaterThan(two.controls);
    const list = await h.inject({ method: 'GET', url: '/api/audits' });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: Audit[]; total: number }>().items.map((a) => a.id)).toEqual(expect.arrayContaining([one.id, two.id]));
    expect((await h.inject({ method: 'GET', url: `/api/audits/${two.id}` })).json()).toEqual(two);
  });

  it('refuses bad input with 400 and every field, creating nothing', async () => {
    const before = (await h.inject({ method: 'GET', url: '/api/audits' })).json<{ total: number }>().total;
    const bad = await post(h.inject, '/api/audits', { type: 2, from: '2026-02-30', to: '2025-01-01', categories: ['speed'] });
    expect(bad.statusCode).toBe(400);
    expect(fieldCodes(bad)).toEqual(['categories unknown_category', 'from invalid_date']);
    expect(fieldCodes(await post(h.inject, '/api/audits', { type: '2', from: '2026-06-01', to: '2026-01-01' }))).toEqual(['to before_start']);
    expect(fieldCodes(await post(h.inject, '/api/audits', { type: 1 }))).toEqual(['date required']);
    expect(fieldCodes(await post(h.inject, '/api/audits', { type: 2, from: '2026-01-01', to: '2026-02-01', owner: 'x' }))).toEqual(['body.owner additionalProperties']);
    expect((await h.inject({ method: 'GET', url: '/api/audits' })).json<{ total: number }>().total).toBe(before);
  });

  it('answers 404 naming the audit for an unknown id', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/audits/00000000-0000-4000-8000-000000000000/status' });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res)).toMatchObject({ code: 'not_found', fields: [expect.objectContaining({ field: 'audit', code: 'unknown_id' })] });
  });
});

describe('samples and status', () => {
  it('POST /sample with a seed answers the same body every time; another seed another sample; status compares expected with evidenced', async () => {
    for (const d of ['2025-11-03', '2025-12-24', '2026-01-15', '2026-03-02', '2026-05-20', '2026-08-08', '2026-10-31']) await addEvidence('IAM-05', d);
    await addEvidence('IAM-05', '2025-10-31');
    await addEvidence('GOV-04', '2025-12-01');
    const audit = await createAudit();
    const url = `/api/audits/${audit.id}/sample`;
    const first = await post(h.inject, url, { seed: 42, control: 'IAM-05' });
    expect(first.statusCode, first.body).toBe(200);
    expect((await post(h.inject, url, { seed: 42, control: 'IAM-05' })).body).toBe(first.body);
    const events = first.json<{ seed: number; controls: { populationSize: number; size: number; rule: string; items: { key: string; stream: string }[] }[] }>();
    expect(events.seed).toBe(42);
    expect(events.controls[0]).toMatchObject({ populationSize: 7, size: 5, rule: 'events_five' });
    const other = await post(h.inject, url, { seed: 43, control: 'IAM-05' });
    expect(other.json<typeof events>().controls[0]!.items.map((i) => i.key)).not.toEqual(events.controls[0]!.items.map((i) => i.key));
    expect((await h.inject({ method: 'GET', url: `/api/audits/${audit.id}` })).json<Audit>()).toMatchObject({ seed: 43, seedsDrawn: [42, 43] });
    expect(fieldCodes(await post(h.inject, url, { seed: -1 }))).toEqual(['body.seed minimum']);
    expect(fieldCodes(await post(h.inject, url, { seed: 1, control: 'NOPE-1' }))).toEqual(['control unknown_id']);

    const status = await h.inject({ method: 'GET', url: `/api/audits/${audit.id}/status` });
    expect(status.statusCode).toBe(200);
    const view = status.json<{ summary: Record<string, number>; controls: { control: string; expected: number | null; evidenced: number; state: string; sample: unknown }[] }>();
    expect(view.controls.find((c) => c.control === 'GOV-04')).toMatchObject({ expected: 4, evidenced: 1, state: 'gaps' });
    expect(view.controls.find((c) => c.control === 'IAM-05')).toMatchObject({ expected: null, evidenced: 7, state: 'operating', sample: { seed: 43, size: 5 } });
    const population = await h.inject({ method: 'GET', url: `/api/audits/${audit.id}/controls/IAM-05/population?limit=3` });
    expect(population.json()).toMatchObject({ kind: 'events', size: 7 });
    expect(population.json<{ items: unknown[] }>().items).toHaveLength(3);
  });
});

describe('evidence through an audit', () => {
  it('lists, reads and downloads only evidence effective within the window', async () => {
    const inside = await addEvidence('GOV-11', '2026-04-04');
    const outside = await addEvidence('GOV-11', '2024-04-04');
    const audit = await createAudit();
    const list = await h.inject({ method: 'GET', url: `/api/audits/${audit.id}/evidence?control=GOV-11` });
    expect(list.json<{ items: { id: string; auditControls: string[] }[] }>().items.map((e) => e.id)).toEqual([inside.id]);
    expect((await h.inject({ method: 'GET', url: `/api/audits/${audit.id}/evidence/${outside.id}` })).statusCode).toBe(404);
    expect((await h.inject({ method: 'GET', url: `/api/audits/${audit.id}/evidence/${outside.id}/download` })).statusCode).toBe(404);
    const file = await h.inject({ method: 'GET', url: `/api/audits/${audit.id}/evidence/${inside.id}/download` });
    expect(file.statusCode).toBe(200);
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(inside.sha256);
    expect(file.headers['repr-digest']).toBe(`sha-256=:${Buffer.from(inside.sha256, 'hex').toString('base64')}:`);
  });
});

describe('fieldwork', () => {
  it('records tests and exceptions, management responds, and requests carry comments and attachments', async () => {
    const inside = await addEvidence('GOV-04', '2026-02-02');
    const audit = await createAudit();
    const base = `/api/audits/${audit.id}`;
    const test = await post(h.inject, `${base}/tests`, { control: 'GOV-04', method: 'inspection', performedBy: 'Dana (CPA)', result: 'exception', notes: 'minutes unsigned', performedOn: '2026-11-20' });
    expect(test.statusCode, test.body).toBe(201);
    const exceptionId = test.json<{ exception: string }>().exception;
    expect(fieldCodes(await post(h.inject, `${base}/tests`, { control: 'GOV-04', method: 'x', performedBy: 'D', result: 'pass' }))).toEqual(['method invalid_value']);
    const answered = await post(h.inject, `${base}/exceptions/${exceptionId}/response`, { response: 'Signed since.' });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ managementResponse: 'Signed since.', respondedBy: 'cli' });
    expect((await h.inject({ method: 'GET', url: `${base}/exceptions?control=GOV-04` })).json<unknown[]>()).toHaveLength(1);
    expect((await h.inject({ method: 'GET', url: `${base}/tests` })).json<unknown[]>()).toHaveLength(1);

    const req = await post(h.inject, `${base}/requests`, { title: 'Board minutes', controls: ['GOV-04'], dueDate: '2026-12-15' });
    expect(req.statusCode, req.body).toBe(201);
    const rid = req.json<{ id: string; number: number }>().id;
    const attach = await post(h.inject, `${base}/requests/${rid}/attachments`, { evidence: [inside.id] });
    expect(attach.statusCode, attach.body).toBe(200);
    expect(attach.json()).toMatchObject({ attachments: [expect.objectContaining({ evidenceId: inside.id })] });
    const comment = await post(h.inject, `${base}/requests/${rid}/comments`, { body: 'attached' });
    expect(comment.statusCode).toBe(201);
    const patched = await h.inject({ method: 'PATCH', url: `${base}/requests/${rid}`, payload: { status: 'submitted', assignee: 'cfo@acme.test' } });
    expect(patched.json()).toMatchObject({ status: 'submitted', assignee: 'cfo@acme.test', comments: [expect.objectContaining({ body: 'attached' })] });
    const same = await h.inject({ method: 'PATCH', url: `${base}/requests/${rid}`, payload: { status: 'submitted' } });
    expect(same.statusCode).toBe(200);
    const accepted = await h.inject({ method: 'PATCH', url: `${base}/requests/${rid}`, payload: { status: 'accepted' } });
    expect(accepted.statusCode).toBe(200);
    const bad = await h.inject({ method: 'PATCH', url: `${base}/requests/${rid}`, payload: { status: 'rejected' } });
    expect(bad.statusCode).toBe(409);
    expect(errorOf(bad).code).toBe('conflict');
    expect((await h.inject({ method: 'GET', url: `${base}/requests?status=accepted` })).json<{ id: string }[]>().map((r) => r.id)).toEqual([rid]);
  });
});
