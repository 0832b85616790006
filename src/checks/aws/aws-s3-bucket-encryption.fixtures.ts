import type { S3Bucket } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const bucket = (over: Partial<S3Bucket> = {}): S3Bucket => ({
  bucketName: 'logs', encryption: { algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/abc' }, versioning: true,
  logging: null, publicAccessBlock: null, acl: null, policy: null, ...over,
});

export default defineFixtures('aws.s3.bucket', {
  pass: [bucket(), bucket({ encryption: { algorithm: 'AES256', kmsKeyId: null } })],
  fail: [
    { attributes: bucket({ encryption: null }), reason: 'no_encryption' },
    { attributes: bucket({ encryption: { algorithm: 'ROT13', kmsKeyId: null } }), reason: 'unsupported_algorithm' },
  ],
  notApplicable: [],
  unknown: [{ attributes: bucket({ encryption: { algorithm: { $unknown: 'var.sse_algorithm' }, kmsKeyId: null } }), reason: 'unknown_value' }],
});
