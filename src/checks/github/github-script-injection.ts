import type { WorkflowStep } from '../../domain/resources/workloads.js';
import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';
import { untrustedExpressions } from './lib/expressions.js';

const NONE: string[] = [];
const GITHUB_SCRIPT = /^actions\/github-script@/i;
const where = (step: WorkflowStep, job: string): string => `step ${step.name ? `"${step.name}"` : `at line ${step.location.startLine}`} of job ${job}`;

export default defineCheck({
  meta: {
    id: 'github-script-injection',
    title: 'Steps do not paste untrusted event text into scripts',
    description: 'Expressions are substituted into a `run:` script (or an actions/github-script script) before it runs, so an issue title, a comment, a commit message or a branch name chosen by an outsider becomes code executed with the job\'s token and secrets. Pass such values through environment variables instead, where the shell treats them as data.',
    severity: 'critical',
    resourceType: 'ci.github.workflow',
    controls: ['CHG-08'],
    remediation: {
      text: 'Map the value to an environment variable of the step and use the variable, quoted, in the script.',
      snippet: {
        language: 'yaml',
        code: `- name: Label from title
  env:
    TITLE: \${{ github.event.issue.title }}
  run: ./scripts/label.sh "$TITLE"`,
      },
    },
  },
  evaluate({ attributes: { jobs } }) {
    if (jobs.length === 0) return notApplicable('no_jobs');
    let out: Outcome[] | null = null;
    for (const job of jobs) {
      for (const step of job.steps) {
        const inRun = step.run ? untrustedExpressions(step.run) : NONE;
        if (inRun.length) (out ??= []).push(fail('untrusted_input_in_run', `${where(step, job.id)} runs a script built from ${inRun.join(', ')}`, step.location));
        const script = step.uses && GITHUB_SCRIPT.test(step.uses) ? step.with.script : undefined;
        const inScript = script ? untrustedExpressions(script) : NONE;
        if (inScript.length) (out ??= []).push(fail('untrusted_input_in_script', `${where(step, job.id)} runs JavaScript built from ${inScript.join(', ')}`, step.location));
      }
    }
    return out ?? pass();
  },
});
