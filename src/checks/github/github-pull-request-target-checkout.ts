import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';
import { isCheckout } from './lib/actions.js';

/** Refs or repositories that point at the pull request's own code rather than the base branch. */
const PR_HEAD = /github\.event\.pull_request\.(head\.(sha|ref|repo\.full_name)|merge_commit_sha|number)|github\.head_ref|github\.event\.number|refs\/pull\//;
const RUN_HEAD = /workflow_run\.(head_sha|head_branch|head_repository|pull_requests)/;
/** Scripts that fetch the pull request's code themselves. */
const PR_FETCH_IN_SCRIPT = /\bgh\s+pr\s+checkout\b|\bgit\s+(fetch|pull)\b[^\n]*\b(pull\/|refs\/pull\/)|\bgit\s+(checkout|switch|reset)\b[^\n]*github\.(event\.pull_request\.head\.(sha|ref)|head_ref)/;

export default defineCheck({
  meta: {
    id: 'github-pull-request-target-checkout',
    title: 'Privileged pull request workflows do not run the pull request\'s code',
    description: '`pull_request_target` (and `workflow_run`) workflows run with a write token and the repository\'s secrets, even for pull requests from forks. Checking out the pull request\'s head in them and then building or testing it hands those secrets to anyone who opens a pull request.',
    severity: 'critical',
    resourceType: 'ci.github.workflow',
    controls: ['CHG-08'],
    remediation: {
      text: 'Build untrusted code in a `pull_request` workflow (no secrets, read-only token); keep `pull_request_target` for labelling or commenting on the base branch\'s code, and pass results between the two as artifacts.',
      snippet: {
        language: 'yaml',
        code: `on: pull_request
permissions:
  contents: read
jobs:
  test:
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - run: npm ci && npm test`,
      },
    },
  },
  evaluate({ attributes: { triggers, jobs } }) {
    const prTarget = triggers.includes('pull_request_target');
    const workflowRun = triggers.includes('workflow_run');
    if (!prTarget && !workflowRun) return notApplicable('not_privileged_trigger');
    if (jobs.length === 0) return notApplicable('no_jobs');
    let out: Outcome[] | null = null;
    for (const job of jobs) {
      for (const step of job.steps) {
        if (isCheckout(step.uses)) {
          const target = `${step.with.ref ?? ''} ${step.with.repository ?? ''}`;
          if (prTarget && PR_HEAD.test(target)) (out ??= []).push(fail('checkout_pr_head', `job ${job.id} checks out the pull request's code in a pull_request_target workflow`, step.location));
          else if (workflowRun && RUN_HEAD.test(target)) (out ??= []).push(fail('checkout_workflow_run_head', `job ${job.id} checks out the triggering run's code in a workflow_run workflow`, step.location));
        } else if (prTarget && step.run && PR_FETCH_IN_SCRIPT.test(step.run)) {
          (out ??= []).push(fail('pr_head_fetched_in_run', `job ${job.id} fetches the pull request's code in a pull_request_target workflow`, step.location));
        }
      }
    }
    return out ?? pass();
  },
});
