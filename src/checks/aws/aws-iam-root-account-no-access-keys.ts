import { defineCheck } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-iam-root-account-no-access-keys',
    title: 'The root user has no access keys',
    description: 'Root access keys carry every permission in the account, cannot be limited by any policy, and work from anywhere. Nothing needs them: the root user should exist only for the few tasks that require it, through a console sign-in with hardware MFA. Only the AWS API can tell; infrastructure code never declares the root user.',
    severity: 'critical',
    resourceType: 'aws.iam.root-account',
    controls: ['IAM-11'],
    remediation: {
      text: 'Sign in as root, check in CloudTrail that nothing still uses the keys, then delete them (Security credentials → Access keys).',
    },
  },
  evaluate({ attributes: { accessKeysPresent } }) {
    if (accessKeysPresent === null) return notApplicable('not_observable');
    return accessKeysPresent ? fail('root_access_keys', 'the root user has access keys') : pass();
  },
});
