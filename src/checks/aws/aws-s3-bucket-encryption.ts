import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-s3-bucket-encryption',
    title: 'S3 buckets declare default encryption',
    description: 'Every bucket should say how objects are encrypted at rest, with SSE-S3 or, better, a KMS key. An explicit configuration is what shows an auditor that encryption at rest is a decision, not an accident of defaults.',
    severity: 'high',
    resourceType: 'aws.s3.bucket',
    controls: ['CRY-01'],
    remediation: {
      text: 'Add a server-side encryption configuration to the bucket, preferably with a KMS key you manage.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.logs.arn
    }
  }
}`,
      },
    },
  },
  evaluate({ attributes: { encryption } }) {
    if (encryption === null) return fail('no_encryption', 'the bucket declares no default encryption');
    if (isUnknown(encryption.algorithm)) return unknownOutcome('unknown_value', `the encryption algorithm depends on ${encryption.algorithm.$unknown}`);
    if (!['AES256', 'aws:kms', 'aws:kms:dsse'].includes(encryption.algorithm)) return fail('unsupported_algorithm', `unrecognized encryption algorithm ${encryption.algorithm}`);
    return pass();
  },
});
