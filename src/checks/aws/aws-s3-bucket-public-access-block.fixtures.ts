import type { S3Bucket } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

type Block = NonNullable<S3Bucket['publicAccessBlock']>;
const all: Block = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const bucket = (over: Partial<Block> | null = {}): S3Bucket => ({
  bucketName: 'data', encryption: null, versioning: true, logging: null,
  publicAccessBlock: over === null ? null : { ...all, ...over }, acl: null, policy: null,
});

export default defineFixtures('aws.s3.bucket', {
  pass: [bucket()],
  fail: [
    { attributes: bucket(null), reason: 'no_public_access_block' },
    { attributes: bucket({ blockPublicAcls: false }), reason: 'block_public_acls_disabled' },
    { attributes: bucket({ ignorePublicAcls: false }), reason: 'ignore_public_acls_disabled' },
    { attributes: bucket({ blockPublicPolicy: false }), reason: 'block_public_policy_disabled' },
    { attributes: bucket({ restrictPublicBuckets: false }), reason: 'restrict_public_buckets_disabled' },
    // A known shortfall is reported even when another setting is unknown.
    { attributes: bucket({ blockPublicAcls: false, restrictPublicBuckets: { $unknown: 'var.restrict' } }), reason: 'block_public_acls_disabled' },
  ],
  notApplicable: [],
  unknown: [{ attributes: bucket({ blockPublicPolicy: { $unknown: 'var.block_policy' } }), reason: 'unknown_value' }],
});
