import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass, unknownOutcome } from '../util.js';
import { isCheckout } from './lib/actions.js';
import { hasExpression } from './lib/expressions.js';

export default defineCheck({
  meta: {
    id: 'github-checkout-persist-credentials',
    title: 'Checkouts do not leave the token on disk',
    description: 'actions/checkout writes the workflow token into `.git/config` unless told not to, where every later step, and any artifact that uploads the working directory, can read it. Steps that push should get the token explicitly instead.',
    severity: 'low',
    resourceType: 'ci.github.workflow',
    controls: ['CHG-08'],
    remediation: {
      text: 'Set `persist-credentials: false` on checkout; give the token to the one step that pushes, if any.',
      snippet: {
        language: 'yaml',
        code: `- uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
  with:
    persist-credentials: false`,
      },
    },
  },
  evaluate({ attributes: { jobs } }) {
    let seen = 0;
    let out: Outcome[] | null = null;
    for (const job of jobs) {
      for (const step of job.steps) {
        if (!isCheckout(step.uses)) continue;
        seen++;
        const v = step.with['persist-credentials'];
        if (v !== undefined && hasExpression(v)) (out ??= []).push(unknownOutcome('unknown_value', `persist-credentials depends on ${v}`));
        else if (v?.trim().toLowerCase() !== 'false') (out ??= []).push(fail('credentials_persisted', `job ${job.id} checks out with the token kept in .git/config`, step.location));
      }
    }
    if (seen === 0) return notApplicable('no_checkout');
    return out ?? pass();
  },
});
