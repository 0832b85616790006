// Builders for the workflow fixtures: a least-privilege CI workflow that passes every check.
import type { GithubWorkflow, WorkflowJob, WorkflowStep } from '../../../domain/resources/workloads.js';

let line = 10;
export const step = (over: Partial<WorkflowStep> = {}): WorkflowStep => {
  line += 3;
  return { name: null, uses: null, run: null, with: {}, location: { startLine: line, endLine: line + 2 }, ...over };
};

export const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683';

export const job = (over: Partial<WorkflowJob> = {}): WorkflowJob => ({
  id: 'test',
  permissions: { contents: 'read' },
  steps: [
    step({ name: 'Check out', uses: CHECKOUT, with: { 'persist-credentials': 'false' } }),
    step({ uses: 'actions/setup-node@v4', with: { 'node-version': '20' } }),
    step({ uses: 'pnpm/action-setup@fe02b34f77f8bc703788d5817da081398fad5dd2' }),
    step({ run: 'npm ci && npm test' }),
    step({ name: 'Greet', run: 'echo "PR #${{ github.event.pull_request.number }} by ${{ github.actor }}"' }),
  ],
  uses: null,
  location: { startLine: 8, endLine: 30 },
  ...over,
});

export const workflow = (over: Partial<GithubWorkflow> = {}): GithubWorkflow => ({
  workflowName: 'CI', triggers: ['push', 'pull_request'], permissions: { contents: 'read' }, jobs: [job()], ...over,
});

/** A workflow with one job made of these steps. */
export const withSteps = (steps: WorkflowStep[], over: Partial<GithubWorkflow> = {}): GithubWorkflow => workflow({ jobs: [job({ steps })], ...over });

export const noJobs = (): GithubWorkflow => workflow({ jobs: [] });
