import type { DynamoDbTable } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const table = (over: Partial<DynamoDbTable> = {}): DynamoDbTable => ({
  pointInTimeRecovery: true, kmsEncryption: true, kmsKeyId: null, deletionProtection: true, ...over,
});

export default defineFixtures('aws.dynamodb.table', {
  pass: [table()],
  fail: [{ attributes: table({ pointInTimeRecovery: false }), reason: 'pitr_disabled' }],
  notApplicable: [],
  unknown: [{ attributes: table({ pointInTimeRecovery: { $unknown: 'var.enable_pitr' } }), reason: 'unknown_value' }],
});
