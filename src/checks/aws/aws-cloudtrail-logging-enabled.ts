import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-cloudtrail-logging-enabled',
    title: 'CloudTrail trails are logging',
    description: 'A trail that exists but is stopped records nothing: management activity in the account then leaves no audit record. Stopping a trail is also a classic first step of an intruder, so the trail should be declared as logging.',
    severity: 'high',
    resourceType: 'aws.cloudtrail.trail',
    controls: ['LOG-01'],
    remediation: {
      text: 'Keep the trail logging (in Terraform, enable_logging defaults to true: remove enable_logging = false).',
      snippet: {
        language: 'terraform',
        code: `resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
  enable_logging = true
}`,
      },
    },
  },
  evaluate({ attributes: { logging } }) {
    return requireTrue(logging, 'logging_stopped', 'the trail is not logging');
  },
});
