import { defineFixtures } from '../types.js';
import { container, empty, securityContext, withContext, workload } from './lib/fixture-builders.js';

export default defineFixtures('k8s.workload', {
  pass: [workload(), withContext({ privileged: null }), workload({ containers: [container({ init: true, name: 'migrate' }), container()] })],
  fail: [
    { attributes: withContext({ privileged: true }), reason: 'privileged' },
    { attributes: workload({ containers: [container(), container({ name: 'sidecar', securityContext: securityContext({ privileged: true }) })] }), reason: 'privileged' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_containers' }],
  unknown: [{ attributes: withContext({ privileged: { $unknown: 'values.privileged' } }), reason: 'unknown_value' }],
});
