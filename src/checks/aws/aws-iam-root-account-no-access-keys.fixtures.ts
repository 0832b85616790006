import { defineFixtures } from '../types.js';

export default defineFixtures('aws.iam.root-account', {
  pass: [{ accessKeysPresent: false, mfaEnabled: true }, { accessKeysPresent: false, mfaEnabled: false }],
  fail: [{ attributes: { accessKeysPresent: true, mfaEnabled: true }, reason: 'root_access_keys' }],
  notApplicable: [{ attributes: { accessKeysPresent: null, mfaEnabled: true }, reason: 'not_observable' }],
  unknown: [],
});
