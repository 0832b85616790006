// /api/frameworks and /api/criteria: the shipped catalog over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, fieldCodes, openApp, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openApp();
});
afterAll(async () => {
  await h?.close();
});

interface FrameworkSummary { id: string; name: string; version: string; requirements: number }
interface Framework { id: string; requirements: { id: string; kind: string; parent: string | null }[] }
interface Criterion { id: string; category: string; controls: string[] }

const libraryControlsFor = (criterion: string) => h.services.ctx.catalog.controls.filter((c) => c.criteria.includes(criterion)).map((c) => c.id).sort();

describe('GET /api/frameworks', () => {
  it('lists the four shipped frameworks with their sizes', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/frameworks' });
    expect(res.statusCode).toBe(200);
    const list = res.json<FrameworkSummary[]>();
    expect(list.map((f) => f.id).sort()).toEqual(['hipaa-security', 'iso27001-2022', 'nist-csf-2.0', 'soc2']);
    const soc2 = list.find((f) => f.id === 'soc2')!;
    expect(soc2.requirements).toBe(61);
    const iso = h.services.ctx.catalog.frameworks.find((f) => f.id === 'iso27001-2022')!;
    expect(list.find((f) => f.id === 'iso27001-2022')!.requirements).toBe(iso.requirements.length);
    for (const f of list) expect(f.name.length, f.id).toBeGreaterThan(0);
  });
});

describe('GET /api/frameworks/:id', () => {
  it('returns SOC 2 as categories, groups and criteria', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/frameworks/soc2' });
    expect(res.statusCode).toBe(200);
    const fw = res.json<Framework>();
    expect(fw.id).toBe('soc2');
    expect(fw.requirements.filter((r) => r.kind === 'criterion')).toHaveLength(61);
    expect(fw.requirements.filter((r) => r.kind === 'category').map((r) => r.id).sort()).toEqual(['availability', 'confidentiality', 'privacy', 'processing_integrity', 'security']);
    const cc61 = fw.requirements.find((r) => r.id === 'CC6.1')!;
    expect(cc61.parent).toBe('CC6');
  });

  it('returns another framework with every requirement of its content', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/frameworks/hipaa-security' });
    expect(res.statusCode).toBe(200);
    const expected = h.services.ctx.catalog.frameworks.find((f) => f.id === 'hipaa-security')!;
    expect(res.json<Framework>().requirements.map((r) => r.id)).toEqual(expected.requirements.map((r) => r.id));
  });

  it('answers an unknown framework with 404 not_found naming the id', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/frameworks/pci-dss' });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe('not_found');
    expect(fieldCodes(res)).toEqual(['id unknown_id']);
  });
});

describe('GET /api/criteria', () => {
  it('lists the 61 criteria, each with the library controls that support it', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/criteria' });
    expect(res.statusCode).toBe(200);
    const list = res.json<Criterion[]>();
    expect(list).toHaveLength(61);
    expect(new Set(list.map((c) => c.id)).size).toBe(61);
    for (const c of list) expect([...c.controls].sort(), c.id).toEqual(libraryControlsFor(c.id));
  });

  it('filters by category', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/criteria?category=availability' });
    expect(res.statusCode).toBe(200);
    const list = res.json<Criterion[]>();
    expect(list.map((c) => c.id)).toEqual(['A1.1', 'A1.2', 'A1.3']);
    expect(list.every((c) => c.category === 'availability')).toBe(true);
  });

  it('accepts a category written with a hyphen', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/criteria?category=processing-integrity' });
    expect(res.statusCode).toBe(200);
    expect(res.json<Criterion[]>()).toHaveLength(5);
  });

  it('answers an unknown category with 400 on the category field', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/criteria?category=bogus' });
    expect(res.statusCode).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('invalid_input');
    expect(error.fields[0]).toMatchObject({ field: 'category', code: 'unknown_category' });
    expect(error.fields).toHaveLength(1);
  });

  it('answers an unknown query parameter with 400 naming it', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/criteria?categry=availability' });
    expect(res.statusCode).toBe(400);
    expect(fieldCodes(res)).toEqual(['querystring.categry additionalProperties']);
  });
});

describe('GET /api/criteria/:id', () => {
  it("returns CC6.1 with its library controls and the organization's controls", async () => {
    const res = await h.inject({ method: 'GET', url: '/api/criteria/CC6.1' });
    expect(res.statusCode).toBe(200);
    const body = res.json<Criterion & { controlDetails: { id: string; status: string; inScope: boolean }[] }>();
    expect(body.id).toBe('CC6.1');
    const expected = libraryControlsFor('CC6.1');
    expect(expected.length).toBeGreaterThan(0);
    expect([...body.controls].sort()).toEqual(expected);
    expect(body.controlDetails.map((c) => c.id).sort()).toEqual(expected);
    expect(body.controlDetails.every((c) => c.status === 'no_evidence' && c.inScope)).toBe(true);
  });

  it('finds a criterion whatever the case of its id', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/criteria/cc6.1' });
    expect(res.statusCode).toBe(200);
    expect(res.json<Criterion>().id).toBe('CC6.1');
  });

  it('answers an unknown criterion with 404 not_found', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/criteria/CC99.1' });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe('not_found');
    expect(fieldCodes(res)).toEqual(['id unknown_id']);
  });
});
