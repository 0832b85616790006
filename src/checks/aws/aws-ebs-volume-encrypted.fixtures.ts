import { defineFixtures } from '../types.js';

export default defineFixtures('aws.ebs.volume', {
  pass: [{ encrypted: true, kmsKeyId: null }, { encrypted: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/ebs' }],
  fail: [{ attributes: { encrypted: false, kmsKeyId: null }, reason: 'not_encrypted' }],
  notApplicable: [],
  unknown: [{ attributes: { encrypted: { $unknown: 'var.encrypt_volumes' }, kmsKeyId: null }, reason: 'unknown_value' }],
});
