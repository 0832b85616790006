import type { S3Bucket } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const bucket = (over: Partial<S3Bucket> = {}): S3Bucket => ({
  bucketName: 'data', encryption: null, versioning: true,
  logging: { targetBucket: 'access-logs' }, publicAccessBlock: null, acl: null, policy: null, ...over,
});

export default defineFixtures('aws.s3.bucket', {
  pass: [bucket(), bucket({ bucketName: { $unknown: 'var.bucket_name' } })],
  fail: [
    { attributes: bucket({ logging: null }), reason: 'no_access_logging' },
    { attributes: bucket({ logging: { targetBucket: 'data' } }), reason: 'logs_to_itself' },
  ],
  notApplicable: [],
  unknown: [{ attributes: bucket({ logging: { targetBucket: { $unknown: 'var.log_bucket' } } }), reason: 'unknown_value' }],
});
