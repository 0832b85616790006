// /api/controls: list, filters, one control, and changes recorded in the audit log.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { errorOf, fieldCodes, openApp, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openApp();
});
afterAll(async () => {
  await h?.close();
});

interface Control { id: string; domain: string; criteria: string[]; owner: string | null; inScope: boolean; exclusionReason: string | null; notes: string; status: string; explanation: string }
interface AuditEntry { seq: number; actor: string; action: string; entityType: string; entityId: string; beforeDigest: string | null; afterDigest: string | null; detail: { fields?: string[] } }

const HEX64 = /^[0-9a-f]{64}$/;

const list = async (query = '') => {
  const res = await h.inject({ method: 'GET', url: `/api/controls${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Control[]>();
};
const getControl = async (id: string) => {
  const res = await h.inject({ method: 'GET', url: `/api/controls/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Control>();
};
const patch = (id: string, payload: unknown): Promise<LightMyRequestResponse> => h.inject({ method: 'PATCH', url: `/api/controls/${id}`, payload: payload as object });
const auditLog = async (limit = 50) => {
  const res = await h.inject({ method: 'GET', url: `/api/audit-log?limit=${limit}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<AuditEntry[]>();
};
const latestSeq = async () => (await auditLog(1))[0]!.seq;

/** Patches a control and returns the new view and the one audit entry the change added. */
async function patchAudited(id: string, payload: object): Promise<{ view: Control; entry: AuditEntry }> {
  const before = await latestSeq();
  const res = await patch(id, payload);
  expect(res.statusCode, res.body).toBe(200);
  const added = (await auditLog()).filter((e) => e.seq > before);
  expect(added).toHaveLength(1);
  const entry = added[0]!;
  expect(entry).toMatchObject({ action: 'control.update', entityType: 'control', entityId: id, actor: h.owner!.actor });
  expect(entry.beforeDigest).toMatch(HEX64);
  expect(entry.afterDigest).toMatch(HEX64);
  expect(entry.detail.fields).toEqual(Object.keys(payload).sort());
  return { view: res.json<Control>(), entry };
}

describe('GET /api/controls', () => {
  it('lists every library control, in scope, without evidence', async () => {
    const controls = await list();
    expect(controls.map((c) => c.id).sort()).toEqual(h.services.ctx.catalog.controls.map((c) => c.id).sort());
    expect(controls.every((c) => c.inScope && c.status === 'no_evidence' && c.owner === null)).toBe(true);
  });

  it('filters by criterion, whatever its case', async () => {
    const expected = h.services.ctx.catalog.controls.filter((c) => c.criteria.includes('CC6.1')).map((c) => c.id).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect((await list('?criterion=CC6.1')).map((c) => c.id).sort()).toEqual(expected);
    expect((await list('?criterion=cc6.1')).map((c) => c.id).sort()).toEqual(expected);
  });

  it('filters by domain', async () => {
    const expected = h.services.ctx.catalog.controls.filter((c) => c.domain === 'identity-and-access').map((c) => c.id).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect((await list('?domain=identity-and-access')).map((c) => c.id).sort()).toEqual(expected);
  });

  it('filters by owner, status and scope', async () => {
    await patchAudited('HR-01', { owner: 'people-lead@example.com' });
    await patchAudited('HR-02', { inScope: false, exclusionReason: 'No contractors are engaged' });
    expect((await list('?owner=people-lead%40example.com')).map((c) => c.id)).toEqual(['HR-01']);
    expect((await list('?status=excluded')).map((c) => c.id)).toEqual(['HR-02']);
    expect((await list('?inScope=false')).map((c) => c.id)).toEqual(['HR-02']);
    const inScope = await list('?inScope=true');
    expect(inScope).toHaveLength(h.services.ctx.catalog.controls.length - 1);
    expect(inScope.some((c) => c.id === 'HR-02')).toBe(false);
    expect((await list('?status=no_evidence&domain=people')).some((c) => c.id === 'HR-02')).toBe(false);
  });

  it('answers an unknown criterion in the filter with 400 naming the parameter', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/controls?criterion=CC42.1' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('invalid_input');
    expect(fieldCodes(res)).toEqual(['querystring.criterion unknown_id']);
  });

  it('answers an unknown status or parameter with 400 naming each', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/controls?status=green&colour=red' });
    expect(res.statusCode).toBe(400);
    const fields = new Set(errorOf(res).fields.map((f) => f.field));
    expect(fields).toEqual(new Set(['querystring.status', 'querystring.colour']));
  });
});

describe('GET /api/controls/:id', () => {
  it('returns one control with its criteria and derived status', async () => {
    const c = await getControl('IAM-08');
    const lib = h.services.ctx.catalog.controls.find((x) => x.id === 'IAM-08')!;
    expect(c).toMatchObject({ id: 'IAM-08', title: lib.title, criteria: lib.criteria, inScope: true, status: 'no_evidence' });
    expect(c.explanation.length).toBeGreaterThan(0);
  });

  it('carries the library text and framework mappings, which the list leaves out (all of them: GET /api/library/controls)', async () => {
    const one = await getControl('IAM-08') as Control & { suggestedEvidence?: string[]; mappings?: Record<string, string[]> };
    const lib = h.services.ctx.catalog.controls.find((x) => x.id === 'IAM-08')!;
    expect(one.suggestedEvidence).toEqual(lib.evidence);
    expect(one.mappings).toEqual(lib.mappings);
    const listed = (await list()).find((c) => c.id === 'IAM-08') as Control & Record<string, unknown>;
    expect(Object.keys(listed)).not.toContain('suggestedEvidence');
    expect(Object.keys(listed)).not.toContain('mappings');
    expect(Object.keys(listed)).not.toContain('description');
    expect(listed).toMatchObject({ id: 'IAM-08', title: lib.title, criteria: lib.criteria, status: one.status, explanation: one.explanation });
    const res = await h.inject({ method: 'GET', url: '/api/library/controls', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('private, max-age=3600');
    const library = JSON.parse(gunzipSync(res.rawPayload).toString('utf8')) as { id: string; description: string; suggestedEvidence: string[]; mappings: Record<string, string[]> }[];
    expect(library.map((c) => c.id)).toEqual(h.services.ctx.catalog.controls.map((c) => c.id));
    expect(library.find((c) => c.id === 'IAM-08')).toMatchObject({ description: lib.description, suggestedEvidence: lib.evidence, mappings: lib.mappings });
  });

  it('finds a control whatever the case of its id', async () => {
    expect((await getControl('iam-08')).id).toBe('IAM-08');
  });

  it('answers an unknown control with 404', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/controls/NOPE-99' });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe('not_found');
  });
});

describe('PATCH /api/controls/:id', () => {
  it('assigns an owner, then changes notes, each with an audit entry that chains the control state', async () => {
    const first = await patchAudited('IAM-01', { owner: 'dana@example.com' });
    expect(first.view).toMatchObject({ id: 'IAM-01', owner: 'dana@example.com', inScope: true });
    expect(first.entry.beforeDigest).not.toBe(first.entry.afterDigest);
    const second = await patchAudited('IAM-01', { notes: 'Reviewed with the auditor on 2026-11-20.' });
    expect(second.view).toMatchObject({ owner: 'dana@example.com', notes: 'Reviewed with the auditor on 2026-11-20.' });
    expect(second.entry.beforeDigest).toBe(first.entry.afterDigest);
    expect(second.entry.afterDigest).not.toBe(second.entry.beforeDigest);
    expect((await getControl('IAM-01')).notes).toBe('Reviewed with the auditor on 2026-11-20.');
  });

  it('clears an owner with null', async () => {
    await patchAudited('IAM-02', { owner: 'sam@example.com' });
    const { view } = await patchAudited('IAM-02', { owner: null });
    expect(view.owner).toBeNull();
  });

  it('excludes a control with a reason, and bringing it back clears the reason', async () => {
    const excluded = await patchAudited('IAM-03', { inScope: false, exclusionReason: 'Covered by the carved-out IdP provider' });
    expect(excluded.view).toMatchObject({ inScope: false, exclusionReason: 'Covered by the carved-out IdP provider', status: 'excluded' });
    expect(excluded.view.explanation).toContain('Covered by the carved-out IdP provider');
    const back = await patchAudited('IAM-03', { inScope: true });
    expect(back.view).toMatchObject({ inScope: true, exclusionReason: null, status: 'no_evidence' });
    expect(back.entry.beforeDigest).toBe(excluded.entry.afterDigest);
    expect(await getControl('IAM-03')).toMatchObject({ inScope: true, exclusionReason: null });
  });

  describe('rejected changes leave the control and the audit log as they were', () => {
    let seq: number;
    let before: Control;
    beforeAll(async () => {
      seq = await latestSeq();
      before = await getControl('IAM-04');
    });
    const unchanged = async () => {
      expect(await getControl('IAM-04')).toEqual(before);
      expect(await latestSeq()).toBe(seq);
    };

    it('refuses an exclusion without a reason', async () => {
      for (const payload of [{ inScope: false }, { inScope: false, exclusionReason: '   ' }, { inScope: false, exclusionReason: null }]) {
        const res = await patch('IAM-04', payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(fieldCodes(res)).toEqual(['exclusionReason required']);
      }
      await unchanged();
    });

    it('refuses a reason without inScope false', async () => {
      const res = await patch('IAM-04', { exclusionReason: 'not needed' });
      expect(res.statusCode).toBe(400);
      expect(fieldCodes(res)).toEqual(['exclusionReason needs_in_scope_false']);
      await unchanged();
    });

    it('refuses an empty owner', async () => {
      const res = await patch('IAM-04', { owner: '  ' });
      expect(res.statusCode).toBe(400);
      expect(fieldCodes(res)).toEqual(['owner empty']);
      await unchanged();
    });

    it('lists every bad field at once', async () => {
      const res = await patch('IAM-04', { owner: { name: 'dana' }, inScope: 'maybe', notes: { text: 'x' }, colour: 'red' });
      expect(res.statusCode).toBe(400);
      const error = errorOf(res);
      expect(error.code).toBe('invalid_input');
      expect(new Set(error.fields.map((f) => f.field))).toEqual(new Set(['body.owner', 'body.inScope', 'body.notes', 'body.colour']));
      expect(error.fields.find((f) => f.field === 'body.colour')!.code).toBe('additionalProperties');
      expect(error.fields.find((f) => f.field === 'body.inScope')!.code).toBe('type');
      await unchanged();
    });

    it('refuses an empty change', async () => {
      const res = await patch('IAM-04', {});
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).code).toBe('invalid_input');
      await unchanged();
    });

    it('answers an unknown control with 404', async () => {
      const res = await patch('NOPE-99', { owner: 'dana@example.com' });
      expect(res.statusCode).toBe(404);
      expect(errorOf(res).code).toBe('not_found');
      await unchanged();
    });
  });

  it('records changes made with the local token as the cli actor, and refuses a wrong token', async () => {
    const app = await buildApp({ services: h.services, localToken: 'local-secret-token' });
    try {
      const seq = await latestSeq();
      const wrong = await app.inject({ method: 'PATCH', url: '/api/controls/IAM-05', headers: { authorization: 'Bearer local-secret-tokex' }, payload: { notes: 'a' } });
      expect(wrong.statusCode).toBe(401);
      expect(errorOf(wrong).code).toBe('unauthorized');
      const right = await app.inject({ method: 'PATCH', url: '/api/controls/IAM-05', headers: { authorization: 'Bearer local-secret-token' }, payload: { notes: 'b' } });
      expect(right.statusCode).toBe(200);
      const signedIn = await patch('IAM-05', { notes: 'c' });
      expect(signedIn.statusCode).toBe(200);
      expect((await auditLog()).filter((e) => e.seq > seq).map((e) => e.actor)).toEqual([h.owner!.actor, 'cli']);
      expect((await getControl('IAM-05')).notes).toBe('c');
    } finally {
      await app.close();
    }
  });
});

describe('GET /api/audit-log', () => {
  it('pages backwards with before', async () => {
    const all = await auditLog(500);
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => b - a));
    const page = await auditLog(2);
    expect(page).toHaveLength(2);
    const res = await h.inject({ method: 'GET', url: `/api/audit-log?limit=2&before=${page[1]!.seq}` });
    expect(res.json<AuditEntry[]>().map((e) => e.seq)).toEqual([page[1]!.seq - 1, page[1]!.seq - 2]);
  });

  it('keeps one entity type or one actor when asked', async () => {
    const all = await auditLog(500);
    const types = new Set(all.map((e) => e.entityType));
    expect(types.size).toBeGreaterThan(1);
    const type = all[0]!.entityType;
    const byType = (await h.inject({ method: 'GET', url: `/api/audit-log?limit=500&entityType=${type}` })).json<AuditEntry[]>();
    expect(byType.map((e) => e.seq)).toEqual(all.filter((e) => e.entityType === type).map((e) => e.seq));
    const actor = all[0]!.actor;
    const byActor = (await h.inject({ method: 'GET', url: `/api/audit-log?limit=500&actor=${encodeURIComponent(actor)}` })).json<AuditEntry[]>();
    expect(byActor.map((e) => e.seq)).toEqual(all.filter((e) => e.actor === actor).map((e) => e.seq));
    expect((await h.inject({ method: 'GET', url: '/api/audit-log?actor=user%3Anobody' })).json()).toEqual([]);
  });

  it('refuses a limit out of range', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/audit-log?limit=0' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields.map((f) => f.field)).toEqual(['querystring.limit']);
  });
});
