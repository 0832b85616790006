import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';

export default defineCheck({
  meta: {
    id: 'github-permissions-explicit',
    title: 'Workflows declare their token permissions',
    description: 'Without a `permissions` block the token gets the repository or organization default, which is read-write on older accounts and can change without anyone editing the workflow. Declaring the scopes at workflow level (or on every job) makes least privilege visible in review.',
    severity: 'low',
    resourceType: 'ci.github.workflow',
    controls: ['CHG-08', 'IAM-12'],
    remediation: {
      text: 'Add a top-level `permissions` block with the smallest scopes, and widen them per job where needed.',
      snippet: {
        language: 'yaml',
        code: `permissions:
  contents: read`,
      },
    },
  },
  evaluate({ attributes: { permissions, jobs } }) {
    if (jobs.length === 0) return notApplicable('no_jobs');
    if (permissions !== null) return pass();
    let out: Outcome[] | null = null;
    for (const job of jobs) {
      if (job.permissions === null) (out ??= []).push(fail('no_permissions', `job ${job.id} runs with the default token permissions (neither it nor the workflow declares any)`, job.location));
    }
    return out ?? pass();
  },
});
