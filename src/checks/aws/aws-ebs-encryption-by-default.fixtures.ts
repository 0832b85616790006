import { defineFixtures } from '../types.js';

export default defineFixtures('aws.ebs.encryption-by-default', {
  pass: [{ enabled: true }],
  fail: [{ attributes: { enabled: false }, reason: 'default_encryption_disabled' }],
  notApplicable: [],
  unknown: [{ attributes: { enabled: { $unknown: 'var.ebs_default_encryption' } }, reason: 'unknown_value' }],
});
