import { defineCheck } from '../types.js';
import { requireKmsKey } from './values.js';

export default defineCheck({
  meta: {
    id: 'aws-cloudtrail-kms-encryption',
    title: 'CloudTrail trails encrypt their logs with a KMS key',
    description: 'By default CloudTrail log files get S3-managed encryption, which anyone allowed to read the bucket can decrypt. Encrypting them with a KMS key you manage adds a second permission, on the key, and records every decryption, so audit logs stay readable only by the people meant to read them.',
    severity: 'medium',
    resourceType: 'aws.cloudtrail.trail',
    controls: ['CRY-01', 'LOG-04'],
    remediation: {
      text: 'Create a KMS key whose policy lets CloudTrail encrypt with it, and name it on the trail.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
  kms_key_id     = aws_kms_key.trail.arn
}`,
      },
    },
  },
  evaluate({ attributes: { kmsKeyId } }) {
    return requireKmsKey(kmsKeyId, 'no_kms_key', 'the trail\'s log files are not encrypted with a KMS key');
  },
});
