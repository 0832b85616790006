import { defineFixtures } from '../types.js';
import { distribution } from './shared/fixtures.js';

export default defineFixtures('aws.cloudfront.distribution', {
  pass: [distribution(), distribution({ viewerProtocolPolicies: ['https-only'] }), distribution({ viewerProtocolPolicies: ['redirect-to-https'] })],
  fail: [
    { attributes: distribution({ viewerProtocolPolicies: ['allow-all'] }), reason: 'http_allowed' },
    { attributes: distribution({ viewerProtocolPolicies: ['redirect-to-https', 'allow-all', { $unknown: 'var.policy' }] }), reason: 'http_allowed' },
  ],
  notApplicable: [{ attributes: distribution({ viewerProtocolPolicies: [] }), reason: 'no_cache_behaviours' }],
  unknown: [
    { attributes: distribution({ viewerProtocolPolicies: ['https-only', { $unknown: 'var.viewer_protocol_policy' }] }), reason: 'unknown_value' },
    { attributes: distribution({ viewerProtocolPolicies: ['https-preferred'] }), reason: 'unknown_value' },
  ],
});
