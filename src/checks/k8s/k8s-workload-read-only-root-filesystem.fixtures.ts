import { defineFixtures } from '../types.js';
import { empty, withContext, workload } from './lib/fixture-builders.js';

export default defineFixtures('k8s.workload', {
  pass: [workload()],
  fail: [
    { attributes: withContext({ readOnlyRootFilesystem: false }), reason: 'writable_root_filesystem' },
    { attributes: withContext({ readOnlyRootFilesystem: null }), reason: 'writable_root_filesystem' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_containers' }],
  unknown: [{ attributes: withContext({ readOnlyRootFilesystem: { $unknown: 'values.readOnly' } }), reason: 'unknown_value' }],
});
