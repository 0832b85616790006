import { defineFixtures } from '../types.js';

export default defineFixtures('aws.sns.topic', {
  pass: [{ kmsKeyId: 'alias/aws/sns' }, { kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/sns' }],
  fail: [
    { attributes: { kmsKeyId: null }, reason: 'not_encrypted' },
    { attributes: { kmsKeyId: '' }, reason: 'not_encrypted' },
  ],
  notApplicable: [],
  unknown: [{ attributes: { kmsKeyId: { $unknown: 'var.sns_kms_key' } }, reason: 'unknown_value' }],
});
