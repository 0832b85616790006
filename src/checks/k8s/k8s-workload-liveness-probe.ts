import { defineCheck } from '../types.js';
import { judgeProbe } from './lib/probes.js';

export default defineCheck({
  meta: {
    id: 'k8s-workload-liveness-probe',
    title: 'Long-running containers have a liveness probe',
    description: 'A liveness probe lets the kubelet notice a container that is still running but no longer working (deadlocked, stuck on a dependency) and restart it. Jobs and CronJobs are not judged: they run to completion.',
    severity: 'low',
    resourceType: 'k8s.workload',
    controls: ['LOG-07'],
    remediation: {
      text: 'Add a cheap liveness probe that fails only when a restart would help; keep dependency checks out of it.',
      snippet: {
        language: 'yaml',
        code: `livenessProbe:
  httpGet: { path: /healthz, port: 8080 }
  periodSeconds: 10
  failureThreshold: 3`,
      },
    },
  },
  evaluate({ attributes }) {
    return judgeProbe(attributes, 'livenessProbe', 'no_liveness_probe', 'liveness');
  },
});
