import type { IamUser } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const user = (over: Partial<IamUser> = {}): IamUser => ({ userName: 'alice', attachedPolicies: [], inlinePolicies: [], accessKeys: 0, ...over });

export default defineFixtures('aws.iam.user', {
  pass: [user()],
  fail: [
    { attributes: user({ attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }), reason: 'managed_policies_attached' },
    { attributes: user({ attachedPolicies: [{ $unknown: 'aws_iam_policy.custom.arn' }, 'aws_iam_policy.other'] }), reason: 'managed_policies_attached' },
    { attributes: user({ inlinePolicies: ['s3-access'] }), reason: 'inline_policies_attached' },
  ],
  notApplicable: [],
  unknown: [{ attributes: user({ attachedPolicies: [{ $unknown: 'var.policy_arns' }] }), reason: 'unknown_value' }],
});
