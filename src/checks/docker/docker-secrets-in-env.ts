import { isLiteralSecretValue, isSecretName } from '../secrets/lib/names.js';
import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';
import { assignments, instructions } from './lib/dockerfile.js';

export default defineCheck({
  meta: {
    id: 'docker-secrets-in-env',
    title: 'No secrets in ENV or ARG',
    description: 'ENV values are baked into the image configuration and ARG values into its build history; anyone who can pull the image can read them. A variable named like a password, secret, token or key must not be given a literal value there. The value is never repeated in the finding.',
    severity: 'high',
    resourceType: 'container.dockerfile',
    controls: ['CRY-04'],
    remediation: {
      text: 'Pass build-time secrets with a BuildKit secret mount, and run-time secrets through the orchestrator\'s secret store; rotate the value that was committed.',
      snippet: {
        language: 'dockerfile',
        code: `# syntax=docker/dockerfile:1
RUN --mount=type=secret,id=npm_token \\
    NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci`,
      },
    },
  },
  evaluate({ attributes: d }) {
    if (d.stages.length === 0) return notApplicable('no_stages');
    let out: Outcome[] | null = null;
    for (const keyword of ['ENV', 'ARG'] as const) {
      for (const ins of instructions(d, keyword)) {
        const names = assignments(keyword, ins.value).filter((a) => a.value !== null && isSecretName(a.name) && isLiteralSecretValue(a.value)).map((a) => a.name);
        if (names.length) (out ??= []).push(fail(keyword === 'ENV' ? 'secret_in_env' : 'secret_in_arg', `${keyword} gives ${names.join(', ')} a literal value`, ins.location));
      }
    }
    return out ?? pass();
  },
});
