import { defineFixtures } from '../types.js';
import { empty, withContext, workload } from './lib/fixture-builders.js';

export default defineFixtures('k8s.workload', {
  pass: [workload(), withContext({ runAsNonRoot: null, runAsUser: 1000 }), withContext({ runAsNonRoot: true, runAsUser: null })],
  fail: [
    { attributes: withContext({ runAsNonRoot: null, runAsUser: null }), reason: 'root_not_prevented' },
    { attributes: withContext({ runAsNonRoot: false, runAsUser: null }), reason: 'root_not_prevented' },
    { attributes: withContext({ runAsNonRoot: null, runAsUser: 0 }), reason: 'runs_as_uid_0' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_containers' }],
  unknown: [
    { attributes: withContext({ runAsNonRoot: null, runAsUser: { $unknown: 'values.uid' } }), reason: 'unknown_value' },
    { attributes: withContext({ runAsNonRoot: { $unknown: 'values.nonRoot' }, runAsUser: null }), reason: 'unknown_value' },
  ],
});
