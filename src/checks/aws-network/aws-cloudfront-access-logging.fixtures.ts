import { defineFixtures } from '../types.js';
import { distribution } from './shared/fixtures.js';

export default defineFixtures('aws.cloudfront.distribution', {
  pass: [distribution(), distribution({ usesDefaultCertificate: true, minimumProtocolVersion: null })],
  fail: [{ attributes: distribution({ logging: false }), reason: 'logging_disabled' }],
  notApplicable: [],
  unknown: [{ attributes: distribution({ logging: { $unknown: 'var.log_bucket != null' } }), reason: 'unknown_value' }],
});
