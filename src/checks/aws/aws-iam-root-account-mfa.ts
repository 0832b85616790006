import { defineCheck } from '../types.js';
import { fail, notApplicable, pass } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-iam-root-account-mfa',
    title: 'The root user signs in with MFA',
    description: 'The root user can do anything in the account, including closing it, and no policy restricts it. A password alone is not enough for it: it needs a second factor, ideally a hardware security key kept in a safe place. Only the AWS API can tell; infrastructure code never declares the root user.',
    severity: 'critical',
    resourceType: 'aws.iam.root-account',
    controls: ['IAM-11', 'IAM-04'],
    remediation: {
      text: 'Sign in as root and register an MFA device (a FIDO security key preferably) under Security credentials; keep a second device for recovery.',
    },
  },
  evaluate({ attributes: { mfaEnabled } }) {
    if (mfaEnabled === null) return notApplicable('not_observable');
    return mfaEnabled ? pass() : fail('root_mfa_disabled', 'the root user has no MFA device');
  },
});
