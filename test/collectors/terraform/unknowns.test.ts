// What cannot be known statically stays unknown, with the expression it depends on, and is never
// guessed: not the value, not which resource a companion configures, not how many instances exist.
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/checks/engine.js';
import { checks } from '../../../src/checks/registry.js';
import type { TerraformCollection } from '../../../src/collectors/terraform/index.js';
import { collectFixture, fixture, get } from './helpers.js';

describe('Terraform unknown values', () => {
  let c: TerraformCollection;
  beforeAll(async () => {
    c = await collectFixture('unknowns');
  });

  it('keeps values that depend on variables without a value unknown, named by their expression', () => {
    expect(get(c.resources, 'aws.kms.key', 'aws_kms_key.rotating').attributes).toEqual({
      rotationEnabled: { $unknown: 'var.rules.rotate' },
      keySpec: 'SYMMETRIC_DEFAULT',
      enabled: { $unknown: '"${var.bucket_name}" == ""' },
    });
  });

  it('makes a setting unknown on every bucket a companion with an unknown target might configure', () => {
    // Its own versioning resource decides for this one.
    expect(get(c.resources, 'aws.s3.bucket', 'aws_s3_bucket.known').attributes.versioning).toBe(true);
    // Without one, versioning might come from aws_s3_bucket_versioning.somewhere: unknown, not false.
    expect(get(c.resources, 'aws.s3.bucket', 'aws_s3_bucket.other').attributes.versioning).toEqual({ $unknown: 'aws_s3_bucket_versioning.somewhere.bucket = var.bucket_name' });
    expect(c.problems).toContainEqual({ path: fixture('unknowns', 'main.tf'), line: 23, message: 'aws_s3_bucket_versioning.somewhere: cannot tell which resource bucket (var.bucket_name) refers to' });
  });

  it('does the same for flow logs whose VPC is not known', () => {
    expect(get(c.resources, 'aws.ec2.vpc', 'aws_vpc.main').attributes.flowLogsEnabled).toEqual({ $unknown: 'aws_flow_log.somewhere.vpc_id = var.vpc_id' });
  });

  it('keeps one instance, without key, of a resource whose for_each is not known, its each.* unknown', () => {
    const r = get(c.resources, 'aws.s3.bucket', 'aws_s3_bucket.per_name');
    expect(r.attributes.bucketName).toEqual({ $unknown: 'each.key' });
    expect(r.attributes.acl).toEqual({ $unknown: 'each.value' });
    expect(c.problems).toContainEqual({ path: fixture('unknowns', 'main.tf'), line: 30, message: 'aws_s3_bucket.per_name: for_each is not known statically (var.buckets); evaluated as one instance' });
  });

  it('does not evaluate resource types that no normalized resource is made of', () => {
    expect(c.problems.filter((p) => p.message.includes('aws_lambda_function'))).toEqual([]);
    expect(c.problems).toHaveLength(3);
  });

  it('gives the engine unknowns, which no registered check turns into a failure', () => {
    const results = evaluate(checks, c.resources);
    const kms = results.filter((r) => r.resourceId === 'aws_kms_key.rotating' && r.status === 'fail');
    const vpc = results.filter((r) => r.resourceId === 'aws_vpc.main' && r.status === 'fail');
    expect([...kms, ...vpc].map((r) => r.checkId)).toEqual([]);
    // …while a known gap on the same inventory does fail.
    expect(results.some((r) => r.resourceId === 'aws_s3_bucket.known' && r.checkId === 'aws-s3-bucket-encryption' && r.status === 'fail')).toBe(true);
  });
});

describe('references to declared KMS keys', () => {
  it('name the key by its address instead of staying unknown', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { collectTerraform } = await import('../../../src/collectors/terraform/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'attest-tf-kms-'));
    writeFileSync(join(dir, 'main.tf'), `
resource "aws_kms_key" "logs" {}
resource "aws_cloudwatch_log_group" "g" {
  kms_key_id = aws_kms_key.logs.arn
}
resource "aws_sns_topic" "t" {
  kms_master_key_id = aws_kms_key.logs.key_id
}
resource "aws_sqs_queue" "q" {
  kms_master_key_id = var.key
}
variable "key" {}
`);
    const { resources } = await collectTerraform([dir]);
    const attrs = (type: string) => resources.find((r) => r.type === type)?.attributes as { kmsKeyId: unknown };
    expect(attrs('aws.logs.log-group').kmsKeyId).toBe('aws_kms_key.logs');
    expect(attrs('aws.sns.topic').kmsKeyId).toBe('aws_kms_key.logs');
    expect(attrs('aws.sqs.queue').kmsKeyId).toEqual({ $unknown: 'var.key' });
  });
});
