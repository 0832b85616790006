import { defineFixtures } from '../types.js';
import { empty, withContext, workload } from './lib/fixture-builders.js';

export default defineFixtures('k8s.workload', {
  pass: [workload(), withContext({ capabilitiesAdd: ['NET_BIND_SERVICE'] }), withContext({ capabilitiesAdd: ['CAP_NET_BIND_SERVICE'] })],
  fail: [
    { attributes: withContext({ capabilitiesAdd: ['SYS_ADMIN'] }), reason: 'dangerous_capability' },
    { attributes: withContext({ capabilitiesAdd: ['all'] }), reason: 'dangerous_capability' },
    { attributes: withContext({ capabilitiesAdd: ['NET_BIND_SERVICE', 'CAP_NET_ADMIN'] }), reason: 'dangerous_capability' },
    { attributes: withContext({ capabilitiesAdd: ['CHOWN'] }), reason: 'capability_added' },
    { attributes: withContext({ capabilitiesAdd: ['NET_RAW', { $unknown: 'values.caps[0]' }] }), reason: 'capability_added' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_containers' }],
  unknown: [{ attributes: withContext({ capabilitiesAdd: [{ $unknown: 'values.caps[0]' }] }), reason: 'unknown_value' }],
});
