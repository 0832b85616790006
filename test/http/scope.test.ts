// /api/scope: categories, Type I date or Type II period, system description; every
// rejected change leaves the stored scope and the audit log untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { errorOf, fieldCodes, openApp, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openApp();
});
afterAll(async () => {
  await h?.close();
});

interface Scope {
  categories: string[]; reportType: string; asOf: string | null; periodStart: string | null; periodEnd: string | null;
  systemDescription: { services: string; components: Record<string, string>; criteriaNotRelevant: { criterion: string; reason: string }[] };
  updatedAt: string; notices: string[];
}

const getScope = async () => {
  const res = await h.inject({ method: 'GET', url: '/api/scope' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Scope>();
};
const auditSeq = async () => (await h.inject({ method: 'GET', url: '/api/audit-log?limit=1' })).json<{ seq: number }[]>()[0]!.seq;

async function patchScope(payload: object): Promise<Scope> {
  const seq = await auditSeq();
  const res = await h.inject({ method: 'PATCH', url: '/api/scope', payload });
  expect(res.statusCode, res.body).toBe(200);
  const latest = (await h.inject({ method: 'GET', url: '/api/audit-log?limit=1' })).json<{ seq: number; action: string; detail: { fields: string[] } }[]>()[0]!;
  expect(latest).toMatchObject({ seq: seq + 1, action: 'scope.update', detail: { fields: Object.keys(payload).sort() } });
  const saved = res.json<Scope>();
  expect(await getScope()).toEqual(saved);
  return saved;
}

/** Sends a change that must be refused; checks nothing was stored or logged; returns the response. */
async function rejected(request: { payload: object } | { raw: string }): Promise<LightMyRequestResponse> {
  const before = await getScope();
  const seq = await auditSeq();
  const res = 'raw' in request
    ? await h.inject({ method: 'PATCH', url: '/api/scope', headers: { 'content-type': 'application/json' }, payload: request.raw })
    : await h.inject({ method: 'PATCH', url: '/api/scope', payload: request.payload });
  expect(res.statusCode, res.body).toBe(400);
  expect(errorOf(res).code).toBe('invalid_input');
  expect(await getScope()).toEqual(before);
  expect(await auditSeq()).toBe(seq);
  return res;
}

describe('GET /api/scope', () => {
  it('starts as a Type I scope of Security with an empty system description', async () => {
    const scope = await getScope();
    expect(scope).toMatchObject({ categories: ['security'], reportType: 'type1', asOf: null, periodStart: null, periodEnd: null });
    expect(scope.systemDescription.criteriaNotRelevant).toEqual([]);
    expect(scope.notices.length).toBeGreaterThan(0);
  });
});

describe('PATCH /api/scope', () => {
  it('adds categories and always keeps Security', async () => {
    expect((await patchScope({ categories: ['availability', 'confidentiality'] })).categories).toEqual(['security', 'availability', 'confidentiality']);
    expect((await patchScope({ categories: ['privacy'] })).categories).toEqual(['security', 'privacy']);
    expect((await patchScope({ categories: ['security'] })).categories).toEqual(['security']);
  });

  it('sets a Type I date and clears it with null', async () => {
    expect((await patchScope({ asOf: '2026-12-31' })).asOf).toBe('2026-12-31');
    expect((await patchScope({ asOf: null })).asOf).toBeNull();
  });

  it('switches to Type II with a period', async () => {
    const scope = await patchScope({ reportType: 'type2', periodStart: '2026-01-01', periodEnd: '2026-06-30' });
    expect(scope).toMatchObject({ reportType: 'type2', periodStart: '2026-01-01', periodEnd: '2026-06-30' });
  });

  it('merges the system description, component by component', async () => {
    await patchScope({ systemDescription: { services: 'Hosted invoicing', components: { software: 'Node services on Kubernetes' } } });
    const scope = await patchScope({ systemDescription: { components: { people: 'Engineering and support' }, criteriaNotRelevant: [{ criterion: 'CC9.2', reason: 'No vendors process customer data' }] } });
    expect(scope.systemDescription.services).toBe('Hosted invoicing');
    expect(scope.systemDescription.components).toMatchObject({ software: 'Node services on Kubernetes', people: 'Engineering and support' });
    expect(scope.systemDescription.criteriaNotRelevant).toEqual([{ criterion: 'CC9.2', reason: 'No vendors process customer data' }]);
  });

  describe('refused changes', () => {
    it('refuses dates that do not exist, naming each field', async () => {
      const res = await rejected({ payload: { periodStart: '2026-02-30', periodEnd: '2026-13-01' } });
      expect(fieldCodes(res)).toEqual(['periodEnd invalid_date', 'periodStart invalid_date']);
      const asOf = await rejected({ payload: { asOf: '31/12/2026' } });
      expect(fieldCodes(asOf)).toEqual(['asOf invalid_date']);
    });

    it('refuses a period that ends before it starts', async () => {
      const res = await rejected({ payload: { periodStart: '2026-06-30', periodEnd: '2026-01-01' } });
      expect(fieldCodes(res)).toEqual(['periodEnd before_start']);
      const same = await rejected({ payload: { periodStart: '2026-03-01', periodEnd: '2026-03-01' } });
      expect(fieldCodes(same)).toEqual(['periodEnd before_start']);
    });

    it('refuses a Type II scope without its period', async () => {
      const res = await rejected({ payload: { periodStart: null, periodEnd: null } });
      expect(fieldCodes(res)).toEqual(['periodEnd required', 'periodStart required']);
    });

    it('refuses an unknown criterion and a missing reason in criteriaNotRelevant', async () => {
      const res = await rejected({ payload: { systemDescription: { criteriaNotRelevant: [{ criterion: 'CC6.1', reason: 'n/a' }, { criterion: 'CC42.9', reason: 'not ours' }, { criterion: 'A1.1', reason: ' ' }] } } });
      expect(fieldCodes(res)).toEqual(['systemDescription.criteriaNotRelevant.1.criterion unknown_id', 'systemDescription.criteriaNotRelevant.2.reason required']);
    });

    it('refuses an unknown category', async () => {
      const res = await rejected({ payload: { categories: ['availability', 'bogus'] } });
      expect(new Set(errorOf(res).fields.map((f) => f.field))).toEqual(new Set(['body.categories.1']));
    });

    it('lists every bad field of the body at once', async () => {
      const res = await rejected({ payload: { reportType: 'type3', asOf: 20261231, colour: 'red', systemDescription: { services: 1, extra: true } } });
      const fields = new Set(errorOf(res).fields.map((f) => f.field));
      expect(fields).toEqual(new Set(['body.reportType', 'body.colour', 'body.systemDescription.extra']));
    });

    it('refuses an empty change', async () => {
      await rejected({ payload: {} });
    });

    it('answers a malformed JSON body with invalid_input on body', async () => {
      const res = await rejected({ raw: '{"categories": ["availability"' });
      expect(errorOf(res).fields.map((f) => f.field)).toEqual(['body']);
    });
  });
});
