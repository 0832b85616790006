import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';

export default defineCheck({
  meta: {
    id: 'github-permissions-write-all',
    title: 'Workflows do not grant write-all to their token',
    description: '`permissions: write-all` lets every step, and every action it runs, push code, publish packages, change releases and edit issues with the workflow token. Grant the write scopes a job needs, on that job only.',
    severity: 'high',
    resourceType: 'ci.github.workflow',
    controls: ['CHG-08', 'IAM-12'],
    remediation: {
      text: 'Default the workflow to read-only and grant specific write scopes on the job that needs them.',
      snippet: {
        language: 'yaml',
        code: `permissions:
  contents: read
jobs:
  release:
    permissions:
      contents: write`,
      },
    },
  },
  evaluate({ attributes: { permissions, jobs } }) {
    if (jobs.length === 0) return notApplicable('no_jobs');
    let out: Outcome[] | null = null;
    if (permissions === 'write-all') (out ??= []).push(fail('workflow_write_all', 'the workflow grants write-all to every job'));
    for (const job of jobs) {
      if (job.permissions === 'write-all') (out ??= []).push(fail('job_write_all', `job ${job.id} grants write-all`, job.location));
    }
    return out ?? pass();
  },
});
