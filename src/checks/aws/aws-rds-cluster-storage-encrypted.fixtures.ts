import type { RdsCluster } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const cluster = (over: Partial<RdsCluster> = {}): RdsCluster => ({
  engine: 'aurora-postgresql', storageEncrypted: true, kmsKeyId: null, backupRetentionDays: 14, deletionProtection: true, availabilityZones: 3, ...over,
});

export default defineFixtures('aws.rds.cluster', {
  pass: [cluster()],
  fail: [{ attributes: cluster({ storageEncrypted: false }), reason: 'storage_not_encrypted' }],
  notApplicable: [],
  unknown: [{ attributes: cluster({ storageEncrypted: { $unknown: 'var.storage_encrypted' } }), reason: 'unknown_value' }],
});
