import { isUnknown } from '../../domain/resources/index.js';
import { isLiteralSecretValue, isSecretName } from '../secrets/lib/names.js';
import { defineCheck, type Outcome } from '../types.js';
import { fail, notApplicable, pass, unknownOutcome } from '../util.js';
import { label } from './lib/workload.js';

export default defineCheck({
  meta: {
    id: 'k8s-workload-env-secrets',
    title: 'Secrets are not written into environment variables',
    description: 'An environment variable whose name says it holds a password, secret, token or API key should take its value from a Secret, not from a literal in the manifest: literals end up in the repository, in `kubectl describe` and in every copy of the manifest. The value is never repeated in the finding.',
    severity: 'high',
    resourceType: 'k8s.workload',
    controls: ['CRY-04'],
    remediation: {
      text: 'Move the value into a Secret (ideally synced from your secrets manager) and reference it with secretKeyRef; rotate the value that was committed.',
      snippet: {
        language: 'yaml',
        code: `env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef: { name: web-db, key: password }`,
      },
    },
  },
  // One finding per variable (not per container): each literal is a secret to rotate, at its own line.
  evaluate({ attributes: { containers } }) {
    if (containers.length === 0) return notApplicable('no_containers');
    let out: Outcome[] | null = null;
    for (const c of containers) {
      for (const e of c.env) {
        if (e.fromSecret || e.value === null || !isSecretName(e.name)) continue;
        if (isUnknown(e.value)) (out ??= []).push(unknownOutcome('unknown_value', `${e.name} of ${label(c)} depends on ${e.value.$unknown}`));
        else if (isLiteralSecretValue(e.value)) (out ??= []).push(fail('secret_in_env', `${label(c)} sets ${e.name} to a literal value`, e.location ?? c.location));
      }
    }
    return out ?? pass();
  },
});
