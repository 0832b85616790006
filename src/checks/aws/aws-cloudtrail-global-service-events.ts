import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-cloudtrail-global-service-events',
    title: 'CloudTrail trails record global service events',
    description: 'IAM, STS and CloudFront are global services whose events (new users, policy changes, sign-ins) are only recorded by trails that include global service events. A trail without them misses the changes to access that matter most.',
    severity: 'medium',
    resourceType: 'aws.cloudtrail.trail',
    controls: ['LOG-01'],
    remediation: {
      text: 'Include global service events in the trail (Terraform\'s default: remove include_global_service_events = false).',
      snippet: {
        language: 'terraform',
        code: `resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = aws_s3_bucket.trail.id
  is_multi_region_trail         = true
  include_global_service_events = true
}`,
      },
    },
  },
  evaluate({ attributes: { includeGlobalServiceEvents } }) {
    return requireTrue(includeGlobalServiceEvents, 'global_events_excluded', 'the trail does not record global service events (IAM, STS, CloudFront)');
  },
});
