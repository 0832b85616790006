import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';
import { judgeUses } from './lib/actions.js';

export default defineCheck({
  meta: {
    id: 'github-action-pinned-sha',
    title: 'Third-party actions are pinned to a commit',
    description: 'A tag such as `@v3` can be moved by the action\'s owner, or by whoever steals their account, to code that then runs with your workflow\'s secrets; only a full 40-character commit SHA is immutable. Actions published by GitHub (actions/*, github/*) may use release tags but not branches; local actions and Docker images pinned by digest pass.',
    severity: 'high',
    resourceType: 'ci.github.workflow',
    controls: ['CHG-08'],
    remediation: {
      text: 'Reference the full commit SHA of the release, with the tag in a comment so that a dependency bot can update both.',
      snippet: {
        language: 'yaml',
        code: `- uses: docker/login-action@74a5d142397b4f367a81961eba4e8cd7edddf772 # v3.4.0`,
      },
    },
  },
  evaluate({ attributes: { jobs } }) {
    if (jobs.length === 0) return notApplicable('no_jobs');
    let out: Outcome[] | null = null;
    for (const job of jobs) {
      if (job.uses) {
        const v = judgeUses(job.uses);
        if (v) (out ??= []).push(fail(v.reason, `job ${job.id} calls ${v.message}`, job.location));
      }
      for (const step of job.steps) {
        if (!step.uses) continue;
        const v = judgeUses(step.uses);
        if (v) (out ??= []).push(fail(v.reason, v.message, step.location));
      }
    }
    return out ?? pass();
  },
});
