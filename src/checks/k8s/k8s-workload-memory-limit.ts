import { defineCheck } from '../types.js';
import { judgeLimit } from './lib/limits.js';
import { eachContainer } from './lib/workload.js';

export default defineCheck({
  meta: {
    id: 'k8s-workload-memory-limit',
    title: 'Containers set a memory limit',
    description: 'A container without a memory limit can exhaust the memory of its node, and the kernel then kills processes of other pods too. With a limit, only the offending container is restarted.',
    severity: 'medium',
    resourceType: 'k8s.workload',
    controls: ['VUL-06', 'BCP-06'],
    remediation: {
      text: 'Give every container a memory limit, usually equal to its memory request.',
      snippet: {
        language: 'yaml',
        code: `containers:
  - name: web
    resources:
      requests: { memory: 256Mi }
      limits: { memory: 256Mi }`,
      },
    },
  },
  evaluate({ attributes }) {
    return eachContainer(attributes, (c) => judgeLimit(c, 'memory'));
  },
});
