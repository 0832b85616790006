// The collector feeds the check catalog: every workflow collected from the fixtures is judged
// without a check error, and a few findings prove that the shapes mean what the checks read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/checks/engine.js';
import { checks } from '../../../src/checks/registry.js';
import { collectGithubWorkflow } from '../../../src/collectors/github-actions/index.js';

const files = ['ci.yml', 'string-on.yaml', 'list-on.yml'];
const results = evaluate(checks, files.flatMap((f) => collectGithubWorkflow(f, readFileSync(join(import.meta.dirname, 'fixtures', '.github', 'workflows', f), 'utf8')).resources));
const outcomes = (checkId: string, resourceId: string) =>
  results.filter((r) => r.checkId === checkId && r.resourceId === resourceId).map((r) => [r.status, r.reason, r.startLine]);

describe('collected workflows under the check catalog', () => {
  it('are judged by every applicable check without a check error', () => {
    expect(results.length).toBeGreaterThan(10);
    expect(results.filter((r) => r.status === 'error').map((r) => `${r.checkId} ${r.resourceId}: ${r.message}`)).toEqual([]);
  });

  it('point at the job or step that is wrong', () => {
    expect(outcomes('github-permissions-write-all', 'ci.yml')).toEqual([['fail', 'job_write_all', 14]]);
    expect(outcomes('github-pull-request-target-checkout', 'ci.yml')).toEqual([['fail', 'checkout_pr_head', 18]]);
    expect(outcomes('github-script-injection', 'ci.yml')).toEqual([['fail', 'untrusted_input_in_run', 24]]);
  });

  it('read triggers in every form', () => {
    expect(outcomes('github-pull-request-target-checkout', 'list-on.yml').map((o) => o[1])).toEqual(['not_privileged_trigger']);
    expect(outcomes('github-permissions-explicit', 'string-on.yaml')).toEqual([['fail', 'no_permissions', 3]]);
  });
});
