import { defineFixtures } from '../types.js';
import { distribution } from './shared/fixtures.js';

export default defineFixtures('aws.cloudfront.distribution', {
  pass: [distribution(), distribution({ webAclId: { $unknown: 'aws_wafv2_web_acl.edge.arn' } }), distribution({ webAclId: { $unknown: 'aws_waf_web_acl.legacy.id' } })],
  fail: [
    { attributes: distribution({ webAclId: null }), reason: 'no_web_acl' },
    { attributes: distribution({ webAclId: '' }), reason: 'no_web_acl' },
  ],
  notApplicable: [],
  unknown: [{ attributes: distribution({ webAclId: { $unknown: 'var.web_acl_arn' } }), reason: 'unknown_value' }],
});
