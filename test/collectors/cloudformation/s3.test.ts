import { describe, expect, it } from 'vitest';
import { EXPECTED_BUCKET_ATTRIBUTES } from '../shared-bucket.js';
import { collect } from './helpers.js';

describe('CloudFormation S3 buckets', () => {
  it('normalizes the shared audit bucket (YAML, short forms) to the object the Terraform collector produces too', () => {
    const t = collect('shared-bucket.yaml');
    expect(t.problems).toEqual([]);
    const bucket = t.get('AuditLogs');
    expect(bucket.type).toBe('aws.s3.bucket');
    expect(bucket.name).toBe('acme-audit-logs');
    expect(bucket.attributes).toEqual(EXPECTED_BUCKET_ATTRIBUTES);
  });

  it('normalizes the same bucket written in JSON with long-form intrinsics to the same object', () => {
    const t = collect('shared-bucket.json');
    expect(t.problems).toEqual([]);
    expect(t.get('AuditLogs').attributes).toEqual(EXPECTED_BUCKET_ATTRIBUTES);
  });

  it('folds the bucket policy into its bucket: no resource of its own', () => {
    const t = collect('shared-bucket.yaml');
    expect(t.resources.map((r) => r.id)).toEqual(['infra/shared-bucket.yaml#AuditLogs', 'infra/shared-bucket.yaml#AccessLogs']);
    expect(t.get('AccessLogs').attributes.policy).toBeNull();
  });

  it('fills the AWS defaults for a bucket that declares nothing', () => {
    expect(collect('s3.yaml').get('Bare').attributes).toEqual({
      bucketName: null, encryption: null, versioning: false, logging: null, publicAccessBlock: null, acl: null, policy: null,
    });
  });

  it('maps canned ACLs to their S3 names, suspended versioning to false, partial public access blocks to false, and logging without a destination to the bucket itself', () => {
    const a = collect('s3.yaml').get('Website').attributes;
    expect(a.acl).toBe('public-read');
    expect(a.versioning).toBe(false);
    expect(a.publicAccessBlock).toEqual({ blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false });
    // Unnamed bucket: its name (and so the log target) is only known after deployment.
    expect(a.logging).toEqual({ targetBucket: { $unknown: 'Ref:Website' } });
  });

  it('makes settings behind an undecidable condition unknown, naming the parameter they depend on', () => {
    const a = collect('s3.yaml').get('Maybe').attributes;
    expect(a.encryption).toEqual({ algorithm: { $unknown: 'Ref:Encrypt' }, kmsKeyId: { $unknown: 'Ref:Encrypt' } });
    expect(a.versioning).toEqual({ $unknown: 'Ref:Encrypt' });
  });

  it('leaves a policy for a bucket outside the template unattached', () => {
    const t = collect('s3.yaml');
    expect(t.resources.map((r) => r.attributes.policy)).toEqual([null, null, null]);
  });
});
