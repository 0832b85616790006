import { defineFixtures } from '../types.js';

export default defineFixtures('aws.guardduty.detector', {
  pass: [{ enabled: true }],
  fail: [{ attributes: { enabled: false }, reason: 'detector_disabled' }],
  notApplicable: [],
  unknown: [{ attributes: { enabled: { $unknown: 'var.guardduty_enabled' } }, reason: 'unknown_value' }],
});
