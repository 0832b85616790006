import { defineFixtures } from '../types.js';

export default defineFixtures('aws.sqs.queue', {
  pass: [
    { kmsKeyId: null, sqsManagedSse: true },
    { kmsKeyId: 'alias/aws/sqs', sqsManagedSse: false },
    { kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/sqs', sqsManagedSse: { $unknown: 'var.sse' } },
  ],
  fail: [
    { attributes: { kmsKeyId: null, sqsManagedSse: false }, reason: 'not_encrypted' },
    { attributes: { kmsKeyId: '', sqsManagedSse: false }, reason: 'not_encrypted' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: { kmsKeyId: { $unknown: 'var.queue_kms_key' }, sqsManagedSse: false }, reason: 'unknown_value' },
    { attributes: { kmsKeyId: null, sqsManagedSse: { $unknown: 'var.sse' } }, reason: 'unknown_value' },
  ],
});
