import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

// A reference to a web ACL resource in the same Terraform code: its ARN is computed at apply
// time, but it is certainly there.
const WEB_ACL_REFERENCE = /\baws_waf(v2)?_web_acl\./;

export default defineCheck({
  meta: {
    id: 'aws-cloudfront-waf',
    title: 'CloudFront distributions sit behind a WAF web ACL',
    description: 'A distribution should have an AWS WAF web ACL attached, with managed rule groups for common attacks and rate limits per client. An id that is not known statically passes when it refers to a web ACL declared in the same code (aws_wafv2_web_acl.edge.arn) and is unknown otherwise (a variable may be empty). Low severity: a static site without forms or APIs may reasonably go without.',
    severity: 'low',
    resourceType: 'aws.cloudfront.distribution',
    controls: ['NET-04'],
    remediation: {
      text: 'Create a WAFv2 web ACL with scope CLOUDFRONT (in us-east-1) and reference its ARN from the distribution.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_cloudfront_distribution" "web" {
  # ...
  web_acl_id = aws_wafv2_web_acl.edge.arn
}`,
      },
    },
  },
  evaluate({ attributes: { webAclId } }) {
    if (isUnknown(webAclId)) {
      return WEB_ACL_REFERENCE.test(webAclId.$unknown) ? pass() : unknownOutcome('unknown_value', `the web ACL depends on ${webAclId.$unknown}`);
    }
    return webAclId === null || webAclId.trim() === '' ? fail('no_web_acl', 'no WAF web ACL is attached to the distribution') : pass();
  },
});
