import { defineFixtures } from '../types.js';
import { container, empty, workload } from './lib/fixture-builders.js';

export default defineFixtures('k8s.workload', {
  pass: [
    workload(),
    workload({ kind: 'StatefulSet', containers: [container({ name: 'migrate', init: true, livenessProbe: false, readinessProbe: false }), container()] }),
  ],
  fail: [
    { attributes: workload({ containers: [container({ readinessProbe: false })] }), reason: 'no_readiness_probe' },
    { attributes: workload({ kind: 'Pod', containers: [container(), container({ name: 'sidecar', readinessProbe: false })] }), reason: 'no_readiness_probe' },
  ],
  notApplicable: [
    { attributes: workload({ kind: 'Job', containers: [container({ readinessProbe: false })] }), reason: 'not_long_running' },
    { attributes: workload({ kind: 'CronJob', containers: [container({ readinessProbe: false })] }), reason: 'not_long_running' },
    { attributes: workload({ containers: [container({ init: true, readinessProbe: false })] }), reason: 'no_containers' },
    { attributes: empty(), reason: 'no_containers' },
  ],
  unknown: [],
});
