import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, unknownOutcome } from '../util.js';
import { eachContainer, label } from './lib/workload.js';

export default defineCheck({
  meta: {
    id: 'k8s-workload-privileged',
    title: 'Containers do not run privileged',
    description: 'A privileged container sees every device of the node and can undo the isolation around it, so a compromise of the container is a compromise of the node and of every pod on it. Settings left out default to unprivileged.',
    severity: 'critical',
    resourceType: 'k8s.workload',
    controls: ['VUL-06', 'VUL-07'],
    remediation: {
      text: 'Remove `privileged: true`; grant the one capability the container needs instead, if any.',
      snippet: {
        language: 'yaml',
        code: `containers:
  - name: agent
    securityContext:
      privileged: false
      capabilities:
        drop: ["ALL"]`,
      },
    },
  },
  evaluate({ attributes }) {
    return eachContainer(attributes, (c) => {
      const v = c.securityContext.privileged;
      if (isUnknown(v)) return unknownOutcome('unknown_value', `whether ${label(c)} is privileged depends on ${v.$unknown}`);
      return v === true ? fail('privileged', `${label(c)} runs privileged`, c.location) : null;
    });
  },
});
