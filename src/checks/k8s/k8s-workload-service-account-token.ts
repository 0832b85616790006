import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, notApplicable, pass, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'k8s-workload-service-account-token',
    title: 'Pods say whether they need an API token',
    description: 'By default every pod gets a token for its service account mounted into its file system, usable by anyone who gets code execution in it. Pods that do not call the Kubernetes API should set `automountServiceAccountToken: false`; pods that need it say so with an explicit `true`, which passes.',
    severity: 'low',
    resourceType: 'k8s.workload',
    controls: ['IAM-12', 'VUL-06'],
    remediation: {
      text: 'Set `automountServiceAccountToken: false` in the pod spec (or on its service account), unless the pod talks to the Kubernetes API.',
      snippet: {
        language: 'yaml',
        code: `spec:
  serviceAccountName: web
  automountServiceAccountToken: false`,
      },
    },
  },
  evaluate({ attributes: { automountServiceAccountToken: v, containers } }) {
    if (containers.length === 0) return notApplicable('no_containers');
    if (isUnknown(v)) return unknownOutcome('unknown_value', `whether the token is mounted depends on ${v.$unknown}`);
    return v === null ? fail('token_automounted_by_default', 'the pod leaves automountServiceAccountToken unset, so its service account token is mounted') : pass();
  },
});
