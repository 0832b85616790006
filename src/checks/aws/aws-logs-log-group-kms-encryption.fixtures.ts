import { defineFixtures } from '../types.js';

export default defineFixtures('aws.logs.log-group', {
  pass: [{ retentionDays: 400, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/logs' }],
  fail: [{ attributes: { retentionDays: 400, kmsKeyId: null }, reason: 'no_kms_key' }],
  notApplicable: [],
  unknown: [{ attributes: { retentionDays: 400, kmsKeyId: { $unknown: 'var.logs_kms_key_arn' } }, reason: 'unknown_value' }],
});
