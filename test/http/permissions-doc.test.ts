// docs/PERMISSIONS.md is generated from the permission table and the route table: it must be current.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_NAMES } from '../../src/app/permissions.js';
import { permissionsMarkdown } from '../../src/http/permissions-doc.js';
import { openApp, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openApp();
});
afterAll(async () => {
  await h?.close();
});

describe('docs/PERMISSIONS.md', () => {
  it('is what `npm run docs:permissions` writes from the current tables', () => {
    const doc = readFileSync(new URL('../../docs/PERMISSIONS.md', import.meta.url), 'utf8');
    expect(doc, 'run `npm run docs:permissions`').toBe(permissionsMarkdown(h.app.accessTable));
  });

  it('lists every route and every permission', () => {
    const doc = permissionsMarkdown(h.app.accessTable);
    for (const r of h.app.accessTable) expect(doc).toContain(`| \`${r.method} ${r.url}\` | \`${r.access}\` |`);
    for (const p of PERMISSION_NAMES) expect(doc).toContain(`| \`${p}\` |`);
    expect(doc).toContain('| `controls:write` | ✓ | ✓ | ✓ |  |  |');
  });
});
