import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-s3-bucket-access-logging',
    title: 'S3 buckets record server access logs in another bucket',
    description: 'Server access logs list every request made to a bucket, including reads that CloudTrail does not record by default. They should go to a separate log bucket: a bucket that logs into itself creates log records about its own logs, and anyone who can change the data can also change the record of it.',
    severity: 'medium',
    resourceType: 'aws.s3.bucket',
    controls: ['LOG-02'],
    remediation: {
      text: 'Send the bucket\'s server access logs to a dedicated log bucket.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "data/"
}`,
      },
    },
  },
  evaluate({ attributes: { logging, bucketName } }) {
    if (logging === null) return fail('no_access_logging', 'the bucket records no server access logs');
    const target = logging.targetBucket;
    if (isUnknown(target)) return unknownOutcome('unknown_value', `access logs go to a bucket that depends on ${target.$unknown}`);
    if (typeof bucketName === 'string' && target === bucketName) return fail('logs_to_itself', `the bucket ${bucketName} writes its access logs into itself`);
    return pass();
  },
});
