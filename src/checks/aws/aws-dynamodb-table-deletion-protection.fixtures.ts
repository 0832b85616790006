import type { DynamoDbTable } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const table = (over: Partial<DynamoDbTable> = {}): DynamoDbTable => ({
  pointInTimeRecovery: true, kmsEncryption: true, kmsKeyId: null, deletionProtection: true, ...over,
});

export default defineFixtures('aws.dynamodb.table', {
  pass: [table()],
  fail: [{ attributes: table({ deletionProtection: false }), reason: 'deletion_protection_disabled' }],
  notApplicable: [],
  unknown: [{ attributes: table({ deletionProtection: { $unknown: 'var.deletion_protection' } }), reason: 'unknown_value' }],
});
