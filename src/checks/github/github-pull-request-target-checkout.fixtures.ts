import { defineFixtures } from '../types.js';
import { CHECKOUT, noJobs, step, withSteps, workflow } from './lib/fixture-builders.js';

const prt = { triggers: ['pull_request_target'] };
const checkout = (w: Record<string, string>) => step({ uses: CHECKOUT, with: w });

export default defineFixtures('ci.github.workflow', {
  pass: [
    workflow({ triggers: ['pull_request_target'] }),
    withSteps([checkout({}), step({ run: 'gh pr edit "$PR" --add-label triage' })], prt),
    withSteps([checkout({ ref: 'main' })], { triggers: ['workflow_run'] }),
  ],
  fail: [
    { attributes: withSteps([checkout({ ref: '${{ github.event.pull_request.head.sha }}' }), step({ run: 'npm ci' })], prt), reason: 'checkout_pr_head' },
    { attributes: withSteps([checkout({ ref: '${{ github.head_ref }}' })], prt), reason: 'checkout_pr_head' },
    { attributes: withSteps([checkout({ ref: 'refs/pull/${{ github.event.number }}/merge' })], prt), reason: 'checkout_pr_head' },
    { attributes: withSteps([checkout({ repository: '${{ github.event.pull_request.head.repo.full_name }}' })], prt), reason: 'checkout_pr_head' },
    { attributes: withSteps([step({ run: 'gh pr checkout ${{ github.event.pull_request.number }}' })], prt), reason: 'pr_head_fetched_in_run' },
    { attributes: withSteps([step({ run: 'git fetch origin pull/42/head:pr && git checkout pr' })], prt), reason: 'pr_head_fetched_in_run' },
    { attributes: withSteps([checkout({ ref: '${{ github.event.workflow_run.head_sha }}' })], { triggers: ['workflow_run'] }), reason: 'checkout_workflow_run_head' },
  ],
  notApplicable: [
    { attributes: withSteps([checkout({ ref: '${{ github.event.pull_request.head.sha }}' })], { triggers: ['pull_request'] }), reason: 'not_privileged_trigger' },
    { attributes: { ...noJobs(), ...prt }, reason: 'no_jobs' },
  ],
  unknown: [],
});
