import { defineFixtures } from '../types.js';
import { empty, workload } from './lib/fixture-builders.js';

export default defineFixtures('k8s.workload', {
  pass: [workload(), workload({ automountServiceAccountToken: true, serviceAccountName: 'operator' })],
  fail: [{ attributes: workload({ automountServiceAccountToken: null }), reason: 'token_automounted_by_default' }],
  notApplicable: [{ attributes: empty(), reason: 'no_containers' }],
  unknown: [{ attributes: workload({ automountServiceAccountToken: { $unknown: 'values.automount' } }), reason: 'unknown_value' }],
});
