import { defineFixtures } from '../types.js';
import { empty, withContext, workload } from './lib/fixture-builders.js';

export default defineFixtures('k8s.workload', {
  pass: [workload(), withContext({ capabilitiesDrop: ['NET_RAW', 'all'] })],
  fail: [
    { attributes: withContext({ capabilitiesDrop: [] }), reason: 'default_capabilities_kept' },
    { attributes: withContext({ capabilitiesDrop: ['NET_RAW'] }), reason: 'default_capabilities_kept' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_containers' }],
  unknown: [{ attributes: withContext({ capabilitiesDrop: [{ $unknown: 'values.drop' }] }), reason: 'unknown_value' }],
});
