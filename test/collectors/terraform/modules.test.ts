// Evaluation of a root module: variables (defaults, terraform.tfvars, *.auto.tfvars in order),
// locals, count and for_each, references, local modules with inputs and outputs (nested, with
// for_each), remote modules skipped, and what stays unknown.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TerraformCollection } from '../../../src/collectors/terraform/index.js';
import { collectFixture, fixture, get, ids } from './helpers.js';

describe('Terraform evaluation across variables, locals, count, for_each and modules', () => {
  let c: TerraformCollection;
  beforeAll(async () => {
    c = await collectFixture('modules');
  });

  it('takes variables from terraform.tfvars, then *.auto.tfvars in name order, over defaults; other .tfvars are not loaded', () => {
    const logs = get(c.resources, 'aws.logs.log-group', 'aws_cloudwatch_log_group.app');
    // default 7, terraform.tfvars 3, a.auto.tfvars 14, b.auto.tfvars.json 30.
    expect(logs.attributes.retentionDays).toBe(30);
    expect(logs.name).toBe('/app/acme-prod');
  });

  it('leaves a variable without default or value unknown, named by its expression', () => {
    expect(get(c.resources, 'aws.logs.log-group', 'aws_cloudwatch_log_group.app').attributes.kmsKeyId).toEqual({ $unknown: 'var.kms_key' });
  });

  it('expands count (a tfvars string converted to the declared number) into [n] instances', () => {
    expect(ids(c.resources, 'aws.sqs.queue').filter((id) => id.startsWith('aws_sqs_queue.replica'))).toEqual(['aws_sqs_queue.replica[0]', 'aws_sqs_queue.replica[1]', 'aws_sqs_queue.replica[2]']);
    expect(get(c.resources, 'aws.sqs.queue', 'aws_sqs_queue.replica[2]').name).toBe('acme-prod-q-2');
  });

  it('expands for_each over maps and sets into ["key"] instances, with each.key and each.value', () => {
    const alerts = get(c.resources, 'aws.sns.topic', 'aws_sns_topic.topic["alerts"]');
    const audit = get(c.resources, 'aws.sns.topic', 'aws_sns_topic.topic["audit"]');
    expect([alerts.name, alerts.attributes.kmsKeyId]).toEqual(['alerts-alerts', null]);
    expect([audit.name, audit.attributes.kmsKeyId]).toEqual(['audit-audit', 'alias/audit']);
    expect(get(c.resources, 'aws.sqs.queue', 'aws_sqs_queue.named["jobs"]').name).toBe('jobs');
    expect(get(c.resources, 'aws.sqs.queue', 'aws_sqs_queue.named["events"]').name).toBe('events');
  });

  it('creates no instance for count = 0, and one (with a notice) when count is not known statically', () => {
    expect(c.resources.some((r) => r.id.startsWith('aws_sqs_queue.disabled'))).toBe(false);
    const maybe = get(c.resources, 'aws.sqs.queue', 'aws_sqs_queue.maybe');
    expect(maybe.name).toBeNull();
    expect(c.problems).toContainEqual({ path: fixture('modules', 'root', 'main.tf'), line: 34, message: 'aws_sqs_queue.maybe: count is not known statically (var.kms_key == null ? 0 : 1); evaluated as one instance' });
  });

  it('evaluates locals, functions and conditions; try() falls back on errors but not on unknown values', () => {
    const data = get(c.resources, 'aws.ebs.volume', 'aws_ebs_volume.data');
    expect(data.attributes).toEqual({ encrypted: true, kmsKeyId: 'aws_kms_key.main' });
    const fallback = get(c.resources, 'aws.ebs.volume', 'aws_ebs_volume.fallback');
    expect(fallback.attributes).toEqual({ encrypted: false, kmsKeyId: { $unknown: 'try(aws_kms_key.main.arn, null)' } });
  });

  it('follows local modules with their inputs, giving module-prefixed ids and the module file lines', () => {
    const bucket = get(c.resources, 'aws.s3.bucket', 'module.storage.aws_s3_bucket.this');
    expect(bucket.name).toBe('acme-prod-data');
    expect(bucket.source).toEqual({ kind: 'file', format: 'terraform', path: fixture('modules', 'modules', 'storage', 'main.tf'), startLine: 7, endLine: 9 });
    // The versioning resource inside the module (count from an input) attaches to its bucket.
    expect(bucket.attributes.versioning).toBe(true);
    expect(get(c.resources, 'aws.s3.bucket', 'module.per_env["blue"].aws_s3_bucket.this').attributes.versioning).toBe(false);
  });

  it('expands modules with for_each and follows nested modules', () => {
    expect(ids(c.resources, 'aws.s3.bucket')).toEqual(['module.storage.aws_s3_bucket.this', 'module.per_env["blue"].aws_s3_bucket.this', 'module.per_env["green"].aws_s3_bucket.this']);
    expect(ids(c.resources, 'aws.dynamodb.table').filter((id) => id.endsWith('locks'))).toEqual([
      'module.storage.module.nested.aws_dynamodb_table.locks',
      'module.per_env["blue"].module.nested.aws_dynamodb_table.locks',
      'module.per_env["green"].module.nested.aws_dynamodb_table.locks',
    ]);
    expect(get(c.resources, 'aws.dynamodb.table', 'module.per_env["green"].module.nested.aws_dynamodb_table.locks').name).toBe('acme-green-locks');
  });

  it('reads module outputs, and links a companion to a bucket through them', () => {
    expect(get(c.resources, 'aws.dynamodb.table', 'aws_dynamodb_table.from_output').name).toBe('acme-prod-data-index');
    expect(get(c.resources, 'aws.s3.bucket', 'module.storage.aws_s3_bucket.this').attributes.logging).toEqual({ targetBucket: 'acme-logs' });
  });

  it('skips remote modules that were not downloaded, with a notice, and leaves their outputs unknown', () => {
    expect(c.problems).toContainEqual({ path: fixture('modules', 'root', 'modules.tf'), line: 13, message: 'module "remote": source "terraform-aws-modules/vpc/aws" is not a local path and was not downloaded by terraform init; not followed (nothing is fetched)' });
    expect(get(c.resources, 'aws.dynamodb.table', 'aws_dynamodb_table.from_remote').name).toBeNull();
  });

  it('evaluates a folder called as a module only through its callers, never as a root of its own', () => {
    expect(c.resources.filter((r) => r.id === 'aws_s3_bucket.this' || r.id === 'aws_dynamodb_table.locks')).toEqual([]);
    expect(c.problems).toHaveLength(2);
  });
});

