// GET /api/checks: the check catalog, read-only, as the web app's findings page reads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../src/checks/registry.js';
import { openApp, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openApp();
});
afterAll(async () => {
  await h?.close();
});

interface CheckView { id: string; title: string; severity: string; resourceType: string; controls: string[]; remediation: { text: string; snippet: { language: string; code: string } | null } }

describe('GET /api/checks', () => {
  it('lists every registered check once, sorted by id, with its metadata and remediation', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/checks' });
    expect(res.statusCode).toBe(200);
    const body = res.json<CheckView[]>();
    expect(body.map((c) => c.id)).toEqual(checks.map((c) => c.meta.id).sort((a, b) => a.localeCompare(b)));
    for (const view of body) {
      const meta = checks.find((c) => c.meta.id === view.id)!.meta;
      expect(view).toMatchObject({ title: meta.title, severity: meta.severity, resourceType: meta.resourceType, controls: meta.controls });
      expect(view.remediation).toEqual({ text: meta.remediation.text, snippet: meta.remediation.snippet ?? null });
    }
  });

  it('names only controls the workspace has', async () => {
    const controls = new Set((await h.inject({ method: 'GET', url: '/api/controls' })).json<{ id: string }[]>().map((c) => c.id));
    const named = (await h.inject({ method: 'GET', url: '/api/checks' })).json<CheckView[]>().flatMap((c) => c.controls);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((id) => !controls.has(id))).toEqual([]);
  });
});
