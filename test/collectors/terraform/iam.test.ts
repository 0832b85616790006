// IAM: policy documents from jsonencode, heredocs and aws_iam_policy_document; attachments
// folded into both the policy and the principal; inline policies; access keys; password policy.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TerraformCollection } from '../../../src/collectors/terraform/index.js';
import type { PolicyStatement } from '../../../src/domain/resources/aws.js';
import { collectFixture, get, ids } from './helpers.js';

const statement = (over: Partial<PolicyStatement>): PolicyStatement => ({
  sid: null, effect: 'Allow', actions: [], notActions: [], resources: [], principals: [], conditions: {}, ...over,
});

const SCOPED = {
  statements: [
    statement({ sid: 'Read', actions: ['s3:GetObject', 's3:ListBucket'], resources: [{ $unknown: 'var.data_bucket_arn' }, { $unknown: '"${var.data_bucket_arn}/*"' }] }),
    statement({ effect: 'Deny', notActions: ['s3:GetObject'], resources: ['*'], conditions: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } } }),
  ],
};

describe('Terraform IAM', () => {
  let c: TerraformCollection;
  beforeAll(async () => {
    c = await collectFixture('iam');
  });

  it('reads a jsonencode policy and lists every principal it is attached to', () => {
    const admin = get(c.resources, 'aws.iam.policy', 'aws_iam_policy.admin');
    expect(admin.attributes).toEqual({
      policyName: 'admin',
      document: { statements: [statement({ actions: ['*'], resources: ['*'] })] },
      // By reference to the user, through aws_iam_policy_attachment (users and roles, one not declared here).
      attachedTo: ['user:aws_iam_user.alice', 'user:aws_iam_user.bob', 'role:external-role'],
    });
  });

  it('reads aws_iam_policy_document blocks, keeping unknown parts unknown, and finds a policy by its literal ARN', () => {
    const scoped = get(c.resources, 'aws.iam.policy', 'aws_iam_policy.scoped');
    expect(scoped.attributes.document).toEqual(SCOPED);
    expect(scoped.attributes.attachedTo).toEqual(['role:aws_iam_role.app', 'group:aws_iam_group.ops']);
  });

  it('folds attachments, inline policies and access keys into the user', () => {
    expect(get(c.resources, 'aws.iam.user', 'aws_iam_user.alice').attributes).toEqual({
      userName: 'alice',
      attachedPolicies: ['aws_iam_policy.admin', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
      inlinePolicies: ['alice-inline'],
      accessKeys: 2,
    });
    expect(get(c.resources, 'aws.iam.user', 'aws_iam_user.bob').attributes).toEqual({ userName: 'bob', attachedPolicies: ['aws_iam_policy.admin'], inlinePolicies: [], accessKeys: 0 });
  });

  it('emits inline policies as policies of their own, attached to their principal', () => {
    expect(get(c.resources, 'aws.iam.policy', 'aws_iam_user_policy.alice_inline').attributes).toEqual({
      policyName: 'alice-inline',
      // A single Statement object is read as a list of one.
      document: { statements: [statement({ actions: ['ec2:Describe*'], resources: ['*'] })] },
      attachedTo: ['user:aws_iam_user.alice'],
    });
    expect(get(c.resources, 'aws.iam.policy', 'aws_iam_role_policy.app_extra').attributes).toEqual({ policyName: 'extra', document: SCOPED, attachedTo: ['role:aws_iam_role.app'] });
  });

  it('reads a role: heredoc trust policy, inline blocks and resources, managed and attached policies', () => {
    expect(get(c.resources, 'aws.iam.role', 'aws_iam_role.app').attributes).toEqual({
      roleName: 'app',
      assumeRolePolicy: { statements: [statement({ actions: ['sts:AssumeRole'], principals: ['Service:ecs-tasks.amazonaws.com'] })] },
      inlinePolicies: [
        { name: 'logs', document: { statements: [statement({ actions: ['logs:PutLogEvents'], resources: ['*'] })] } },
        { name: 'extra', document: SCOPED },
      ],
      attachedPolicies: ['aws_iam_policy.scoped', 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'],
    });
  });

  it('reads the password policy with AWS defaults for what it leaves out', () => {
    expect(get(c.resources, 'aws.iam.password-policy', 'aws_iam_account_password_policy.strict').attributes).toEqual({
      minimumLength: 14, requireSymbols: true, requireNumbers: true, requireUppercase: true, requireLowercase: false, maxAgeDays: 90, reusePrevention: 24,
    });
  });

  it('produces no root-account resource (Terraform cannot observe it) and no resource for attachments or keys', () => {
    expect(ids(c.resources, 'aws.iam.root-account')).toEqual([]);
    expect(c.resources.map((r) => r.type).sort()).toEqual(['aws.iam.password-policy', 'aws.iam.policy', 'aws.iam.policy', 'aws.iam.policy', 'aws.iam.policy', 'aws.iam.role', 'aws.iam.user', 'aws.iam.user']);
    expect(c.problems).toEqual([]);
  });
});
