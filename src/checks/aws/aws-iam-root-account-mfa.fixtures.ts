import { defineFixtures } from '../types.js';

export default defineFixtures('aws.iam.root-account', {
  pass: [{ accessKeysPresent: false, mfaEnabled: true }],
  fail: [{ attributes: { accessKeysPresent: false, mfaEnabled: false }, reason: 'root_mfa_disabled' }],
  notApplicable: [{ attributes: { accessKeysPresent: false, mfaEnabled: null }, reason: 'not_observable' }],
  unknown: [],
});
