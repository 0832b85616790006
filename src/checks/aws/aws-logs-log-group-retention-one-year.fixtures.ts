import { defineFixtures } from '../types.js';

export default defineFixtures('aws.logs.log-group', {
  pass: [{ retentionDays: 365, kmsKeyId: null }, { retentionDays: 400, kmsKeyId: null }, { retentionDays: null, kmsKeyId: null }],
  fail: [
    { attributes: { retentionDays: 90, kmsKeyId: null }, reason: 'retention_under_one_year' },
    { attributes: { retentionDays: 1, kmsKeyId: null }, reason: 'retention_under_one_year' },
  ],
  notApplicable: [],
  unknown: [{ attributes: { retentionDays: { $unknown: 'var.log_retention_days' }, kmsKeyId: null }, reason: 'unknown_value' }],
});
