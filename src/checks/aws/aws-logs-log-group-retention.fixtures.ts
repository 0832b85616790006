import { defineFixtures } from '../types.js';

export default defineFixtures('aws.logs.log-group', {
  pass: [{ retentionDays: 30, kmsKeyId: null }, { retentionDays: 3653, kmsKeyId: null }],
  fail: [
    { attributes: { retentionDays: null, kmsKeyId: null }, reason: 'never_expires' },
    { attributes: { retentionDays: 0, kmsKeyId: null }, reason: 'never_expires' },
  ],
  notApplicable: [],
  unknown: [{ attributes: { retentionDays: { $unknown: 'var.log_retention_days' }, kmsKeyId: null }, reason: 'unknown_value' }],
});
