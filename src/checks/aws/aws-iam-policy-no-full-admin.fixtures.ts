import type { IamPolicy, PolicyStatement } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const allow = (over: Partial<PolicyStatement> = {}): PolicyStatement => ({
  sid: null, effect: 'Allow', actions: ['s3:GetObject'], notActions: [], resources: ['arn:aws:s3:::data/*'], principals: [], conditions: {}, ...over,
});
const policy = (...statements: PolicyStatement[]): IamPolicy => ({ policyName: 'app', document: { statements }, attachedTo: ['role:aws_iam_role.app'] });

export default defineFixtures('aws.iam.policy', {
  pass: [
    policy(allow()),
    policy(allow({ actions: ['s3:*'], resources: ['*'] })),
    policy(allow({ actions: ['*'], resources: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'] })),
    policy(allow({ effect: 'Deny', actions: ['*'], resources: ['*'] })),
    policy(allow({ actions: [], notActions: ['iam:*', 'organizations:*'], resources: ['*'] })),
  ],
  fail: [
    { attributes: policy(allow(), allow({ sid: 'Admin', actions: ['*'], resources: ['*'] })), reason: 'full_admin' },
    { attributes: policy(allow({ actions: ['*:*'], resources: ['*'], conditions: { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } } })), reason: 'full_admin' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: { ...policy(), document: { $unknown: 'data.aws_iam_policy_document.app.json' } }, reason: 'unknown_value' },
    { attributes: policy(allow({ actions: [{ $unknown: 'var.actions' }], resources: ['*'] })), reason: 'unknown_value' },
  ],
});
