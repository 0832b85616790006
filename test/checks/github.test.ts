// Behaviour of the workflow checks beyond the fixture table: findings per step at their lines,
// the untrusted-expression matcher and the `uses:` judgement.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/checks/engine.js';
import { githubChecks } from '../../src/checks/github/index.js';
import { judgeUses } from '../../src/checks/github/lib/actions.js';
import { untrustedExpressions } from '../../src/checks/github/lib/expressions.js';
import type { Resource } from '../../src/domain/resources/index.js';
import type { GithubWorkflow } from '../../src/domain/resources/workloads.js';

const at = (startLine: number) => ({ startLine, endLine: startLine + 1 });
const wf: GithubWorkflow = {
  workflowName: 'triage', triggers: ['issues', 'issue_comment'], permissions: null,
  jobs: [
    { id: 'label', permissions: null, uses: null, location: at(5), steps: [
      { name: 'safe', uses: null, run: 'echo "$TITLE"', with: {}, location: at(8) },
      { name: 'title', uses: null, run: 'echo "${{ github.event.issue.title }}"', with: {}, location: at(10) },
      { name: null, uses: 'some/action@v1', run: null, with: {}, location: at(12) },
    ] },
    { id: 'reply', permissions: 'write-all', uses: null, location: at(20), steps: [
      { name: 'body', uses: null, run: 'echo ${{ github.event.comment.body }} ${{ github.event.issue.body }}', with: {}, location: at(22) },
    ] },
  ],
};
const resource: Resource<unknown> = { type: 'ci.github.workflow', id: '.github/workflows/triage.yml', name: 'triage', attributes: wf, source: { kind: 'file', format: 'github-actions', path: '.github/workflows/triage.yml', startLine: 1, endLine: 30 } };
const run = (id: string) => evaluate(githubChecks.filter((c) => c.meta.id === id), [resource]).map((r) => `${r.status}:${r.reason}@${r.startLine}`);

describe('workflow checks point at the step or job', () => {
  it.each([
    ['github-script-injection', ['fail:untrusted_input_in_run@10', 'fail:untrusted_input_in_run@22']],
    ['github-action-pinned-sha', ['fail:not_pinned_to_sha@12']],
    ['github-permissions-write-all', ['fail:job_write_all@20']],
    ['github-permissions-explicit', ['fail:no_permissions@5']],
    ['github-pull-request-target-checkout', ['not_applicable:not_privileged_trigger@1']],
    ['github-checkout-persist-credentials', ['not_applicable:no_checkout@1']],
  ])('%s', (id, expected) => expect(run(id)).toEqual(expected));

  it('names every offending expression of a step', () => {
    const [, second] = evaluate(githubChecks.filter((c) => c.meta.id === 'github-script-injection'), [resource]);
    expect(second?.message).toContain('github.event.comment.body, github.event.issue.body');
  });
});

describe('untrustedExpressions', () => {
  it.each([
    'github.event.issue.title', 'github.event.issue.body', 'github.event.pull_request.title', 'github.event.pull_request.body',
    'github.event.comment.body', 'github.event.review.body', 'github.event.review_comment.body', 'github.event.pages[1].page_name',
    'github.event.commits[0].message', 'github.event.commits.*.author.name', 'github.event.head_commit.message', 'github.event.head_commit.author.email',
    'github.head_ref', 'github.event.pull_request.head.ref', 'github.event.pull_request.head.label', 'github.event.workflow_run.head_branch',
    "github.event['issue']['title']", 'toJSON(github.event.issue.title)', 'github.event.issue.title || \'untitled\'',
  ])('%s is untrusted', (expr) => expect(untrustedExpressions(`echo \${{ ${expr} }}`)).toEqual([expr]));

  it.each([
    'github.event.issue.number', 'github.event.pull_request.head.sha', 'github.sha', 'github.ref_name', 'github.actor', 'secrets.TOKEN',
    'github.event.issue.title_length', 'env.TITLE', 'steps.meta.outputs.version',
  ])('%s is not', (expr) => expect(untrustedExpressions(`echo \${{ ${expr} }}`)).toEqual([]));

  it('ignores untrusted fields outside expressions', () => {
    expect(untrustedExpressions('echo github.event.issue.title')).toEqual([]);
  });
});

describe('judgeUses', () => {
  it.each([
    ['actions/checkout@v4', null],
    ['actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', null],
    ['github/codeql-action/analyze@v3.27.0', null],
    ['actions/checkout@master', 'mutable_branch'],
    ['octo/act@v1', 'not_pinned_to_sha'],
    ['octo/act@11bd719', 'not_pinned_to_sha'],
    ['octo/act/sub/dir@11BD71901BBE5B1630CEEA73D27597364C9AF683', null],
    ['./local', null],
    ['docker://ghcr.io/octo/img:1', 'docker_not_pinned'],
    ['octo/act', 'no_ref'],
    ['actions', 'no_ref'],
  ])('%s', (uses, reason) => expect(judgeUses(uses)?.reason ?? null).toBe(reason));
});
