// The edge: health, a workspace before `init`, unknown routes, and the error body shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, multipart, openApp, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openApp({ init: false });
});
afterAll(async () => {
  await h?.close();
});

// Every route that reads or changes the organization's data.
const NEEDS_ORG: { method: 'GET' | 'PATCH' | 'POST'; url: string; payload?: object }[] = [
  { method: 'GET', url: '/api/controls' },
  { method: 'GET', url: '/api/controls/IAM-08' },
  { method: 'PATCH', url: '/api/controls/IAM-08', payload: { owner: 'dana@example.com' } },
  { method: 'GET', url: '/api/scope' },
  { method: 'PATCH', url: '/api/scope', payload: { categories: ['availability'] } },
  { method: 'GET', url: '/api/evidence' },
  { method: 'GET', url: '/api/evidence/00000000-0000-4000-8000-000000000000' },
  { method: 'GET', url: '/api/evidence/00000000-0000-4000-8000-000000000000/download' },
  { method: 'POST', url: '/api/evidence/00000000-0000-4000-8000-000000000000/links', payload: { controls: ['IAM-08'] } },
  { method: 'GET', url: '/api/status' },
  { method: 'GET', url: '/api/audit-log' },
];

describe('before init', () => {
  it('answers liveness with the engine', async () => {
    const res = await h.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', engine: 'pglite' });
  });

  it.each(NEEDS_ORG)('$method $url answers 409 workspace_missing', async ({ method, url, payload }) => {
    const res = await h.inject({ method, url, ...(payload ? { payload } : {}) });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('workspace_missing');
  });

  it('refuses an upload with 409 workspace_missing and stores nothing', async () => {
    const body = await multipart([{ name: 'controls', value: 'IAM-08' }, { name: 'file', file: Buffer.from('review'), filename: 'r.txt' }]);
    const res = await h.inject({ method: 'POST', url: '/api/evidence', ...body });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('workspace_missing');
    expect(await h.services.ctx.store.repos.organizations.list(10)).toEqual([]);
  });

  it('serves the shipped catalog without an organization', async () => {
    const frameworks = await h.inject({ method: 'GET', url: '/api/frameworks' });
    expect(frameworks.statusCode).toBe(200);
    const criterion = await h.inject({ method: 'GET', url: '/api/criteria/CC6.1' });
    expect(criterion.statusCode).toBe(200);
    expect(criterion.json()).toMatchObject({ id: 'CC6.1', controlDetails: [] });
    expect(criterion.json<{ controls: string[] }>().controls.length).toBeGreaterThan(0);
  });

  it('verifies an empty workspace as intact', async () => {
    const res = await h.inject({ method: 'POST', url: '/api/verify' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, auditEntries: 0, evidenceChecked: 0, problems: [] });
  });
});

describe('error responses', () => {
  it('answers an unknown route with 404 not_found in the error shape', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/nope?x=1' });
    expect(res.statusCode).toBe(404);
    const error = errorOf(res);
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('/api/nope');
    expect(error.message).not.toContain('x=1');
  });

  it('gives each response its own request id', async () => {
    const a = errorOf(await h.inject({ method: 'GET', url: '/api/nope' }));
    const b = errorOf(await h.inject({ method: 'GET', url: '/api/nope' }));
    expect(a.requestId).not.toBe('');
    expect(a.requestId).not.toBe(b.requestId);
  });
});

describe('after init', () => {
  it('serves the routes that needed the organization', async () => {
    await h.services.workspace.init({ name: 'Acme Cloud' }, 'test');
    for (const { method, url } of NEEDS_ORG.filter((r) => r.method === 'GET' && !r.url.includes('0000'))) {
      const res = await h.inject({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(200);
    }
    const unknownEvidence = await h.inject({ method: 'GET', url: '/api/evidence/00000000-0000-4000-8000-000000000000' });
    expect(unknownEvidence.statusCode).toBe(404);
    expect(errorOf(unknownEvidence).code).toBe('not_found');
  });
});
