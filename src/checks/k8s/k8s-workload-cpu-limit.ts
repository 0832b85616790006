import { defineCheck } from '../types.js';
import { judgeLimit } from './lib/limits.js';
import { eachContainer } from './lib/workload.js';

export default defineCheck({
  meta: {
    id: 'k8s-workload-cpu-limit',
    title: 'Containers set a CPU limit',
    description: 'Without a CPU limit, one busy or compromised container can take the processor time of its neighbours on the node. A limit keeps the capacity that was planned for each service available to it.',
    severity: 'low',
    resourceType: 'k8s.workload',
    controls: ['VUL-06', 'BCP-06'],
    remediation: {
      text: 'Give every container CPU requests and limits sized from its observed use.',
      snippet: {
        language: 'yaml',
        code: `containers:
  - name: web
    resources:
      requests: { cpu: 100m, memory: 128Mi }
      limits: { cpu: 500m, memory: 256Mi }`,
      },
    },
  },
  evaluate({ attributes }) {
    return eachContainer(attributes, (c) => judgeLimit(c, 'cpu'));
  },
});
