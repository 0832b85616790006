import { defineFixtures } from '../types.js';
import { container, empty, workload } from './lib/fixture-builders.js';

export default defineFixtures('k8s.workload', {
  pass: [workload(), workload({ containers: [container({ limits: { cpu: null, memory: '1Gi' } })] })],
  fail: [
    { attributes: workload({ containers: [container({ limits: { cpu: '1', memory: null } })] }), reason: 'no_memory_limit' },
    { attributes: workload({ containers: [container(), container({ name: 'proxy', limits: { cpu: '1', memory: '' } })] }), reason: 'no_memory_limit' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_containers' }],
  unknown: [{ attributes: workload({ containers: [container({ limits: { cpu: '1', memory: { $unknown: 'values.memory' } } })] }), reason: 'unknown_value' }],
});
