import { defineFixtures } from '../types.js';

export default defineFixtures('aws.ecr.repository', {
  pass: [{ scanOnPush: true, imageTagMutability: 'IMMUTABLE', kmsEncryption: true }, { scanOnPush: true, imageTagMutability: 'MUTABLE', kmsEncryption: false }],
  fail: [{ attributes: { scanOnPush: false, imageTagMutability: 'IMMUTABLE', kmsEncryption: true }, reason: 'scan_on_push_disabled' }],
  notApplicable: [],
  unknown: [{ attributes: { scanOnPush: { $unknown: 'var.scan_on_push' }, imageTagMutability: 'IMMUTABLE', kmsEncryption: true }, reason: 'unknown_value' }],
});
