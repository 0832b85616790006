import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectGithubWorkflow, isGithubWorkflowPath, permissions, triggers } from '../../../src/collectors/github-actions/index.js';
import type { GithubWorkflow } from '../../../src/domain/resources/workloads.js';

const path = (name: string) => `.github/workflows/${name}`;
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', '.github', 'workflows', name), 'utf8');
const collect = (name: string) => collectGithubWorkflow(path(name), fixture(name));
const workflow = (name: string) => {
  const { resources, problems } = collect(name);
  expect(problems).toEqual([]);
  expect(resources).toHaveLength(1);
  return resources[0]?.attributes as unknown as GithubWorkflow;
};

describe('GitHub Actions collector', () => {
  it('makes one resource per workflow file, id = path, covering the document', () => {
    const { resources } = collect('ci.yml');
    expect(resources.map((r) => [r.type, r.id, r.name, r.source])).toEqual([
      ['ci.github.workflow', '.github/workflows/ci.yml', 'CI', { kind: 'file', format: 'github-actions', path: '.github/workflows/ci.yml', startLine: 1, endLine: 43 }],
    ]);
  });

  it('reads `on` in its three forms: map, string, list', () => {
    expect(workflow('ci.yml').triggers).toEqual(['push', 'pull_request_target', 'workflow_dispatch']);
    expect(workflow('string-on.yaml').triggers).toEqual(['push']);
    expect(workflow('list-on.yml').triggers).toEqual(['schedule', 'workflow_dispatch']);
  });

  it('reads workflow and job permissions as a string or a map; {} is no permission, absent is null', () => {
    const ci = workflow('ci.yml');
    expect(ci.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(ci.jobs.map((j) => [j.id, j.permissions])).toEqual([['build', 'write-all'], ['release', null], ['lint', {}]]);
    expect(workflow('list-on.yml').permissions).toBe('read-all');
    expect(workflow('string-on.yaml').permissions).toBeNull();
  });

  it('reads jobs and steps with their lines; `with` values as strings; reusable workflow calls', () => {
    const ci = workflow('ci.yml');
    expect(ci.jobs.map((j) => [j.id, j.uses, j.location])).toEqual([
      ['build', null, { startLine: 14, endLine: 34 }],
      ['release', './.github/workflows/release.yml', { startLine: 35, endLine: 38 }],
      ['lint', null, { startLine: 39, endLine: 43 }],
    ]);
    const [checkout, test, upload] = ci.jobs[0]?.steps ?? [];
    expect(checkout).toEqual({
      name: null,
      uses: 'actions/checkout@v4',
      run: null,
      with: { ref: '${{ github.event.pull_request.head.sha }}', 'fetch-depth': '0', 'persist-credentials': 'false' },
      location: { startLine: 18, endLine: 22 },
    });
    expect(test).toEqual({
      name: 'Test',
      uses: null,
      run: 'echo "Title: ${{ github.event.pull_request.title }}"\nnpm ci\nnpm test\n',
      with: {},
      // Ends at its last value: the comment after it belongs to no step.
      location: { startLine: 24, endLine: 30 },
    });
    // The comment after `uses:` is not part of the value.
    expect(upload).toMatchObject({ name: 'Upload', uses: 'actions/upload-artifact@5d5d22a31266ced268874388b861e4b58bb5c2f3', location: { startLine: 33, endLine: 34 } });
    expect(ci.jobs[1]?.steps).toEqual([]);
    expect(ci.jobs[2]?.steps.map((s) => [s.run, s.location])).toEqual([['npx eslint .', { startLine: 43, endLine: 43 }]]);
  });

  it('reads flow-style jobs and steps', () => {
    const w = workflow('list-on.yml');
    expect(w.workflowName).toBe('Nightly');
    expect(w.jobs.map((j) => [j.id, j.steps.map((s) => s.run), j.location])).toEqual([['smoke', ['make smoke'], { startLine: 4, endLine: 4 }]]);
  });

  it('gives a step reused through a YAML anchor the lines where it is written', () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    steps:',
      '      - &checkout',
      '        uses: actions/checkout@v4',
      '  b:',
      '    steps:',
      '      - *checkout',
      '      - run: make',
    ].join('\n');
    const w = collectGithubWorkflow('w.yml', text).resources[0]?.attributes as unknown as GithubWorkflow;
    expect(w.jobs.map((j) => j.steps.map((s) => [s.uses ?? s.run, s.location.startLine, s.location.endLine]))).toEqual([
      [['actions/checkout@v4', 6, 6]],
      [['actions/checkout@v4', 6, 6], ['make', 10, 10]],
    ]);
  });

  it('reports a YAML syntax error with its line, never a crash', () => {
    expect(collect('broken.yml')).toEqual({ resources: [], problems: [{ path: '.github/workflows/broken.yml', line: 7, message: expect.stringMatching(/^YAML syntax error/) }], notices: [] });
  });

  it('reports a YAML file without jobs as not a workflow', () => {
    expect(collect('not-a-workflow.yml')).toEqual({ resources: [], problems: [{ path: '.github/workflows/not-a-workflow.yml', line: 2, message: expect.stringContaining('not a workflow') }], notices: [] });
  });

  it('survives odd shapes: empty, scalar jobs, non-map steps, several documents', () => {
    expect(collectGithubWorkflow('w.yml', '')).toEqual({ resources: [], problems: [], notices: [] });
    const odd = collectGithubWorkflow('w.yml', 'on: 3\njobs:\n  a: 1\n  b:\n    steps: [1, {run: x}, null]\n    permissions: 7\n---\nother: doc\n');
    expect(odd.problems.map((p) => p.line)).toEqual([3]);
    expect(odd.notices).toEqual([{ path: 'w.yml', line: 8, message: expect.stringMatching(/^ignored: /) }]);
    const w = odd.resources[0]?.attributes as unknown as GithubWorkflow;
    expect(w.triggers).toEqual([]);
    expect(w.jobs.map((j) => [j.id, j.permissions, j.steps.map((s) => s.run)])).toEqual([['b', '7', ['x']]]);
  });
});

describe('GitHub Actions helpers', () => {
  it('reads triggers and permissions', () => {
    expect(triggers({ push: null, 'pull_request': { branches: ['main'] } })).toEqual(['push', 'pull_request']);
    expect(triggers(['push', 3])).toEqual(['push']);
    expect(triggers(undefined)).toEqual([]);
    expect(permissions({ contents: 'read', 'id-token': 'write' })).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(permissions('write-all')).toBe('write-all');
    expect(permissions(undefined)).toBeNull();
  });
  it('recognizes workflow paths', () => {
    for (const p of ['.github/workflows/ci.yml', 'repo/.github/workflows/release.yaml']) expect(isGithubWorkflowPath(p), p).toBe(true);
    for (const p of ['.github/dependabot.yml', '.github/workflows/sub/ci.yml', 'workflows/ci.yml', '.github/workflows/readme.md']) expect(isGithubWorkflowPath(p), p).toBe(false);
  });
});
