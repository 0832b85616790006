// The shared tester: every registered check against the fixtures beside it, plus the
// meta-tests that keep the catalog honest.
import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../src/checks/registry.js';
import { evaluate } from '../../src/checks/engine.js';
import type { CheckFixtures } from '../../src/checks/types.js';
import { catalog } from '../../src/content/load.js';
import type { Resource } from '../../src/domain/resources/index.js';

const CHECKS_DIR = join(import.meta.dirname, '../../src/checks');
const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
const familyFiles = walk(CHECKS_DIR).filter((f) => /\/(aws|aws-network|k8s|docker|github|secrets)\/[^/]+\.ts$/.test(f) && !f.endsWith('.fixtures.ts') && !f.endsWith('/index.ts'));
// A file named like a check id is a check; any other module in a family folder is a helper
// shared by its checks (aws/policy.ts), and must not look like a check.
const CHECK_FILE = /^(aws|k8s|docker|github|secret)-[^/]+\.ts$/;
const checkFiles = familyFiles.filter((f) => CHECK_FILE.test(basename(f)));
const helperFiles = familyFiles.filter((f) => !CHECK_FILE.test(basename(f)));
const fileOf = new Map(checkFiles.map((f) => [basename(f, '.ts'), f]));

const asResource = (type: string, attributes: unknown, i: number): Resource<unknown> => ({
  type, id: `fixture-${i}`, name: null, attributes, source: { kind: 'file', format: 'terraform', path: 'fixture.tf', startLine: 1, endLine: 5 },
});

describe('check catalog', () => {
  it('registers every check file, once, under the id of its file', () => {
    const ids = checks.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...fileOf.keys()].sort()).toEqual([...ids].sort());
  });
  it('keeps helper modules free of checks', async () => {
    for (const f of helperFiles) expect((await import(f)).default, relative(CHECKS_DIR, f)).toBeUndefined();
  });
  it('maps every check to controls that exist in the library', () => {
    const known = new Set(catalog().controls.map((c) => c.id));
    for (const c of checks) {
      expect(c.meta.controls.length, c.meta.id).toBeGreaterThan(0);
      for (const id of c.meta.controls) expect(known.has(id), `${c.meta.id} -> ${id}`).toBe(true);
    }
  });
});

describe.each(checks.map((c) => [c.meta.id, c] as const))('%s', (id, check) => {
  it('passes, fails and abstains on its fixtures with the expected reasons', async () => {
    const file = fileOf.get(id);
    expect(file, `no file for ${id}`).toBeDefined();
    const fixtures = (await import(file!.replace(/\.ts$/, '.fixtures.ts'))).default as CheckFixtures;
    expect(fixtures.pass.length, `${relative(CHECKS_DIR, file!)}: pass fixtures`).toBeGreaterThan(0);
    expect(fixtures.fail.length, 'fail fixtures').toBeGreaterThan(0);
    expect(fixtures.notApplicable.length + fixtures.unknown.length, 'not-applicable or unknown fixtures').toBeGreaterThan(0);
    const type = check.meta.resourceType;
    const run = (attributes: unknown) => evaluate([check], [asResource(type, attributes, 0)]);
    for (const [i, attributes] of fixtures.pass.entries()) {
      const results = run(attributes);
      expect(results.length, `pass[${i}] gave no result`).toBeGreaterThan(0);
      expect(results.map((r) => r.status), `pass[${i}]`).toEqual(results.map(() => 'pass'));
    }
    for (const [i, f] of fixtures.fail.entries()) {
      const failed = run(f.attributes).filter((r) => r.status === 'fail');
      expect(failed.map((r) => r.reason), `fail[${i}]`).toContain(f.reason);
    }
    for (const [i, f] of fixtures.notApplicable.entries()) {
      const results = run(f.attributes);
      expect(results.map((r) => `${r.status}:${r.reason}`), `notApplicable[${i}]`).toContain(`not_applicable:${f.reason}`);
      expect(results.some((r) => r.status === 'fail'), `notApplicable[${i}] must not fail`).toBe(false);
    }
    for (const [i, f] of fixtures.unknown.entries()) {
      const results = run(f.attributes);
      expect(results.map((r) => `${r.status}:${r.reason}`), `unknown[${i}]`).toContain(`unknown:${f.reason}`);
      expect(results.some((r) => r.status === 'fail'), `unknown[${i}] must not fail`).toBe(false);
    }
  });
});
