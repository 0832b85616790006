import type { S3Bucket } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const bucket = (over: Partial<S3Bucket> = {}): S3Bucket => ({
  bucketName: 'data', encryption: { algorithm: 'AES256', kmsKeyId: null }, versioning: true,
  logging: null, publicAccessBlock: null, acl: null, policy: null, ...over,
});

export default defineFixtures('aws.s3.bucket', {
  pass: [bucket()],
  fail: [{ attributes: bucket({ versioning: false }), reason: 'versioning_disabled' }],
  notApplicable: [],
  unknown: [{ attributes: bucket({ versioning: { $unknown: 'var.versioning_enabled' } }), reason: 'unknown_value' }],
});
