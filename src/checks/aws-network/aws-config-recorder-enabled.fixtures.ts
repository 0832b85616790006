import { defineFixtures } from '../types.js';

export default defineFixtures('aws.config.recorder', {
  pass: [{ recording: true, allSupported: true, includeGlobalResourceTypes: true }, { recording: true, allSupported: false, includeGlobalResourceTypes: false }],
  fail: [{ attributes: { recording: false, allSupported: true, includeGlobalResourceTypes: true }, reason: 'not_recording' }],
  notApplicable: [],
  unknown: [{ attributes: { recording: { $unknown: 'var.config_enabled' }, allSupported: true, includeGlobalResourceTypes: true }, reason: 'unknown_value' }],
});
