import type { IamRole, PolicyStatement } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const trust = (over: Partial<PolicyStatement> = {}): PolicyStatement => ({
  sid: null, effect: 'Allow', actions: ['sts:AssumeRole'], notActions: [], resources: [], principals: ['Service:ec2.amazonaws.com'], conditions: {}, ...over,
});
const role = (...statements: PolicyStatement[]): IamRole => ({
  roleName: 'app', assumeRolePolicy: { statements }, inlinePolicies: [], attachedPolicies: [],
});

export default defineFixtures('aws.iam.role', {
  pass: [
    role(trust()),
    role(trust({ principals: ['AWS:arn:aws:iam::111122223333:root'] })),
    role(trust({ principals: ['*'], conditions: { StringEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5'] } } })),
    role(trust({
      actions: ['sts:AssumeRoleWithWebIdentity'], principals: ['Federated:arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'],
      conditions: { StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/app:ref:refs/heads/main'] } },
    })),
  ],
  fail: [
    { attributes: role(trust({ principals: ['*'] })), reason: 'public_trust' },
    { attributes: role(trust(), trust({ sid: 'Partner', principals: ['AWS:*'], conditions: { StringEquals: { 'sts:ExternalId': ['partner-1234'] } } })), reason: 'public_trust' },
  ],
  notApplicable: [{ attributes: { ...role(), assumeRolePolicy: null }, reason: 'not_observable' }],
  unknown: [
    { attributes: { ...role(), assumeRolePolicy: { $unknown: 'data.aws_iam_policy_document.assume.json' } }, reason: 'unknown_value' },
    { attributes: role(trust({ principals: [{ $unknown: 'var.trusted_principal' }] })), reason: 'unknown_value' },
  ],
});
