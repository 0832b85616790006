import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, unknownOutcome } from '../util.js';
import { eachContainer, label } from './lib/workload.js';

export default defineCheck({
  meta: {
    id: 'k8s-workload-run-as-non-root',
    title: 'Containers cannot run as root',
    description: 'A container should be barred from running as user 0, either with `runAsNonRoot: true` (the kubelet refuses to start it as root) or with a non-zero `runAsUser`. Otherwise the user comes from the image, and most images default to root.',
    severity: 'medium',
    resourceType: 'k8s.workload',
    controls: ['VUL-06', 'VUL-07'],
    remediation: {
      text: 'Set `runAsNonRoot: true` and a non-zero `runAsUser`, in the pod or in each container security context.',
      snippet: {
        language: 'yaml',
        code: `spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001`,
      },
    },
  },
  evaluate({ attributes }) {
    return eachContainer(attributes, (c) => {
      const { runAsNonRoot, runAsUser } = c.securityContext;
      if (runAsUser === 0) return fail('runs_as_uid_0', `${label(c)} sets runAsUser: 0`, c.location);
      if (runAsNonRoot === true || (typeof runAsUser === 'number' && runAsUser > 0)) return null;
      if (isUnknown(runAsNonRoot) || isUnknown(runAsUser)) {
        const expr = isUnknown(runAsNonRoot) ? runAsNonRoot.$unknown : (runAsUser as { $unknown: string }).$unknown;
        return unknownOutcome('unknown_value', `whether ${label(c)} runs as root depends on ${expr}`);
      }
      return fail('root_not_prevented', `${label(c)} neither sets runAsNonRoot: true nor a non-zero runAsUser, so it runs as the image's user, often root`, c.location);
    });
  },
});
