import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-cloudfront-access-logging',
    title: 'CloudFront distributions write access logs',
    description: 'Every distribution should log viewer requests (standard logging to S3, or CloudWatch Logs delivery) so that abuse of a public site or API, and what was served to whom, can be investigated afterwards.',
    severity: 'medium',
    resourceType: 'aws.cloudfront.distribution',
    controls: ['LOG-02'],
    remediation: {
      text: 'Turn on standard logging to the central log bucket (ACLs must be enabled on that bucket for CloudFront to write).',
      snippet: {
        language: 'terraform',
        code: `logging_config {
  bucket          = aws_s3_bucket.cdn_logs.bucket_domain_name
  prefix          = "web/"
  include_cookies = false
}`,
      },
    },
  },
  evaluate: ({ attributes }) => requireTrue(attributes.logging, 'logging_disabled', 'the distribution writes no access logs'),
});
