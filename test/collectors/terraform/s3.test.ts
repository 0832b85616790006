// S3 buckets: companions attached by reference and by literal name, legacy inline blocks,
// defaults, and the bucket shared with the CloudFormation collector.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TerraformCollection } from '../../../src/collectors/terraform/index.js';
import { EXPECTED_BUCKET_ATTRIBUTES, SHARED_BUCKET_NAME } from '../shared-bucket.js';
import { collectFixture, fixture, get, ids } from './helpers.js';

describe('Terraform S3 buckets', () => {
  let c: TerraformCollection;
  beforeAll(async () => {
    c = await collectFixture('s3');
  });

  it('normalizes the shared bucket exactly as the CloudFormation collector does', async () => {
    const shared = await collectFixture('shared-bucket');
    expect(shared.problems).toEqual([]);
    expect(shared.resources).toHaveLength(1);
    const bucket = get(shared.resources, 'aws.s3.bucket', 'aws_s3_bucket.audit');
    expect(bucket.name).toBe(SHARED_BUCKET_NAME);
    expect(bucket.attributes).toEqual(EXPECTED_BUCKET_ATTRIBUTES);
    expect(bucket.source).toEqual({ kind: 'file', format: 'terraform', path: fixture('shared-bucket', 'main.tf'), startLine: 2, endLine: 4 });
  });

  it('folds companion resources into the bucket they reference', () => {
    const data = get(c.resources, 'aws.s3.bucket', 'aws_s3_bucket.data');
    expect(data.attributes).toEqual({
      bucketName: 'acme-data',
      encryption: { algorithm: 'AES256', kmsKeyId: null },
      versioning: false,
      logging: null,
      publicAccessBlock: null,
      acl: 'public-read',
      policy: null,
    });
  });

  it('attaches companions that name the bucket literally, with unset settings at their defaults', () => {
    const named = get(c.resources, 'aws.s3.bucket', 'aws_s3_bucket.named');
    expect(named.attributes.publicAccessBlock).toEqual({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false });
    expect(named.attributes.policy).toEqual({
      statements: [{
        sid: 'ReadOnly',
        effect: 'Allow',
        actions: ['s3:GetObject'],
        notActions: [],
        resources: ['arn:aws:s3:::acme-named/*'],
        principals: ['AWS:arn:aws:iam::111122223333:root', 'Service:logging.s3.amazonaws.com'],
        conditions: {},
      }],
    });
  });

  it('reads the inline blocks of provider v3 configurations', () => {
    const legacy = get(c.resources, 'aws.s3.bucket', 'aws_s3_bucket.legacy');
    expect(legacy.attributes).toEqual({
      bucketName: 'acme-legacy',
      encryption: { algorithm: 'aws:kms', kmsKeyId: 'aws_kms_key.legacy' },
      versioning: true,
      logging: { targetBucket: 'acme-data' },
      publicAccessBlock: null,
      acl: 'private',
      policy: null,
    });
  });

  it('leaves undeclared settings at their defaults and a generated name unknown', () => {
    const bare = get(c.resources, 'aws.s3.bucket', 'aws_s3_bucket.bare');
    expect(bare.name).toBeNull();
    expect(bare.attributes).toEqual({
      bucketName: { $unknown: 'aws_s3_bucket.bare.bucket (bucket_prefix)' },
      encryption: null,
      versioning: false,
      logging: null,
      publicAccessBlock: null,
      acl: null,
      policy: null,
    });
  });

  it('emits one resource per bucket and none for the companions', () => {
    expect(ids(c.resources, 'aws.s3.bucket')).toEqual(['aws_s3_bucket.data', 'aws_s3_bucket.named', 'aws_s3_bucket.legacy', 'aws_s3_bucket.bare']);
    expect(c.resources.filter((r) => r.id.includes('versioning') || r.id.includes('policy'))).toEqual([]);
    expect(c.problems).toEqual([]);
  });
});
