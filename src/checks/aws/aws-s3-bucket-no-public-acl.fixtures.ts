import type { S3Bucket } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const bucket = (acl: S3Bucket['acl']): S3Bucket => ({
  bucketName: 'data', encryption: null, versioning: true, logging: null, publicAccessBlock: null, acl, policy: null,
});

export default defineFixtures('aws.s3.bucket', {
  pass: [bucket(null), bucket('private'), bucket('log-delivery-write'), bucket('bucket-owner-full-control')],
  fail: [
    { attributes: bucket('public-read'), reason: 'public_acl' },
    { attributes: bucket('public-read-write'), reason: 'public_acl' },
    { attributes: bucket('authenticated-read'), reason: 'public_acl' },
  ],
  notApplicable: [],
  unknown: [{ attributes: bucket({ $unknown: 'var.acl' }), reason: 'unknown_value' }],
});
