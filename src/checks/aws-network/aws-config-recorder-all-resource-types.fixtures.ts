import { defineFixtures } from '../types.js';

export default defineFixtures('aws.config.recorder', {
  pass: [{ recording: true, allSupported: true, includeGlobalResourceTypes: true }, { recording: false, allSupported: true, includeGlobalResourceTypes: true }],
  fail: [
    { attributes: { recording: true, allSupported: false, includeGlobalResourceTypes: false }, reason: 'not_all_supported' },
    { attributes: { recording: true, allSupported: false, includeGlobalResourceTypes: { $unknown: 'var.global' } }, reason: 'not_all_supported' },
    { attributes: { recording: true, allSupported: true, includeGlobalResourceTypes: false }, reason: 'global_types_excluded' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: { recording: true, allSupported: { $unknown: 'var.record_all' }, includeGlobalResourceTypes: true }, reason: 'unknown_value' },
    { attributes: { recording: true, allSupported: true, includeGlobalResourceTypes: { $unknown: 'var.global' } }, reason: 'unknown_value' },
  ],
});
