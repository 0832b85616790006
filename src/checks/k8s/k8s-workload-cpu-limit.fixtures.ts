import { defineFixtures } from '../types.js';
import { container, empty, workload } from './lib/fixture-builders.js';

export default defineFixtures('k8s.workload', {
  pass: [workload(), workload({ containers: [container({ limits: { cpu: '2', memory: null } })] })],
  fail: [
    { attributes: workload({ containers: [container({ limits: { cpu: null, memory: '256Mi' } })] }), reason: 'no_cpu_limit' },
    { attributes: workload({ containers: [container({ limits: { cpu: '0', memory: '256Mi' } })] }), reason: 'no_cpu_limit' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_containers' }],
  unknown: [{ attributes: workload({ containers: [container({ limits: { cpu: { $unknown: 'values.cpu' }, memory: '256Mi' } })] }), reason: 'unknown_value' }],
});