describe('Terraform registry modules downloaded by terraform init', () => {
  let c: TerraformCollection;
  beforeAll(async () => {
    c = await collectFixture('downloaded');
  });

  it('reads them from .terraform/modules, nested ones by their dotted key, with their own files and lines', () => {
    const vpc = get(c.resources, 'aws.ec2.vpc', 'module.vpc.aws_vpc.this');
    // The input from the caller, and the flow log of a local module inside the downloaded one.
    expect(vpc.attributes).toEqual({ cidr: '10.20.0.0/16', flowLogsEnabled: true });
    expect(vpc.source).toMatchObject({ path: fixture('downloaded', '.terraform', 'modules', 'vpc', 'main.tf'), startLine: 3, endLine: 5 });
    expect(get(c.resources, 'aws.ec2.security-group', 'module.vpc.module.sg.aws_security_group.this').attributes.groupName).toBe('from-registry');
  });

  it('never reads a manifest entry that points outside the root module, and skips modules not downloaded', () => {
    expect(c.problems).toEqual([
      { path: fixture('downloaded', 'main.tf'), line: 8, message: 'module "escape": source "git::https://example.com/escape.git" is not a local path and was not downloaded by terraform init; not followed (nothing is fetched)' },
      { path: fixture('downloaded', 'main.tf'), line: 12, message: 'module "absent": source "app.terraform.io/acme/absent/aws" is not a local path and was not downloaded by terraform init; not followed (nothing is fetched)' },
    ]);
    expect(c.resources).toHaveLength(2);
  });
});

describe('Terraform root folders', () => {
  it('evaluates a folder as a root when the only call to it is commented out', async () => {
    const c = await collectFixture('commented');
    expect(c.resources.map((r) => [r.id, r.source.kind === 'file' ? r.source.path : null])).toEqual([
      ['aws_sns_topic.root', fixture('commented', 'main.tf')],
      ['aws_sns_topic.other', fixture('commented', 'other', 'main.tf')],
    ]);
    expect(c.problems).toEqual([]);
  });
});
