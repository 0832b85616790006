// Terraform plan JSON (`terraform show -json`): resolved values from planned_values (root and
// child modules), unknowns from after_unknown, companions linked through the configuration's
// references, the same shapes as from HCL, and line 1 of the plan as the location.
import { beforeAll, describe, expect, it } from 'vitest';
import { collectTerraform, collectTerraformPlan, type TerraformCollection } from '../../../src/collectors/terraform/index.js';
import { fixture, get, ids } from './helpers.js';

const PLAN = fixture('plan', 'plan.json');

describe('Terraform plan JSON', () => {
  let c: TerraformCollection;
  beforeAll(async () => {
    c = await collectTerraformPlan(PLAN);
  });

  it('folds companions into the bucket, by configuration reference when the plan does not know the bucket yet', () => {
    const bucket = get(c.resources, 'aws.s3.bucket', 'aws_s3_bucket.logs');
    expect(bucket.attributes).toEqual({
      bucketName: 'acme-plan-logs',
      encryption: { algorithm: 'AES256', kmsKeyId: null },
      versioning: true,
      logging: null,
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: false },
      // Computed by the provider and not set in the configuration: absent, as in HCL.
      acl: null,
      policy: null,
    });
    expect(bucket.source).toEqual({ kind: 'file', format: 'terraform-plan', path: PLAN, startLine: 1, endLine: 1 });
  });

  it('gives the same bucket as the configuration it was planned from', async () => {
    const hcl = await collectTerraform([fixture('plan', 'config')]);
    expect(get(hcl.resources, 'aws.s3.bucket', 'aws_s3_bucket.logs').attributes).toEqual(get(c.resources, 'aws.s3.bucket', 'aws_s3_bucket.logs').attributes);
  });

  it('keeps values known only after apply unknown when the configuration sets them, or when it is not there to ask', () => {
    expect(get(c.resources, 'aws.rds.instance', 'module.db.aws_db_instance.main').attributes).toEqual({
      engine: 'postgres', storageEncrypted: true, kmsKeyId: { $unknown: 'module.db.aws_db_instance.main.kms_key_id (known after apply)' },
      backupRetentionDays: 7, publiclyAccessible: false, deletionProtection: false, multiAz: true, clusterId: null,
    });
    expect(get(c.resources, 'aws.ec2.security-group', 'aws_security_group.web').attributes.vpcId).toEqual({ $unknown: 'aws_security_group.web.vpc_id (known after apply)' });
  });

  it('reads nested blocks given as lists of objects, instance keys and policy JSON strings', () => {
    const web = get(c.resources, 'aws.ec2.security-group', 'aws_security_group.web');
    expect(web.attributes.ingress).toEqual([{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'], ipv6Cidrs: [], sourceSecurityGroups: [], description: 'ssh', location: null }]);
    expect(ids(c.resources, 'aws.sqs.queue')).toEqual(['aws_sqs_queue.jobs[0]', 'aws_sqs_queue.jobs[1]', 'module.apps["web"].module.queue.aws_sqs_queue.this']);
    expect(get(c.resources, 'aws.sqs.queue', 'aws_sqs_queue.jobs[1]').attributes).toEqual({ kmsKeyId: 'alias/aws/sqs', sqsManagedSse: false });
    expect(get(c.resources, 'aws.iam.policy', 'aws_iam_policy.admin').attributes.document).toEqual({
      statements: [{ sid: null, effect: 'Allow', actions: ['*'], notActions: [], resources: ['*'], principals: [], conditions: {} }],
    });
  });

  it('reads nested child modules with instance keys, and their configuration through module_calls', () => {
    const q = get(c.resources, 'aws.sqs.queue', 'module.apps["web"].module.queue.aws_sqs_queue.this');
    expect(q.name).toBe('web-queue');
    // Set from a variable in the module's configuration: unknown, not left out.
    expect(q.attributes).toEqual({ kmsKeyId: { $unknown: 'module.apps["web"].module.queue.aws_sqs_queue.this.kms_master_key_id (known after apply)' }, sqsManagedSse: false });
  });

  it('skips data sources and reports nothing for a valid plan', () => {
    expect(c.resources.some((r) => r.id.startsWith('data.'))).toBe(false);
    expect(c.resources).toHaveLength(7);
    expect(c.problems).toEqual([]);
  });

  it('reports an invalid plan with the line of the error, a JSON file that is no plan, and a missing file', async () => {
    const broken = await collectTerraformPlan(fixture('plan', 'broken.json'));
    expect(broken.resources).toEqual([]);
    expect(broken.problems.map((p) => [p.path, p.line])).toEqual([[fixture('plan', 'broken.json'), 4]]);
    const other = await collectTerraformPlan(fixture('plan', 'not-a-plan.json'));
    expect(other.problems).toEqual([{ path: fixture('plan', 'not-a-plan.json'), line: 1, message: 'not a Terraform plan: no planned_values (expected the output of `terraform show -json <plan>`)' }]);
    const missing = await collectTerraformPlan(fixture('plan', 'missing.json'));
    expect(missing.problems).toEqual([{ path: fixture('plan', 'missing.json'), line: null, message: 'cannot read: ENOENT' }]);
  });
});
