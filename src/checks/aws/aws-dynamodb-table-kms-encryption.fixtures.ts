import type { DynamoDbTable } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const table = (over: Partial<DynamoDbTable> = {}): DynamoDbTable => ({
  pointInTimeRecovery: true, kmsEncryption: true, kmsKeyId: null, deletionProtection: true, ...over,
});

export default defineFixtures('aws.dynamodb.table', {
  // AWS managed key (no key named) and a customer managed key both pass.
  pass: [table(), table({ kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/orders' })],
  fail: [{ attributes: table({ kmsEncryption: false }), reason: 'aws_owned_key' }],
  notApplicable: [],
  unknown: [{ attributes: table({ kmsEncryption: { $unknown: 'var.sse_enabled' } }), reason: 'unknown_value' }],
});
