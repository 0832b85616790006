import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-cloudtrail-log-file-validation',
    title: 'CloudTrail trails sign their log files',
    description: 'With log file validation, CloudTrail delivers a signed digest of every log file, so anyone can later prove that the audit log was not modified or deleted after delivery. Without it, the logs are only as trustworthy as the bucket\'s permissions.',
    severity: 'medium',
    resourceType: 'aws.cloudtrail.trail',
    controls: ['LOG-01', 'LOG-04'],
    remediation: {
      text: 'Turn on log file validation for the trail.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = true
}`,
      },
    },
  },
  evaluate({ attributes: { logFileValidation } }) {
    return requireTrue(logFileValidation, 'validation_disabled', 'log file validation is off for the trail');
  },
});
