import { defineFixtures } from '../types.js';
import { eksCluster } from './shared/fixtures.js';

export default defineFixtures('aws.eks.cluster', {
  pass: [
    eksCluster(),
    eksCluster({ enabledLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] }),
    eksCluster({ enabledLogTypes: ['authenticator', { $unknown: 'var.extra_log_type' }, 'audit', 'api'] }),
  ],
  fail: [
    { attributes: eksCluster({ enabledLogTypes: [] }), reason: 'missing_log_types' },
    { attributes: eksCluster({ enabledLogTypes: ['api', 'audit'] }), reason: 'missing_log_types' },
    { attributes: eksCluster({ enabledLogTypes: ['controllerManager', 'scheduler'] }), reason: 'missing_log_types' },
  ],
  notApplicable: [],
  unknown: [{ attributes: eksCluster({ enabledLogTypes: ['api', { $unknown: 'var.log_types[1]' }] }), reason: 'unknown_value' }],
});
