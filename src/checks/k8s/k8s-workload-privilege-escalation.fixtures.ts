import { defineFixtures } from '../types.js';
import { empty, withContext, workload } from './lib/fixture-builders.js';

export default defineFixtures('k8s.workload', {
  pass: [workload(), withContext({ allowPrivilegeEscalation: false, runAsNonRoot: null })],
  fail: [
    { attributes: withContext({ allowPrivilegeEscalation: true }), reason: 'escalation_allowed' },
    { attributes: withContext({ allowPrivilegeEscalation: null }), reason: 'escalation_not_disabled' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_containers' }],
  unknown: [{ attributes: withContext({ allowPrivilegeEscalation: { $unknown: 'values.escalation' } }), reason: 'unknown_value' }],
});
