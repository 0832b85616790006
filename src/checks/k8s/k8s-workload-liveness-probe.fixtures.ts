import { defineFixtures } from '../types.js';
import { container, empty, workload } from './lib/fixture-builders.js';

export default defineFixtures('k8s.workload', {
  pass: [
    workload(),
    workload({ kind: 'StatefulSet', containers: [container({ name: 'migrate', init: true, livenessProbe: false, readinessProbe: false }), container()] }),
  ],
  fail: [
    { attributes: workload({ containers: [container({ livenessProbe: false })] }), reason: 'no_liveness_probe' },
    { attributes: workload({ kind: 'Pod', containers: [container(), container({ name: 'sidecar', livenessProbe: false })] }), reason: 'no_liveness_probe' },
  ],
  notApplicable: [
    { attributes: workload({ kind: 'Job', containers: [container({ livenessProbe: false })] }), reason: 'not_long_running' },
    { attributes: workload({ kind: 'CronJob', containers: [container({ livenessProbe: false })] }), reason: 'not_long_running' },
    { attributes: workload({ containers: [container({ init: true, livenessProbe: false })] }), reason: 'no_containers' },
    { attributes: empty(), reason: 'no_containers' },
  ],
  unknown: [],
});
