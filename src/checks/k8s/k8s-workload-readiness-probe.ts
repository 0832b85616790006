import { defineCheck } from '../types.js';
import { judgeProbe } from './lib/probes.js';

export default defineCheck({
  meta: {
    id: 'k8s-workload-readiness-probe',
    title: 'Long-running containers have a readiness probe',
    description: 'Without a readiness probe a pod receives traffic as soon as its process starts, before it can serve, and keeps receiving it while it is overloaded or shutting down; rollouts then produce errors. Jobs and CronJobs are not judged.',
    severity: 'low',
    resourceType: 'k8s.workload',
    controls: ['LOG-07'],
    remediation: {
      text: 'Add a readiness probe that succeeds only once the container can serve requests.',
      snippet: {
        language: 'yaml',
        code: `readinessProbe:
  httpGet: { path: /ready, port: 8080 }
  periodSeconds: 5`,
      },
    },
  },
  evaluate({ attributes }) {
    return judgeProbe(attributes, 'readinessProbe', 'no_readiness_probe', 'readiness');
  },
});
