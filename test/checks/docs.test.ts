// docs/checks/ must match the checks' metadata: run `npm run docs:checks` after changing a check.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../src/checks/registry.js';
import { catalog } from '../../src/content/load.js';
import { checkIndex, checkPage } from '../../src/reports/check-docs.js';

const dir = join(import.meta.dirname, '../../docs/checks');

describe('docs/checks', () => {
  it('has exactly one page per check, plus the index', () => {
    expect(existsSync(dir), 'run npm run docs:checks').toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['README.md', ...checks.map((c) => `${c.meta.id}.md`)].sort());
  });
  it('pages match the metadata (run `npm run docs:checks` to regenerate)', () => {
    for (const c of checks) expect(readFileSync(join(dir, `${c.meta.id}.md`), 'utf8'), c.meta.id).toBe(checkPage(c, catalog()));
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe(checkIndex(checks));
  });
});
