// One bucket, two sources: the Terraform and the CloudFormation collector tests both declare
// this bucket and assert that it normalizes to exactly this object ("one resource type, many
// sources", docs/RESOURCES.md).
//
// The bucket: name acme-audit-logs; SSE aws:kms with the key below; versioning enabled; access
// logs to acme-access-logs; all four public access block settings true; no canned ACL; a bucket
// policy with one Deny statement (no Sid) for s3:* on the bucket and its objects, principal *,
// condition Bool aws:SecureTransport "false". The policy's resources are the bucket's ARNs as
// strings: the fixtures write them literally or build them from the bucket's known name (a
// bucket's ARN *attribute* depends on the partition, so collectors leave it unknown).
import type { S3Bucket } from '../../src/domain/resources/aws.js';

export const SHARED_BUCKET_NAME = 'acme-audit-logs';
export const SHARED_BUCKET_KMS_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/0000-1111';
export const SHARED_BUCKET_LOG_TARGET = 'acme-access-logs';

export const EXPECTED_BUCKET_ATTRIBUTES: S3Bucket = {
  bucketName: 'acme-audit-logs',
  encryption: { algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/0000-1111' },
  versioning: true,
  logging: { targetBucket: 'acme-access-logs' },
  publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
  acl: null,
  policy: {
    statements: [
      {
        sid: null,
        effect: 'Deny',
        actions: ['s3:*'],
        notActions: [],
        resources: ['arn:aws:s3:::acme-audit-logs', 'arn:aws:s3:::acme-audit-logs/*'],
        principals: ['*'],
        conditions: { Bool: { 'aws:SecureTransport': ['false'] } },
      },
    ],
  },
};
