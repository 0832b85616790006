// The collector feeds the check catalog: every Dockerfile collected from the fixtures is judged
// without a check error, and a few findings prove that the shapes mean what the checks read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/checks/engine.js';
import { checks } from '../../../src/checks/registry.js';
import { collectDockerfile } from '../../../src/collectors/dockerfile/index.js';

const files = ['Dockerfile', 'inherit.Dockerfile', 'Dockerfile.windows', 'Containerfile', 'args.Dockerfile', 'broken.Dockerfile'];
const results = evaluate(checks, files.flatMap((f) => collectDockerfile(f, readFileSync(join(import.meta.dirname, 'fixtures', f), 'utf8')).resources));
const outcomes = (checkId: string, resourceId: string) =>
  results.filter((r) => r.checkId === checkId && r.resourceId === resourceId).map((r) => [r.status, r.reason, r.startLine]);

describe('collected Dockerfiles under the check catalog', () => {
  it('are judged by every applicable check without a check error', () => {
    expect(results.length).toBeGreaterThan(20);
    expect(results.filter((r) => r.status === 'error').map((r) => `${r.checkId} ${r.resourceId}: ${r.message}`)).toEqual([]);
  });

  it('judge the final stage, with what it inherits from the stage it builds on', () => {
    expect(outcomes('docker-non-root-user', 'Dockerfile').map((o) => o[0])).toEqual(['pass']);
    expect(outcomes('docker-non-root-user', 'inherit.Dockerfile').map((o) => o[0])).toEqual(['pass']);
    expect(outcomes('docker-healthcheck', 'inherit.Dockerfile')).toEqual([['fail', 'healthcheck_disabled', 6]]);
    expect(outcomes('docker-non-root-user', 'Containerfile')).toEqual([['fail', 'no_user', 1]]);
  });

  it('judge base images as resolved from ARG defaults, unknown where the build decides', () => {
    expect(outcomes('docker-base-image-tag', 'Dockerfile').map((o) => o[0])).toEqual(['pass']);
    expect(outcomes('docker-base-image-tag', 'args.Dockerfile').map((o) => o[0]).sort()).toEqual(['unknown', 'unknown']);
    expect(outcomes('docker-add-remote-url', 'Dockerfile.windows')).toEqual([['fail', 'remote_add', 9]]);
  });
});
